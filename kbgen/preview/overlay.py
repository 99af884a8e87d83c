"""The box the preview lays over every page while the content has errors.

The messages quote file content, which is whatever staff (or an import) wrote: they go in as
escaped text, never as HTML.
"""

from __future__ import annotations

import html

OVERLAY_ID = "kbgen-preview-errors"
STYLE = (
    "position:fixed;inset:auto 0 0 0;z-index:10000;max-height:60vh;overflow:auto;margin:0;"
    "padding:1em 1.25em;background:#2b0b0e;color:#ffe9ea;border-top:4px solid #e5484d;"
    "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px #0006"
)


def overlay_html(messages: list[str]) -> str:
    """The overlay listing ``messages`` (``path:line: error: ...``), one per line."""
    count = len(messages)
    heading = f"{count} error{'s' if count != 1 else ''} in the content: the page shows the last good build"
    lines = "\n".join(html.escape(message) for message in messages)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="{STYLE}">'
        f'<strong style="display:block;margin-bottom:.5em">kbgen serve: {html.escape(heading)}</strong>'
        f'<pre style="margin:0;white-space:pre-wrap">{lines}</pre>'
        "<p style=\"margin:.75em 0 0;opacity:.8\">Fix the file and save: the page reloads.</p></div>"
    )


def with_overlay(page: bytes, messages: list[str]) -> bytes:
    """``page`` with the overlay just before ``</body>`` (at the end when there is none)."""
    box = overlay_html(messages).encode("utf-8")
    end = page.rfind(b"</body>")
    if end < 0:
        return page + box
    return page[:end] + box + page[end:]
