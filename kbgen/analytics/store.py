"""Events in SQLite: one ``events`` table, WAL journal, every commit synced to disk.

``synchronous=FULL`` in WAL mode makes a commit durable when it returns (the WAL is fsynced), so an
event the collector acknowledged survives SIGKILL or a power cut. The collector commits many
requests' events in one transaction (see ``collector.py``), which is what makes that affordable.

Stored per event: what it says (type, time, language, page, query and its normalised form,
result count, unmatched words, clicked URL and position, anchor, vote, reason, comment) and when it
arrived. Never an IP address, a user agent or anything else about who sent it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from kbgen.analytics.schema import COLUMNS
from kbgen.errors import KbgenError

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('search', 'click', 'feedback')),
    ts TEXT NOT NULL,              -- when the browser sent it, UTC: 2026-11-24T05:46:43.444Z
    lang TEXT NOT NULL,            -- lowercased language tag: en, pt-br
    page TEXT NOT NULL,            -- the page it was sent from (feedback: the page voted on)
    query TEXT,                    -- search, click: as typed
    query_norm TEXT,               -- search, click: case, accents, spacing and punctuation folded
    results INTEGER,               -- search: how many results it found
    unmatched TEXT,                -- search: JSON array of the words found nowhere on the site
    url TEXT,                      -- click: the result opened
    position INTEGER,              -- click: its place in the results, from 1
    anchor TEXT,                   -- feedback: the FAQ answer or section, '' for the whole page
    helpful INTEGER,               -- feedback: 1 yes, 0 no
    reason TEXT,                   -- feedback: unclear, didnt-answer, outdated, other
    comment TEXT,                  -- feedback: at most 500 characters
    received_at TEXT NOT NULL      -- when the collector stored it, UTC
);
-- The export reads one type over a period: one index serves it, and a row costs one index insert.
CREATE INDEX IF NOT EXISTS events_type_ts ON events (type, ts);
"""

INSERT = f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


class EventStore:
    """An events database; ``create=False`` refuses a file that does not exist yet."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise KbgenError(f"no event database at {self.path}: pass the --db that 'kbgen analytics serve' wrote")
        if create and not self.path.parent.is_dir():
            raise KbgenError(f"cannot create {self.path}: the folder {self.path.parent} does not exist")
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        except sqlite3.Error as exc:
            raise KbgenError(f"cannot open {self.path}: {exc}") from None
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self.connection.close()
            raise KbgenError(f"{self.path} is not a kbgen event database ({exc})") from None
        except BaseException:
            self.connection.close()
            raise

    def _prepare(self) -> None:
        db = self.connection
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and not tables:
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION or "events" not in tables:
            raise sqlite3.DatabaseError(f"schema version {version}, expected {SCHEMA_VERSION}")

    def add(self, rows: Sequence[tuple]) -> None:
        """Insert ``rows`` (see :func:`kbgen.analytics.schema.to_row`) in one durable transaction."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(INSERT, rows)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def count(self, type_: str | None = None) -> int:
        if type_ is None:
            return self.connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        return self.connection.execute("SELECT COUNT(*) FROM events WHERE type = ?", (type_,)).fetchone()[0]

    def query(self, sql: str, parameters: Iterable = ()) -> list[sqlite3.Row]:
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            return cursor.execute(sql, tuple(parameters)).fetchall()
        finally:
            cursor.close()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# --- newline-delimited JSON -----------------------------------------------------------------------

class ImportReport:
    """What :func:`import_ndjson` did: events stored, lines read, lines refused and why."""

    def __init__(self) -> None:
        self.imported = 0
        self.lines = 0
        self.rejected: list[tuple[int, str]] = []


def import_ndjson(store: EventStore, lines: Iterable[bytes], *, chunk: int = 10_000,
                  progress=None) -> ImportReport:
    """Store the events of an NDJSON stream: one event (or an array of events) per line.

    Blank lines are skipped; a line that is not valid is refused as a whole (with its number and
    the reason) and the others are stored, ``chunk`` rows per transaction.
    """
    from kbgen.analytics.schema import MAX_BODY_BYTES, EventError, decode_events, now_ts, to_row

    report = ImportReport()
    received_at = now_ts()
    pending: list[tuple] = []
    for number, line in enumerate(lines, 1):
        report.lines = number
        line = line.strip()
        if not line:
            continue
        if len(line) > MAX_BODY_BYTES:
            report.rejected.append((number, f"the line is over {MAX_BODY_BYTES} bytes"))
            continue
        try:
            events = decode_events(line)
        except EventError as exc:
            report.rejected.append((number, str(exc)))
            continue
        pending += [to_row(event, received_at) for event in events]
        if len(pending) >= chunk:
            store.add(pending)
            report.imported += len(pending)
            pending = []
            if progress:
                progress(report)
    if pending:
        store.add(pending)
        report.imported += len(pending)
    return report
