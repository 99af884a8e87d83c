"""The event collector: a Starlette app taking ``POST /events`` and answering ``GET /healthz``.

What ``POST /events`` answers, checked in this order:

- 403 when the request carries an ``Origin`` that ``--allow-origin`` does not list;
- 429 when the client's token bucket is empty (``Retry-After`` says when to try again);
- 415 unless the content type is ``application/json`` or ``text/plain`` (what ``sendBeacon`` sends);
- 413 when ``Content-Length`` or the bytes actually received exceed 16 KiB;
- 400 for a body that is not UTF-8, not JSON, a single event that is not valid, or an array none
  of whose events is valid (``{"error": "the reason", "rejected": [...]}``);
- 204 once the events are committed to disk;
- 200 when an array held valid and invalid events: the valid ones are committed, and the body
  lists the others, ``{"stored": 2, "rejected": [{"index": 1, "error": "..."}]}``, also counted in
  an ``X-Kbgen-Rejected`` header. ``sendBeacon`` sees no answer at all, so a bad event must never
  cost its neighbours.

Other methods get 405, other paths 404. Bad input never gets a 5xx; a 503 means the database
itself failed (disk full, say) and nothing was stored. ``GET /healthz`` answers 200 only after a
real write (a row committed and removed, at most once a second) succeeded: an event sent now
would be stored.

Below the app, the HTTP protocol bounds each request: headers over 64 KiB get 431, and a request
(headers and body) not received within ``read_timeout`` seconds of its first byte (or of the
connection, when nothing comes) is closed (408 when the headers were incomplete). A browser never
comes near either; a slowloris cannot hold connections for ever.

Durability without a transaction per request (group commit): a request puts its validated rows
on a queue and waits; one writer thread takes *everything* pending, inserts it in a single
transaction (SQLite: WAL, ``synchronous=FULL``; PostgreSQL: ``synchronous_commit=on``) and then
wakes each waiting request, which only then answers 204. Under load many requests share one
fsync, so throughput grows with concurrency while every acknowledged event is already on disk.

The rate limit is an in-memory token bucket per client address; the address is used for nothing
else and never stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import queue
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from kbgen.analytics.schema import MAX_BODY_BYTES, EventError, decode_batch, now_ts, to_row
from kbgen.analytics.store import Store, open_store

log = logging.getLogger("kbgen.collector")

ACCEPTED_TYPES = ("application/json", "text/plain")
DEFAULT_RATE = 20.0  # requests per second per client address, sustained
DEFAULT_BURST = 100  # requests a client may send at once
MAX_HEADER_BYTES = 64 * 1024  # request line and headers; browsers send a few KiB
READ_TIMEOUT = 10.0  # seconds from a request's first byte to its last; a beacon takes milliseconds
HEALTH_INTERVAL = 1.0  # seconds a /healthz write probe's outcome is reused
PROBE = object()  # queued instead of rows: commit a probe row and its removal


class GroupCommitWriter:
    """One thread owning the database: commits whatever is queued in one transaction, then answers."""

    _STOP = object()

    def __init__(self, store: Store):
        self.store = store
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="kbgen-event-writer", daemon=True)
        self.transactions = 0
        self.events = 0

    def start(self) -> None:
        self.thread.start()

    async def write(self, rows: Sequence[tuple]) -> None:
        """Return once ``rows`` are committed to disk; raise what the database raised otherwise."""
        future = asyncio.get_running_loop().create_future()
        self.queue.put((rows, future))
        await future

    def stop(self) -> None:
        """Commit what is still queued, then end the thread."""
        if self.thread.is_alive():
            self.queue.put(self._STOP)
            self.thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self.queue.get()
            if item is self._STOP:
                break
            batch = [item]
            while True:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is self._STOP:
                    stopping = True
                    break
                batch.append(item)
            probes = [future for rows, future in batch if rows is PROBE]
            writes = [(rows, future) for rows, future in batch if rows is not PROBE]
            error = self._commit([row for rows, _ in writes for row in rows]) if writes else None
            probe_error: BaseException | None = None
            if probes:  # a commit of events just now answers them; without one, probe for real
                probe_error = error if writes else self._probe()
                writes += [(PROBE, future) for future in probes]
            by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future, BaseException | None]]] = {}
            for rows, future in writes:
                outcome = probe_error if rows is PROBE else error
                by_loop.setdefault(future.get_loop(), []).append((future, outcome))
            for loop, futures in by_loop.items():
                with contextlib.suppress(RuntimeError):  # the loop closed: nobody is waiting any more
                    loop.call_soon_threadsafe(_settle, futures)

    def _commit(self, rows: list[tuple]) -> BaseException | None:
        try:
            self.store.add(rows)
        except Exception as exc:  # noqa: BLE001 - handed to every waiting request
            log.error("could not store %d events: %s", len(rows), self.store.describe(exc))
            return exc
        self.transactions += 1
        self.events += len(rows)
        return None

    def _probe(self) -> BaseException | None:
        try:
            self.store.probe()
        except Exception as exc:  # noqa: BLE001 - reported by /healthz
            return exc
        return None

    async def probe(self) -> None:
        """Return once a probe row was committed and removed; raise what the database raised otherwise."""
        future = asyncio.get_running_loop().create_future()
        self.queue.put((PROBE, future))
        await future


def _settle(futures: list[tuple[asyncio.Future, BaseException | None]]) -> None:
    for future, error in futures:
        if future.done():  # the client went away; its events are stored all the same
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)


class RateLimiter:
    """A token bucket per key: ``burst`` requests at once, refilled at ``rate`` per second."""

    MAX_KEYS = 50_000

    def __init__(self, rate: float, burst: int):
        self.rate = rate
        self.burst = float(max(burst, 1))
        self.buckets: dict[str, list[float]] = {}

    def wait_time(self, key: str) -> float:
        """0 when a request from ``key`` may pass (and takes a token), else seconds until one may."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.MAX_KEYS:
                self._forget_full(now)
            self.buckets[key] = [self.burst - 1, now]
            return 0.0
        tokens = min(self.burst, bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if tokens >= 1:
            bucket[0] = tokens - 1
            return 0.0
        bucket[0] = tokens
        return (1 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled completely: they behave exactly like new ones."""
        refill = self.burst / self.rate
        for key in [k for k, (_, last) in self.buckets.items() if now - last >= refill]:
            del self.buckets[key]
        if len(self.buckets) >= self.MAX_KEYS:  # all busy: forget the oldest half rather than grow
            for key in sorted(self.buckets, key=lambda k: self.buckets[k][1])[: self.MAX_KEYS // 2]:
                del self.buckets[key]


def error(status: int, reason: str, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps({"error": reason}), status_code=status, headers=headers,
                    media_type="application/json")


class Collector:
    """The app's state and endpoints; :func:`create_app` wraps it in Starlette."""

    def __init__(self, db: str | Path, *, allow_origins: Iterable[str] = (), rate: float = DEFAULT_RATE,
                 burst: int = DEFAULT_BURST, max_body: int = MAX_BODY_BYTES,
                 health_interval: float = HEALTH_INTERVAL):
        self.db = db  # a SQLite file or a postgresql:// URL (see open_store)
        self.health_interval = health_interval
        self._health: tuple[float, str] | None = None
        self._probing: asyncio.Future | None = None
        self.allow_origins = frozenset(o.rstrip("/") for o in allow_origins)
        self.limiter = RateLimiter(rate, burst)
        self.max_body = max_body
        self.writer: GroupCommitWriter | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette):
        store = open_store(self.db)
        self.writer = GroupCommitWriter(store)
        self.writer.start()
        try:
            yield
        finally:
            self.writer.stop()
            store.close()

    def cors_headers(self, origin: str | None) -> dict[str, str]:
        if origin and origin in self.allow_origins:
            return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "X-Kbgen-Rejected",
                    "Vary": "Origin"}
        return {"Vary": "Origin"} if self.allow_origins else {}

    async def events(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        headers = self.cors_headers(origin)
        if origin and self.allow_origins and origin not in self.allow_origins:
            return error(403, f"origin {origin} is not allowed to send events", headers)
        wait = self.limiter.wait_time(request.client.host if request.client else "")
        if wait:
            return error(429, "too many requests from this address; slow down",
                         {**headers, "Retry-After": str(max(1, round(wait + 0.5)))})

        content_type = request.headers.get("content-type", "")
        media_type, _, parameters = content_type.partition(";")
        if media_type.strip().lower() not in ACCEPTED_TYPES:
            return error(415, f"send application/json or text/plain holding JSON, not {content_type or 'nothing'!r}",
                         headers)
        charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in parameters.split(";")
                        if p.strip().lower().startswith("charset=")), "")
        if charset and charset not in ("utf-8", "utf8"):
            return error(415, f"send the JSON as UTF-8, not {charset}", headers)

        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return error(400, "Content-Length is not a number", headers)
            if int(length) > self.max_body:
                return self.too_large(headers)
        body = b""
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > self.max_body:
                    return self.too_large(headers)
        except ClientDisconnect:  # gone mid-body (or closed by the read timeout): nobody to answer
            log.debug("a client left before sending its whole body")
            return Response(status_code=400)
        if not body:
            return error(400, "the body is empty; send one event or an array of events", headers)

        try:
            decoded = decode_batch(body)
        except EventError as exc:
            return error(400, str(exc), headers)
        rejected = [{"index": index, "error": reason} for index, reason in decoded.rejected]
        if not decoded.events:
            first = rejected[0]["error"]
            return Response(json.dumps({"error": f"none of the {len(rejected)} events is valid; {first}",
                                        "rejected": rejected}),
                            status_code=400, headers=headers, media_type="application/json")
        received_at = now_ts()
        rows = [to_row(event, received_at) for event in decoded.events]
        assert self.writer is not None, "the app was started without its lifespan"
        try:
            await self.writer.write(rows)
        except Exception:  # noqa: BLE001 - the database failed, not the client
            return error(503, "the events could not be stored; try again later", headers)
        if not rejected:
            return Response(status_code=204, headers=headers)
        return Response(json.dumps({"stored": len(rows), "rejected": rejected}), status_code=200,
                        headers={**headers, "X-Kbgen-Rejected": str(len(rejected))}, media_type="application/json")

    def too_large(self, headers: dict[str, str]) -> Response:
        return error(413, f"the body is over {self.max_body} bytes; send fewer events at once", headers)

    async def preflight(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        if not origin or origin not in self.allow_origins:
            return error(403, f"origin {origin} is not allowed to send events" if origin else
                         "not a CORS preflight request (no Origin)", self.cors_headers(origin))
        return Response(status_code=204, headers={
            **self.cors_headers(origin),
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "86400",
        })

    async def healthz(self, request: Request) -> Response:
        """200 only if a write committed just now (or within ``health_interval``) succeeded."""
        problem = await self.health()
        if problem:
            return error(503, f"events cannot be stored now: {problem}")
        return PlainTextResponse("ok")

    async def health(self) -> str:
        """'' when a probe write succeeds, else what is wrong; concurrent checks share one probe."""
        now = time.monotonic()
        if self._health is not None and now - self._health[0] < self.health_interval:
            return self._health[1]
        if self._probing is None:
            self._probing = asyncio.ensure_future(self._probe())
        try:
            return await asyncio.shield(self._probing)
        finally:
            if self._probing is not None and self._probing.done():
                self._probing = None

    async def _probe(self) -> str:
        assert self.writer is not None, "the app was started without its lifespan"
        try:
            await self.writer.probe()
            problem = ""
        except Exception as exc:  # noqa: BLE001 - whatever failed, health says so
            problem = self.writer.store.describe(exc)
        self._health = (time.monotonic(), problem)
        return problem


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    reasons = {404: "no such endpoint: POST /events or GET /healthz", 405: f"{request.method} is not allowed here"}
    return error(exc.status_code, reasons.get(exc.status_code, exc.detail), dict(exc.headers or {}))


def create_app(db: str | Path, **options) -> Starlette:
    """The collector as an ASGI app storing into ``db``; options as for :class:`Collector`."""
    collector = Collector(db, **options)
    app = Starlette(
        routes=[
            Route("/events", collector.events, methods=["POST"]),
            Route("/events", collector.preflight, methods=["OPTIONS"]),
            Route("/healthz", collector.healthz, methods=["GET"]),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=collector.lifespan,
    )
    app.state.collector = collector
    return app


# --- the HTTP protocol: header size and read timeout ----------------------------------------------

def guarded_protocol(read_timeout: float, max_header_bytes: int) -> type:
    """uvicorn's httptools protocol, bounded: neither httptools nor uvicorn limits header size, and
    uvicorn's keep-alive timeout stops as soon as a byte arrives, so a half-sent request stays open."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class GuardedProtocol(HttpToolsProtocol):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.header_bytes = 0
            self.in_body = False
            self.deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()  # a connection that never sends a byte is closed as well

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            self._arm()
            if not self.in_body:
                self.header_bytes += len(data)
            super().data_received(data)
            if not self.in_body and self.header_bytes > max_header_bytes and not self.transport.is_closing():
                self._refuse(431, "Request Header Fields Too Large",
                             f"the request line and headers are over {max_header_bytes} bytes")

        def on_headers_complete(self) -> None:
            self.in_body = True
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._disarm()
            self.in_body = False
            self.header_bytes = 0

        def _arm(self) -> None:
            if self.deadline is None:
                self.deadline = self.loop.call_later(read_timeout, self._time_out)

        def _disarm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
                self.deadline = None

        def _time_out(self) -> None:
            self.deadline = None
            if self.transport.is_closing():
                return
            if self.in_body:  # the app is reading the body: closing makes it see a disconnect
                self.transport.close()
            else:
                self._refuse(408, "Request Timeout", f"the request was not received within {read_timeout:g} s")

        def _refuse(self, status: int, phrase: str, reason: str) -> None:
            body = json.dumps({"error": reason}).encode()
            self.transport.write(
                f"HTTP/1.1 {status} {phrase}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode() + body
            )
            self.transport.close()

    return GuardedProtocol


def server_config(app: Starlette, *, host: str, port: int, read_timeout: float = READ_TIMEOUT,
                  max_header_bytes: int = MAX_HEADER_BYTES, **options):
    """The uvicorn configuration the collector runs with (the CLI and the tests alike)."""
    import uvicorn

    try:
        http: type | str = guarded_protocol(read_timeout, max_header_bytes)
    except ImportError:  # no httptools: h11 bounds the headers, and the read timeout is not applied
        http = "h11"
    return uvicorn.Config(
        app, host=host, port=port, http=http, h11_max_incomplete_event_size=max_header_bytes,
        log_level="warning", access_log=False, server_header=False, lifespan="on", **options,
    )
