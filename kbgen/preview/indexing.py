"""The search index rebuilt behind the page: in a process of its own, so that the next edit's
pages render at full speed while it works. The worker keeps every page's search text and each
text's analysis, so an edit sends it only the edited pages and only those are analysed again."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any

# What the index builder asks of the analyser for each field's text: the same text (all but the
# edited page's) gives the same terms, so the worker keeps the answers from one build to the next.
ANALYSERS = ("terms_of", "marked_terms_of", "whole_word_terms")


class Remembered:
    """An analyser with the answers of the last build kept (only those: the memory stays one build's)."""

    def __init__(self, analyse: Callable[[str, str], Any]):
        self.analyse, self.last, self.now = analyse, {}, {}

    def __call__(self, text: str, lang: str) -> Any:
        key = (text, lang)
        found = self.now.get(key)
        if found is None:
            found = self.last.get(key)
            if found is None:
                found = self.analyse(text, lang)
            self.now[key] = found
        return found

    def next_build(self) -> None:
        self.last, self.now = self.now, {}


def remembering(builder) -> list[Remembered]:
    """The builder's analysers, wrapped once per worker process."""
    wrapped = [getattr(builder, name) for name in ANALYSERS]
    if not all(isinstance(w, Remembered) for w in wrapped):
        wrapped = [Remembered(getattr(builder, name)) for name in ANALYSERS]
        for name, analyser in zip(ANALYSERS, wrapped, strict=True):
            setattr(builder, name, analyser)
    return wrapped


#: The worker's copy of every page's search text, by language and URL: an edit sends only its pages.
PAGES: dict[str, dict[str, Any]] = {}


def take_pages(jobs: list[dict[str, Any]]) -> int:
    """Keep every page of each job (``build_index`` keyword arguments) and analyse them all, as the
    next build will, so that the preview's first edit only analyses what it changed."""
    from kbgen.index import builder

    analysers = dict(zip(ANALYSERS, remembering(builder), strict=True))
    for job in jobs:
        lang = job["lang"]
        PAGES[lang] = {page.url: page for page in job["pages"]}
        for _, _, section in builder.assign_ids(job["pages"]):
            for field in builder.FIELDS:
                text = section.fields.get(field, "")
                for analyser in analysers.values():
                    analyser(text, lang)
            analysers["terms_of"](section.title, lang)
    return len(jobs)


def build_changed(changes: list[dict[str, Any]]) -> int:
    """Each change's pages in place of the kept ones with their URLs, then its language's index built."""
    from kbgen.index import builder

    analysers = remembering(builder)
    for change in changes:
        settings = dict(change)
        pages = PAGES.setdefault(settings["lang"], {})
        pages.update((page.url, page) for page in settings.pop("pages"))
        builder.build_index(pages=sorted(pages.values(), key=lambda p: p.url), **settings)
    for analyser in analysers:
        analyser.next_build()
    return len(changes)


def serve_requests(connection) -> None:
    """The worker process: run each ``(work, jobs)`` received, send back ``(ok, result or message)``."""
    import kbgen.index.builder  # noqa: F401 - so the first request does not pay for the import

    while True:
        try:
            work, jobs = connection.recv()
        except (EOFError, OSError):
            return  # the preview has stopped
        try:
            connection.send((True, work(jobs)))
        except Exception as exc:  # sent to the preview, which reports it
            connection.send((False, f"{type(exc).__name__}: {exc}"))


class BackgroundIndex:
    """One worker process, and one thread feeding it what changed since its last build.

    ``reset(jobs)`` gives the worker every page (at start, and after each full build); ``submit`` the
    pages an edit changed, merged with any not sent yet. ``done(seconds, tag)`` is called when an
    index is written, ``failed(message, tag)`` when building it raised; ``tag`` is what ``submit``
    was given (the caller's generation and summary).
    """

    def __init__(self, done: Callable[[float, Any], None], failed: Callable[[str, Any], None]):
        self.done, self.failed = done, failed
        # spawn, not fork: this process runs threads (the server's), which a forked child must not inherit.
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.worker = context.Process(target=serve_requests, args=(theirs,), name="kbgen-preview-index",
                                      daemon=True)
        self.worker.start()
        theirs.close()
        self.every_page: list[dict[str, Any]] | None = None
        self.changes: dict[str, dict[str, Any]] = {}  # lang -> build_index arguments, "pages" by URL
        self.tag: Any = None
        self.closed = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="kbgen-preview-index", daemon=True)
        self.thread.start()

    def reset(self, jobs: list[dict[str, Any]]) -> None:
        with self.cond:
            self.every_page, self.changes = jobs, {}
            self.cond.notify_all()

    def submit(self, changes: list[dict[str, Any]], tag: Any) -> None:
        with self.cond:
            for change in changes:
                waiting = self.changes.setdefault(change["lang"], {"pages": {}})
                waiting["pages"].update((page.url, page) for page in change["pages"])
                waiting.update((k, v) for k, v in change.items() if k != "pages")
            self.tag = tag
            self.cond.notify_all()

    def _run(self) -> None:
        while True:
            with self.cond:
                self.cond.wait_for(lambda: self.every_page is not None or self.changes or self.closed)
                if self.closed:
                    return
                if self.every_page is not None:
                    work, jobs, tag, self.every_page = take_pages, self.every_page, None, None
                else:
                    jobs = [{**c, "pages": list(c["pages"].values())} for c in self.changes.values()]
                    work, tag, self.changes = build_changed, self.tag, {}
            started = time.perf_counter()
            try:
                self.connection.send((work, jobs))
                ok, result = self.connection.recv()
            except (EOFError, OSError) as exc:
                if self.closed:
                    return
                ok, result = False, f"the index process stopped ({type(exc).__name__})"
            if tag is None:
                continue
            if ok:
                self.done(time.perf_counter() - started, tag)
            elif not self.closed:
                self.failed(result, tag)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        self.worker.kill()  # a half-written index goes with the preview's folder
        self.worker.join(timeout=10)
        self.connection.close()
