"""Every kind of page, and the search and feedback states a shopper opens, checked with axe-core
against WCAG 2.1 A and AA (axe-core is pinned in search/package-lock.json and injected from there)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "search/node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

ARTICLE = "orders-and-tracking/track-your-order/"


@pytest.fixture
def audit(page):
    if not AXE.is_file():
        message = "axe-core is not installed (cd search && npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def run(scope: str = "document") -> list[str]:
        page.add_script_tag(path=str(AXE))
        return page.evaluate(
            """async ([scope, tags]) => {
                const context = scope === "document" ? document : document.querySelector(scope);
                const result = await axe.run(context, {runOnly: {type: "tag", values: tags}});
                const where = (v) => v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ");
                return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}; ${where(v)}`);
            }""",
            [scope, TAGS],
        )

    return run


@pytest.mark.parametrize(
    "path",
    [
        "",
        "orders-and-tracking/",
        ARTICLE,
        "shipping-and-delivery/shipping-questions/",
        "contact/",
        "search/?q=refund",
        "search/?q=klarna",
        "no/such/page/",
        "da/",
        "ko/returns-and-refunds/refund-timing/",
    ],
)
def test_page_has_no_wcag_violations(page, site_url, audit, path):
    page.goto(site_url + path)
    if path.startswith("search/"):
        page.locator("[data-kbgen-summary]").filter(has_text="“").wait_for()
    assert audit() == []


def type_in_header_box(page, site_url, query):
    page.goto(site_url + ARTICLE)
    box = page.locator("#kbgen-header-q")
    box.click()
    box.press_sequentially(query, delay=30)
    return box


def test_open_search_dropdown_has_no_wcag_violations(page, site_url, audit):
    box = type_in_header_box(page, site_url, "refund")
    page.locator("#kbgen-header-q-listbox [role=option]").first.wait_for()
    box.press("ArrowDown")
    assert audit() == []


def test_search_dropdown_with_no_answers_has_no_wcag_violations(page, site_url, audit):
    type_in_header_box(page, site_url, "klarna")
    page.locator("[data-kbgen-status]").filter(has_text="klarna").first.wait_for()
    assert audit() == []


def test_feedback_form_opened_has_no_wcag_violations(page, site_url, audit):
    page.goto(site_url + ARTICLE)
    page.locator(".kbgen-feedback").get_by_role("button", name="No").click()
    assert audit(".kbgen-feedback") == []


def test_phone_width_has_no_wcag_violations(page, site_url, audit):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + ARTICLE)
    assert audit() == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "path",
    ["", "orders-and-tracking/", ARTICLE, "shipping-and-delivery/shipping-questions/",
     "shipping-and-delivery/shipping-questions/#which-carriers-do-you-use", "search/?q=refund"],
    ids=["home", "category", "article", "faq", "faq-deep-link", "search"],
)
def test_page_at_phone_and_desktop_width_has_no_wcag_violations(page, site_url, audit, path, width):
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.goto(site_url + path)
    if path.startswith("search/"):
        page.locator("[data-kbgen-summary]").filter(has_text="“").wait_for()
    if "#" in path:
        page.wait_for_function("document.querySelector('details[open]')")
    assert audit() == []


def test_faq_answer_with_its_no_form_open_has_no_wcag_violations(page, site_url, audit):
    page.goto(site_url + "shipping-and-delivery/shipping-questions/#which-carriers-do-you-use")
    page.locator("#which-carriers-do-you-use").get_by_role("button", name="No").click()
    assert audit() == []
