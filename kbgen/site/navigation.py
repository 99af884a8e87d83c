"""The sidebar: each page shows its own language, and only the way to its own category opened.

A help center with thousands of articles cannot list them all on every page: that is
slow to read and, with the whole navigation rendered into each page, slow to build (the
work grows with the square of the number of pages). So each page gets a navigation where
its category and the categories above it are open and every other category, at any
depth, is a single link to its category page, as Material's ``navigation.prune`` shows it.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

NavData = list[Any]  # MkDocs' nav setting: paths and {title: [children]} sections


def focused(data: NavData, open_sections: frozenset[str] = frozenset()) -> NavData:
    """``data`` with every section not on the way to the open page folded to its first entry.

    ``open_sections`` are the index pages (``orders/index.md``, ``orders/late/index.md``) of the
    sections that stay open: the page's category and the categories above it. A folded section
    keeps only what its link needs, so a page's navigation holds what its sidebar shows.
    """
    out: NavData = []
    for entry in data:
        if not isinstance(entry, dict):
            out.append(entry)
            continue
        (title, children), = entry.items()
        first = children[0] if children else None
        if isinstance(first, str) and first in open_sections:
            out.append({title: focused(children, open_sections)})
        elif isinstance(first, str) or first is None:
            out.append({title: children[:1]})
        else:  # no index page: the section links to the first page of its first section
            out.append({title: focused(children[:1])})
    return out


def open_sections(category: str | None, parent_of: dict[str, str | None]) -> frozenset[str]:
    """The index pages of ``category`` and of every category above it."""
    sections = []
    while category:
        sections.append(category + "/index.md")
        category = parent_of.get(category)
    return frozenset(sections)


def build_navigation(data: NavData, files: Files) -> Navigation:
    """A Navigation of already-built pages (MkDocs made a Page for every file)."""

    def items_of(entries: NavData) -> list[Any]:
        items: list[Any] = []
        for entry in entries:
            if isinstance(entry, dict):
                for title, children in entry.items():
                    items.append(Section(title, items_of(children)))
            elif (file := files.get_file_from_path(entry)) is not None and isinstance(file.page, Page):
                items.append(file.page)
        return items

    items = items_of(data)
    pages: list[Page] = []

    def collect(entries: list[Any]) -> None:
        for item in entries:
            if isinstance(item, Section):
                collect(item.children)
            else:
                pages.append(item)

    collect(items)
    return Navigation(items, pages)


def activate(nav: Navigation, page: Page) -> None:
    """Point parents at this navigation's sections, then mark ``page`` (and its sections) current.

    A page appears in several cached navigations; its ``parent`` must be this one's while it renders.
    """
    page.active = False  # clears the sections it was marked in before

    def link(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Section):
                link(item.children, item)

    link(nav.items, None)
    page.active = True
