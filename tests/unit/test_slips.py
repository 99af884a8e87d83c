"""Typo tolerance in scripts written without vowels: only a plausible slip is one substitution."""

from __future__ import annotations

import pytest

from kbgen.index.analysis import slips
from kbgen.index.query import edit_distance


@pytest.mark.parametrize(
    ("lang", "pair", "paired"),
    [
        ("ar", "نم", True),  # side by side on the Arabic keyboard (K, L)
        ("ar", "ضش", True),  # touching across rows (Q, A)
        ("ar", "نو", True),  # home row to the row below (K, comma)
        ("ar", "شي", True),  # A and Z, whose ئ search folds to ي
        ("ar", "سص", True),  # alike in sound
        ("ar", "عغ", True),  # one shape, other dots, and side by side
        ("ar", "هة", True),
        ("ar", "بص", False),  # F and W: neither near nor alike
        ("ar", "ضظ", True),
        ("ar", "بك", False),
        ("he", "קכ", True),  # alike in sound, apart on the keyboard
        ("he", "טת", True),
        ("he", "כך", True),  # a letter and its final form
        ("he", "בה", True),  # C, V
        ("he", "קפ", False),
    ],
)
def test_slips_pair_neighbouring_keys_and_letters_alike_both_ways(lang, pair, paired):
    assert (pair in slips(lang)) is paired
    assert (pair[::-1] in slips(lang)) is paired


def test_a_language_without_a_slips_file_pairs_nothing():
    assert slips("en") == frozenset()
    assert slips("xx") == frozenset()


def test_slips_hold_single_letters_as_search_folds_them():
    for lang in ("ar", "he"):
        pairs = slips(lang)
        assert pairs and all(len(pair) == 2 and pair[0] != pair[1] for pair in pairs)
    assert not any("أ" in pair or "إ" in pair for pair in slips("ar"))  # folded to ا before searching


@pytest.mark.parametrize(
    ("lang", "typed", "word", "distance"),
    [
        ("ar", "بايبال", "بايصال", 2),  # PayPal is not a slip of "with the receipt"
        ("ar", "الشحم", "الشحن", 1),  # the next key
        ("ar", "المبلع", "المبلغ", 1),
        ("ar", "الشحنه", "الشحنة", 1),
        ("ar", "ارجاع", "الارجاع", 2),  # two letters more: insertions stay one edit each
        ("ar", "الشنحة", "الشحنة", 1),  # a swap of neighbours stays one edit
        ("he", "זיקוי", "זיכוי", 1),
        ("he", "ביתול", "ביטול", 1),
        ("he", "חנם", "חינם", 1),
        ("he", "משלוק", "משלוח", 2),
    ],
)
def test_an_implausible_substitution_counts_two_edits(lang, typed, word, distance):
    assert edit_distance(typed, word, 2, slips(lang)) == distance
    assert edit_distance(typed, word, 1, slips(lang)) == min(distance, 2)


def test_without_slips_every_substitution_is_one_edit():
    assert edit_distance("بايبال", "بايصال", 2) == 1
    assert edit_distance("refumd", "refund", 2, slips("en")) == 1
