"""The help widget on a store page of another origin: search, an article read in the panel, a vote,
a contact channel, with one visit id and no cookies; the store's CSS cannot touch the panel."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.browser.conftest import CorsHandler, serve_folder
from tests.collector.conftest import running_collector

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "search/node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
HOSTILE_CSS = "* { color: red !important; font-size: 40px; font-family: serif; line-height: 3 }"
STORE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Larkspur: Trail tent</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>{css}</style></head>
<body><main><h1>Trail tent 2P</h1><p id="own">A light tent for two.</p></main>
<script src="{help}widget.js" data-lang="{lang}" data-topics="returns-and-refunds" async></script>
</body></html>"""
# Every kbgen:* event the store page's document sees; a browser with no mail program opens nothing.
RECORD = """
window.__events = [];
for (const type of ["search", "click", "feedback", "contact"]) {
  document.addEventListener(`kbgen:${type}`, (e) => window.__events.push(e.detail));
}
document.addEventListener("click", (e) => {
  const link = e.composedPath()[0].closest?.("a[href^='mailto:'], a[href^='tel:']");
  if (link) e.preventDefault();
}, true);
"""
EVENTS = "window.__events"


@pytest.fixture(scope="module")
def help_url(demo_site: Path) -> Iterator[str]:
    with serve_folder(demo_site, CorsHandler) as url:
        yield url


@pytest.fixture(scope="module")
def store(tmp_path_factory, help_url) -> Iterator[str]:
    """The store on another origin (another port): a product page with the widget tag, and one with
    the tag under hostile CSS."""
    folder = tmp_path_factory.mktemp("store")
    for name, css, lang in (("plain.html", "", "en"), ("hostile.html", HOSTILE_CSS, "en"), ("da.html", "", "da")):
        (folder / name).write_text(STORE_PAGE.format(css=css, help=help_url, lang=lang), encoding="utf-8")
    with serve_folder(folder) as url:
        yield url


def open_widget(page, store: str, name: str = "plain.html"):
    page.add_init_script(RECORD)
    page.goto(store + name)
    page.get_by_role("button", name="Help", exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    return dialog


def wait_for_event(page, type_: str, count: int = 1) -> list[dict]:
    page.wait_for_function(f"{EVENTS}.filter(e => e.type === {json.dumps(type_)}).length >= {count}")
    return [e for e in page.evaluate(EVENTS) if e["type"] == type_]


def test_widget_search_article_vote_and_email_share_one_visit_and_send_no_cookie(page, store, help_url):
    requests = []
    page.on("request", lambda r: requests.append(r))
    dialog = open_widget(page, store)
    search = dialog.get_by_role("searchbox", name="Search the help center")
    assert search.evaluate("el => el.getRootNode().activeElement === el")
    search.fill("track order")
    dialog.locator(".kbw-results a").first.wait_for()
    search.press("Enter")
    [searched] = wait_for_event(page, "search")
    assert searched["query"] == "track order" and searched["results"] > 0

    dialog.locator(".kbw-results a").first.click()
    [clicked] = wait_for_event(page, "click")
    assert clicked["url"] == "/orders-and-tracking/track-your-order/" and clicked["position"] == 1
    dialog.get_by_role("heading", name="Track your order").wait_for()
    links = dialog.locator(".kbw-article a[href]")
    assert links.count() > 0
    assert set(links.evaluate_all("els => els.map(a => a.target)")) == {"_blank"}
    assert dialog.locator(f".kbw-article a[href^='{help_url}']").count() > 0  # into the help center, absolute

    dialog.get_by_role("button", name="No").click()
    [voted] = wait_for_event(page, "feedback")
    assert voted["helpful"] is False and voted["page"] == "/orders-and-tracking/track-your-order/"

    dialog.get_by_role("link", name=re.compile("^Email")).click()
    [contact] = wait_for_event(page, "contact")
    assert contact["channel"] == "email" and contact["query"] == "track order"

    events = [searched, clicked, voted, contact]
    assert {e["source"] for e in events} == {"widget"}
    assert {e["page"] for e in (searched, clicked, contact)} == {"/"}
    visits = {e["visit"] for e in events}
    assert len(visits) == 1 and re.fullmatch(r"[0-9a-f]{32}", visits.pop())
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    to_help = [r for r in requests if r.url.startswith(help_url)]
    assert to_help and not [r.url for r in to_help if "cookie" in r.all_headers()]
    assert page.problems == []


def test_widget_visit_id_lives_in_session_storage_for_the_tab(page, store):
    open_widget(page, store)
    page.evaluate("kbgen.widget.search('refund')")
    [first] = wait_for_event(page, "search")
    page.reload()
    page.evaluate("kbgen.widget.search('parcel')")
    [second] = wait_for_event(page, "search")
    assert first["visit"] == second["visit"] == page.evaluate("sessionStorage.getItem('kbgen:visit')")
    other = page.context.new_page()
    other.goto(page.url)
    assert other.evaluate("sessionStorage.getItem('kbgen:visit')") is None  # a new tab is a new visit
    assert page.problems == []


STYLE_PROBE = """() => {
    const root = document.querySelector("kbgen-widget").shadowRoot;
    const pick = (sel) => { const s = getComputedStyle(root.querySelector(sel));
        return [s.color, s.fontSize, s.fontFamily, s.lineHeight, s.backgroundColor].join(" / "); };
    return [".kbw-launcher", ".kbw-title", ".kbw-input", ".kbw-status", ".kbw-results a", ".kbw-channels a"].map(pick);
}"""


def test_store_css_does_not_change_the_panel_and_the_panel_does_not_change_the_store(page, store):
    dialog = open_widget(page, store, "plain.html")
    dialog.get_by_role("searchbox").fill("refund")
    dialog.locator(".kbw-results a").first.wait_for()
    plain = page.evaluate(STYLE_PROBE)
    own_before = page.evaluate("getComputedStyle(document.getElementById('own')).cssText || "
                               "[...getComputedStyle(document.getElementById('own'))].length")

    hostile = page.context.new_page()
    dialog = open_widget(hostile, store, "hostile.html")
    dialog.get_by_role("searchbox").fill("refund")
    dialog.locator(".kbw-results a").first.wait_for()
    assert hostile.evaluate(STYLE_PROBE) == plain
    assert "rgb(255, 0, 0)" not in " ".join(plain) and "40px" not in " ".join(plain)
    own = "(() => { const s = getComputedStyle(document.getElementById('own')); return [s.color, s.fontSize]; })()"
    assert hostile.evaluate(own) == ["rgb(255, 0, 0)", "40px"]  # the store's own page keeps its own CSS
    assert page.evaluate("document.styleSheets.length") == 1  # the store's <style>; the widget's is in its shadow
    assert own_before
    assert page.problems == []


def test_panel_is_a_dialog_that_traps_focus_and_escape_returns_to_the_button(page, store):
    dialog = open_widget(page, store)
    launcher = page.get_by_role("button", name="Help", exact=True)
    assert launcher.get_attribute("aria-expanded") == "true"
    assert dialog.get_attribute("aria-modal") == "true"
    inside = "() => { const r = document.querySelector('kbgen-widget').shadowRoot; " \
             "return r.querySelector('[role=dialog]').contains(r.activeElement); }"
    for _ in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside)
    page.keyboard.press("Escape")
    assert dialog.is_hidden()
    assert launcher.get_attribute("aria-expanded") == "false"
    assert launcher.evaluate("el => el.getRootNode().activeElement === el")
    assert page.problems == []


def test_topics_suggest_their_articles_and_suggest_replaces_them(page, store):
    dialog = open_widget(page, store)
    suggested = dialog.locator(".kbw-suggested")
    assert suggested.get_by_role("heading").text_content() == "Suggested for this page"
    titles = suggested.locator(".kbw-result-title").all_inner_texts()
    assert titles and len(titles) <= 5
    urls = ["/shipping-and-delivery/delivery-times/", "/orders-and-tracking/track-your-order/"]
    page.evaluate("urls => kbgen.widget.suggest(urls)", urls)
    page.wait_for_function("""() => document.querySelector('kbgen-widget').shadowRoot
        .querySelector('.kbw-suggested .kbw-result-title').textContent === 'Delivery times'""")
    assert suggested.locator(".kbw-result-title").all_inner_texts() == ["Delivery times", "Track your order"]
    suggested.get_by_role("link", name="Track your order").click()
    dialog.get_by_role("heading", name="Track your order").wait_for()
    assert page.problems == []


def test_api_opens_an_article_and_closes(page, store):
    page.add_init_script(RECORD)
    page.goto(store + "plain.html")
    page.evaluate("kbgen.widget.article('/returns-and-refunds/refund-timing/')")
    dialog = page.get_by_role("dialog")
    dialog.locator(".kbw-article h1").wait_for()
    assert dialog.locator(".kbw-open").get_attribute("target") == "_blank"
    assert dialog.locator(".kbw-article script, .kbw-article [onclick], .kbw-article .headerlink").count() == 0
    page.evaluate("kbgen.widget.close()")
    assert dialog.is_hidden()
    assert page.problems == []


def test_data_lang_opens_the_danish_help_center(page, store):
    dialog = open_widget_named(page, store, "da.html", "Hjælp")
    assert dialog.get_by_role("searchbox").get_attribute("placeholder") == "Søg efter svar"
    dialog.get_by_role("searchbox").fill("retur")
    dialog.locator(".kbw-results a").first.wait_for()
    assert dialog.locator(".kbw-results a").first.get_attribute("href").split("/", 3)[3].startswith("da/")
    assert page.problems == []


def open_widget_named(page, store, name, label):
    page.add_init_script(RECORD)
    page.goto(store + name)
    page.get_by_role("button", name=label, exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    return dialog


def with_widget_sink(page, help_url: str, analytics: dict) -> None:
    """Serve widget.json with these analytics settings, as if mkdocs.yml said so."""

    def handle(route):
        response = route.fetch()
        data = response.json()
        data["analytics"] = analytics
        route.fulfill(response=response, body=json.dumps(data))

    page.route(help_url + "widget.json", handle)


def test_widget_beacons_events_with_the_visit_to_the_collector(page, store, help_url):
    page.add_init_script("window.__beacons = []; navigator.sendBeacon = (u, b) => "
                         "{ b.text().then(t => window.__beacons.push([u, JSON.parse(t)])); return true; };")
    with_widget_sink(page, help_url, {"sink": "endpoint", "endpoint": "https://collector.example/events"})
    open_widget(page, store)
    page.evaluate("kbgen.widget.search('refund')")
    wait_for_event(page, "search")
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    page.wait_for_function("window.__beacons.length > 0")
    [[url, batch]] = page.evaluate("window.__beacons")
    assert url == "https://collector.example/events"
    assert [(e["type"], e["query"], e["source"]) for e in batch] == [("search", "refund", "widget")]
    assert re.fullmatch(r"[0-9a-f]{32}", batch[0]["visit"])


@pytest.mark.parametrize(("sink", "recorded"), [("ga4", "__gtag"), ("plausible", "__plausible")])
def test_ga4_and_plausible_never_get_the_visit(page, store, help_url, sink, recorded):
    page.add_init_script("window.__gtag = []; window.gtag = (...a) => window.__gtag.push(a);"
                         "window.__plausible = []; window.plausible = (...a) => window.__plausible.push(a);")
    with_widget_sink(page, help_url, {"sink": sink, "endpoint": ""})
    dialog = open_widget(page, store)
    page.evaluate("kbgen.widget.search('refund')")
    wait_for_event(page, "search")
    dialog.get_by_role("link", name=re.compile("^Email")).click()
    wait_for_event(page, "contact")
    calls = json.dumps(page.evaluate(f"window.{recorded}"))
    assert "refund" in calls and "contact" in calls and "email" in calls
    assert "visit" not in calls
    visit = page.evaluate("sessionStorage.getItem('kbgen:visit')")
    assert visit and visit not in calls


def test_open_panel_has_no_wcag_violations(page, store):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (cd search && npm ci)")
    dialog = open_widget(page, store)
    dialog.get_by_role("searchbox").fill("refund")
    dialog.locator(".kbw-results a").first.wait_for()
    page.add_script_tag(path=str(AXE))
    audit = """async () => {
        const r = await axe.run({include: [["kbgen-widget"]]}, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
        return r.violations.map(v => `${v.id}: ${v.help}; ${v.nodes.map(n => n.target.join(" ")).join(" | ")}`);
    }"""
    assert page.evaluate(audit) == []
    dialog.locator(".kbw-results a").first.click()
    dialog.get_by_role("button", name="No").wait_for()
    dialog.get_by_role("button", name="No").click()
    assert page.evaluate(audit) == []


def test_widget_js_is_at_most_20_kib_gzip_and_built_sites_carry_it(demo_site):
    code = (demo_site / "widget.js").read_bytes()
    assert code == (ROOT / "search/dist/kbgen-widget.js").read_bytes() == (demo_site / "da/widget.js").read_bytes()
    assert len(gzip.compress(code, 9)) <= 20 * 1024
    config = json.loads((demo_site / "da/widget.json").read_text(encoding="utf-8"))
    assert config["lang"] == "da" and config["manifest"] == "/da/search/manifest.json"
    assert config["texts"]["help"] == "Hjælp" and config["contact"]["email"]
    assert "returns-and-refunds" in config["topics"]
    assert (demo_site / "_headers").read_text(encoding="utf-8").splitlines()[1:3] == [
        "/*", "  Access-Control-Allow-Origin: *",
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshot_of_the_open_panel(browser, store, width):
    context = browser.new_context(viewport={"width": width, "height": 844 if width == 390 else 900})
    page = context.new_page()
    dialog = open_widget(page, store)
    dialog.get_by_role("searchbox").fill("refund")
    dialog.locator(".kbw-results a").first.wait_for()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-search-{width}.png"))
    dialog.locator(".kbw-results a").first.click()
    dialog.locator(".kbw-article h1").wait_for()
    page.screenshot(path=str(SCREENSHOTS / f"widget-article-{width}.png"))
    dialog.get_by_role("button", name="No").click()
    dialog.locator(".kbw-contact").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"widget-contact-{width}.png"))
    context.close()


def test_screenshot_of_the_panel_under_hostile_store_css(browser, store):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialog = open_widget(page, store, "hostile.html")
    dialog.get_by_role("searchbox").fill("refund")
    dialog.locator(".kbw-results a").first.wait_for()
    page.screenshot(path=str(SCREENSHOTS / "widget-hostile-css-1280.png"))
    context.close()


def test_help_center_contact_link_after_a_no_is_a_contact_event_with_the_visit_and_last_query(page, site_url):
    page.add_init_script(RECORD)
    page.goto(site_url + "orders-and-tracking/track-your-order/")
    box = page.locator("#kbgen-header-q")
    box.press_sequentially("klarna", delay=30)
    page.locator(".kbgen-search--header [data-kbgen-status]").get_by_text("“klarna”").wait_for()
    box.evaluate("input => input.blur()")
    [searched] = wait_for_event(page, "search")
    feedback = page.locator(".kbgen-feedback")
    feedback.get_by_role("button", name="No").click()
    feedback.locator(".kbgen-feedback__contact a[href^='mailto:']").click()
    [contact] = wait_for_event(page, "contact")
    assert (contact["channel"], contact["page"], contact["query"]) == (
        "email", "/orders-and-tracking/track-your-order/", "klarna",
    )
    assert contact["visit"] == searched["visit"] == page.evaluate("sessionStorage.getItem('kbgen:visit')")
    page.locator(".kbgen-feedback__contact a[href^='https:']").first.evaluate(
        "a => { a.addEventListener('click', e => e.preventDefault()); a.click(); }"
    )
    assert [e["channel"] for e in wait_for_event(page, "contact", 2)] == ["email", "chat"]
    assert page.problems == []


def event_rows(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT type, page, query, url, helpful, channel, source, visit FROM events "
                                  "ORDER BY id").fetchall()


def test_collector_stores_the_widgets_search_click_feedback_and_contact_with_one_visit(page, store, help_url,
                                                                                       tmp_path):
    """Store page on one origin, help center on another, collector on a third: one shopper's visit."""
    db = tmp_path / "events.sqlite"
    with running_collector(db, allow_origins=[store.rstrip("/")]) as collector:
        with_widget_sink(page, help_url, {"sink": "endpoint", "endpoint": collector + "/events"})
        dialog = open_widget(page, store)
        dialog.get_by_role("searchbox").fill("track order")
        dialog.locator(".kbw-results a").first.wait_for()
        dialog.get_by_role("searchbox").press("Enter")
        dialog.locator(".kbw-results a").first.click()
        dialog.get_by_role("button", name="No").click()
        dialog.get_by_role("link", name=re.compile("^Email")).click()
        wait_for_event(page, "contact")
        page.evaluate("window.dispatchEvent(new Event('pagehide'))")
        deadline = time.monotonic() + 15
        while (not db.exists() or len(event_rows(db)) < 4) and time.monotonic() < deadline:
            time.sleep(0.1)
    article = "/orders-and-tracking/track-your-order/"
    rows = event_rows(db)
    assert [row[:7] for row in rows] == [
        ("search", "/", "track order", None, None, None, "widget"),
        ("click", "/", "track order", article, None, None, "widget"),
        ("feedback", article, None, None, 0, None, "widget"),
        ("contact", "/", "track order", None, None, "email", "widget"),
    ]
    visits = {row[7] for row in rows}
    assert len(visits) == 1 and re.fullmatch(r"[0-9a-f]{32}", visits.pop())
    assert page.problems == []

    exported = CliRunner().invoke(main, ["analytics", "export", "--db", str(db), "--format", "json"])
    assert exported.exit_code == 0, exported.output
    kpis = json.loads(exported.output)["kpis"]
    counted = {row["segment"]: row for row in kpis["rows"]}
    for segment in ("all", "en", "widget"):  # the one visit: searched, clicked, voted No, then wrote
        figures = counted[segment]
        assert (figures["visits"], figures["contacted"], figures["contacts"]) == (1, 1, 1)
        assert (figures["searches"], figures["clicked"], figures["votes"], figures["helpful"]) == (1, 1, 1, 0)
        assert (figures["contact_rate"], figures["self_service_score"]) == (1.0, 0.0)
    assert [(q["query"], q["contacts"]) for q in kpis["contact_questions"]] == [("track order", 1)]
    assert [[o["url"] for o in q["opened"]] for q in kpis["click_through"]] == [[article]]
    assert kpis["without_visit"] == {} or set(kpis["without_visit"].values()) == {0}
