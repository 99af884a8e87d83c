"""Which pages a saved edit affects, worked out from the content model before and after it.

An article's text only changes its own page. Its title or description also shows on its category
pages, on its language's home, search and contact pages (the popular articles), in the sidebars
that list it, in the ``related`` lists that name it and on its translations (the language menu).
What moves pages around (a new, deleted or renamed file, a category, an FAQ, synonyms, the order,
``mkdocs.yml``) is left to a full rebuild, which says why.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from kbgen.content.includes import walk
from kbgen.content.model import CATEGORY_FILE, FAQ_SUFFIX, SYNONYMS_FILE, Article, HelpCenter
from kbgen.content.outlines import is_outline_file

# Fields that place an article in the site: changing one moves it in the navigation and lists.
PLACING = ("category", "order", "draft", "hidden", "lang", "translation_key", "landing_of", "featured",
           "redirect_from", "aliases")
# Fields other pages print: changing one re-renders those pages too.
SHOWN_ELSEWHERE = ("title", "description")
IGNORED_NAMES = (".swp", ".swx", "~", ".tmp")  # editors' scratch files


@dataclass
class Plan:
    """The pages to re-render (``changed`` first: the edited ones), or why everything is rebuilt."""

    changed: list[str] = field(default_factory=list)  # page_src of the pages whose Markdown renders anew
    shown_in: list[str] = field(default_factory=list)  # other pages that print their titles
    full: str = ""  # the reason for a full rebuild, when there is one
    reorder: bool = False  # a new title moves a page among its category's (sorted by title)

    @property
    def pages(self) -> list[str]:
        return list(dict.fromkeys([*self.changed, *self.shown_in]))


def is_scratch(name: str) -> bool:
    base = posixpath.basename(name)
    return base.startswith((".", "#")) or base.endswith(IGNORED_NAMES) or base.isdigit()


def full_rebuild_reason(changed: list[str], known: set[str], exists, shown=lambda path: path) -> str:
    """Why the changed paths (relative to the docs folder, or the config file's own name) need a
    full rebuild; "" when they are only Markdown that the model comparison can place."""
    for path in changed:
        name = posixpath.basename(path)
        if path.startswith("../"):  # the config file
            return f"{name} changed"
        if name in (CATEGORY_FILE, SYNONYMS_FILE) or name.endswith(FAQ_SUFFIX) or is_outline_file(name):
            return f"{shown(path)} changed"
        if name.endswith(".md"):
            continue
        if is_scratch(path) or (path not in known and not exists(path)):
            continue  # a file an editor wrote and removed while saving
        return f"{shown(path)} changed"
    return ""


def plan_update(
    old: HelpCenter, new: HelpCenter, changed: list[str], known: set[str], exists, shown=lambda path: path,
) -> Plan:
    """What to do about ``changed`` (paths under the docs folder) given the model before and after;
    ``known``: the files the last build published; ``shown``: a path as messages print it."""
    reason = full_rebuild_reason(changed, known, exists, shown)
    if reason:
        return Plan(full=reason)
    before, after = [p.src for p in old.pages], [p.src for p in new.pages]
    if before != after or set(old.categories) != set(new.categories):
        added, gone = sorted(set(after) - set(before)), sorted(set(before) - set(after))
        named = [f"{shown(src)} added" for src in added] + [f"{shown(src)} deleted" for src in gone]
        reason = ", ".join(named[:3]) + (" ..." if len(named) > 3 else "")
        return Plan(full=reason or "the categories changed")
    plan = Plan()
    for was, now in zip(old.articles, new.articles, strict=True):
        if comparable(was) == comparable(now):
            continue
        if any(getattr(was, name) != getattr(now, name) for name in PLACING):
            return Plan(full=f"{shown(now.src)}: its place in the site changed")
        if was.title != now.title and order_in(old, was) != order_in(new, now):
            plan.reorder = True
        plan.changed.append(now.page_src)
        if any(getattr(was, name) != getattr(now, name) for name in SHOWN_ELSEWHERE):
            plan.shown_in += pages_printing(new, now)
    for src in set(old.broken_links) | set(new.broken_links):  # a heading renamed here breaks a link there
        if old.broken_links.get(src) != new.broken_links.get(src) and (page := new.page_by_src(src)):
            plan.changed.append(page.page_src)
    for article in new.articles:  # an Obsidian note embedded in another page, or a file it includes
        if any(f"kbgen:embed {src}" in article.body for src in changed) or set(changed) & included_files(new, article):
            plan.changed.append(article.page_src)
    if any(posixpath.basename(src).endswith(".md") for src in changed) and not plan.pages:
        plan.changed = [p.page_src for p in (new.page_by_src(src) for src in changed) if p is not None][:1]
    return plan


def included_files(center: HelpCenter, article: Article) -> set[str]:
    """The files (under the docs folder) whose text ``article``'s page shows: GitBook's and markdown-include's."""
    if not article.includes:
        return set()
    return {unit.path for unit in walk(center.included, article.includes, article.src, "")[1].reached}


def comparable(article: Article) -> dict:
    """What an article is, without what the build fills in (its address)."""
    data = dict(article.__dict__)
    data.pop("url", None)
    return data


def order_in(center: HelpCenter, article: Article) -> list[str]:
    return [p.src for p in center.items_in(article.category, lang=article.lang)]


def pages_printing(center: HelpCenter, article: Article) -> list[str]:
    """The pages other than its own that print ``article``'s title or description (sidebars aside:
    :mod:`kbgen.preview.site` asks the navigation which pages list it)."""
    root = center.root(article.lang)
    pages = [root + "index.md", root + "search/index.md", root + "contact.md"]
    category = article.category
    while category:
        pages.append(category + "/index.md")
        category = center.categories[category].parent if category in center.categories else None
    for other in center.articles:  # as kbgen.site.context.related_cards finds them
        targets = (posixpath.normpath(posixpath.join(posixpath.dirname(other.src), entry.partition("#")[0]))
                   for entry in other.related)
        if other is not article and any(center.page_by_src(t) is article for t in targets):
            pages.append(other.page_src)
    pages += [p.page_src for lang, p in center.translations(article).items() if lang != article.lang]
    return pages
