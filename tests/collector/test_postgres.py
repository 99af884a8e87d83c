"""PostgreSQL as the store: the same export as SQLite, migrate, the password never on the command line.

Against a real server the session starts (``postgres`` fixture, tests/collector/postgres.py).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import httpx2 as httpx
import pytest
from click.testing import CliRunner

from kbgen.analytics.migrations import SCHEMA_VERSION
from kbgen.cli import main

from .conftest import body, rows, running_collector, search

SAMPLE = Path(__file__).with_name("sample-events.ndjson")
COLUMNS_BUT_ID = ("type, ts, lang, page, query, query_norm, results, unmatched, url, position, anchor, helpful, "
                  "reason, comment, received_at")
QUERIES = ["where is my order", "Where's my ORDER?", "wheres my order", "refnud", "refund", "crème brûlée",
           "creme brulee", "배송 조회", "klarna", "Klarna payments", "tent rental", "tent rentel", "gift card",
           "giftcard", "po box", "afterpay", "size chart", "warrenty", "warranty claim", "ünïcödé"]
PAGES = ["/", "/orders/track/", "/returns/refunds/", "/payments/", "/faq/#shipping"]
JSON = {"content-type": "application/json"}
COMMENTS = ["Old form.", "Line one\nline two", "Tab\tseparated", "=SUM(A1)", "같은 의견", "", "  ", "Same text"]


def runner() -> CliRunner:
    return CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner().invoke(main, ["analytics", *args], input=input)


def mixed_events(n: int = 1500, seed: int = 17) -> list[dict]:
    """Searches, clicks and feedback with ties in every count and time, several languages and scripts."""
    rng = random.Random(seed)
    events = []
    for i in range(n):
        day = f"2026-11-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.choice([0, 30]):02d}:00.000Z"
        lang = rng.choice(["en", "en-GB", "da", "pt-BR", "ko"])
        kind = i % 3
        if kind == 0:
            found = rng.random() < 0.5
            unmatched = rng.sample(["klarna", "Klarna", "afterpay", "배송", "ünï", "warrenty"], rng.randint(0, 2))
            events.append({"type": "search", "query": rng.choice(QUERIES), "results": rng.randint(1, 9) if found else 0,
                           "unmatched": unmatched, "lang": lang, "page": rng.choice(PAGES), "ts": day})
        elif kind == 1:
            events.append({"type": "click", "query": rng.choice(QUERIES), "url": rng.choice(PAGES),
                           "position": rng.randint(1, 5), "lang": lang, "page": "/search/", "ts": day})
        else:
            event = {"type": "feedback", "page": rng.choice(PAGES), "anchor": rng.choice(["", "", "late", "klarna"]),
                     "helpful": rng.random() < 0.4, "lang": lang, "ts": day}
            if rng.random() < 0.6:
                event["reason"] = rng.choice(["unclear", "didnt-answer", "outdated", "other"])
            if rng.random() < 0.5:
                event["comment"] = rng.choice(COMMENTS)
            events.append(event)
    return events


@pytest.fixture(scope="module")
def both(tmp_path_factory, postgres):
    """One NDJSON file (the sample's events and 1,500 mixed ones) imported into SQLite and into PostgreSQL."""
    folder = tmp_path_factory.mktemp("both")
    ndjson = folder / "events.ndjson"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines += [json.dumps(event, ensure_ascii=False) for event in mixed_events()]
    ndjson.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sqlite_db, pg_db = str(folder / "events.sqlite"), postgres.create_database()
    for db in (sqlite_db, pg_db):
        result = invoke("serve", "--db", db, "--events", str(ndjson))
        assert result.exit_code == 0, result.output
        assert result.stdout.endswith(f"({len(lines)} lines, 0 rejected)\n")
    return sqlite_db, pg_db


@pytest.mark.parametrize("options", [(), ("--lang", "en"), ("--since", "2026-11-15"), ("--min-count", "3"),
                                     ("--lang", "pt-br", "--since", "2026-11-10T12:00:00Z")],
                         ids=["all", "lang", "since", "min-count", "lang-and-since"])
@pytest.mark.parametrize("format_", ["json", "csv", "md"])
def test_the_same_ndjson_exports_identically_from_sqlite_and_postgres(both, format_, options):
    sqlite_db, pg_db = both
    exports = []
    for db in (sqlite_db, pg_db):
        result = invoke("export", "--db", db, "--format", format_, "--site-dir", "/nonexistent", *options)
        assert result.exit_code == 0, result.output
        exports.append(result.stdout)
    assert exports[0] == exports[1]
    if format_ == "json" and not options:
        report = json.loads(exports[0])
        assert len(report["zero_results"]) > 5 and len(report["unmatched_words"]) > 3 and len(report["feedback"]) > 5


def test_both_stores_hold_the_same_rows(both):
    sqlite_db, pg_db = both
    sql = f"SELECT {COLUMNS_BUT_ID} FROM events ORDER BY id"
    strip = [{k: v for k, v in row.items() if k != "received_at"} for row in rows(sqlite_db, sql)]
    assert strip == [{k: v for k, v in row.items() if k != "received_at"} for row in rows(pg_db, sql)]
    assert len(strip) == 237 + 1500  # the sample events, then the generated ones


def test_migrate_moves_the_history_and_refuses_to_copy_it_twice(both, postgres):
    sqlite_db, _ = both
    target = postgres.create_database()
    result = invoke("migrate", "--from", sqlite_db, "--to", target)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Copied 1737 events from {sqlite_db} to {target} in ")
    sql = f"SELECT {COLUMNS_BUT_ID} FROM events ORDER BY id"
    assert rows(target, sql) == rows(sqlite_db, sql)  # received_at too: the history keeps its times
    again = invoke("migrate", "--from", sqlite_db, "--to", target)
    assert again.exit_code == 1
    assert again.output == (f"Error: {target} already holds the events of {sqlite_db} (its newest event is there); "
                            "nothing was copied\n")
    assert len(rows(target)) == 1737


def test_migrate_into_a_database_collectors_already_write_to_keeps_both(both, pg_db):
    sqlite_db, _ = both
    with running_collector(pg_db, rate=0) as url, httpx.Client(base_url=url) as client:
        first = client.post("/events", headers=JSON, content=body(search("arrived on postgres first")))
        assert first.status_code == 204
        result = invoke("migrate", "--from", sqlite_db, "--to", pg_db)
        assert result.exit_code == 0, result.output
        assert client.post("/events", headers=JSON, content=body(search("arrived during the move"))).status_code == 204
    assert len(rows(pg_db)) == 1737 + 2


def test_a_migrate_that_fails_half_way_copies_nothing_and_can_run_again(tmp_path, pg_db):
    source = tmp_path / "events.sqlite"
    lines = [json.dumps(search(f"event {n}")) for n in range(25_000)]  # three chunks of 10,000
    (tmp_path / "e.ndjson").write_text("\n".join(lines) + "\n")
    assert invoke("serve", "--db", str(source), "--events", str(tmp_path / "e.ndjson")).exit_code == 0
    with closing(sqlite3.connect(source)) as connection, connection:  # a NUL, which PostgreSQL text cannot hold
        connection.execute("UPDATE events SET query = ? WHERE id = 24000", ("nul\x00here",))
    failed = invoke("migrate", "--from", str(source), "--to", pg_db)
    assert failed.exit_code == 1
    assert failed.output.startswith(f"Error: cannot copy the events into {pg_db}: ")
    assert failed.output.endswith("; nothing was copied\n") and failed.output.count("\n") == 1
    assert rows(pg_db, "SELECT count(*) AS n FROM events") == [{"n": 0}]
    with closing(sqlite3.connect(source)) as connection, connection:
        connection.execute("UPDATE events SET query = 'fixed' WHERE id = 24000")
    again = invoke("migrate", "--from", str(source), "--to", pg_db)
    assert again.exit_code == 0, again.output
    assert rows(pg_db, "SELECT count(*) AS n FROM events") == [{"n": 25_000}]


def test_migrate_from_postgres_back_to_a_sqlite_file(both, tmp_path):
    _, pg_db = both
    back = tmp_path / "back.sqlite"
    result = invoke("migrate", "--from", pg_db, "--to", str(back))
    assert result.exit_code == 0, result.output
    sql = f"SELECT {COLUMNS_BUT_ID} FROM events ORDER BY id"
    assert rows(back, sql) == rows(pg_db, sql)


@pytest.mark.parametrize("command", [("serve", "--db"), ("export", "--db"), ("migrate", "--from", "x.sqlite", "--to")],
                         ids=["serve", "export", "migrate"])
@pytest.mark.parametrize("url", ["postgresql://kbgen:s3cret@127.0.0.1/kbgen",
                                 "postgres://kbgen@127.0.0.1/kbgen?sslmode=require&password=s3cret"],
                         ids=["in-the-authority", "as-a-query-option"])
def test_a_url_with_a_password_is_refused_with_where_to_put_it(command, url):
    result = invoke(*command, url)
    assert result.exit_code == 1
    assert result.output == ("Error: the PostgreSQL URL holds a password, which the process list would show; leave it "
                             "out and set PGPASSWORD or put it in ~/.pgpass\n")
    assert "s3cret" not in result.output


def export_with_env(db: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")} | env
    return subprocess.run([sys.executable, "-m", "kbgen", "analytics", "export", "--db", db, "--format", "json",
                           "--site-dir", "/nonexistent"], capture_output=True, text=True, env=environment, timeout=60,
                          check=False)


def test_the_password_comes_from_pgpassword_or_pgpass_and_its_absence_is_one_line(pg_db, tmp_path):
    from .postgres import PASSWORD

    created = invoke("serve", "--db", pg_db, "--events", "-")  # makes the table, imports nothing
    assert created.exit_code == 0, created.output
    nowhere = str(tmp_path / "no-pgpass")
    assert export_with_env(pg_db, PGPASSWORD=PASSWORD, PGPASSFILE=nowhere).returncode == 0
    assert export_with_env(pg_db, PGPASSFILE=os.environ["PGPASSFILE"]).returncode == 0
    missing = export_with_env(pg_db, PGPASSFILE=nowhere)
    assert missing.returncode == 1
    assert missing.stderr.startswith(f"Error: cannot read events in {pg_db}: connection failed: ")
    assert missing.stderr.endswith("fe_sendauth: no password supplied (set PGPASSWORD or put the password in "
                                   "~/.pgpass)\n")
    assert missing.stderr.count("\n") == 1


def test_without_psycopg_the_error_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    result = invoke("export", "--db", "postgresql://kbgen@127.0.0.1/kbgen")
    assert result.exit_code == 1
    assert result.output == "Error: PostgreSQL support needs psycopg: pip install 'kbgen[postgres]'\n"
    assert invoke("serve", "--db", str(tmp_path / "events.sqlite"), "--events", "-").exit_code == 0  # SQLite: none


def test_the_schema_is_versioned_and_a_newer_or_foreign_one_is_refused(pg_db, postgres):
    import psycopg

    assert invoke("serve", "--db", pg_db, "--events", "-").exit_code == 0
    assert rows(pg_db, "SELECT version FROM kbgen_schema") == [{"version": SCHEMA_VERSION}]
    with psycopg.connect(pg_db, autocommit=True) as connection:
        connection.execute("INSERT INTO kbgen_schema (version) VALUES (99)")
    newer = invoke("export", "--db", pg_db)
    assert newer.output == (f"Error: {pg_db} is not a kbgen event database "
                            f"(schema version 99, expected {SCHEMA_VERSION})\n")
    foreign = postgres.create_database()
    with psycopg.connect(foreign, autocommit=True) as connection:
        connection.execute("CREATE TABLE events (id int)")
    refused = invoke("serve", "--db", foreign, "--events", "-")
    assert refused.output == (f"Error: {foreign} is not a kbgen event database (a table named events that kbgen did "
                              "not make)\n")


def test_export_of_a_database_without_events_table_says_so(pg_db):
    result = invoke("export", "--db", pg_db)
    assert result.exit_code == 1
    assert result.output == (f"Error: {pg_db} is not a kbgen event database "
                             f"(schema version 0, expected {SCHEMA_VERSION})\n")


def test_export_never_writes(both):
    """The export's transactions are read-only: even a bug could not change the events."""
    from kbgen.analytics.store import open_store

    _, pg_db = both
    with open_store(pg_db, readonly=True) as store, pytest.raises(Exception, match="read-only transaction"):
        store.query("DELETE FROM events")


def test_a_dropped_connection_is_replaced_before_the_next_commit(pg_db):
    """A server restart or failover drops the pool's connections: the next event is stored all the same."""
    import psycopg

    with running_collector(pg_db, rate=0, health_interval=0) as url, httpx.Client(base_url=url) as client:
        assert client.post("/events", headers=JSON, content=body(search("before"))).status_code == 204
        with psycopg.connect(pg_db, autocommit=True) as admin:
            killed = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE application_name = 'kbgen-analytics'").fetchone()[0]
        assert killed >= 1
        assert client.post("/events", headers=JSON, content=body(search("after"))).status_code == 204
        assert client.get("/healthz").status_code == 200
    assert [r["query"] for r in rows(pg_db)] == ["before", "after"]


def test_healthz_is_503_while_postgres_refuses_writes_and_200_after(pg_db):
    import psycopg

    with running_collector(pg_db, rate=0, health_interval=0) as url, httpx.Client(base_url=url) as client:
        assert client.get("/healthz").status_code == 200
        with psycopg.connect(pg_db, autocommit=True) as admin:
            admin.execute("ALTER TABLE events ADD CONSTRAINT no_feedback CHECK (type <> 'feedback') NOT VALID")
            response = client.get("/healthz")
            assert response.status_code == 503
            assert response.json()["error"].startswith('events cannot be stored now: new row for relation "events" '
                                                       'violates check constraint "no_feedback"')
            admin.execute("ALTER TABLE events DROP CONSTRAINT no_feedback")
        assert client.get("/healthz").status_code == 200
    assert rows(pg_db) == []  # every probe row was removed


V1_ROW = ("search", "2026-11-24T05:46:43.444Z", "en", "/", "before the step", "before the step", 3, None, None,
          None, None, None, None, None, "2026-11-24T05:46:44.000Z")


def write_version_1(db: str, kind: str, migrations) -> None:
    """A database as the kbgen of schema version 1 left it, with one search in it."""
    columns = migrations.V1_COLUMNS.removeprefix("id, ")
    if kind == "sqlite":
        with closing(sqlite3.connect(db)) as connection, connection:
            connection.executescript(migrations.SQLITE_EVENTS + "PRAGMA user_version=1;")
            connection.execute(f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(V1_ROW))})", V1_ROW)
        return
    import psycopg

    with psycopg.connect(db, autocommit=True) as connection:
        connection.execute(migrations.POSTGRES_EVENTS)
        connection.execute("CREATE TABLE kbgen_schema (version integer NOT NULL, applied_at timestamptz NOT NULL "
                           "DEFAULT now())")
        connection.execute("INSERT INTO kbgen_schema (version) VALUES (1)")
        connection.execute(f"INSERT INTO events ({columns}) VALUES ({', '.join(['%s'] * len(V1_ROW))})", V1_ROW)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_version_1_database_gains_visit_source_and_contact_and_keeps_its_events(kind, tmp_path, request):
    """Version 2 (visit, source, the contact event) is applied when a collector opens an older store."""
    from kbgen.analytics import migrations
    from kbgen.analytics.store import open_store

    db = str(tmp_path / "events.sqlite") if kind == "sqlite" else request.getfixturevalue("pg_db")
    write_version_1(db, kind, migrations)
    if kind == "sqlite":  # the export reads an old file as it is, the new columns empty
        with open_store(db, readonly=True) as store:
            assert [r["visit"] for r in store.query("SELECT visit FROM events")] == [None]
    else:
        with pytest.raises(Exception, match="schema version 1, expected 2; a collector of this kbgen upgrades it"):
            open_store(db, readonly=True)  # the export never migrates
    contact = {"type": "contact", "channel": "email", "query": "klarna", "page": "/", "lang": "en",
               "ts": "2026-11-24T05:46:43.444Z", "visit": "0123456789abcdef0123456789abcdef", "source": "widget"}
    assert invoke("serve", "--db", db, "--events", "-", input=json.dumps(contact)).exit_code == 0
    assert [(r["type"], r["query"], r["visit"], r["source"], r["channel"]) for r in rows(db)] == [
        ("search", "before the step", None, None, None),
        ("contact", "klarna", "0123456789abcdef0123456789abcdef", "widget", "email"),
    ]
    version = rows(db, "PRAGMA user_version")[0]["user_version"] if kind == "sqlite" else \
        max(r["version"] for r in rows(db, "SELECT version FROM kbgen_schema"))
    assert version == 2
