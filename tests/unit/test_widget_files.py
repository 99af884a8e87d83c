"""The widget's texts in every shipped language and the _headers file kbgen writes for it."""

from __future__ import annotations

import pytest

from kbgen.locales import Locales, shipped_catalogs
from kbgen.site.widget import headers_file, write_headers

ENGLISH = shipped_catalogs()["en"].section("widget")


@pytest.mark.parametrize("lang", sorted(code for code in shipped_catalogs() if "-" not in code))
def test_every_shipped_language_translates_every_widget_text(lang):
    own = shipped_catalogs()[lang].section("widget")
    assert set(own) == set(ENGLISH)
    assert all(text.strip() for text in own.values())
    if lang != "en":
        assert own["help"] != ENGLISH["help"]


def test_a_language_without_widget_texts_falls_back_to_english():
    assert Locales().language("xx").widget == ENGLISH


def test_headers_file_allows_any_origin_under_the_site_path():
    assert headers_file("/help/").splitlines()[1:3] == ["/help/*", "  Access-Control-Allow-Origin: *"]


def test_a_headers_file_the_docs_publish_is_kept(tmp_path):
    (tmp_path / "_headers").write_text("/*\n  X-Frame-Options: DENY\n", encoding="utf-8")
    write_headers(str(tmp_path), "/")
    assert (tmp_path / "_headers").read_text(encoding="utf-8") == "/*\n  X-Frame-Options: DENY\n"
