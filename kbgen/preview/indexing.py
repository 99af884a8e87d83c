"""The search index rebuilt behind the page: in a process of its own, so that the next edit's
pages render at full speed while it works, and only the newest request is ever built."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any


def build_all(jobs: list[dict[str, Any]]) -> int:
    """Build each job's index (``build_index`` keyword arguments); runs in the worker process."""
    from kbgen.index.builder import build_index

    for job in jobs:
        build_index(**job)
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
        self.pending: tuple[list[dict[str, Any]], Any] | None = None
        self.busy = False
        self.closed = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="kbgen-preview-index", daemon=True)
        self.thread.start()

    def submit(self, jobs: list[dict[str, Any]], tag: Any) -> None:
        with self.cond:
            self.pending = (jobs, tag)
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
                (jobs, tag), self.pending = self.pending, None
                self.busy = True
            started = time.perf_counter()
            try:
                self.pool.apply_async(build_all, (jobs,)).get()
            except Exception as exc:  # reported, never the end of the preview
                if not self.closed:
                    self.failed(f"{type(exc).__name__}: {exc}", tag)
            else:
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
