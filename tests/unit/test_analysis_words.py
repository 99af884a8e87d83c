"""Splitting text into words by regular expression gives what the per-character loop it replaced gave.

The index files must stay byte-identical, so the reference here is the old loop, kept verbatim.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.index.analysis import APOSTROPHE, CJK_RANGES, WORD, is_cjk, words


def reference_is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in CJK_RANGES)


def reference_split_cjk(word: str) -> list[str]:
    if not any(reference_is_cjk(ch) for ch in word):
        return [word]
    parts: list[str] = []
    run = ""
    run_is_cjk = False
    for ch in word + " ":
        cjk = ch != " " and reference_is_cjk(ch)
        if run and (cjk != run_is_cjk or ch == " "):
            if run_is_cjk and len(run) > 1:
                parts.extend(run[i : i + 2] for i in range(len(run) - 1))
            else:
                parts.append(run)
            run = ""
        run += ch if ch != " " else ""
        run_is_cjk = cjk
    return parts


def reference_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = APOSTROPHE.sub("", text)
    return [part for word in WORD.findall(text) for part in reference_split_cjk(word)]


# Latin, Vietnamese, the edges of every CJK range, the katakana middle dot (a CJK code point that is
# not a word character), apostrophes, digits and spaces.
EDGES = [chr(code) for low, high in CJK_RANGES for code in (low - 1, low, high, high + 1)]
ALPHABET = st.sampled_from([*"abcXYZ019 '’-_.", "đ", "ổ", "ß", "ﬁ", "・", "退", "款", "환", "불", "の", *EDGES])


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_words_by_regex_equal_the_per_character_loop(text):
    assert words(text) == reference_words(text)


@given(st.characters())
def test_is_cjk_by_regex_equals_the_range_test(ch):
    assert is_cjk(ch) == reference_is_cjk(ch)


def test_mixed_latin_and_cjk_word_splits_into_latin_part_and_pairs():
    expected = ["iphone", "退款", "款政", "政策", "cj", "대한", "한통", "통운", "退"]
    assert words("iPhone退款政策 CJ대한통운 ・退") == expected
