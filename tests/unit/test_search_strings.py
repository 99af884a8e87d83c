"""The texts of the missing-word notice and "Show more" are written in every language kbgen ships."""

from __future__ import annotations

import re

import pytest

from kbgen.site.strings import EN, STRINGS

KEYS = {"missing_words": {"{words}"}, "rest_of_query": set(), "missing_ask": set(), "show_more": set(),
        "showing": {"{shown}", "{n}"}}


@pytest.mark.parametrize("lang", ["da", "zh", "ko", "vi", "tl"])
@pytest.mark.parametrize("key", sorted(KEYS))
def test_search_notice_text_is_translated_with_its_placeholders(lang, key):
    text = STRINGS[lang][key]
    assert text != EN[key], f"{lang} {key} is still English"
    assert set(re.findall(r"\{\w+\}", text)) == KEYS[key]


@pytest.mark.parametrize("key", sorted(KEYS))
def test_search_notice_text_has_its_placeholders_in_english(key):
    assert set(re.findall(r"\{\w+\}", EN[key])) == KEYS[key]
