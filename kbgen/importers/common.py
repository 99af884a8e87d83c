"""From a help desk export to files in the docs folder: folders, ``_category.yml``, Markdown articles.

Everything in an export is hostile text as far as file names go: titles and ids become names only
through :func:`kbgen.content.slugs.slugify`, bounded in length, never ``..``, never a language
folder or a name kbgen uses itself; every path is checked to lie inside the docs folder before
anything is written, and nothing that exists is replaced without ``force``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from kbgen.content.model import CATEGORY_FILE
from kbgen.content.redirects import OldAddress, old_address
from kbgen.content.slugs import slugify
from kbgen.content.tree import MAX_DEPTH, is_inside
from kbgen.errors import KbgenError
from kbgen.importers.convert import heading_anchors, html_to_markdown

MAX_SLUG = 60
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TITLE = 300
#: Names a folder or article of the docs folder must not take: kbgen's own pages and files.
RESERVED = {"index", "readme", "search", "contact", "assets", "404"}


class ImportError_(KbgenError):  # noqa: N801 - not the builtin ImportError
    """The export cannot be read or written; nothing (or nothing more) was written."""


@dataclass
class Folder:
    """A category (or section, collection...): titles and descriptions per language."""

    key: str
    parent: str | None
    order: int | None = None
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    kind: str = "category"  # how the summary counts it: "category", "section", "collection"


@dataclass
class Page:
    """One article in one language; ``key`` is shared by its translations."""

    key: str
    folder: str | None
    lang: str  # the export's own locale code (en-us)
    title: str
    html: str
    old_url: str = ""
    keywords: list[str] = field(default_factory=list)
    order: int | None = None
    draft: bool = False
    updated: dt.date | None = None
    description: str = ""


@dataclass
class Export:
    """What a help desk holds, in its own terms; ``source`` names the help desk in messages."""

    source: str
    folders: dict[str, Folder] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    source_locale: str | None = None  # the locale the help desk writes first
    #: (href, page) -> key of the page an old link points at, beyond matching the old addresses.
    find_link: Callable[[str, Page], str | None] | None = None


@dataclass
class Written:
    files: dict[str, str]  # docs-relative path -> text
    summary: str
    new_languages: list[str]


# -- reading ------------------------------------------------------------------------------------

def read_json_files(folder: str) -> list[tuple[str, object]]:
    """Every ``*.json`` under ``folder`` (two levels), parsed; a broken file is an error naming it."""
    root = Path(folder)
    if not root.is_dir():
        raise ImportError_(f"{folder}: not a folder; pass the folder holding the export's .json files")
    found = []
    for path in sorted([*root.glob("*.json"), *root.glob("*/*.json")]):
        shown = str(path)
        try:
            found.append((shown, json.loads(path.read_text(encoding="utf-8-sig"))))
        except UnicodeDecodeError:
            raise ImportError_(f"{shown}: not UTF-8 text; export it again as JSON") from None
        except json.JSONDecodeError as exc:
            raise ImportError_(f"{shown}:{exc.lineno}: error: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise ImportError_(f"{shown}: error: the JSON is nested too deeply; export it again") from None
        except ValueError:  # Python refuses to read an integer of more than 4,300 digits
            raise ImportError_(f"{shown}: error: holds a number too long to read (over 4,300 digits); "
                               "export it again") from None
    if not found:
        raise ImportError_(f"{folder}: no .json files found; save the API's answers there (articles.json ...)")
    return found


COMMANDS = {"zendesk": "Zendesk Guide", "helpscout": "Help Scout"}


def export_kind(files: list[tuple[str, object]]) -> str | None:
    """Which help desk's export ``files`` look like, "zendesk" or "helpscout" (None: neither, or both).

    Help Scout answers a list as ``{"articles": {"page": 1, "items": [...]}}`` and one article as
    ``{"article": {..., "text": ...}}`` with a ``collectionId``; Zendesk answers a list as
    ``{"articles": [...]}``, with ``sections``, and articles with a ``locale`` and a ``body``.
    """
    votes = {"zendesk": 0, "helpscout": 0}
    for _, data in files:
        if not isinstance(data, dict):
            continue
        lists = [data.get(key) for key in ("articles", "categories", "collections", "sections")]
        singles = [data.get(key) for key in ("article", "category", "collection", "section")]
        items = [item for value in lists if isinstance(value, list) for item in value if isinstance(item, dict)]
        items += [item for item in singles if isinstance(item, dict)]
        if "collections" in data or any(isinstance(value, dict) and "items" in value for value in lists) or any(
                "collectionId" in item or "text" in item for item in items):
            votes["helpscout"] += 1
        if "sections" in data or "section" in data or any(
                "locale" in item or "section_id" in item or "body" in item for item in items):
            votes["zendesk"] += 1
    found = [kind for kind, n in votes.items() if n]
    return found[0] if len(found) == 1 else None


def other_export_hint(files: list[tuple[str, object]], folder: str, reading: str) -> str:
    """"; this looks like a Help Scout export: kbgen import helpscout DIR", when the files are the other's."""
    kind = export_kind(files)
    if kind is None or kind == reading:
        return ""
    return f"; this looks like a {COMMANDS[kind]} export: kbgen import {kind} {folder}"


def text(value: object, limit: int = MAX_TITLE) -> str:
    """A title or description from JSON: text on one line, bounded."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    return " ".join(CONTROL.sub(" ", str(value)).split())[:limit]


def number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**9 else None


def date_of(*values: object) -> dt.date | None:
    for value in values:
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def words(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [w for w in (text(v, 100) for v in value[:50]) if w]


# -- languages ----------------------------------------------------------------------------------

def language_codes(locales: list[str], site_languages: list[str]) -> dict[str, str]:
    """The kbgen code of each help desk locale: ``en-us`` -> ``en``, ``pt-br`` -> ``pt-BR`` if ``pt`` is taken."""
    codes: dict[str, str] = {}
    taken: set[str] = set()
    for locale in locales:
        primary, _, region = locale.lower().partition("-")
        primary = re.sub(r"[^a-z]", "", primary)[:3] or "xx"
        full = f"{primary}-{re.sub(r'[^a-z0-9]', '', region)[:8].upper()}" if region else primary
        options = [c for c in (primary, full) if c in site_languages] or [primary, full]
        code = next((c for c in options if c not in taken), full)
        codes[locale] = code
        taken.add(code)
    return codes


# -- naming -------------------------------------------------------------------------------------

def slug_for(title: str, key: str, taken: set[str]) -> str:
    """A file or folder name from a title: slugified, bounded, unique among ``taken``, never reserved."""
    slug = slugify(title).strip("-_")[:MAX_SLUG].rstrip("-_")
    if not slug:
        slug = slugify(key).strip("-_")[:MAX_SLUG] or "untitled"
    base, n = slug, 1
    while slug in taken or slug.lower() in RESERVED:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def folder_paths(export: Export, default_locale: str, reserved: set[str]) -> dict[str, str]:
    """Each folder's path under a language root, named by its title in the export's first language."""
    paths: dict[str, str] = {}
    taken: dict[str, set[str]] = {}

    def path_of(key: str, depth: int = 0) -> str:
        if key in paths:
            return paths[key]
        folder = export.folders[key]
        parent = ""
        if folder.parent in export.folders and depth < MAX_DEPTH - 3:
            parent = path_of(folder.parent, depth + 1) + "/"
        title = folder.titles.get(default_locale) or next(iter(folder.titles.values()), "")
        names = taken.setdefault(parent, set(reserved) if not parent else set())
        paths[key] = parent + slug_for(title, key, names)
        return paths[key]

    for key in sorted(export.folders, key=lambda k: (export.folders[k].order or 0, k)):
        path_of(key)
    return paths


# -- writing ------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Plain YAML: no anchors or aliases, which content files refuse."""

    def ignore_aliases(self, data):
        return True


def front_matter(meta: dict[str, object]) -> str:
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def old_path(url: str) -> str | None:
    """The path of an old address (``https://x.zendesk.com/hc/en-us/articles/1-a`` -> ``/hc/en-us/articles/1-a``)."""
    if not url:
        return None
    path = unquote(urlsplit(url).path)
    return path if isinstance(old_address(path), OldAddress) else None  # else kbgen check would refuse it


def plan(export: Export, site_languages: list[str], docs_name: str = "articles") -> Written:
    """Every file to write (docs-relative path -> text), and what to tell the user."""
    locales = sorted({p.lang for p in export.pages} | {loc for f in export.folders.values() for loc in f.titles})
    if export.source_locale in locales:
        locales.remove(export.source_locale)
        locales.insert(0, export.source_locale)
    default = site_languages[0]
    codes = language_codes([loc for loc in locales if loc], site_languages)
    if "" in locales:  # a help desk of one language (Help Scout): the site's first
        codes[""] = default

    def root(locale: str) -> str:
        return "" if codes[locale] == default else codes[locale] + "/"

    first = locales[0] if locales else ""
    reserved = set(site_languages) | set(codes.values())
    folders = folder_paths(export, first, reserved)
    files: dict[str, str] = {}
    for key, folder in export.folders.items():
        for locale, title in folder.titles.items():
            meta: dict[str, object] = {"title": title or "Untitled"}
            if folder.descriptions.get(locale):
                meta["description"] = folder.descriptions[locale]
            if folder.order is not None:
                meta["order"] = folder.order
            files[f"{root(locale)}{folders[key]}/{CATEGORY_FILE}"] = yaml.dump(
                meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)

    paths = article_paths(export, folders, first)
    by_old: dict[str, str] = {}
    for page in export.pages:
        path = old_path(page.old_url)
        if path:
            by_old[path.rstrip("/").casefold()] = page.key
    anchors = {(p.key, p.lang): heading_anchors(p.html) for p in export.pages}
    present = {(p.key, p.lang) for p in export.pages}
    redirects = images = 0
    for page in export.pages:
        src = root(page.lang) + paths[page.key]

        def link(href: str, page: Page = page, src: str = src) -> str | None:
            return rewrite_link(href, page, src, export, by_old, paths, present, anchors, root)

        def image(url: str, page: Page = page) -> str | None:
            nonlocal images
            images += 1
            return urljoin(page.old_url, url) if page.old_url and not url.startswith("data:") else url

        try:
            body = html_to_markdown(page.html, link, image)
        except RecursionError:
            raise ImportError_(f"{export.source} article {page.key} ({page.title!r}): its HTML is nested too deeply "
                               "to convert; simplify it in the help desk or remove it from the export; "
                               "nothing was written") from None
        meta = page_meta(page, export.source)
        if old_path(page.old_url) and not page.draft:
            redirects += 1
        files[src] = front_matter(meta) + body
    return Written(files, summary(export, codes, redirects, images, docs_name, default),
                   [c for c in codes.values() if c not in site_languages])


def page_meta(page: Page, source: str) -> dict[str, object]:
    meta: dict[str, object] = {"title": page.title or "Untitled"}
    if page.description:
        meta["description"] = page.description
    if page.keywords:
        meta["keywords"] = list(page.keywords)
    if page.order is not None:
        meta["order"] = page.order
    if page.draft:
        meta["draft"] = True
    if page.updated:
        meta["updated"] = page.updated
    meta["translation_key"] = f"{source}-{slugify(page.key)[:80]}"
    path = old_path(page.old_url)
    if path:
        meta["redirect_from"] = [path]
    return meta


def article_paths(export: Export, folders: dict[str, str], first: str) -> dict[str, str]:
    """Each article's path under a language root, the same in every language (named in the first)."""
    titles: dict[str, str] = {}
    for page in sorted(export.pages, key=lambda p: p.lang != first):
        titles.setdefault(page.key, page.title)
    folder_of = {p.key: p.folder for p in export.pages}
    taken: dict[str, set[str]] = {}
    for path in folders.values():  # an article beside a folder of the same name would be its landing page
        parent, _, name = path.rpartition("/")
        taken.setdefault(parent, set()).add(name)
    paths = {}
    for key in sorted(titles):
        folder = folders.get(folder_of[key] or "", "")
        names = taken.setdefault(folder, set())
        paths[key] = (folder + "/" if folder else "") + slug_for(titles[key], key, names) + ".md"
    return paths


def rewrite_link(href, page, src, export, by_old, paths, present, anchors, root) -> str | None:
    """A link to another imported article as a relative ``.md`` path (its anchor mapped); else None."""
    if not href or href.startswith("#"):
        fragment = href[1:]
        mapped = anchors.get((page.key, page.lang), {}).get(fragment)
        return "#" + mapped if mapped else None
    absolute = urljoin(page.old_url, href) if page.old_url else href
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https", ""):
        return None
    if page.old_url and parts.netloc and parts.netloc != urlsplit(page.old_url).netloc:
        return None  # another site
    key = by_old.get(unquote(parts.path).rstrip("/").casefold())
    if key is None and export.find_link:
        key = export.find_link(absolute, page)
    if key is None or key not in paths:
        return absolute if page.old_url and not urlsplit(href).netloc else None
    lang = page.lang if (key, page.lang) in present else min(loc for k, loc in present if k == key)
    target = root(lang) + paths[key]
    relative = posixpath.relpath(target, posixpath.dirname(src) or ".")
    fragment = parts.fragment and anchors.get((key, lang), {}).get(parts.fragment, parts.fragment)
    return relative + ("#" + fragment if fragment else "")


def summary(export: Export, codes: dict[str, str], redirects: int, images: int, docs_name: str, default: str) -> str:
    kinds: dict[str, int] = {}
    for folder in export.folders.values():
        kinds[folder.kind] = kinds.get(folder.kind, 0) + 1
    groups = ", ".join(f"{n} {kind if n == 1 else plural(kind)}" for kind, n in kinds.items())
    languages = len(set(codes.values()))
    mapped = ", ".join(
        f"{locale} -> {code} " + (f"(in {docs_name}/{code}/)" if code != default else f"(at the top of {docs_name}/)")
        for locale, code in codes.items() if locale
    )
    lines = [
        f"Imported {len(export.pages)} article{'s' if len(export.pages) != 1 else ''} in {groups or 'no categories'}, "
        f"{languages} language{'s' if languages != 1 else ''}; "
        f"{redirects} old address{'es' if redirects != 1 else ''} redirect",
        f"Languages: {mapped}" if mapped else "",
    ]
    drafts = sum(1 for p in export.pages if p.draft)
    if drafts:
        lines.append(f"{drafts} draft{'s' if drafts != 1 else ''} imported with 'draft: true' (not published)")
    if images:
        lines.append(f"{images} image{'s still load' if images != 1 else ' still loads'} from the old help desk: "
                     "copy them into the docs folder before closing it")
    return "\n".join(line for line in lines if line)


def plural(kind: str) -> str:
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


def write_files(files: dict[str, str], docs_dir: str, *, force: bool, shown: str = "") -> None:
    """Write ``files`` under ``docs_dir``; refuse everything if one would land outside or replace a file."""
    docs = os.path.realpath(docs_dir)
    shown = shown or docs_dir
    outside, existing = [], []
    for rel in sorted(files):
        target = os.path.join(docs, *rel.split("/"))
        parent = os.path.realpath(os.path.dirname(target))
        if ".." in rel.split("/") or not is_inside(os.path.abspath(target), docs) or not is_inside(parent, docs) \
                or os.path.islink(target):
            outside.append(rel)
        elif os.path.lexists(target):
            existing.append(rel)
    if outside:
        raise ImportError_(f"{outside[0]} would be written outside the docs folder {shown}; nothing was written")
    if existing and not force:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise ImportError_(
            f"{posixpath.join(shown, existing[0])}{more} already exist{'s' if len(existing) == 1 else ''}; "
            "nothing was written (pass --force to replace them, or import into an empty docs folder)"
        )
    for rel in sorted(files):
        target = os.path.join(docs, *rel.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w" if force else "x", encoding="utf-8", newline="\n") as fh:
            fh.write(files[rel])
