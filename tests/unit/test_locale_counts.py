"""Counted texts in the shipped catalogs read right for every number.

A catalog has only ``*_one`` (used for 1) and ``*_many`` (every other number) forms, and some counted
texts (``questions_answered``) have a single form used for 1 too; the search page's summary has
``result_for_one`` and ``results_for``. Where a language
inflects the noun after a number, those texts set the number apart ("Wyniki: {n}", "1 Treffer für")
instead of writing a numeral and a plural noun that is wrong for some n.
"""

from __future__ import annotations

import pytest

from kbgen.locales import Locales

# Polish, Czech, Russian, Ukrainian and Arabic choose among three to six forms by the number
# (2 artykuły, 5 artykułów); Romanian adds "de" from 20 up (20 de articole).
SEVERAL_PLURAL_FORMS = ["pl", "cs", "ru", "uk", "ar", "ro"]
COUNTED_FOR_ANY_NUMBER = ["article_many", "result_many", "results_for", "questions_answered"]

SHIPPED = Locales().codes()


@pytest.mark.parametrize("code", SHIPPED)
def test_the_results_summary_for_one_result_is_not_the_plural_count(code):
    texts = Locales().language(code).texts
    assert "{query}" in texts["result_for_one"] and "{query}" in texts["results_for"]
    if texts["result_one"] == texts["result_many"]:
        return  # the noun does not change with the number (Swedish, Hungarian, Japanese...)
    plural = texts["result_many"]
    assert not (plural.startswith("{n}") and texts["result_for_one"].startswith(plural)), (
        f"{code}: result_for_one {texts['result_for_one']!r} says {plural!r} for one result")


@pytest.mark.parametrize("code", ["ar", "he"])
def test_arabic_and_hebrew_are_written_right_to_left(code):
    assert Locales().language(code).direction == "rtl"
