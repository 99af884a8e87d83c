"""The search index kept up to date behind the page: in a process of its own, so that the next
edit's pages render at full speed while it works. The process keeps each language's index in
memory (:class:`kbgen.index.live.LiveIndex`): an edit sends it only the edited pages, and only the
terms they use or used are weighed again and only the files holding them rewritten. Once the edits
pause for IDLE_SECONDS it weighs everything again, giving the files ``kbgen build`` would write; an
edit arriving meanwhile stops that and goes first."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

IDLE_SECONDS = 20.0

#: The worker's indexes, by language.
LIVE: dict[str, Any] = {}


def seed(jobs: list[dict[str, Any]]) -> dict[str, int]:
    """Every page of each job (``build_index`` keyword arguments), weighed, written and kept."""
    from kbgen.index.live import LiveIndex

    LIVE.clear()
    total = {"pages": 0, "files": 0, "total": 0}
    for job in jobs:
        settings = dict(job)
        pages = settings.pop("pages")
        index = LIVE[settings["lang"]] = LiveIndex(**settings)
        index.seed(pages)
        total["pages"] += len(pages)
        total["total"] += len(index.texts)
    total["files"] = total["total"]
    return total


def update(changes: list[dict[str, Any]]) -> dict[str, int]:
    """Each change's pages in place of the kept ones with their URLs; what that rewrote."""
    total = {"pages": 0, "files": 0, "total": 0}
    for change in changes:
        done = LIVE[change["lang"]].update(change["pages"])  # seeded with every language
        total["pages"] += done.pages
        total["files"] += done.files
        total["total"] += done.total
    return total


def reweigh_all() -> Iterator[None]:
    for index in list(LIVE.values()):
        yield from index.reweigh()


def serve_requests(connection) -> None:
    """The worker process: run each ``(work, jobs)`` received, send back ``(ok, result or message)``;
    weigh everything again when no request came for IDLE_SECONDS after an update."""
    import kbgen.index.live  # noqa: F401 - so the first request does not pay for the import

    due: float | None = None
    while True:
        if due is not None and not connection.poll(max(0.0, due - time.monotonic())):
            due = None
            try:
                for _ in reweigh_all():
                    if connection.poll():
                        break  # an edit goes first; the next pause starts this again
            except Exception:  # noqa: S110 - the next update or full build writes the index anyway
                pass
            continue
        try:
            work, jobs = connection.recv()
        except (EOFError, OSError):
            return  # the preview has stopped
        try:
            connection.send((True, work(jobs)))
        except Exception as exc:  # sent to the preview, which reports it
            connection.send((False, f"{type(exc).__name__}: {exc}"))
        due = time.monotonic() + IDLE_SECONDS if work is update else None


class BackgroundIndex:
    """One worker process, and one thread feeding it what changed since its last build.

    ``reset(jobs)`` gives the worker every page (at start, and after each full build); ``submit`` the
    pages an edit changed, merged with any not sent yet. ``done(seconds, tag, rewritten)`` is called
    when an index is updated (``rewritten``: pages, files and total, see ``update``), ``failed(message,
    tag)`` when that raised; ``tag`` is what ``submit`` was given (the caller's generation and summary).
    """

    def __init__(self, done: Callable[[float, Any, dict[str, int]], None], failed: Callable[[str, Any], None]):
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
        self.every_tag: Any = None
        self.ready = threading.Event()  # set when no full build's pages wait to be written
        self.ready.set()
        self.closed = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="kbgen-preview-index", daemon=True)
        self.thread.start()

    def reset(self, jobs: list[dict[str, Any]], tag: Any = None) -> None:
        with self.cond:
            self.every_page, self.changes, self.every_tag = jobs, {}, tag
            self.ready.clear()
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
                    work, jobs, tag, self.every_page = seed, self.every_page, self.every_tag, None
                else:
                    jobs = [{**c, "pages": list(c["pages"].values())} for c in self.changes.values()]
                    work, tag, self.changes = update, self.tag, {}
            started = time.perf_counter()
            try:
                self.connection.send((work, jobs))
                ok, result = self.connection.recv()
            except (EOFError, OSError) as exc:
                if self.closed:
                    return
                ok, result = False, f"the index process stopped ({type(exc).__name__})"
            if work is seed:
                with self.cond:
                    if self.every_page is None:
                        self.ready.set()
            if tag is None:
                continue
            if ok:
                self.done(time.perf_counter() - started, tag, result)
            elif not self.closed:
                self.failed(result, tag)

    def close(self) -> None:
        with self.cond:
            if self.closed:
                return
            self.closed = True
            self.ready.set()
            self.cond.notify_all()
        self.worker.kill()  # a half-written index goes with the preview's folder
        self.worker.join(timeout=10)
        self.connection.close()
