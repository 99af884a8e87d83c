"""Zendesk Guide: the Help Center API's JSON (``categories``, ``sections``, ``articles``) as an Export.

The files are saved as the API pages answer (``{"articles": [...], "next_page": ...}``), any
number of them (``articles.json``, ``articles-2.json``, one folder per locale...): each is
recognised by its top-level key, and objects are merged by id and locale. Categories become top
folders, sections sub-folders (nested sections nest), and an article's translations share its id.
"""

from __future__ import annotations

import re
from collections import Counter

from kbgen.importers.common import (
    Export,
    Folder,
    ImportError_,
    Page,
    date_of,
    number,
    other_export_hint,
    read_json_files,
    text,
    words,
)

ARTICLE_LINK = re.compile(r"/hc/(?:[^/]+/)?articles/(\d+)")
KINDS = {"categories": "category", "sections": "section", "articles": "article"}


def ident(value: object) -> str | None:
    """An id as it may appear in a file name: digits and letters only, bounded."""
    found = re.sub(r"[^0-9A-Za-z_-]", "", str(value))[:40] if isinstance(value, (int, str)) else ""
    return found or None


def objects(folder: str) -> dict[str, list[dict]]:
    """Categories, sections and articles from every file of the export, by kind."""
    found: dict[str, list[dict]] = {kind: [] for kind in KINDS.values()}
    files = read_json_files(folder)
    for shown, data in files:
        if not isinstance(data, dict):
            raise ImportError_(f"{shown}: expected the API's answer, an object such as {{\"articles\": [...]}}")
        for key, kind in KINDS.items():
            items = data.get(key, [])
            single = data.get(kind)
            items = [*(items if isinstance(items, list) else []), *([single] if isinstance(single, dict) else [])]
            found[kind].extend(item for item in items if isinstance(item, dict))
    other = other_export_hint(files, folder, "zendesk")
    if not found["article"]:
        raise ImportError_(f"{folder}: no articles found; save the answers of GET /api/v2/help_center/articles.json "
                           "(and categories.json, sections.json) there" + other)
    if not any(ident(item.get("id")) and text(item.get("locale"), 20) for item in found["article"]):
        count = len(found["article"])  # every article would be skipped: "Imported 0 articles" said nothing of why
        raise ImportError_(f"{folder}: {count} article{'s' if count != 1 else ''} found, but none has both an 'id' "
                           "and a 'locale', as the Help Center API gives them; nothing was written" + other)
    return found


def read_export(folder: str) -> Export:
    found = objects(folder)
    export = Export(source="zendesk")
    for kind in ("category", "section"):
        for item in found[kind]:
            key_id, locale = ident(item.get("id")), text(item.get("locale"), 20).lower()
            if key_id is None or not locale:
                continue
            key = f"{kind}-{key_id}"
            parent = None
            if kind == "section":
                parent_id = ident(item.get("parent_section_id")) if item.get("parent_section_id") else None
                parent = f"section-{parent_id}" if parent_id else f"category-{ident(item.get('category_id'))}"
            folder_ = export.folders.setdefault(key, Folder(key, parent, number(item.get("position")), kind=kind))
            folder_.titles[locale] = text(item.get("name")) or f"{kind.title()} {key_id}"
            if text(item.get("description")):
                folder_.descriptions[locale] = text(item.get("description"), 1000)
    seen: set[tuple[str, str]] = set()
    for item in found["article"]:
        key, locale = ident(item.get("id")), text(item.get("locale"), 20).lower()
        if key is None or not locale or (key, locale) in seen:
            continue
        seen.add((key, locale))
        section = ident(item.get("section_id"))
        export.pages.append(Page(
            key=key, folder=f"section-{section}" if section and f"section-{section}" in export.folders else None,
            lang=locale, title=text(item.get("title")) or text(item.get("name")) or f"Article {key}",
            html=item.get("body") if isinstance(item.get("body"), str) else "",
            old_url=item.get("html_url") if isinstance(item.get("html_url"), str) else "",
            keywords=words(item.get("label_names")), order=number(item.get("position")),
            draft=item.get("draft") is True, updated=date_of(item.get("edited_at"), item.get("updated_at")),
        ))
    sources = Counter(text(i.get("source_locale"), 20).lower() for i in found["article"] if i.get("source_locale"))
    export.source_locale = sources.most_common(1)[0][0] if sources else None
    export.find_link = find_link
    return export


def find_link(href: str, page: Page) -> str | None:
    """``/hc/en-us/articles/360001`` and ``/hc/articles/360001-any-slug`` point at article 360001."""
    match = ARTICLE_LINK.search(href)
    return match.group(1) if match else None
