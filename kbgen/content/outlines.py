"""The outlines other tools keep beside the content: the order and titles they give pages and folders.

GitBook lists its pages in ``SUMMARY.md``, DocFX in ``toc.yml``, the MkDocs awesome-pages plugin
in a folder's ``.pages``, Docusaurus in a folder's ``_category_.json`` / ``_category_.yml``. kbgen
reads each as that tool does, so imported content keeps the order its staff gave it: an article
or category without an ``order`` of its own takes its place in the outline. None of these files is
published.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kbgen.errors import Diagnostic

SUMMARY = "SUMMARY.md"
DOCFX_TOCS = ("toc.yml", "toc.yaml")
AWESOME_PAGES = ".pages"
DOCUSAURUS_CATEGORIES = ("_category_.json", "_category_.yml", "_category_.yaml")
# Docusaurus' sidebars file, when it is copied into the docs folder (kbgen/content/sidebars.py reads it).
DOCUSAURUS_SIDEBARS = ("sidebars.js", "sidebars.ts", "sidebars.cjs", "sidebars.mjs", "sidebars.json")
OUTLINE_FILES = frozenset({SUMMARY, *DOCFX_TOCS, AWESOME_PAGES, *DOCUSAURUS_CATEGORIES, *DOCUSAURUS_SIDEBARS})

SUMMARY_LINK = re.compile(r"^\s*[-*+]\s+\[([^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)")


@dataclass
class Outline:
    """Positions (lower first) and titles that outlines give to pages and folders (docs-relative paths)."""

    order: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # folder -> title
    descriptions: dict[str, str] = field(default_factory=dict)  # folder -> description
    problems: list[Diagnostic] = field(default_factory=list)

    def place(self, path: str, position: int) -> None:
        """The first outline to place a page or folder wins; a folder takes its first page's place too."""
        self.order.setdefault(path, position)
        folder = posixpath.dirname(path)
        while folder:
            self.order.setdefault(folder, position)
            folder = posixpath.dirname(folder)


def is_outline_file(src: str) -> bool:
    return posixpath.basename(src) in OUTLINE_FILES


def read_outlines(docs_dir: str, files: list[str], shown_prefix: str = "") -> Outline:
    """Every outline file under ``docs_dir``; a file that cannot be read is a warning, never a stop."""
    outline = Outline()
    folders = sorted({posixpath.dirname(f) for f in files} | {""})
    for src in files:
        name = posixpath.basename(src)
        base = posixpath.dirname(src)
        try:
            if name == SUMMARY:
                read_summary(docs_dir, src, base, outline)
            elif name in DOCFX_TOCS:
                read_docfx_toc(load_yaml(docs_dir, src), base, outline)
            elif name in DOCUSAURUS_CATEGORIES:
                read_docusaurus_category(docs_dir, src, base, outline)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            outline.problems.append(unreadable(shown_prefix + src, exc))
    for folder in folders:  # .pages is hidden, so the walk of the docs folder does not list it
        src = posixpath.join(folder, AWESOME_PAGES) if folder else AWESOME_PAGES
        if os.path.isfile(os.path.join(docs_dir, src)):
            try:
                read_awesome_pages(load_yaml(docs_dir, src), folder, outline)
            except (OSError, ValueError, yaml.YAMLError) as exc:
                outline.problems.append(unreadable(shown_prefix + src, exc))
    return outline


def unreadable(shown: str, exc: Exception) -> Diagnostic:
    """An outline that cannot be read only loses its order: a warning with the parser's first line."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Diagnostic(shown, 1, "warning", f"this outline was not read, so its order is not used: {reason}")


def load_yaml(docs_dir: str, src: str) -> Any:
    with open(os.path.join(docs_dir, src), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader


def join(base: str, href: str) -> str | None:
    """A docs-relative path for a link in an outline, or None for external and escaping links."""
    href = href.split("#", 1)[0].split("?", 1)[0]
    if not href or re.match(r"^[a-z][a-z0-9+.-]*:|^/", href, re.IGNORECASE):
        return None
    path = posixpath.normpath(posixpath.join(base, href))
    return None if path.startswith("..") else path


def read_summary(docs_dir: str, src: str, base: str, outline: Outline) -> None:
    """GitBook: the links of SUMMARY.md, in order."""
    with open(os.path.join(docs_dir, src), encoding="utf-8") as fh:
        for position, line in enumerate(fh):
            match = SUMMARY_LINK.match(line)
            if match and (path := join(base, match.group(2))):
                outline.place(path, position)


def read_docfx_toc(items: Any, base: str, outline: Outline, counter: list[int] | None = None) -> None:
    """DocFX: ``- name: ..., href: ..., items: [...]``, depth first; a folder entry names the folder."""
    counter = counter if counter is not None else [0]
    if isinstance(items, dict):
        items = items.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        href = item.get("href") or item.get("topicHref")
        path = join(base, str(href)) if isinstance(href, str) else None
        if path:
            counter[0] += 1
            outline.place(path, counter[0])
            if str(href).endswith("/") or posixpath.basename(path) in DOCFX_TOCS:
                folder = path if str(href).endswith("/") else posixpath.dirname(path)
                if isinstance(item.get("name"), str):
                    outline.titles.setdefault(folder, item["name"])
        read_docfx_toc(item.get("items"), base, outline, counter)


def read_awesome_pages(data: Any, folder: str, outline: Outline) -> None:
    """MkDocs awesome-pages: ``title`` and a ``nav`` (or ``arrange``) list of the folder's entries."""
    if not isinstance(data, dict):
        return
    if isinstance(data.get("title"), str):
        outline.titles.setdefault(folder, data["title"])
    entries = data.get("nav", data.get("arrange")) or []
    for position, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and len(entry) == 1:
            entry = next(iter(entry.values()))  # "Title: file.md"
        if isinstance(entry, str) and entry != "..." and (path := join(folder, entry)):
            outline.order.setdefault(path, position)


def read_docusaurus_category(docs_dir: str, src: str, folder: str, outline: Outline) -> None:
    """Docusaurus: ``label``, ``position`` and ``link.description`` of a folder."""
    if src.endswith(".json"):
        with open(os.path.join(docs_dir, src), encoding="utf-8") as fh:
            data = json.load(fh)
    else:
        data = load_yaml(docs_dir, src)
    if not isinstance(data, dict):
        return
    if isinstance(data.get("label"), str):
        outline.titles.setdefault(folder, data["label"])
    position = data.get("position")
    if isinstance(position, (int, float)) and not isinstance(position, bool):
        outline.order.setdefault(folder, int(position))
    link = data.get("link")
    if isinstance(link, dict) and isinstance(link.get("description"), str):
        outline.descriptions.setdefault(folder, link["description"])


def mkdocs_nav_titles(nav: Any) -> dict[str, str]:
    """The titles ``mkdocs.yml``'s ``nav:`` gives pages (``- 'Blocking mode': ftldns/blockingmode.md``).

    MkDocs titles a page from there; kbgen does too, for a page that has no title of its own.
    """
    titles: dict[str, str] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            for title, value in item.items():
                if isinstance(value, str) and isinstance(title, str) and title.strip():
                    titles.setdefault(posixpath.normpath(value.strip()), title.strip())
                else:
                    walk(value)

    walk(nav)
    return titles


def mkdocs_nav_folder_titles(nav: Any) -> dict[str, str]:
    """Folder titles from ``mkdocs.yml``'s ``nav:``: a section whose pages all lie in one folder names it
    (``- 'FTLDNS': [ftldns/index.md, ftldns/dns-cache.md]`` -> ftldns is "FTLDNS").

    A section names a folder only if it lists every page of that folder the nav lists: a folder
    whose pages two sections share (``main/`` under "About" and "Getting started") is named by neither.
    """
    claims: dict[str, set[str]] = {}

    def pages(items: Any) -> list[str]:
        found: list[str] = []
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, str):
                found.append(posixpath.normpath(item.strip()))
            elif isinstance(item, dict):
                for value in item.values():
                    found += pages(value)
        return [page for page in found if page.endswith(".md")]

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            for title, value in item.items() if isinstance(item, dict) else ():
                if not isinstance(value, list) or not isinstance(title, str) or not title.strip():
                    continue
                listed = set(pages(value))
                folders = {posixpath.dirname(page) for page in listed}
                common = posixpath.commonpath(sorted(folders)) if folders and "" not in folders else ""
                if common and all(page in listed for page in everywhere if page.startswith(common + "/")):
                    claims.setdefault(common, set()).add(title.strip())
                walk(value)

    everywhere = pages(nav)
    walk(nav)
    return {folder: next(iter(titles)) for folder, titles in claims.items() if len(titles) == 1}
