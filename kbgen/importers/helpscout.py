"""Help Scout Docs: the Docs API's JSON (collections, categories, articles) as an Export.

The API answers lists as ``{"collections": {"page": 1, "items": [...]}}`` and one article, with its
``text``, as ``{"article": {...}}``; any number of such files are read. Collections become top
folders and categories sub-folders; an article in several categories is written once, in the
first. Help Scout Docs has one language per site: articles go into the help center's first one.
"""

from __future__ import annotations

import re

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
from kbgen.importers.zendesk import ident

ARTICLE_LINK = re.compile(r"/article/(\d{1,18})(?:-|$|/|\?|#)")  # bounded: int() of 5,000 digits raises
KINDS = {"collections": "collection", "categories": "category", "articles": "article"}


def items_of(value: object) -> list[dict]:
    """A list answer: ``{"items": [...]}`` (with paging), or a plain list."""
    if isinstance(value, dict):
        value = value.get("items")
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def objects(folder: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {kind: [] for kind in KINDS.values()}
    files = read_json_files(folder)
    for shown, data in files:
        if not isinstance(data, dict):
            raise ImportError_(f"{shown}: expected the API's answer, an object such as {{\"article\": {{...}}}}")
        for key, kind in KINDS.items():
            found[kind].extend(items_of(data.get(key)))
            if isinstance(data.get(kind), dict):
                found[kind].append(data[kind])
    articles = [a for a in found["article"] if isinstance(a.get("text"), str)]
    other = other_export_hint(files, folder, "helpscout")
    if not articles:
        raise ImportError_(f"{folder}: no articles with their text found; save the answer of GET /v1/articles/{{id}} "
                           "for each article (and of the collections and categories lists) there" + other)
    if not any(ident(a.get("id")) for a in articles):  # every article would be skipped: "Imported 0 articles"
        count = len(articles)
        raise ImportError_(f"{folder}: {count} article{'s' if count != 1 else ''} found, but none has an 'id', as "
                           "the Docs API gives them; nothing was written" + other)
    found["article"] = articles
    return found


def read_export(folder: str) -> Export:
    found = objects(folder)
    export = Export(source="helpscout")
    for kind in ("collection", "category"):
        for item in found[kind]:
            key_id = ident(item.get("id"))
            if key_id is None or (kind == "category" and item.get("slug") == "uncategorized"):
                continue
            parent = f"collection-{ident(item.get('collectionId'))}" if kind == "category" else None
            entry = export.folders.setdefault(f"{kind}-{key_id}", Folder(
                f"{kind}-{key_id}", parent, number(item.get("order")), kind=kind))
            entry.titles[""] = text(item.get("name")) or f"{kind.title()} {key_id}"
            if text(item.get("description")):
                entry.descriptions[""] = text(item.get("description"), 1000)
    numbers: dict[int, str] = {}
    seen: set[str] = set()
    for item in found["article"]:
        key = ident(item.get("id"))
        if key is None or key in seen:
            continue
        seen.add(key)
        if number(item.get("number")) is not None:
            numbers[item["number"]] = key
        export.pages.append(Page(
            key=key, folder=article_folder(item, export), lang="", title=text(item.get("name")) or f"Article {key}",
            html=item["text"], old_url=item.get("publicUrl") if isinstance(item.get("publicUrl"), str) else "",
            keywords=words(item.get("keywords")), draft=item.get("status") == "notpublished",
            updated=date_of(item.get("updatedAt"), item.get("lastPublishedAt")),
        ))

    def find_link(href: str, page: Page) -> str | None:
        match = ARTICLE_LINK.search(href)
        return numbers.get(int(match.group(1))) if match else None

    export.find_link = find_link
    return export


def article_folder(item: dict, export: Export) -> str | None:
    """The first of the article's categories the export has, else its collection."""
    categories = item.get("categories") if isinstance(item.get("categories"), list) else []
    keys = [f"category-{ident(c)}" for c in categories if ident(c)]
    present = [k for k in keys if k in export.folders]
    if present:
        return present[0]
    collection = f"collection-{ident(item.get('collectionId'))}"
    return collection if collection in export.folders else None
