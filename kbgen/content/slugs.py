"""Anchors for headings and FAQ questions, shared by the link checker and Markdown's toc."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_DROP = re.compile(r"[^\w\s-]")
_JOIN = re.compile(r"[\s-]+")


def slugify(value: str, separator: str = "-") -> str:
    """Lowercase, drop punctuation, join words with ``separator``; keeps non-Latin letters.

    Used as the ``toc`` extension's slugify so that an anchor kbgen checks is the anchor
    the page gets, in every language.
    """
    # lower(), not casefold(): a Greek word keeps its final ς and German its ß. Turkish "İ"
    # lowercases to "i" and a combining dot: the dot is no mark of the word.
    value = unicodedata.normalize("NFKC", value).lower().replace("i\u0307", "i")
    value = _DROP.sub("", value) if value.isascii() else "".join(ch for ch in value if _kept(ch))
    return _JOIN.sub(separator, value).strip(separator)


def _kept(ch: str) -> bool:
    """Letters, digits, spaces, ``_`` and ``-``, and the combining marks NFKC leaves: in Thai,
    Devanagari or Hebrew a vowel or tone mark is part of the word (คืน is not คน)."""
    return ch.isalnum() or ch in "_-" or ch.isspace() or unicodedata.category(ch)[0] == "M"


def unique_slug(slug: str, seen: set[str]) -> str:
    """Make ``slug`` unique the way Markdown's toc does (``a``, ``a_1``, ``a_2``)."""
    candidate, n = slug, 0
    while candidate in seen:
        n += 1
        candidate = f"{slug}_{n}"
    seen.add(candidate)
    return candidate


def match_anchor(wanted: str, ids: dict[str, str]) -> str | None:
    """The published id that a link's ``#fragment`` means, as other tools resolve heading links.

    ``ids`` maps each id of the target page to its heading's text. Obsidian and GitHub find a
    heading by its text and ignore case (``#Filters``, ``#Heading Text``, ``#Heading%20Text``);
    GitBook and DocFX write slugs in their own case. None when no heading fits.
    """
    if wanted in ids:
        return wanted
    text = unquote(wanted).strip()
    folded = text.casefold()
    slug = slugify(text)
    gitbook = gitbook_key(text) if GITBOOK_ID.fullmatch(text) else None
    for candidate in (lambda i, n: i.casefold() == folded, lambda i, n: i == slug,
                      lambda i, n: n.casefold() == folded, lambda i, n: slugify(n) == slug,
                      lambda i, n: gitbook is not None and gitbook_key(n) == gitbook):
        for published, name in ids.items():
            if candidate(published, name):
                return published
    return None


def match_heading_path(wanted: str, headings: list, ids: dict[str, str]) -> str | None:
    """``#Heading#Subheading``, Obsidian's link to a heading under a heading: the last heading's id.

    ``headings`` are the page's, in order (each with ``level``, ``text`` and ``anchor``). Of the
    headings that fit the last part, the first that sits under headings fitting the earlier parts
    (in that order, at any depth) wins; else the first that fits the last part at all. None when
    ``wanted`` is a single heading or no heading fits its last part.
    """
    parts = [part.strip() for part in unquote(wanted).split("#") if part.strip()]
    if len(parts) < 2:
        return None
    above: list = []  # the headings the current one sits under
    fallback = None
    for heading in headings:
        while above and above[-1].level >= heading.level:
            above.pop()
        if match_anchor(parts[-1], {heading.anchor: heading.text}):
            fallback = fallback or heading.anchor
            if is_under(parts[:-1], above):
                return heading.anchor
        above.append(heading)
    return fallback or match_anchor(parts[-1], ids)


def is_under(parts: list[str], above: list) -> bool:
    """Each of ``parts`` fits one of the headings ``above``, in order."""
    remaining = iter(above)
    return all(any(match_anchor(part, {h.anchor: h.text}) for h in remaining) for part in parts)


#: GitBook's heading ids: lowercase words joined by ``-``, dots kept (``id-1.-create-an-app``).
GITBOOK_ID = re.compile(r"[^\W_A-Z][\w.-]*", re.ASCII)


def gitbook_key(text: str) -> str:
    """A heading or a GitBook heading id reduced to its letters and digits, to tell which heading an id names.

    GitBook puts ``id-`` before an id that starts with a digit, keeps dots, and splits some runs of
    capitals (``Azure AD`` -> ``azure-a-d``): all that differs is where the separators fall.
    """
    if re.match(r"id-\d", text):
        text = text[3:]
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())
