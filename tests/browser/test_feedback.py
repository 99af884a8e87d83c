"""'Was this helpful?' on articles and FAQ answers, as a shopper clicks through it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
ARTICLE = "orders-and-tracking/track-your-order/"
FAQ = "shipping-and-delivery/shipping-questions/"


@pytest.fixture
def feedback_page(page):
    page.add_init_script(
        "window.__feedback = []; document.addEventListener('kbgen:feedback', e => window.__feedback.push(e.detail));"
    )
    return page


def test_no_asks_why_then_offers_a_person(feedback_page, site_url):
    page = feedback_page
    page.goto(site_url + ARTICLE)
    widget = page.locator(".kbgen-feedback")
    assert widget.count() == 1
    assert widget.get_by_role("group", name="What went wrong? (optional)").is_hidden()
    widget.get_by_role("button", name="No").click()
    assert widget.get_by_role("button", name="No").get_attribute("aria-pressed") == "true"
    assert widget.locator(".kbgen-feedback__contact").is_visible()
    widget.get_by_label("It's out of date").check()
    widget.get_by_label("Anything else we should know? (optional)").fill("x" * 600)
    widget.get_by_role("button", name="Send feedback").click()
    [event] = page.evaluate("window.__feedback")
    assert event["type"] == "feedback" and event["helpful"] is False
    assert event["page"] == "/" + ARTICLE and event["anchor"] == ""
    assert event["reason"] == "outdated" and len(event["comment"]) == 500
    assert "Thanks for telling us" in widget.locator("[role=status]").inner_text()
    assert page.problems == []


def test_vote_is_remembered_and_can_be_changed(feedback_page, site_url):
    page = feedback_page
    page.goto(site_url + ARTICLE)
    page.locator(".kbgen-feedback").get_by_role("button", name="Yes").click()
    page.reload()
    widget = page.locator(".kbgen-feedback")
    assert widget.get_by_role("button", name="Yes").get_attribute("aria-pressed") == "true"
    assert "Glad it helped" in widget.locator("[role=status]").inner_text()
    widget.get_by_role("button", name="Change your answer").click()
    assert widget.get_by_role("button", name="Yes").get_attribute("aria-pressed") == "false"
    assert page.evaluate("window.__feedback") == []  # a reload sends nothing again


def test_every_faq_answer_has_its_own_widget(feedback_page, site_url):
    page = feedback_page
    page.goto(site_url + FAQ)
    items = page.locator("details.kbgen-faq-item")
    assert page.locator("details.kbgen-faq-item .kbgen-feedback").count() == items.count() >= 10
    second = items.nth(1)
    anchor = second.get_attribute("id")
    second.locator("summary").click()
    second.get_by_role("button", name="Yes").click()
    [event] = page.evaluate("window.__feedback")
    assert (event["anchor"], event["helpful"], event["page"]) == (anchor, True, "/" + FAQ)


def test_keyboard_only_vote(feedback_page, site_url):
    page = feedback_page
    page.goto(site_url + ARTICLE)
    page.locator(".kbgen-feedback").get_by_role("button", name="No").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.type") == "radio"
    page.keyboard.press("ArrowDown")  # radios move with arrows
    page.locator(".kbgen-feedback__send").focus()
    page.keyboard.press("Enter")
    [event] = page.evaluate("window.__feedback")
    assert event["helpful"] is False and event["reason"] == "didnt-answer"
