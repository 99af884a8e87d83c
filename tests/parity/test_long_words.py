"""A word longer than any language's (a pasted blob, a hash, 100,000 combining marks) is indexed as
written, unstemmed, in both runtimes alike, and costs the build no more than its length."""

from __future__ import annotations

import time

import pytest

from kbgen.index.analysis import STEM_MAX_CHARS, analyze

from .test_analysis_parity import node_tokens, python_tokens

LONG = {
    "limit": "a" * STEM_MAX_CHARS + "s",
    "just under": "running" * (STEM_MAX_CHARS // 7),
    "astral": "\U0001d400" * (STEM_MAX_CHARS - 1) + "s",  # 2 UTF-16 units each in the browser
    "marks": "e" + "\u0301" * 100_000 + "s",
    "blob": "x" * 200_000,
}


@pytest.mark.parametrize("lang", ["en", "ar", "de", "tl", "th"])
def test_long_words_give_identical_tokens_in_both_runtimes(lang):
    texts = list(LONG.values())
    assert node_tokens(texts, lang) == python_tokens(texts, lang)


def test_a_word_longer_than_the_limit_is_not_stemmed():
    [token] = analyze("a" * STEM_MAX_CHARS + "s", "en")
    assert token.term == token.surface == "a" * STEM_MAX_CHARS + "s"
    [short] = analyze("a" * (STEM_MAX_CHARS - 1) + "s", "en")
    assert short.term == "a" * (STEM_MAX_CHARS - 1)


def test_a_200000_letter_word_is_analysed_in_well_under_a_second_per_language():
    started = time.perf_counter()
    for lang in ("ar", "de", "el", "en"):
        [token] = analyze("q" * 200_000, lang)
        assert token.term == "q" * 200_000
    assert time.perf_counter() - started < 4  # Arabic alone took 13 s before
