"""Benchmark ``kbgen serve``: from a saved edit to the open page showing it, and to search finding it.

Run by hand, not in CI (see benchmarks/README.md)::

    .venv/bin/python benchmarks/serve.py --size 3000 --out benchmarks/SERVE.md

It writes the generated help center of ``corpus.py`` (N articles), starts ``kbgen serve`` on a
free 127.0.0.1 port, opens an article in headless Chromium and then, for each edit, writes the
article's Markdown on disk and times, from the moment the file is closed:

- until the open page shows the new sentence (it reloads by itself);
- until ``window.kbgen.search`` on that page finds the sentence's new word (the index is rebuilt
  behind the page, which reloads again when it is written).

The edits are body edits (the common case, re-rendering one page) and one title edit (which also
re-renders its category pages, home and the sidebars listing it). The load average goes into the
report: on a shared machine other work slows the preview down, and a disturbed run says so.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import Generator, write_kbgen_project
from machine import cpu_and_memory
from report import package_version
from shared import ROOT, log

RELOAD_TARGET = 2.0  # seconds, issue 12
SEARCH_TARGET = 10.0
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WORDS = ["quillfrost", "marbleyonder", "tundraplume", "velvetquarry", "emberlattice"]


@dataclass
class Edit:
    kind: str  # "body" or "title"
    reload_s: float | None = None
    search_s: float | None = None
    rendered: str = ""  # the terminal's own line for it
    indexed: str = ""
    load: float = 0.0
    server_cpu: float | None = None  # the server's CPU seconds from the save to the page shown
    worker_cpu: float | None = None  # the index worker's, from the save to search finding the word


@dataclass
class Run:
    size: int
    page: str
    startup_s: float = 0.0
    startup_line: str = ""
    edits: list[Edit] = field(default_factory=list)
    uptime_before: str = ""
    uptime_after: str = ""


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_line(log_file: Path, pattern: str, after: int, timeout: float) -> str:
    """The first line past offset ``after`` of the server's output that matches ``pattern``."""
    deadline = time.monotonic() + timeout
    regex = re.compile(pattern)
    while time.monotonic() < deadline:
        text = log_file.read_text(encoding="utf-8", errors="replace")[after:]
        for line in text.splitlines():
            if regex.search(line):
                return line
        time.sleep(0.1)
    return ""


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time (user + system) so far of process ``pid`` and, apart, of its children now running
    (the index worker): steadier than wall time on a machine other work shares."""
    tick = os.sysconf("SC_CLK_TCK")

    def own(p: int) -> float:
        try:
            with open(f"/proc/{p}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            return 0.0

    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            children += [int(c) for c in task.read_text().split()]
    return own(pid), sum(own(c) for c in children)


def search_finds(page, word: str, url: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            results = page.evaluate("(w) => window.kbgen.search(w)", word)
            if any(r["url"].split("#")[0] == url for r in results):
                return True
        except Exception:  # the page is reloading: ask again once it is back
            pass
        time.sleep(0.05)
    return False


def measure_edit(page, article: Path, url: str, kind: str, index: int, log_file: Path, pid: int) -> Edit:
    edit = Edit(kind, load=os.getloadavg()[0])
    word = WORDS[index % len(WORDS)] + str(index)
    text = article.read_text(encoding="utf-8")
    if kind == "title":
        marker = f"Updated title {word}"
        text = re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.MULTILINE)
    else:
        marker = f"A new sentence about {word} parcels."
        text = text.rstrip("\n") + f"\n\n{marker}\n"
    offset = len(log_file.read_text(encoding="utf-8", errors="replace"))
    server_before, worker_before = cpu_seconds(pid)
    article.write_text(text, encoding="utf-8")
    started = time.monotonic()
    try:
        page.wait_for_function("(m) => document.body && document.body.innerText.includes(m)", arg=marker,
                               timeout=120_000, polling=20)
        edit.reload_s = time.monotonic() - started
        edit.server_cpu = cpu_seconds(pid)[0] - server_before
    except Exception as exc:
        log(f"  the page did not show the edit: {exc}")
    if search_finds(page, word, url, started + 180):
        edit.search_s = time.monotonic() - started
        edit.worker_cpu = cpu_seconds(pid)[1] - worker_before
    edit.rendered = wait_for_line(log_file, r"re-rendered|full rebuild|error", offset, 10)
    edit.indexed = wait_for_line(log_file, r"search index updated", offset, 60)
    return edit


def run(args: argparse.Namespace) -> Run:
    from playwright.sync_api import sync_playwright

    work = Path(args.work) / f"n{args.size}"
    work.mkdir(parents=True, exist_ok=True)
    log(f"[N={args.size}] generating the corpus (seed {args.seed})")
    corpus = Generator(args.size, args.seed).corpus(1)
    project = work / "kbgen-project"
    write_kbgen_project(corpus, project)
    first = corpus.articles[0]
    article, url = project / "articles" / first.path, first.url
    scratch = work / "tmp"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    log_file = work / "serve.log"
    port = free_port()
    result = Run(args.size, url, uptime_before=uptime())
    log(f"[N={args.size}] starting kbgen serve on 127.0.0.1:{port} ({result.uptime_before})")
    started = time.monotonic()
    with log_file.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [*args.kbgen, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=out,
            stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)},
        )
    try:
        result.startup_line = wait_for_line(log_file, r"built [\d,]+ pages in", 0, args.startup_timeout)
        if not result.startup_line:
            raise RuntimeError(f"kbgen serve did not start; see {log_file}")
        wait_for_line(log_file, r"Serving on http", 0, 60)
        result.startup_s = time.monotonic() - started
        log(f"[N={args.size}] {result.startup_line.strip()}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{port}{url}")
            page.wait_for_function("() => window.kbgen && document.readyState === 'complete'")
            for index, kind in enumerate(["body"] * args.edits + ["title"]):
                time.sleep(args.pause)
                edit = measure_edit(page, article, url, kind, index, log_file, server.pid)
                result.edits.append(edit)
                log(f"[N={args.size}] {kind} edit: page {fmt(edit.reload_s)}, search {fmt(edit.search_s)} "
                    f"(load {edit.load:.2f}) | {edit.rendered.strip()}")
            browser.close()
    finally:
        result.uptime_after = uptime()
        server.terminate()
        try:
            server.wait(timeout=300)
        except subprocess.TimeoutExpired:
            server.kill()
    return result


def fmt(seconds: float | None) -> str:
    return f"{seconds:.2f} s" if seconds is not None else "not seen"


def verdict(seconds: float | None, target: float) -> str:
    if seconds is None:
        return "missed (not seen)"
    return "met" if seconds <= target else f"missed ({seconds / target:.1f}x the target)"


def report(result: Run, args: argparse.Namespace) -> str:
    cpu, memory = cpu_and_memory()
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [e for e in result.edits if e.kind == "body"]
    reloads = [e.reload_s for e in body if e.reload_s is not None]
    searches = [e.search_s for e in body if e.search_s is not None]
    median_reload = statistics.median(reloads) if reloads else None
    median_search = statistics.median(searches) if searches else None
    lines = [
        "# `kbgen serve` benchmark: edit to reload", "",
        f"`python benchmarks/serve.py --size {result.size} --seed {args.seed} --edits {args.edits}`", "",
        f"- Date: {now}",
        f"- Machine: {os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, MkDocs {package_version('mkdocs')}, "
        f"Material for MkDocs {package_version('mkdocs-material')}, kbgen {package_version('kbgen')}",
        f"- `uptime` before: `{result.uptime_before}`",
        f"- `uptime` after: `{result.uptime_after}`", "",
        f"The generated help center of `benchmarks/corpus.py` ({result.size:,} articles). `kbgen serve` "
        f"on 127.0.0.1, the article `{result.page}` open in headless Chromium; each edit writes the "
        "article's Markdown and the clock runs from the file's close until the open page shows the new "
        "text (it reloads by itself), then until `window.kbgen.search` on that page finds the edit's new "
        "word. One run; the machine is shared, so the load average is part of the result, and the CPU "
        "seconds the server (and its index worker) spent meanwhile are the steadier figure.", "",
        f"First build at start: {result.startup_s:.1f} s to serving (`{result.startup_line.strip()}`).", "",
        "| edit | save to page shown | server CPU meanwhile | save to search finds it | index worker CPU meanwhile "
        "| load (1 min) | what the terminal said |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for number, edit in enumerate(result.edits, 1):
        said = edit.rendered.strip().split("] ", 1)[-1]
        if edit.indexed:
            said += "; " + edit.indexed.strip().split("; ", 1)[-1]
        lines.append(f"| {number}. {edit.kind} | {fmt(edit.reload_s)} | {fmt(edit.server_cpu)} | {fmt(edit.search_s)} "
                     f"| {fmt(edit.worker_cpu)} | {edit.load:.2f} | {said.replace('|', '/')} |")
    lines += [
        "",
        "| target (issue 12) | measured (median of the body edits) | verdict |",
        "| --- | --- | --- |",
        f"| edit to reload <= {RELOAD_TARGET:.0f} s | {fmt(median_reload)} | {verdict(median_reload, RELOAD_TARGET)} |",
        f"| edit to search <= {SEARCH_TARGET:.0f} s | {fmt(median_search)} | {verdict(median_search, SEARCH_TARGET)} |",
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark kbgen serve: a saved edit to the open page and to search.",
        epilog="Example: .venv/bin/python benchmarks/serve.py --size 3000 --out benchmarks/SERVE.md",
    )
    parser.add_argument("--size", type=int, default=3000, help="corpus size in articles (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: %(default)s)")
    parser.add_argument("--edits", type=int, default=3, help="body edits before the title edit (default: %(default)s)")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between edits (default: %(default)s)")
    parser.add_argument("--kbgen", default=str(ROOT / ".venv/bin/kbgen"), help="the kbgen command")
    parser.add_argument("--startup-timeout", type=float, default=1200, help="seconds to wait for the first build")
    parser.add_argument("--work", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "kbgen-serve-bench"),
                        help="scratch folder (default: %(default)s)")
    parser.add_argument("--out", help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    args.kbgen = args.kbgen.split()
    if args.size < 3 or args.edits < 1:
        parser.error("--size must be >= 3 and --edits >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    text = report(run(args), args)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
