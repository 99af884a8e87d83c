"""Markdown written for other tools, made to build: each conversion keeps line numbers.

Staff bring help content over from Obsidian, GitBook, DocFX or GitHub. Rather than fail,
kbgen converts what it understands and warns, so the article builds today and can be
tidied later.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from kbgen.errors import Diagnostic

WIKI_LINK = re.compile(r"(!?)\[\[([^\]|#]+)(#[^\]|]*)?(?:\|([^\]]+))?\]\]")
HINT_OPEN = re.compile(r'^(\s*)\{%\s*hint\s+style=["\']?(\w+)["\']?\s*%\}\s*$')
HINT_CLOSE = re.compile(r"^\s*\{%\s*endhint\s*%\}\s*$")
CALLOUT = re.compile(r"^>\s*\[!(\w+)\][+-]?\s*(.*)$")
LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")

HINT_KINDS = {"info": "info", "success": "success", "warning": "warning", "danger": "danger"}
CALLOUT_KINDS = {"important": "info", "caution": "danger"}

Resolver = Callable[[str], str | None]


def migrate(body: str, first_line: int, path: str, resolve: Resolver) -> tuple[str, list[Diagnostic]]:
    """Convert wiki links, GitBook hints and GitHub/Obsidian callouts; warn about each.

    ``resolve`` maps a wiki-link name to a relative ``.md`` path, or ``None``.
    """
    out: list[str] = []
    problems: list[Diagnostic] = []
    in_hint = False
    in_callout = False
    for offset, text in enumerate(body.split("\n")):
        line = first_line + offset

        if in_callout:
            if text.startswith(">"):
                out.append("    " + text[1:].lstrip())
                continue
            in_callout = False
        callout = CALLOUT.match(text)
        if callout:
            kind = callout.group(1).lower()
            kind = CALLOUT_KINDS.get(kind, kind)
            title = f' "{callout.group(2)}"' if callout.group(2) else ""
            out.append(f"!!! {kind}{title}")
            in_callout = True
            continue

        hint = HINT_OPEN.match(text)
        if hint:
            kind = HINT_KINDS.get(hint.group(2).lower(), "note")
            out.append(f"!!! {kind}")
            problems.append(
                Diagnostic(path, line, "warning", "GitBook hint block converted to an admonition",
                           f"write '!!! {kind}' with an indented body instead")
            )
            in_hint = True
            continue
        if in_hint:
            if HINT_CLOSE.match(text):
                out.append("")
                in_hint = False
            else:
                out.append("    " + text if text.strip() else "")
            continue

        def replace_wiki(match: re.Match[str], line: int = line) -> str:
            is_embed, name, anchor, label = match.groups()
            target = resolve(name.strip())
            shown = (label or name).strip()
            if target is None:
                problems.append(
                    Diagnostic(path, line, "warning", f"wiki link '[[{name}]]' matches no article",
                               "link with [text](path.md) instead")
                )
                return shown
            if is_embed:
                return f"![{shown}]({target})"
            return f"[{shown}]({target}{anchor or ''})"

        text = WIKI_LINK.sub(replace_wiki, text)
        for tag in LIQUID.findall(text):
            problems.append(
                Diagnostic(path, line, "warning", f"template tag {tag!r} is shown as text",
                           "kbgen does not run Liquid or Jinja tags in articles")
            )
        out.append(text)
    if in_hint:
        problems.append(Diagnostic(path, first_line, "warning", "'{% hint %}' block is never closed"))
    return "\n".join(out), problems


def relative_link(from_src: str, to_src: str) -> str:
    """A link from one docs-relative file to another, as staff would write it."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
