"""Collector fixtures: events as the browser sends them, a real uvicorn server on 127.0.0.1 (port 0)."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

NOW = dt.datetime.now(dt.timezone.utc)


def ts(days_ago: float = 0, *, at: dt.datetime | None = None) -> str:
    moment = (at or NOW) - dt.timedelta(days=days_ago)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def search(query: str = "where is my order", results: int = 3, unmatched: list[str] | None = None,
           **fields: Any) -> dict[str, Any]:
    return {"type": "search", "query": query, "results": results, "unmatched": unmatched or [], "lang": "en",
            "page": "/", "ts": ts(), **fields}


def click(query: str = "refund", url: str = "/orders/returns/", position: int = 1, **fields: Any) -> dict[str, Any]:
    return {"type": "click", "query": query, "url": url, "position": position, "lang": "en", "page": "/search/",
            "ts": ts(), **fields}


def feedback(page: str = "/orders/returns/", helpful: bool = False, **fields: Any) -> dict[str, Any]:
    return {"type": "feedback", "page": page, "anchor": "", "helpful": helpful, "lang": "en", "ts": ts(), **fields}


def contact(channel: str = "email", **fields: Any) -> dict[str, Any]:
    return {"type": "contact", "channel": channel, "page": "/contact/", "lang": "en", "ts": ts(), **fields}


def body(*events: dict[str, Any]) -> bytes:
    return json.dumps(events[0] if len(events) == 1 else list(events)).encode()


def rows(db: Path | str, sql: str = "SELECT * FROM events ORDER BY id") -> list[dict[str, Any]]:
    """What the store holds, read with the database's own client: a SQLite file or a postgresql:// URL."""
    if str(db).startswith("postgresql://"):
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(str(db), row_factory=dict_row) as connection:
            return list(connection.execute(sql))
    with closing(sqlite3.connect(db)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql)]


@contextmanager
def running_collector(db: Path, **options: Any) -> Iterator[str]:
    """The collector app served by uvicorn in a thread, as the CLI serves it; yields its base URL.

    ``read_timeout`` and ``max_header_bytes`` go to the server, the other options to the app.
    """
    import uvicorn

    from kbgen.analytics.collector import create_app, server_config

    limits = {name: options.pop(name) for name in ("read_timeout", "max_header_bytes") if name in options}
    app = create_app(db, **options)
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=0, **limits))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the collector did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite"


@pytest.fixture(scope="session")
def postgres():
    """One PostgreSQL server for the whole session (tests/collector/postgres.py); skipped when PostgreSQL is
    not installed, except under CI=true, where it must be."""
    from .postgres import binaries, postgres_server

    in_ci = os.environ.get("CI") == "true"
    if not in_ci:
        pytest.importorskip("psycopg", reason="pip install 'kbgen[postgres]'")
    if binaries() is None:
        if in_ci:
            pytest.fail("PostgreSQL is not installed: .ci/run installs Debian's postgresql package")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_db(postgres) -> str:
    """A new empty database on the session's server: its postgresql:// URL (the password is in PGPASSFILE)."""
    return postgres.create_database()


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request, tmp_path: Path) -> Path | str:
    """The test runs twice: on a SQLite file, then on a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "events.sqlite"
    return request.getfixturevalue("pg_db")
