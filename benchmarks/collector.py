"""Load benchmark of the event collector (``kbgen analytics serve``), run by hand, not in CI::

    .venv/bin/python benchmarks/collector.py                       # 32 clients, 60 s, batches of 1-10
    .venv/bin/python benchmarks/collector.py --max-batch 1 --seconds 20 --out benchmarks/COLLECTOR.md --append

It starts the collector as a subprocess on 127.0.0.1 (any free port, rate limit off: every client
comes from the same address), then N clients, each on its own keep-alive connection, POST events
as fast as the collector answers for ``--seconds``: half the requests hold one event, half a batch
of 2 to ``--max-batch`` (what the browser's sendBeacon sink sends), as ``text/plain`` JSON. Events
are a seeded mix of searches (60 %), clicks (25 %) and feedback (15 %).

It prints accepted events and requests per second, p50/p99/max latency per request, answers
other than 204 by status, the collector's CPU time, and then stops the collector (SIGTERM), opens
the database and checks that it holds exactly the events acknowledged with 204. The load
generator is a plain asyncio HTTP/1.1 client (uvloop when installed) on the same machine, so
it competes with the collector for the CPUs: the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from machine import cpu_and_memory  # benchmarks/machine.py, next to this script

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "where is my order", "refund", "refnud", "can i pay with klarna", "return label", "gift card balance",
    "change delivery address", "warrenty", "tent pole broken", "size chart boots", "cancel order", "discount code",
    "paypal", "afterpay", "express shipping cost", "exchange size", "waterproof jacket care", "po box",
]
PAGES = [
    "/", "/search/", "/orders-and-tracking/track-your-order/", "/returns-and-refunds/refunds/",
    "/payments-and-discounts/payment-methods/", "/shipping-questions/",
]


def make_event(rng: random.Random) -> dict:
    # Browsers send events as they happen; one in 20 is a retry of an event queued offline for up to a day.
    age = rng.uniform(0, 86_400) if rng.random() < 0.05 else rng.uniform(0, 10)
    ts = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=age)).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    roll = rng.random()
    query = rng.choice(QUERIES)
    if roll < 0.6:
        results = rng.choice([0, 0, 1, 3, 12])
        unmatched = [w for w in query.split() if w in ("klarna", "afterpay")]
        return {"type": "search", "query": query, "results": results, "unmatched": unmatched, "lang": "en",
                "page": rng.choice(PAGES), "ts": ts}
    if roll < 0.85:
        return {"type": "click", "query": query, "url": rng.choice(PAGES[2:]), "position": rng.randint(1, 5),
                "lang": "en", "page": "/search/", "ts": ts}
    event = {"type": "feedback", "page": rng.choice(PAGES[2:]),
             "anchor": rng.choice(["", "how-long-does-a-refund-take"]), "helpful": rng.random() < 0.6, "lang": "en",
             "ts": ts}
    if not event["helpful"]:
        event["reason"] = rng.choice(["unclear", "didnt-answer", "outdated", "other"])
        if rng.random() < 0.5:
            event["comment"] = "The page does not say how long it takes. " * rng.randint(1, 4)
    return event


def make_bodies(count: int, max_batch: int, seed: int) -> list[tuple[bytes, int]]:
    """Request bodies and how many events each holds: half single events, half batches."""
    rng = random.Random(seed)
    bodies = []
    for _ in range(count):
        size = 1 if max_batch == 1 or rng.random() < 0.5 else rng.randint(2, max_batch)
        events = [make_event(rng) for _ in range(size)]
        payload = events[0] if size == 1 else events
        bodies.append((json.dumps(payload, separators=(",", ":")).encode(), size))
    return bodies


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    acknowledged: int = 0  # events in requests answered 204, warm-up included
    measured_events: int = 0  # the same, after the warm-up
    connection_errors: int = 0


async def client(host: str, port: int, bodies: list[tuple[bytes, int]], offset: int, start: float, measure_from: float,
                 deadline: float, stats: Stats) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.perf_counter() < deadline:
            body, size = bodies[i % len(bodies)]
            i += 7
            request = (
                b"POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            sent = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            done = time.perf_counter()
            if status == 204:
                stats.acknowledged += size
            if sent >= measure_from:
                stats.latencies.append(done - sent)
                stats.statuses[status] += 1
                if status == 204:
                    stats.measured_events += size
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    except (ConnectionError, asyncio.IncompleteReadError):
        stats.connection_errors += 1
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def run_load(host: str, port: int, clients: int, seconds: float, warmup: float,
                   bodies: list[tuple[bytes, int]]) -> tuple[Stats, float]:
    stats = Stats()
    start = time.perf_counter()
    measure_from = start + warmup
    deadline = measure_from + seconds
    await asyncio.gather(*(
        client(host, port, bodies, n * 131, start, measure_from, deadline, stats) for n in range(clients)
    ))
    return stats, time.perf_counter() - measure_from


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_collector(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 30 s; the stdout pipe closed either way."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


def start_collector(db: Path, extra: list[str]) -> tuple[subprocess.Popen, int]:
    command = [sys.executable, "-m", "kbgen", "analytics", "serve", "--db", str(db), "--port", "0",
               "--rate-limit", "0", *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    line = process.stdout.readline()
    if "Collecting events at" not in line:
        process.kill()
        raise SystemExit(f"the collector did not start: {line!r}")
    port = int(line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    return process, port


def probe_disk(folder: Path, seconds: float) -> list[float]:
    """fdatasync latencies of 16 KiB appends in ``folder``: what one commit cannot go below."""
    path = folder / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    latencies = []
    try:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            os.write(fd, b"x" * 16384)
            start = time.perf_counter()
            os.fdatasync(fd)
            latencies.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        path.unlink()
    return latencies


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def machine_summary() -> str:
    cpu, memory = cpu_and_memory()
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return (
        f"- Machine: {os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()} {platform.release()}, "
        f"SQLite {sqlite3.sqlite_version}\n"
        f"- Python {platform.python_version()}, uvicorn {v('uvicorn')}, starlette {v('starlette')}, "
        f"msgspec {v('msgspec')}, uvloop {v('uvloop')}, httptools {v('httptools')}\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (connections)")
    parser.add_argument("--seconds", type=float, default=60, help="how long to measure")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of load before measuring")
    parser.add_argument("--max-batch", type=int, default=10, help="largest batch; 1: single events only")
    parser.add_argument("--db", type=Path, help="database file (default: a new one in a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    parser.add_argument("--append", action="store_true", help="append to --out instead of replacing it")
    parser.add_argument("--serve-args", default="", help="extra options for kbgen analytics serve")
    parser.add_argument("--disk-probe", type=float, default=5, help="seconds of fdatasync timing before the run")
    args = parser.parse_args()

    try:
        import uvloop
        uvloop.install()
        client_loop = "uvloop"
    except ImportError:
        client_loop = "asyncio"

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "events.sqlite"
        disk = probe_disk(db.parent, args.disk_probe) if args.disk_probe > 0 else []
        bodies = make_bodies(2000, args.max_batch, args.seed)
        process, port = start_collector(db, args.serve_args.split())
        try:
            cpu_before = cpu_seconds(process.pid)
            own_before = time.process_time()
            stats, elapsed = asyncio.run(
                run_load("127.0.0.1", port, args.clients, args.seconds, args.warmup, bodies))
            cpu_used = cpu_seconds(process.pid) - cpu_before
            own_used = time.process_time() - own_before
        finally:
            stop_collector(process)
        with sqlite3.connect(db) as connection:
            stored = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        connection.close()

    requests = sum(stats.statuses.values())
    errors = {status: n for status, n in sorted(stats.statuses.items()) if status != 204}
    lost = stats.acknowledged - stored
    mean_batch = sum(size for _, size in bodies) / len(bodies)
    lines = [
        f"## {args.clients} clients, {args.seconds:g} s, "
        + ("single events" if args.max_batch == 1 else
           f"batches of 1-{args.max_batch} (mean {mean_batch:.1f} events per request)"),
        "",
        f"- Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M UTC}",
        machine_summary().rstrip("\n"),
        f"- Load generator: asyncio + {client_loop}, one keep-alive connection per client, same machine",
        (f"- Disk (the database's folder, before the run): fdatasync of a 16 KiB append p50 "
         f"{percentile(disk, 0.5) * 1000:.1f} ms, p99 {percentile(disk, 0.99) * 1000:.1f} ms, "
         f"max {max(disk) * 1000:.0f} ms over {len(disk)} syncs" if disk else "- Disk: not probed"),
        f"- Command: `{' '.join(['python benchmarks/collector.py', *sys.argv[1:]])}`",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| accepted events/s | **{stats.measured_events / elapsed:,.0f}** |",
        f"| requests/s answered 204 | {stats.statuses[204] / elapsed:,.0f} |",
        f"| latency p50 per request | {percentile(stats.latencies, 0.5) * 1000:.1f} ms |",
        f"| latency p99 per request | **{percentile(stats.latencies, 0.99) * 1000:.1f} ms** |",
        f"| latency max | {max(stats.latencies, default=float('nan')) * 1000:.1f} ms |",
        f"| requests measured | {requests:,} in {elapsed:.1f} s |",
        f"| answers other than 204 | {', '.join(f'{s}: {n}' for s, n in errors.items()) or 'none'} |",
        f"| connection errors | {stats.connection_errors} |",
        f"| collector CPU time | {cpu_used:.1f} s ({100 * cpu_used / (elapsed + args.warmup):.0f} % of one CPU) |",
        f"| load generator CPU time | {own_used:.1f} s ({100 * own_used / (elapsed + args.warmup):.0f} % of one CPU) |",
        f"| events acknowledged (warm-up included) | {stats.acknowledged:,} |",
        f"| events in the database | {stored:,} |",
        f"| lost events | **{lost}** {'(none)' if lost == 0 else '(LOST!)' if lost > 0 else '(extra rows)'} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        if args.append and args.out.exists():
            with args.out.open("a", encoding="utf-8") as file:
                file.write("\n" + text)
        else:
            args.out.write_text(text, encoding="utf-8")
    target = stats.measured_events / elapsed >= 2000 and percentile(stats.latencies, 0.99) < 0.05 and lost == 0
    print(f"Target (>= 2,000 events/s, p99 < 50 ms, no event lost): {'met' if target else 'NOT met'}")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
