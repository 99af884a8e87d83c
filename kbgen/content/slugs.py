"""Anchors for headings and FAQ questions, shared by the link checker and Markdown's toc."""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[^\w\s-]")
_JOIN = re.compile(r"[\s-]+")


def slugify(value: str, separator: str = "-") -> str:
    """Lowercase, drop punctuation, join words with ``separator``; keeps non-Latin letters.

    Used as the ``toc`` extension's slugify so that an anchor kbgen checks is the anchor
    the page gets, in every language.
    """
    value = unicodedata.normalize("NFKC", value).casefold()
    value = _DROP.sub("", value)
    return _JOIN.sub(separator, value).strip(separator)


def unique_slug(slug: str, seen: set[str]) -> str:
    """Make ``slug`` unique the way Markdown's toc does (``a``, ``a_1``, ``a_2``)."""
    candidate, n = slug, 0
    while candidate in seen:
        n += 1
        candidate = f"{slug}_{n}"
    seen.add(candidate)
    return candidate
