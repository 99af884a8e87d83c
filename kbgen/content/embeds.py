"""The part of a note an Obsidian embed shows: the whole note, one heading's section, or one block.

``![[Note#Heading]]`` shows that heading and what follows it up to the next heading of its level
or above; ``![[Note#^block-id]]`` shows the paragraph (or list item) that ends with ``^block-id``,
or the block just above a line holding only ``^block-id``. The conversion leaves a mark where the
id was (:data:`kbgen.content.migrate.BLOCK_MARK`), since the id itself is never shown.
"""

from __future__ import annotations

import textwrap
from urllib.parse import unquote

from kbgen.content.migrate import BLOCK_MARK, LIST_MARKER
from kbgen.content.model import Article
from kbgen.content.slugs import match_anchor, match_heading_path


def section_lines(note: Article, section: str) -> tuple[int, int] | None:
    """The 0-based lines of ``note.body`` that ``section`` ("Heading", "A#B" or "^block-id") names."""
    lines = note.body.split("\n")
    if section.startswith("^"):
        return block_lines(lines, section[1:])
    ids = {h.anchor: h.text for h in note.headings}
    published = match_anchor(section, ids) or match_heading_path(section, note.headings, ids)
    for index, heading in enumerate(note.headings):
        if heading.anchor != published:
            continue
        end = next((h.line for h in note.headings[index + 1:] if h.level <= heading.level), None)
        start = heading.line - note.body_line
        return start, (end - note.body_line) if end is not None else len(lines)
    return None


def block_lines(lines: list[str], block_id: str) -> tuple[int, int] | None:
    mark = BLOCK_MARK.format(block_id)
    at = next((i for i, text in enumerate(lines) if mark in text), None)
    if at is None:
        return None
    if lines[at].strip() == mark:  # on a line of its own: the block above it
        end = at
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        start = end
        while start > 0 and lines[start - 1].strip():
            start -= 1
        return (start, end) if start < end else None
    if LIST_MARKER.match(lines[at]):  # a list item: that item and the lines indented under it
        indent = len(lines[at]) - len(lines[at].lstrip(" "))
        end = at + 1
        while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip(" ")) > indent:
            end += 1
        return at, end
    start, end = at, at + 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return start, end


def section_text(note: Article, section: str) -> tuple[str, int] | None:
    """The Markdown of the part ``section`` names, out of any container's indent, and its first line."""
    found = section_lines(note, unquote(section))
    if found is None:
        return None
    start, end = found
    text = textwrap.dedent("\n".join(note.body.split("\n")[start:end]))
    return text, note.body_line + start


def block_heading(note: Article, block_id: str) -> str | None:
    """Where a link to ``^block_id`` lands: the id of the heading the block is under ("" for the top of
    the note, or when only its title is above it); None when the note has no such block."""
    mark = BLOCK_MARK.format(block_id)
    at = next((i for i, text in enumerate(note.body.split("\n")) if mark in text), None)
    if at is None:
        return None
    above = [h for h in note.headings if h.line <= note.body_line + at and h.level > 1]
    return above[-1].anchor if above else ""


def section_anchor(note: Article, section: str) -> str:
    """The id a link to ``section`` of ``note`` lands on ("" for the note's top, or a part it does not have)."""
    wanted = unquote(section)
    if wanted.startswith("^"):
        return block_heading(note, wanted[1:]) or ""
    found = section_lines(note, wanted)
    heading = next((h for h in note.headings if found and h.line - note.body_line == found[0]), None)
    return heading.anchor if heading else ""
