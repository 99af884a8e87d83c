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

# The loaders that read one file each, as ``load(src, opts, out)``.
PER_FILE = ("load_article", "load_faq", "load_category", "load_synonyms")


class LoadCache:
    """What reading and converting each file gave, kept between reloads of one preview."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, str, str], tuple[Any, Any, list[Diagnostic], list[Any]]] = {}
        self.migrated: dict[tuple[str, int, str], tuple[str, list[Diagnostic]]] = {}
        self.links: dict[tuple[str, int], list[Any]] = {}
        #: Compare each file's stamp with the cached one; off while a watcher reports every change.
        self.check_stamps = True

    def load_file(self, original, src: str, opts, out) -> Any:
        """``original(src, opts, out)`` (reading one article, FAQ, category or synonyms file), or
        what it gave last time if the file has not changed since, its problems reported again."""
        key = (original.__name__, opts.docs_dir, src)
        cached = self.files.get(key)
        stamp = None
        if cached is None or self.check_stamps:
            try:
                st = os.stat(os.path.join(opts.docs_dir, src))
                stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError:
                return original(src, opts, out)
        if cached is None or (stamp is not None and cached[0] != stamp):
            mark, unknown_mark = len(out.items), len(out.unknown)
            item = original(src, opts, out)
            cached = (stamp, item, list(out.items[mark:]), list(out.unknown[unknown_mark:]))
            self.files[key] = cached
        else:
            out.items.extend(cached[2])
            out.unknown.extend(cached[3])  # its unknown keys, counted site-wide again
        return fresh_copy(cached[1])

    def forget(self, paths: list[str]) -> None:
        """Files the watcher saw change: read them again next time, whatever their stamps say."""
        changed = {os.path.abspath(p) for p in paths}
        for key in [k for k in self.files if os.path.abspath(os.path.join(k[1], k[2])) in changed]:
            del self.files[key]

    def migrate(self, original, body: str, first_line: int, path: str, resolvers: Resolvers):
        key = (path, first_line, body)
        if key in self.migrated:
            text, problems = self.migrated[key]
            return text, list(problems)
        looked_up = False

        def watched(resolve):
            if resolve is None:
                return None

            def call(*args, **kwargs):
                nonlocal looked_up
                looked_up = True
                return resolve(*args, **kwargs)
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
        saved = {name: getattr(validation, name) for name in (*PER_FILE, "migrate", "scan_links")}
        for name in PER_FILE:
            setattr(validation, name, lambda src, opts, out, f=saved[name]: self.load_file(f, src, opts, out))
        validation.migrate = lambda *args: self.migrate(saved["migrate"], *args)
        validation.scan_links = lambda body, first_line: self.scan_links(saved["scan_links"], body, first_line)
        try:
            yield
        finally:
            for name, function in saved.items():
                setattr(validation, name, function)


def fresh_copy(item: Any) -> Any:
    """A copy the checks after loading may change (they set fields: an article's category and body,
    an FAQ answer's links) while the cached one stays as the file gave it."""
    if item is None or not hasattr(item, "__dict__"):
        return copy.copy(item)
    twin = object.__new__(type(item))  # the dataclasses here are plain: their fields are in __dict__
    twin.__dict__.update(item.__dict__)
    if isinstance(getattr(twin, "entries", None), list):
        twin.entries = [fresh_copy(entry) for entry in twin.entries]
    return twin


def reload_help_center(cache: LoadCache, docs_dir: str, **options) -> HelpCenter:
    with cache.active():
        return validation.load_help_center(docs_dir, **options)
