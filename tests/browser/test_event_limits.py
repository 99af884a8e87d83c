"""The browser sends only what the collector accepts: a long query or one with a tab costs no vote."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.browser.test_roundtrip import build_with_endpoint, site_server  # noqa: F401 - a fixture
from tests.collector.conftest import running_collector

pytestmark = pytest.mark.browser

PAGE = "orders-and-tracking/track-your-order/"


def stored(db: Path) -> list[dict]:
    if not db.exists():
        return []
    with closing(sqlite3.connect(db)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM events ORDER BY id")]


def test_a_long_query_and_a_query_with_a_tab_do_not_cost_the_vote(browser, site_server, tmp_path):  # noqa: F811
    site, site_url = site_server
    db = tmp_path / "events.sqlite"
    long_query = "where is my order " + "please " * 33  # 249 characters, the collector takes 200
    with running_collector(db, allow_origins=[site_url.rstrip("/")]) as collector:
        build_with_endpoint(tmp_path / "project", site, collector + "/events")
        page = browser.new_page()
        page.goto(site_url + PAGE)
        box = page.locator("#kbgen-header-q")
        for query in (long_query, "refund\tpolicy\u0085", "\u200b\ufeff"):
            box.fill(query)
            assert box.input_value() == query  # input[type=search] keeps the tab
            box.evaluate("input => input.blur()")  # leaving the box settles the query
        page.locator(".kbgen-feedback").get_by_role("button", name="No").click()
        page.goto(site_url + "contact/")  # leaving the page sends the batch with sendBeacon
        deadline = time.monotonic() + 15
        while len(stored(db)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        page.close()
    events = stored(db)
    assert [(e["type"], e["page"], e["helpful"]) for e in events if e["type"] == "feedback"] == [
        ("feedback", "/" + PAGE, 0)]
    searches = [e["query"] for e in events if e["type"] == "search"]
    assert searches == [long_query.strip()[:200].strip(), "refund policy"]
