"""The search index built in a process of its own, beside the templates (``kbgen build``, issue 12).

The build streams each page's search documents to the process as MkDocs renders it; the process
analyses the page at once and keeps only its term counts, and weighs and writes the index while
the build renders the templates. A fresh interpreter, not a fork: a forked process copies most of
the build's memory as soon as it touches it (CPython's reference counts write to every object
read), while this one holds only the index. Pages go over a pipe, pickled.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from kbgen.index.builder import IndexBuilder, IndexStats, build_index
from kbgen.index.documents import SearchPage


class IndexBuildError(Exception):
    """Building a search index failed (in the index process or here); the message says why."""


def spare_core() -> bool:
    """A second process is worth its memory only with a second core to run on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


def worker_command() -> list[str]:
    """This interpreter running this module."""
    return [sys.executable, "-m", "kbgen.index.worker"]


class IndexProcess:
    """Indexes built by a process of their own: ``add`` pages, ``finish_input``, then ``wait()`` for the stats.

    ``jobs``: per language, ``IndexBuilder`` keyword arguments (``out_dir``, ``lang``, ``synonyms``,
    ``client``). Pages are numbered in URL order, as ``build_index`` numbers pages sorted by URL.
    """

    def __init__(self, jobs: list[dict[str, Any]]):
        package_root = str(Path(__file__).resolve().parents[2])  # the same kbgen in the process
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self.process: subprocess.Popen | None = subprocess.Popen(
            worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )
        self.stats: list[IndexStats] = []
        self.broken = False  # the process stopped reading: it says why in wait()
        self._send(jobs)

    def _send(self, message: Any) -> None:
        if self.broken or self.process is None:
            return
        try:
            pickle.dump(message, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except (BrokenPipeError, OSError):
            self.broken = True

    def add(self, lang: str, page: SearchPage) -> None:
        self._send((lang, page))

    def finish_input(self) -> None:
        """Every page is sent: the process weighs the terms and writes the files now."""
        if self.process is None or self.process.stdin.closed:
            return
        self._send(None)
        try:
            self.process.stdin.close()
        except (BrokenPipeError, OSError):
            self.broken = True

    def wait(self) -> list[IndexStats]:
        if self.process is None:
            return self.stats
        self.finish_input()
        process, self.process = self.process, None
        try:
            ok, payload = pickle.load(process.stdout)
        except (EOFError, pickle.UnpicklingError, OSError):
            ok, payload = False, "the process building it stopped"
        finally:
            process.stdout.close()
            process.wait()
        if not ok:
            raise IndexBuildError(f"search index not built: {payload}")
        self.stats = payload
        return payload

    def cancel(self) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
            self.stats = []


class IndexesHere:
    """Indexes built in this process, all at once (``kbgen serve``, one core): the same ``wait``/``cancel``."""

    def __init__(self, jobs: list[dict[str, Any]]):
        self.stats = [build_index(**job) for job in jobs]

    def wait(self) -> list[IndexStats]:
        return self.stats

    def cancel(self) -> None:
        self.stats = []


def build_indexes(jobs: list[dict[str, Any]], *, background: bool = True) -> IndexProcess | IndexesHere:
    """Build each job's index (``build_index`` keyword arguments: ``pages`` sorted by URL, ``out_dir``, ...).

    With ``background`` and a second core, in a process of its own while this one goes on.
    """
    if not (background and spare_core()):
        return IndexesHere(jobs)
    process = IndexProcess([{k: v for k, v in job.items() if k != "pages"} for job in jobs])
    for job in jobs:
        for page in job["pages"]:
            process.add(job.get("lang", "en"), page)
    process.finish_input()
    return process


def serve(stdin, stdout) -> None:
    """The index process: jobs, then (lang, page) messages until None; answers (ok, stats or reason)."""
    try:
        jobs = pickle.load(stdin)
    except EOFError:
        return  # the build stopped before sending anything
    try:
        builders = {job.get("lang", "en"): IndexBuilder(by_url=True, **job) for job in jobs}
        while (message := pickle.load(stdin)) is not None:
            lang, page = message
            builders[lang].add(page)
        result: tuple[bool, Any] = (True, [builders[job.get("lang", "en")].finish() for job in jobs])
    except EOFError:
        return  # the build stopped: nobody waits for an answer
    except Exception as exc:  # reported by the build, which owns the error handling
        result = (False, f"{type(exc).__name__}: {exc}")
    pickle.dump(result, stdout)
    stdout.flush()


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the build, and the build stops this
    serve(sys.stdin.buffer, sys.stdout.buffer)
