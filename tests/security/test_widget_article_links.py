"""An article read in the help widget sits in the store's page (another origin): no link in it, in
HTML or SVG, with ``href`` or ``xlink:href``, can run a script there."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from kbgen.scaffold import create_help_center
from tests.browser.conftest import CHROMIUM_ARGS, CorsHandler, build_project, serve_folder
from tests.conftest import write_files

pytestmark = pytest.mark.browser

HOSTILE_ARTICLE = """
    ---
    title: Labels
    ---

    Print the label.

    <svg width="240" height="30" id="xlink"><a xlink:href="javascript:void(window.__pwned='xlink')">
    <text x="5" y="20">SVG xlink link</text></a></svg>

    <svg width="240" height="30" id="svg-href"><a href="javascript:void(window.__pwned='svg')">
    <text x="5" y="20">SVG href link</text></a></svg>

    <a id="cover" href="../returns/" style="position:fixed;inset:0;z-index:2147483647;background:red">Cover</a>

    <p><a id="html" href=" JavaScript:void(window.__pwned='html')">HTML link</a>
    <a id="fine" href="../returns/">fine link</a></p>
"""
BROKEN_ARTICLE = """
    ---
    title: Broken
    ---

    <p id="words">The words stay.</p> <p><a id="broken" href="http://[">broken link</a> <img id="img" src="http://["></p>
"""
STORE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title>
<link rel="icon" href="data:,"></head><body><h1>Checkout</h1>
<script src="{help}widget.js" async></script></body></html>"""


@pytest.fixture(scope="module")
def opened(tmp_path_factory) -> Iterator:
    """The store page with the hostile article open in the widget's panel."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    project = tmp_path_factory.mktemp("widget-links") / "help"
    create_help_center(str(project), store_name="Test Store")
    write_files(project, {"articles/orders/labels.md": HOSTILE_ARTICLE, "articles/orders/broken.md": BROKEN_ARTICLE})
    build_project(project, project / "site")
    store = tmp_path_factory.mktemp("store")
    with serve_folder(project / "site", CorsHandler) as help_url, serve_folder(store) as store_url:
        (store / "index.html").write_text(STORE_PAGE.format(help=help_url), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(store_url)
            page.wait_for_function("window.kbgen && window.kbgen.widget")
            page.evaluate("kbgen.widget.ready")
            page.evaluate(f"kbgen.widget.article('{help_url}orders/labels/')")
            page.locator("kbgen-widget #xlink").wait_for()
            yield page, help_url
            browser.close()


def attribute(page, selector: str, name: str, namespace: str | None = None) -> str | None:
    return page.evaluate(
        """([selector, name, ns]) => {
            const el = document.querySelector('kbgen-widget').shadowRoot.querySelector(selector);
            return ns ? el.getAttributeNS(ns, name) : el.getAttribute(name);
        }""",
        [selector, name, namespace],
    )


@pytest.mark.parametrize("selector", ["#xlink text", "#svg-href text", "#html"], ids=["xlink", "svg", "html"])
def test_a_script_link_in_a_widget_article_runs_nothing_on_the_store_page(opened, selector):
    page, _ = opened
    target = page.locator(f"kbgen-widget {selector}")
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.click(box["x"] + 3, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("location.pathname") == "/"


def test_the_script_links_lose_their_address_and_the_rest_of_the_article_shows(opened):
    page, help_url = opened
    assert attribute(page, "#xlink a", "href", "http://www.w3.org/1999/xlink") is None
    assert attribute(page, "#svg-href a", "href") is None
    assert attribute(page, "#html", "href") is None
    assert attribute(page, "#fine", "href") == f"{help_url}orders/returns/"
    assert attribute(page, "#fine", "target") == "_blank"


def test_an_address_that_is_not_a_url_loses_it_and_the_article_still_shows(opened):
    page, help_url = opened
    page.evaluate(f"kbgen.widget.article('{help_url}orders/broken/')")
    page.locator("kbgen-widget #words").wait_for(timeout=5000)
    assert attribute(page, "#broken", "href") is None
    assert attribute(page, "#img", "src") is None


def test_an_article_cannot_cover_the_store_page(opened):
    """A link styled position: fixed over everything stays inside the article's box (CSS containment),
    so the store's own page is still what a shopper clicks outside the panel."""
    page, help_url = opened
    page.evaluate(f"kbgen.widget.article('{help_url}orders/labels/')")
    page.locator("kbgen-widget #cover").wait_for()
    cover = page.locator("kbgen-widget #cover").bounding_box()
    panel = page.locator("kbgen-widget .kbw-article").bounding_box()
    viewport = page.viewport_size
    assert cover["width"] <= panel["width"] + 1 and cover["height"] <= panel["height"] + 1
    assert cover["width"] < viewport["width"] / 2
    top = page.evaluate("() => document.elementFromPoint(5, 5).tagName")
    assert top != "KBGEN-WIDGET"  # the store's page, not the widget, at its top-left corner
