"""Load benchmark of several collectors on one PostgreSQL database, with a kill -9, run by hand::

    .venv/bin/python benchmarks/collector_postgres.py                 # 2 collectors, 32 clients, 30 s, kill one
    .venv/bin/python benchmarks/collector_postgres.py --no-kill --out benchmarks/COLLECTOR.md --append
    .venv/bin/python benchmarks/collector_postgres.py --collectors 1 --no-kill

It starts a throwaway PostgreSQL server (``initdb`` + ``pg_ctl`` in a temporary folder, as the tests
do: tests/collector/postgres.py; fsync and ``synchronous_commit`` on), then ``--collectors``
``kbgen analytics serve --db postgresql://...`` processes on their own ports, then N clients that
balance between them: each keeps a keep-alive connection to every collector and sends its
requests to them in turn (what a round-robin load balancer does). Bodies are the same mix as
benchmarks/collector.py (half single events, half batches of 2 to ``--max-batch``), but every
event's ``page`` is unique, so the database can be checked event by event.

Halfway through the measured time (``--kill-at``) the first collector gets SIGKILL. A client whose
request to it fails sends the same body to the next collector (as a balancer's retry would); only
a 204 counts as acknowledged. At the end every acknowledged event must be in the database:
``acknowledged but missing`` must be 0. Events stored but never acknowledged (the collector died
between its commit and its answer) are allowed and counted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from collector import ROOT, cpu_seconds, machine_summary, make_bodies, percentile, start_collector, stop_collector

sys.path.insert(0, str(ROOT / "tests" / "collector"))
from postgres import postgres_server  # noqa: E402 - the tests' own throwaway server


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # requests answered 204 after the warm-up
    statuses: Counter = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)  # pages of events answered 204
    by_collector: Counter = field(default_factory=Counter)  # events acknowledged by each port before the kill
    measured_events: int = 0
    after_kill_events: int = 0
    retries: int = 0  # bodies sent again to another collector after a connection failed


class Connection:
    """One keep-alive HTTP/1.1 connection to one collector."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(b"POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                          b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = next((int(line[15:]) for line in head.split(b"\r\n")[1:]
                       if line[:15].lower() == b"content-length:"), 0)
        if length:
            await self.reader.readexactly(length)
        return int(head[9:12])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def client(number: int, ports: list[int], events: list[list[dict]], clock: dict[str, float],
                 stats: Stats) -> None:
    """Send bodies to the collectors in turn; on a dead one, the same body to the next; note each 204."""
    connections = [Connection(port) for port in ports]
    alive = list(range(len(ports)))
    turn, sequence, i = number, 0, number * 131
    try:
        while time.perf_counter() < clock["deadline"] and alive:
            batch = events[i % len(events)]
            i += 7
            pages = [f"/bench/{number}/{sequence + k}" for k in range(len(batch))]
            sequence += len(batch)
            payload = [{**event, "page": page} for event, page in zip(batch, pages, strict=True)]
            body = msgspec.json.encode(payload[0] if len(payload) == 1 else payload)
            while alive:
                index = alive[turn % len(alive)]
                turn += 1
                sent = time.perf_counter()
                try:
                    status = await connections[index].post(body)
                except (ConnectionError, asyncio.IncompleteReadError, OSError):
                    connections[index].close()
                    alive.remove(index)
                    stats.retries += 1
                    continue
                done = time.perf_counter()
                if sent >= clock["measure_from"]:
                    stats.statuses[status] += 1
                if status == 204:
                    stats.acknowledged.update(pages)
                    if sent >= clock["measure_from"]:
                        stats.latencies.append(done - sent)
                        stats.measured_events += len(pages)
                        if sent >= clock.get("killed", float("inf")):
                            stats.after_kill_events += len(pages)
                        elif "killed" not in clock:
                            stats.by_collector[ports[index]] += len(pages)
                break
    finally:
        for connection in connections:
            connection.close()


async def killer(process: subprocess.Popen, clock: dict[str, float]) -> None:
    await asyncio.sleep(max(0.0, clock["kill_at"] - time.perf_counter()))
    os.kill(process.pid, signal.SIGKILL)
    clock["killed"] = time.perf_counter()


async def run_load(ports: list[int], victim: subprocess.Popen | None, args) -> tuple[Stats, dict[str, float]]:
    stats = Stats()
    start = time.perf_counter()
    measure_from = start + args.warmup
    clock = {"load_before": os.getloadavg()[0], "measure_from": measure_from,
             "deadline": measure_from + args.seconds, "kill_at": measure_from + args.seconds * args.kill_at}
    bodies = make_bodies(2000, args.max_batch, args.seed)
    events = [[body] if isinstance(body, dict) else body for body in (msgspec.json.decode(b) for b, _ in bodies)]
    tasks = [client(n, ports, events, clock, stats) for n in range(args.clients)]
    if victim is not None:
        tasks.append(killer(victim, clock))
    await asyncio.gather(*tasks)
    return stats, clock


def report(args, stats: Stats, clock: dict[str, float], stored: set[str], rows: int, cpu: list[float],
           versions: str) -> str:
    elapsed = clock["deadline"] - clock["measure_from"]
    missing = stats.acknowledged - stored
    unacknowledged = stored - stats.acknowledged
    errors = {status: n for status, n in sorted(stats.statuses.items()) if status != 204}
    killed = "killed" in clock
    shares = " / ".join(f"{n:,}" for _, n in sorted(stats.by_collector.items()))
    after = clock["deadline"] - clock["killed"] if killed else 0
    load = "single events" if args.max_batch == 1 else f"batches of 1-{args.max_batch}"
    title = (f"## PostgreSQL: {args.collectors} collector{'s' if args.collectors > 1 else ''}, {args.clients} "
             f"clients, {args.seconds:g} s, {load}" + (", one collector killed (SIGKILL) mid-burst" if killed else ""))
    lines = [
        title,
        "",
        f"- Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M UTC}",
        machine_summary().rstrip("\n"),
        f"- {versions}",
        f"- Load average (1 min) at the start and the end: {clock['load_before']:.1f} / {os.getloadavg()[0]:.1f} "
        "(2 CPUs; other work on the machine counts too)",
        "- Load generator: asyncio, one keep-alive connection per client and collector, requests sent to the "
        "collectors in turn, same machine",
        f"- Command: `{' '.join(['python benchmarks/collector_postgres.py', *sys.argv[1:]])}`",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| accepted events/s (whole run) | **{stats.measured_events / elapsed:,.0f}** |",
        f"| latency p50 per request | {percentile(stats.latencies, 0.5) * 1000:.1f} ms |",
        f"| latency p99 per request | **{percentile(stats.latencies, 0.99) * 1000:.1f} ms** |",
        f"| latency max | {max(stats.latencies, default=float('nan')) * 1000:.1f} ms |",
        f"| requests measured | {sum(stats.statuses.values()):,} in {elapsed:.1f} s |",
        f"| answers other than 204 | {', '.join(f'{s}: {n}' for s, n in errors.items()) or 'none'} |",
        f"| events acknowledged per collector{' before the kill' if killed else ''} | {shares} |",
    ]
    if killed:
        lines += [
            f"| SIGKILL at | {clock['killed'] - clock['measure_from']:.1f} s of {elapsed:.0f} |",
            f"| events/s after the kill (one collector left) | {stats.after_kill_events / after:,.0f} |",
            f"| requests sent again to the other collector | {stats.retries} |",
        ]
    lines += [
        f"| collector CPU time | {' / '.join(f'{c:.1f} s' for c in cpu)} |",
        f"| events acknowledged (warm-up included) | {len(stats.acknowledged):,} |",
        f"| events in the database | {rows:,} |",
        f"| stored twice (a body the killed collector committed, sent again) | {rows - len(stored):,} |",
        f"| stored but never acknowledged (killed between commit and answer) | {len(unacknowledged):,} |",
        f"| acknowledged but missing from the database | **{len(missing)}** {'(none)' if not missing else '(LOST!)'} |",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collectors", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=30, help="how long to measure")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--max-batch", type=int, default=10, help="largest batch; 1: single events only")
    parser.add_argument("--kill-at", type=float, default=0.5, help="when to SIGKILL the first collector (0-1)")
    parser.add_argument("--no-kill", action="store_true", help="kill no collector")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    parser.add_argument("--append", action="store_true", help="append to --out instead of replacing it")
    args = parser.parse_args()

    import psycopg

    with postgres_server() as server:
        url = server.create_database()
        version = psycopg.connect(server.url()).execute("SHOW server_version").fetchone()[0]
        versions = f"PostgreSQL {version.split()[0]} (fsync on, synchronous_commit on), psycopg {psycopg.__version__}"
        collectors = [start_collector(url, []) for _ in range(args.collectors)]
        try:
            before = [cpu_seconds(p.pid) for p, _ in collectors]
            victim = None if args.no_kill or args.collectors < 2 else collectors[0][0]
            stats, clock = asyncio.run(run_load([port for _, port in collectors], victim, args))
            cpu = [cpu_seconds(p.pid) - b for (p, _), b in zip(collectors, before, strict=True)]
        finally:
            for process, _ in collectors:
                stop_collector(process)
        with psycopg.connect(url) as connection:
            pages = [row[0] for row in connection.execute("SELECT page FROM events")]
    stored = set(pages)
    text = report(args, stats, clock, stored, len(pages), cpu, versions)
    print(text)
    if args.out:
        if args.append and args.out.exists():
            with args.out.open("a", encoding="utf-8") as file:
                file.write("\n" + text)
        else:
            args.out.write_text(text, encoding="utf-8")
    return 0 if not stats.acknowledged - stored else 1


if __name__ == "__main__":
    sys.exit(main())
