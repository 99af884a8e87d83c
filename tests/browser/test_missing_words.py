"""What the shopper sees when a word of the query is on no page: the notice before the results in the
dropdown and on /search/, read by screen readers; "Show more" on /search/; one search event per visit."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

import pytest

from tests.browser.test_accessibility import audit  # noqa: F401 - a fixture
from tests.browser.test_roundtrip import build_with_endpoint, site_server  # noqa: F401 - a fixture
from tests.collector.conftest import running_collector

pytestmark = pytest.mark.browser

ARTICLE = "orders-and-tracking/track-your-order/"
NOTICE = "#kbgen-header-q-notice"
OPTIONS = "#kbgen-header-q-listbox [role=option]"
SETTLE_WAIT_MS = 1600  # longer than the client's 1 s settle delay: any late event would be in by then
# Every kbgen:search of the tab, kept in its sessionStorage so that it survives going to /search/.
LOG_SEARCHES = """
document.addEventListener('kbgen:search', (e) => {
  const log = JSON.parse(sessionStorage.getItem('test:searches') || '[]');
  log.push(e.detail);
  sessionStorage.setItem('test:searches', JSON.stringify(log));
});
"""


def searches(page) -> list[dict]:
    return page.evaluate("JSON.parse(sessionStorage.getItem('test:searches') || '[]')")


def type_in_header_box(page, site_url, query):
    page.goto(site_url + ARTICLE)
    box = page.locator("#kbgen-header-q")
    box.click()
    box.press_sequentially(query, delay=25)
    return box


def total(page, query: str, lang: str = "en") -> int:
    return page.evaluate("async ([q, lang]) => (await window.kbgen.query(q, {lang})).total", [query, lang])


def comes_before(page, first: str, second: str) -> bool:
    return page.evaluate(
        "([a, b]) => Boolean(document.querySelector(a).compareDocumentPosition(document.querySelector(b))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        [first, second],
    )


def test_dropdown_says_which_word_no_article_mentions_before_the_results(page, site_url):
    type_in_header_box(page, site_url, "afterpay refund")
    notice = page.locator(NOTICE)
    notice.get_by_text("afterpay").wait_for()
    assert notice.inner_text() == "No articles mention afterpay."
    assert notice.locator("em").all_inner_texts() == ["afterpay"]
    rest = page.locator("#kbgen-header-q-rest")
    assert rest.is_visible() and rest.inner_text() == "Results for the rest of your search:"
    assert page.locator(OPTIONS).count() > 0
    assert comes_before(page, NOTICE, "#kbgen-header-q-rest")
    assert comes_before(page, "#kbgen-header-q-rest", "#kbgen-header-q-listbox")
    ask = page.locator(".kbgen-search--header [data-kbgen-ask]")
    assert ask.is_visible()
    hrefs = ask.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://larkspur.example/chat", "mailto:help@larkspur.example", "tel:+17205550142"]
    assert page.problems == []


def test_dropdown_notice_is_announced_and_describes_the_listbox(page, site_url):
    type_in_header_box(page, site_url, "afterpay refund")
    notice = page.locator(NOTICE)
    notice.get_by_text("afterpay").wait_for()
    assert (notice.get_attribute("role"), notice.get_attribute("aria-live")) == ("status", "polite")
    listbox = page.locator("#kbgen-header-q-listbox")
    assert listbox.get_attribute("aria-describedby") == "kbgen-header-q-notice"
    description = listbox.evaluate(
        "el => el.getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert description == "No articles mention afterpay."


def test_no_notice_when_every_word_is_found(page, site_url):
    box = type_in_header_box(page, site_url, "afterpay refund")
    page.locator(NOTICE).get_by_text("afterpay").wait_for()
    box.fill("")
    box.press_sequentially("refund policy", delay=25)
    found = total(page, "refund policy")
    page.locator(".kbgen-search--header [data-kbgen-status]").get_by_text(f"{found} results").wait_for()
    assert page.locator(NOTICE).inner_text() == ""
    assert page.locator("#kbgen-header-q-rest").is_hidden()
    assert page.locator(".kbgen-search--header [data-kbgen-ask]").is_hidden()
    assert page.locator("#kbgen-header-q-listbox").get_attribute("aria-describedby") is None
    assert page.problems == []


def test_no_answer_at_all_keeps_the_no_results_state_without_a_second_notice(page, site_url):
    type_in_header_box(page, site_url, "afterpay")
    status = page.locator(".kbgen-search--header [data-kbgen-status]")
    status.get_by_text("“afterpay”").wait_for()
    assert status.inner_text().startswith("No answers found for “afterpay” Try other words")
    assert page.locator(NOTICE).inner_text() == ""
    assert page.locator("#kbgen-header-q-rest").is_hidden()


def test_results_page_says_which_words_no_article_mentions(page, site_url):
    page.goto(site_url + "search/?q=afterpay%20klarna%20refund")
    summary = page.locator("[data-kbgen-summary]")
    summary.get_by_text("klarna").wait_for()
    assert summary.inner_text() == "No articles mention afterpay or klarna."
    assert summary.locator("em").all_inner_texts() == ["afterpay", "klarna"]
    assert (summary.get_attribute("role"), summary.get_attribute("aria-live")) == ("status", "polite")
    rest = page.locator("#kbgen-page-rest")
    assert rest.is_visible() and rest.inner_text() == "Results for the rest of your search:"
    assert rest.evaluate("el => el.tagName") == "H2"
    assert page.locator("[data-kbgen-results] li").count() == 20
    assert comes_before(page, "[data-kbgen-summary]", "#kbgen-page-rest")
    assert comes_before(page, "#kbgen-page-rest", "[data-kbgen-results]")
    ask = page.locator(".kbgen-search-page [data-kbgen-ask]")
    assert ask.is_visible() and ask.locator("a").count() == 3
    assert page.locator("[data-kbgen-noresults]").is_hidden()
    assert page.problems == []


def test_results_page_notice_is_in_the_shoppers_language(page, site_url):
    page.goto(site_url + "da/search/?q=afterpay%20klarna%20retur")
    summary = page.locator("[data-kbgen-summary]")
    summary.get_by_text("klarna").wait_for()
    assert summary.inner_text() == "Ingen artikler nævner afterpay eller klarna."
    assert page.locator("#kbgen-page-rest").inner_text() == "Resultater for resten af din søgning:"
    assert page.problems == []


def test_results_page_without_missing_words_counts_its_results(page, site_url):
    page.goto(site_url + "search/?q=refund")
    summary = page.locator("[data-kbgen-summary]")
    summary.get_by_text("“refund”").wait_for()
    assert summary.inner_text() == f"{total(page, 'refund')} results for “refund”"
    assert summary.locator("em").count() == 0
    assert page.locator("#kbgen-page-rest").is_hidden()
    assert page.locator(".kbgen-search-page [data-kbgen-ask]").is_hidden()


def test_results_page_drops_the_notice_when_the_query_changes_to_found_words(page, site_url):
    page.goto(site_url + "search/?q=afterpay%20refund")
    summary = page.locator("[data-kbgen-summary]")
    summary.get_by_text("afterpay").wait_for()
    box = page.locator("#kbgen-page-q")
    box.fill("")
    box.press_sequentially("refund", delay=25)
    summary.get_by_text("“refund”").wait_for()
    assert summary.inner_text() == f"{total(page, 'refund')} results for “refund”"
    assert "kbgen-notice--shown" not in summary.get_attribute("class")
    assert page.locator("#kbgen-page-rest").is_hidden()
    assert page.locator(".kbgen-search-page [data-kbgen-ask]").is_hidden()
    assert page.url.endswith("/search/?q=refund")


def test_a_missing_word_is_shown_as_text_never_as_html(page, site_url):
    page.goto(site_url + "search/")
    page.evaluate(
        """() => {
            const query = window.kbgen.query;
            window.kbgen.query = async (q, options) => {
                const answer = await query(q, options);
                return {...answer, missing: ['<img src=x onerror="window.__ran=1">', 'b&amp;']};
            };
        }"""
    )
    page.locator("#kbgen-page-q").fill("refund")
    words = page.locator("[data-kbgen-summary] em")
    words.first.wait_for()
    assert words.all_inner_texts() == ['<img src=x onerror="window.__ran=1">', "b&amp;"]
    assert page.locator(".kbgen-search-page img").count() == 0
    assert page.evaluate("window.__ran") is None


def test_notice_in_the_dropdown_has_no_wcag_violations(page, site_url, audit):  # noqa: F811
    type_in_header_box(page, site_url, "afterpay refund")
    page.locator(NOTICE).get_by_text("afterpay").wait_for()
    assert audit() == []


def test_notice_on_the_results_page_has_no_wcag_violations(page, site_url, audit):  # noqa: F811
    page.goto(site_url + "search/?q=afterpay%20refund")
    page.locator("[data-kbgen-summary]").get_by_text("afterpay").wait_for()
    assert audit() == []


def test_phone_width_notice_has_no_wcag_violations(page, site_url, audit):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url)
    box = page.locator("#kbgen-hero-q")
    box.click()
    box.press_sequentially("afterpay refund", delay=25)
    page.locator("#kbgen-hero-q-notice").get_by_text("afterpay").wait_for()
    assert page.locator("#kbgen-hero-q-notice").is_visible()
    assert audit() == []


def tab_to(page, selector: str, most: int = 80) -> None:
    """Press Tab until ``selector`` has focus, as a keyboard user would reach it."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} is not reached with Tab")


def focused_href(page) -> str:
    return page.evaluate("document.activeElement.getAttribute('href')")


def test_show_more_shows_the_next_twenty_from_the_keyboard(page, site_url):
    page.goto(site_url + "search/?q=order")
    results = page.locator("[data-kbgen-results] li")
    results.nth(19).wait_for()
    ranked = page.evaluate("async () => (await window.kbgen.query('order', {limit: 100})).results.map(r => r.url)")
    assert 41 <= len(ranked) < 60, "the demo needs more than two pages of results for 'order'"
    n = len(ranked)
    shown = page.locator("[data-kbgen-shown]")
    assert (shown.get_attribute("role"), shown.get_attribute("aria-live")) == ("status", "polite")
    assert shown.inner_text() == f"Showing 20 of {n} results"
    button = "[data-kbgen-show-more]"
    tab_to(page, button)
    page.keyboard.press("Enter")
    results.nth(39).wait_for()
    assert results.count() == 40
    urls = results.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert urls == ranked[:40]
    assert focused_href(page) == ranked[20], "focus moves to result 21, the first new one"
    assert shown.inner_text() == f"Showing 40 of {n} results"
    tab_to(page, button)
    page.keyboard.press("Space")
    results.nth(n - 1).wait_for()
    assert focused_href(page) == ranked[40]
    assert shown.inner_text() == f"Showing {n} of {n} results"
    assert page.locator(button).is_hidden()
    ids = results.evaluate_all("items => items.map(li => li.id)")
    assert len(set(ids)) == n
    assert page.problems == []


def test_show_more_reports_clicks_with_their_place_in_the_whole_list(page, site_url):
    page.goto(site_url + "search/?q=order")
    page.locator("[data-kbgen-results] li").nth(19).wait_for()
    page.locator("[data-kbgen-show-more]").click()
    page.locator("[data-kbgen-results] li").nth(39).wait_for()
    page.evaluate(
        "document.addEventListener('kbgen:click', e => { window.__click = e.detail; }, {once: true});"
        "document.addEventListener('click', e => e.preventDefault(), true);"
    )
    page.locator("[data-kbgen-results] li a").nth(24).click()
    assert page.evaluate("window.__click.position") == 25


def test_a_page_of_twenty_or_fewer_has_no_show_more(page, site_url):
    page.goto(site_url + "search/?q=invoice")
    page.locator("[data-kbgen-summary]").get_by_text("“invoice”").wait_for()
    assert 0 < page.locator("[data-kbgen-results] li").count() == total(page, "invoice") <= 20
    assert page.locator("[data-kbgen-more]").is_hidden()


@pytest.fixture
def logged(page):
    page.add_init_script(LOG_SEARCHES)
    return page


def test_typing_then_enter_reports_the_search_once_across_both_pages(logged, site_url):
    page = logged
    box = type_in_header_box(page, site_url, "afterpay")
    box.press("Enter")  # at once: before the typed query settles on the article page
    page.wait_for_url("**/search/?q=afterpay")
    page.locator("[data-kbgen-summary]").get_by_text("“afterpay”").wait_for()
    page.wait_for_timeout(SETTLE_WAIT_MS)
    reported = searches(page)
    assert [(e["query"], e["results"], e["unmatched"], e["page"]) for e in reported] == [
        ("afterpay", 0, ["afterpay"], "/search/")]
    assert page.problems == []


def test_a_query_settled_in_the_box_is_not_reported_again_by_the_results_page(logged, site_url):
    page = logged
    box = type_in_header_box(page, site_url, "afterpay")
    page.wait_for_function("JSON.parse(sessionStorage.getItem('test:searches') || '[]').length === 1")
    box.press("Enter")
    page.wait_for_url("**/search/?q=afterpay")
    page.locator("[data-kbgen-summary]").get_by_text("“afterpay”").wait_for()
    page.wait_for_timeout(SETTLE_WAIT_MS)
    reported = searches(page)
    assert [(e["query"], e["page"]) for e in reported] == [("afterpay", "/" + ARTICLE)]
    page.reload()  # the same visit: still one
    page.locator("[data-kbgen-summary]").get_by_text("“afterpay”").wait_for()
    page.wait_for_timeout(SETTLE_WAIT_MS)
    assert len(searches(page)) == 1
    assert page.problems == []


def test_a_new_query_on_the_results_page_is_reported(logged, site_url):
    page = logged
    page.goto(site_url + "search/?q=afterpay")
    page.locator("[data-kbgen-summary]").get_by_text("“afterpay”").wait_for()
    box = page.locator("#kbgen-page-q")
    box.fill("")
    box.press_sequentially("refund", delay=25)
    box.press("Enter")
    page.locator("[data-kbgen-summary]").get_by_text("“refund”").wait_for()
    page.wait_for_timeout(SETTLE_WAIT_MS)
    assert [(e["query"], e["results"]) for e in searches(page)] == [("afterpay", 0), ("refund", total(page, "refund"))]


def test_tab_from_the_box_reaches_the_contact_channels_and_the_dropdown_stays_open(page, site_url):
    box = type_in_header_box(page, site_url, "afterpay refund")
    page.locator(NOTICE).get_by_text("afterpay").wait_for()
    box.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Live chat"
    page.wait_for_timeout(300)  # longer than the 150 ms the box waits before closing on blur
    panel = page.locator(".kbgen-search--header [data-kbgen-panel]")
    assert panel.is_visible() and box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Phone"
    page.keyboard.press("Tab")  # out of the box: the dropdown closes
    assert not page.evaluate("document.querySelector('.kbgen-search--header').contains(document.activeElement)")
    panel.wait_for(state="hidden")
    assert page.problems == []


def stored_searches(db) -> list[tuple]:
    if not db.exists():
        return []
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT query, page FROM events WHERE type = 'search' ORDER BY id").fetchall()


def test_the_collector_stores_one_search_for_typing_then_enter(browser, site_server, tmp_path):  # noqa: F811
    site, site_url = site_server
    db = tmp_path / "events.sqlite"
    with running_collector(db, allow_origins=[site_url.rstrip("/")]) as collector:
        build_with_endpoint(tmp_path / "project", site, collector + "/events")
        page = browser.new_page()
        box = type_in_header_box(page, site_url, "afterpay")
        box.press("Enter")
        page.wait_for_url("**/search/?q=afterpay")
        page.locator("[data-kbgen-summary]").get_by_text("“afterpay”").wait_for()
        page.wait_for_timeout(SETTLE_WAIT_MS)
        page.goto(site_url + "contact/")  # leaving the page sends the batch with sendBeacon
        deadline = time.monotonic() + 15
        while not stored_searches(db) and time.monotonic() < deadline:
            time.sleep(0.1)
        page.wait_for_timeout(SETTLE_WAIT_MS)  # anything sent late would be in by now
        page.close()
        assert stored_searches(db) == [("afterpay", "/search/")]
