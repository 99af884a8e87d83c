"""The sidebar: each page shows its own language, and only its own category opened.

A help center with thousands of articles cannot list them all on every page: that is
slow to read and, with Material rendering the whole navigation into each page, slow to
build (the work grows with the square of the number of pages). So each page gets a
navigation where the other categories are single links to their category pages.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

NavData = list[Any]  # MkDocs' nav setting: paths and {title: [children]} sections


def focused(data: NavData, open_section: str | None) -> NavData:
    """``data`` with every top-level section but the one starting at ``open_section`` folded to its first entry."""
    out: NavData = []
    for entry in data:
        if isinstance(entry, dict):
            (title, children), = entry.items()
            first = children[0] if children and isinstance(children[0], str) else None
            keep = children if first is not None and first == open_section else children[:1]
            out.append({title: keep} if keep and isinstance(keep[0], str) else {title: children})
        else:
            out.append(entry)
    return out


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
