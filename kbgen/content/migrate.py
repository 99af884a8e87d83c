"""Markdown written for other tools, read the way those tools read it; every conversion keeps line numbers.

Staff bring help content over from Obsidian, GitBook, Docusaurus, DocFX or GitHub. kbgen
converts each tool's syntax to its nearest Material for MkDocs equivalent, silently where the
meaning is kept, and warns (once per kind and file) only where something is shown as plain text.
Nothing inside fenced or inline code is touched. Line counts never change, so every later
``path:line`` still points at the line staff wrote.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from kbgen.errors import Diagnostic

FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")
INLINE_CODE = re.compile(r"(`+).+?\1")
# [[target#heading|label]], with the pipe escaped as \| inside tables, and ![[embeds]].
WIKI_LINK = re.compile(r"(!?)\[\[([^\]|#\\]*)(#[^\]|\\]*)?(?:\\?\|([^\]]*))?\]\]")
HIGHLIGHT = re.compile(r"==([^=\s](?:[^=]*[^=\s])?)==")
COMMENT_INLINE = re.compile(r"%%.*?%%")
CALLOUT = re.compile(r"^>\s*\[!(\w+)\]([+-]?)\s*(.*)$")
DOCUSAURUS_OPEN = re.compile(r"^(:{3,})(\w+)(?:\[(.*)\]|\s+(.*))?\s*$")
HINT_OPEN = re.compile(r'^\s*\{%\s*hint\s+style=["\']?(\w+)["\']?\s*%\}\s*$')
HINT_CLOSE = re.compile(r"^\s*\{%\s*endhint\s*%\}\s*$")
TABS_TAG = re.compile(r"^\s*\{%\s*(end)?tabs\s*%\}\s*$")
TAB_OPEN = re.compile(r'^\s*\{%\s*tab\s+title=["\'](.*?)["\']\s*%\}\s*$')
TAB_CLOSE = re.compile(r"^\s*\{%\s*endtab\s*%\}\s*$")
# Tags whose content is kept as it is: the tag itself says nothing a reader needs.
WRAPPER_TAG = re.compile(r"\{%\s*(?:end)?(?:content-ref|code|swagger|file)\b[^%]*%\}")
EMBED = re.compile(r'\{%\s*embed\s+url=["\']([^"\']+)["\'](?:\s+caption=["\']([^"\']*)["\'])?\s*%\}')
LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
XREF = re.compile(r"\]\(xref:([^)\s]+)\)|<xref:([^>\s]+)>")
MDX_IMPORT = re.compile(r"^(import\s.+\sfrom\s+['\"].+['\"];?|export\s+(const|default|function)\b.*)\s*$")
MDX_COMPONENT = re.compile(r"</?([A-Z][A-Za-z0-9]*)(?=[\s/>])")

ADMONITION_KINDS = {
    # Obsidian's callout types and aliases, GitHub's and DocFX's alerts, Docusaurus' and GitBook's kinds,
    # each to the Material admonition that looks and means the same.
    "note": "note", "abstract": "abstract", "summary": "abstract", "tldr": "abstract", "info": "info",
    "todo": "info", "tip": "tip", "hint": "tip", "important": "info", "success": "success", "check": "success",
    "done": "success", "question": "question", "help": "question", "faq": "question", "warning": "warning",
    "caution": "danger", "attention": "warning", "failure": "failure", "fail": "failure", "missing": "failure",
    "danger": "danger", "error": "danger", "bug": "bug", "example": "example", "quote": "quote", "cite": "quote",
}

Resolver = Callable[[str], str | None]


@dataclass
class Resolvers:
    """How names written in another tool's syntax become relative links from the article."""

    page: Resolver  # a wiki link's page name, title or alias -> "../path.md"
    file: Resolver = lambda name: None  # an embedded file's name -> "../img/photo.png"
    xref: Resolver = lambda uid: None  # a DocFX uid -> "../path.md"


@dataclass
class Migration:
    """One article's conversion in progress: output lines and what to tell staff."""

    path: str
    first_line: int
    resolvers: Resolvers
    out: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)

    def warn_once(self, kind: str, line: int, message: str, hint: str = "") -> None:
        """One warning per kind of thing shown as text, at its first line, not one per use."""
        if kind not in self.warned:
            self.warned.add(kind)
            self.problems.append(Diagnostic(self.path, line, "warning", message, hint))


def admonition(kind: str, title: str, fold: str = "") -> str:
    """``!!! tip "Title"``; ``???`` (closed) or ``???+`` (open) for a foldable callout."""
    marker = {"-": "???", "+": "???+"}.get(fold, "!!!")
    kind = ADMONITION_KINDS.get(kind.lower(), "note")
    title = title.strip().replace('"', "&quot;")
    return f'{marker} {kind} "{title}"' if title else f"{marker} {kind}"


def migrate(body: str, first_line: int, path: str, resolve: Resolver | Resolvers) -> tuple[str, list[Diagnostic]]:
    """``body`` with other tools' syntax converted; the warnings for what could only be shown as text."""
    resolvers = resolve if isinstance(resolve, Resolvers) else Resolvers(page=resolve)
    job = Migration(path, first_line, resolvers)
    block: list[str] = []  # the open containers, innermost last: "callout", "hint", "tab", "docusaurus:N"
    fence: str | None = None
    in_comment = False
    for offset, text in enumerate(body.split("\n")):
        line = first_line + offset
        indent = "    " * sum(1 for b in block if b != "tabs")
        if fence is not None:
            if block and block[-1] == "callout" and text.startswith(">"):
                text = text[1:].removeprefix(" ")
            match = FENCE.match(text)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            job.out.append(indent + text if text.strip() else "")
            continue
        if in_comment:  # an Obsidian %% block %%: never shown
            in_comment = "%%" not in text
            job.out.append("")
            continue
        if block and block[-1] == "callout":
            if text.startswith(">") and not CALLOUT.match(text):
                text = text[1:].removeprefix(" ")
            else:  # the quote ended, or the next callout starts right after this one
                block.pop()
                indent = "    " * sum(1 for b in block if b != "tabs")
        converted = convert_block_line(job, block, text, line)
        if converted is not None:
            job.out.append(converted)
            continue
        if text.strip().startswith("%%") and text.count("%%") == 1:
            in_comment = True
            job.out.append("")
            continue
        match = FENCE.match(text)
        if match:
            fence = match.group(1)
        else:
            text = convert_inline(job, text, line)
        job.out.append(indent + text if text.strip() else "")
    for open_block in block:
        if open_block == "hint":
            job.problems.append(Diagnostic(path, first_line, "warning", "'{% hint %}' block is never closed"))
    return "\n".join(job.out), job.problems


def convert_block_line(job: Migration, block: list[str], text: str, line: int) -> str | None:
    """The line that opens or closes a callout, hint, tab or Docusaurus admonition; None for others."""
    indent = "    " * sum(1 for b in block if b != "tabs")
    if callout := CALLOUT.match(text):
        block.append("callout")
        return indent + admonition(callout.group(1), callout.group(3), callout.group(2))
    if hint := HINT_OPEN.match(text):
        block.append("hint")
        return indent + admonition(hint.group(1), "")
    if HINT_CLOSE.match(text) and "hint" in block:
        del block[block.index("hint"):]
        return ""
    if tabs := TABS_TAG.match(text):
        if tabs.group(1) and "tabs" in block:
            del block[block.index("tabs"):]
        elif not tabs.group(1):
            block.append("tabs")
        return ""
    if tab := TAB_OPEN.match(text):
        block.append("tab")
        return indent + f'=== "{tab.group(1).replace(chr(34), "&quot;")}"'
    if TAB_CLOSE.match(text) and "tab" in block:
        del block[block.index("tab"):]
        return ""
    if (docusaurus := DOCUSAURUS_OPEN.match(text)) and docusaurus.group(2).lower() in ADMONITION_KINDS:
        block.append(f"docusaurus:{len(docusaurus.group(1))}")
        return indent + admonition(docusaurus.group(2), docusaurus.group(3) or docusaurus.group(4) or "")
    if re.fullmatch(r":{3,}\s*", text) and block and block[-1].startswith("docusaurus:"):
        block.pop()
        return ""
    if MDX_IMPORT.match(text):
        job.warn_once("mdx-import", line, "MDX import/export lines are left out",
                      "kbgen renders Markdown, not MDX: write the content as Markdown")
        return ""
    return None


def convert_inline(job: Migration, text: str, line: int) -> str:
    """Wiki links, embeds, highlights, comments, xrefs and GitBook tags in one line, outside inline code."""
    out, start = [], 0
    for code in INLINE_CODE.finditer(text):
        out += [convert_prose(job, text[start:code.start()], line), code.group(0)]
        start = code.end()
    out.append(convert_prose(job, text[start:], line))
    return "".join(out)


def convert_prose(job: Migration, text: str, line: int) -> str:
    if not text:
        return text
    text = COMMENT_INLINE.sub("", text)
    text = EMBED.sub(lambda m: f"[{m.group(2) or m.group(1)}]({m.group(1)})", text)
    text = WRAPPER_TAG.sub("", text)
    text = XREF.sub(lambda m: replace_xref(job, m, line), text)
    text = WIKI_LINK.sub(lambda m: replace_wiki(job, m, line), text)
    text = HIGHLIGHT.sub(r"<mark>\1</mark>", text)
    for tag in LIQUID.findall(text):
        name = tag.strip("{}% ").split(" ")[0] or tag
        job.warn_once(f"liquid:{name}", line, f"template tag {tag!r} is shown as text",
                      "kbgen does not run Liquid or Jinja tags in articles")
    for name in MDX_COMPONENT.findall(text) if "mdx-import" in job.warned else ():
        job.warn_once(f"mdx:{name}", line, f"MDX component <{name}> is not run; its text is shown as it is",
                      "write it as Markdown")
    return text


def replace_wiki(job: Migration, match: re.Match[str], line: int) -> str:
    """``[[Page#Heading|label]]`` -> ``[label](page.md#Heading)``; ``![[photo.png]]`` -> an image."""
    is_embed, name, anchor, label = match.groups()
    name = name.strip()
    anchor = (anchor or "").strip()
    shown = (label or "").strip() or name or anchor[1:]
    if anchor.startswith("#^"):  # a block reference: Obsidian's own ids, which no page carries
        anchor = ""
    fragment = "#" + quote(anchor[1:], safe="-_.~") if len(anchor) > 1 else ""
    if not name:  # [[#Heading]]: this page
        return f"[{shown}]({fragment})" if fragment else shown
    if is_embed:
        target = job.resolvers.file(name)
        if target:
            return f"![{(label or '').strip() or posixpath.splitext(posixpath.basename(name))[0]}]({target})"
        page = job.resolvers.page(name)
        if page:
            job.warn_once("embed-note", line, f"embedded note '![[{name}]]' is shown as a link",
                          "copy the text you want shown into this article")
            return f"[{shown}]({page}{fragment})"
    target = job.resolvers.page(name)
    if target is None:
        job.problems.append(Diagnostic(job.path, line, "warning", f"wiki link '[[{name}]]' matches no article",
                                       "link with [text](path.md) instead"))
        return shown
    return f"[{shown}]({target}{fragment})"


def replace_xref(job: Migration, match: re.Match[str], line: int) -> str:
    """DocFX's ``xref:uid`` -> the article whose front matter has that ``uid``."""
    uid = match.group(1) or match.group(2)
    target = job.resolvers.xref(uid)
    if target is None:
        job.problems.append(Diagnostic(job.path, line, "warning", f"xref '{uid}' matches no article's 'uid'"))
        return "](#)" if match.group(1) else uid
    return f"]({target})" if match.group(1) else f"[{uid}]({target})"


def relative_link(from_src: str, to_src: str) -> str:
    """A link from one docs-relative file to another, as staff would write it."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
