"""The prompts ``kbgen new`` writes, and the check that none is published.

The texts are the ``new_article:`` section of each language's catalog (kbgen/locales/), so the
writer and the checker can never disagree about them.
"""

from __future__ import annotations

import functools

from kbgen.content.model import Article, HelpCenter
from kbgen.errors import Diagnostic

HINT = "replace it with the real text, or keep 'draft: true' until the article is ready"


def placeholders(lang: str, locales=None) -> dict:
    """The prompts in ``lang`` (``description``, ``body``), key by key in English where it has none."""
    from kbgen.locales import Locales

    return (locales or Locales()).language(lang).new_article


@functools.cache
def every_prompt() -> tuple[frozenset[str], frozenset[str]]:
    """Every shipped language's (descriptions, body texts): an article may be copied between languages."""
    from kbgen.locales import shipped_catalogs

    entries = [catalog.section("new_article") for catalog in shipped_catalogs().values()]
    descriptions = frozenset(entry["description"] for entry in entries if "description" in entry)
    bodies = frozenset(text for entry in entries for text in entry.get("body", []))
    return descriptions, bodies


def placeholder_warnings(center: HelpCenter, shown) -> list[Diagnostic]:
    """A warning per prompt still in a published article, at its line."""
    descriptions, bodies = every_prompt()
    found = []
    for article in center.articles:
        if not article.draft:
            found += article_placeholders(article, shown(article.src), descriptions, bodies)
    return found


def article_placeholders(
    article: Article, path: str, descriptions: frozenset[str], bodies: frozenset[str],
) -> list[Diagnostic]:
    found = []
    if article.description.strip() in descriptions:
        found.append(Diagnostic(path, article.line_of("description"), "warning",
                                "the description is still the prompt 'kbgen new' wrote", HINT))
    for number, line in enumerate(article.body.splitlines()):
        text = line.strip()
        if text in bodies:
            found.append(Diagnostic(path, article.body_line + number, "warning",
                                    f"placeholder text left in a published article: '{text}'", HINT))
    return found
