"""What gets indexed: pages split into the grains a shopper lands on.

Each page becomes a page head (title, keywords, description, intro) plus one document per
H2/H3 section, or per FAQ question. The text comes from the rendered HTML, so search sees
exactly what the shopper reads.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
BLOCK_END = re.compile(r"</(p|li|h\d|td|th|div|dd|dt|tr|pre|blockquote)>", re.I)

SNIPPET_TEXT_LIMIT = 1200  # characters of each document kept for result snippets


@dataclass
class SearchSection:
    """One searchable document: a page head, a section or an FAQ answer."""

    anchor: str
    title: str
    kind: str  # "article", "section" or "faq"
    fields: dict[str, str]
    text: str
    phrases: list[str] = field(default_factory=list)  # keywords, matched whole when a query equals one


@dataclass
class SearchPage:
    url: str  # site-absolute
    title: str
    category: str
    is_faq: bool = False
    head: SearchSection | None = None
    sections: list[SearchSection] = field(default_factory=list)


def html_text(fragment: str) -> str:
    """Readable text of an HTML fragment: tags dropped, blocks separated, entities decoded."""
    fragment = SCRIPT.sub(" ", HEADERLINK.sub("", fragment))
    fragment = BLOCK_END.sub(lambda m: m.group(0) + " \n", fragment)
    return SPACE.sub(" ", htmllib.unescape(TAG.sub(" ", fragment))).strip()


def article_page(
    *, url: str, title: str, category: str, html: str, description: str = "",
    keywords: list[str] | None = None,
) -> SearchPage:
    """An article: its head, then one document per H2/H3 heading."""
    matches = list(HEADING.finditer(html))
    intro = html[: matches[0].start()] if matches else html
    headings = [html_text(m.group(3)) for m in matches]
    head_text = html_text(intro)
    head = SearchSection(
        anchor="",
        title=title,
        kind="article",
        fields={
            "title": title,
            "keywords": " ".join(keywords or []),
            "headings": " ".join([description, *headings]),
            "body": head_text,
        },
        text=(description + " " + head_text).strip()[:SNIPPET_TEXT_LIMIT],
        phrases=list(keywords or []),
    )
    page = SearchPage(url=url, title=title, category=category, head=head)
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(html)
        body = html_text(html[match.end() : end])
        heading = headings[index]
        page.sections.append(
            SearchSection(
                anchor=match.group(2),
                title=heading,
                kind="section",
                fields={"title": "", "keywords": "", "headings": heading, "body": body},
                text=body[:SNIPPET_TEXT_LIMIT],
            )
        )
    return page


def faq_page(
    *, url: str, title: str, category: str, description: str,
    entries: list[tuple[str, str, str, list[str]]],
) -> SearchPage:
    """An FAQ page: its head, then one document per question. ``entries``: (anchor, question, answer html, keywords)."""
    head = SearchSection(
        anchor="",
        title=title,
        kind="faq",
        fields={
            "title": title,
            "keywords": "",
            "headings": " ".join([description, *(q for _, q, _, _ in entries)]),
            "body": "",
        },
        text=description[:SNIPPET_TEXT_LIMIT],
    )
    page = SearchPage(url=url, title=title, category=category, is_faq=True, head=head)
    for anchor, question, answer_html, keywords in entries:
        body = html_text(answer_html)
        page.sections.append(
            SearchSection(
                anchor=anchor,
                title=question,
                kind="faq",
                fields={"title": question, "keywords": " ".join(keywords), "headings": title, "body": body},
                text=body[:SNIPPET_TEXT_LIMIT],
                phrases=list(keywords),
            )
        )
    return page
