"""A field that must be one line (a visit id, a source, a language, a page, a query) stays one line:
a line break appended to it is refused like any other control character, not stored."""

from __future__ import annotations

import httpx2 as httpx
import pytest

from tests.collector.conftest import body, contact, rows, running_collector, search

VISIT = "5f0c8a3e9b1d4c7a2e6f8b0d1c3a5e7f"
CASES = {
    "visit": (contact("email", visit=VISIT + "\n"), "visit must be 32 lowercase hexadecimal digits"),
    "source": (contact("chat", source="widget\n"), "source must be a short lowercase word such as widget"),
    "lang": (contact("phone", lang="en\n"), "Expected a language tag such as en or pt-BR"),
    "page": (contact("email", page="/contact/\n"), "Expected a site-absolute path"),
    "query": (contact("email", query="dark theme\n"), "Expected text without control characters"),
    "search query": (search("refund\n"), "Expected text without control characters"),
}


@pytest.mark.parametrize("event, message", CASES.values(), ids=CASES.keys())
def test_a_trailing_line_break_is_refused_and_its_good_neighbour_stored(tmp_path, event, message):
    db = tmp_path / "events.sqlite"
    good = contact("email", query="night mode", visit=VISIT, source="widget")
    with running_collector(db, rate=0) as url, httpx.Client(base_url=url) as client:
        answer = client.post("/events", content=body(good, event), headers={"content-type": "application/json"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["stored"] == 1
    [(where, reason)] = [(r["index"], r["error"]) for r in answer.json()["rejected"]]
    assert where == 1 and message in reason
    stored = rows(db)
    assert [(r["type"], r["query"], r["visit"], r["source"]) for r in stored] == [
        ("contact", "night mode", VISIT, "widget"),
    ]
