"""Page Markdown turned into HTML by one converter per build, reset between pages (issue 12).

MkDocs makes a new ``markdown.Markdown`` for every page, importing, configuring and registering
every extension again: at 3,000 articles that is a fifth of the Markdown time. Python-Markdown's
``reset()`` readies a converter for the next document, and the extensions listed here keep their
per-document state where ``reset()`` clears it, so the pages' HTML is what MkDocs' own render
writes. With any other extension in mkdocs.yml (its state is unknown), pages keep MkDocs' render.
"""

from __future__ import annotations

import logging
from typing import Any

import markdown

try:  # what MkDocs' Page.render registers for each page; without them, MkDocs renders as it always does
    from mkdocs.structure.pages import (
        _ExtractAnchorsTreeprocessor,
        _ExtractTitleTreeprocessor,
        _RawHTMLPreprocessor,
        _RelativePathTreeprocessor,
    )
    from mkdocs.structure.toc import get_toc
except ImportError:  # pragma: no cover - another MkDocs than the locked one
    _ExtractAnchorsTreeprocessor = None

# Extensions whose state lives in one document's run or is cleared by reset() (footnotes, abbr,
# pymdownx.superfences' stash, pymdownx.tabbed's group count, toc's tokens).
RESETTABLE = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "sane_lists",
    "tables", "toc", "pymdownx.details", "pymdownx.highlight", "pymdownx.magiclink", "pymdownx.superfences",
    "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
})

log = logging.getLogger("mkdocs.structure.pages")  # MkDocs' render asks this logger's level


def reusable(extensions: list[Any]) -> bool:
    """Whether every extension of ``markdown_extensions`` is one a reset converter renders as a new one."""
    if _ExtractAnchorsTreeprocessor is None:
        return False
    names = [name.removeprefix("markdown.extensions.") if isinstance(name, str) else None for name in extensions]
    return all(name in RESETTABLE for name in names)


class PageRenderer:
    """``Page.render`` of MkDocs 1.6 with one converter for the build's pages: ``render(page, config, files)``."""

    def __init__(self, config) -> None:
        self.config = config
        self.md: markdown.Markdown | None = None

    def render(self, page, config, files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.md is None:
            self.md = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {},
            )
        md = self.md
        md.reset()
        # MkDocs' per-page processors, registered anew under their names (replacing the last page's).
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors

    def bind(self, page) -> None:
        """``page.render(config, files)`` renders with this converter from now on."""
        page.render = lambda config, files: self.render(page, config, files)
