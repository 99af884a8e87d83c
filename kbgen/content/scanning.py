"""Finding headings and links in Markdown source, outside code, with their line numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbgen.content.model import Heading
from kbgen.content.slugs import slugify, unique_slug

FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")
ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
INLINE_CODE = re.compile(r"(`+).+?\1")
MARKUP = re.compile(r"[*_`~]|<[^>]+>")
LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    is_image: bool = False


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for lines outside fenced code blocks, inline code blanked."""
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        match = FENCE.match(text)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield first_line + offset, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), text)


def heading_text(raw: str) -> str:
    """What Markdown's toc sees of a heading: link text kept, emphasis and tags dropped."""
    return MARKUP.sub("", LINK_TEXT.sub(r"\1", raw)).strip()


def scan_headings(body: str, first_line: int) -> list[Heading]:
    headings: list[Heading] = []
    seen: set[str] = set()
    for line, text in prose_lines(body, first_line):
        match = ATX_HEADING.match(text)
        if not match:
            continue
        raw = match.group(2)
        explicit = ATTR_ID.search(raw)
        if explicit:
            raw = raw[: explicit.start()]
            anchor = explicit.group(1)
            seen.add(anchor)
        else:
            anchor = unique_slug(slugify(heading_text(raw)), seen)
        headings.append(Heading(len(match.group(1)), heading_text(raw), anchor, line))
    return headings


def scan_links(body: str, first_line: int) -> list[Link]:
    links: list[Link] = []
    for line, text in prose_lines(body, first_line):
        for match in INLINE_LINK.finditer(text):
            links.append(Link(match.group(3), line, is_image=bool(match.group(1))))
        ref = REF_DEF.match(text)
        if ref:
            links.append(Link(ref.group(1), line))
    return links
