"""The prompts ``kbgen new`` writes, and the check that none is published.

The texts live in ``placeholders.yml`` (one entry per language, for translators), so the writer
and the checker can never disagree about them.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from kbgen.content.model import Article, HelpCenter
from kbgen.errors import Diagnostic

HINT = "replace it with the real text, or keep 'draft: true' until the article is ready"


@functools.cache
def all_placeholders() -> dict[str, dict]:
    text = (resources.files("kbgen.content") / "placeholders.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def placeholders(lang: str) -> dict:
    """The prompts in ``lang``, in English where it has none."""
    texts = all_placeholders()
    return texts.get(lang) or texts.get(lang.split("-")[0]) or texts["en"]


def every_prompt() -> tuple[set[str], set[str]]:
    """Every language's (descriptions, body texts): an article may be copied between languages."""
    descriptions = {entry["description"] for entry in all_placeholders().values()}
    bodies = {text for entry in all_placeholders().values() for text in entry["body"]}
    return descriptions, bodies


def placeholder_warnings(center: HelpCenter, shown) -> list[Diagnostic]:
    """A warning per prompt still in a published article, at its line."""
    descriptions, bodies = every_prompt()
    found = []
    for article in center.articles:
        if not article.draft:
            found += article_placeholders(article, shown(article.src), descriptions, bodies)
    return found


def article_placeholders(article: Article, path: str, descriptions: set[str], bodies: set[str]) -> list[Diagnostic]:
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
