"""``kbgen analytics export``: grouping, filters, the four formats, the nearest article, draft stubs."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.analytics.export import group_forms, parse_since
from kbgen.analytics.store import import_ndjson, open_store
from kbgen.cli import main
from kbgen.index.query import edit_distance

from .conftest import NOW, feedback, search, ts


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The ``kbgen init`` help center, built: what the nearest-article column searches."""
    from kbgen.build import build_site
    from kbgen.scaffold import create_help_center

    root = tmp_path_factory.mktemp("center") / "help"
    create_help_center(str(root), store_name="Test Store")
    build_site(str(root / "mkdocs.yml"), echo=lambda line: None)
    return root / "site"


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # away from the repository's own mkdocs.yml
    return CliRunner()


@pytest.fixture
def db(any_db):
    """Each export test runs on a SQLite file and on a PostgreSQL database: the same report from both."""
    return any_db


def store(db: Path | str, *events: dict) -> Path | str:
    with open_store(db) as events_db:
        report = import_ndjson(events_db, [json.dumps(e).encode() for e in events])
    assert not report.rejected, report.rejected
    return db


def zero(query: str, n: int = 1, **fields) -> list[dict]:
    return [search(query, results=0, **fields) for _ in range(n)]


def export(runner: CliRunner, db: Path, *options: str) -> CliRunner:
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), *options])
    assert result.exit_code == 0, result.output
    return result


def export_json(runner: CliRunner, db: Path, *options: str) -> dict:
    return json.loads(export(runner, db, "--format", "json", *options).stdout)


def test_typo_variants_join_the_most_frequent_form(runner, db, site):
    store(db, *zero("Refund", 3), *zero("refund!"), *zero("refnud", 2), *zero("delivery time", 2),
          *zero("delivry tme"), *zero("abc", 2), *zero("abd"))
    data = export_json(runner, db, "--site-dir", str(site))
    groups = {g["normalized"]: g for g in data["zero_results"]}
    assert set(groups) == {"refund", "delivery time", "abc", "abd"}  # 3 letters: too short to merge
    refund = groups["refund"]
    assert (refund["query"], refund["count"], refund["examples"]) == ("Refund", 6, ["Refund", "refnud", "refund!"])
    assert (refund["days"], refund["languages"]) == (1, ["en"])
    assert refund["first_seen"] <= refund["last_seen"]
    assert groups["delivery time"]["count"] == 3  # two edits apart, 8+ letters
    assert [g["normalized"] for g in data["zero_results"]][:2] == ["refund", "delivery time"]
    assert refund["nearest_article"]["title"]  # the demo's refund FAQ answer or the returns article
    assert refund["nearest_article"]["url"].startswith("/orders/")


def test_group_forms_keeps_the_first_letter_and_the_limits():
    counts = {"refund": 5, "refnud": 2, "efund": 1, "shipping cost": 4, "shiping cots": 1, "tent": 3, "tint": 1,
              "tnt": 1, "parcel": 2, "parcle": 2}
    leader = group_forms(counts)
    assert leader["refnud"] == "refund"
    assert leader["efund"] == "efund"  # another first letter: not a typo the search would forgive either
    assert leader["shiping cots"] == "shipping cost"
    assert leader["tint"] == "tent"
    assert leader["tnt"] == "tnt"  # 3 letters: no typo allowance
    assert (leader["parcel"], leader["parcle"]) == ("parcel", "parcle")  # seen as often: neither is the typo


@settings(max_examples=400, deadline=None)
@given(st.text("abcdeé 한", max_size=12), st.text("abcdeé 한", max_size=12), st.integers(0, 3))
def test_the_grouping_distance_is_the_search_typo_distance(a, b, limit):
    """group_forms measures with rapidfuzz's OSA; the site's search with kbgen's own: the same edits count."""
    from rapidfuzz.distance import OSA

    within = OSA.distance(a, b, score_cutoff=limit)  # limit + 1 when above the limit
    assert within == min(edit_distance(a, b, limit), limit + 1)


def test_nearest_article_for_a_query_with_an_unknown_word(runner, db, site):
    store(db, *zero("afterpay payment methods", 2), *zero("xyzzy"))
    data = export_json(runner, db, "--site-dir", str(site))
    nearest = {g["query"]: g["nearest_article"] for g in data["zero_results"]}
    assert nearest["afterpay payment methods"]["title"] == "Which payment methods do you accept?"
    assert nearest["xyzzy"] is None


def test_without_a_built_site_the_nearest_column_is_empty(runner, db, tmp_path):
    store(db, *zero("gift card"))
    result = export(runner, db, "--format", "json", "--site-dir", str(tmp_path / "nothing-built"))
    assert json.loads(result.stdout)["zero_results"][0]["nearest_article"] is None
    assert "note: no search index at" in result.stderr
    assert "the nearest-article column is empty" in result.stderr
    result = export(runner, db, "--format", "json")  # no mkdocs.yml here either
    assert "note: no built site found" in result.stderr


def test_unmatched_words_of_searches_that_found_something(runner, db):
    store(db, search("can i pay with klarna", results=4, unmatched=["klarna"]),
          search("klarna", results=2, unmatched=["klarna"]), search("Klarna refund", results=3, unmatched=["Klarna"]),
          search("klarma payment", results=5, unmatched=["klarma"]),
          search("afterpay", results=0, unmatched=["afterpay"]),  # found nothing: a gap, not an unknown word
          search("where is my order", results=7))
    data = export_json(runner, db)
    assert [(w["word"], w["count"]) for w in data["unmatched_words"]] == [("klarna", 4)]
    assert set(data["unmatched_words"][0]["examples"]) <= {"can i pay with klarna", "klarna", "Klarna refund",
                                                           "klarma payment"}
    assert len(data["unmatched_words"][0]["examples"]) == 3
    assert [g["query"] for g in data["zero_results"]] == ["afterpay"]


def test_feedback_per_article_and_answer(runner, db):
    faq = {"page": "/orders/orders/", "anchor": "how-long-does-a-refund-take"}
    store(db,
          feedback(helpful=True, ts=ts(5)),
          feedback(reason="unclear", comment="first", ts=ts(4)),
          feedback(reason="unclear", comment="second", ts=ts(3)),
          feedback(reason="outdated", comment="third", ts=ts(2)),
          feedback(reason="other", comment="fourth", ts=ts(1)),
          feedback(helpful=True, **faq))
    data = export_json(runner, db)
    returns, answer = data["feedback"]
    assert (returns["page"], returns["anchor"], returns["votes"], returns["helpful"], returns["share_helpful"]) == \
        ("/orders/returns/", "", 5, 1, 0.2)
    assert returns["reasons"] == [{"reason": "unclear", "count": 2}, {"reason": "other", "count": 1},
                                  {"reason": "outdated", "count": 1}]
    assert [c["comment"] for c in returns["comments"]] == ["fourth", "third", "second"]
    assert (answer["anchor"], answer["votes"], answer["share_helpful"], answer["comments"]) == \
        ("how-long-does-a-refund-take", 1, 1.0, [])


def test_since_lang_and_min_count_filters(runner, db):
    store(db, *zero("old question", ts=ts(40)), *zero("new question", 2, ts=ts(1)),
          *zero("dansk spørgsmål", lang="da", ts=ts(2)), *zero("brazilian", lang="pt-BR", ts=ts(1)),
          feedback(ts=ts(40)), feedback(page="/new/", ts=ts(1)))

    def queries(*options: str) -> list[str]:
        return [g["query"] for g in export_json(runner, db, *options)["zero_results"]]

    assert queries() == ["new question", "brazilian", "dansk spørgsmål", "old question"]
    assert queries("--since", "30d") == ["new question", "brazilian", "dansk spørgsmål"]
    since_date = (NOW.date().toordinal() - 10)
    from datetime import date
    assert queries("--since", date.fromordinal(since_date).isoformat()) == \
        ["new question", "brazilian", "dansk spørgsmål"]
    assert queries("--lang", "da") == ["dansk spørgsmål"]
    assert queries("--lang", "pt") == ["brazilian"]  # pt takes pt-br
    assert queries("--min-count", "2") == ["new question"]
    assert [a["page"] for a in export_json(runner, db, "--since", "30d")["feedback"]] == ["/new/"]


def test_export_lang_that_is_no_code_names_the_code_it_may_mean(runner, db):
    store(db, *zero("dansk spørgsmål", lang="da", ts=ts(2)))
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "--lang", "danish"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: --lang: 'danish' is not a language code (did you mean 'da'?); ")


def test_since_accepts_periods_and_dates():
    from datetime import datetime, timezone

    now = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    assert parse_since("30d", now) == "2026-10-25T12:00:00.000Z"
    assert parse_since("12h", now) == "2026-11-24T00:00:00.000Z"
    assert parse_since("2w", now) == "2026-11-10T12:00:00.000Z"
    assert parse_since("2026-11-01", now) == "2026-11-01T00:00:00.000Z"
    assert parse_since("2026-11-01T10:00:00+02:00", now) == "2026-11-01T08:00:00.000Z"


def test_bad_since_is_a_clear_error(runner, db):
    store(db, *zero("x"))
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "--since", "last month"])
    assert result.exit_code == 1
    assert result.output == "Error: --since 'last month' is neither a period (30d, 12h, 2w) nor a date (2026-11-01)\n"


def test_missing_database_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["analytics", "export", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert "no event database at" in result.output
    assert not (tmp_path / "none.sqlite").exists()


def test_csv_is_one_spreadsheet_safe_file(runner, db):
    store(db, *zero("=cmd", 4), *zero("+1", 3), *zero("-2", 2), *zero("@x"),
          search("@sum with klarna", results=2, unmatched=["klarna"]),
          feedback(page="/orders/returns/", comment='=HYPERLINK("http://evil.example","click")', reason="other"),
          feedback(page="/contact/", comment="\tindented", helpful=True))
    text = export(runner, db, "--format", "csv").stdout
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["section", "item", "count", "days_seen", "languages", "first_seen", "last_seen", "examples",
                        "nearest_article", "nearest_url", "share_helpful", "top_reasons", "recent_comments",
                        "period", "segment", "metric", "value", "change", "detail"]
    by_item = {row[1]: row for row in table[1:]}
    assert [row[1] for row in table[1:5]] == ["'=cmd", "'+1", "'-2", "'@x"]
    assert by_item["'=cmd"][0] == "zero_results"
    assert by_item["'=cmd"][2] == "4"
    assert by_item["'=cmd"][7] == "'=cmd"  # the examples cell too
    assert by_item["klarna"][0] == "unmatched_words"
    assert by_item["klarna"][7] == "'@sum with klarna"
    assert by_item["/orders/returns/"][0] == "feedback"
    assert by_item["/orders/returns/"][12] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert by_item["/contact/"][12] == "'\tindented"
    assert by_item["/contact/"][10] == "1.0"
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_html_is_self_contained_and_escapes_everything(runner, db, tmp_path):
    store(db, *zero("<script>alert(1)</script>", 3, ts=ts(2)), *zero("klarna", ts=ts(0)),
          search('"><img src=x onerror=alert(2)>', results=1, unmatched=["<b>bold</b>"]),
          feedback(page="/a/<svg onload=alert(3)>/", comment="</td><script>alert(4)</script>", anchor='x" onclick="y'))
    out = tmp_path / "report.html"
    result = export(runner, db, "-o", str(out))
    assert result.stdout == ""
    assert f"Wrote {out}: 2 searches that found nothing, 1 unknown words, 1 answers with feedback" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in page
    assert "<strong>&lt;b&gt;bold&lt;/b&gt;</strong>" in page
    tags = TagCollector()
    tags.feed(page)
    assert tags.names <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ul", "li",
                          "strong", "svg", "line", "text", "rect", "table", "caption", "thead", "tbody", "tr", "th",
                          "td", "code", "br", "span"}
    assert not [a for a in tags.attributes if a.startswith("on")]
    assert not tags.attributes & {"src", "href"}  # nothing loaded from anywhere
    assert "http://" not in page and "https://" not in page
    assert page.count("<svg") == 2  # per-day chart and top gaps (no visits: no chart of visits)
    assert "Searches that found nothing, per day" in page
    assert "<title>" in page and "<style>" in page


class TagCollector(HTMLParser):
    """Every element and attribute name a browser would see in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.names.add(tag)
        self.attributes |= {name for name, _ in attrs}


def test_html_chart_has_a_bar_per_day(runner, db):
    store(db, *zero("a query", 2, ts=ts(3)), *zero("a query", ts=ts(0)))
    page = export(runner, db, "--format", "html").stdout
    chart = page.split('<svg class="chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<rect") == 4  # 3 days ago to today, the empty days included
    assert re.findall(r"<title>([\d-]+): (\d+)</title>", chart)[0][1] == "2"


def test_markdown_has_three_tables_and_escapes_cells(runner, db):
    store(db, *zero("a|b <i>", 2), search("klarna pay", results=2, unmatched=["klarna"]),
          feedback(comment="*bold* [link](x)"))
    text = export(runner, db).stdout  # md is the default on standard output
    assert re.findall(r"^## (.*)$", text, re.MULTILINE) == [
        "Searches that found nothing", "Words found nowhere on the site, in searches that found something",
        "Feedback per article and answer", "Self-service, per week", "Searched just before a contact",
        "Click-through per query", "Busiest hours (searches, UTC)", "Synonym suggestions"]
    assert "| a\\|b &lt;i&gt; | 2 | 1 | en |" in text
    assert "\\*bold\\* \\[link\\](x)" in text
    assert "| klarna | 1 |" in text


def test_json_of_no_events_holds_empty_lists_and_kpis(runner, db):
    store(db)
    empty_week = [[0] * 24 for _ in range(7)]
    assert export_json(runner, db) == {
        "zero_results": [], "unmatched_words": [], "feedback": [],
        "kpis": {"period": "week", "rows": [], "contact_questions": [], "click_through": [],
                 "busiest_hours": {"searches": empty_week, "contacts": empty_week},
                 "without_visit": {"search": 0, "click": 0, "feedback": 0, "contact": 0}},
        "synonym_suggestions": [],
    }


def test_format_comes_from_the_output_name(runner, db, tmp_path):
    store(db, *zero("gift card"))
    export(runner, db, "-o", str(tmp_path / "gaps.csv"))
    assert (tmp_path / "gaps.csv").read_text().startswith("section,item,count")
    export(runner, db, "-o", str(tmp_path / "gaps.json"))
    assert json.loads((tmp_path / "gaps.json").read_text())["zero_results"][0]["query"] == "gift card"


def test_draft_stubs_for_the_top_10_gaps_never_overwrite(runner, db, tmp_path, site):
    topics = ["gift cards", "klarna", "price match", "student discount", "gift wrapping", "engraving", "rental",
              "repair service", "bulk orders", "military discount", "click and collect", "wishlist"]
    events = []
    for n, topic in enumerate(topics):
        events += zero(topic, 20 - n)
    events += zero("Gift-cards!")
    store(db, *events)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "klarna.md").write_text("mine\n")
    result = export(runner, db, "--draft", str(drafts), "--site-dir", str(site), "-o", str(tmp_path / "r.md"))
    written = sorted(p.name for p in drafts.iterdir())
    assert len(written) == 10
    assert "click-and-collect.md" not in written  # the 11th gap
    assert (drafts / "klarna.md").read_text() == "mine\n"
    assert f"Kept {drafts / 'klarna.md'}: it already exists" in result.stderr
    assert result.stderr.count("Drafted ") == 9
    text = (drafts / "gift-cards.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {"title": "Gift cards", "draft": True, "keywords": ["gift cards", "Gift-cards!"]}
    body = text.split("---\n", 2)[2]
    assert "Shoppers searched for this 21 times on 1 day" in body
    assert "- gift cards (20 searches)" in body
    assert "- Gift-cards! (1 search)" in body


def test_draft_stubs_pass_kbgen_check(make_site, db):
    root = make_site()
    store(db, *zero("can i pay with <klarna>?", 3), *zero("- gift | card"))
    runner = CliRunner()
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "--draft", "articles/orders",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "articles/orders").glob("*klarna*")) == ["can-i-pay-with-klarna.md"]
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0, check.output


def test_the_sample_events_import_and_export(runner, db, site):
    sample = Path(__file__).with_name("sample-events.ndjson")
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(sample)])
    assert result.exit_code == 0
    assert result.stdout.endswith("(237 lines, 0 rejected)\n")
    data = export_json(runner, db, "--site-dir", str(site))
    top = data["zero_results"][0]
    assert (top["query"], top["count"], top["examples"]) == ("tent rental", 10, ["tent rental", "tent rentel"])
    assert data["unmatched_words"][0]["word"] == "klarna"
    assert data["feedback"][0]["page"] == "/returns-and-refunds/refund-timing/"


@pytest.mark.parametrize(("output", "message"), [
    ("report.xlsx", "cannot tell the format of report.xlsx: end its name in .csv, .json, .md or .html, or pass "
                    "--format"),
    ("missing/report.csv", "cannot write missing/report.csv: the folder missing does not exist"),
    ("notes.txt/report.csv", "cannot write notes.txt/report.csv: notes.txt is a file, not a folder"),
], ids=["unknown-extension", "missing-folder", "under-a-file"])
def test_an_output_kbgen_cannot_write_is_a_one_line_error(runner, tmp_path, output, message):
    db = store(tmp_path / "events.sqlite", *zero("gift card"))  # the folder holds the database and notes.txt
    (tmp_path / "notes.txt").write_text("mine\n")
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "-o", output])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.sqlite", "notes.txt"]


def test_an_unknown_extension_with_format_is_written_as_asked(runner, db, tmp_path):
    store(db, *zero("gift card"))
    export(runner, db, "--format", "csv", "-o", "report.xlsx")
    assert (tmp_path / "report.xlsx").read_text().startswith("section,item,count")


def test_drafts_under_a_file_are_a_one_line_error(runner, db, tmp_path):
    store(db, *zero("gift card"))
    (tmp_path / "notes.txt").write_text("mine\n")
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "--draft", "notes.txt/drafts"])
    assert result.exit_code == 1
    assert result.output == "Error: cannot write drafts into notes.txt/drafts: notes.txt is a file, not a folder\n"
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_an_output_without_an_extension_is_refused_unless_a_format_is_given(runner, db, tmp_path):
    store(db, *zero("gift card"))
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "-o", "report"])
    assert result.exit_code == 1
    assert result.output == ("Error: cannot tell the format of report: end its name in .csv, .json, .md or .html, "
                             "or pass --format\n")
    assert not (tmp_path / "report").exists()
    given = runner.invoke(main, ["analytics", "export", "--db", str(db), "-o", "report", "--format", "md"])
    assert given.exit_code == 0


def test_drafts_that_cannot_be_written_stop_before_any_report_is_printed(runner, db):
    store(db, *zero("gift card"))
    result = runner.invoke(main, ["analytics", "export", "--db", str(db), "--draft", "/proc/drafts"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot write drafts into /proc/drafts: ")
    assert len(result.output.splitlines()) == 1
