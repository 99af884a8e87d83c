"""Redirect pages for old addresses: a static page per ``redirect_from`` path, and ``_redirects``.

Each old path gets a small HTML page (meta refresh, ``rel=canonical``, ``noindex``, a plain link)
that works on any static host without a script, and a ``/old /new/ 301`` line in ``_redirects``,
which Netlify and Cloudflare Pages answer with a real 301 before any page is read.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from kbgen.content.model import HelpCenter
from kbgen.content.redirects import URL_SAFE, OldAddress, old_address
from kbgen.errors import Diagnostic

REDIRECTS_FILE = "_redirects"


@dataclass(frozen=True)
class Redirect:
    old: OldAddress
    target: str  # site-absolute and %-encoded: "/help/orders/track-your-order/"
    title: str
    lang: str
    source: str  # the article, as shown in messages
    line: int


def site_url_path(base: str, url: str) -> str:
    """``url`` (a page URL as MkDocs gives it) under the site's base path, %-encoded once."""
    return quote(unquote(base.rstrip("/") + "/" + url.lstrip("/")), safe=URL_SAFE)


def collect_redirects(center: HelpCenter, base: str) -> list[Redirect]:
    """The redirects of every published article (``kbgen check`` has refused the invalid ones)."""
    found = []
    for article in sorted(center.articles, key=lambda a: a.src):
        if article.draft or not article.url:
            continue
        for index, written in enumerate(article.redirect_from):
            old = old_address(written)
            if isinstance(old, OldAddress):
                found.append(Redirect(
                    old, site_url_path(base, article.url), article.title, article.lang,
                    article.location.path, article.line_of("redirect_from", index),
                ))
    return found


def redirect_page(redirect: Redirect) -> str:
    """A page that sends browsers and crawlers to the article, with no script."""
    target = html.escape(redirect.target, quote=True)
    title = html.escape(redirect.title, quote=True)
    lang = html.escape(redirect.lang, quote=True)
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'</head>\n<body>\n<p>This page has moved: <a href="{target}">{title}</a></p>\n</body>\n</html>\n'
    )


def redirects_lines(redirects: list[Redirect], base: str) -> str:
    """``_redirects`` in the format Netlify and Cloudflare Pages read: ``/old /new/ 301``."""
    lines = [f"{site_url_path(base, r.old.url_path)} {r.target} 301" for r in redirects]
    return "# Old addresses (redirect_from), written by kbgen\n" + "".join(line + "\n" for line in lines)


def write_redirects(redirects: list[Redirect], site_dir: str, base: str) -> list[Diagnostic]:
    """Write each redirect page and ``_redirects``; an old path that would replace a file is refused."""
    problems = []
    root = Path(site_dir)
    pages = {r.old.file for r in redirects}
    for redirect in redirects:
        path = root / redirect.old.file
        parts = redirect.old.file.split("/")
        # A file where the redirect needs a folder: a page or image the site publishes (img/logo.png for
        # /img/logo.png), or another redirect's page (old.html for /old.html/b); mkdir would fail.
        above = next((folder for folder in ("/".join(parts[:n]) for n in range(1, len(parts)))
                      if folder in pages or (root / folder).exists() and not (root / folder).is_dir()), None)
        if above or path.exists() or not is_inside_site(site_dir, redirect.old.file):
            problems.append(Diagnostic(
                redirect.source, redirect.line, "error",
                f"redirect_from {redirect.old.written!r} would replace {above or redirect.old.file}, "
                "which the site publishes",
            ))
    if problems:
        return problems
    for redirect in redirects:
        path = root / redirect.old.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_page(redirect), encoding="utf-8")
    if redirects:
        existing = root / REDIRECTS_FILE  # one the store keeps in its docs folder comes first
        before = existing.read_text(encoding="utf-8").rstrip("\n") + "\n\n" if existing.is_file() else ""
        existing.write_text(before + redirects_lines(redirects, base), encoding="utf-8", newline="\n")
    return []


def is_inside_site(site_dir: str, file: str) -> bool:
    real = os.path.realpath(os.path.join(site_dir, file))
    return real.startswith(os.path.realpath(site_dir) + os.sep)
