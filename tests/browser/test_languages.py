"""The demo store in six languages: search in each, the switcher, and each sub-site's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from tests.browser.conftest import is_hit

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
LANGS = ["da", "zh", "ko", "vi", "tl"]


def suite(lang: str) -> list[dict]:
    return yaml.safe_load((ROOT / f"tests/search/relevance_{lang}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def answers(browser, site_url):
    """Every language's suite through window.kbgen.query on that language's own home page."""
    out = {}
    page = browser.new_page()
    for lang in LANGS:
        page.goto(f"{site_url}{lang}/")
        queries = [case["query"] for case in suite(lang)]
        results = page.evaluate(
            """async (qs) => {
                const out = [];
                for (const q of qs) out.push(await window.kbgen.query(q, {limit: 5}));
                return out;
            }""",
            queries,
        )
        out[lang] = dict(zip(queries, results, strict=True))
    page.close()
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_finds_its_answers(answers, lang):
    cases = suite(lang)
    answerable = [c for c in cases if c["expect"] != "none"]
    assert len(answerable) >= 20
    misses = []
    for case in answerable:
        expected = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
        urls = [r["url"] for r in answers[lang][case["query"]]["results"][:3]]
        if not any(is_hit(u, e) for u in urls for e in expected):
            misses.append(f"{case['query']!r} -> {urls}")
    share = 1 - len(misses) / len(answerable)
    print(f"{lang}: top-3 {share:.1%}; misses: {misses}")
    assert share >= 0.90, misses
    for case in cases:
        if case["expect"] == "none":
            assert answers[lang][case["query"]]["results"] == [], case["query"]


@pytest.mark.parametrize("lang", LANGS)
def test_cli_ranks_each_language_like_the_browser(answers, demo_site, lang):
    runner = CliRunner()
    for case in suite(lang):
        args = ["search", case["query"], "--lang", lang, "--json", "--limit", "5", "--site-dir", str(demo_site)]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        cli = json.loads(result.output)
        browser = answers[lang][case["query"]]
        assert [(r["url"], r["score"], r["snippet"]) for r in cli["results"]] == [
            (r["url"], r["score"], r["snippet"]) for r in browser["results"]
        ], case["query"]


def test_korean_shopper_finds_refunds_and_switches_to_danish(page, site_url):
    page.goto(site_url + "ko/")
    assert page.locator("html").get_attribute("lang") == "ko"
    box = page.locator("#kbgen-hero-q")
    box.press_sequentially("환불", delay=50)
    first = page.locator("#kbgen-hero-q-listbox [role=option]").first
    first.wait_for()
    assert first.get_attribute("href").startswith("/ko/returns-and-refunds/refund-timing/")
    first.click()
    page.wait_for_url("**/ko/returns-and-refunds/refund-timing/**")
    page.locator(".kbgen-languages summary").click()
    page.locator(".kbgen-languages a[hreflang=da]").click()
    page.wait_for_url("**/da/returns-and-refunds/refund-timing/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator(".kbgen-breadcrumbs li").first.inner_text() == "Hjælpecenter"
    assert page.problems == []


def test_untranslated_article_switches_to_that_languages_home(page, site_url):
    page.goto(site_url + "warranty-and-repairs/trail-repairs/")
    page.locator(".kbgen-languages summary").click()
    href = page.locator(".kbgen-languages a[hreflang=vi]").evaluate("a => a.href")
    assert href == site_url + "vi/"


@pytest.mark.parametrize(
    ("lang", "tagline", "skip_link"),
    [("da", "Hvordan kan vi hjælpe?", "Gå til indholdet"), ("zh", "有什么可以帮您？", "跳转至"),
     ("vi", "Chúng tôi có thể giúp gì cho bạn?", None)],
)
def test_each_sub_site_speaks_its_language(page, site_url, lang, tagline, skip_link):
    page.goto(f"{site_url}{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(".kbgen-hero__title").inner_text() == tagline
    if skip_link:  # Material's own strings, on a page with a table of contents
        page.goto(f"{site_url}{lang}/returns-and-refunds/start-a-return/")
        assert page.locator("a.md-skip").inner_text().strip() == skip_link
        page.go_back()
    # The sidebar holds only this language's pages.
    nav_links = page.locator(".md-nav--primary a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not any("../" + other + "/" in (h or "") for h in nav_links for other in LANGS if other != lang)
    assert page.problems == []
