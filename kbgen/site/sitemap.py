"""Each page's ``<lastmod>`` in ``sitemap.xml``: when its own content last changed.

MkDocs gives every page the build date, which tells a search engine that all of them changed
at every build. kbgen uses the page's ``updated``; a store that opts in (``sitemap_dates: git``)
gets the date of the last commit of the page's file for pages without one. Generated pages
(home, categories) take the newest date of what they list; a page with no known date has none.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import subprocess
from collections.abc import Iterable

from kbgen.content.model import HelpCenter

#: ``sitemap_dates`` values: where a page's date comes from when it has no ``updated``.
SOURCES = ("updated", "git")


def git_dates(docs_dir: str) -> dict[str, dt.date]:
    """The date of each file's last commit under ``docs_dir``, keyed by its path inside it.

    One ``git log`` for the whole folder, newest first, so the first date seen for a file is its
    last change. Outside a repository, or without git, no file has a date.
    """
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-prefix"], cwd=docs_dir, capture_output=True, text=True, check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--no-renames", "--", "."],
            cwd=docs_dir, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    return parse_git_log(log, top)


def parse_git_log(log: str, prefix: str) -> dict[str, dt.date]:
    """``git log --format=@%cs --name-only`` output as {path relative to ``prefix``: newest date}."""
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None and line.startswith(prefix):
            dates.setdefault(line[len(prefix):], current)
    return dates


def page_dates(center: HelpCenter, docs_dir: str, source: str = "updated") -> dict[str, dt.date]:
    """The date of each article and FAQ page, keyed by the Markdown page MkDocs renders."""
    from_git = git_dates(docs_dir) if source == "git" else {}
    dates: dict[str, dt.date] = {}
    for page in center.pages:
        date = page.updated or from_git.get(page.src)
        if date is not None:
            dates[page.page_src] = date
    return dates


def newest(dates: Iterable[dt.date | None]) -> dt.date | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def lastmod(src: str, kind: str, center: HelpCenter, dates: dict[str, dt.date]) -> str:
    """The ``<lastmod>`` of the page rendered from ``src``; "" when it has no date of its own."""
    if src in dates:
        return dates[src].isoformat()
    if kind == "home":
        lang = center.lang_of(src)
        found = newest(dates.get(p.page_src) for p in center.pages if p.lang == lang)
    elif kind == "category":
        items = center.items_in(posixpath.dirname(src), deep=True)
        found = newest(dates.get(p.page_src) for p in items)
    else:
        found = None
    return found.isoformat() if found else ""
