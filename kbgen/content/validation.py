"""Loading the docs folder into the content model and checking it, collecting every problem.

Nothing here stops at the first mistake: each file is read, each key checked, and every
problem becomes a :class:`Diagnostic` with the file and line to fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from kbgen.content.embeds import block_heading, section_anchor, section_text
from kbgen.content.includes import IncludedText, Includer, IncludeSettings, Owner, walk
from kbgen.content.loading import ContentReadError, YamlDoc, parse_yaml, read_text, split_front_matter, type_name
from kbgen.content.migrate import EMBED_MARK_PATTERN, Resolvers, migrate, relative_link, summary_anchors
from kbgen.content.model import (
    CATEGORY_FILE,
    FAQ_SUFFIX,
    SYNONYMS_FILE,
    Article,
    Category,
    Faq,
    FaqEntry,
    Heading,
    HelpCenter,
    Location,
    Synonyms,
)
from kbgen.content.outlines import Outline, is_outline_file, mkdocs_nav_folder_titles, mkdocs_nav_titles, read_outlines
from kbgen.content.placeholders import placeholder_warnings
from kbgen.content.redirects import check_center as check_redirects
from kbgen.content.scanning import scan_headings, scan_html_ids, scan_links
from kbgen.content.sidebars import apply_docusaurus_sidebars
from kbgen.content.slugs import match_anchor, match_heading_path, slugify, unique_slug
from kbgen.content.tree import PUBLISHED_HIDDEN, walk_docs
from kbgen.content.vault import FileNames, ambiguity
from kbgen.errors import Diagnostic
from kbgen.locales import Locales
from kbgen.locales.codes import base_of, english_names, is_code, normalise

#: An FAQ ``id`` becomes an HTML id and a URL fragment: a word of letters, digits, ``-`` and ``_``.
FAQ_ID = re.compile(r"[^\W_][\w-]{0,99}")
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
# Schemes a browser runs as script when the link is clicked; it ignores ASCII whitespace and control
# characters around and inside the scheme ("java\tscript:").
SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript):", re.IGNORECASE)
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
SHOWN_TARGET_MAX = 60


@dataclass(frozen=True)
class Field:
    """One known key: its type and how to describe that type in an error."""

    kind: str  # "str", "strlist", "int", "bool", "date", "lang"

    def describe(self) -> str:
        return {
            "str": "text",
            "strlist": "a list of text",
            "int": "a whole number",
            "bool": "true or false",
            "date": "a date like 2026-01-31",
            "lang": "a language code like 'en' or 'da'",
        }[self.kind]


ARTICLE_FIELDS: dict[str, Field] = {
    "title": Field("str"),
    "description": Field("str"),
    "category": Field("str"),
    "tags": Field("strlist"),
    "keywords": Field("strlist"),
    "related": Field("strlist"),
    "updated": Field("date"),
    "lang": Field("lang"),
    "translation_key": Field("str"),
    "order": Field("int"),
    "draft": Field("bool"),
    "hidden": Field("bool"),  # GitBook's: published, left out of the sidebar and the lists
    "featured": Field("bool"),
    "feedback": Field("bool"),
    "redirect_from": Field("strlist"),  # old paths that keep working (kbgen/content/redirects.py)
}
# Keys Material for MkDocs itself reads: accepted without a warning.
THEME_KEYS = {"hide", "icon", "status", "subtitle", "template", "search", "social"}
# Keys other tools write that kbgen reads: Obsidian's aliases (or alias: wiki-link names and search keywords),
# Docusaurus' sidebar_position (the order) and sidebar_label (a title when there is none), DocFX's uid.
# Obsidian's cssclasses/cssclass (the note's look in Obsidian) and publish, and Obsidian Publish's
# permalink, are kept for templates without a warning: every note of a vault may carry them.
FOREIGN_KEYS = {"aliases", "alias", "sidebar_position", "sidebar_label", "uid", "id", "publish", "cssclasses",
                "cssclass", "permalink"}
# An unknown key is warned about in each file up to this many files; past it, once, with the count.
UNKNOWN_KEY_FILES_SHOWN = 5
# GitBook's page presentation (a cover picture; ``layout:`` as a mapping of widths and which parts
# show): kbgen's own layout applies instead, and a warning on every page brought over would say
# nothing staff must act on. Jekyll's ``layout: page`` names a template, and still warns.
PRESENTATION_KEYS = {"cover", "coverY", "coverHeight"}

FAQ_FIELDS: dict[str, Field] = {
    "title": Field("str"),
    "description": Field("str"),
    "category": Field("str"),
    "order": Field("int"),
    "updated": Field("date"),
    "lang": Field("lang"),
    "translation_key": Field("str"),
    "feedback": Field("bool"),
    "questions": Field("strlist"),  # checked separately: a list of mappings
}
QUESTION_FIELDS: dict[str, Field] = {
    "question": Field("str"),
    "answer": Field("str"),
    "id": Field("str"),
    "keywords": Field("strlist"),
}
CATEGORY_FIELDS: dict[str, Field] = {
    "title": Field("str"),
    "description": Field("str"),
    "icon": Field("str"),
    "order": Field("int"),
}


@dataclass(frozen=True)
class LinkPolicy:
    """How broken links are reported: MkDocs' ``validation: links:`` levels, where the store set them.

    kbgen's default is ``warn`` for both (MkDocs' own default for anchors is ``info``): content
    brought from another tool often has links that were broken there too, a problem to fix but
    no reason to publish nothing; ``--strict`` makes them errors. ``info`` and ``ignore`` are
    not reported.
    """

    not_found: str = "warn"
    anchors: str = "warn"

    @classmethod
    def from_mkdocs(cls, user_config: dict[str, Any]) -> LinkPolicy:
        links = (user_config.get("validation") or {}).get("links") or {}
        if not isinstance(links, dict):
            return cls()
        levels = {k: v for k in ("not_found", "anchors") if isinstance(v := links.get(k), str)}
        return cls(**levels)


class Collector:
    """Accumulates diagnostics for one load."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []
        self.unknown: list[tuple[str, str, str, int]] = []  # (what, key, path, line)

    def unknown_key(self, path: str, line: int, what: str, name: str) -> None:
        """An unknown key, reported by :meth:`unknown_key_warnings` once every file is read."""
        self.unknown.append((what, name, path, line))

    def unknown_key_warnings(self) -> list[Diagnostic]:
        """One warning per file for a key few files have; one for all, at the first, for a key many have.

        A vault brought from another tool writes its own keys in hundreds of files: the same
        warning hundreds of times hides every other one.
        """
        by_key: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for what, name, path, line in self.unknown:
            by_key.setdefault((what, name), []).append((path, line))
        warnings = []
        for (what, name), found in by_key.items():
            places = sorted(set(found))
            if len({path for path, _ in places}) > UNKNOWN_KEY_FILES_SHOWN:
                (path, line), files = places[0], len({path for path, _ in places})
                warnings.append(Diagnostic(path, line, "warning", f"unknown {what} '{name}' in {files} files "
                                           "(this is the first) is kept for templates but not used by kbgen"))
                continue
            warnings += [Diagnostic(path, line, "warning",
                                    f"unknown {what} '{name}' is kept for templates but not used by kbgen")
                         for path, line in places]
        return warnings

    def report(self, level: str, path: str, line: int, message: str, hint: str = "") -> None:
        """A problem whose level the store chose (``warn``; ``info`` or ``ignore`` stay quiet)."""
        if level == "warn":
            self.warning(path, line, message, hint)

    def error(self, path: str, line: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(path, line, "error", message, hint))

    def warning(self, path: str, line: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(path, line, "warning", message, hint))


def close_match(word: str, choices: list[str] | set[str], cutoff: float = 0.8) -> str | None:
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def coerce(value: Any, field: Field) -> tuple[bool, Any]:
    """Return (ok, value in its model type) for a YAML value."""
    kind = field.kind
    if kind == "str":
        if isinstance(value, str):
            return True, value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return True, str(value)
        return False, None
    if kind == "strlist":
        if isinstance(value, str):
            return True, [value]
        if isinstance(value, list) and all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
        ):
            return True, [str(v).strip() for v in value]
        return False, None
    if kind == "int":
        return (True, value) if isinstance(value, int) and not isinstance(value, bool) else (False, None)
    if kind == "bool":
        return (True, value) if isinstance(value, bool) else (False, None)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return True, value.date()
        if isinstance(value, dt.date):
            return True, value
        if isinstance(value, str):
            try:
                return True, dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                return False, None
        return False, None
    if kind == "lang":  # which codes exist is the catalogs' to say (see ``check_page_languages``)
        return (True, value.strip()) if isinstance(value, str) else (False, None)
    raise AssertionError(kind)


def check_mapping(
    doc: YamlDoc,
    data: dict[str, Any],
    fields: dict[str, Field],
    path: str,
    out: Collector,
    prefix: tuple[Any, ...] = (),
    passthrough: set[str] | frozenset[str] = frozenset(),
    what: str = "key",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check keys and types; return (known values coerced, unknown keys kept as they are)."""
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        line = doc.line_of(*prefix, key)
        name = str(key)
        if name in fields:
            if fields[name].kind == "strlist" and name == "questions":
                known[name] = value
                continue
            if value is None:
                continue
            if name == "tags" and isinstance(value, list):
                value = [gitbook_tag(item) for item in value]
            ok, coerced = coerce(value, fields[name])
            if ok:
                known[name] = coerced
            elif fields[name].kind == "strlist" and isinstance(value, list):
                for index, item in enumerate(value):
                    if not coerce([item], fields[name])[0]:
                        out.error(path, doc.line_of(*prefix, key, index), *wrong_list_item(name, index, item))
            else:
                out.error(path, line, f"'{name}' must be {fields[name].describe()}, not {type_name(value)}")
        elif name in passthrough:
            extra[name] = value
        else:
            suggestion = close_match(name, list(fields))
            if suggestion:
                out.error(path, line, f"unknown {what} '{name}'", f"did you mean '{suggestion}'?")
            else:
                out.unknown_key(path, line, what, name)
                extra[name] = value
    return known, extra


def gitbook_tag(item: Any) -> Any:
    """GitBook writes a tag as ``- tag: beta`` (with ``primary: true`` on one): the ``tag`` value is the tag."""
    if isinstance(item, dict) and isinstance(item.get("tag"), (str, int, float)) and not isinstance(
        item.get("tag"), bool
    ):
        return item["tag"]
    return item


def wrong_list_item(name: str, index: int, item: Any) -> tuple[str, str]:
    """The message (and hint) for one item of a list of text that is something else, naming the item."""
    found = "a mapping without 'tag'" if name == "tags" and isinstance(item, dict) else type_name(item)
    hint = "write each tag as text, or as GitBook does: '- tag: beta'" if name == "tags" else "write it as text"
    return f"'{name}[{index}]' must be text, not {found}", hint


@dataclass
class LoadOptions:
    """Where things are and how to show their paths."""

    docs_dir: str
    shown_prefix: str = ""  # e.g. "articles/", prepended to docs-relative paths in messages
    nav_titles: dict[str, str] = field(default_factory=dict)  # mkdocs.yml's nav: page -> its title there

    def shown(self, src: str) -> str:
        return self.shown_prefix + src


def load_help_center(
    docs_dir: str, shown_prefix: str | None = None, languages: list[str] | None = None, *,
    warn_untranslated: bool = True, link_policy: LinkPolicy | None = None, locales: Locales | None = None,
    nav: Any = None, includes: IncludeSettings | None = None, languages_at: tuple[str, int] | None = None,
) -> HelpCenter:
    """Load and check every article, FAQ, category and synonym file under ``docs_dir``.

    ``languages``: the first is the default, at the top of the docs folder; each other lives
    in a folder named by its code. ``locales``: the catalogs that say which codes exist.
    ``nav``: ``mkdocs.yml``'s own ``nav:``, whose titles name the pages that have none.
    ``includes``: where markdown-include's ``{!file!}`` reads from, when mkdocs.yml configures it.
    ``languages_at``: mkdocs.yml (as shown) and the line of its ``languages:``, where it has one.
    """
    if shown_prefix is None:
        rel = os.path.relpath(docs_dir)
        shown_prefix = "" if rel == "." else (rel if not rel.startswith("..") else docs_dir) + "/"
    opts = LoadOptions(docs_dir, shown_prefix.replace(os.sep, "/"), mkdocs_nav_titles(nav))
    out = Collector()
    center = HelpCenter(docs_dir=docs_dir, languages=list(languages or ["en"]))
    roots = set(center.languages[1:])

    tree = walk_docs(docs_dir, opts.shown_prefix)
    out.items.extend(tree.problems)
    outline = read_outlines(docs_dir, tree.files, opts.shown_prefix)
    out.items.extend(outline.problems)
    for folder, title in mkdocs_nav_folder_titles(nav).items():
        outline.titles.setdefault(folder, title)
    md_files, faq_files, category_files, synonym_files = discover(tree.files)
    for src in category_files:
        if posixpath.dirname(src) in roots:
            continue  # a language folder is not a category
        category = load_category(src, opts, out)
        if category:
            center.categories[category.id] = category
    # Folders without a _category.yml are categories too.
    for src in [*md_files, *faq_files]:
        folder = posixpath.dirname(src)
        while folder and folder not in roots:
            center.categories.setdefault(folder, Category(id=folder, title=folder_title(folder)))
            folder = posixpath.dirname(folder)
    for category in center.categories.values():
        category.lang = center.lang_of(category.id + "/")
        parent = posixpath.dirname(category.id)
        category.parent = parent if parent and parent not in roots else None

    for src in md_files:
        article = load_article(src, opts, out)
        if article:
            center.articles.append(article)
    for src in faq_files:
        faq = load_faq(src, opts, out)
        if faq:
            center.faqs.append(faq)
    check_language_folders(center, locales or Locales(), opts, out, languages_at)
    check_page_languages(center, locales or Locales(), opts, out)
    for src in synonym_files:
        synonyms = load_synonyms(src, opts, out)
        for lang, line in synonyms.lines.items():
            if lang not in center.languages and lang not in {base_of(code) for code in center.languages}:
                out.warning(opts.shown(src), line, f"synonyms for '{lang}', which 'languages' in mkdocs.yml does "
                            "not list: no search uses them", f"add '{lang}' to languages, or remove the block")
        for lang, groups in synonyms.groups.items():
            center.synonyms.groups.setdefault(lang, []).extend(groups)
        center.synonyms.location = center.synonyms.location or synonyms.location

    resolve_categories(center, opts, out)
    apply_outline(center, outline)
    assign_landing_pages(center)
    out.items.extend(apply_docusaurus_sidebars(center, docs_dir, tree.files, opts.shown_prefix, folder_title))
    drop_unpublished_categories(center)
    migrate_articles(center, opts, out, tree.files, includes)
    check_includes(center, opts, out)
    check_embeds(center, opts, out)
    check_slugs(center, opts, out)
    check_questions(center, opts, out)
    check_links(center, opts, out, link_policy, tree.files)
    relocate_landing_links(center)
    check_translations(center, opts, out, warn_untranslated=warn_untranslated)
    out.items.extend(check_redirects(center, opts.shown, tree.files))
    out.items.extend(placeholder_warnings(center, opts.shown))
    out.items.extend(out.unknown_key_warnings())
    center.diagnostics = sorted(set(out.items), key=lambda d: (d.path, d.line, d.message))
    return center


def check_translations(center: HelpCenter, opts: LoadOptions, out: Collector, *, warn_untranslated: bool) -> None:
    """Translations older than their source, and (optionally) pages not translated at all."""
    if len(center.languages) < 2:
        return
    default = center.default_lang
    for page in center.pages:
        if getattr(page, "draft", False):
            continue
        versions = center.translations(page)
        if page.lang == default:
            missing = [lang for lang in center.languages[1:] if lang not in versions]
            if missing and warn_untranslated:
                out.warning(opts.shown(page.src), 1, f"not translated into {', '.join(missing)}")
            continue
        source = versions.get(default)
        if source is None:
            continue
        if source.updated and (page.updated is None or page.updated < source.updated):
            line = page.line_of("updated") if isinstance(page, Article) else page.updated_line
            when = page.updated.isoformat() if page.updated else "no 'updated' date"
            out.warning(
                opts.shown(page.src), line,
                f"translation may be out of date: {opts.shown(source.src)} was updated "
                f"{source.updated.isoformat()}, this translation {when}",
                "update it, then set 'updated' to the source's date or later",
            )


def discover(files: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Markdown, FAQ, category and synonym files among the docs folder's files (see :func:`walk_docs`).

    Files inside folders whose name starts with ``_`` are not content, nor is anything in GitBook's
    ``.gitbook/``: its Markdown files are uploaded attachments (``assets/skill.md``, published as
    files) and reusable blocks (``includes/``, shown where ``{% include %}`` names them).
    """
    md, faq, cats, synonyms = [], [], [], []
    for src in files:
        rel_root, _, name = src.rpartition("/")
        if any(part.startswith("_") for part in rel_root.split("/") if part) or is_attachment(src):
            continue
        rel_root = rel_root + "/" if rel_root else ""
        if is_outline_file(src):
            continue  # SUMMARY.md and the like order the content (kbgen/content/outlines.py)
        if name.endswith(".md"):
            md.append(src)
        elif name.endswith(FAQ_SUFFIX):
            faq.append(src)
        elif name == CATEGORY_FILE and rel_root:
            cats.append(src)
        elif name == SYNONYMS_FILE and rel_root.count("/") <= 1:
            synonyms.append(src)  # the docs folder's and each language folder's
    return md, faq, cats, synonyms


def is_attachment(src: str) -> bool:
    """A file under GitBook's ``.gitbook/`` (its uploads and reusable blocks): published as it is, never a page."""
    return "/" in src and src.split("/", 1)[0] in PUBLISHED_HIDDEN


def folder_title(folder: str) -> str:
    """``returns-and-refunds`` -> "Returns and refunds"; a name with a capital letter is a title as
    written (``Catalyst-licens``, ``Zwei-Faktor-Authentifizierung``, ``iOS 应用``: Obsidian's note
    names are their titles), and a name with spaces only gets a capital first letter."""
    name = posixpath.basename(folder).strip()
    if any(ch.isupper() for ch in name):
        return name
    if " " not in name:
        name = name.replace("-", " ").replace("_", " ").strip()
    return name[:1].upper() + name[1:]


def read_yaml_file(src: str, opts: LoadOptions, out: Collector) -> YamlDoc | None:
    shown = opts.shown(src)
    try:
        text = read_text(os.path.join(opts.docs_dir, src), shown)
        return parse_yaml(text, shown)
    except ContentReadError as exc:
        out.items.append(exc.diagnostic)
        return None


def load_category(src: str, opts: LoadOptions, out: Collector) -> Category | None:
    shown = opts.shown(src)
    folder = posixpath.dirname(src)
    doc = read_yaml_file(src, opts, out)
    if doc is None:
        return Category(id=folder, title=folder_title(folder), location=Location(shown))
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        out.error(shown, doc.line, "a category file must be a mapping with 'title' and 'description'")
        return Category(id=folder, title=folder_title(folder), location=Location(shown))
    known, _ = check_mapping(doc, doc.data, CATEGORY_FIELDS, shown, out)
    return Category(
        id=folder,
        title=known.get("title") or folder_title(folder),
        description=known.get("description", ""),
        icon=known.get("icon", ""),
        order=known.get("order"),
        location=Location(shown, 1),
    )


def load_article(src: str, opts: LoadOptions, out: Collector) -> Article | None:
    shown = opts.shown(src)
    try:
        text = read_text(os.path.join(opts.docs_dir, src), shown)
        fm = split_front_matter(text, shown)
    except ContentReadError as exc:
        out.items.append(exc.diagnostic)
        return None
    meta: dict[str, Any] = {}
    if fm.meta is not None:
        if isinstance(fm.meta.data, dict):
            meta = fm.meta.data
        elif fm.meta.data is not None:
            out.error(shown, 2, "front matter must be 'key: value' lines")
            return None
    doc = fm.meta or YamlDoc(data={}, line=1)
    passthrough = THEME_KEYS | FOREIGN_KEYS | PRESENTATION_KEYS
    if isinstance(meta.get("layout"), dict):  # GitBook's layout, not Jekyll's template name
        passthrough = passthrough | {"layout"}
    known, extra = check_mapping(doc, meta, ARTICLE_FIELDS, shown, out, passthrough=passthrough)
    written = extra["aliases"] if "aliases" in extra else extra.get("alias")  # alias: Obsidian's older name
    aliases = (coerce(written, Field("strlist"))[1] or []) if written is not None else []
    if extra.get("publish") is False and "draft" not in known:  # Obsidian Publish leaves the note out
        known["draft"] = True
    position = extra.get("sidebar_position")
    if "order" not in known and isinstance(position, (int, float)) and not isinstance(position, bool):
        known["order"] = int(position)
    headings = scan_headings(fm.body, fm.body_line)
    title = known.get("title", "")
    if "title" in meta and not title:
        out.error(shown, doc.line_of("title"), "'title' is empty", "add 'title: ...' to the front matter")
    elif not title:
        title = untitled_title(src, headings, extra, shown, out, opts.nav_titles.get(src, ""))
    return Article(
        src=src,
        location=Location(shown, 1),
        title=title or posixpath.splitext(posixpath.basename(src))[0],
        body=fm.body,
        body_line=fm.body_line,
        description=known.get("description", ""),
        category=known.get("category"),
        tags=known.get("tags", []),
        keywords=[*known.get("keywords", []), *aliases],
        aliases=aliases,
        related=known.get("related", []),
        updated=known.get("updated"),
        lang=known.get("lang"),
        translation_key=known.get("translation_key"),
        order=known.get("order"),
        draft=known.get("draft", False),
        hidden=known.get("hidden", False),
        featured=known.get("featured", False),
        feedback=known.get("feedback", True),
        redirect_from=known.get("redirect_from", []),
        extra=extra,
        headings=headings,
        key_lines=doc.key_lines,
    )


def untitled_title(
    src: str, headings: list, extra: dict[str, Any], shown: str, out: Collector, nav_title: str = "",
) -> str:
    """The title of an article without ``title:``, read the way MkDocs, GitBook and Docusaurus read it:
    its first ``#`` heading; else Docusaurus' ``sidebar_label``; else its title in ``mkdocs.yml``'s
    ``nav:`` (MkDocs shows that one); else its file name, with a warning."""
    first = next((h for h in headings if h.level == 1 and h.text), None)
    if first:
        return first.text
    label = extra.get("sidebar_label")
    if isinstance(label, str) and label.strip():
        return label.strip()
    if nav_title:
        return nav_title
    stem = posixpath.splitext(posixpath.basename(src))[0]
    if stem.lower() in ("index", "readme") and posixpath.dirname(src):
        stem = posixpath.basename(posixpath.dirname(src))
    title = folder_title(stem)
    if title != stem:  # "Shipping note.md" is a title already (Obsidian); "tp-link.md" is only a guess
        out.warning(shown, 1, f"no title: using '{title}', made from the file name",
                    "add 'title: ...' to the front matter, or start the text with '# Title'")
    return title


def load_faq(src: str, opts: LoadOptions, out: Collector) -> Faq | None:
    shown = opts.shown(src)
    doc = read_yaml_file(src, opts, out)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        out.error(shown, doc.line, "an FAQ file must be a mapping with 'title' and 'questions'")
        return None
    known, _ = check_mapping(doc, doc.data, FAQ_FIELDS, shown, out)
    if not known.get("title"):
        out.error(shown, doc.line_of("title"), "missing 'title'", "add 'title: ...' at the top")
    questions = doc.data.get("questions")
    entries: list[FaqEntry] = []
    if questions is None:
        out.error(shown, doc.line, "missing 'questions'", "add a 'questions:' list of question/answer pairs")
    elif not isinstance(questions, list):
        out.error(shown, doc.line_of("questions"), "'questions' must be a list of question/answer pairs")
    else:
        seen: set[str] = set()
        for index, item in enumerate(questions):
            entry = load_faq_entry(doc, index, item, shown, out, seen)
            if entry:
                entries.append(entry)
    return Faq(
        src=src,
        location=Location(shown, 1),
        title=known.get("title") or posixpath.basename(src)[: -len(FAQ_SUFFIX)],
        entries=entries,
        description=known.get("description", ""),
        category=known.get("category"),
        order=known.get("order"),
        updated=known.get("updated"),
        lang=known.get("lang"),
        translation_key=known.get("translation_key"),
        feedback=known.get("feedback", True),
        updated_line=doc.line_of("updated"),
    )


def load_faq_entry(
    doc: YamlDoc, index: int, item: Any, shown: str, out: Collector, seen: set[str]
) -> FaqEntry | None:
    line = doc.line_of("questions", index)
    if not isinstance(item, dict):
        out.error(shown, line, "each FAQ item must have 'question' and 'answer'")
        return None
    known, _ = check_mapping(doc, item, QUESTION_FIELDS, shown, out, prefix=("questions", index))
    question = known.get("question", "")
    answer = known.get("answer", "")
    if not question:
        out.error(shown, line, "FAQ item has no 'question'")
    if not answer:
        where = doc.line_of("questions", index, "answer") if "answer" in item else line
        label = f" for '{question}'" if question else ""
        out.error(shown, where, f"empty answer{label}", "write the answer under 'answer: |'")
    if not question or not answer:
        return None
    anchor = faq_anchor(doc, index, known, shown, out)
    if anchor in seen:
        out.error(shown, line, f"question anchor '#{anchor}' is used twice in this file",
                  "give one of them an 'id'")
    anchor = unique_slug(anchor, seen)
    answer_line = doc.key_lines.get(("questions", index, "answer", "__text__")) or doc.line_of(
        "questions", index, "answer"
    )
    return FaqEntry(
        question=question,
        answer=answer,
        anchor=anchor,
        location=Location(shown, doc.line_of("questions", index, "question")),
        answer_line=answer_line,
        keywords=known.get("keywords", []),
    )


def faq_anchor(doc: YamlDoc, index: int, known: dict[str, Any], shown: str, out: Collector) -> str:
    """A question's anchor: its ``id`` if that is a valid one, else made from the question."""
    given = known.get("id")
    if given is not None and not FAQ_ID.fullmatch(given):
        out.error(
            shown, doc.line_of("questions", index, "id"), f"invalid FAQ id {given!r}",
            "use up to 100 letters, digits, '-' and '_', starting with a letter or digit, e.g. 'change-order'",
        )
        given = None
    return given or slugify(known.get("question", "")) or f"question-{index + 1}"


#: Language codes that are also names an English help center gives a category: "id" (ID checks, identity),
#: "it" (IT), "ar" (augmented reality), "uk" (shipping to the UK). A top-level folder so named counts as
#: a language folder only when it repeats the paths of the top of the docs folder, as a translation does
#: (and as ``kbgen import`` writes one); any other known code (``da``, ``de``, ``pt-br``) counts as it is.
CATEGORY_LIKE_CODES = frozenset({"id", "it", "ar", "uk"})


def check_language_folders(
    center: HelpCenter, locales: Locales, opts: LoadOptions, out: Collector, languages_at: tuple[str, int] | None,
) -> None:
    """A top-level folder named by a language code kbgen knows, which ``languages:`` does not list
    (``da/`` from an import), is built as a category of the default language, its articles in that
    language's search index: a warning, at mkdocs.yml's ``languages:`` if it has one, else at the folder."""
    known = set(locales.codes())
    tops: dict[str, set[str]] = {}
    for page in center.pages:
        first, _, rest = page.src.partition("/")
        if rest:
            tops.setdefault(first, set()).add(rest)
    top_level = {p.src for p in center.pages if center.lang_of(p.src) == center.default_lang}
    default = english_names().get(center.default_lang, center.default_lang)
    for folder, inside in sorted(tops.items()):
        code = normalise(folder)
        if code not in known or code in center.languages:
            continue
        if code in CATEGORY_LIKE_CODES and not inside & top_level:
            continue  # "it/" of IT questions, not Italian: no path of it is also at the top
        name = english_names().get(code, code)
        path, line = languages_at or (opts.shown(folder + "/"), 1)
        out.warning(path, line, f"the folder '{folder}/' is named like the language code '{code}' ({name}), which "
                    f"'languages' does not list: it is built as a category in {default}, its articles in the "
                    f"{default} search index", f"add '{code}' to languages in mkdocs.yml, or rename the folder")


def check_page_languages(center: HelpCenter, locales: Locales, opts: LoadOptions, out: Collector) -> None:
    """A page's ``lang:`` must be a code kbgen has a catalog for (or a regional form of one, as tools
    such as Jekyll write ``en-US``); the page is in its folder's language, whatever it says."""
    for page in center.pages:
        folder_lang = center.lang_of(page.src)
        given = page.lang
        if given is not None and not (is_code(given) and (locales.knows(given) or locales.knows(base_of(given)))):
            message, hint = locales.unknown(given)
            out.error(opts.shown(page.src), page.line_of("lang"), f"'lang': {message}", hint)
        elif given is not None and normalise(given) not in ("en", folder_lang) and normalise(given) in center.languages:
            given = normalise(given)
            out.warning(opts.shown(page.src), 1, f"'lang: {given}' differs from its folder's language "
                        f"'{folder_lang}'", f"move it under {center.root(given) or 'the top of the docs folder'}")
        page.lang = folder_lang


def load_synonyms(src: str, opts: LoadOptions, out: Collector) -> Synonyms:
    """A synonyms file's groups per language, and the line of each language's block (a block for a
    language the site does not have is warned about by ``load_help_center``: no search reads it)."""
    shown = opts.shown(src)
    doc = read_yaml_file(src, opts, out)
    synonyms = Synonyms(location=Location(shown))
    if doc is None or doc.data is None:
        return synonyms
    if not isinstance(doc.data, dict):
        out.error(shown, doc.line, "the synonyms file maps a language code to its groups",
                  "e.g. 'en:' then 'refund: [money back, reimbursement]'")
        return synonyms
    for lang, groups in doc.data.items():
        line = doc.line_of(lang)
        if not is_code(lang):
            out.error(shown, line, f"'{lang}' is not a language code", "use 'en', 'da', 'zh', ...")
            continue
        lang = normalise(lang)
        synonyms.lines[lang] = line
        found: list[list[str]] = []
        if isinstance(groups, dict):
            for head, words in groups.items():
                ok, words = coerce(words, Field("strlist"))
                if not ok:
                    out.error(shown, doc.line_of(lang, head), f"synonyms of '{head}' must be a list of words")
                    continue
                found.append([str(head), *words])
        elif isinstance(groups, list):
            for index, words in enumerate(groups):
                ok, words = coerce(words, Field("strlist"))
                if not ok or len(words) < 2:
                    out.error(shown, doc.line_of(lang, index), "each synonym group needs two or more words")
                    continue
                found.append(words)
        else:
            out.error(shown, line, f"synonyms for '{lang}' must be a mapping like 'refund: [money back]'")
            continue
        synonyms.groups[lang] = found
    return synonyms


def resolve_categories(center: HelpCenter, opts: LoadOptions, out: Collector) -> None:
    """Give each page its category: the ``category`` key if set (in its language), else its folder."""
    roots = set(center.languages[1:])
    for page in center.pages:
        folder = posixpath.dirname(page.src)
        folder = folder if folder and folder not in roots else None
        if page.category is None:
            page.category = folder
            continue
        wanted = page.category
        root = center.root(page.lang)
        own = {c.id: c for c in center.categories.values() if c.lang == page.lang}
        if root + wanted in own:
            page.category = root + wanted
            continue
        by_title = {c.title.casefold(): c.id for c in own.values()}
        if wanted.casefold() in by_title:
            page.category = by_title[wanted.casefold()]
            continue
        line = page.line_of("category") if isinstance(page, Article) else 1
        names = [c[len(root):] for c in own] + [c.title for c in own.values()]
        suggestion = close_match(wanted, names, 0.6)
        out.error(
            opts.shown(page.src),
            line,
            f"unknown category '{wanted}'",
            f"did you mean '{suggestion}'?" if suggestion else "categories are the folders under the docs folder",
        )
        page.category = folder


def migrate_articles(
    center: HelpCenter, opts: LoadOptions, out: Collector, files: list[str], includes: IncludeSettings | None = None,
) -> None:
    """Convert other tools' syntax in every article (see :mod:`kbgen.content.migrate`).

    Wiki links find a page by path, file name, title or ``aliases`` in the article's own language
    first; embeds and links to files find a file by name or path, in the article's language folder
    first (:mod:`kbgen.content.vault`); DocFX xrefs find the page with that ``uid``. Included files
    (:mod:`kbgen.content.includes`) are converted the same way, from the file their links are read from.
    """
    by_name: dict[tuple[str | None, str], str] = {}
    for page in center.pages:
        stem = posixpath.splitext(page.page_src)[0]
        # A path from the vault's root: a language folder is a vault of its own.
        names = [stem, stem.removeprefix(center.root(page.lang)), posixpath.basename(stem), page.title]
        names += page.aliases if isinstance(page, Article) else []
        for name in names:
            for lang in (page.lang, None):
                by_name.setdefault((lang, name.casefold()), page.page_src)
    by_file = FileNames(files, center.languages[1:])
    by_uid = {str(a.extra["uid"]): a.src for a in center.articles if isinstance(a.extra.get("uid"), (str, int))}

    def resolvers_for(src: str, lang: str | None, include: Any = None) -> Resolvers:
        """How names in the text of ``src`` (an article, or where an included file's links lead from) resolve."""
        def link_to(target: str | None) -> str | None:
            return url_path(relative_link(src, target)) if target else None

        def page(name: str) -> str | None:
            name = name.strip().removesuffix(".md").casefold()
            return link_to(by_name.get((lang, name)) or by_name.get((None, name)))

        def note(name: str) -> str | None:
            name = name.strip().removesuffix(".md").casefold()
            found = by_name.get((lang, name)) or by_name.get((None, name))
            return found if found and found.endswith(".md") else None  # itself: one section of it (check_embeds)

        def file(name: str) -> str | list[str] | None:
            found = by_file.find(name, src)
            return link_to(found[0]) if len(found) == 1 else found or None

        return Resolvers(page=page, file=file, xref=lambda uid: link_to(by_uid.get(uid)), note=note, include=include)

    def convert(text: str, first_line: int, shown: str, base: str, lang: str | None, include: Any):
        return migrate(text, first_line, shown, resolvers_for(base, lang, include))

    includer = Includer(center.docs_dir, opts.shown_prefix, includes, convert, out.items)
    for article in center.articles:
        article.includes = []
        owner = Owner(src=article.src, shown=opts.shown(article.src), base=article.src, lang=article.lang,
                      includes=article.includes)
        resolvers = resolvers_for(article.src, article.lang, includer.resolver(owner))
        article.body, problems = migrate(article.body, article.body_line, opts.shown(article.src), resolvers)
        article.body, article.summary_ids = summary_anchors(article.body, {h.anchor for h in article.headings})
        out.items.extend(problems)
    center.included = includer.included


def check_includes(center: HelpCenter, opts: LoadOptions, out: Collector) -> None:
    """What each page's includes would put in it: a cycle, nesting too deep or too much text is a warning."""
    for article in center.articles:
        if article.includes:
            out.items.extend(walk(center.included, article.includes, article.src, opts.shown(article.src))[1].problems)


def included_anchors(center: HelpCenter, article: Article, cache: dict[int, dict[str, str]]) -> dict[str, str]:
    """The ids the text an article includes gives its page: the headings and ``<a id>`` of each included file."""
    found: dict[str, str] = {}
    for unit in walk(center.included, article.includes, article.src, "")[1].reached:
        if id(unit) not in cache:
            cache[id(unit)] = {} if unit.verbatim else scan_html_ids(unit.body) | {
                h.anchor: h.text for h in scan_headings(unit.body, 0)}
        found.update(cache[id(unit)])
    return found


def apply_outline(center: HelpCenter, outline: Outline) -> None:
    """What SUMMARY.md, toc.yml, .pages or _category_.json say, where the content itself says nothing."""
    for page in center.pages:
        if page.order is None and page.src in outline.order:
            page.order = outline.order[page.src]
    for category in center.categories.values():
        if category.order is None and category.id in outline.order:
            category.order = outline.order[category.id]
        if category.id in outline.titles and category.title == folder_title(category.id):
            category.title = outline.titles[category.id]
        if not category.description and category.id in outline.descriptions:
            category.description = outline.descriptions[category.id]


def drop_unpublished_categories(center: HelpCenter) -> None:
    """A category with no published page at any depth (no article but drafts, no FAQ: the folder
    ``kbgen analytics export --draft`` writes) is no page of the site and is listed nowhere; it was an
    empty category page on the home page. A hidden article is published, and keeps its category."""
    live: set[str] = set()
    for page in center.pages:
        if getattr(page, "draft", False):
            continue
        category = page.category
        while category and category not in live:
            live.add(category)
            category = center.categories[category].parent if category in center.categories else None
    for category_id in [c for c in center.categories if c not in live]:
        del center.categories[category_id]
        center.unpublished_categories.add(category_id)


def assign_landing_pages(center: HelpCenter) -> None:
    """Each category's landing page, as MkDocs, GitBook and Docusaurus find it: its folder's
    ``index.md``, else its ``README.md``, else a page of the folder's name beside it
    (``reports.md`` next to ``reports/``). Its text goes above the category's list of articles."""
    by_src = {a.src.casefold(): a for a in center.articles if not a.draft}
    for lang in center.languages:  # GitBook's README.md at the top is the home page's text
        root = center.root(lang)
        readme = by_src.get(f"{root}readme.md")
        if readme is not None and f"{root}index.md" not in by_src:
            readme.landing_of = root.rstrip("/")
    for category in center.categories.values():
        folder = category.id
        for candidate in (f"{folder}/index.md", f"{folder}/readme.md", f"{folder}.md"):
            article = by_src.get(candidate.casefold())
            if article is not None:
                article.landing_of = folder
                article.category = folder
                break


def relocated(body: str, body_line: int, from_src: str, to_src: str) -> str:
    """``body`` written at ``from_src``, with its relative links rewritten to work from ``to_src``."""
    fixes: dict[int, list[tuple[str, str]]] = {}
    for link in scan_links(body, body_line):
        target = link.target
        if not target or EXTERNAL.match(target) or target.startswith(("/", "#")):
            continue
        path, hash_, anchor = target.partition("#")
        moved = relative_link(to_src, posixpath.normpath(posixpath.join(posixpath.dirname(from_src), path)))
        fixes.setdefault(link.line - body_line, []).append((target, moved + hash_ + anchor))
    return rewrite_targets(body, fixes)


def expand_embeds(center: HelpCenter, article: Article) -> str:
    """The article's Markdown with each Obsidian ``![[note]]`` replaced by that note's text (one level),
    ``![[note#Heading]]`` and ``![[note#^block-id]]`` by that part of it (see :mod:`kbgen.content.embeds`),
    and what it includes in place (:func:`expand_includes`)."""
    def embed(match: re.Match[str]) -> str:
        path, _, section = match.group(1).partition("#")
        note = center.page_by_src(unquote(path))
        if not isinstance(note, Article):
            return ""
        part = section_text(note, section) if section else None
        text, first_line = part or (note.body, note.body_line)
        text = expand_includes(center, note, text, note.src)
        text = EMBED_MARK_PATTERN.sub(lambda nested: embed_link(center, note, nested), text)
        return relocated(text, first_line, note.src, article.page_src)

    body = expand_includes(center, article, article.body, article.page_src)
    return EMBED_MARK_PATTERN.sub(embed, body) if "kbgen:embed" in body else body


def expand_includes(center: HelpCenter, article: Article, text: str, to_src: str) -> str:
    """``text`` (the article's, or a part of it) with the text of each file it includes in place, its
    links rewritten to work from ``to_src`` (see :mod:`kbgen.content.includes`)."""
    if not article.includes:
        return text

    def place(unit: IncludedText, body: str) -> str:
        return body if unit.base == to_src else relocated(body, 0, unit.base, to_src)

    return walk(center.included, article.includes, article.src, "", text, place)[0]


def embed_link(center: HelpCenter, note: Article, match: re.Match[str]) -> str:
    """An embed inside an embedded note, as a link from ``note`` to what it embeds: one level is shown,
    and a cycle (A embeds B, B embeds A) must show a way on, not an empty page."""
    path, _, section = match.group(1).partition("#")
    target = center.page_by_src(unquote(path))
    if not isinstance(target, Article):
        return ""
    anchor = section_anchor(target, section) if section else ""
    return f"[{target.title}]({url_path(relative_link(note.src, target.page_src))}{'#' + anchor if anchor else ''})"


def check_embeds(center: HelpCenter, opts: LoadOptions, out: Collector) -> None:
    """An embed of a heading or block the note does not have, or of the note itself whole, is a
    warning, and a link to the note."""
    for article in center.articles:
        if "kbgen:embed" not in article.body:
            continue
        lines = article.body.split("\n")
        for index, text in enumerate(lines):
            match = EMBED_MARK_PATTERN.match(text)
            path, _, section = match.group(1).partition("#") if match else ("", "", "")
            note = center.page_by_src(unquote(path)) if match else None
            if isinstance(note, Article) and note is article and not section:
                out.warning(opts.shown(article.src), article.body_line + index,
                            "a note cannot embed itself whole: it is linked instead")
                lines[index] = f"[{note.title}]({url_path(relative_link(article.src, note.page_src))})"
                continue
            if not isinstance(note, Article) or not section or section_text(note, section) is not None:
                continue
            wanted = unquote(section)
            what = f"block '{wanted}'" if wanted.startswith("^") else f"heading '{wanted}'"
            out.warning(opts.shown(article.src), article.body_line + index,
                        f"embedded {what} is not in {opts.shown(note.src)}: the note is linked instead")
            lines[index] = f"[{note.title}]({url_path(relative_link(article.src, note.page_src))})"
        article.body = "\n".join(lines)


def relocate_landing_links(center: HelpCenter) -> None:
    """A landing page's own ``# Title`` is left out (the category or home page prints its title),
    and a page beside its folder renders inside it: its relative links are rewritten to still reach."""
    for article in center.articles:
        if article.landing_of is None:
            continue
        drop_leading_title(article)
        if posixpath.dirname(article.src) != article.landing_of:
            article.body = relocated(article.body, article.body_line, article.src, article.page_src)


def drop_leading_title(article: Article) -> None:
    """Blank the first line(s) of the body when they are its opening level-1 heading."""
    lines = article.body.split("\n")
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    heading = next((h for h in article.headings if h.level == 1), None)
    if first is None or heading is None or heading.line - article.body_line != first:
        return
    setext = first + 1 < len(lines) and re.fullmatch(r" {0,3}=+\s*", lines[first + 1]) is not None
    for index in range(first, first + (2 if setext else 1)):
        lines[index] = ""
    article.body = "\n".join(lines)


def url_path(path: str) -> str:
    """A path as a Markdown link target: spaces and parentheses would end it early."""
    return path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def page_url(src: str, *, lower: bool = True) -> str:
    """The directory URL MkDocs gives a page (``a/b.md`` -> ``a/b/``), lowercased for comparison."""
    stem, _ = posixpath.splitext(src)
    if posixpath.basename(stem).lower() in ("index", "readme"):
        stem = posixpath.dirname(stem)
    url = stem + "/" if stem else ""
    return url.lower() if lower else url


def check_slugs(center: HelpCenter, opts: LoadOptions, out: Collector) -> None:
    """Two sources must not publish to the same address (``a.md``, ``a/index.md``, ``a.faq.yml``)."""
    owners: dict[str, str] = {center.root(lang) + "search/": "kbgen's search page" for lang in center.languages}
    landings = {p.landing_of for p in center.articles if p.landing_of}
    for category in center.categories.values():
        if category.id not in landings:
            owners[category.id.lower() + "/"] = f"the category page of folder '{category.id}/'"
    exact: dict[str, str] = {}  # lowercased address -> the address as its first owner spells it
    for page in sorted(center.pages, key=lambda p: p.src):
        url = page_url(page.page_src)
        spelt = page_url(page.page_src, lower=False)
        if url in owners and url in exact and exact[url] != spelt:
            out.warning(
                opts.shown(page.src), 1,
                f"this page and {owners[url]} publish to addresses that differ only in case ('/{exact[url]}' "
                f"and '/{spelt}')", "hosts that ignore case, and checkouts on macOS or Windows, keep only one: "
                "rename one of them",
            )
        elif url in owners:
            out.error(
                opts.shown(page.src), 1, f"duplicate slug: this page and {owners[url]} both publish to '/{url}'",
                "rename one of them",
            )
        else:
            owners[url] = opts.shown(page.src)
            exact[url] = spelt


def normalise_question(text: str) -> str:
    return " ".join(slugify(text).split("-"))


def check_questions(center: HelpCenter, opts: LoadOptions, out: Collector) -> None:
    asked: dict[tuple[str | None, str], FaqEntry] = {}
    for faq in center.faqs:
        for entry in faq.entries:
            key = (faq.lang, normalise_question(entry.question))
            first = asked.get(key)
            if first:
                out.error(
                    entry.location.path, entry.location.line,
                    f"duplicate question '{entry.question}'",
                    f"first asked at {first.location.path}:{first.location.line}",
                )
            else:
                asked[key] = entry


def check_links(
    center: HelpCenter, opts: LoadOptions, out: Collector, policy: LinkPolicy | None = None,
    files: list[str] | None = None,
) -> None:
    """Every internal link and ``related`` entry should reach a page, and its ``#anchor`` a heading.

    A heading link written the way Obsidian, GitHub, GitBook or DocFX write it (``#Filters``,
    ``#Heading Text``) is rewritten to the id the page really has. What stays broken is reported at
    the level of ``policy`` (a warning unless the store said otherwise): the page still builds.
    """
    policy = policy or LinkPolicy()
    anchors: dict[str, dict[str, str]] = {}  # page -> {published id: heading text}
    unit_anchors: dict[int, dict[str, str]] = {}  # an included file's ids, read once
    outlines: dict[str, list[Heading]] = {}  # page -> its headings in order, for #Heading#Subheading
    for article in center.articles:
        anchors[article.src] = scan_html_ids(article.body) | article.summary_ids | {
            h.anchor: h.text for h in article.headings}
        if article.includes:  # the headings of what it includes are on its page too
            anchors[article.src] = included_anchors(center, article, unit_anchors) | anchors[article.src]
        outlines[article.src] = article.headings
    for faq in center.faqs:
        anchors[faq.src] = anchors[faq.page_src] = {e.anchor: e.question for e in faq.entries}
    for category in center.categories.values():
        anchors.setdefault(category.id + "/", {})
        anchors.setdefault(category.id + "/index.md", {})
    # Pages kbgen generates when staff do not write them.
    for lang in center.languages:
        anchors.setdefault(center.root(lang) + "index.md", {})
        anchors.setdefault(center.root(lang) + "contact.md", {})
    moved = {a.src: a.page_src for a in center.articles if a.page_src != a.src}
    for src, page_src in moved.items():
        anchors[page_src] = anchors[src]
        outlines[page_src] = outlines[src]
    elsewhere = Elsewhere(center, files or [])
    drafts = {a.src for a in center.articles if a.draft}

    def is_draft(src: str) -> bool:
        """A draft's links break nothing: it is not published either."""
        return src in drafts

    def check(from_src: str, shown: str, line: int, target: str, is_image: bool, what: str) -> str | None:
        """Report what is wrong with ``target``; return the target to write instead, if it needs one."""
        if SCRIPT_SCHEME.match(URL_IGNORED.sub("", target)):
            written = target if len(target) <= SHOWN_TARGET_MAX else target[:SHOWN_TARGET_MAX] + "..."
            out.warning(shown, line, f"{what} '{written}' runs a script when a shopper opens it",
                        "link to a page or a web address instead")
            return None
        if target.startswith("/") and not target.startswith("//") and not is_image:
            path, _, anchor = target.partition("#")
            page = elsewhere.site_page(path.split("?", 1)[0])
            if page is None:  # a page of the store's own site, or of the other tool's: left as written
                return None
            fixed = relative_link(from_src, page) + ("#" + anchor if anchor else "")
            return check(from_src, shown, line, fixed, is_image, what) or fixed
        if not target or EXTERNAL.match(target) or target.startswith("/"):
            return None
        path, _, anchor = target.partition("#")
        path = BACKSLASH_ESCAPE.sub(r"\1", path.split("?", 1)[0])  # GitBook writes img\_1.png
        if not path:
            resolved = from_src
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), unquote(path)))
            if path.endswith("/"):
                resolved += "/"
        known = resolved in anchors or resolved.rstrip("/") + "/" in anchors
        present = known or (not resolved.startswith("../") and os.path.exists(os.path.join(center.docs_dir, resolved)))
        if present and not known and is_attachment(resolved):
            return None  # a file GitBook keeps (an uploaded skill.md): published as it is, a download
        found = [] if present else elsewhere.find(resolved, path, from_src)
        if len(found) == 1:
            # Found the way Obsidian or Docusaurus find it: by file name, without '.md', or by 'id'.
            fixed = relative_link(from_src, found[0]) + ("#" + anchor if anchor else "")
            return check(from_src, shown, line, fixed, is_image, what) or fixed
        if found:
            out.report(policy.not_found, shown, line, f"{what} '{target}': "
                       + ambiguity(posixpath.basename(unquote(path)), found), "write the file's path in the link")
            center.broken_links.setdefault(from_src, set()).add(target)
            return None
        if resolved.startswith("../"):
            out.report(policy.not_found, shown, line, f"{what} '{target}' points outside the docs folder")
            center.broken_links.setdefault(from_src, set()).add(target)
            return None
        if known:
            key = resolved if resolved in anchors else resolved.rstrip("/") + "/"
            if key in moved:  # a landing page beside its folder renders as the folder's index.md
                fixed = relative_link(from_src, moved[key]) + ("#" + anchor if anchor else "")
                return check(from_src, shown, line, fixed, is_image, what) or fixed
            if key.endswith("/") and key + "index.md" in anchors:  # a folder: its landing or category page
                fixed = relative_link(from_src, key + "index.md") + ("#" + anchor if anchor else "")
                return check(from_src, shown, line, fixed, is_image, what) or fixed
            reached = center.page_by_src(key)
            if isinstance(reached, Article) and reached.draft and not is_draft(from_src):
                # On disk, so found; but never published: a link that breaks on the site.
                undo = "remove it from 'related'" if what == "related entry" else f"remove the {what}"
                out.report(policy.not_found, shown, line, f"{what} '{target}' points to a draft, which is not "
                           "published", f"publish it by removing 'draft: true', or {undo}")
                center.draft_links.setdefault(from_src, {})[target] = reached.src
                return None
            if unquote(anchor).startswith("^"):  # Obsidian's block reference: the heading the block is under
                block = unquote(anchor)
                note = center.page_by_src(key)
                place = block_heading(note, block[1:]) if isinstance(note, Article) else None
                base = target[: len(target) - len(anchor) - 1]
                if place is None:
                    out.report(policy.anchors, shown, line, f"{what} '{target}' points to a missing block '{block}'",
                               f"end the block with ' {block}' in that note")
                return base + ("#" + place if place else "") or "#"
            if anchor and anchor not in anchors[key]:
                published = match_anchor(anchor, anchors[key]) or match_heading_path(
                    anchor, outlines.get(key, []), anchors[key])
                if published:
                    return target[: len(target) - len(anchor)] + published
                choice = close_match(anchor, list(anchors[key]), 0.6)
                out.report(policy.anchors, shown, line, f"{what} '{target}' points to a missing anchor '#{anchor}'",
                           f"did you mean '#{choice}'?" if choice else "check the heading's spelling")
            return None
        folder = resolved.removesuffix("index.md").rstrip("/")
        if folder in center.unpublished_categories:
            out.report(policy.not_found, shown, line, f"{what} '{target}' points to a category with no published "
                       "article, which is not published", "publish one of its drafts, or remove the link")
            center.broken_links.setdefault(from_src, set()).add(target)
            return None
        if resolved.endswith((".md", FAQ_SUFFIX)) or not posixpath.splitext(resolved)[1]:
            candidates = {relative_link(from_src, p.src) for p in center.pages}
            choice = close_match(path, candidates, 0.75)
            out.report(policy.not_found, shown, line, f"{what} '{target}' points to a page that does not exist",
                       f"did you mean '{choice}'?" if choice else "")
            center.broken_links.setdefault(from_src, set()).add(target)
            return None
        if not os.path.exists(os.path.join(center.docs_dir, resolved)):
            kind = "image" if is_image else "file"
            out.report(policy.not_found, shown, line, f"{what} '{target}': missing {kind}",
                       f"add {resolved} to the docs folder")
        return None

    for article in center.articles:
        shown = opts.shown(article.src)
        fixes: dict[int, list[tuple[str, str]]] = {}
        for link in scan_links(article.body, article.body_line):
            what = "image" if link.is_image else "link"
            fixed = check(article.src, shown, link.line, link.target, link.is_image, what)
            if fixed:
                fixes.setdefault(link.line - article.body_line, []).append((link.target, fixed))
        article.body = rewrite_targets(article.body, fixes)
        for index, target in enumerate(article.related):
            fixed = check(article.src, shown, article.line_of("related", index), target, False, "related entry")
            if fixed:
                article.related[index] = fixed
    for unit in center.included.values():  # once per included file, from where its links are read
        if unit.verbatim:
            continue
        fixes = {}
        for link in scan_links(unit.body, 0):
            if link.target.startswith("#"):
                continue  # the page it is shown on, whichever that is: its headings are checked there
            what = "image" if link.is_image else "link"
            fixed = check(unit.base, unit.shown, unit.line_at(link.line), link.target, link.is_image, what)
            if fixed:
                fixes.setdefault(link.line, []).append((link.target, fixed))
        unit.body = rewrite_targets(unit.body, fixes)
    for faq in center.faqs:
        shown = opts.shown(faq.src)
        for entry in faq.entries:
            fixes = {}
            for link in scan_links(entry.answer, entry.answer_line):
                fixed = check(faq.src, shown, link.line, link.target, link.is_image, "link")
                if fixed:
                    fixes.setdefault(link.line - entry.answer_line, []).append((link.target, fixed))
            entry.answer = rewrite_targets(entry.answer, fixes)


BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


class Elsewhere:
    """Where a link that does not resolve as written leads in the tool it was written for.

    Obsidian finds ``photo.png`` or ``Note`` anywhere in the vault by its file name (in the
    article's language folder first; see :mod:`kbgen.content.vault`) and accepts links without
    ``.md``; Docusaurus links to a page by its ``id``.
    """

    def __init__(self, center: HelpCenter, files: list[str]):
        self.files = FileNames(files, center.languages[1:])
        self.by_id: dict[str, str] = {}
        for article in center.articles:
            for key in ("id", "slug"):
                value = article.extra.get(key)
                if isinstance(value, (str, int)) and str(value).strip("/"):
                    self.by_id.setdefault(str(value).strip("/").rsplit("/", 1)[-1].casefold(), article.src)
        self.pages = {p.src for p in center.pages}
        # Each article's address as MkDocs or Docusaurus publish it under their base path:
        # "dns/blocking" (dns/blocking.md, or dns/blocking/index.md) and "dev-guide/dev-guide-iframe"
        # (dev-guide/iframe.md with id dev-guide-iframe).
        self.routes: dict[str, str] = {}
        for article in center.articles:
            stem = posixpath.splitext(article.src)[0]
            if posixpath.basename(stem).casefold() in ("index", "readme"):
                stem = posixpath.dirname(stem)
            self.routes.setdefault(stem.casefold(), article.src)
            value = article.extra.get("id")
            if isinstance(value, (str, int)) and str(value).strip("/") and "/" not in str(value).strip("/"):
                route = posixpath.join(posixpath.dirname(article.src), str(value).strip("/"))
                self.routes.setdefault(route.casefold(), article.src)
        for route, src in center.routes.items():  # e.g. a Docusaurus category's generated index
            self.routes.setdefault(route.casefold(), src)

    def site_page(self, path: str) -> str | None:
        """The article a site-absolute address names (``/handbook/docs/dev-guide/dev-guide-iframe``).

        The address ends in an article's route; what comes before is the other site's base path,
        which kbgen cannot know. A one-part route after a base path (``/account/orders``) is more
        likely a page of the store's own site than the article ``orders.md``: not matched.
        """
        parts = [part for part in unquote(path).casefold().split("/") if part]
        for start in range(len(parts)):
            route = "/".join(parts[start:])
            if route.endswith(".md"):
                route = route[:-3]
            if route in self.routes and (start == 0 or len(parts) - start > 1):
                return self.routes[route]
        return None

    def find(self, resolved: str, written: str, from_src: str) -> list[str]:
        """The files the link may mean: one when found, several when its name is ambiguous."""
        if resolved.endswith("/"):  # Docusaurus: "folder/page-id/"
            resolved, written = resolved.rstrip("/"), written.rstrip("/")
        if not posixpath.splitext(resolved)[1] and resolved + ".md" in self.pages:
            return [resolved + ".md"]
        name = posixpath.basename(unquote(written)).casefold()
        if not name:
            return []
        for candidate in (name, name + ".md"):
            if found := self.files.find(candidate, from_src):
                return found
        uid = self.by_id.get(posixpath.splitext(name)[0])
        return [uid] if uid else []


def rewrite_targets(text: str, fixes: dict[int, list[tuple[str, str]]]) -> str:
    """``text`` with link targets replaced on the given lines (0-based); line count unchanged."""
    if not fixes:
        return text
    lines = text.split("\n")
    for index, pairs in fixes.items():
        for old, new in pairs:
            for opener in ("](", "](<", "]: ", "]: <"):
                if opener + old in lines[index]:
                    lines[index] = lines[index].replace(opener + old, opener + new, 1)
                    break
    return "\n".join(lines)
