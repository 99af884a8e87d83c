"""The Markdown report: one table per size with ratios and targets, the machine it ran on, and the
multilingual table."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from browser import EngineResult, FirstSearch
from corpus import FIRST_QUERY_PAGES, ML_LANGS, ML_QUERIES, ML_SHARE, Corpus, MlCorpus
from engines import ENGINE_TITLES, ENGINES, Build, Tools
from machine import cpu_and_memory
from shared import KIB

# ======================================================================================
# The report.
# ======================================================================================


@dataclass
class SizeResult:
    """One corpus size: what was generated, and every engine's results."""

    corpus: Corpus
    distinct_terms: int
    engines: dict[str, EngineResult]
    seconds: float = 0.0
    load_before: float = 0.0
    flat_nav: bool = False


@dataclass(frozen=True)
class Row:
    """One metric of the table: how to read it from a result, how to print it, and its target."""

    label: str
    value: Callable[[EngineResult], float | None]
    digits: int = 0
    target: Callable[[int, SizeResult], str] | None = None


def kib(value: float | None) -> float | None:
    """Bytes to KiB."""
    return None if value is None else value / KIB


def first(name: str, scale: Callable[[float], float | None] = lambda v: v) -> Callable[[EngineResult], float | None]:
    """A getter for a :class:`FirstSearch` field."""
    return lambda r: None if r.first is None else scale(getattr(r.first, name))


def one_word(name: str, scale: Callable[[float], float | None] = lambda v: v) -> Callable[[EngineResult], float | None]:
    """A getter for a field of the one-word first search."""
    return lambda r: None if r.one_word is None else scale(getattr(r.one_word, name))


def typing(name: str, scale: Callable[[float], float | None] = lambda v: v) -> Callable[[EngineResult], float | None]:
    """A getter for a :class:`Typing` field."""
    return lambda r: None if r.typing is None else scale(getattr(r.typing, name))


def verdict(ok: bool, detail: str) -> str:
    """A target cell."""
    return f"{'✅' if ok else '❌'} {detail}"


def target_at(sizes: dict[int, float], unit: str, strict: bool = False) -> Callable[[int, float | None], str]:
    """A target that applies at some corpus sizes only: ``≤ limit`` (or ``< limit``)."""

    def check(n: int, value: float | None) -> str:
        if n not in sizes:
            return ""
        limit = sizes[n]
        sign = "<" if strict else "≤"
        if value is None or math.isnan(value):
            return f"{sign} {limit:g} {unit}: n/a"
        ok = value < limit if strict else value <= limit
        return verdict(ok, f"{sign} {limit:g} {unit}")

    return check


def on_kbgen(row_value: Callable[[EngineResult], float | None], check: Callable[[int, float | None], str]):
    """Apply ``check`` to kbgen's value of a row."""

    def target(n: int, size: SizeResult) -> str:
        engine = size.engines.get("kbgen")
        return check(n, row_value(engine) if engine else None)

    return target


def build_target(n: int, size: SizeResult) -> str:
    """kbgen's build time at most 1.15 x plain Material's ``mkdocs build``, at every size."""
    kb, mat = size.engines.get("kbgen"), size.engines.get("material")
    if not kb or not mat or kb.build.seconds is None or mat.build.seconds is None:
        return "≤ 1.15× Material: n/a"
    ratio = kb.build.seconds / mat.build.seconds
    if size.flat_nav:
        return f"not comparable ({ratio:.2f}×): Material built with a one-entry nav"
    return verdict(ratio <= 1.15, f"≤ 1.15× Material ({ratio:.2f}×)")


TRANSFER = first("wire_bytes", kib)
SEARCH_TRANSFER = first("search_wire_bytes", kib)
TYPED = first("typed_to_result_ms")
ONE_TRANSFER = one_word("wire_bytes", kib)
ONE_SEARCH_TRANSFER = one_word("search_wire_bytes", kib)
ONE_TYPED = one_word("typed_to_result_ms")
P95 = typing("p95_ms")

ROWS = [
    Row("Build time (s)", lambda r: r.build.seconds, 2, build_target),
    Row("Site on disk (MiB)", lambda r: r.build.site_bytes / KIB / KIB if r.build.seconds is not None else None, 1),
    Row("Search files on disk (KiB, uncompressed)",
        lambda r: kib(r.build.search_disk_bytes) if r.build.seconds is not None else None),
    Row("First search: transferred (KiB, gzip on the wire)", TRANSFER, 1,
        on_kbgen(TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: whole page)"))),
    Row("First search: uncompressed (KiB)", first("raw_bytes", kib), 1),
    Row("First search: search bytes transferred (KiB)", SEARCH_TRANSFER, 1,
        on_kbgen(SEARCH_TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: search only)"))),
    Row("First search: search bytes uncompressed (KiB)", first("search_raw_bytes", kib), 1),
    Row("First search: requests", first("requests")),
    Row("Page load event (ms)", first("load_ms")),
    Row("Navigation start → first result (ms)", first("nav_to_result_ms")),
    Row("Typed → first result, loaded page (ms)", TYPED, 0, on_kbgen(TYPED, target_at({3000: 150}, "ms"))),
    Row("Results for the first query (as each engine counts them)", first("results")),
    Row("One-word first search: transferred (KiB, whole page)", ONE_TRANSFER, 1,
        on_kbgen(ONE_TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: whole page)"))),
    Row("One-word first search: search bytes transferred (KiB)", ONE_SEARCH_TRANSFER, 1,
        on_kbgen(ONE_SEARCH_TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: search only)"))),
    Row("One-word first search: requests", one_word("requests")),
    Row("One-word first search: typed → first result, loaded page (ms)", ONE_TYPED, 0,
        on_kbgen(ONE_TYPED, target_at({3000: 150}, "ms"))),
    Row("One-word first search: results (as each engine counts them)", one_word("results")),
    Row("Typed into the header box (10 keys/s) → dropdown shown, after the last key (ms)",
        lambda r: r.dropdown_ms, 0, on_kbgen(lambda r: r.dropdown_ms, target_at({3000: 150}, "ms"))),
    Row("Query while typing p50 (ms, warm)", typing("p50_ms"), 2),
    Row("Query while typing p95 (ms, warm)", P95, 2, on_kbgen(P95, target_at({3000: 16}, "ms", strict=True))),
    Row("Query while typing max (ms, warm)", typing("max_ms"), 1),
    Row("Keystrokes timed per pass", typing("keystrokes")),
    Row("First typing pass p50 (ms, loading index parts)", typing("first_p50_ms"), 2),
    Row("First typing pass p95 (ms, loading index parts)", typing("first_p95_ms"), 2),
    Row("Fetched during the first typing pass (KiB, gzip)", typing("wire_bytes", kib), 1),
]


def cell(value: float | None, digits: int) -> str:
    """A number, or n/a."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    """``a / b`` as ``0.42×``."""
    if a is None or b is None or b == 0 or math.isnan(a) or math.isnan(b):
        return "n/a"
    return f"{a / b:.2f}×"


def format_size(size: SizeResult, runs: int) -> str:
    """The Markdown section for one corpus size: corpus facts, the table, notes."""
    corpus = size.corpus
    build_runs = max((r.build.runs for r in size.engines.values()), default=1)
    questions = sum(len(f.questions) for f in corpus.faqs)
    lines = [
        f"## N = {corpus.size:,} articles",
        "",
        f"{corpus.size:,} articles in {len(corpus.categories)} categories, {len(corpus.faqs)} FAQ pages "
        f"({questions} questions); {corpus.words:,} words in article bodies "
        f"({corpus.words / max(1, corpus.size):.0f} per article), {size.distinct_terms:,} distinct terms. "
        f"{len(corpus.queries)} queries, first query `{corpus.queries[0]}` (two words found together in at least "
        f"{FIRST_QUERY_PAGES} articles), one-word first search `{corpus.one_word}`; first-search figures are "
        f"the median of {runs} fresh visits, build times the median of {build_runs} build(s). "
        f"Measured in {size.seconds / 60:.1f} min; the 1-minute load average was {size.load_before:.2f} "
        "before (well above 0 means something else was using the CPUs, and the times are skewed).",
        "",
        "| metric | kbgen | Material | Pagefind | kbgen/Material | kbgen/Pagefind | target (kbgen) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in ROWS:
        values = {e: (row.value(size.engines[e]) if e in size.engines else None) for e in ENGINES}
        target = row.target(corpus.size, size) if row.target else ""
        lines.append(
            f"| {row.label} | {cell(values['kbgen'], row.digits)} | {cell(values['material'], row.digits)} | "
            f"{cell(values['pagefind'], row.digits)} | {ratio(values['kbgen'], values['material'])} | "
            f"{ratio(values['kbgen'], values['pagefind'])} | {target} |"
        )
    notes = [f"- {ENGINE_TITLES[e]}: {r.note}" for e, r in size.engines.items() if r.note]
    notes += [
        f"- {ENGINE_TITLES[e]}: {r.typing.timeouts} keystrokes got no answer within 10 s (left out)"
        for e, r in size.engines.items() if r.typing and r.typing.timeouts
    ]
    parts = [
        f"- {ENGINE_TITLES[e]} build: " + ", ".join(f"{k} {v:.2f} s" for k, v in r.build.parts.items())
        for e, r in size.engines.items() if len(r.build.parts) > 1
    ]
    if size.flat_nav:
        notes.insert(0, "- **Material and Pagefind were built with a one-entry nav** (`nav: [index.md]`; every page "
                     "is still built) so that their builds are linear in N: their build times and site sizes are "
                     "not the plain `mkdocs build` figures, and the kbgen/Material build ratio is not comparable "
                     "(the comparable build check is at N = 3,000). Their pages are also smaller than with the "
                     "full navigation, which favours them in the whole-page transfer rows.")
    typed = {e: r.typing.keystrokes for e, r in size.engines.items() if r.typing}
    if len(set(typed.values())) > 1:
        notes.append("- Typing passes: kbgen typed all queries; Material and Pagefind only the first "
                     "queries (`--anchor-queries`), to save time: compare the keystroke counts.")
    if notes or parts:
        lines += ["", *notes, *parts]
    return "\n".join(lines) + "\n"


def package_version(name: str) -> str:
    """An installed distribution's version, or ``?``."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def machine_summary(tools: Tools, browser_version: str) -> str:
    """Date, CPU, memory, OS and the versions of everything measured."""
    cpu, memory = cpu_and_memory()
    python_bin = Path(tools.mkdocs[0]).parent / "python" if tools.mkdocs[0] != sys.executable else Path(sys.executable)
    versions = subprocess.run(
        [str(python_bin), "-c", "from importlib.metadata import version as v; "
         "print(v('mkdocs'), v('mkdocs-material'), end=' ');\ntry: print(v('kbgen'))\nexcept Exception: print('?')"],
        capture_output=True, text=True,
    ).stdout.split() or ["?", "?", "?"]
    pagefind = "n/a"
    if tools.pagefind:
        pagefind = subprocess.run([*tools.pagefind, "--version"], capture_output=True, text=True).stdout.strip()
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"- Date: {now}\n"
        f"- Machine: {os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()} {platform.release()}\n"
        f"- Python {platform.python_version()}, MkDocs {versions[0]}, Material for MkDocs {versions[1]}, "
        f"kbgen {versions[2] if len(versions) > 2 else '?'}, {pagefind}, Chromium {browser_version}\n"
    )


def report(sizes: list[SizeResult], tools: Tools, browser_version: str, args: argparse.Namespace,
           multilingual: Sequence[MlResult] = ()) -> str:
    """The whole Markdown report."""
    head = [
        "# Search benchmark: kbgen vs Material for MkDocs search vs Pagefind",
        "",
        "`python benchmarks/search.py "
        + (f"--sizes {','.join(str(s.corpus.size) for s in sizes)} " if sizes else "")
        + (f"--multilingual {','.join(str(m.corpus.size) for m in multilingual)} " if multilingual else "")
        + f"--queries {args.queries} --seed {args.seed} --runs {args.runs}"
        + (f" --build-runs {args.build_runs}" if args.build_runs else "")
        + (f" --engines {','.join(args.engines)}" if list(args.engines) != list(ENGINES) else "")
        + (f" --anchor-queries {args.anchor_queries}" if args.anchor_queries else "")
        + (f" --flat-nav-above {args.flat_nav_above}" if args.flat_nav_above != 3000 else "") + "`",
        "",
        machine_summary(tools, browser_version),
        "Sites served from 127.0.0.1 by a threaded server that gzips text responses (level 6) like a CDN; "
        "\"transferred\" counts response headers and bodies as sent. Times are from headless Chromium on "
        "loopback (no network latency). kbgen and Pagefind are timed through their JavaScript APIs "
        "(Pagefind: `search()` plus `data()` of the top 5); Material through its search box, input to "
        "the result list's first re-render. Targets are checked on kbgen's column.",
        "",
    ]
    sections = [format_size(s, args.runs) for s in sizes] + [format_ml(m) for m in multilingual]
    return "\n".join(head) + "\n" + "\n".join(sections)


@dataclass
class MlResult:
    """The multilingual run: builds, and per language and engine one first search per query."""

    corpus: MlCorpus
    builds: dict[str, Build]
    searches: dict[str, dict[str, list[FirstSearch]]]  # engine -> lang -> one per query
    urls: dict[str, str]
    pagefind_languages: list[str]
    notes: list[str]
    seconds: float = 0.0
    load_before: float = 0.0


def ml_cell(values: list[FirstSearch], i: int) -> str:
    """One query's search KiB / ms / results, or n/a."""
    if i >= len(values):
        return "n/a"
    v = values[i]
    return f"{v.search_wire_bytes / KIB:.1f} / {v.typed_to_result_ms:.0f} / {v.results}"


def format_ml(result: MlResult) -> str:
    """The Markdown section of the multilingual run."""
    corpus = result.corpus
    kb, pf = result.searches.get("kbgen", {}), result.searches.get("pagefind", {})

    def med(values: list[FirstSearch], name: str, scale: float = 1.0) -> float | None:
        return statistics.median(getattr(v, name) / scale for v in values) if values else None

    lines = [
        f"## Multilingual corpus, N = {corpus.size:,} articles",
        "",
        f"{len(corpus.english.articles):,} generated English articles (as above) and "
        f"{round(corpus.size * ML_SHARE)} articles in each of da, zh, ko, vi, tl, made by shuffling sentences, "
        "headings and titles of the demo's own translations (`articles/<lang>/`: article bodies, descriptions and "
        "FAQ answers) into new articles of about 620 English words' worth each (the character count per English "
        "word is taken from the demo's translated articles: "
        + ", ".join(f"{lang} {t.chars_per_en_word:.2f}" for lang, t in corpus.texts.items())
        + "), each with a distinct title. "
        f"{ML_QUERIES} queries per language, each timed as the first search of a fresh visit (empty cache) to an "
        "article page of that language; the table gives the median over the queries. "
        f"Measured in {result.seconds / 60:.1f} min; the 1-minute load average was {result.load_before:.2f} before.",
        "",
        "kbgen: the kbgen project (`articles/<lang>/…`, `languages: [en, da, zh, ko, vi, tl]`), driven by "
        "`window.kbgen.search(q, {lang})` on a page of that language; search bytes are everything under "
        "`/search/` and `/<lang>/search/`. Pagefind (extended build, which segments Chinese and Korean): the "
        "plain project (same Markdown, languages as folders, Material without a search plugin, built with a "
        "one-entry nav), then every page under `<lang>/` rewritten from `<html lang=\"en\"` to "
        "`<html lang=\"<lang>\"` so that Pagefind indexes it as that language (Pagefind reads the language from "
        "`<html lang>` and writes one index per language), then `pagefind --site … --root-selector "
        "article.md-content__inner`; driven through `/pagefind/pagefind.js`, which loads the index of the "
        "page's `<html lang>`, with `search()` plus `data()` of the top 5. "
        f"Pagefind indexes written: {', '.join(result.pagefind_languages) or 'n/a'}.",
        "",
        "| language | articles | queries | search KiB, kbgen | search KiB, Pagefind | kbgen/Pagefind | "
        "whole page KiB, kbgen | whole page KiB, Pagefind | typed → first result ms, kbgen | "
        "typed → first result ms, Pagefind | kbgen/Pagefind | results kbgen / Pagefind |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for lang in ML_LANGS:
        k, p = kb.get(lang, []), pf.get(lang, [])
        kb_search, pf_search = med(k, "search_wire_bytes", KIB), med(p, "search_wire_bytes", KIB)
        kb_ms, pf_ms = med(k, "typed_to_result_ms"), med(p, "typed_to_result_ms")
        counts = " ".join(f"{a.results}/{b.results}" for a, b in zip(k, p, strict=False))
        queries = ", ".join(f"`{q}`" for q in corpus.queries[lang])
        lines.append(
            f"| {lang} | {corpus.articles(lang):,} | {queries} | {cell(kb_search, 1)} | {cell(pf_search, 1)} | "
            f"{ratio(kb_search, pf_search)} | {cell(med(k, 'wire_bytes', KIB), 1)} | "
            f"{cell(med(p, 'wire_bytes', KIB), 1)} | {cell(kb_ms, 0)} | {cell(pf_ms, 0)} | {ratio(kb_ms, pf_ms)} | "
            f"{counts} |"
        )
    lines += ["", "Per query (search KiB on the wire / typed → first result ms / results):", "",
              "| language | query | kbgen | Pagefind |", "| --- | --- | --- | --- |"]
    for lang in ML_LANGS:
        k, p = kb.get(lang, []), pf.get(lang, [])
        for i, query in enumerate(corpus.queries[lang]):
            lines.append(f"| {lang} | `{query}` | {ml_cell(k, i)} | {ml_cell(p, i)} |")
    builds = [f"- {ENGINE_TITLES[e]} build: {b.seconds:.1f} s (" + ", ".join(
        f"{name} {s:.1f} s" for name, s in b.parts.items()) + f"), site {b.site_bytes / KIB / KIB:.0f} MiB, "
        f"search files {b.search_disk_bytes / KIB / KIB:.1f} MiB on disk"
        for e, b in result.builds.items() if b.seconds is not None]
    builds.append("- The plain project was built with a one-entry nav, so Pagefind's build time is not the plain "
                  "`mkdocs build` figure; build times here are for information only.")
    lines += ["", *builds, *[f"- {note}" for note in result.notes]]
    return "\n".join(lines) + "\n"
