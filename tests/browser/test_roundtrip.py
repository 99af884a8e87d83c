"""The improvement loop end to end: a shopper's failed search and a "No" reach the export."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.browser.conftest import ROOT, build_project, serve_folder
from tests.collector.conftest import running_collector

pytestmark = pytest.mark.browser


def count(db: Path) -> int:
    if not db.exists():
        return 0
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]


@pytest.fixture
def site_server(tmp_path):
    """A static server whose folder is filled once the collector's address is known."""
    site = tmp_path / "site"
    site.mkdir()
    with serve_folder(site) as url:
        yield site, url


def build_with_endpoint(project: Path, site: Path, endpoint: str) -> None:
    shutil.copytree(ROOT / "articles", project / "articles")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    sink = f"      analytics:\n        sink: endpoint\n        endpoint: {endpoint}\n"
    config = config.replace("      contact:", sink + "      contact:", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    build_project(project, site)


def test_failed_search_and_a_no_vote_reach_the_export(browser, site_server, tmp_path):
    site, site_url = site_server
    db = tmp_path / "events.sqlite"
    with running_collector(db, allow_origins=[site_url.rstrip("/")]) as collector:
        build_with_endpoint(tmp_path / "project", site, collector + "/events")
        page = browser.new_page()
        page.goto(site_url + "orders-and-tracking/track-your-order/")
        box = page.locator("#kbgen-header-q")
        box.press_sequentially("klarna", delay=40)
        page.locator(".kbgen-search--header [data-kbgen-status]").get_by_text("“klarna”").wait_for()
        box.evaluate("input => input.blur()")  # leaving the box settles the query
        widget = page.locator(".kbgen-feedback")
        widget.get_by_role("button", name="No").click()
        widget.get_by_label("It didn't answer my question").check()
        widget.get_by_label("Anything else we should know? (optional)").fill("=HYPERLINK(\"x\") <b>hi</b>")
        widget.get_by_role("button", name="Send feedback").click()
        page.goto(site_url + "contact/")  # leaving the page sends the batch with sendBeacon
        deadline = time.monotonic() + 15
        while count(db) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        page.close()
        assert count(db) >= 2

    result = CliRunner().invoke(main, ["analytics", "export", "--db", str(db), "--format", "json",
                                       "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    [gap] = [row for row in report["zero_results"] if row["query"] == "klarna"]
    assert gap["count"] == 1 and gap["languages"] == ["en"]
    [answer] = [row for row in report["feedback"] if row["page"] == "/orders-and-tracking/track-your-order/"]
    assert (answer["anchor"], answer["votes"], answer["helpful"]) == ("", 1, 0)
    assert answer["reasons"] == [{"reason": "didnt-answer", "count": 1}]
    assert answer["comments"][0]["comment"] == '=HYPERLINK("x") <b>hi</b>'  # stored as typed, escaped on output
