"""Where events go: GA4 and Plausible through the page's own scripts, nothing with "none" or GPC."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser
ARTICLE = "orders-and-tracking/track-your-order/"
RECORD = """
window.__beacons = [];
navigator.sendBeacon = (url, body) => { window.__beacons.push(url); return true; };
window.__gtag = []; window.gtag = (...args) => window.__gtag.push(args);
window.__plausible = []; window.plausible = (...args) => window.__plausible.push(args);
"""


def with_sink(page, site_url, config: dict) -> None:
    """Serve the article with these analytics settings, as if mkdocs.yml said so."""

    def handle(route):
        response = route.fetch()
        html = re.sub(
            r'(<script type="application/json" id="kbgen-config">).*?(</script>)',
            lambda m: m.group(1) + json.dumps({"feedback": True, **config}) + m.group(2),
            response.text(),
        )
        route.fulfill(response=response, body=html)

    page.route(site_url + ARTICLE, handle)


def vote_and_leave(page, site_url) -> None:
    page.goto(site_url + ARTICLE)
    page.locator(".kbgen-feedback").get_by_role("button", name="Yes").click()
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")


@pytest.mark.parametrize(
    ("sink", "recorded", "name"), [("ga4", "__gtag", "kbgen_feedback"), ("plausible", "__plausible", "kbgen feedback")]
)
def test_ga4_and_plausible_get_events_through_the_page(page, site_url, sink, recorded, name):
    page.add_init_script(RECORD)
    with_sink(page, site_url, {"sink": sink})
    vote_and_leave(page, site_url)
    calls = page.evaluate(f"window.{recorded}")
    assert calls and name in json.dumps(calls)
    assert page.evaluate("window.__beacons") == []


def test_endpoint_sink_beacons_the_batch_when_leaving(page, site_url):
    page.add_init_script(RECORD)
    with_sink(page, site_url, {"sink": "endpoint", "endpoint": "https://collector.example/events"})
    vote_and_leave(page, site_url)
    assert page.evaluate("window.__beacons") == ["https://collector.example/events"]


def test_global_privacy_control_sends_nothing(page, site_url):
    page.add_init_script(RECORD + "Object.defineProperty(navigator, 'globalPrivacyControl', {value: true});")
    with_sink(page, site_url, {"sink": "endpoint", "endpoint": "https://collector.example/events"})
    vote_and_leave(page, site_url)
    assert page.evaluate("window.__beacons") == []


def test_sink_none_sends_nothing_and_sets_no_cookie(page, site_url):
    page.add_init_script(RECORD)
    vote_and_leave(page, site_url)  # the demo's setting: none
    assert page.evaluate("window.__beacons") == [] and page.evaluate("window.__gtag") == []
    assert page.context.cookies() == []


def test_offline_events_wait_in_local_storage(page, site_url):
    page.add_init_script(RECORD + "Object.defineProperty(navigator, 'onLine', {get: () => false});")
    with_sink(page, site_url, {"sink": "endpoint", "endpoint": "https://collector.example/events"})
    vote_and_leave(page, site_url)
    assert page.evaluate("window.__beacons") == []
    outbox = json.loads(page.evaluate("localStorage.getItem('kbgen:outbox')"))
    assert [e["type"] for e in outbox] == ["feedback"]
