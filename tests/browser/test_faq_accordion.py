"""FAQ pages as an accordion: closed questions, deep links and search results that open theirs,
"expand all", a one-line "Helpful? Yes No" per answer, one contact block after "No" (issue 14)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FAQ = "shipping-and-delivery/shipping-questions/"
ARTICLE = "orders-and-tracking/track-your-order/"
#: The demo FAQ page at 390 px before the accordion: every answer open, each with a full widget.
HEIGHT_BEFORE = 5544


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    yield page
    context.close()


def open_items(page) -> list[str]:
    return page.eval_on_selector_all("details.kbgen-faq-item[open]", "items => items.map(i => i.id)")


def test_faq_page_opens_with_every_answer_closed_and_a_third_of_its_old_height(phone, site_url):
    phone.goto(site_url + FAQ)
    phone.locator(".kbgen-feedback").first.wait_for(state="attached")
    assert phone.locator("details.kbgen-faq-item").count() == 12
    assert open_items(phone) == []
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height <= HEIGHT_BEFORE / 3, height
    assert phone.problems == []


def test_deep_link_opens_its_question_and_scrolls_to_it(phone, site_url):
    phone.goto(site_url + FAQ + "#can-you-ship-camping-stove-fuel")
    phone.wait_for_function("document.querySelector('details[open]')")
    assert open_items(phone) == ["can-you-ship-camping-stove-fuel"]
    summary = phone.locator("#can-you-ship-camping-stove-fuel summary").bounding_box()
    assert 0 <= summary["y"] < 200
    assert phone.locator("#can-you-ship-camping-stove-fuel .kbgen-faq-item__answer").is_visible()


def test_link_to_another_question_on_the_page_opens_it(phone, site_url):
    phone.goto(site_url + FAQ)
    phone.evaluate("location.hash = 'is-my-parcel-insured'")
    phone.wait_for_function("document.querySelector('#is-my-parcel-insured').open")
    assert open_items(phone) == ["is-my-parcel-insured"]


def test_search_result_for_a_question_opens_it(page, site_url):
    page.goto(site_url + "search/?q=po+box")
    link = page.locator(f'a.kbgen-result__link[href*="{FAQ}#do-you-ship-to-po-boxes"]').first
    link.click()
    page.wait_for_function("document.querySelector('#do-you-ship-to-po-boxes')?.open")
    assert open_items(page) == ["do-you-ship-to-po-boxes"]


def test_expand_all_opens_every_answer_then_collapses_them(phone, site_url):
    phone.goto(site_url + FAQ)
    toggle = phone.locator("[data-kbgen-expand]")
    phone.get_by_role("button", name="Expand all").click()
    assert len(open_items(phone)) == 12
    assert toggle.inner_text() == "Collapse all"
    toggle.click()
    assert open_items(phone) == []
    assert toggle.inner_text() == "Expand all"


def test_expand_all_is_translated(phone, site_url):
    phone.goto(site_url + "da/returns-and-refunds/returns-questions/")
    assert phone.locator("[data-kbgen-expand]").inner_text() == "Fold alle ud"
    assert phone.locator(".kbgen-feedback__question").first.text_content() == "Hjalp det?"


def test_answer_feedback_is_one_line_until_the_shopper_answers(phone, site_url):
    phone.goto(site_url + FAQ + "#which-carriers-do-you-use")
    widget = phone.locator("#which-carriers-do-you-use .kbgen-feedback")
    widget.wait_for()
    assert widget.locator(".kbgen-feedback__question").inner_text() == "Helpful?"
    ask = widget.locator(".kbgen-feedback__ask").bounding_box()
    assert ask["height"] < 40, ask  # one row: the question and both buttons
    widget.get_by_role("button", name="No").click()
    assert widget.locator("form").is_visible()


def visible_contact_blocks(page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll('.kbgen-feedback__contact, aside.kbgen-contact')]
                 .filter(el => el.checkVisibility()).length"""
    )


@pytest.mark.parametrize("path", [ARTICLE, FAQ + "#which-carriers-do-you-use"], ids=["article", "faq"])
def test_no_shows_one_contact_block(page, site_url, path):
    page.goto(site_url + path)
    widget = page.locator(".kbgen-feedback").filter(visible=True).first
    widget.wait_for()
    assert visible_contact_blocks(page) == 1  # the page's own
    widget.get_by_role("button", name="No").click()
    assert widget.locator(".kbgen-feedback__contact").is_visible()
    assert visible_contact_blocks(page) == 1
    widget.get_by_role("button", name="Yes").click()
    assert page.locator("aside.kbgen-contact").is_visible()
    assert visible_contact_blocks(page) == 1
