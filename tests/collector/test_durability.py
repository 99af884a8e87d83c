"""SIGKILL during a burst: every event the collector acknowledged with 204 is in the database.

With PostgreSQL, two collectors on one database behind clients that fail over: one is killed, the
other goes on, and nothing either acknowledged is missing.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import rows, search

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def start_collector(db: Path | str) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "kbgen", "analytics", "serve", "--db", str(db), "--port", "0", "--rate-limit", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()
    assert "Collecting events at http://127.0.0.1:" in line, line + process.stderr.read()
    return process, int(line.split("127.0.0.1:", 1)[1].split("/", 1)[0])


def sender(port: int, name: str, acknowledged: list[str], stop: threading.Event) -> None:
    """POST events (some single, some in batches of 3) until the collector dies; note each 204."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    try:
        while not stop.is_set():
            queries = [f"{name}-{n + i}" for i in range(1 if n % 2 else 3)]
            n += len(queries)
            events = [search(q, results=0) for q in queries]
            body = json.dumps(events[0] if len(events) == 1 else events)
            connection.request("POST", "/events", body=body, headers={"Content-Type": "text/plain;charset=UTF-8"})
            response = connection.getresponse()
            response.read()
            if response.status == 204:
                acknowledged.extend(queries)
            else:
                raise AssertionError(f"unexpected {response.status}")
    except (OSError, http.client.HTTPException):
        pass  # the collector was killed: whatever was not acknowledged may be lost
    finally:
        connection.close()


def test_sigkill_mid_burst_loses_no_acknowledged_event(tmp_path):
    db = tmp_path / "events.sqlite"
    process, port = start_collector(db)
    acknowledged: list[str] = []
    stop = threading.Event()
    threads = [threading.Thread(target=sender, args=(port, f"burst{t}", acknowledged, stop)) for t in range(16)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 2_000 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)  # mid-burst: the senders are still sending
    finally:
        stop.set()
        for thread in threads:
            thread.join(20)
        process.wait(10)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 2_000
    stored = {row["query"] for row in rows(db, "SELECT query FROM events")}
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged events lost, e.g. {sorted(missing)[:5]}"
    assert len(stored) >= len(acknowledged)  # stored, but killed before its 204 went out, is allowed


def failover_sender(ports: list[int], name: str, acknowledged: dict[int, list[str]], stop: threading.Event) -> None:
    """POST to ``ports[0]`` until it dies, then send the unacknowledged events again to ``ports[1]``."""
    n = 0
    for port in ports:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while not stop.is_set():
                queries = [f"{name}-{n + i}" for i in range(1 if n % 2 else 3)]
                events = [search(q, results=0) for q in queries]
                connection.request("POST", "/events", body=json.dumps(events[0] if len(events) == 1 else events),
                                   headers={"Content-Type": "text/plain;charset=UTF-8"})
                response = connection.getresponse()
                response.read()
                if response.status != 204:
                    raise AssertionError(f"unexpected {response.status}")
                acknowledged[port].extend(queries)
                n += len(queries)
        except (OSError, http.client.HTTPException):
            continue  # this collector was killed: the same events go to the other one
        finally:
            connection.close()
        return


def test_two_collectors_on_one_postgres_database_share_the_load_and_a_sigkill_loses_nothing(pg_db):
    first, port_a = start_collector(pg_db)
    second, port_b = start_collector(pg_db)  # no lock: several collectors on one PostgreSQL database
    acknowledged: dict[int, list[str]] = {port_a: [], port_b: []}
    stop = threading.Event()
    threads = [threading.Thread(target=failover_sender, args=([port_a, port_b] if t % 2 else [port_b, port_a],
                                                              f"pg{t}", acknowledged, stop)) for t in range(12)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while len(acknowledged[port_a]) + len(acknowledged[port_b]) < 2_000 and time.monotonic() < deadline:
            time.sleep(0.01)
        before = (len(acknowledged[port_a]), len(acknowledged[port_b]))
        os.kill(first.pid, signal.SIGKILL)  # mid-burst
        while len(acknowledged[port_b]) < before[1] + 1_000 and time.monotonic() < deadline + 10:
            time.sleep(0.01)
    finally:
        stop.set()
        for thread in threads:
            thread.join(20)
        first.wait(10)
        first.stdout.close()
        first.stderr.close()
        second.terminate()
        second.communicate(timeout=20)
    assert first.returncode == -signal.SIGKILL
    assert second.returncode == 0
    assert min(before) >= max(before) / 4, f"one collector starved the other: {before} events acknowledged"
    assert len(acknowledged[port_b]) >= before[1] + 1_000  # the survivor took over the killed one's clients
    stored = {row["query"] for row in rows(pg_db, "SELECT query FROM events")}
    missing = {q for queries in acknowledged.values() for q in queries} - stored
    assert not missing, f"{len(missing)} acknowledged events lost, e.g. {sorted(missing)[:5]}"
