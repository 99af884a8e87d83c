"""The sidebar: each page shows its own language, and only the way to its own category opened.

A help center with thousands of articles cannot list them all on every page: that is
slow to read and, with the whole navigation rendered into each page, slow to build (the
work grows with the square of the number of pages). So each page gets a navigation where
its category and the categories above it are open and every other category, at any
depth, is a single link to its category page, as Material's ``navigation.prune`` shows it.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

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


def activate(nav: Navigation, page: Page, relink: bool = True) -> None:
    """Point parents at this navigation's sections, then mark ``page`` (and its sections) current.

    A page appears in several cached navigations; its ``parent`` must be this one's while it renders.
    ``relink=False``: the parents already are this navigation's (the page before used it, and
    nothing linked another since), as for the pages of one category, rendered one after the other.
    """
    page.active = False  # clears the sections it was marked in before

    def link(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Section):
                link(item.children, item)

    if relink:
        link(nav.items, None)
    page.active = True


@functools.lru_cache(maxsize=20_000)
def is_plain(url: str) -> bool:
    """A relative path of plain segments: no scheme, query, fragment, "." or "..", nothing MkDocs rewrites."""
    if not url or url.startswith("/") or any(c in url for c in ":?#\\") or "//" in url:
        return False
    return all(part not in (".", "..") for part in url.split("/"))


def relative_url(url: str, page_url: str | None, base: str) -> str:
    """MkDocs' ``url`` filter, with the answers of a folder remembered.

    Every page of a folder asks about the same addresses (stylesheets, the other categories), but
    each page is a folder of its own ("orders/late/"). For an address outside it, the page's answer
    is its parent folder's one level further up: that one is remembered (``folder_url``), shared by
    all pages of the folder, and nothing is kept per page.
    """
    folder = bool(page_url) and page_url.endswith("/") and is_plain(page_url)
    if folder and is_plain(url) and not (url + "/").startswith(page_url):
        above = folder_url(url, page_url[: page_url.rstrip("/").rfind("/") + 1], base)
        return ".." + above[1:] if above in (".", "./") else "../" + above
    page = SimpleNamespace(url=page_url) if page_url is not None else None
    return normalize_url(url, page=page, base=base)  # type: ignore[arg-type]


folder_url = functools.lru_cache(maxsize=50_000)(relative_url)


@pass_context
def url_filter(context, value) -> str:
    """Drop-in for MkDocs' ``url`` filter (same result, computed once per address and page)."""
    page = context["page"]
    return relative_url(str(value), page.url if page is not None else None, context["base_url"])


@pass_context
def nav_link(context, item) -> str:
    """A closed sidebar entry, the way partials/nav-item.html writes it, without a template call.

    Most of a sidebar is these entries, and each is a link: to a page, or, for a folded section,
    to its first page. "" leaves open entries, and entries with an icon, to the template.
    """
    if getattr(item, "children", None) and item.active:
        return ""
    if item is context["page"]:
        return ""
    return closed_link(context, item)


def closed_link(context, item) -> str:
    """``item`` as a closed entry, whether or not it is open on this page ("" for an entry with an icon)."""
    children = getattr(item, "children", None)
    if children:
        href = url_filter(context, first_page(item).url)
        label = f'<span class="md-ellipsis">{item.title}</span>'
        return Markup(
            f'<li class="md-nav__item md-nav__item--pruned md-nav__item--nested"><a href="{href}" '
            f'class="md-nav__link">{label}<span class="md-nav__icon md-icon"></span></a></li>'
        )
    meta = getattr(item, "meta", None) or {}
    if meta.get("icon"):
        return ""
    return Markup(
        f'<li class="md-nav__item"><a href="{url_filter(context, item.url)}" class="md-nav__link">'
        f"{entry_content(context, item.title, meta)}</a></li>"
    )


def first_page(item):
    """The page a folded section links to: its first entry's, all the way down."""
    while getattr(item, "children", None):
        item = item.children[0]
    return item


@pass_context
def nav_entries(context, items: list[Any], prefix: str, level: int, render, skip=None) -> str:
    """One sidebar list's entries, each after a line break, as the loop of partials/nav.html wrote them.

    ``render`` is the template's macro for entries that are open on this page (the page itself, its
    category) or carry an icon; entry ``n`` is its ``prefix + n``-th. ``skip``: an entry left out
    (the section's index page, shown as the section's own link). The closed entries are the same
    on every page of a folder, so they are written once per folder (``shared_entries``).
    """
    page = context["page"]
    shared = shared_entries(context, items)
    out: list[str] = []
    number = 0
    for position, item in enumerate(items):
        if skip is not None and item == skip:
            continue
        number += 1
        html = shared[position] if shared is not None else nav_link(context, item)
        if shared is not None and html and (item is page or (getattr(item, "children", None) and item.active)):
            html = ""
        out.append(html or render(item, f"{prefix}{number}", level))
    return Markup("\n" + "\n".join(out) if out else "")  # str's join: Markup's own "+" escapes each time


def shared_entries(context, items: list[Any]) -> list[str | None] | None:
    """``items`` as closed entries for every page of this page's folder, written for the first of them.

    A closed entry's address is the same from every page of a folder ("orders/late/" and
    "orders/lost/" both reach "orders/" as "../"), unless it leads into the page's own folder or is
    not a plain path: then there is nothing to share (None), or, for the page the entries were
    written for, that entry is left to the template (None in the list). They are kept with the
    sub-site's other shared parts (``SiteInfo.fragments``), which a build, and each preview update,
    makes anew.
    """
    info = context.get("kbgen")
    page = context["page"]
    page_url = page.url if page is not None else ""
    if info is None or not page_url.endswith("/") or not is_plain(page_url):
        return None
    cache = info.site.fragments
    reach = cache.get(("reach", id(items)))
    if reach is None or reach[0] is not items:
        targets = [getattr(first_page(item), "url", None) for item in items]
        # The home page ("") is as far from every page of a folder; other addresses must be plain paths.
        plain = all(url == "" or (isinstance(url, str) and is_plain(url)) for url in targets)
        reach = cache[("reach", id(items))] = (items, targets, folders_reached(targets) if plain else None)
    _, targets, folders = reach
    if folders is None:
        return None
    own = 1 if any(item is page for item in items) else 0  # the page's own entry is the template's anyway
    if folders.get(page_url, 0) > own:
        return None  # another entry leads into this page's folder: its address is this page's own
    folder = page_url[: page_url.rstrip("/").rfind("/") + 1]
    key = ("entries", id(items), folder, context["base_url"])
    entries = cache.get(key)
    if entries is None or entries[0] is not items:
        written = [None if url and f"{url}/".startswith(page_url) else closed_link(context, item)
                   for item, url in zip(items, targets, strict=True)]
        entries = cache[key] = (items, written)
    return entries[1]


def folders_reached(urls: list[str]) -> dict[str, int]:
    """How many of ``urls`` each folder holds (or is): "a/b/" is in "a/" and in "a/b/"."""
    folders: dict[str, int] = {}
    for url in filter(None, urls):
        path = url + "/"
        for folder in {path[: end + 1] for end, char in enumerate(path) if char == "/"}:
            folders[folder] = folders.get(folder, 0) + 1
    return folders


def entry_content(context, title: str, meta: dict) -> str:
    """An entry's title with its subtitle and status badge, as Material shows them."""
    subtitle = f"<br><small>{meta['subtitle']}</small>" if meta.get("subtitle") else ""
    status = ""
    if meta.get("status"):
        tips = context["config"].extra.get("status") or {}
        tip = f' title="{tips[meta["status"]]}"' if tips.get(meta["status"]) else ""
        status = f'<span class="md-status md-status--{meta["status"]}"{tip}></span>'
    return f'<span class="md-ellipsis">{title}{subtitle}</span>{status}'
