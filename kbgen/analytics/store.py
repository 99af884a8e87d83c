"""Where the collector stores events: the :class:`Store` interface and :func:`open_store`.

Two implementations, the same ``events`` table and the same answers: SQLite
(:mod:`kbgen.analytics.stores.sqlite`, the default: one file, one collector) and PostgreSQL
(:mod:`kbgen.analytics.stores.postgres`, ``--db postgresql://user@host/db``: several collectors on
one database). The columns are :data:`kbgen.analytics.schema.COLUMNS`, the table's versions
:mod:`kbgen.analytics.migrations`; the collector, the import, the export and ``migrate`` only use
the methods below.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from kbgen.analytics.migrations import SCHEMA_VERSION  # noqa: F401
from kbgen.analytics.stores.postgres import is_postgres
from kbgen.analytics.stores.sqlite import (  # noqa: F401 - the SQLite store's names, as before the split
    INSERT,
    PROBE_ROW,
    NotEventDatabase,
    SQLiteStore,
    collector_lock,
    describe,
)
from kbgen.errors import KbgenError

EventStore = SQLiteStore  # the name the SQLite store had when it was the only one


class Store(Protocol):
    """What every store does; rows are tuples in :data:`~kbgen.analytics.schema.COLUMNS` order."""

    dialect: str  # "sqlite" or "postgres": picks a migration's SQL
    name: str  # the file or the URL (never with a password), for messages
    each_unmatched_word: str  # a FROM item over ``e.unmatched`` giving each word as ``w.value``

    def add(self, rows: Sequence[tuple]) -> None:
        """Store ``rows`` in one durable transaction: when it returns they survive a kill -9."""

    def add_all(self, chunks: Iterable[Sequence[tuple]], progress=None) -> int:
        """Store every chunk in one transaction, all or nothing (``migrate``); the number of rows."""

    def probe(self) -> None:
        """Commit a row and its removal; raise what storing an event now would raise."""

    def count(self, type_: str | None = None) -> int: ...

    def query(self, sql: str, parameters: Iterable = ()) -> list[Mapping]:
        """Rows of ``sql`` (``?`` placeholders, SQL both databases speak) by column name."""

    def scan(self, sql: str, parameters: Iterable = (), chunk: int = 10_000) -> Iterator[tuple]:
        """Rows of ``sql`` (``?`` placeholders) as tuples, streamed ``chunk`` at a time (the export's big pass)."""

    def rows(self, chunk: int = 10_000) -> Iterator[list[tuple]]:
        """Every event, oldest first, in chunks."""

    def newest(self) -> tuple | None: ...

    def contains(self, row: Sequence) -> bool: ...

    def describe(self, exc: BaseException) -> str:
        """What went wrong with this database, in one line."""

    def exclusive(self) -> contextlib.AbstractContextManager:
        """Held while a collector serves: SQLite refuses a second collector, PostgreSQL does not."""

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc_info) -> None: ...


def open_store(db: str | Path, *, create: bool = True, readonly: bool = False) -> Store:
    """The store ``db`` names: a ``postgresql://`` URL, or else a SQLite file."""
    if is_postgres(db):
        from kbgen.analytics.stores.postgres import PostgresStore

        return PostgresStore(str(db), create=create, readonly=readonly)
    if isinstance(db, str) and "://" in db:
        raise KbgenError(f"--db {db.split('://', 1)[0]}://... is not a store kbgen knows: give a SQLite file or a "
                         "postgresql:// URL")
    return SQLiteStore(db, create=create, readonly=readonly)


# --- migrate ----------------------------------------------------------------------------------------

def migrate(source: Store, target: Store, progress=None) -> int:
    """Copy every event of ``source`` into ``target``, oldest first, in one transaction; the number copied.

    All or nothing, so a failed run can simply be run again. Refused when ``target`` already holds
    ``source``'s newest event (it was migrated already, and copying again would count every event twice).
    """
    newest = source.newest()
    if newest is None:
        return 0
    if target.contains(newest):
        raise KbgenError(f"{target.name} already holds the events of {source.name} (its newest event is there); "
                         "nothing was copied")
    chunks = source.rows()
    try:
        return target.add_all(chunks, progress)
    except Exception as exc:  # noqa: BLE001 - whichever database failed, the transaction was rolled back
        raise KbgenError(f"cannot copy the events into {target.name}: {target.describe(exc)}; nothing was "
                         "copied") from None
    finally:
        chunks.close()  # the source's cursor, before the source itself is closed


# --- newline-delimited JSON -----------------------------------------------------------------------

class ImportReport:
    """What :func:`import_ndjson` did: events stored, lines read, lines (or events) refused and why."""

    def __init__(self) -> None:
        self.imported = 0
        self.lines = 0
        self.rejected: list[tuple[int, str]] = []


def import_ndjson(store: EventStore, lines: Iterable[bytes], *, chunk: int = 10_000,
                  progress=None) -> ImportReport:
    """Store the events of an NDJSON stream: one event (or an array of events) per line.

    Blank lines are skipped; a line that is not valid (or each invalid event of a line's array) is
    refused with its number and the reason, and the rest is stored, ``chunk`` rows per transaction.
    """
    from kbgen.analytics.schema import MAX_BODY_BYTES, EventError, decode_batch, now_ts, to_row

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
            decoded = decode_batch(line)
        except EventError as exc:
            report.rejected.append((number, str(exc)))
            continue
        report.rejected += [(number, reason) for _, reason in decoded.rejected]
        pending += [to_row(event, received_at) for event in decoded.events]
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
