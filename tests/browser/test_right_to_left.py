"""An Arabic sub-site beside an English one: its pages read right to left (Material's RTL and
kbgen's own search dropdown, feedback widget, contact block, FAQ accordion), the English pages
stay left to right, and axe finds no WCAG 2.1 AA violation at phone or desktop width.
Screenshots land in screenshots/ (``make screenshots``) for review."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kbgen.locales import Locales
from kbgen.resources import skeleton_dir
from kbgen.scaffold import create_help_center

from .conftest import CorsHandler, build_project, serve_folder
from .test_accessibility import AXE, TAGS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
ARTICLE = "ar/orders-and-tracking/track-your-order/"
FAQ = "ar/returns-and-refunds/returns-questions/"


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory) -> Path:
    """A help center in English with an Arabic sub-site (kbgen's Arabic samples), built."""
    base = tmp_path_factory.mktemp("rtl")
    project = base / "help"
    create_help_center(str(project), store_name="Souq Test")
    shutil.copytree(skeleton_dir() / "samples/ar/articles", project / "articles/ar")
    config = project / "mkdocs.yml"
    arabic = Locales().language("ar").sample
    text = config.read_text().replace('      tagline: "How can we help?"\n', "")  # each language's own
    text = text.replace("languages: [en]", "languages: [en, ar]\n      translations:\n        warn_missing: false")
    for key in ("hours", "response_time"):
        english = Locales().language("en").sample[key]
        text = text.replace(f'{key}: "{english}"', f'{key}: {{en: "{english}", ar: "{arabic[key]}"}}')
    config.write_text(text)
    site = base / "site"
    build_project(project, site)
    return site


@pytest.fixture(scope="module")
def rtl_url(rtl_site):
    with serve_folder(rtl_site) as url:
        yield url


def audit(page) -> list[str]:
    if not AXE.is_file():
        message = "axe-core is not installed (cd search && npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            const where = (v) => v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ");
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}; ${where(v)}`);
        }""",
        TAGS,
    )


def open_page(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"pageerror: {exc}"))
    page.goto(url)
    return context, page


def direction(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).direction")


def test_the_arabic_sub_site_reads_right_to_left_and_the_english_one_left_to_right(browser, rtl_url):
    context, page = open_page(browser, rtl_url + ARTICLE, 1280)
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.body.dir") == "rtl"
    for selector in (".kbgen-feedback", ".kbgen-contact", "#kbgen-header-q", ".md-content"):
        assert direction(page, selector) == "rtl", selector
    page.goto(rtl_url)
    assert (page.evaluate("document.body.dir"), direction(page, ".md-content")) == ("ltr", "ltr")
    context.close()


def test_the_header_search_dropdown_opens_under_its_box_from_the_right(browser, rtl_url):
    context, page = open_page(browser, rtl_url + ARTICLE, 1280)
    box = page.locator("#kbgen-header-q")
    box.click()
    box.press_sequentially("طلب", delay=30)
    page.locator("#kbgen-header-q-listbox [role=option]").first.wait_for()
    form = page.locator(".kbgen-search--header").bounding_box()
    panel = page.locator(".kbgen-search--header .kbgen-search__panel").bounding_box()
    viewport = page.viewport_size["width"]
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= viewport  # on the screen
    assert abs(panel["x"] - form["x"]) < 2  # its start edge under the box's, which in RTL is the left
    option = page.locator("#kbgen-header-q-listbox [role=option]").first
    assert direction(page, "#kbgen-header-q-listbox") == "rtl"
    assert option.evaluate("el => getComputedStyle(el).textAlign") in ("start", "right")
    assert page.problems == []
    context.close()


def test_the_faq_accordion_puts_its_marker_on_the_left(browser, rtl_url):
    context, page = open_page(browser, rtl_url + FAQ, 1280)
    summary = page.locator("summary.kbgen-faq-item__summary").first
    box = summary.bounding_box()
    marker_left = summary.evaluate("el => parseFloat(getComputedStyle(el, '::after').left)")
    assert marker_left < box["width"] / 2
    padding = summary.evaluate("el => [getComputedStyle(el).paddingLeft, getComputedStyle(el).paddingRight]")
    assert float(padding[0].removesuffix("px")) > float(padding[1].removesuffix("px"))  # room for the marker
    context.close()


def test_the_feedback_buttons_start_on_the_right(browser, rtl_url):
    context, page = open_page(browser, rtl_url + ARTICLE, 1280)
    feedback = page.locator(".kbgen-feedback")
    yes, no = feedback.get_by_role("button", name="نعم"), feedback.get_by_role("button", name="لا")
    assert yes.bounding_box()["x"] > no.bounding_box()["x"]  # the first answer, yes, is read first: on the right
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("state", ["home", "article-feedback", "search-dropdown"])
def test_arabic_pages_fit_the_screen_have_no_wcag_violations_and_are_captured(browser, rtl_url, state, width):
    context, page = open_page(browser, rtl_url + ("ar/" if state == "home" else ARTICLE), width)
    if state == "article-feedback":
        page.locator(".kbgen-feedback").get_by_role("button", name="لا").click()
        page.locator(".kbgen-feedback textarea").first.wait_for()
    elif state == "search-dropdown":
        if width < 600:
            page.goto(rtl_url + "ar/search/?q=" + "طلب")
            page.locator("[data-kbgen-summary]").filter(has_text="«").wait_for()
        else:
            box = page.locator("#kbgen-header-q")
            box.click()
            box.press_sequentially("استرداد", delay=30)
            page.locator("#kbgen-header-q-listbox [role=option]").first.wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{state} scrolls sideways by {overflow}px at {width}px"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rtl-ar-{state}-{width}.png"), full_page=state != "search-dropdown")
    assert audit(page) == []
    assert page.problems == []
    context.close()


STORE_PAGE = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>متجر</title><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>خيمة</h1></main><script src="{help}widget.js" data-lang="ar" async></script></body></html>"""


@pytest.fixture(scope="module")
def arabic_store(tmp_path_factory, rtl_site):
    """An Arabic store page on another origin with the help widget (data-lang="ar"); the help center
    is served with the CORS header a static host sends."""
    folder = tmp_path_factory.mktemp("store")
    with serve_folder(rtl_site, CorsHandler) as help_url, serve_folder(folder) as url:
        (folder / "index.html").write_text(STORE_PAGE.format(help=help_url), encoding="utf-8")
        yield url


@pytest.mark.parametrize("width", [390, 1280])
def test_the_help_widget_in_arabic_reads_right_to_left_on_the_store_s_left(browser, arabic_store, width):
    context, page = open_page(browser, arabic_store, width)
    launcher = page.locator(".kbw-launcher")
    launcher.wait_for()
    assert launcher.bounding_box()["x"] < width / 2  # the end of an Arabic page is its left
    launcher.click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert page.locator(".kbw").first.get_attribute("dir") == "rtl"
    assert dialog.evaluate("el => getComputedStyle(el).direction") == "rtl"
    dialog.get_by_role("searchbox").fill("استرجاع")
    dialog.locator(".kbw-results a").first.wait_for()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rtl-ar-widget-{width}.png"))
    assert page.problems == []
    context.close()
