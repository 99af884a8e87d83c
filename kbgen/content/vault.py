"""Files found by name the way Obsidian finds them, in the article's own vault first.

Obsidian links an attachment or a note by its bare file name wherever it sits in the vault
("shortest path"), and by a partial path (``Sync/Security``) from the vault's root. A multilingual
help center keeps one vault per language folder (``da/`` beside the default language's files), so
a name is looked for in the linking article's language first, then in the whole docs folder.
Nothing outside the docs folder is ever found: only the files walked under it are known.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable


class FileNames:
    """Every file of the docs folder, by name and by path; ``roots`` are the other languages' folders."""

    def __init__(self, files: Iterable[str], roots: Iterable[str] = ()):
        self.roots = set(roots)
        self.by_name: dict[str, list[str]] = {}
        self.by_path: dict[str, str] = {}
        for src in files:
            self.by_name.setdefault(posixpath.basename(src).casefold(), []).append(src)
            self.by_path.setdefault(src.casefold(), src)

    def vault_of(self, src: str) -> str:
        """The language folder ``src`` sits in ("da/"), or "" for the default language's files."""
        first = src.split("/", 1)[0]
        return first + "/" if "/" in src and first in self.roots else ""

    def find(self, name: str, from_src: str) -> list[str]:
        """The files ``name`` may mean, written in ``from_src``: one when found, several when ambiguous."""
        key = name.strip().strip("/").casefold()
        if not key:
            return []
        vault = self.vault_of(from_src)
        if "/" in key:  # a path: from the vault's root, else any file whose path ends with it
            for exact in (vault + key, key):
                if exact in self.by_path:
                    return [self.by_path[exact]]
            found = [src for src in self.by_name.get(posixpath.basename(key), [])
                     if src.casefold().endswith("/" + key)]
        else:
            found = self.by_name.get(key, [])
        mine = [src for src in found if self.vault_of(src) == vault]
        return mine or found


def ambiguity(name: str, candidates: list[str]) -> str:
    """How to say that ``name`` is the name of several files: the first two named, then a count."""
    shown = " and ".join(candidates[:2])
    more = len(candidates) - 2
    return f"'{name}' is the name of {len(candidates)} files ({shown}{f' and {more} more' if more > 0 else ''})"
