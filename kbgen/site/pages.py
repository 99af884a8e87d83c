"""The pages kbgen adds to a site, the template of each kind, and the navigation order."""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any
from urllib.parse import quote, unquote

from mkdocs.structure.files import Files

from kbgen.content.migrate import DOC_CARDS_MARK, PAGE_TITLE_MARK
from kbgen.content.model import Article, Category, Faq, HelpCenter, display_order
from kbgen.locales import Locales
from kbgen.site.escaping import html_text, markdown_text

TEMPLATES = {
    "home": "kbgen/home.html",
    "category": "kbgen/category.html",
    "article": "kbgen/article.html",
    "faq": "kbgen/faq.html",
    "contact": "kbgen/contact.html",
    "search": "kbgen/search.html",
}
HOME_SRC = "index.md"
CONTACT_SRC = "contact.md"
SEARCH_SRC = "search/index.md"


def front_matter(title: str) -> str:
    # JSON strings are valid YAML scalars, so any title is quoted safely.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"


def faq_markdown(faq: Faq) -> str:
    """The Markdown an FAQ file renders as: one H2 per question, with its anchor.

    The description and the questions are plain text; only the answers are Markdown.
    """
    parts = [front_matter(faq.title)]
    if faq.description:
        parts.append(markdown_text(faq.description) + "\n\n")
    for entry in faq.entries:
        parts.append(f"## {markdown_text(entry.question)} {{#{entry.anchor}}}\n\n{entry.answer.strip()}\n\n")
    return "".join(parts)


def generated_pages(
    center: HelpCenter, config: Any, settings: Any, locales: Locales | None = None,
) -> list[tuple[str, str]]:
    """(src, markdown) for each language's home, contact and search pages, category pages and FAQ pages."""
    pages: list[tuple[str, str]] = []
    locales = locales or Locales()
    for lang in center.languages:
        t = locales.language(lang).texts
        root = center.root(lang)
        # The default home has no title: MkDocs calls it "Home" and the tab shows the site name.
        pages.append((root + HOME_SRC, front_matter(t["home"]) if root else ""))
        pages.append((root + CONTACT_SRC, front_matter(t["contact_us"])))
        pages.append((root + SEARCH_SRC, front_matter(t["search"])))
    for category in center.categories.values():
        body = markdown_text(category.description) + "\n" if category.description else ""
        pages.append((category.id + "/index.md", front_matter(category.title) + body))
    for faq in center.faqs:
        pages.append((faq.page_src, faq_markdown(faq)))
    return pages


def split_lang(src: str, center: HelpCenter) -> tuple[str, str]:
    """(language, path inside that language's folder) of a page."""
    lang = center.lang_of(src)
    root = center.root(lang)
    return lang, src[len(root) :] if root else src


def page_kind(src: str, center: HelpCenter) -> str:
    _, inner = split_lang(src, center)
    if inner == HOME_SRC:
        return "home"
    if inner == CONTACT_SRC:
        return "contact"
    if inner == SEARCH_SRC:
        return "search"
    if posixpath.basename(src) == "index.md" and posixpath.dirname(src) in center.categories:
        return "category"
    page = center.page_by_src(src)
    return "faq" if isinstance(page, Faq) else "article"


def in_order(categories: list[Category], pages: list[Article | Faq]) -> list[Category | Article | Faq]:
    """A category's sub-categories and pages, one list in their ``order`` (Docusaurus' sidebar mixes
    them): at the same place, and without one, the sub-categories come first, as before."""
    def key(entry: Category | Article | Faq) -> tuple[int, int, str]:
        order, title = display_order(entry)
        return order, 0 if isinstance(entry, Category) else 1, title

    return sorted([*categories, *pages], key=key)


def navigation(center: HelpCenter, files: Files, lang: str) -> list[Any]:
    """One language's nav, as MkDocs' ``nav`` setting: home, categories in their order, contact last."""
    root = center.root(lang)

    def present(src: str) -> bool:
        file = files.get_file_from_path(src)
        return file is not None and file.inclusion.is_in_nav()

    def section(category_id: str) -> dict[str, list[Any]]:
        category = center.categories[category_id]
        children: list[Any] = []
        if present(category_id + "/index.md"):
            children.append(category_id + "/index.md")
        children += [section(entry.id) if isinstance(entry, Category) else entry.page_src
                     for entry in in_order(center.children_of(category_id), center.items_in(category_id))
                     if isinstance(entry, Category) or present(entry.page_src)]
        # Material prints section titles as HTML: the category's title goes in as escaped text.
        return {html_text(category.title): children}

    nav: list[Any] = [root + HOME_SRC]
    nav += [section(entry.id) if isinstance(entry, Category) else entry.page_src
            for entry in in_order(center.children_of(None, lang), center.items_in(None, lang=lang))
            if isinstance(entry, Category) or present(entry.page_src)]
    nav.append(root + CONTACT_SRC)
    return nav


def doc_cards(center: HelpCenter, article: Article, markdown: str) -> str:
    """Where Docusaurus' ``<DocCardList />`` stood (:data:`DOC_CARDS_MARK`): on a category's page, the mark
    on its own, where the category page lists its sub-categories and pages (theme/kbgen/category.html);
    on another page, a list of links to the other pages of its category, with their descriptions."""
    if article.landing_of:
        first, _, rest = markdown.partition(DOC_CARDS_MARK)
        return f"{first}\n{DOC_CARDS_MARK}\n{rest.replace(DOC_CARDS_MARK, '')}"
    if article.landing_of == "":  # the home page lists the categories itself
        return markdown.replace(DOC_CARDS_MARK, "")
    here = posixpath.dirname(article.page_src) or "."
    lines = []
    entries = in_order(center.children_of(article.category, article.lang),
                       center.items_in(article.category, lang=article.lang))
    for entry in entries:
        if entry is article:
            continue
        target = entry.id + "/index.md" if isinstance(entry, Category) else entry.page_src
        link = quote(posixpath.relpath(target, here))
        text = f"- [{markdown_text(entry.title)}]({link})"
        lines.append(text + (f": {markdown_text(entry.description)}" if entry.description else ""))
    return markdown.replace(DOC_CARDS_MARK, "\n" + "\n".join(lines) + "\n" if lines else "")


PAGE_TITLE_LINK = re.compile(re.escape(f"[{PAGE_TITLE_MARK}](") + r"(<[^<>\n]*>|[^()\s]*)\)")


def page_titles(center: HelpCenter, article: Article, markdown: str) -> str:
    """GitBook's ``{% page-ref %}`` links (:data:`PAGE_TITLE_MARK`) named by the title of the page they
    reach, as GitBook shows them; a link to no page of the help center by its file or folder name."""
    def named(match: re.Match[str]) -> str:
        target = match.group(1)
        path = unquote(target.strip("<>").partition("#")[0])
        title = None
        for src in (article.page_src, article.src):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
            folder = resolved.removesuffix("/index.md").rstrip("/")
            found = center.page_by_src(resolved) or center.page_by_src(folder + "/index.md") or (
                center.categories.get(folder))
            if found is not None:
                title = found.title
                break
        if title is None:
            name = posixpath.splitext(posixpath.basename(path.rstrip("/")))[0].replace("-", " ").strip()
            title = name[:1].upper() + name[1:] or target
        return f"[{markdown_text(title)}]({target})"

    return PAGE_TITLE_LINK.sub(named, markdown)
