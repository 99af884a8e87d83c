"""The search index rebuilt behind the page: in a process of its own, so that the next edit's
pages render at full speed while it works, and only the newest request is ever built."""

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


def build_all(jobs: list[dict[str, Any]]) -> int:
    """Build each job's index (``build_index`` keyword arguments); runs in the worker process."""
    from kbgen.index import builder

    analysers = remembering(builder)
    for job in jobs:
        builder.build_index(**job)
    for analyser in analysers:
        analyser.next_build()
    return len(jobs)


def analyse_all(jobs: list[dict[str, Any]]) -> int:
    """Analyse every field of every page, as the next ``build_all`` will, and keep the answers:
    the preview's first edit then only analyses what it changed."""
    from kbgen.index import builder

    analysers = dict(zip(ANALYSERS, remembering(builder), strict=True))
    for job in jobs:
        lang = job["lang"]
        for _, _, section in builder.assign_ids(job["pages"]):
            for field in builder.FIELDS:
                text = section.fields.get(field, "")
                for analyser in analysers.values():
                    analyser(text, lang)
            analysers["terms_of"](section.title, lang)
    return len(jobs)


def warm_up() -> None:
    import kbgen.index.builder  # noqa: F401 - so the first real request does not pay for the import


class BackgroundIndex:
    """One worker process and one thread feeding it: ``submit`` replaces any request not yet started.

    ``done(seconds, tag)`` is called when a request's indexes are written; ``failed(message, tag)`` when
    building them raised. ``tag`` is what ``submit`` was given (the caller's generation and summary).
    """

    def __init__(self, done: Callable[[float, Any], None], failed: Callable[[str, Any], None]):
        self.done, self.failed = done, failed
        # spawn, not fork: this process runs threads (the server's), which a forked child must not inherit.
        self.pool = multiprocessing.get_context("spawn").Pool(1, initializer=warm_up)
        self.pending: tuple[Callable[..., int], list[dict[str, Any]], Any] | None = None
        self.busy = False
        self.closed = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="kbgen-preview-index", daemon=True)
        self.thread.start()

    def submit(self, jobs: list[dict[str, Any]], tag: Any, *, work: Callable[..., int] = build_all) -> None:
        """Build ``jobs`` (or run ``work`` on them) once the worker is free, instead of any request
        still waiting."""
        with self.cond:
            self.pending = (work, jobs, tag)
            self.cond.notify_all()

    def idle(self) -> bool:
        with self.cond:
            return self.pending is None and not self.busy

    def _run(self) -> None:
        while True:
            with self.cond:
                self.cond.wait_for(lambda: self.pending is not None or self.closed)
                if self.closed:
                    return
                (work, jobs, tag), self.pending = self.pending, None
                self.busy = True
            started = time.perf_counter()
            try:
                self.pool.apply_async(work, (jobs,)).get()
            except Exception as exc:  # reported, never the end of the preview
                if not self.closed and tag is not None:
                    self.failed(f"{type(exc).__name__}: {exc}", tag)
            else:
                if tag is not None:
                    self.done(time.perf_counter() - started, tag)
            finally:
                with self.cond:
                    self.busy = False

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        self.pool.terminate()  # a half-written index goes with the preview's folder
        self.pool.join()
