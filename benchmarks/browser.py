"""Measuring search in Chromium: a static host that compresses like a CDN and counts the bytes it
sends, and the first-search, dropdown and typing measurements of each engine."""

from __future__ import annotations

import gzip
import http.server
import math
import mimetypes
import os
import re
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engines import Build

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# ======================================================================================
# A static host that compresses like a CDN and counts the bytes it sends.
# ======================================================================================

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
    ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain",
    ".wasm": "application/wasm", ".woff2": "font/woff2", ".png": "image/png", ".ico": "image/x-icon",
}
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml", "application/xml",
                "application/wasm")


@dataclass
class Transfer:
    """One response: when it was asked for, its body before compression and the bytes on the wire."""

    path: str
    started: float
    status: int
    raw_bytes: int
    wire_bytes: int


class CountingWriter:
    """Wraps the socket's writer and counts every byte written to it."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.count = 0

    def write(self, data: bytes) -> int:
        """Count, then write."""
        self.count += len(data)
        return self.inner.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class SiteServer(http.server.ThreadingHTTPServer):
    """Serves one built site on 127.0.0.1 and keeps a log of every transfer."""

    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), CountingHandler)
        self.root = root.resolve()
        self.transfers: list[Transfer] = []
        self.lock = threading.Lock()
        self.gzipped: dict[Path, bytes] = {}
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The site's base URL."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def mark(self) -> int:
        """A position in the transfer log."""
        with self.lock:
            return len(self.transfers)

    def since(self, mark: int, before: float | None = None) -> list[Transfer]:
        """Transfers logged after ``mark`` (and asked for before ``before``, a ``perf_counter`` time)."""
        with self.lock:
            found = self.transfers[mark:]
        return [t for t in found if before is None or t.started <= before]

    def record(self, transfer: Transfer) -> None:
        """Add one transfer to the log."""
        with self.lock:
            self.transfers.append(transfer)

    def compressed(self, path: Path, body: bytes) -> bytes:
        """The gzip body for a file, compressed once and cached (as a CDN does)."""
        with self.lock:
            cached = self.gzipped.get(path)
        if cached is None:
            cached = gzip.compress(body, compresslevel=6, mtime=0)
            with self.lock:
                self.gzipped[path] = cached
        return cached


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD for static files; gzip when the client accepts it; every response logged."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the body of a small
    # response waits for the client's delayed ACK (40 ms on Linux). Static hosts and CDNs send
    # without that wait, so the benchmark's server must too, or every engine's request waves
    # are measured 40 ms slow.
    disable_nagle_algorithm = True
    server: SiteServer

    def setup(self) -> None:
        super().setup()
        self.wfile = CountingWriter(self.wfile)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.respond(head=False)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def resolve(self) -> tuple[int, Path | None, str]:
        """Status, file and, for a folder without a trailing slash, the redirect target."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        target = (self.server.root / path.lstrip("/")).resolve()
        if self.server.root != target and self.server.root not in target.parents:
            return 404, self.server.root / "404.html", ""
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None, path + "/"
            target = target / "index.html"
        if target.is_file():
            return 200, target, ""
        return 404, self.server.root / "404.html", ""

    def respond(self, head: bool) -> None:
        """Send one response and log its raw and on-the-wire size."""
        started = time.perf_counter()
        before = self.wfile.count
        status, file, location = self.resolve()
        body = file.read_bytes() if file is not None and file.is_file() else b""
        raw = len(body)
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        suffix = file.suffix.lower() if file is not None else ".txt"
        content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(str(file))[0] or "application/octet-stream"
        self.send_header("Content-Type", content_type)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if body and accepts_gzip and content_type.startswith(COMPRESSIBLE):
            body = self.server.compressed(file, body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self.wfile.flush()
        self.server.record(Transfer(self.path, started, status, raw, self.wfile.count - before))


# ======================================================================================
# Measuring in Chromium.
# ======================================================================================

MATERIAL_FIRST_JS = """async (query) => {
  const input = document.querySelector("input.md-search__input");
  const root = document.querySelector(".md-search-result");
  const settled = () => root.querySelector(".md-search-result__item")
    || /no matching/i.test(root.querySelector(".md-search-result__meta")?.textContent || "");
  const done = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (settled()) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(root, {childList: true, subtree: true, characterData: true});
    setTimeout(() => { observer.disconnect(); reject(new Error("no Material results after 60 s")); }, 60000);
  });
  const t0 = performance.now();
  input.focus();
  input.value = query;
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  const t1 = await done;
  const meta = root.querySelector(".md-search-result__meta")?.textContent || "";
  const count = /no matching/i.test(meta) ? 0
    : parseInt(meta.replace(/[^0-9]/g, ""), 10) || root.querySelectorAll(".md-search-result__item").length;
  return {t0, t1, count};
}"""

# Input to render: from setting the value (and the keyup Material listens to) to the first
# mutation of the result list, which Material makes in one task when the worker answers.
MATERIAL_TYPING_JS = """async (queries) => {
  const input = document.querySelector("input.md-search__input");
  const root = document.querySelector(".md-search-result");
  const rendered = () => new Promise(resolve => {
    const timer = setTimeout(() => { observer.disconnect(); resolve(NaN); }, 10000);
    const observer = new MutationObserver(() => {
      observer.disconnect(); clearTimeout(timer); resolve(performance.now());
    });
    observer.observe(root, {childList: true, subtree: true, characterData: true});
  });
  const type = async (value) => {
    const done = rendered();
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
    return (await done) - t0;
  };
  const times = [];
  for (const query of queries) {
    if (input.value !== "") await type("");
    for (let i = 1; i <= query.length; i++) times.push(await type(query.slice(0, i)));
  }
  return times;
}"""

KBGEN_READY_JS = "() => Boolean(window.kbgen && typeof window.kbgen.search === 'function')"

# Results a first kbgen search fetches (their texts are one request each): 10 by default; 5 is what the
# Pagefind column measures (search() plus data() of the top 5). Set with KBGEN_BENCH_LIMIT.
KBGEN_LIMIT = int(os.environ.get("KBGEN_BENCH_LIMIT", "10"))

KBGEN_FIRST_JS = """async (query) => {
  const t0 = performance.now();
  const results = await window.kbgen.search(query, {lang: "en", limit: LIMIT});
  return {t0, t1: performance.now(), count: results.length};
}""".replace("LIMIT", str(KBGEN_LIMIT))

KBGEN_TYPING_JS = """async (queries) => {
  const times = [];
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) {
      const t0 = performance.now();
      await window.kbgen.search(query.slice(0, i), {lang: "en"});
      times.push(performance.now() - t0);
    }
  }
  return times;
}"""

PAGEFIND_FIRST_JS = """async (query) => {
  const t0 = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 5).map(r => r.data()));
  window.__benchPagefind = pagefind;
  return {t0, t1: performance.now(), count: search.results.length};
}"""

PAGEFIND_TYPING_JS = """async (queries) => {
  const pagefind = window.__benchPagefind;
  const times = [];
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) {
      const t0 = performance.now();
      const search = await pagefind.search(query.slice(0, i));
      await Promise.all(search.results.slice(0, 5).map(r => r.data()));
      times.push(performance.now() - t0);
    }
  }
  return times;
}"""


@dataclass(frozen=True)
class EngineScript:
    """How to drive one engine in the page."""

    first_js: str
    typing_js: str
    is_search_path: Callable[[str], bool]


SCRIPTS = {
    "kbgen": EngineScript(KBGEN_FIRST_JS, KBGEN_TYPING_JS, lambda p: p.startswith("/search/")),
    "material": EngineScript(
        MATERIAL_FIRST_JS, MATERIAL_TYPING_JS,
        lambda p: "search_index.json" in p or "/javascripts/workers/search" in p or "/javascripts/lunr/" in p,
    ),
    "pagefind": EngineScript(PAGEFIND_FIRST_JS, PAGEFIND_TYPING_JS, lambda p: p.startswith("/pagefind/")),
}


class Unavailable(Exception):
    """The engine's search is not on the page (kbgen before its search exists)."""


@dataclass
class FirstSearch:
    """A fresh visit to an article page and the first query: bytes and times (medians over the runs)."""

    wire_bytes: float
    raw_bytes: float
    search_wire_bytes: float
    search_raw_bytes: float
    requests: float
    load_ms: float
    nav_to_result_ms: float
    typed_to_result_ms: float
    results: int


@dataclass
class Typing:
    """Per-keystroke query times while typing every query.

    Two passes over all queries after a first search: the first loads whatever index parts the
    keystrokes need (``first_*``, ``wire_bytes``); the second, timed with everything warm, gives
    the main figures.
    """

    keystrokes: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    first_p50_ms: float
    first_p95_ms: float
    timeouts: int
    wire_bytes: int


@dataclass
class EngineResult:
    """Everything measured for one engine at one size."""

    engine: str
    build: Build
    first: FirstSearch | None = None
    one_word: FirstSearch | None = None
    dropdown_ms: float | None = None  # kbgen only: see measure_dropdown
    typing: Typing | None = None
    note: str = ""


def open_article(browser: Any, server: SiteServer, engine: str, url: str) -> tuple[Any, Any]:
    """A fresh context (empty cache) on ``url``, loaded, with the engine's search present."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + url, wait_until="load", timeout=180_000)
    if engine == "kbgen":
        try:
            page.wait_for_function(KBGEN_READY_JS, timeout=3000)
        except Exception as exc:
            context.close()
            raise Unavailable("window.kbgen.search is not on the page") from exc
    elif engine == "material" and page.query_selector("input.md-search__input") is None:
        context.close()
        raise Unavailable("no Material search box on the page")
    return context, page


def measure_first(browser: Any, server: SiteServer, engine: str, url: str, query: Any, runs: int,
                  script: EngineScript | None = None) -> FirstSearch:
    """Bytes and times from a fresh navigation to the first results, median of ``runs`` visits.

    ``query`` is what ``script.first_js`` takes (the engine's default script: a string).
    """
    script = script or SCRIPTS[engine]
    samples: list[FirstSearch] = []
    for _ in range(runs):
        mark = server.mark()
        context, page = open_article(browser, server, engine, url)
        try:
            load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            timing = page.evaluate(script.first_js, query)
            cutoff = time.perf_counter()
            time.sleep(0.3)  # let responses still being written reach the log
        finally:
            context.close()
        transfers = server.since(mark, cutoff)
        search = [t for t in transfers if script.is_search_path(t.path)]
        samples.append(FirstSearch(
            wire_bytes=sum(t.wire_bytes for t in transfers),
            raw_bytes=sum(t.raw_bytes for t in transfers),
            search_wire_bytes=sum(t.wire_bytes for t in search),
            search_raw_bytes=sum(t.raw_bytes for t in search),
            requests=len(transfers),
            load_ms=load_ms,
            nav_to_result_ms=timing["t1"],
            typed_to_result_ms=timing["t1"] - timing["t0"],
            results=int(timing["count"]),
        ))
    return FirstSearch(**{
        name: statistics.median(getattr(s, name) for s in samples) for name in FirstSearch.__dataclass_fields__
    })


TYPING_DELAY_MS = 100  # ten keys a second, a quick typist on a phone

DROPDOWN_ARM_JS = """() => {
  window.__benchShown = null;
  window.__benchArmed = false;
  const list = document.querySelector("#kbgen-header-q-listbox");
  new MutationObserver(() => {
    if (window.__benchArmed && window.__benchShown === null) window.__benchShown = performance.now();
  }).observe(list, {childList: true});
}"""


def measure_dropdown(browser: Any, server: SiteServer, url: str, query: str, runs: int) -> float:
    """kbgen as a shopper meets it: on a fresh, loaded page, type ``query`` into the header box at
    TYPING_DELAY_MS a key, and time from the last key to the dropdown's first render (median of
    ``runs`` visits). It includes the box's pause before it searches (60 ms) and whatever the
    earlier keystrokes had already fetched. Material's and Pagefind's boxes are not timed this way:
    their first-search rows use their APIs, as kbgen's do."""
    times = []
    for _ in range(runs):
        context, page = open_article(browser, server, "kbgen", url)
        try:
            page.evaluate(DROPDOWN_ARM_JS)
            box = page.locator("#kbgen-header-q")
            box.click()
            box.press_sequentially(query[:-1], delay=TYPING_DELAY_MS)
            page.wait_for_timeout(TYPING_DELAY_MS)
            started = page.evaluate("() => { window.__benchArmed = true; return performance.now(); }")
            box.press(query[-1])
            page.wait_for_function("() => window.__benchShown !== null", timeout=10_000)
            times.append(page.evaluate("() => window.__benchShown") - started)
        finally:
            context.close()
    return statistics.median(times)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure_typing(browser: Any, server: SiteServer, engine: str, url: str, queries: list[str]) -> Typing:
    """Type every query one keystroke at a time after a first search warmed the index."""
    script = SCRIPTS[engine]
    context, page = open_article(browser, server, engine, url)
    try:
        page.evaluate(script.first_js, queries[0])
        mark = server.mark()
        first_pass = page.evaluate(script.typing_js, queries)
        fetched = sum(t.wire_bytes for t in server.since(mark))
        warm_pass = page.evaluate(script.typing_js, queries)
    finally:
        context.close()

    def finite(times: list[float | None]) -> list[float]:
        return [t for t in times if t is not None and math.isfinite(t)]

    cold, warm = finite(first_pass), finite(warm_pass)
    return Typing(
        keystrokes=len(warm),
        p50_ms=percentile(warm, 50),
        p95_ms=percentile(warm, 95),
        max_ms=max(warm, default=math.nan),
        first_p50_ms=percentile(cold, 50),
        first_p95_ms=percentile(cold, 95),
        timeouts=len(first_pass) + len(warm_pass) - len(cold) - len(warm),
        wire_bytes=fetched,
    )


def measure_engine(browser: Any, build: Build, url: str, queries: list[str], runs: int,
                   typing_queries: int | None = None, one_word: str = "") -> EngineResult:
    """Serve one built site and measure first searches and typing; ``n/a`` with a note when unavailable.

    ``typing_queries`` limits the typing passes to the first that many queries; ``one_word`` is
    also timed as a first search of its own.
    """
    result = EngineResult(build.engine, build)
    if build.seconds is None:
        result.note = f"build failed: {build.error}"
        return result
    with SiteServer(build.site) as server:
        try:
            result.first = measure_first(browser, server, build.engine, url, queries[0], runs)
            if one_word:
                result.one_word = measure_first(browser, server, build.engine, url, one_word, runs)
            if build.engine == "kbgen":
                result.dropdown_ms = measure_dropdown(browser, server, url, queries[0], runs)
            result.typing = measure_typing(browser, server, build.engine, url, queries[:typing_queries])
        except Unavailable as exc:
            result.note = str(exc)
        except Exception as exc:  # a page error or timeout: report it, keep the other engines
            result.note = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
    return result


KBGEN_FIRST_LANG_JS = """async ([query, lang]) => {
  const t0 = performance.now();
  const results = await window.kbgen.search(query, {lang, limit: LIMIT});
  return {t0, t1: performance.now(), count: results.length};
}""".replace("LIMIT", str(KBGEN_LIMIT))

ML_SCRIPTS = {
    "kbgen": EngineScript(KBGEN_FIRST_LANG_JS, "", lambda p: re.match(r"^/(?:[a-z]{2}/)?search/", p) is not None),
    "pagefind": EngineScript(PAGEFIND_FIRST_JS, "", lambda p: p.startswith("/pagefind/")),
}
