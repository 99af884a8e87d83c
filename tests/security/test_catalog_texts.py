"""A store's own catalog (``locales:`` in mkdocs.yml) is text: on every page it shows as written,
runs nothing, and no brace in it breaks the build."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kbgen.build import build_site
from kbgen.scaffold import create_help_center
from tests.conftest import write_files

WAS_HELPFUL = "<b onmouseover=window.__pwn=1>Helpful</b>? \"yes\" & 'no'"
CATALOG = {
    "texts/en.yml": r"""
        texts:
          was_helpful: "<b onmouseover=window.__pwn=1>Helpful</b>? \"yes\" & 'no'"
          still_need_help: "</script><script>window.__pwn=2</script>"
          related_articles: "<img src=x onerror=window.__pwn=3>"
          browse_by_topic: "{{ 7*7 }} <svg onload=window.__pwn=4>"
          expand_all: "<img src=x onerror=window.__pwn=5>"
          questions_answered: "{n}{n} {n:>9999} {n.real} asked"
          back_to_store: "Back to {store} {"
          search_placeholder: "\"><img src=x onerror=window.__pwn=6>"
        widget:
          help: "</script><img src=x onerror=window.__pwn=7>"
    """,
    # an FAQ without a description: its card says how many questions it answers
    "articles/orders/sizes.faq.yml": """
        title: Sizes
        questions:
          - question: Which size fits me?
            answer: Your usual size.
          - question: Can I exchange a size?
            answer: Yes, within 30 days.
    """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("catalog") / "help"
    create_help_center(str(root), store_name="Test Store")
    write_files(root, CATALOG)
    config = root / "mkdocs.yml"
    settings = "  - kbgen:\n      locales: texts\n      store_url: https://shop.example.com/\n"
    config.write_text(config.read_text().replace("  - kbgen:\n", settings, 1))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        build_site("mkdocs.yml", None, echo=lambda line: None)
    finally:
        os.chdir(cwd)
    return root / "site"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: Path) -> Tags:
    tags = Tags()
    tags.feed(page.read_text(encoding="utf-8"))
    return tags


def test_no_page_gets_an_element_or_handler_from_a_catalog_text(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        tags = parse(page).tags
        assert [(tag, name) for tag, attrs in tags for name in attrs if name.startswith("on")] == [], page
        assert [tag for tag, _ in tags if tag == "b" or (tag == "img" and _.get("src") == "x")] == [], page
        code = re.findall(r"<script(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>", page.read_text(), re.S)
        assert "window.__pwn" not in "".join(code), page


def test_catalog_texts_show_as_written_in_elements_and_attributes(site):
    article = parse(site / "orders/track-your-order/index.html")
    shown = "".join(article.text)
    assert WAS_HELPFUL in shown
    assert "</script><script>window.__pwn=2</script>" in shown
    assert "<img src=x onerror=window.__pwn=3>" in shown
    home = parse(site / "index.html")
    assert "{{ 7*7 }} <svg onload=window.__pwn=4>" in "".join(home.text)
    placeholders = {a.get("placeholder") for tag, a in home.tags if tag == "input" and a.get("placeholder")}
    assert placeholders == {"\"><img src=x onerror=window.__pwn=6>"}
    faq = parse(site / "orders/sizes/index.html")
    assert "<img src=x onerror=window.__pwn=5>" in "".join(faq.text)


def test_a_stray_brace_or_format_spec_in_a_catalog_text_shows_as_written(site):
    category = "".join(parse(site / "orders/index.html").text)
    assert "22 {n:>9999} {n.real} asked" in category
    assert " " * 100 not in category
    header = "".join(parse(site / "index.html").text)
    assert "Back to Test Store {" in header


def test_widget_json_carries_the_catalog_texts_as_plain_text(site):
    widget = json.loads((site / "widget.json").read_text(encoding="utf-8"))
    assert widget["texts"]["was_helpful"] == WAS_HELPFUL
    assert widget["texts"]["help"] == "</script><img src=x onerror=window.__pwn=7>"
