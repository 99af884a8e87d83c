"""Reloading the content model after an edit, re-reading only the files that changed.

A full :func:`load_help_center` at 3,000 articles spends most of its time reading each article and
converting other tools' syntax in it; both depend only on the file (and, for the conversion, on the
names it looks up). The preview keeps what they gave per file and replays it for files that did not
change, then runs every site-wide check as ``kbgen check`` does, so the model is the one a full load
would give.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from typing import Any

from kbgen.content import validation
from kbgen.content.migrate import Resolvers
from kbgen.content.model import HelpCenter
from kbgen.errors import Diagnostic


class LoadCache:
    """What reading and converting each file gave, kept between reloads of one preview."""

    def __init__(self) -> None:
        self.articles: dict[tuple[str, str], tuple[tuple[int, int, int], Any, list[Diagnostic]]] = {}
        self.migrated: dict[tuple[str, int, str], tuple[str, list[Diagnostic]]] = {}
        self.links: dict[tuple[str, int], list[Any]] = {}

    def load_article(self, original, src: str, opts, out) -> Any:
        try:
            st = os.stat(os.path.join(opts.docs_dir, src))
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            return original(src, opts, out)
        key = (opts.docs_dir, src)
        cached = self.articles.get(key)
        if cached is None or cached[0] != stamp:
            mark = len(out.items)
            article = original(src, opts, out)
            cached = (stamp, article, list(out.items[mark:]))
            self.articles[key] = cached
        else:
            out.items.extend(cached[2])
        article = cached[1]
        return copy.copy(article) if article is not None else None

    def migrate(self, original, body: str, first_line: int, path: str, resolvers: Resolvers):
        key = (path, first_line, body)
        if key in self.migrated:
            text, problems = self.migrated[key]
            return text, list(problems)
        looked_up = False

        def watched(resolve):
            def call(name):
                nonlocal looked_up
                looked_up = True
                return resolve(name)
            return call

        spied = replace(resolvers, **{f.name: watched(getattr(resolvers, f.name)) for f in fields(resolvers)})
        text, problems = original(body, first_line, path, spied)
        if not looked_up:  # the result depends on this text alone: the same text converts the same way
            self.migrated[key] = (text, list(problems))
        return text, problems

    def scan_links(self, original, body: str, first_line: int) -> list[Any]:
        key = (body, first_line)
        if key not in self.links:
            self.links[key] = original(body, first_line)
        return list(self.links[key])

    @contextmanager
    def active(self) -> Iterator[None]:
        """Route :func:`load_help_center`'s per-file work through this cache while the block runs."""
        load, migrate, scan = validation.load_article, validation.migrate, validation.scan_links
        validation.load_article = lambda src, opts, out: self.load_article(load, src, opts, out)
        validation.migrate = lambda *args: self.migrate(migrate, *args)
        validation.scan_links = lambda body, first_line: self.scan_links(scan, body, first_line)
        try:
            yield
        finally:
            validation.load_article, validation.migrate, validation.scan_links = load, migrate, scan


def reload_help_center(cache: LoadCache, docs_dir: str, **options) -> HelpCenter:
    with cache.active():
        return validation.load_help_center(docs_dir, **options)
