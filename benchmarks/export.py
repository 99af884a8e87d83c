"""Benchmark of ``kbgen analytics export`` on large event databases, run by hand, not in CI::

    .venv/bin/python benchmarks/export.py                                   # 100,000 and 1,000,000 events
    .venv/bin/python benchmarks/export.py --sizes 100000 --formats json
    .venv/bin/python benchmarks/export.py --out benchmarks/EXPORT.md

For each size it generates a seeded stream of events (``export_events.py``: visits, Zipf-like query
popularity, typos of popular queries, six languages, clicks, votes, contacts; one zero-result form
per ten events) and stores it with kbgen's own import into a SQLite database in ``--work`` (kept
and reused for the same size and seed). The demo help center is built once into ``--work/site``,
for the nearest-article column. Then it runs ``kbgen analytics export --db ... --site-dir ...
--format F -o ... --synonyms ...`` in a subprocess per format and reports its wall time, its CPU
time and peak resident memory (``wait4``'s ``ru_utime + ru_stime`` and ``ru_maxrss``), next to the
load average: on a shared machine the wall time is the CPU time stretched by the other processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from export_events import events  # benchmarks/export_events.py, next to this script
from machine import cpu_and_memory

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS, TARGET_MIB = 30, 500


def kbgen_command(given: str | None) -> list[str]:
    if given:
        return given.split()
    beside = Path(sys.executable).with_name("kbgen")
    return [str(beside if beside.exists() else ROOT / ".venv/bin/kbgen")]


def make_database(path: Path, total: int, distinct: int, seed: int) -> dict[str, int]:
    """Store the generated events with kbgen's import; counts per type, as stored."""
    sys.path.insert(0, str(ROOT))
    from kbgen.analytics.store import import_ndjson, open_store

    partial = path.with_suffix(".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    lines = (json.dumps(event, separators=(",", ":")).encode() for event in events(total, distinct, seed))
    with open_store(partial) as store:
        report = import_ndjson(store, lines, chunk=50_000)
        stored = {row["type"]: row["n"] for row in store.query("SELECT type, COUNT(*) AS n FROM events GROUP BY type")}
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if report.rejected:
        kinds = sorted({reason for _, reason in report.rejected[:1000]})[:3]
        print(f"  {len(report.rejected)} generated events refused by this kbgen (e.g. {kinds})", file=sys.stderr)
    partial.rename(path)
    return stored


def database(work: Path, total: int, seed: int) -> Path:
    path = work / f"events-{total}-seed{seed}.sqlite"
    if not path.exists():
        started = time.monotonic()
        print(f"generating {total} events into {path} ...", file=sys.stderr)
        stored = make_database(path, total, total // 10, seed)
        print(f"  stored {stored} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return path


def build_site(work: Path, kbgen: list[str]) -> Path:
    site = work / "site"
    if not (site / "search" / "manifest.json").is_file():
        print(f"building the demo help center into {site} ...", file=sys.stderr)
        subprocess.run([*kbgen, "build", "--site-dir", str(site)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return site


def run_export(kbgen: list[str], db: Path | str, site: Path, format_: str,
               out: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one export in a subprocess, and its
    "Wrote ..." line."""
    started = time.monotonic()
    process = subprocess.Popen([*kbgen, "analytics", "export", "--db", str(db), "--site-dir", str(site),
                                "--format", format_, "-o", str(out), "--synonyms", str(out.with_suffix(".yml"))],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, cwd=out.parent)
    stderr = process.stderr.read().decode() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the export failed on {db}:\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    said = [line for line in stderr.splitlines() if "searches that found nothing" in line]
    return seconds, cpu, usage.ru_maxrss / 1024, said[0] if said else ""


def counts(db: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as connection:
        by_type = dict(connection.execute("SELECT type, COUNT(*) FROM events GROUP BY type"))
        by_type["zero-result searches"], by_type["distinct zero-result queries"] = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT query_norm) FROM events WHERE type = 'search' AND results = 0").fetchone()
    return by_type


def export_rows(kbgen: list[str], source: Path | str, site: Path, formats: list[str], stored: dict[str, int],
                report: Path, label: str = "", judged: bool = False) -> list[str]:
    """One table row per format: the stored events' counts (keys with a space are not event types),
    then the export's times, memory and the load it ran under. ``judged`` marks the row against the
    targets; ``label`` follows the event count ("(PostgreSQL)")."""
    rows = []
    for format_ in formats:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"exporting {source.name if isinstance(source, Path) else 'the PostgreSQL copy'} as {format_} ...",
              file=sys.stderr)
        seconds, cpu, mib, said = run_export(kbgen, source, site, format_, report.with_suffix(f".{format_}"))
        verdict = (" ✓" if seconds <= TARGET_SECONDS and mib <= TARGET_MIB else " ✗") if judged else ""
        rows.append(
            f"| {sum(v for k, v in stored.items() if ' ' not in k):,}{label} | {stored.get('search', 0):,} "
            f"| {stored['zero-result searches']:,} | {stored['distinct zero-result queries']:,} "
            f"| {stored.get('click', 0):,} | {stored.get('feedback', 0):,} | {stored.get('contact', 0):,} | {format_} "
            f"| {seconds:.1f} s{verdict} | {cpu:.1f} s | {mib:.0f} MiB | {load} | {said.replace('|', '/')} |")
        print(rows[-1], file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="event counts, comma-separated")
    parser.add_argument("--formats", default="json,html", help="export formats to time, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "kbgen-export-bench")
    parser.add_argument("--kbgen", help="the kbgen command (default: next to this Python, else .venv/bin/kbgen)")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    parser.add_argument("--postgres", action="store_true",
                        help="also copy each database into PostgreSQL (a throwaway server, "
                             "tests/collector/postgres.py; kbgen analytics migrate) and export from there")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    kbgen = kbgen_command(args.kbgen)
    site = build_site(args.work, kbgen)
    cpu, memory = cpu_and_memory()
    lines = [
        "# Export benchmark", "",
        f"`benchmarks/export.py --sizes {args.sizes} --formats {args.formats} --seed {args.seed}`, "
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs ({cpu}), {memory}, "
        f"Python {sys.version.split()[0]}. Target: at most {TARGET_SECONDS} s and {TARGET_MIB} MB peak RSS "
        "at 1,000,000 events.", "",
        "| events | searches | zero-result | distinct zero-result | clicks | votes | contacts | format "
        "| wall time | CPU time | peak RSS | load before | the export said |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |",
    ]
    server = None
    if args.postgres:
        sys.path.insert(0, str(ROOT / "tests" / "collector"))
        from postgres import postgres_server  # the tests' own throwaway server

        server_context = postgres_server()
        server = server_context.__enter__()
    formats = args.formats.split(",")
    for size in (int(s) for s in args.sizes.split(",")):
        db = database(args.work, size, args.seed)
        stored = counts(db)
        lines += export_rows(kbgen, db, site, formats, stored, args.work / f"report-{size}", judged=size >= 1_000_000)
        if server is not None:
            url = server.create_database()
            print(f"copying {db.name} into PostgreSQL ...", file=sys.stderr)
            subprocess.run([*kbgen, "analytics", "migrate", "--from", str(db), "--to", url], check=True,
                           stdout=subprocess.DEVNULL)
            lines += export_rows(kbgen, url, site, formats, stored, args.work / f"report-{size}-postgres",
                                 label=" (PostgreSQL)")
    if server is not None:
        server_context.__exit__(None, None, None)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    lines += ["", f"`uptime` after the run: {uptime}"]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
