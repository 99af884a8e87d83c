"""The CSV export opened in a spreadsheet: no cell, and no line of the file, can start a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.analytics.export import AnswerFeedback, Gap, Nearest, Report, UnmatchedWord, render_csv
from kbgen.analytics.store import EventStore, import_ndjson
from kbgen.cli import main

CALC = "=cmd|' /C calc'!A0"
# What a spreadsheet may skip before a formula character, and the formula characters' look-alikes.
PREFIXES = [" ", '"', "\u00a0", "\u200b", "\ufeff", "\t", "\u3000", "\u201c", ' "\u200b', "\u00a0\u00a0 "]
FORMULAS = ["=1+1", "+1", "-2", "@SUM(A1)", "\uff1d1+1", "\uff0b1", "\uff0d2", "\uff20SUM(A1)", "\ufe661+1"]
HOSTILE = [p + f for p in ["", *PREFIXES] for f in FORMULAS] + ["\tindented", "\rcarriage", "Thanks\r" + CALC]
# item, examples, nearest_article; item, examples; item (the page), top_reasons, recent_comments
TEXT_COLUMNS = {"zero_results": (1, 7, 8), "unmatched_words": (1, 7), "feedback": (1, 11, 12)}
LINE_START_PADDING = re.compile(r"^[\s\"`\u200b-\u200d\u2060\ufeff\u201c\u201d]*")


def ts(days_ago: int = 0) -> str:
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days_ago)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def assert_no_line_starts_a_formula(raw: bytes) -> None:
    """Every physical line of the file, as a reader splitting on CR or LF sees it."""
    for line in re.split(rb"\r\n|\r|\n", raw):
        text = unicodedata.normalize("NFKC", line.decode("utf-8"))
        rest = LINE_START_PADDING.sub("", text)
        assert rest.startswith("'") or not rest.startswith(("=", "+", "-", "@")), line


def unescape(cell: str) -> str:
    """A cell as the shopper typed it: the ``'`` the export put before each line that looked like a formula."""
    return re.sub(r"(^|\r\n|\r|\n)'", r"\1", cell)


def hostile_report(texts: list[str]) -> Report:
    """Every text column of the CSV export holding each hostile value."""
    seen = {"days": 1, "languages": ["en"], "first_seen": ts(1), "last_seen": ts()}
    return Report(
        zero_results=[Gap(query=t, normalized=f"q{i}", count=1, examples=[t, "fine"], nearest=Nearest(t, "/" + t),
                          **seen) for i, t in enumerate(texts)],
        unmatched_words=[UnmatchedWord(word=t, normalized=f"w{i}", count=1, examples=[t], **seen)
                         for i, t in enumerate(texts)],
        feedback=[AnswerFeedback(page=t, anchor="", votes=1, helpful=0, share_helpful=0.0, reasons=[(t, 1)],
                                 comments=[{"ts": ts(), "helpful": False, "comment": t}],
                                 first_seen=ts(1), last_seen=ts()) for t in texts],
        per_day={},
    )


def test_csv_cells_that_could_start_a_formula_are_prefixed_in_every_text_column():
    text = render_csv(hostile_report(HOSTILE))
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert len(table) == 1 + 3 * len(HOSTILE)  # no value broke out into rows of its own
    assert_no_line_starts_a_formula(text.encode("utf-8"))
    for row in table[1:]:
        for column in TEXT_COLUMNS[row[0]]:
            if not row[column].startswith("Thanks"):
                assert row[column].startswith("'"), row
    rows = {(row[0], unescape(row[1])): row for row in table[1:]}
    for value in HOSTILE:
        gap, word, answer = rows["zero_results", value], rows["unmatched_words", value], rows["feedback", value]
        assert unescape(gap[7]) == f"{value} | fine"
        assert unescape(gap[8]) == value
        assert unescape(gap[9]) == "/" + value
        assert unescape(word[7]) == value
        assert unescape(answer[11]) == f"{value} (1)"
        assert unescape(answer[12]) == value


@pytest.mark.parametrize("value", ["Thanks\r" + CALC, "Thanks\n" + CALC, "Thanks\r\n" + CALC, "a\r\u00a0" + CALC],
                         ids=["cr", "lf", "crlf", "cr-nbsp"])
def test_csv_quotes_a_cell_with_a_line_break_and_prefixes_each_line(value):
    text = render_csv(hostile_report([value]))
    assert text.endswith("\r\n")
    assert '"' + value.split("\r")[0].split("\n")[0] in text  # the cell is quoted: its line break stays in it
    assert_no_line_starts_a_formula(text.encode("utf-8"))
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert len(table) == 4
    assert [unescape(row[1]) for row in table[1:]] == [value] * 3


def test_ordinary_cells_are_written_as_they_are():
    texts = ["where is my order", "café-au-lait", "2-day shipping", "email me@example.com", "«hi»", "买 = buy"]
    table = list(csv.reader(io.StringIO(render_csv(hostile_report(texts)), newline="")))
    assert [row[1] for row in table[1:]] == texts * 3


def test_export_of_a_comment_with_a_bare_cr_cannot_start_a_row(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "events.sqlite"
    comment = "Thanks\r" + CALC
    events = [{"type": "feedback", "page": "/orders/returns/", "anchor": "", "helpful": False, "comment": comment,
               "lang": "en", "ts": ts()},
              {"type": "search", "query": "\u00a0\uff1dHYPERLINK(1)", "results": 0, "unmatched": [], "lang": "en",
               "page": "/", "ts": ts()}]
    with EventStore(db) as store:
        report = import_ndjson(store, [json.dumps(e).encode() for e in events])
    assert not report.rejected, report.rejected
    out = tmp_path / "gaps.csv"
    result = CliRunner().invoke(main, ["analytics", "export", "--db", str(db), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert b'"Thanks\r\'' + CALC.encode() + b'"' in raw
    assert_no_line_starts_a_formula(raw)
    table = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    by_section = {row[0]: row for row in reversed(table)}  # the first row of each section
    assert table[0][0] == "section" and {"zero_results", "feedback", "kpis"} <= set(by_section)
    assert unescape(by_section["feedback"][12]) == comment
    assert by_section["zero_results"][1] == "'\u00a0\uff1dHYPERLINK(1)"
