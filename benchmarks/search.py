"""Benchmark kbgen's search against Material for MkDocs' built-in search and Pagefind.

Run by hand, not in CI (see benchmarks/README.md)::

    .venv/bin/python benchmarks/search.py --sizes 300,3000,10000 --queries 100 --out benchmarks/RESULTS.md

For each size N it generates a deterministic store help center of N articles (plus one FAQ file per
category), writes it as a kbgen project and as a plain MkDocs + Material project, builds it three
ways (kbgen; Material with its ``search`` plugin; Material without it, then Pagefind), serves each
site on 127.0.0.1 through a gzip-compressing, byte-counting HTTP server and measures in headless
Chromium: bytes transferred before the first result, time to first result, and per-keystroke query
time while typing. It prints one Markdown table per N and writes them to ``--out``.

Above ``--flat-nav-above`` articles (3000) the plain project gets a one-entry nav so that Material's
and Pagefind's builds stay linear in N. ``--multilingual N`` adds a corpus of N articles, 80 % English
and 4 % each in da, zh, ko, vi and tl (sentences of the demo's own translations recombined), built by
kbgen and by plain MkDocs + Pagefind extended (``<html lang>`` set per language folder), and reports
bytes and time to the first result per language.

This file is the command line and the run of each size; the work is in ``corpus.py`` (the generated
help centers), ``engines.py`` (building each engine's site), ``browser.py`` (the byte-counting host
and the measurements in Chromium) and ``report.py`` (the tables).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from browser import CHROMIUM_ARGS, ML_SCRIPTS, EngineResult, FirstSearch, SiteServer, measure_engine, measure_first
from corpus import (
    ML_LANGS,
    Generator,
    ml_corpus,
    tokens,
    write_kbgen_project,
    write_ml_projects,
    write_plain_project,
    write_text,
)
from engines import ENGINE_TITLES, ENGINES, Tools, build_engine, build_ml, find_tools
from report import MlResult, SizeResult, report
from shared import KIB, log


def run_multilingual(n: int, args: argparse.Namespace, tools: Tools, browser: Any) -> MlResult:
    """Generate, build and measure the multilingual corpus."""
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    work = Path(args.work) / f"ml{n}"
    work.mkdir(parents=True, exist_ok=True)
    log(f"[ML {n}] generating the corpus (seed {args.seed}); load average {load_before:.2f}")
    corpus = ml_corpus(n, args.seed)
    write_ml_projects(corpus, work)
    write_text(work / "queries.json", json.dumps(corpus.queries, ensure_ascii=False, indent=1))
    urls = {"en": corpus.english.articles[0].url}
    urls.update({lang: next(a.url for a in corpus.others if a.lang == lang) for lang in ML_LANGS[1:]})
    result = MlResult(corpus, {}, {}, urls, [], [], 0.0, load_before)
    for engine in ("kbgen", "pagefind"):
        if engine not in args.engines:
            continue
        log(f"[ML {n}] building with {ENGINE_TITLES[engine]}")
        build = build_ml(engine, tools, work)
        result.builds[engine] = build
        if build.seconds is None:
            log(f"[ML {n}]   failed: {build.error}")
            result.notes.append(f"{ENGINE_TITLES[engine]} build failed: {build.error}")
            continue
        log(f"[ML {n}]   {build.seconds:.2f} s, {build.site_bytes / KIB / KIB:.1f} MiB")
        if engine == "pagefind":
            entry = build.site / "pagefind" / "pagefind-entry.json"
            if entry.is_file():
                result.pagefind_languages = sorted(json.loads(entry.read_text(encoding="utf-8")).get("languages", {}))
        searches: dict[str, list[FirstSearch]] = {}
        with SiteServer(build.site) as server:
            for lang in ML_LANGS:
                for query in corpus.queries[lang]:
                    arg = [query, lang] if engine == "kbgen" else query
                    try:
                        found = measure_first(browser, server, engine, urls[lang], arg, 1, ML_SCRIPTS[engine])
                    except Exception as exc:  # report it, keep going
                        result.notes.append(f"{ENGINE_TITLES[engine]} {lang} `{query}`: {type(exc).__name__}: "
                                            f"{str(exc).splitlines()[0][:200]}")
                        continue
                    searches.setdefault(lang, []).append(found)
                log(f"[ML {n}]   {engine} {lang}: " + ", ".join(
                    f"{s.search_wire_bytes / KIB:.1f} KiB/{s.typed_to_result_ms:.0f} ms/{s.results}"
                    for s in searches.get(lang, [])))
        result.searches[engine] = searches
        if not args.keep:
            shutil.rmtree(build.site, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result




# ======================================================================================
# Main.
# ======================================================================================


def run_size(n: int, args: argparse.Namespace, tools: Tools, browser: Any) -> SizeResult:
    """Generate, write, build and measure one corpus size."""
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        log(f"[N={n}] warning: load average is {load_before:.2f}; other work on this machine skews the timings")
    work = Path(args.work) / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    log(f"[N={n}] generating the corpus (seed {args.seed})")
    corpus = Generator(n, args.seed).corpus(args.queries)
    terms: set[str] = set()
    for article in corpus.articles:
        terms.update(tokens(article.title + " " + article.body))
    write_kbgen_project(corpus, work / "kbgen-project")
    flat_nav = n > args.flat_nav_above
    if flat_nav:
        log(f"[N={n}] plain project (Material, Pagefind) with a one-entry nav: N > {args.flat_nav_above}")
    write_plain_project(corpus, work / "plain-project", flat_nav)
    write_text(work / "queries.txt", "\n".join(corpus.queries) + "\n")
    url = corpus.articles[0].url
    engines: dict[str, EngineResult] = {}
    for engine in args.engines:
        log(f"[N={n}] building with {ENGINE_TITLES[engine]}")
        build_runs = args.build_runs or (3 if n <= 1000 else 1)
        build = build_engine(engine, tools, work, build_runs)
        if build.seconds is None:
            log(f"[N={n}]   failed: {build.error}")
        else:
            log(f"[N={n}]   {build.seconds:.2f} s, {build.site_bytes / KIB / KIB:.1f} MiB")
        log(f"[N={n}] measuring {ENGINE_TITLES[engine]} in Chromium")
        limit = args.anchor_queries if engine != "kbgen" else None
        engines[engine] = measure_engine(browser, build, url, corpus.queries, args.runs, limit, corpus.one_word)
        if engines[engine].note:
            log(f"[N={n}]   {engines[engine].note}")
        if not args.keep:  # sites grow about as N squared (the navigation is in every page): free the disk
            shutil.rmtree(build.site, ignore_errors=True)
    return SizeResult(corpus, len(terms), engines, time.perf_counter() - started, load_before, flat_nav)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        description="Benchmark kbgen's search against Material for MkDocs' search and Pagefind.",
        epilog="Example: .venv/bin/python benchmarks/search.py --sizes 300,3000 --out benchmarks/RESULTS.md",
    )
    parser.add_argument("--sizes", help="corpus sizes in articles (default: 300,3000,10000 without --multilingual)")
    parser.add_argument("--multilingual", default="",
                        help="sizes of the multilingual corpus (80%% English, 4%% each da, zh, ko, vi, tl)")
    parser.add_argument("--queries", type=int, default=100, help="queries to generate (default: %(default)s)")
    parser.add_argument("--out", help="also write the Markdown report to this file")
    parser.add_argument("--seed", type=int, default=1, help="corpus and query seed (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="fresh visits per first-search median (default: 3)")
    parser.add_argument("--build-runs", type=int,
                        help="builds per engine, median kept (default: 3 up to 1,000 articles, else 1)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="subset of kbgen,material,pagefind")
    parser.add_argument("--work", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "kbgen-search-bench"),
                        help="scratch folder for projects and sites (default: %(default)s)")
    parser.add_argument("--anchor-queries", type=int,
                        help="type only the first K queries for Material and Pagefind (kbgen types all; default: all)")
    parser.add_argument("--flat-nav-above", type=int, default=3000,
                        help="above this N, build Material and Pagefind with a one-entry nav (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites in --work")
    parser.add_argument("--kbgen", help="the kbgen executable (default: next to this Python, or .venv/bin/kbgen)")
    parser.add_argument("--pagefind", help="the Pagefind command, e.g. '/tmp/pf/bin/python -m pagefind'")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = "" if args.multilingual else "300,3000,10000"
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.multilingual = [int(s) for s in args.multilingual.split(",") if s.strip()]
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.engines) - set(ENGINES)
    if unknown or not (args.sizes or args.multilingual) or min(args.sizes + args.multilingual) < 3 \
            or args.queries < 1:
        parser.error(f"bad --engines {sorted(unknown)}" if unknown else "sizes must be >= 3 and queries >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark for every size, print the report, and write it to ``--out``."""
    args = parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        log("Debian's chromium is needed: apt-get install -y chromium")
        return 2
    from playwright.sync_api import sync_playwright

    tools = find_tools(args.kbgen, args.pagefind)
    if tools.pagefind_missing and "pagefind" in args.engines:
        log(tools.pagefind_missing)
    results: list[SizeResult] = []
    multilingual: list[MlResult] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for n in args.sizes:
                results.append(run_size(n, args, tools, browser))
                log(f"[N={n}] done in {results[-1].seconds / 60:.1f} min")
            for n in args.multilingual:
                multilingual.append(run_multilingual(n, args, tools, browser))
                log(f"[ML {n}] done in {multilingual[-1].seconds / 60:.1f} min")
            version = browser.version
        finally:
            browser.close()
    text = report(results, tools, version, args, multilingual)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
