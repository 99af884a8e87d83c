"""A shopper's first visit: home, a category, an article, an FAQ answer, at phone and desktop width."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"


def test_home_page_has_search_topics_and_contact(page, site_url):
    page.goto(site_url)
    assert page.title() == "Larkspur Outdoor Help Center"
    assert page.locator(".kbgen-hero__title").inner_text() == "How can we help?"
    assert page.locator("#kbgen-hero-q[role=combobox]").is_visible()
    cards = page.locator("a.kbgen-card")
    assert cards.count() >= 7
    assert "Orders and tracking" in cards.first.inner_text()
    assert page.locator(".kbgen-list--featured li").count() == 6
    assert page.locator(".kbgen-contact a[href^='mailto:']").inner_text().endswith("help@larkspur.example")
    assert page.problems == []


def test_category_card_leads_to_article(page, site_url):
    page.goto(site_url)
    page.locator("a.kbgen-card", has_text="Orders and tracking").click()
    page.wait_for_url("**/orders-and-tracking/")
    assert page.locator("h1").inner_text() == "Orders and tracking"
    page.locator(".kbgen-list__item a", has_text="Track your order").click()
    page.wait_for_url("**/orders-and-tracking/track-your-order/")
    crumbs = page.locator(".kbgen-breadcrumbs li").all_inner_texts()
    assert crumbs == ["Help center", "Orders and tracking"]
    assert page.locator("h1").inner_text() == "Track your order"
    assert page.locator(".kbgen-updated time").get_attribute("datetime")
    assert page.locator(".kbgen-related li").count() >= 1
    assert page.locator(".kbgen-contact").is_visible()
    assert page.problems == []


def test_faq_anchor_opens_on_its_question(page, site_url):
    page.goto(site_url + "shipping-and-delivery/shipping-questions/#do-you-ship-to-po-boxes")
    item = page.locator("details.kbgen-faq-item:target")
    assert item.count() == 1
    assert item.get_attribute("open") is not None
    assert item.locator("h2").inner_text().startswith("Do you ship to PO boxes?")
    box = item.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    assert page.problems == []


def test_unknown_address_shows_helpful_404(page, site_url):
    response = page.goto(site_url + "no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "We couldn't find that page"
    assert page.locator(".kbgen-list li").count() >= 1
    assert page.locator(".kbgen-contact").is_visible()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)], ids=["phone", "desktop"])
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", ""),
        ("category", "returns-and-refunds/"),
        ("article", "orders-and-tracking/track-your-order/"),
        ("faq", "shipping-and-delivery/shipping-questions/"),
        ("contact", "contact/"),
    ],
)
def test_pages_fit_the_screen_and_are_captured(browser, site_url, name, path, width, height):
    """No sideways scrolling on a phone; screenshots land in screenshots/ for review."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    context.close()
