"""Old addresses (``redirect_from``): which paths may become redirect pages, and where each one lands.

An old path is staff-written (or imported) text that becomes a file name in the built site, a line
of ``_redirects`` and an HTML attribute. So it must be a plain path on this site: no scheme, no
``//`` host, no ``..``, no query or fragment, no control characters, and not the address of a page
the site really has. Percent-escapes are read as a browser sends them (``%20`` is a space).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from kbgen.content.model import HelpCenter
from kbgen.errors import Diagnostic

#: Longest old path accepted, and longest segment (file systems allow 255 bytes per name).
MAX_PATH = 1000
MAX_SEGMENT = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\\?#\u2028\u2029]")
_EXAMPLE = "such as /hc/en-us/articles/360001-returns"
#: What the built site holds besides pages: an old path must not land in or on it.
#: Characters kept as they are when a path is written as a URL; everything else is %-encoded.
URL_SAFE = "/!$&()*+,=:@-._~"
# Files the build writes at each language root: a redirect page in their place would break them.
RESERVED = ("assets/", "search/", "404.html", "sitemap.xml", "sitemap.xml.gz", "_redirects", "_headers", "widget.js",
            "widget.json", ".kbgen-site")


@dataclass(frozen=True)
class OldAddress:
    """One old path: as written, the file its redirect page is, and the path as a URL (percent-encoded)."""

    written: str
    file: str  # under the site folder: "hc/en-us/articles/1-x/index.html" or "old/page.html"
    url_path: str  # "/hc/en-us/articles/1-x" with %-escapes where a URL needs them


def old_address(written: str) -> OldAddress | str:
    """The redirect an old path makes, or why it cannot make one (a message for ``path:line: error:``)."""
    shown = repr(written if len(written) <= 60 else written[:57] + "...")
    if not written.startswith("/") or written.startswith("//") or "://" in written:
        return f"redirect_from {shown} must be a path on this site starting with '/', {_EXAMPLE}"
    try:
        decoded = unquote(written, errors="strict")
    except UnicodeDecodeError:
        return f"redirect_from {shown} has a %-escape that is not UTF-8"
    if len(decoded) > MAX_PATH:
        return f"redirect_from {shown} is longer than {MAX_PATH} characters"
    if _UNSAFE.search(decoded) or any(ch.isspace() and ch != " " for ch in decoded):
        return (f"redirect_from {shown} must not hold '?', '#', backslashes or control characters "
                "(a static page cannot match a query)")
    segments = decoded.strip("/").split("/") if decoded.strip("/") else []
    if decoded.startswith("//") or "" in segments:
        return f"redirect_from {shown} has an empty part ('//')"
    if any(s in (".", "..") for s in segments):
        return f"redirect_from {shown} must not contain '.' or '..' parts"
    if any(len(s.encode("utf-8")) > MAX_SEGMENT for s in segments):
        return f"redirect_from {shown} has a part longer than {MAX_SEGMENT} bytes"
    if not segments:
        return "redirect_from '/' is the home page of this site"
    path = "/".join(segments)
    file = path if segments[-1].lower().endswith((".html", ".htm")) else path + "/index.html"
    slash = "/" if written.endswith("/") else ""
    return OldAddress(written, file, "/" + quote(path, safe=URL_SAFE) + slash)


def page_file(url: str) -> str:
    """The file MkDocs writes for a page URL (``a/b/`` -> ``a/b/index.html``), lowercased to compare."""
    url = url.lower()
    return url + "index.html" if not url or url.endswith("/") else url


def check_redirects(
    claims: list[tuple[str, int, str]], pages: dict[str, str], roots: list[str], files: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Problems with the old paths pages claim: ``claims`` are (shown path, line, old path).

    ``pages`` maps each page's file (see :func:`page_file`) to the source that publishes it; ``roots``
    are the language folders ("" and "da/"...), each with its own search and assets; ``files`` the
    other files the site publishes as they are (images, downloads), lowercased. An old path whose
    folder is one of those files, or another old path's page, could not be written.
    """
    problems: list[Diagnostic] = []
    seen: dict[str, tuple[str, int]] = {}
    reserved = tuple(root + name for root in roots for name in RESERVED)
    found_all = [(shown, line, written, old_address(written)) for shown, line, written in claims]
    taken = set(pages) | files | {f.file.lower() for *_, f in found_all if not isinstance(f, str)}
    for shown, line, written, found in found_all:
        if isinstance(found, str):
            problems.append(Diagnostic(shown, line, "error", found))
            continue
        key = found.file.lower()
        owner = pages.get(key)
        if owner is not None or key.startswith(reserved):
            what = f"the address of {owner}" if owner else "an address the built site uses"
            problems.append(Diagnostic(shown, line, "error", f"redirect_from {written!r} is {what}",
                                       "a redirect must not replace a page; remove it or move the page"))
            continue
        parts = found.file.split("/")
        above = next((folder for folder in ("/".join(parts[:n]) for n in range(1, len(parts)))
                      if folder.lower() in taken), None)
        if above or key in files:
            problems.append(Diagnostic(shown, line, "error", f"redirect_from {written!r} would replace "
                                       f"{above or found.file}, which the site publishes"))
            continue
        if key in seen:
            where, first_line = seen[key]
            also = "listed twice on this page" if where == shown else f"also claimed by {where}:{first_line}"
            problems.append(Diagnostic(shown, line, "error", f"redirect_from {written!r} is {also}"))
            continue
        seen[key] = (shown, line)
    return problems


def check_center(center: HelpCenter, shown: Callable[[str], str], files: list[str] | None = None) -> list[Diagnostic]:
    """Every article's ``redirect_from`` checked against the others, the pages of the site and the docs
    folder's ``files`` published as they are (not Markdown or YAML, but what ``.gitbook/`` holds)."""
    from kbgen.content.validation import page_url  # validation calls this module

    roots = [center.root(lang) for lang in center.languages]
    pages = {page_file(root + name): f"kbgen's {kind} page" for root in roots
             for name, kind in (("", "home"), ("contact/", "contact"), ("search/", "search"))}
    pages.update({page_file(c.id + "/"): f"the category page of folder '{c.id}/'" for c in center.categories.values()})
    pages.update({page_file(page_url(p.page_src)): shown(p.src) for p in center.pages})
    claims = [
        (shown(a.src), a.line_of("redirect_from", index), old)
        for a in sorted(center.articles, key=lambda a: a.src)
        for index, old in enumerate(a.redirect_from)
    ]
    published = frozenset(f.lower() for f in files or () if f.startswith(".gitbook/")
                          or not f.lower().endswith((".md", ".yml", ".yaml")))
    return check_redirects(claims, pages, roots, published)
