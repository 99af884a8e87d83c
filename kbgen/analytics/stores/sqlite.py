"""Events in SQLite: one ``events`` table, WAL journal, every commit synced to disk.

``synchronous=FULL`` in WAL mode makes a commit durable when it returns (the WAL is fsynced), so an
event the collector acknowledged survives SIGKILL or a power cut. The collector commits many
requests' events in one transaction (see ``collector.py``), which is what makes that affordable.

Stored per event: the columns of :data:`kbgen.analytics.schema.COLUMNS` (what it says, and when it
arrived), never an IP address, a user agent or anything else about who sent it. The table is made
and upgraded by :mod:`kbgen.analytics.migrations`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kbgen.analytics import migrations
from kbgen.analytics.schema import COLUMNS, PROBE_EVENT
from kbgen.errors import KbgenError

PROBE_ROW = tuple(PROBE_EVENT.get(column) for column in COLUMNS)
INSERT = f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


class NotEventDatabase(sqlite3.DatabaseError):
    """The file is SQLite (or not even that) but holds no kbgen events table of this version."""


def describe(exc: BaseException, path: str | Path | None = None) -> str:
    """What is wrong, in words that say what to fix; SQLite's own text when there is no better."""
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+
    text = str(exc)
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return "the disk is full"
    if (name.startswith("SQLITE_IOERR") or "disk I/O error" in text) and path is not None and disk_full(path):
        return "the disk is full"  # a WAL database reports a full disk as an I/O error
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "it cannot be opened (is its folder read-only, or missing?)"
    return text or type(exc).__name__


def disk_full(path: str | Path) -> bool:
    """Less room left beside ``path`` than one more page of a transaction needs."""
    try:
        return shutil.disk_usage(Path(path).resolve().parent).free < 64 * 1024
    except OSError:
        return False


class ReplacedDatabase(sqlite3.OperationalError):
    """The file the collector opened was deleted or replaced while it ran: what it stores is lost."""


class SQLiteStore:
    """An events database in one SQLite file; ``create=False`` refuses a file that does not exist yet.

    ``readonly=True`` (the export) never writes: it opens the file with ``mode=ro``, or as
    ``immutable`` when even that needs a write (a WAL database in a read-only folder, a backup).
    Otherwise a write is tried at once (see :meth:`probe`), so a read-only file or folder, or a full
    disk, is reported when the collector starts, not at the first event.
    """

    dialect = "sqlite"
    each_unmatched_word = "json_each(e.unmatched) AS w"  # w.value: each word of a search's unmatched array

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False):
        self.path = Path(path)
        self.name = str(self.path)
        if (readonly or not create) and not self.path.is_file():
            raise KbgenError(f"no event database at {self.path}: pass the --db that 'kbgen analytics serve' wrote")
        if create and not self.path.parent.is_dir():
            raise KbgenError(f"cannot create {self.path}: the folder {self.path.parent} does not exist")
        self.connection = self._connect_readonly() if readonly else self._connect()
        try:
            self._prepare(readonly)
        except NotEventDatabase as exc:
            self.connection.close()
            raise KbgenError(f"{self.path} is not a kbgen event database ({exc})") from None
        except sqlite3.DatabaseError as exc:
            self.connection.close()
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB" or "not a database" in str(exc):
                raise KbgenError(f"{self.path} is not a kbgen event database ({exc})") from None
            raise KbgenError(f"cannot store events in {self.path}: {describe(exc, self.path)}") from None
        except BaseException:
            self.connection.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        try:
            return sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        except sqlite3.Error as exc:
            raise KbgenError(f"cannot open {self.path}: {describe(exc)}") from None

    def _connect_readonly(self) -> sqlite3.Connection:
        """``mode=ro`` while a ``-wal`` file is beside the database (a collector may be writing it),
        else ``immutable=1``, which creates no ``-wal`` or ``-shm`` file: a read-only copy still exports."""
        problem: sqlite3.Error | None = None
        flags = ["mode=ro", "immutable=1"]
        if not Path(f"{self.path}-wal").exists():
            flags.reverse()
        for flag in flags:
            uri = f"{self.path.resolve().as_uri()}?{flag}"
            try:
                connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
            except sqlite3.Error as exc:
                problem = exc
                continue
            try:
                connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as exc:
                connection.close()
                if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB" or "not a database" in str(exc):
                    raise KbgenError(f"{self.path} is not a kbgen event database ({exc})") from None
                problem = exc
                continue
            return connection
        raise KbgenError(f"cannot read {self.path}: {describe(problem)}") from None

    def _prepare(self, readonly: bool) -> None:
        db = self.connection
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        latest = migrations.latest()
        if not readonly and ((version == 0 and not tables) or (0 < version < latest and "events" in tables)):
            self._migrate(version)
        elif readonly and 0 < version < latest and "events" in tables:
            self._view_as_latest(version)
        elif version != latest or "events" not in tables:
            raise NotEventDatabase(f"schema version {version}, expected {migrations.latest()}")
        if not readonly:
            self.probe()

    def _view_as_latest(self, version: int) -> None:
        """An older database read as it is (a backup, a collector not yet upgraded): a temporary view,
        which lives in memory and shadows the table, shows the columns it lacks as NULL."""
        added = ", ".join(f"NULL AS {column}" for column in migrations.missing_columns(version))
        self.connection.execute(f"CREATE TEMP VIEW events AS SELECT *, {added} FROM main.events")

    def _migrate(self, version: int) -> None:
        """Apply the steps from ``version`` on, and record the version, in one transaction."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            for sql in migrations.steps(self.dialect, version):
                for statement in (s for s in sql.split(";") if s.strip()):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={migrations.latest()}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def add(self, rows: Sequence[tuple]) -> None:
        """Insert ``rows`` (see :func:`kbgen.analytics.schema.to_row`) in one durable transaction."""
        self._write(lambda db: db.executemany(INSERT, rows))

    def add_all(self, chunks: Iterable[Sequence[tuple]], progress=None) -> int:
        """Insert every chunk's rows in one transaction (all or nothing); the number of rows."""
        count = 0

        def insert(db: sqlite3.Connection) -> None:
            nonlocal count
            for rows in chunks:
                db.executemany(INSERT, rows)
                count += len(rows)
                if progress:
                    progress(count)

        self._write(insert)
        return count

    def probe(self) -> None:
        """Commit a row and its removal: raises what storing an event now would raise."""
        def insert_and_remove(db: sqlite3.Connection) -> None:
            db.execute(INSERT, PROBE_ROW)
            db.execute("DELETE FROM events WHERE id = last_insert_rowid()")

        self._write(insert_and_remove)

    def _write(self, change) -> None:
        """``change(connection)`` in one transaction, rolled back if it or the commit fails.

        First, the file must still be the one opened: events written to a deleted database are lost.
        """
        self._check_same_file()
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            change(db)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def count(self, type_: str | None = None) -> int:
        if type_ is None:
            return self.connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        return self.connection.execute("SELECT COUNT(*) FROM events WHERE type = ?", (type_,)).fetchone()[0]

    def query(self, sql: str, parameters: Iterable = ()) -> list[sqlite3.Row]:
        """Rows of ``sql`` (``?`` placeholders), each read by column name."""
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            return cursor.execute(sql, tuple(parameters)).fetchall()
        finally:
            cursor.close()

    def scan(self, sql: str, parameters: Iterable = (), chunk: int = 10_000) -> Iterator[tuple]:
        """Rows of ``sql`` as tuples, read ``chunk`` at a time: a large result never sits in memory whole."""
        cursor = self.connection.execute(sql, tuple(parameters))
        try:
            while batch := cursor.fetchmany(chunk):
                yield from batch
        finally:
            cursor.close()

    def rows(self, chunk: int = 10_000) -> Iterator[list[tuple]]:
        """Every event, oldest first, ``chunk`` rows at a time, columns in :data:`COLUMNS` order."""
        cursor = self.connection.execute(f"SELECT {', '.join(COLUMNS)} FROM events ORDER BY id")
        try:
            while batch := cursor.fetchmany(chunk):
                yield batch
        finally:
            cursor.close()

    def newest(self) -> tuple | None:
        """The newest event's row (:data:`COLUMNS` order), or None."""
        return self.connection.execute(f"SELECT {', '.join(COLUMNS)} FROM events ORDER BY id DESC LIMIT 1").fetchone()

    def contains(self, row: Sequence) -> bool:
        """True when an event with exactly these column values is stored."""
        condition = " AND ".join(f"{column} IS ?" for column in COLUMNS)
        return self.connection.execute(f"SELECT 1 FROM events WHERE {condition} LIMIT 1", tuple(row)).fetchone() \
            is not None

    def describe(self, exc: BaseException) -> str:
        if isinstance(exc, ReplacedDatabase):
            return str(exc)
        return describe(exc, self.path)

    def _check_same_file(self) -> None:
        try:
            now = os.stat(self.path).st_ino
        except OSError:
            now = None
        opened = getattr(self, "_inode", None)
        if opened is None:
            self._inode = now
        elif now != opened:
            raise ReplacedDatabase(f"{self.path} was deleted or replaced while the collector ran; restart it")

    def exclusive(self) -> contextlib.AbstractContextManager:
        """Held while a collector runs: one collector per SQLite file (see :func:`collector_lock`)."""
        return collector_lock(self.path)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


@contextlib.contextmanager
def collector_lock(db: str | Path) -> Iterator[None]:
    """Hold a lock on the database file itself while a collector runs: a second collector is refused.

    Two collectors on one SQLite file take turns at its single write lock and stall each other for
    seconds, without a word; one process per database is the supported setup. The lock is on the
    file (its inode), so a symbolic or hard link to it is the same database. It is a BSD ``flock``,
    which SQLite's own POSIX locks never meet.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock; run one collector per database all the same
        yield
        return
    try:
        handle = open(os.path.realpath(db), "rb")  # noqa: SIM115 - held open for the collector's life
    except OSError as exc:
        raise KbgenError(f"cannot open {db}: {exc.strerror}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise KbgenError(
                f"another collector is already storing events in {db}; run one collector per SQLite database: "
                "stop the other one, or give this one its own --db (several collectors need PostgreSQL)"
            ) from None
        yield
