"""``kbgen analytics serve`` as a process: SIGTERM, a second collector, clients that leave mid-body."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import body, rows, search

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="needs POSIX signals")


def start(db: Path | str, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kbgen", "analytics", "serve", "--db", str(db), "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def port_of(process: subprocess.Popen) -> int:
    line = process.stdout.readline()
    assert "Collecting events at http://127.0.0.1:" in line, line + process.stderr.read()
    return int(line.split("127.0.0.1:", 1)[1].split("/", 1)[0])


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[str, str]:
    """Signal the collector and wait for it (a stop may wait out a graceful shutdown on a busy machine)."""
    process.send_signal(sig)
    try:
        return process.communicate(timeout=45)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()  # close its pipes, or their ResourceWarning fails a later test


def send(port: int, query: str) -> bytes:
    payload = body(search(query))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /events HTTP/1.1\r\nHost: c\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload))
        return sock.recv(1024)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_sigterm_stops_like_ctrl_c_with_the_summary_and_exit_0(any_db, sig):
    db = any_db  # a SQLite file, then a PostgreSQL database
    process = start(db)
    port = port_of(process)
    assert send(port, "before the signal").startswith(b"HTTP/1.1 204 ")
    out, err = stop(process, sig)
    assert process.returncode == 0, err
    assert out == "Stopped; stored 1 event in 1 transaction.\n"
    assert "Traceback" not in err
    assert [r["query"] for r in rows(db)] == ["before the signal"]


def test_a_second_collector_on_the_same_database_is_refused(db):
    first = start(db)
    try:
        port_of(first)
        second = start(db)
        out, err = second.communicate(timeout=20)
        assert second.returncode == 1
        assert err == (f"Error: another collector is already storing events in {db}; run one collector per SQLite "
                       "database: stop the other one, or give this one its own --db (several collectors need "
                       "PostgreSQL)\n")
        assert out == ""
    finally:
        stop(first)
    assert first.returncode == 0


def test_a_link_to_the_database_is_the_same_database(db):
    first = start(db)
    try:
        port_of(first)
        link = db.with_name("link.sqlite")
        link.symlink_to(db)
        hard = db.with_name("hard.sqlite")
        os.link(db, hard)
        for other in (link, hard):
            second = start(other)
            _, err = second.communicate(timeout=20)
            assert second.returncode == 1
            assert err.startswith(f"Error: another collector is already storing events in {other}; ")
    finally:
        stop(first)


def test_the_lock_is_released_when_the_collector_stops(db):
    stop(start(db))
    again = start(db)
    port_of(again)
    stop(again)
    assert again.returncode == 0


def test_clients_leaving_mid_body_print_no_traceback(db):
    process = start(db)
    port = port_of(process)
    payload = body(search("never finished"))
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"POST /events HTTP/1.1\r\nHost: c\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload[:10]))
            time.sleep(0.02)  # the app is reading the body when the client goes
    assert send(port, "after them").startswith(b"HTTP/1.1 204 ")
    out, err = stop(process)
    assert err == ""
    assert [r["query"] for r in rows(db)] == ["after them"]
