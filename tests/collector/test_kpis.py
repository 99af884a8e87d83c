"""``kbgen analytics export``: the self-service KPIs and the synonym suggestions, with exact numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.analytics.store import import_ndjson, open_store
from kbgen.cli import main

from .conftest import click, contact, feedback, search

MONDAY = dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc)  # ISO week 2026-W47
SAMPLE = Path(__file__).with_name("sample-events.ndjson")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> str:
    moment = MONDAY + dt.timedelta(days=day, hours=hour, minutes=minute, seconds=second)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def visit(n: int) -> str:
    return f"{n:032x}"


A, B, C, D, E = (visit(n) for n in range(1, 6))
EVENTS = [
    # week 47: A searches "refund" twice, opens a result, votes yes
    search("refund", ts=at(0, 10), visit=A), click("refund", ts=at(0, 10, 0, 5), visit=A),
    search("Refund", ts=at(0, 10, 1), visit=A), feedback(helpful=True, ts=at(0, 10, 2), visit=A),
    # B finds nothing for "klarna" and writes an email
    search("klarna", results=0, ts=at(0, 11), visit=B),
    contact("email", query="klarna", ts=at(0, 11, 2), visit=B),
    # C searches in Danish in the widget, opens nothing
    search("retur", results=2, lang="da", ts=at(0, 12), visit=C, source="widget"),
    # a page without visit ids: a search that found nothing and a "no" vote
    search("gift card", results=0, ts=at(0, 13)), feedback(helpful=False, ts=at(0, 13, 1)),
    # week 48: D opens a refund result, then chats anyway; E searches once
    search("refund", ts=at(7, 9), visit=D), click("refund", ts=at(7, 9, 0, 10), visit=D),
    contact("chat", query="refund", ts=at(7, 9, 5), visit=D),
    search("where is my order", results=5, ts=at(7, 10), visit=E),
]


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def store(db, *events: dict):
    with open_store(db) as events_db:
        report = import_ndjson(events_db, [json.dumps(e).encode() for e in events])
    assert not report.rejected, report.rejected
    return db


def export(runner: CliRunner, db, *options: str):
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), *options])
    assert result.exit_code == 0, result.output
    return result


def kpis(runner, db, *options: str) -> dict:
    return json.loads(export(runner, db, "--format", "json", *options).stdout)["kpis"]


def rows_by(data: dict) -> dict[tuple[str, str], dict]:
    return {(r["period"], r["segment"]): r for r in data["rows"]}


def test_weekly_kpis_per_language_and_widget_with_exact_numbers(runner, any_db):
    data = kpis(runner, store(any_db, *EVENTS))
    assert data["period"] == "week"
    rows = rows_by(data)
    assert list(rows) == [("2026-W47", "all"), ("2026-W48", "all"), ("2026-W47", "da"), ("2026-W48", "da"),
                          ("2026-W47", "en"), ("2026-W48", "en"), ("2026-W47", "widget"), ("2026-W48", "widget")]
    week = rows[("2026-W47", "all")]
    assert {k: week[k] for k in ("searches", "zero_results", "clicks", "searched", "clicked", "repeats", "votes",
                                 "helpful", "visits", "contacted", "contacts", "without_visit")} == {
        "searches": 5, "zero_results": 2, "clicks": 1, "searched": 3, "clicked": 1, "repeats": 1, "votes": 2,
        "helpful": 1, "visits": 3, "contacted": 1, "contacts": 1, "without_visit": 2}
    assert (week["zero_result_rate"], week["click_through_rate"], week["repeat_rate"], week["helpful_share"],
            week["contact_rate"], week["self_service_score"]) == (0.4, 0.3333, 0.25, 0.5, 0.3333, 2.0)
    assert week["change"] == {}  # no week before it
    later = rows[("2026-W48", "all")]
    assert (later["searches"], later["click_through_rate"], later["helpful_share"], later["visits"],
            later["contact_rate"], later["self_service_score"]) == (2, 0.5, None, 2, 0.5, 1.0)
    assert (later["change"]["searches"], later["change"]["click_through_rate"], later["change"]["contact_rate"],
            later["change"]["self_service_score"], later["change"]["helpful_share"]) == (-3, 0.1667, 0.1667, -1.0, None)
    english = rows[("2026-W47", "en")]
    assert (english["searches"], english["visits"], english["contacted"], english["searched"], english["clicked"],
            english["without_visit"]) == (4, 2, 1, 2, 1, 2)
    for segment in ("da", "widget"):  # C alone: a visit that searched, opened nothing and never contacted
        alone = rows[("2026-W47", segment)]
        assert (alone["searches"], alone["visits"], alone["click_through_rate"], alone["contact_rate"],
                alone["self_service_score"]) == (1, 1, 0.0, 0.0, None)
        assert rows[("2026-W48", segment)]["searches"] == 0  # a quiet week is a row of zeros, not a gap
    assert data["without_visit"] == {"search": 1, "click": 0, "feedback": 1, "contact": 0}


def test_questions_before_a_contact_click_through_per_query_and_busiest_hours(runner, any_db):
    data = kpis(runner, store(any_db, *EVENTS))
    assert data["contact_questions"] == [
        {"query": "klarna", "normalized": "klarna", "contacts": 1, "channels": [{"channel": "email", "count": 1}],
         "languages": ["en"]},
        {"query": "refund", "normalized": "refund", "contacts": 1, "channels": [{"channel": "chat", "count": 1}],
         "languages": ["en"]},
    ]
    assert [(q["query"], q["searches"], q["clicked"], q["click_through_rate"]) for q in data["click_through"]] == [
        ("refund", 2, 2, 1.0), ("klarna", 1, 0, 0.0), ("retur", 1, 0, 0.0), ("where is my order", 1, 0, 0.0)]
    assert data["click_through"][0]["opened"] == [{"url": "/orders/returns/", "clicks": 2}]
    searches, contacts = data["busiest_hours"]["searches"], data["busiest_hours"]["contacts"]
    assert {(day, hour): n for day, hours in enumerate(searches) for hour, n in enumerate(hours) if n} == {
        (0, 9): 1, (0, 10): 3, (0, 11): 1, (0, 12): 1, (0, 13): 1}  # both Mondays, UTC hours
    assert {(day, hour): n for day, hours in enumerate(contacts) for hour, n in enumerate(hours) if n} == {
        (0, 9): 1, (0, 11): 1}


@pytest.mark.parametrize(("period", "keys"), [
    ("day", [f"2026-11-{d}" for d in range(16, 24)]),  # every day of the span, quiet ones too
    ("month", ["2026-11"]),
], ids=["day", "month"])
def test_period_option_picks_days_or_months(runner, db, period, keys):
    data = kpis(runner, store(db, *EVENTS), "--period", period)
    assert [r["period"] for r in data["rows"] if r["segment"] == "all"] == keys
    total = [r for r in data["rows"] if r["segment"] == "all"]
    assert sum(r["searches"] for r in total) == 7
    assert sum(r["visits"] for r in total) == 5


def test_since_and_lang_filter_the_kpis(runner, db):
    store(db, *EVENTS)
    data = kpis(runner, db, "--lang", "da")
    assert [(r["period"], r["segment"], r["searches"]) for r in data["rows"]] == [
        ("2026-W47", "all", 1), ("2026-W47", "da", 1), ("2026-W47", "widget", 1)]
    data = kpis(runner, db, "--since", "2026-11-23")
    assert [(r["segment"], r["searches"], r["visits"]) for r in data["rows"]] == [("all", 2, 2), ("en", 2, 2)]


def test_csv_carries_the_kpis_as_one_row_per_figure(runner, db):
    text = export(runner, store(db, *EVENTS), "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(text)))
    kpi = {(r["period"], r["segment"], r["metric"]): (r["value"], r["change"]) for r in table if r["section"] == "kpis"}
    assert kpi[("2026-W47", "all", "searches")] == ("5", "")
    assert kpi[("2026-W47", "all", "self_service_score")] == ("2.0", "")
    assert kpi[("2026-W48", "all", "searches")] == ("2", "-3")  # a number: no spreadsheet runs it
    assert kpi[("2026-W48", "all", "contact_rate")] == ("0.5", "0.1667")
    assert kpi[("2026-W48", "en", "helpful_share")] == ("", "")
    contacts = [(r["item"], r["count"], r["detail"]) for r in table if r["section"] == "contact_questions"]
    assert contacts == [("klarna", "1", "email (1)"), ("refund", "1", "chat (1)")]
    clicks = [(r["item"], r["count"], r["value"], r["detail"]) for r in table if r["section"] == "click_through"]
    assert clicks[0] == ("refund", "2", "1.0", "/orders/returns/ (2)")
    hours = {(r["item"], r["metric"]): r["value"] for r in table if r["section"] == "busiest_hours"}
    assert hours[("Mon 10:00", "searches")] == "3"
    assert hours[("Mon 11:00", "contacts")] == "1"
    assert [(r["item"], r["count"]) for r in table if r["section"] == "without_visit"] == [
        ("search", "1"), ("click", "0"), ("feedback", "1"), ("contact", "0")]


def test_html_shows_kpis_with_a_chart_and_heat_tables_and_no_script(runner, db, tmp_path):
    out = tmp_path / "report.html"
    export(runner, store(db, *EVENTS), "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "<h2>Self-service, per week</h2>" in page
    assert '<svg class="chart kpi"' in page  # visits with and without a contact per week
    assert "2026-W47: 1 visits with a contact" in page
    assert page.count('<table class="heat">') == 2
    assert "<h3>Help widget (all languages)</h3>" in page
    assert "2.00" in page and "+16.7 pts" in page  # the score, and W48's change of contact rate
    assert "2 events carried no visit id (1 search, 1 feedback)" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page


def test_markdown_lists_the_kpis_per_segment(runner, db):
    text = export(runner, store(db, *EVENTS)).stdout
    assert "## Self-service, per week" in text
    assert "### All languages" in text and "### Language da" in text and "### Help widget (all languages)" in text
    assert "| 2026-W47 | 5 | 33.3% | 40.0% | 25.0% | 50.0% | 3 | 33.3% | 2.00 |" in text
    assert "| 2026-W48 | 2 (-3) | 50.0% (+16.7 pts) |" in text


# --- synonym suggestions ------------------------------------------------------------------------------

def test_synonyms_from_the_sample_events_are_the_ones_they_imply(runner, db, tmp_path):
    """The sample's visits: "poncho" then "rain jacket" (opened) in 3 visits, "regnslag" then "regnjakke" in
    2; and pairs that must not come out: no result opened (anorak), minutes apart (gore tex), a typo
    (refnud), seen in one visit only (lost parcel)."""
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "suggested-synonyms.yml"
    result = export(runner, db, "--synonyms", str(out), "--format", "json")
    assert f"Wrote {out}: 2 synonym suggestions to review" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if not line.startswith("#")] == [
        "da:",
        "  regnjakke: [regnslag]  # regnslag: 2 visits",
        "en:",
        "  rain jacket: [poncho]  # poncho: 3 visits",
    ]
    assert yaml.safe_load(text) == {"da": {"regnjakke": ["regnslag"]}, "en": {"rain jacket": ["poncho"]}}
    for absent in ("anorak", "gore tex", "refnud", "lost parcel"):
        assert absent not in text
    data = json.loads(result.stdout)
    assert data["synonym_suggestions"] == [
        {"lang": "da", "term": "regnjakke", "synonym": "regnslag", "visits": 2},
        {"lang": "en", "term": "rain jacket", "synonym": "poncho", "visits": 3},
    ]


def test_synonym_suggestions_are_never_applied(runner, db, tmp_path):
    store(db, *[e for n in (1, 2) for e in (
        search("night mode", results=0, ts=at(0, n), visit=visit(n)),
        search("dark theme", results=2, ts=at(0, n, 0, 30), visit=visit(n)),
        click("dark theme", url="/account/appearance/", ts=at(0, n, 0, 40), visit=visit(n)))])
    synonyms = tmp_path / "articles" / "_synonyms.yml"
    synonyms.parent.mkdir()
    synonyms.write_text("en:\n  refund: [money back]\n", encoding="utf-8")
    export(runner, db, "--synonyms", str(tmp_path / "suggested.yml"), "--format", "json")
    assert "  dark theme: [night mode]  # night mode: 2 visits\n" in (tmp_path / "suggested.yml").read_text()
    assert synonyms.read_text(encoding="utf-8") == "en:\n  refund: [money back]\n"


def test_synonyms_into_a_missing_folder_is_a_one_line_error(runner, db):
    store(db, *EVENTS)
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "--synonyms", "nowhere/s.yml"])
    assert result.exit_code == 1
    assert result.output == "Error: cannot write nowhere/s.yml: the folder nowhere does not exist\n"
