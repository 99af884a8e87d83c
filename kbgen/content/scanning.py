"""Finding headings and links in Markdown source, outside code, with their line numbers."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbgen.content.model import Heading
from kbgen.content.slugs import slugify, unique_slug

FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")
ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
# A heading with no Markdown in it: its id is simply its slug.
PLAIN_HEADING = re.compile(r"[^`*_\[\]<>&\\{}!~=|]*")
# No part runs past an opening bracket (a target or title holds none): an opening is matched to the next
# closing, so a long line of openings is scanned once, not once per opening.
INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>\[]*)>?(?:\s+[\"'][^)\[]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")  # [^1]: is a footnote
INLINE_CODE = re.compile(r"(`+).+?\1")
MARKUP = re.compile(r"[*_`~]|<[^>]+>")
LINK_TEXT = re.compile(r"!?\[([^\[\]]*)\]\([^)\[]*\)")


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    is_image: bool = False


def prose_lines(body: str, first_line: int, *, blank_code: bool = True) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for lines outside fenced code blocks, inline code blanked
    (``blank_code``) so that what looks like a link inside it is not taken for one."""
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
        if blank_code:
            text = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), text)
        yield first_line + offset, text


def heading_text(raw: str) -> str:
    """A heading's text without its Markdown: link text kept, emphasis, code marks and tags dropped."""
    return MARKUP.sub("", LINK_TEXT.sub(r"\1", raw)).strip()


def scan_headings(body: str, first_line: int) -> list[Heading]:
    """The headings of a page with the ids the page really gets.

    Plain headings are slugified here; any heading with Markdown in it (code, emphasis, links,
    entities, ``{#id}``) goes through Python-Markdown's own toc with kbgen's slugify, once per
    page, so that ``Use `nullptr` instead`` or ``SUMMER_SALE`` get the id the browser sees.
    """
    found: list[tuple[int, str, int]] = []  # level, raw text, line
    previous = ""
    for line, text in prose_lines(body, first_line, blank_code=False):
        match = ATX_HEADING.match(text)
        if match:
            found.append((len(match.group(1)), match.group(2), line))
        elif setext_heading(previous, text):
            found.append((1 if text.lstrip()[0] == "=" else 2, previous.strip(), line - 1))
        previous = text
    if not found:
        return []
    if any(PLAIN_HEADING.fullmatch(raw) is None for _, raw, _ in found):
        ids, names = toc_ids([raw for _, raw, _ in found])
        if len(ids) == len(found):
            return [Heading(level, name, anchor, line)
                    for (level, _, line), anchor, name in zip(found, ids, names, strict=True)]
    seen: set[str] = set()
    return [Heading(level, raw.strip(), unique_slug(slugify(raw), seen), line) for level, raw, line in found]


def setext_heading(previous: str, text: str) -> bool:
    """``text`` underlines ``previous`` (``===`` or ``---``), which is a paragraph line, not a list item."""
    if not SETEXT_UNDERLINE.match(text) or not previous.strip() or previous.startswith((" ", "\t", ">", "|")):
        return False
    return not LIST_ITEM.match(previous) and not ATX_HEADING.match(previous)


@functools.lru_cache(maxsize=1)
def heading_renderer():
    import markdown

    return markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": {"slugify": slugify}})


def toc_ids(raw_headings: list[str]) -> tuple[list[str], list[str]]:
    """Ids and plain names Markdown's toc gives these headings, in order (made unique as on the page)."""
    renderer = heading_renderer()
    renderer.reset()
    renderer.convert("\n\n".join(f"# {raw}" for raw in raw_headings))
    tokens: list[dict] = []
    stack = list(renderer.toc_tokens)
    while stack:  # flatten, keeping document order
        token = stack.pop(0)
        tokens.append(token)
        stack[:0] = token.get("children", [])
    return [t["id"] for t in tokens], [html.unescape(t["name"]) for t in tokens]


def scan_links(body: str, first_line: int) -> list[Link]:
    links: list[Link] = []
    for line, text in prose_lines(body, first_line):
        for match in INLINE_LINK.finditer(text):
            links.append(Link(match.group(3), line, is_image=bool(match.group(1))))
        ref = REF_DEF.match(text)
        if ref:
            links.append(Link(ref.group(1), line))
    return links


HTML_ID = re.compile(r"""<a\s[^<>]*?\b(?:id|name)=["']([^"'<>]+)["']""")


def scan_html_ids(body: str) -> dict[str, str]:
    """The ids of ``<a id="...">`` elements outside code: GitBook keeps a heading's older id so
    (``### Section header <a href="#space-header" id="space-header"></a>``), and links use it.
    Most bodies have no ``<a`` at all: they are not read line by line (each preview edit checks all)."""
    if "<a" not in body:
        return {}
    return {found: found for _, text in prose_lines(body, 1) if "<a" in text for found in HTML_ID.findall(text)}
