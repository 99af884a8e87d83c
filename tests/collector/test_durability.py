"""SIGKILL during a burst: every event the collector acknowledged with 204 is in the database."""

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


def start_collector(db: Path) -> tuple[subprocess.Popen, int]:
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
