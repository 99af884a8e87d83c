"""The collector over raw sockets: oversized headers are refused, half-sent requests are closed in time."""

from __future__ import annotations

import contextlib
import json
import socket
import time

import pytest

from tests.collector.conftest import body, rows, running_collector, search

READ_TIMEOUT = 0.5


@pytest.fixture(scope="module")
def collector(tmp_path_factory):
    """A collector with a short read timeout; yields (port, db)."""
    db = tmp_path_factory.mktemp("limits") / "events.sqlite"
    with running_collector(db, rate=0, read_timeout=READ_TIMEOUT) as url:
        yield int(url.rsplit(":", 1)[1]), db


def request(query: str, extra_headers: bytes = b"") -> bytes:
    payload = body(search(query))
    return (b"POST /events HTTP/1.1\r\nHost: collector\r\nContent-Type: text/plain;charset=UTF-8\r\n"
            b"Content-Length: %d\r\n%s\r\n%s" % (len(payload), extra_headers, payload))


def answer(sock: socket.socket, wait: float = 5.0) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    sock.settimeout(wait)
    start = time.monotonic()
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return received, time.monotonic() - start


def test_a_mebibyte_of_headers_gets_431_and_is_not_stored(collector):
    port, db = collector
    padding = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"a" * 1000) for n in range(1024))  # 1 MiB
    with socket.create_connection(("127.0.0.1", port)) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused before it was all sent
            sock.sendall(request("one mebibyte of headers", padding))
        received, _ = answer(sock)
    assert received.startswith(b"HTTP/1.1 431 ")
    assert json.loads(received.split(b"\r\n\r\n", 1)[1]) == {
        "error": "the request line and headers are over 65536 bytes"}
    assert not [r for r in rows(db) if r["query"] == "one mebibyte of headers"]


def test_headers_a_browser_sends_are_accepted(collector):
    port, db = collector
    cookies = b"Cookie: " + b"; ".join(b"c%d=%s" % (n, b"v" * 100) for n in range(80)) + b"\r\n"  # 8 KiB
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request("with cookies", cookies + b"Connection: close\r\n"))
        received, _ = answer(sock)
    assert received.startswith(b"HTTP/1.1 204 ")
    assert [r["query"] for r in rows(db) if r["query"] == "with cookies"] == ["with cookies"]


@pytest.mark.parametrize(("sent", "status"), [
    (b"", None),
    (b"POST /events HTTP/1.1\r\nHost: collector\r\nContent-Ty", b"HTTP/1.1 408 "),
    (request("half a body")[:-20], None),
], ids=["nothing", "half-the-headers", "half-the-body"])
def test_a_half_sent_request_is_closed_within_the_read_timeout(collector, sent, status):
    port, db = collector
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(sent)
        received, waited = answer(sock)
    assert READ_TIMEOUT * 0.8 <= waited < READ_TIMEOUT + 2
    if status:
        assert received.startswith(status)
        assert b"the request was not received within 0.5 s" in received
    assert not [r for r in rows(db) if r["query"] == "half a body"]


def test_a_slowloris_cannot_hold_connections(collector):
    port, _ = collector
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
    try:
        start = time.monotonic()
        for n in range(3):  # a byte every 0.3 s: each connection is alive, none ever finishes
            for sock in sockets:
                sock.sendall(b"POST /events HTTP/1.1\r\n"[n:n + 1] if n else b"P")
            time.sleep(0.3)
        closed = 0
        for sock in sockets:
            received, _ = answer(sock, wait=READ_TIMEOUT + 2)
            closed += received.startswith(b"HTTP/1.1 408 ")
        assert closed == len(sockets)
        assert time.monotonic() - start < READ_TIMEOUT + 3
    finally:
        for sock in sockets:
            sock.close()


def test_a_keep_alive_connection_gets_a_fresh_timeout_per_request(collector):
    port, db = collector
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(5)
        for n in range(3):
            time.sleep(READ_TIMEOUT * 0.6)  # the pauses add up past the timeout; each request is quick
            sock.sendall(request(f"keep-alive {n}"))
            assert sock.recv(65536).startswith(b"HTTP/1.1 204 ")
    assert len([r for r in rows(db) if r["query"].startswith("keep-alive ")]) == 3
