"""/healthz means "an event sent now will be stored"; a read-only or full database is named as such.

The tests run as root in CI, where chmod stops nothing: a database that cannot be written is made
with SQLite itself (``PRAGMA query_only``, a ``mode=ro`` connection) or with the error SQLite raises
on a full disk.
"""

from __future__ import annotations

import sqlite3

import httpx2 as httpx
import pytest
from click.testing import CliRunner

from kbgen.analytics.store import EventStore
from kbgen.analytics.stores import sqlite as store_module
from kbgen.cli import main

from .conftest import body, feedback, rows, running_collector, search

JSON = {"content-type": "application/json"}


@pytest.fixture
def served(db, monkeypatch):
    """A collector whose /healthz probes on every call; yields (client, the EventStore it writes to)."""
    from kbgen.analytics.collector import GroupCommitWriter

    stores: list[EventStore] = []
    real_init = GroupCommitWriter.__init__

    def keep(self, store):
        stores.append(store)
        real_init(self, store)

    monkeypatch.setattr(GroupCommitWriter, "__init__", keep)
    with running_collector(db, rate=0, health_interval=0) as url, httpx.Client(base_url=url) as client:
        yield client, stores[0]


def test_healthz_is_200_while_events_are_stored(served, db):
    client, _ = served
    assert (client.get("/healthz").status_code, client.get("/healthz").text) == (200, "ok")
    assert rows(db) == []  # the probe row is committed and removed


def test_healthz_is_503_while_the_database_is_read_only_and_200_again_after(served):
    client, store = served
    store.connection.execute("PRAGMA query_only = ON")  # SQLite refuses writes, as for a read-only file
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"error": "events cannot be stored now: the file or its folder is read-only"}
    assert client.post("/events", content=body(search("refused")), headers=JSON).status_code == 503
    store.connection.execute("PRAGMA query_only = OFF")
    assert client.get("/healthz").status_code == 200


def test_healthz_is_503_on_a_full_disk(served, monkeypatch):
    client, _ = served

    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(EventStore, "probe", full)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"error": "events cannot be stored now: the disk is full"}


def test_healthz_reuses_a_probe_for_its_interval(db, monkeypatch):
    probes = []
    real_probe = EventStore.probe
    monkeypatch.setattr(EventStore, "probe", lambda self: (probes.append(1), real_probe(self))[1])
    with running_collector(db, rate=0, health_interval=60) as url, httpx.Client(base_url=url) as client:
        before = len(probes)  # the store probes once when it opens
        assert {client.get("/healthz").status_code for _ in range(20)} == {200}
    assert len(probes) - before == 1


def test_starting_on_a_read_only_database_says_so(db, monkeypatch):
    EventStore(db).close()
    real_connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # what SQLite does with a file it may not write, even as root
        return real_connect(f"{db.as_uri()}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", read_only)
    result = CliRunner().invoke(main, ["analytics", "serve", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot store events in {db}: the file or its folder is read-only\n"


def test_starting_in_a_folder_that_cannot_be_written_says_so(db, monkeypatch):
    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(store_module.sqlite3, "connect", refuse)
    result = CliRunner().invoke(main, ["analytics", "serve", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == (f"Error: cannot open {db}: it cannot be opened (is its folder read-only, "
                             "or missing?)\n")


def test_starting_on_a_full_disk_says_so(db, monkeypatch):
    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(EventStore, "probe", full)
    result = CliRunner().invoke(main, ["analytics", "serve", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot store events in {db}: the disk is full\n"
    assert "is not a kbgen event database" not in result.output


@pytest.fixture
def backup(db, tmp_path):
    """A copy of an events database as a backup holds it: no -wal or -shm beside it, mode 0444."""
    with running_collector(db, rate=0) as url, httpx.Client(base_url=url) as client:
        client.post("/events", content=body(search("gift card", results=0), feedback(reason="unclear")),
                    headers=JSON)
    folder = tmp_path / "backup"
    folder.mkdir()
    copy = folder / "events.sqlite"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    target.close()
    copy.chmod(0o444)
    yield copy
    copy.chmod(0o644)


def test_export_reads_a_read_only_backup_and_writes_nothing_beside_it(backup):
    before = sorted(p.name for p in backup.parent.iterdir())
    mtime = backup.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["analytics", "export", "--db", str(backup), "--format", "json",
                                       "-d", str(backup.parent)])
    assert result.exit_code == 0, result.output
    assert '"query": "gift card"' in result.stdout
    assert backup.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in backup.parent.iterdir()) == before


def test_export_falls_back_to_immutable_when_read_only_needs_a_write(backup, monkeypatch):
    backup.with_name("events.sqlite-wal").write_bytes(b"")  # as if a collector had it open
    real_connect = sqlite3.connect

    def connect(path, *args, **kwargs):
        if "mode=ro" in str(path):  # what a WAL database in a read-only folder gets: no -shm can be made
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(path, *args, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", connect)
    result = CliRunner().invoke(main, ["analytics", "export", "--db", str(backup), "--format", "json",
                                       "-d", str(backup.parent)])
    assert result.exit_code == 0, result.output
    assert '"query": "gift card"' in result.stdout



def test_a_database_deleted_under_the_collector_is_unhealthy_and_stores_nothing(db):
    with running_collector(db, rate=0, health_interval=0) as url, httpx.Client(base_url=url) as client:
        assert client.get("/healthz").status_code == 200
        for name in (db.name, f"{db.name}-wal", f"{db.name}-shm"):
            (db.parent / name).unlink(missing_ok=True)
        health = client.get("/healthz")
        assert health.status_code == 503
        assert f"{db} was deleted or replaced while the collector ran; restart it" in health.text
        assert client.post("/events", content=body(search("refund")), headers=JSON).status_code == 503


def test_a_full_disk_reported_as_an_io_error_is_named_as_a_full_disk(monkeypatch, tmp_path):
    monkeypatch.setattr(store_module, "disk_full", lambda path: True)
    error = sqlite3.OperationalError("disk I/O error")
    assert store_module.describe(error, tmp_path / "ev.sqlite") == "the disk is full"
    monkeypatch.setattr(store_module, "disk_full", lambda path: False)
    assert store_module.describe(error, tmp_path / "ev.sqlite") == "disk I/O error"
