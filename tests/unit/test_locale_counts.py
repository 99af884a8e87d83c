"""Counted texts in the shipped catalogs read right for every number.

A catalog has only ``*_one`` (used for 1) and ``*_many`` (every other number) forms, and some counted
texts (``results_for``, ``questions_answered``) have a single form used for 1 too. Where a language
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

# The reviewed languages; English and en-gb are left out: English's "{n} results for" reads
# wrong for one result, which needs a search-page change rather than a text.
REVIEWED = ["fr", "de", "es", "it", "pt", "pt-br", "es-419", "nl", "sv", "nb", "fi", "pl", "cs", "ro",
            "hu", "el", "tr", "id", "ru", "uk", "ar", "he", "ja", "th", "zh-tw"]


@pytest.mark.parametrize("code", SEVERAL_PLURAL_FORMS)
@pytest.mark.parametrize("key", COUNTED_FOR_ANY_NUMBER)
def test_languages_with_several_plural_forms_never_put_a_noun_after_the_number(code, key):
    text = Locales().language(code).texts[key]
    assert "{n}" in text
    assert not text.startswith("{n}"), f"{code}.{key}: {text!r} is a numeral and a noun; write it 'Label: {{n}}'"


@pytest.mark.parametrize("code", REVIEWED)
def test_the_results_summary_is_not_the_plural_count_a_single_result_would_get_wrong(code):
    texts = Locales().language(code).texts
    if texts["result_one"] == texts["result_many"]:
        return  # the noun does not change with the number (Swedish, Hungarian, Japanese...)
    plural = texts["result_many"]
    assert not (plural.startswith("{n}") and texts["results_for"].startswith(plural)), (
        f"{code}: results_for {texts['results_for']!r} says {plural!r} for one result too")


@pytest.mark.parametrize("code", ["ar", "he"])
def test_arabic_and_hebrew_are_written_right_to_left(code):
    assert Locales().language(code).direction == "rtl"
