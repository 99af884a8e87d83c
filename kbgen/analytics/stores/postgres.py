"""Events in PostgreSQL: the same ``events`` table as SQLite's, for several collectors on one database.

Each collector keeps a small psycopg connection pool; its writer commits whatever is queued in one
transaction (group commit, as with SQLite) with ``synchronous_commit=on``, so a commit that returned
is on the server's disk and the 204 that follows it is a promise kept even if the collector is
killed. Collectors only insert, so they never wait for each other's locks: several share the load.

The URL names the user, host and database, never the password (the process list shows the command
line): libpq reads ``PGPASSWORD`` or ``~/.pgpass`` (``PGPASSFILE``). psycopg is optional
(``pip install 'kbgen[postgres]'``); SQLite needs none of it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kbgen.analytics import migrations
from kbgen.analytics.schema import COLUMNS, PROBE_EVENT
from kbgen.errors import KbgenError

SCHEMES = ("postgresql://", "postgres://")
INSTALL_HINT = "PostgreSQL support needs psycopg: pip install 'kbgen[postgres]'"
MIGRATION_LOCK = 0x6B62_6765_6E00  # pg_advisory_xact_lock key: one collector migrates at a time
PROBE_ROW = tuple(PROBE_EVENT.get(column) for column in COLUMNS)
COPY = f"COPY events ({', '.join(COLUMNS)}) FROM STDIN"
INSERT = f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) RETURNING id"
SESSION = "-c synchronous_commit=on -c application_name=kbgen-analytics"


def is_postgres(db: object) -> bool:
    return isinstance(db, str) and db.startswith(SCHEMES)


def check_url(url: str) -> None:
    """Refuse a URL holding a password: it would show in the process list and the shell's history."""
    parts = urlsplit(url)
    if parts.password is not None or "password" in {key.lower() for key in parse_qs(parts.query)}:
        raise KbgenError("the PostgreSQL URL holds a password, which the process list would show; leave it out "
                         "and set PGPASSWORD or put it in ~/.pgpass")


def safe_name(url: str) -> str:
    """The URL without query options, for messages."""
    return url.split("?", 1)[0]


def describe(exc: BaseException) -> str:
    """psycopg's message on one line, with the fix when it is a missing password."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "no password supplied" in text:
        return f"{text} (set PGPASSWORD or put the password in ~/.pgpass)"
    if "read-only transaction" in text:
        return "the database is read-only (a standby, or default_transaction_read_only)"
    return text


def load_psycopg():
    try:
        import psycopg
        import psycopg_pool
    except ImportError:
        raise KbgenError(INSTALL_HINT) from None
    return psycopg, psycopg_pool


class PostgresStore:
    """The events table of a PostgreSQL database (which must exist; the table is created in it).

    ``readonly=True`` (the export) opens read-only transactions and never creates the table; without
    it a write is tried at once, as for SQLite, so a problem is reported when the collector starts.
    """

    dialect = "postgres"
    each_unmatched_word = "jsonb_array_elements_text(e.unmatched::jsonb) AS w(value)"

    def __init__(self, url: str, *, create: bool = True, readonly: bool = False, pool_size: int = 2):
        check_url(url)
        self.url = url
        self.name = safe_name(url)
        psycopg, psycopg_pool = load_psycopg()
        self.errors = (psycopg.Error, psycopg_pool.PoolTimeout)
        options = SESSION + (" -c default_transaction_read_only=on" if readonly else "")
        try:
            with psycopg.connect(url, options=options, connect_timeout=10) as connection:
                self._prepare(connection, create and not readonly)
        except psycopg.Error as exc:
            raise KbgenError(f"cannot {'read' if readonly else 'store'} events in {self.name}: "
                             f"{describe(exc)}") from None
        # check: a connection the server dropped (a restart, a failover) is replaced before it is used,
        # at the cost of one round trip per transaction, instead of failing the next group commit.
        self.pool = psycopg_pool.ConnectionPool(url, min_size=1, max_size=pool_size, open=False, timeout=10,
                                                kwargs={"options": options}, name="kbgen-analytics",
                                                check=psycopg_pool.ConnectionPool.check_connection)
        self.pool.open()
        if not readonly:
            try:
                self.probe()
            except self.errors as exc:
                self.pool.close()
                raise KbgenError(f"cannot store events in {self.name}: {describe(exc)}") from None

    def _prepare(self, connection, create: bool) -> None:
        """Bring the schema to the latest version (collectors starting together take turns), or refuse."""
        with connection.transaction():
            if create:
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            has_version, has_events = connection.execute(
                "SELECT to_regclass('kbgen_schema') IS NOT NULL, to_regclass('events') IS NOT NULL").fetchone()
            version = connection.execute("SELECT max(version) FROM kbgen_schema").fetchone()[0] or 0 \
                if has_version else 0
            if create and version < migrations.latest() and (has_version or not has_events):
                if not has_version:
                    connection.execute("CREATE TABLE kbgen_schema (version integer NOT NULL, "
                                       "applied_at timestamptz NOT NULL DEFAULT now())")
                for sql in migrations.steps(self.dialect, version):
                    connection.execute(sql)
                connection.execute("INSERT INTO kbgen_schema (version) VALUES (%s)", (migrations.latest(),))
            elif version != migrations.latest() or not has_events:
                what = "a table named events that kbgen did not make" if has_events and not has_version else \
                    f"schema version {version}, expected {migrations.latest()}"
                if has_events and 0 < version < migrations.latest():
                    what += "; a collector of this kbgen upgrades it when it starts: kbgen analytics serve --db ..."
                raise KbgenError(f"{self.name} is not a kbgen event database ({what})")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A pooled connection in a transaction, committed on leaving; a broken connection is replaced."""
        with self.pool.connection() as connection, connection.transaction():
            yield connection

    def add(self, rows: Sequence[tuple]) -> None:
        """Insert ``rows`` (see :func:`kbgen.analytics.schema.to_row`) in one durable transaction (COPY)."""
        with self._transaction() as connection, connection.cursor() as cursor, cursor.copy(COPY) as copy:
            for row in rows:
                copy.write_row(row)

    def add_all(self, chunks: Iterable[Sequence[tuple]], progress=None) -> int:
        """Insert every chunk's rows in one transaction (all or nothing); the number of rows."""
        count = 0
        with self._transaction() as connection, connection.cursor() as cursor:
            for rows in chunks:
                with cursor.copy(COPY) as copy:
                    for row in rows:
                        copy.write_row(row)
                count += len(rows)
                if progress:
                    progress(count)
        return count

    def probe(self) -> None:
        """Commit a row and its removal: raises what storing an event now would raise."""
        with self._transaction() as connection:
            [row_id] = connection.execute(INSERT, PROBE_ROW).fetchone()
            connection.execute("DELETE FROM events WHERE id = %s", (row_id,))

    def count(self, type_: str | None = None) -> int:
        if type_ is None:
            return self.query("SELECT COUNT(*) AS n FROM events")[0]["n"]
        return self.query("SELECT COUNT(*) AS n FROM events WHERE type = ?", (type_,))[0]["n"]

    def query(self, sql: str, parameters: Iterable = ()) -> list[dict[str, Any]]:
        """Rows of ``sql`` written with ``?`` placeholders (as for SQLite), each a dict by column name."""
        from psycopg.rows import dict_row

        with self._transaction() as connection, connection.cursor(row_factory=dict_row) as cursor:
            return cursor.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(parameters)).fetchall()

    def scan(self, sql: str, parameters: Iterable = (), chunk: int = 10_000) -> Iterator[tuple]:
        """Rows of ``sql`` (``?`` placeholders) as tuples, through a server-side cursor, ``chunk`` at a time."""
        with self._transaction() as connection, connection.cursor(name="kbgen_scan") as cursor:
            cursor.itersize = chunk
            cursor.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(parameters))
            yield from cursor

    def rows(self, chunk: int = 10_000) -> Iterator[list[tuple]]:
        """Every event, oldest first, ``chunk`` rows at a time (a server-side cursor)."""
        with self._transaction() as connection, connection.cursor(name="kbgen_rows") as cursor:
            cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM events ORDER BY id")
            while batch := cursor.fetchmany(chunk):
                yield batch

    def newest(self) -> tuple | None:
        with self._transaction() as connection:
            return connection.execute(f"SELECT {', '.join(COLUMNS)} FROM events ORDER BY id DESC LIMIT 1").fetchone()

    def contains(self, row: Sequence) -> bool:
        condition = " AND ".join(f"{column} IS NOT DISTINCT FROM %s" for column in COLUMNS)
        with self._transaction() as connection:
            return connection.execute(f"SELECT 1 FROM events WHERE {condition} LIMIT 1", tuple(row)).fetchone() \
                is not None

    def describe(self, exc: BaseException) -> str:
        return describe(exc)

    def exclusive(self) -> contextlib.AbstractContextManager:
        """Nothing to hold: several collectors on one PostgreSQL database is the point."""
        return contextlib.nullcontext()

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
