"""The validated content model: what staff wrote, with where they wrote it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kbgen.errors import Diagnostic
from kbgen.locales.codes import base_of

if TYPE_CHECKING:
    from kbgen.content.includes import IncludedText


@dataclass(frozen=True)
class Location:
    """A place in a source file; ``line`` is 1-based."""

    path: str
    line: int = 1


@dataclass
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass
class Category:
    """A folder of articles; ``id`` is its path under the docs folder (``shipping``)."""

    id: str
    title: str
    description: str = ""
    icon: str = ""
    order: int | None = None
    location: Location | None = None
    url: str = ""
    lang: str = "en"
    parent: str | None = None  # the enclosing category folder; None at the top of a language

    @property
    def parent_id(self) -> str | None:
        return self.parent


@dataclass
class Article:
    """One Markdown article; ``src`` is its path under the docs folder."""

    src: str
    location: Location
    title: str
    body: str
    body_line: int
    description: str = ""
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names (Obsidian): wiki links find it by them
    related: list[str] = field(default_factory=list)
    updated: dt.date | None = None
    lang: str = "en"
    translation_key: str | None = None
    order: int | None = None
    draft: bool = False
    hidden: bool = False  # built and searchable, but in no sidebar or list (GitBook's ``hidden: true``)
    featured: bool = False
    feedback: bool = True
    redirect_from: list[str] = field(default_factory=list)  # old site paths that redirect here
    extra: dict[str, Any] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    summary_ids: dict[str, str] = field(default_factory=dict)  # <summary id=...> of expandable blocks: text
    # What its include statements name, one per marker in the body: (key in HelpCenter.included, line).
    includes: list[tuple[str, int]] = field(default_factory=list)
    key_lines: dict[tuple[Any, ...], int] = field(default_factory=dict, repr=False)
    url: str = ""
    # The folder whose landing page this is (README.md, reports.md beside reports/); "" for the home page.
    landing_of: str | None = None

    @property
    def page_src(self) -> str:
        """Where MkDocs renders it: a landing page renders as its folder's ``index.md``."""
        if self.landing_of is None:
            return self.src
        return f"{self.landing_of}/index.md" if self.landing_of else "index.md"

    def line_of(self, *path: Any) -> int:
        """Line of a front-matter key or list item (1 when the key is absent)."""
        return self.key_lines.get(path, self.key_lines.get(path[:1], 1))


@dataclass
class FaqEntry:
    question: str
    answer: str
    anchor: str
    location: Location
    answer_line: int
    keywords: list[str] = field(default_factory=list)


@dataclass
class Faq:
    """A YAML file of questions and answers, rendered as one page with an anchor per question."""

    src: str
    location: Location
    title: str
    entries: list[FaqEntry]
    description: str = ""
    category: str | None = None
    order: int | None = None
    updated: dt.date | None = None
    lang: str = "en"
    translation_key: str | None = None
    feedback: bool = True
    url: str = ""
    updated_line: int = 1

    @property
    def page_src(self) -> str:
        """The Markdown page the FAQ is rendered as: ``a/b.faq.yml`` becomes ``a/b.md``."""
        return self.src[: -len(FAQ_SUFFIX)] + ".md"


@dataclass
class Synonyms:
    """Equivalence groups per language: every word of a group stands for the others."""

    groups: dict[str, list[list[str]]] = field(default_factory=dict)
    location: Location | None = None
    lines: dict[str, int] = field(default_factory=dict)  # where each language's block starts

    def for_language(self, code: str) -> list[list[str]]:
        """The groups search in ``code`` uses: its own block, else its base language's (pt-br: pt's),
        as its interface texts fall back."""
        return self.groups.get(code) or self.groups.get(base_of(code), [])


@dataclass
class HelpCenter:
    """Everything loaded from the docs folder, plus every problem found on the way.

    The first of ``languages`` lives at the top of the docs folder; every other language in a
    folder named by its code (``da/``), with the same paths for the same articles.
    """

    docs_dir: str
    languages: list[str] = field(default_factory=lambda: ["en"])
    categories: dict[str, Category] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    faqs: list[Faq] = field(default_factory=list)
    synonyms: Synonyms = field(default_factory=Synonyms)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Link targets that reach no page, by the source that holds them: `kbgen serve` marks them on the page.
    broken_links: dict[str, set[str]] = field(default_factory=dict)
    # Link targets that reach a draft (on disk, so the preview shows it; never published), by the
    # source that holds them: target -> the draft's source.
    draft_links: dict[str, dict[str, str]] = field(default_factory=dict)
    # Addresses pages had on the site the content comes from, beside their paths (Docusaurus'
    # "category/user-guide", a category's generated index), to the page's source: links find them.
    routes: dict[str, str] = field(default_factory=dict)
    # Category folders with no published page at any depth (only drafts): not published, listed nowhere.
    unpublished_categories: set[str] = field(default_factory=set)
    # The files articles include (kbgen.content.includes), read and converted once, by key.
    included: dict[str, IncludedText] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def pages(self) -> list[Article | Faq]:
        return [*self.articles, *self.faqs]

    def page_by_src(self, src: str) -> Article | Faq | None:
        """The article or FAQ published from ``src`` (its own path or the page it renders as)."""
        index = self.__dict__.get("_by_src")
        if index is None or len(index) < len(self.articles) + len(self.faqs):
            index = {}
            for page in reversed(self.pages):
                index[page.src] = index[page.page_src] = page
            self.__dict__["_by_src"] = index
        return index.get(src)

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    def root(self, lang: str) -> str:
        """Where a language's files live under the docs folder: "" or "da/"."""
        return "" if lang == self.default_lang else lang + "/"

    def lang_of(self, src: str) -> str:
        first = src.split("/", 1)[0]
        return first if "/" in src and first in self.languages[1:] else self.default_lang

    def items_in(
        self, category_id: str | None, *, deep: bool = False, lang: str | None = None
    ) -> list[Article | Faq]:
        """Published articles and FAQs of a category (None: outside any), in their display order.

        Hidden articles are published but listed nowhere: only links and search reach them.
        """
        cache = self.__dict__.setdefault("_items_in", {})
        key = (category_id, deep, lang, len(self.articles), len(self.faqs))
        if key not in cache:

            inside = self.descendants(category_id) if deep and category_id is not None else set()

            def belongs(item: Article | Faq) -> bool:
                if lang is not None and item.lang != lang:
                    return False
                if category_id is None:
                    return item.category is None
                cat = item.category or ""
                return cat == category_id or cat in inside

            items = [p for p in self.pages
                     if belongs(p) and not getattr(p, "draft", False) and not getattr(p, "hidden", False)
                     and getattr(p, "landing_of", None) is None]
            cache[key] = sorted(items, key=display_order)
        return list(cache[key])

    def descendants(self, category_id: str) -> set[str]:
        """The categories inside ``category_id``, at any depth, by their ``parent``: a folder's
        sub-folders, and a category a sidebar put there (Docusaurus) that is another folder."""
        kids: dict[str | None, list[str]] = {}
        for category in self.categories.values():
            kids.setdefault(category.parent, []).append(category.id)
        found: set[str] = set()
        stack = [category_id]
        while stack:
            for kid in kids.get(stack.pop(), ()):
                if kid not in found and kid != category_id:
                    found.add(kid)
                    stack.append(kid)
        return found

    def children_of(self, category_id: str | None, lang: str | None = None) -> list[Category]:
        kids = [
            c for c in self.categories.values()
            if c.parent == category_id and (lang is None or c.lang == lang)
        ]
        return sorted(kids, key=display_order)

    def translation_key(self, page: Article | Faq) -> str:
        """What links translations: ``translation_key``, else the path inside the language folder."""
        if page.translation_key:
            return page.translation_key
        root = self.root(page.lang)
        return page.src[len(root) :] if root and page.src.startswith(root) else page.src

    def translations(self, page: Article | Faq) -> dict[str, Article | Faq]:
        """The same page in every language it exists in (itself included), by language code."""
        index = self.__dict__.get("_translations")
        if index is None:
            index = {}
            for item in self.pages:
                if not getattr(item, "draft", False):
                    index.setdefault(self.translation_key(item), {}).setdefault(item.lang, item)
            self.__dict__["_translations"] = index
        return dict(index.get(self.translation_key(page), {}))


FAQ_SUFFIX = ".faq.yml"
CATEGORY_FILE = "_category.yml"
SYNONYMS_FILE = "_synonyms.yml"


def display_order(item: Article | Faq | Category) -> tuple[int, str]:
    """Explicit ``order`` first, then alphabetical by title."""
    order = item.order if item.order is not None else 10_000
    return (order, item.title.casefold())
