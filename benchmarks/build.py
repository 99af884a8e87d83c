"""Benchmark kbgen's build against Material for MkDocs with ``navigation.prune`` on the same Markdown.

Run by hand, not in CI (see benchmarks/README.md)::

    .venv/bin/python benchmarks/build.py --out benchmarks/BUILD.md     # 300, 3000, 10000 and 6x2000

For each size it writes the generated help center of ``corpus.py`` twice: as a kbgen project and as
a plain MkDocs + Material project with Material's own search and ``features: [navigation.prune]``
(the setting Material's documentation recommends for large sites). A size is a number of articles
(``3000``) or languages x articles per language (``6x2000``: English, Danish, Chinese, Korean,
Vietnamese and Tagalog, the non-English text recombined from the demo's translations). In one run
per size it builds both, one after the other, and measures the build's wall and CPU time, its peak
memory (the largest process's resident set from ``wait4``, and the proportional set sizes of all its
processes summed, sampled), the bytes of one article page (raw and gzip, with its links counted) and
of the whole site on disk. The load average before and after each build, and ``uptime`` at the start
and the end, go into the report: other work on the machine slows a build down, and a disturbed run
says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import ML_LANGS, Generator, ml_corpus, write_kbgen_project, write_ml_projects, write_plain_project
from engines import tree_bytes
from machine import cpu_and_memory
from report import package_version
from shared import KIB, ROOT, log

PRUNE = ("navigation.prune",)
# Targets of issue 12, on kbgen / Material + prune.
TARGETS = {"seconds": 1.0, "peak_rss": 1.5, "peak_pss": 1.5, "page_bytes": 1.2}
LINEAR = (3000, 10000, 3.6)  # kbgen at 10,000 articles takes at most 3.6x its time at 3,000
LINK = re.compile(rb"<a\s")
DISTURBED_LOAD = 1.5  # a load average above this during a build (2 cores): the timing is suspect


@dataclass
class Built:
    """One build of one engine and what its site weighs."""

    engine: str
    seconds: float | None = None
    cpu_seconds: float | None = None  # user + system: less swayed by other work on the machine
    peak_rss: int = 0  # bytes
    peak_pss: int = 0  # bytes: all the build's processes together, sampled (kbgen forks one for its index)
    page_bytes: int = 0
    page_gzip: int = 0
    page_links: int = 0
    site_bytes: int = 0
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after
    error: str = ""


@dataclass(frozen=True)
class Size:
    """``3000``: articles in English; ``6x2000``: that many languages of that many articles each."""

    articles: int
    languages: int = 1

    @classmethod
    def parse(cls, text: str) -> Size:
        languages, _, per_lang = text.strip().rpartition("x")
        return cls(int(per_lang), int(languages)) if languages else cls(int(per_lang))

    @property
    def pages(self) -> int:
        return self.articles * self.languages

    def __str__(self) -> str:
        return f"{self.languages}x{self.articles}" if self.languages > 1 else str(self.articles)

    @property
    def title(self) -> str:
        if self.languages > 1:
            return f"{self.languages} languages x {self.articles:,} articles ({self.pages:,} pages)"
        return f"{self.articles:,} articles"


@dataclass
class SizeRun:
    size: Size
    page: str
    builds: dict[str, Built] = field(default_factory=dict)


def tree_pss(pid: int) -> int:
    """Proportional set size of a process and its descendants, in bytes (shared pages counted once)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


class PssSampler(threading.Thread):
    """The highest ``tree_pss`` of a running build, sampled ten times a second."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak = max(self.peak, tree_pss(self.pid))


def run_measured(command: list[str], cwd: Path, log_file: Path) -> tuple[float, float, int, int]:
    """Run ``command``: its wall-clock and CPU seconds and peak resident memory in bytes, or raise with the tail."""
    with log_file.open("a", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(command)}\n")
        out.flush()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = PssSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        sampler.done.set()
        sampler.join()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-6:]
        raise RuntimeError(f"{shlex.join(command)} exited {process.returncode}: " + " / ".join(tail))
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, sampler.peak  # ru_maxrss: KiB


def measure(engine: str, command: list[str], project: Path, site: Path, page: str, work: Path) -> Built:
    """Build once from scratch and weigh the site."""
    built = Built(engine)
    if site.exists():
        shutil.rmtree(site)
    before = os.getloadavg()[0]
    try:
        measured = run_measured(command, project, work / f"build-{engine}.log")
        built.seconds, built.cpu_seconds, built.peak_rss, built.peak_pss = measured
    except RuntimeError as exc:
        built.error = str(exc)
        return built
    built.load = (before, os.getloadavg()[0])
    html = (site / page.strip("/") / "index.html").read_bytes()
    built.page_bytes, built.page_gzip = len(html), len(gzip.compress(html, 6))
    built.page_links = len(LINK.findall(html))
    built.site_bytes = tree_bytes([site])
    return built


def write_projects(size: Size, seed: int, work: Path) -> str:
    """Both projects for ``size`` in ``work``; the address of the article page to weigh."""
    if size.languages == 1:
        corpus = Generator(size.articles, seed).corpus(1)
        write_kbgen_project(corpus, work / "kbgen-project")
        write_plain_project(corpus, work / "plain-project", features=PRUNE)
        return corpus.articles[0].url
    if size.languages != len(ML_LANGS):
        raise SystemExit(f"a multilingual size has {len(ML_LANGS)} languages ({', '.join(ML_LANGS)}), not {size}")
    ml = ml_corpus(size.pages, seed, per_lang=size.articles)
    write_ml_projects(ml, work, flat_nav=False, features=PRUNE)
    return ml.english.articles[0].url


def run_size(size: Size, args: argparse.Namespace) -> SizeRun:
    """Write both projects for ``size`` and build each once."""
    n = str(size)
    work = Path(args.work) / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    log(f"[N={n}] generating the corpus (seed {args.seed})")
    run = SizeRun(size, write_projects(size, args.seed, work))
    commands = {
        "kbgen": ([*args.kbgen, "build", "--site-dir", str(work / "site-kbgen")], work / "kbgen-project"),
        "material": ([*args.mkdocs, "build", "-q", "-d", str(work / "site-material")], work / "plain-project"),
    }
    for engine in args.order:
        command, project = commands[engine]
        log(f"[N={n}] building with {engine} (load {os.getloadavg()[0]:.2f})")
        built = measure(engine, command, project, work / f"site-{engine}", run.page, work)
        run.builds[engine] = built
        log(f"[N={n}]   {built.error or f'{built.seconds:.1f} s, {built.peak_rss / KIB / KIB:.0f} MiB peak'}")
        if not args.keep:
            shutil.rmtree(work / f"site-{engine}", ignore_errors=True)
    return run


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a is not None and b else "n/a"


def verdict(key: str, kb: float | None, mat: float | None) -> str:
    if key not in TARGETS or kb is None or not mat:
        return ""
    limit = TARGETS[key]
    return f"≤ {limit}x: {'met' if kb / mat <= limit else 'MISSED'}"


def rows_of(run: SizeRun) -> list[str]:
    """The size's table: one row per figure, kbgen beside Material + prune, with ratio and target."""
    kb, mat = run.builds.get("kbgen", Built("kbgen")), run.builds.get("material", Built("material"))
    figures = [
        ("build wall time", "seconds", lambda b: b.seconds, lambda v: f"{v:.1f} s"),
        ("build CPU time (user + system)", "cpu_seconds", lambda b: b.cpu_seconds, lambda v: f"{v:.1f} s"),
        ("peak memory (RSS)", "peak_rss", lambda b: b.peak_rss or None, lambda v: f"{v / KIB / KIB:.0f} MiB"),
        ("peak memory, all processes (PSS)", "peak_pss", lambda b: b.peak_pss or None,
         lambda v: f"{v / KIB / KIB:.0f} MiB"),
        ("one article page", "page_bytes", lambda b: b.page_bytes or None, lambda v: f"{v / KIB:.1f} KiB"),
        ("one article page, gzip", "page_gzip", lambda b: b.page_gzip or None, lambda v: f"{v / KIB:.1f} KiB"),
        ("links on that page", "page_links", lambda b: b.page_links or None, lambda v: f"{v:.0f}"),
        ("whole site on disk", "site_bytes", lambda b: b.site_bytes or None, lambda v: f"{v / KIB / KIB:.1f} MiB"),
    ]
    lines = [
        f"### {run.size.title} (page measured: `{run.page}`)", "",
        "| figure | Material + prune | kbgen | kbgen / Material | target |", "| --- | --- | --- | --- | --- |",
    ]
    for title, key, value, show in figures:
        k, m = value(kb) if kb.seconds is not None else None, value(mat) if mat.seconds is not None else None
        lines.append(
            f"| {title} | {show(m) if m else 'n/a'} | {show(k) if k else 'n/a'} | {ratio(k, m)} | "
            f"{verdict(key, k, m)} |"
        )
    lines.append("")
    for engine, built in run.builds.items():
        name = "kbgen" if engine == "kbgen" else "Material + prune"
        if built.error:
            lines.append(f"- {name}: failed: {built.error}")
            continue
        before, after = built.load
        flag = " (disturbed: other work on the machine)" if max(before, after) > DISTURBED_LOAD else ""
        lines.append(f"- {name}: load average {before:.2f} before the build, {after:.2f} after{flag}")
    return [*lines, ""]


def summary(runs: Sequence[SizeRun]) -> list[str]:
    """One row per size: each target's ratio and verdict, then whether kbgen's time grows linearly."""
    lines = [
        "## Summary: kbgen / Material + prune, and the targets of issue 12", "",
        "| size | build time (≤ 1.0x) | CPU time | peak memory, all processes (PSS, ≤ 1.5x) "
        "| largest process (RSS, ≤ 1.5x) | article page (≤ 1.2x) | page, gzip | whole site |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        kb, mat = run.builds.get("kbgen", Built("kbgen")), run.builds.get("material", Built("material"))
        if kb.seconds is None or mat.seconds is None:
            lines.append(f"| {run.size.title} | failed: {kb.error or mat.error} |  |  |  |  |  |  |")
            continue

        def cell(key: str, k: float, m: float) -> str:
            verdict_of = verdict(key, k, m)
            return ratio(k, m) + (f": {'met' if verdict_of.endswith('met') else '**missed**'}" if verdict_of else "")

        lines.append(
            f"| {run.size.title} | {cell('seconds', kb.seconds, mat.seconds)} | "
            f"{ratio(kb.cpu_seconds, mat.cpu_seconds)} | {cell('peak_pss', kb.peak_pss, mat.peak_pss)} | "
            f"{cell('peak_rss', kb.peak_rss, mat.peak_rss)} | {cell('page_bytes', kb.page_bytes, mat.page_bytes)} | "
            f"{ratio(kb.page_gzip, mat.page_gzip)} | {ratio(kb.site_bytes, mat.site_bytes)} |"
        )
    small, large, limit = LINEAR
    by_size = {run.size: run.builds.get("kbgen") for run in runs}
    low, high = by_size.get(Size(small)), by_size.get(Size(large))
    lines.append("")
    if low and high and low.seconds and high.seconds:
        grown = high.seconds / low.seconds
        cpu = high.cpu_seconds / low.cpu_seconds if low.cpu_seconds and high.cpu_seconds else 0.0
        lines.append(
            f"- kbgen at {large:,} articles took {grown:.2f}x its time at {small:,} (CPU time: {cpu:.2f}x; "
            f"{large / small:.2f}x the articles), target ≤ {limit}x: {'met' if grown <= limit else '**missed**'}"
        )
    return [*lines, ""]


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        load = os.getloadavg()
        return f"load average: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"


def machine() -> str:
    cpu, memory = cpu_and_memory()
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"- Date: {now}\n"
        f"- Machine: {os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()} {platform.release()}\n"
        f"- Python {platform.python_version()}, MkDocs {package_version('mkdocs')}, "
        f"Material for MkDocs {package_version('mkdocs-material')}, kbgen {package_version('kbgen')}\n"
    )


def report(runs: Sequence[SizeRun], args: argparse.Namespace) -> str:
    head = [
        "# Build benchmark: kbgen vs Material for MkDocs + navigation.prune", "",
        f"`python benchmarks/build.py --sizes {','.join(str(r.size) for r in runs)} --seed {args.seed}"
        f" --order {','.join(args.order)}`", "",
        machine(),
        f"- `uptime` at the start: `{args.uptime_start}`",
        f"- `uptime` at the end: `{uptime()}`", "",
        "Both projects hold the same generated Markdown (`benchmarks/corpus.py`). Material + prune is plain "
        "`mkdocs build` with Material, its built-in search and `features: [navigation.prune]`; kbgen is "
        "`kbgen build` (check, render, index, atomic swap). One build per engine and size, from scratch, one "
        "after the other; peak memory (RSS) is the largest resident set of the build's processes (`wait4`); "
        "\"all processes (PSS)\" adds up the proportional set sizes of the build and its children (kbgen "
        "runs a second process that builds the search index beside the templates), sampled every 0.1 s. "
        "CPU time counts only the build's own work, so it is the steadier figure when other work shares "
        "the machine.", "",
    ]
    return "\n".join(head + summary(runs) + ["## Each size", ""] + [line for run in runs for line in rows_of(run)])


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark kbgen's build against Material for MkDocs + navigation.prune.",
        epilog="Example: .venv/bin/python benchmarks/build.py --sizes 300,3000,10000,6x2000 --out benchmarks/BUILD.md",
    )
    parser.add_argument("--sizes", default="300,3000,10000,6x2000",
                        help="corpus sizes: articles, or languages x articles (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: %(default)s)")
    parser.add_argument("--order", default="material,kbgen", help="which engine builds first (default: %(default)s)")
    parser.add_argument("--kbgen", default=str(ROOT / ".venv/bin/kbgen"), help="the kbgen command")
    parser.add_argument("--mkdocs", default=str(ROOT / ".venv/bin/mkdocs"), help="the mkdocs command")
    parser.add_argument("--work", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "kbgen-build-bench"),
                        help="scratch folder (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites in --work")
    parser.add_argument("--out", help="also write the Markdown report to this file (after each size)")
    args = parser.parse_args(argv)
    try:
        args.sizes = [Size.parse(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: {args.sizes!r} is not a list of sizes such as 300,3000,6x2000")
    args.order = [e.strip() for e in args.order.split(",") if e.strip()]
    args.kbgen, args.mkdocs = shlex.split(args.kbgen), shlex.split(args.mkdocs)
    if not args.sizes or min(s.articles for s in args.sizes) < 3 or sorted(args.order) != ["kbgen", "material"]:
        parser.error("sizes must be >= 3 and --order must name kbgen and material")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.uptime_start = uptime()
    log(args.uptime_start)
    runs: list[SizeRun] = []
    for size in args.sizes:
        runs.append(run_size(size, args))
        if args.out:  # the sizes measured so far, in case a later one is stopped
            Path(args.out).write_text(report(runs, args), encoding="utf-8")
    text = report(runs, args)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
