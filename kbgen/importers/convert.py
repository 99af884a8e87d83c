"""Article bodies from a help desk's HTML to Markdown, by markdownify on a BeautifulSoup tree.

Before converting, links and images are rewritten on the parsed tree (links between imported
articles become relative ``.md`` paths; images keep their old, absolute addresses), and what
cannot be Markdown is dropped (scripts, styles, forms). Text is escaped so that it stays text:
``&lt;script&gt;`` in the help desk is ``<script>`` shown to the shopper, never a tag, and
``{: onclick=...}`` is never an attribute list.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from kbgen.content.slugs import slugify

#: Help desk callout classes and the admonition each becomes.
CALLOUTS = {
    "callout-yellow": "warning", "callout-red": "danger", "callout-green": "tip", "callout-blue": "info",
    "callout--warning": "warning", "callout--danger": "danger", "callout--success": "tip", "callout--info": "info",
    "callout-warning": "warning", "callout-danger": "danger", "callout-success": "tip", "callout-info": "info",
}
DROPPED = ("script", "style", "noscript", "form", "object", "embed", "template", "svg", "button", "input")
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_TEXT_ESCAPES = [
    (re.compile(r"&(?=#?\w+;)"), "&amp;"),  # "&copy;" written as text stays text
    (re.compile(r"<"), "&lt;"),
    (re.compile(r"\{"), "&#123;"),
]
_LINE_START = re.compile(r"^(\s*)(#{1,6}\s|>|[-+]\s|!!!|\?\?\?|:::)")
_NUMBERED = re.compile(r"^(\s*\d+)([.)]\s)")

Rewrite = Callable[[str], str | None]


class HelpDeskConverter(MarkdownConverter):
    """markdownify with help-desk habits: callouts as admonitions, pipes safe in tables, videos as links."""

    def escape(self, text, parent_tags):
        text = super().escape(text, parent_tags)
        for pattern, replacement in _TEXT_ESCAPES:
            text = pattern.sub(replacement, text)
        if "td" in parent_tags or "th" in parent_tags:
            text = text.replace("|", "\\|")
        if "_inline" not in parent_tags:
            text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
            text = _NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
        return text

    def convert_div(self, el, text, parent_tags):
        kind = callout_kind(el)
        if kind and "_inline" not in parent_tags and text.strip():
            return f"\n\n!!! {kind}\n\n{textwrap.indent(text.strip(), '    ')}\n\n"
        return super().convert_div(el, text, parent_tags)

    convert_section = convert_div
    convert_aside = convert_div

    def convert_p(self, el, text, parent_tags):
        kind = callout_kind(el)
        if kind and "_inline" not in parent_tags and text.strip():
            return f"\n\n!!! {kind}\n\n    {text.strip()}\n\n"
        return super().convert_p(el, text, parent_tags)

    def convert_a(self, el, text, parent_tags):
        href = el.get("href") or ""
        if unsafe_scheme(href, SAFE_SCHEMES):
            return text  # javascript:, data: ...: the words stay, the link goes
        if href and re.search(r"[\s()<>]", href):
            el["href"] = "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        src = el.get("src") or ""
        if unsafe_scheme(src, ("http:", "https:")):
            return el.get("alt") or ""  # data: images are not copied into Markdown
        el["alt"] = (el.get("alt") or "").replace("[", "\\[").replace("]", "\\]")
        if re.search(r"[\s()<>]", src):
            el["src"] = "<" + src.replace("<", "%3C").replace(">", "%3E") + ">"
        return super().convert_img(el, text, parent_tags)

    def convert_iframe(self, el, text, parent_tags):
        src = el.get("src") or ""
        if src.startswith("//"):
            src = "https:" + src
        if not src.lower().startswith(("http:", "https:")):
            return ""
        title = (el.get("title") or "Video").replace("[", "\\[").replace("]", "\\]")
        return f"\n\n[{title}](<{src}>)\n\n"


def unsafe_scheme(url: str, allowed: tuple[str, ...]) -> bool:
    """``javascript:``, ``data:`` and other schemes that are not in ``allowed`` (paths are fine)."""
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" in head and not url.lower().startswith(allowed)


def callout_kind(el: Tag) -> str | None:
    classes = el.get("class") or []
    for name in classes:
        if name in CALLOUTS:
            return CALLOUTS[name]
    return "note" if any(name in ("callout", "wysiwyg-callout", "notice") for name in classes) else None


def heading_anchors(html: str) -> dict[str, str]:
    """The help desk's heading ids (``h_01H8...``) and the anchor kbgen gives each heading."""
    soup = BeautifulSoup(html or "", "html.parser")
    found = {}
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        if heading.get("id"):
            found[str(heading["id"])] = slugify(heading.get_text(" ", strip=True))
    return found


def html_to_markdown(html: str, link: Rewrite, image: Rewrite) -> str:
    """Markdown for an article body; ``link`` and ``image`` give each href and src its new address."""
    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    for a in soup.find_all("a", href=True):
        new = link(str(a["href"]).strip())
        if new is not None:
            a["href"] = new
    for img in soup.find_all("img"):
        new = image(str(img.get("src") or "").strip())
        if new is None:
            img.decompose()
        else:
            img["src"] = new
    converter = HelpDeskConverter(heading_style="ATX", bullets="-", strong_em_symbol="*", escape_misc=False)
    markdown = converter.convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
