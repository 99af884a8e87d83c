"""``kbgen analytics serve --events FILE``: newline-delimited JSON from a store's own function."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kbgen.cli import main

from .conftest import click, feedback, rows, search


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(any_db):
    """Each import test runs on a SQLite file and on a PostgreSQL database."""
    return any_db


def test_events_file_is_imported_and_bad_lines_are_named(tmp_path, db, runner):
    lines = [
        json.dumps(search("gift card", results=0)),
        "",
        json.dumps([click("refund"), feedback(reason="unclear")]),
        '{"type": "search", "query": ',
        json.dumps(search(results="none")),
        "  ",
        b'{"type": "click", "query": "caf\xe9"}',
        json.dumps({"type": "pageview"}),
        json.dumps(search("last line, no newline")),
    ]
    path = tmp_path / "events.ndjson"
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines))
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(path)])
    assert result.exit_code == 0, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 4
    assert errors[0].startswith(f"{path}:4: error: malformed JSON: ")
    assert errors[1].startswith(f"{path}:5: error: ") and "results" in errors[1]  # msgspec words this one
    assert errors[2] == f"{path}:7: error: the body is not valid UTF-8"
    assert errors[3].startswith(f"{path}:8: error: ")
    assert errors[3].endswith(" (type must be one of search, click, feedback, contact)")
    assert result.stdout == f"Imported 4 events from {path} (9 lines, 4 rejected)\n"
    stored = rows(db)
    assert [r["type"] for r in stored] == ["search", "click", "feedback", "search"]
    assert stored[0]["query"] == "gift card"
    assert stored[2]["reason"] == "unclear"


def test_events_from_standard_input(db, runner):
    text = "\n".join(json.dumps(search(f"query {n}")) for n in range(3)) + "\n"
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", "-"], input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 3 events from - (3 lines, 0 rejected)\n"
    assert len(rows(db)) == 3


def test_a_line_over_16_kib_is_rejected(tmp_path, db, runner):
    path = tmp_path / "big.ndjson"
    path.write_text(json.dumps(search("big", note="x" * 17_000)) + "\n" + json.dumps(search("small")) + "\n")
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(path)])
    assert result.exit_code == 0
    assert f"{path}:1: error: the line is over 16384 bytes" in result.stderr
    assert [r["query"] for r in rows(db)] == ["small"]


def test_missing_events_file_is_an_error(tmp_path, db, runner):
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(tmp_path / "nope.ndjson")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_db_in_a_missing_folder_is_a_clear_error(tmp_path, runner):
    result = runner.invoke(main, ["analytics", "serve", "--db", str(tmp_path / "no" / "events.sqlite"),
                                  "--events", "-"], input="")
    assert result.exit_code == 1
    assert "Error: cannot create" in result.output
    assert "does not exist" in result.output


def test_a_file_that_is_not_an_event_database_is_refused(tmp_path, runner):
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"not sqlite at all" * 100)
    result = runner.invoke(main, ["analytics", "export", "--db", str(other)])
    assert result.exit_code == 1
    assert "is not a kbgen event database" in result.output


def test_bad_origin_is_refused(db, runner):
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--allow-origin", "help.example.com/x"])
    assert result.exit_code == 2
    assert "is not an origin" in result.output


@pytest.mark.parametrize("command", [["analytics"], ["analytics", "serve"], ["analytics", "export"]],
                         ids=lambda c: " ".join(c))
def test_analytics_help_has_an_example(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:\n      kbgen analytics " in result.output


def test_a_file_whose_every_line_is_rejected_exits_1(tmp_path, db, runner):
    path = tmp_path / "bad.ndjson"
    path.write_text(json.dumps(search(results="none")) + "\n" + '{"type": "click"\n')
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(path)])
    assert result.exit_code == 1
    assert result.stdout == f"Imported 0 events from {path} (2 lines, 2 rejected)\n"
    assert result.stderr.splitlines()[-1] == f"Error: every line of {path} was rejected; nothing was imported from it"


def test_an_empty_file_is_not_an_error(tmp_path, db, runner):
    path = tmp_path / "empty.ndjson"
    path.write_text("\n")
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"Imported 0 events from {path} (1 line, 0 rejected)\n"


def test_the_valid_events_of_a_line_are_kept_and_the_others_named(tmp_path, db, runner):
    path = tmp_path / "mixed.ndjson"
    path.write_text(json.dumps([search("kept"), search(" "), feedback(reason="unclear")]) + "\n")
    result = runner.invoke(main, ["analytics", "serve", "--db", str(db), "--events", str(path)])
    assert result.exit_code == 0
    assert result.stderr == f"{path}:1: error: query must not be blank - at `$[1]`\n"
    assert [r["type"] for r in rows(db)] == ["search", "feedback"]
