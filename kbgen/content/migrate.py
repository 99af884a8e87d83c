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

from kbgen.content.includes import GITBOOK_INCLUDE, MARKDOWN_INCLUDE
from kbgen.content.slugs import slugify, unique_slug
from kbgen.content.vault import ambiguity
from kbgen.errors import Diagnostic

FENCE = re.compile(r"^(\s*```+|\s*~~~+)")
INLINE_CODE = re.compile(r"(`+).+?\1")
# [[target#heading|label]], with the pipe escaped as \| inside tables, and ![[embeds]]. No part holds a
# bracket (Obsidian's names cannot): an opening is matched to the next closing, never the line's rest,
# which made a long line of openings take minutes (each scanned to the end of the line).
WIKI_LINK = re.compile(r"(!?)\[\[([^\[\]|#\\]*)(#[^\[\]|\\]*)?(?:\\?\|([^\[\]]*))?\]\](?!\()")
# " ^block-id" at the end of a line, or alone on it: the id other notes link or embed the block by.
BLOCK_ID = re.compile(r"(?:(?<=\s)|(?<=\]\])|^)\^([A-Za-z0-9-]+)[ \t]*$")  # also right after an embed
# What is left where a block id was: never shown, it tells an embed where the block is.
BLOCK_MARK = "<!-- kbgen:block {} -->"
HIGHLIGHT = re.compile(r"==([^=\s](?:[^=]*[^=\s])?)==")
COMMENT_INLINE = re.compile(r"%%.*?%%")
CALLOUT = re.compile(r"^>\s*\[!(\w+)\]([+-]?)\s*(.*)$")
DOCUSAURUS_OPEN = re.compile(r"^(:{3,})(\w+)(?:\[(.*)\]|\s+(.*))?\s*$")
# {% hint style="info" %}, with GitBook's other attributes (icon="books") before or after the style.
HINT_OPEN = re.compile(
    r'^\s*\{%\s*hint\s+(?:\w+=["\'][^"\']*["\']\s+)*style=["\']?(\w+)["\']?(?:\s+\w+=["\'][^"\']*["\'])*\s*%\}\s*$'
)
HINT_CLOSE = re.compile(r"^\s*\{%\s*endhint\s*%\}\s*$")
TABS_TAG = re.compile(r"^\s*\{%\s*(end)?tabs\s*%\}\s*$")
TAB_OPEN = re.compile(r'^\s*\{%\s*tab\s+title=["\'](.*?)["\']\s*%\}\s*$')
TAB_CLOSE = re.compile(r"^\s*\{%\s*endtab\s*%\}\s*$")
# GitBook's stepper: {% stepper %} {% step %} ... {% endstep %} {% endstepper %}, an ordered list of steps.
STEPPER_TAG = re.compile(r"^\s*\{%\s*(end)?stepper\s*%\}\s*$")
STEP_TAG = re.compile(r"^\s*\{%\s*(end)?step\s*%\}\s*$")
PROMPT_OPEN = re.compile(r'^\s*\{%\s*prompt\b(?P<attrs>[^%]*)%\}\s*$')
PROMPT_CLOSE = re.compile(r"^\s*\{%\s*endprompt\s*%\}\s*$")
UPDATE_OPEN = re.compile(r'^\s*\{%\s*update\b(?P<attrs>[^%]*)%\}\s*$')
# GitBook's adaptive content: {% if visitor.claims... %} ... {% else %} ... {% endif %}.
VISITOR_IF = re.compile(r"^\s*\{%\s*if\s+!?\s*visitor\.[^%]*%\}\s*$")
VISITOR_BRANCH = re.compile(r"^\s*\{%\s*(?:(else)|elsif\s[^%]*|elif\s[^%]*|(endif))\s*%\}\s*$")
ATTRIBUTE = re.compile(r'(\w+)=["\']([^"\']*)["\']')
# Tags whose content is kept as it is: the tag itself says nothing a reader needs.
WRAPPER_TAG = re.compile(
    r"\{%\s*(?:(?:end)?(?:content-ref|code|swagger|openapi|file|columns?|updates|update)|endembed)\b(?:[^%{]|%(?!\}))*%\}"
)
# GitBook's file block: a download, its caption on the lines up to {% endfile %}.
FILE_TAG = re.compile(r'\{%\s*file\s+src=["\']([^"\']+)["\'][^%{]*%\}')
# GitBook's older link card, {% page-ref page="distributors.md" %}: a link shown with the linked page's
# title, which only the whole help center knows (kbgen/site/pages.py, page_titles, fills in the mark).
PAGE_REF = re.compile(r'\{%\s*page-ref\s+page=["\']([^"\'\n]+)["\'][^%{]*%\}')
PAGE_TITLE_MARK = "<!-- kbgen:page-title -->"
EMBED = re.compile(r'\{%\s*embed\s+url=["\']([^"\']+)["\'](?:\s+caption=["\']([^"\']*)["\'])?\s*%\}')
# A tag ends before the next one opens (a tag holds no brace): linear on a line of openings.
LIQUID = re.compile(r"\{%[^{]*?%\}|\{\{[^{]*?\}\}")
XREF = re.compile(r"\]\(xref:([^)\s\]]+)\)|<xref:([^<>\s]+)>")
# An HTML <pre> block (GitBook writes code with marked lines as <pre><code>): code, kept as written.
PRE_OPEN = re.compile(r"^\s*<pre[\s>]")
DETAILS_OPEN = re.compile(r"^<details(?![^>]*\bmarkdown=)[\s>]")
MDX_IMPORT = re.compile(r"^(import\s.+\sfrom\s+['\"].+['\"];?|export\s+(const|default|function)\b.*)\s*$")
# Docusaurus' <Tabs> with a <TabItem value="..." label="..."> on a line of its own: content tabs.
MDX_TABS = re.compile(r"^\s*<(/?)Tabs\b[^>]*>\s*$")
MDX_TAB_OPEN = re.compile(r"^\s*<TabItem\b(?P<attrs>[^>]*)>\s*$")
MDX_TAB_CLOSE = re.compile(r"^\s*</TabItem>\s*$")
MDX_COMPONENT = re.compile(r"</?([A-Z][A-Za-z0-9]*)(?=[\s/>])")
# Docusaurus' cards of a category's pages, on the category's page, and the imports it needs: kbgen's
# category page lists those pages where the mark is (kbgen/site/pages.py, doc_cards).
DOC_CARDS = re.compile(r"^<DocCardList\s*(?:items=\{\s*useCurrentSidebarCategory\(\)\.items\s*\}\s*)?/>\s*$")
DOC_CARDS_IMPORT = re.compile(
    r"^import\s+(?:DocCardList\s+from\s+(['\"])@theme/DocCardList\1"
    r"|\{\s*useCurrentSidebarCategory\s*\}\s+from\s+(['\"])@docusaurus/theme-common\2)\s*;?\s*$"
)
DOC_CARDS_MARK = "<!-- kbgen:cards -->"

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
    # an embedded or linked file's name -> "../img/photo.png"; the candidates (docs-relative) when several fit
    file: Callable[[str], str | list[str] | None] = lambda name: None
    xref: Resolver = lambda uid: None  # a DocFX uid -> "../path.md"
    note: Resolver = lambda name: None  # an embedded note's name -> its path under the docs folder
    # An include statement ("gitbook" or "markdown", the path, markdown-include's lines=, the line, the depth
    # of the heading above it, inside code?) -> the marker to leave ("" for nothing), None to keep it as text
    # (see kbgen.content.includes).
    include: Callable[..., str | None] | None = None


# Obsidian's image size: ![[photo.png|250]], ![[photo.png|alt|100x145]], ![250](url), ![alt|100x145](url).
WIKI_SIZE = re.compile(r"^(?:(.*)\|)?(\d+)(?:x(\d+))?$")
MARKDOWN_SIZE = re.compile(r"!\[(?:([^\[\]\n|]*)\|)?(\d+)(?:x(\d+))?\]\(([^()\s]+)\)")
# What an embed shows as an image; any other file embedded is linked.
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico"}
EMBED_MARK = "<!-- kbgen:embed {} -->"
EMBED_MARK_PATTERN = re.compile(r"^[ \t]*<!-- kbgen:embed (\S+) -->[ \t]*$", re.MULTILINE)


@dataclass
class Migration:
    """One article's conversion in progress: output lines and what to tell staff."""

    path: str
    first_line: int
    resolvers: Resolvers
    out: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    indented: bool = False  # the line being converted starts 4 spaces in
    current: str = ""  # the line being converted
    heading_depth: int = 0  # the '#'s of the last line starting with one (markdown-include's inheritHeadingDepth)

    def include(self, form: str, written: str, lines: str | None, line: int, in_code: bool = False) -> str | None:
        if self.resolvers.include is None:
            return None
        return self.resolvers.include(form, written, lines, line, self.heading_depth, in_code)

    def markdown_includes(self, text: str, line: int, in_code: bool = False) -> str:
        """markdown-include's ``{!file!}`` statements in ``text``, each a marker; text (with one warning,
        outside code) where mkdocs.yml does not configure the extension, as MkDocs then shows them."""
        if "{!" not in text or self.resolvers.include is None:
            return text

        def replace(match: re.Match[str]) -> str:
            found = self.include("markdown", match.group(1), match.group(2), line, in_code)
            if found is None and not in_code:
                self.warn_once("markdown-include", line, f"'{match.group(0)}' is shown as text",
                               "to include the file, list markdown_include.include in mkdocs.yml's "
                               "markdown_extensions")
            return match.group(0) if found is None else found

        return MARKDOWN_INCLUDE.sub(replace, text)

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


@dataclass
class Block:
    """An open container: a callout, hint, tab set, tab or Docusaurus admonition.

    ``prefix`` is the indentation its source lines start with (a list item's content column);
    ``inner`` is what its content lines start with in the output.
    """

    kind: str
    prefix: str
    inner: str
    colons: int = 0  # a Docusaurus admonition's fence length
    start: int = 0  # a step's first output line: its first text line gets the list marker


def migrate(body: str, first_line: int, path: str, resolve: Resolver | Resolvers) -> tuple[str, list[Diagnostic]]:
    """``body`` with other tools' syntax converted; the warnings for what could only be shown as text."""
    resolvers = resolve if isinstance(resolve, Resolvers) else Resolvers(page=resolve)
    job = Migration(path, first_line, resolvers)
    blocks: list[Block] = []
    fence: str | None = None
    in_comment = in_pre = False
    for offset, text in enumerate(normalise_list_indents(body).split("\n")):
        line = first_line + offset
        if text.startswith("#"):
            job.heading_depth = len(text) - len(text.lstrip("#"))
        rest = enter_blocks(blocks, text)
        while rest is None:  # a callout ended on this line: the line is read again inside what is left open
            fence = None
            rest = enter_blocks(blocks, text)
        inner = blocks[-1].inner if blocks else ""
        if fence is not None:
            match = FENCE.match(rest)
            if match and match.group(1).lstrip()[0] == fence[0] and len(match.group(1).strip()) >= len(fence):
                fence = None
            else:  # markdown-include reads its statements in code too: a source file shown in a code block
                rest = job.markdown_includes(rest, line, in_code=True)
            job.out.append(inner + rest if rest.strip() else "")
            continue
        if in_pre or PRE_OPEN.match(rest):
            in_pre = "</pre>" not in rest
            job.out.append(inner + rest if rest.strip() else "")
            continue
        if in_comment:  # an Obsidian %% block %%: never shown
            in_comment = "%%" not in rest
            job.out.append("")
            continue
        converted = convert_block_line(job, blocks, rest, line)
        if converted is not None:
            job.out.append(converted)
            continue
        if rest.strip().startswith("%%") and rest.count("%%") == 1:
            in_comment = True
            job.out.append("")
            continue
        match = FENCE.match(rest)
        if match:
            fence = match.group(1).strip()
        else:
            rest = convert_inline(job, rest, line)
        job.out.append(inner + rest if rest.strip() else "")
    if any(b.kind == "hint" for b in blocks):
        job.problems.append(Diagnostic(path, first_line, "warning", "'{% hint %}' block is never closed"))
    if blocks:  # a step never closed is still a step
        close_block(blocks, blocks[0].kind, job.out)
    return "\n".join(job.out), job.problems


def enter_blocks(blocks: list[Block], text: str) -> str | None:
    """``text`` with the open containers' prefixes (and callouts' ``>``) taken off.

    None when a callout has ended here (the line does not continue its quote, or opens the next
    callout): the callout and everything inside it are closed.
    """
    rest = text
    for index, block in enumerate(blocks):
        body = strip_indent(rest, block.prefix)
        if block.kind != "callout":
            rest = body
            continue
        if not body.startswith(">") or CALLOUT.match(body):
            del blocks[index:]
            return None
        rest = body[1:].removeprefix(" ")
    return rest


def strip_indent(text: str, prefix: str) -> str:
    """``text`` without up to ``len(prefix)`` leading spaces."""
    if text.startswith(prefix):
        return text[len(prefix):]
    return text[min(len(text) - len(text.lstrip(" ")), len(prefix)):]


def open_block(blocks: list[Block], kind: str, rest: str, colons: int = 0) -> str:
    """Push a container opened on a line whose text (inside the enclosing ones) is ``rest``; its out indent."""
    lead = rest[: len(rest) - len(rest.lstrip(" "))]
    out = (blocks[-1].inner if blocks else "") + lead
    blocks.append(Block(kind, lead, out if kind in UNINDENTED else out + "    ", colons))
    return out


# Containers whose content is not indented in the output: only their tags are taken out.
UNINDENTED = {"tabs", "mdx-tabs", "stepper", "visitor-if"}


def close_block(blocks: list[Block], kind: str, out: list[str] | None = None) -> bool:
    """Close the innermost open ``kind`` (and what it holds); False when none is open.

    ``out``: the output so far, where a closing step's first text line becomes a list item.
    """
    for index in range(len(blocks) - 1, -1, -1):
        if blocks[index].kind == kind:
            for block in blocks[index:] if out is not None else ():
                if block.kind == "step":
                    mark_step(out, block)
            del blocks[index:]
            return True
    return False


def mark_step(out: list[str], step: Block) -> None:
    """``1.`` before a step's first line of text, so that the steps of a stepper are an ordered list.

    Every step is numbered ``1.``: Markdown counts the items of a list itself.
    """
    for index in range(step.start, len(out)):
        if out[index].strip():
            if out[index].startswith(step.inner):
                out[index] = step.inner[:-4] + "1.  " + out[index][len(step.inner):]
            return


def convert_block_line(job: Migration, blocks: list[Block], rest: str, line: int) -> str | None:
    """The line that opens or closes a callout, hint, tab or Docusaurus admonition; None for others."""
    text = rest.lstrip(" ")
    if (include := GITBOOK_INCLUDE.match(text)) and (found := job.include("gitbook", include.group(2), None, line)) \
            is not None:  # GitBook's reusable content: its text goes here, indented as the statement is
        return ((blocks[-1].inner if blocks else "") + rest[: len(rest) - len(text)] + found) if found else ""
    if callout := CALLOUT.match(text):
        return open_block(blocks, "callout", rest) + admonition(callout.group(1), callout.group(3), callout.group(2))
    if hint := HINT_OPEN.match(text):
        return open_block(blocks, "hint", rest) + admonition(hint.group(1), "")
    if HINT_CLOSE.match(text) and close_block(blocks, "hint", job.out):
        return ""
    if tabs := TABS_TAG.match(text):
        if not tabs.group(1):
            open_block(blocks, "tabs", rest)
            return ""
        if close_block(blocks, "tabs", job.out):
            return ""
    if tab := TAB_OPEN.match(text):
        return open_block(blocks, "tab", rest) + f'=== "{tab.group(1).replace(chr(34), "&quot;")}"'
    if TAB_CLOSE.match(text) and close_block(blocks, "tab", job.out):
        return ""
    if converted := convert_gitbook_block(job, blocks, rest, text, line):
        return converted[0]
    if (docusaurus := DOCUSAURUS_OPEN.match(text)) and docusaurus.group(2).lower() in ADMONITION_KINDS:
        title = docusaurus.group(3) or docusaurus.group(4) or ""
        return open_block(blocks, "docusaurus", rest, len(docusaurus.group(1))) + admonition(docusaurus.group(2), title)
    if re.fullmatch(r":{3,}\s*", text) and blocks and blocks[-1].kind == "docusaurus":
        blocks.pop()
        return ""
    if converted := convert_mdx_tabs(job, blocks, rest, text):
        return converted[0]
    if converted := convert_doc_cards(job, blocks, text, line):
        return converted[0]
    if MDX_IMPORT.match(text):
        job.warn_once("mdx-import", line, "MDX import/export lines are left out",
                      "kbgen renders Markdown, not MDX: write the content as Markdown")
        return ""
    if DETAILS_OPEN.match(text):  # Markdown inside <details> is rendered, as GitHub and Docusaurus do
        inner = blocks[-1].inner if blocks else ""
        return inner + rest.replace("<details", '<details markdown="1"', 1)
    return None


def convert_mdx_tabs(job: Migration, blocks: list[Block], rest: str, text: str) -> tuple[str] | None:
    """Docusaurus' ``<Tabs>`` / ``<TabItem label="Card">`` lines as content tabs; None for other lines.

    A tab's text is often not indented under its ``<TabItem>``: the tab's Markdown is indented by
    four from where the tab set starts, whatever the tags' own indentation.
    """
    if tabs := MDX_TABS.match(text):
        if not tabs.group(1):
            open_block(blocks, "mdx-tabs", rest)
            return ("",)
        if close_block(blocks, "mdx-tabs", job.out):
            return ("",)
    if (item := MDX_TAB_OPEN.match(text)) and blocks and blocks[-1].kind == "mdx-tabs":
        attrs = dict(ATTRIBUTE.findall(item.group("attrs")))
        label = attrs.get("label") or attrs.get("value") or "Tab"
        lead = rest[: len(rest) - len(rest.lstrip(" "))]
        out = blocks[-1].inner
        blocks.append(Block("tab", lead, out + "    "))
        return (out + f'=== "{label.replace(chr(34), "&quot;")}"',)
    if MDX_TAB_CLOSE.match(text) and any(b.kind == "mdx-tabs" for b in blocks) and close_block(blocks, "tab", job.out):
        return ("",)
    return None


def convert_doc_cards(job: Migration, blocks: list[Block], text: str, line: int) -> tuple[str] | None:
    """Docusaurus' ``<DocCardList />`` (the current category's cards) as the mark where the page lists
    its category's pages, and its ``import`` lines left out without a warning; None for other lines.

    A ``<DocCardList items={...}>`` of its own list is JavaScript: warned about, and shown as written.
    """
    if DOC_CARDS_IMPORT.match(text):
        return ("",)
    if DOC_CARDS.match(text):
        return ((blocks[-1].inner if blocks else "") + DOC_CARDS_MARK,)
    if text.startswith("<DocCardList"):
        job.warn_once("mdx:DocCardList", line, "MDX component <DocCardList> with its own items is not run; its "
                      "text is shown as it is", "write the list as Markdown links, or <DocCardList /> alone")
    return None


def convert_gitbook_block(job: Migration, blocks: list[Block], rest: str, text: str, line: int) -> tuple[str] | None:
    """GitBook's steppers, prompts, update dates and adaptive content; the converted line, or None."""
    if stepper := STEPPER_TAG.match(text):
        if not stepper.group(1):
            open_block(blocks, "stepper", rest)
            return ("",)
        if close_block(blocks, "stepper", job.out):
            return ("",)
    if step := STEP_TAG.match(text):
        if not step.group(1):
            open_block(blocks, "step", rest)
            blocks[-1].start = len(job.out) + 1
            return ("",)
        if close_block(blocks, "step", job.out):
            return ("",)
    if prompt := PROMPT_OPEN.match(text):  # a prompt to copy into an AI tool, titled by its description
        attrs = dict(ATTRIBUTE.findall(prompt.group("attrs")))
        return (open_block(blocks, "prompt", rest) + admonition("example", attrs.get("description", "")),)
    if PROMPT_CLOSE.match(text) and close_block(blocks, "prompt", job.out):
        return ("",)
    if update := UPDATE_OPEN.match(text):  # one entry of a changelog: its date heads its text
        attrs = dict(ATTRIBUTE.findall(update.group("attrs")))
        inner = blocks[-1].inner if blocks else ""
        return (inner + f"*{attrs['date']}*  " if attrs.get("date") else "",)
    if VISITOR_IF.match(text):
        job.warn_once("visitor-if", line, "adaptive content: every '{% if visitor... %}' branch is shown",
                      "kbgen pages are the same for every visitor: keep the text that fits all of them")
        open_block(blocks, "visitor-if", rest)
        return ("",)
    if (branch := VISITOR_BRANCH.match(text)) and blocks and blocks[-1].kind == "visitor-if":
        if branch.group(2):
            blocks.pop()
        return ("",)
    return None


LIST_MARKER = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")


@dataclass
class ListItem:
    indent: int  # where its marker starts, in the source
    content: int  # where its text starts, in the source
    out: int  # where its marker starts in the output


def normalise_list_indents(body: str) -> str:
    """Lists nested by two or three spaces (GitHub, Obsidian) re-indented by four, as Python-Markdown reads them.

    CommonMark nests an item under another when it starts at the parent's text column; Python-Markdown
    wants four spaces. Only the indentation of list lines (and of the lines inside those items) changes.
    """
    if not re.search(r"(?m)^ {1,3}([-*+]|\d{1,9}[.)]) ", body):
        return body
    out: list[str] = []
    stack: list[ListItem] = []
    fence: tuple[str, int] | None = None  # the open fence and the shift its lines get
    previous_blank = True
    for text in body.split("\n"):
        indent = len(text) - len(text.lstrip(" "))
        if fence is not None:
            closing = FENCE.match(text)
            out.append(shift(text, fence[1]))
            if closing and closing.group(1).strip()[0] == fence[0][0]:
                fence = None
            continue
        if not text.strip() or "\t" in text[:indent + 1]:
            out.append(text)
            previous_blank = previous_blank or not text.strip()
            continue
        marker = LIST_MARKER.match(text)
        if marker:
            while stack and indent < stack[-1].content:
                stack.pop()
            out_indent = stack[-1].out + 4 if stack else indent
            stack.append(ListItem(indent, indent + len(marker.group(2)) + max(len(marker.group(3)), 1), out_indent))
            out.append(" " * out_indent + text[indent:])
        else:
            owner = next((item for item in reversed(stack) if item.content <= indent), None)
            if owner is None:
                if indent == 0 and previous_blank:
                    stack.clear()
                out.append(text)
            else:
                delta = owner.out + 4 - owner.content
                out.append(shift(text, delta))
                if (opening := FENCE.match(text)) is not None:
                    fence = (opening.group(1).strip(), delta)
        previous_blank = False
    return "\n".join(out)


def shift(text: str, delta: int) -> str:
    if delta >= 0 or not text.strip():
        return " " * delta + text if text.strip() else text
    indent = len(text) - len(text.lstrip(" "))
    return text[min(indent, -delta):]


def convert_inline(job: Migration, text: str, line: int) -> str:
    """Wiki links, embeds, highlights, comments, xrefs and GitBook tags in one line, outside inline code.

    A wiki link may hold code (``[[Page#`id`|id]]``): whichever starts first, a wiki link or a code
    span, is taken whole.
    """
    job.indented = text.startswith("    ")
    job.current = text
    out, start = [], 0
    while True:
        code = INLINE_CODE.search(text, start)
        wiki = WIKI_LINK.search(text, start)
        if code is None:
            break
        if wiki is not None and wiki.start() < code.start() < wiki.end():
            out.append(convert_prose(job, text[start:wiki.end()], line))
            start = wiki.end()
            continue
        out += [convert_prose(job, text[start:code.start()], line), code.group(0)]
        start = code.end()
    tail = text[start:]
    if "^" in tail and not job.indented:  # Obsidian's block id ends its block's last line: never shown
        tail = BLOCK_ID.sub(lambda m: BLOCK_MARK.format(m.group(1)), tail)
    out.append(convert_prose(job, tail, line))
    return "".join(out)


# What a line must hold for convert_prose to change it: most lines hold none, and are left at once.
PROSE_MARKS = ("%%", "{%", "{{", "xref:", "[[", "==", "![", "{!")


def convert_prose(job: Migration, text: str, line: int) -> str:
    if not text or not any(mark in text for mark in PROSE_MARKS) and not (
        "<" in text and "mdx-import" in job.warned
    ):
        return text
    text = job.markdown_includes(text, line)
    text = COMMENT_INLINE.sub("", text)
    text = EMBED.sub(lambda m: f"[{m.group(2) or m.group(1)}]({m.group(1)})", text)
    text = FILE_TAG.sub(file_link, text)
    text = PAGE_REF.sub(lambda m: f"[{PAGE_TITLE_MARK}]({link_target(m.group(1))})", text)
    text = WRAPPER_TAG.sub("", text)
    text = XREF.sub(lambda m: replace_xref(job, m, line), text)
    text = WIKI_LINK.sub(lambda m: replace_wiki(job, m, line), text)
    text = HIGHLIGHT.sub(r"<mark>\1</mark>", text)
    text = MARKDOWN_SIZE.sub(sized_image, text) if "![" in text else text
    for tag in LIQUID.findall(text) if not job.indented else ():  # 4 spaces in: most likely code
        name = tag.strip("{}% ").split(" ")[0] or tag
        job.warn_once(f"liquid:{name}", line, f"template tag {tag!r} is shown as text",
                      "kbgen does not run Liquid or Jinja tags in articles")
    for name in MDX_COMPONENT.findall(text) if "mdx-import" in job.warned else ():
        job.warn_once(f"mdx:{name}", line, f"MDX component <{name}> is not run; its text is shown as it is",
                      "write it as Markdown")
    return text


def file_link(match: re.Match[str]) -> str:
    """``{% file src="../assets/size chart.pdf" %}`` -> a link to the file, named by its file name."""
    src = match.group(1)
    return f"[{posixpath.basename(src.rstrip('/')) or src}]({link_target(src)})"


def link_target(src: str) -> str:
    """A path as a Markdown link's target: in angle brackets where it has a space."""
    return f"<{src}>" if " " in src else src


def replace_wiki(job: Migration, match: re.Match[str], line: int) -> str:
    """``[[Page#Heading|label]]`` -> ``[label](page.md#Heading)``; ``![[photo.png]]`` -> an image."""
    is_embed, name, anchor, label = match.groups()
    name = name.strip()
    anchor = (anchor or "").strip().replace("`", "")
    shown = (label or "").strip() or name or anchor[1:].split("#")[-1]
    # A block reference (#^id, also under a heading: #Heading#^id) names an Obsidian block id, which
    # no page carries: the link check sends it to the heading the block is under.
    anchor, _, block = anchor.partition("#^")
    # #Heading#Subheading is kept whole (%23 between the two): the link check finds the subheading.
    fragment = "#" + quote(anchor[1:], safe="-_.~") if len(anchor) > 1 else ""
    fragment = "#^" + quote(block, safe="-_.~") if block else fragment
    if not name:  # [[#Heading]]: this page
        return f"[{shown}]({fragment})" if fragment else shown
    if is_embed:
        target = job.resolvers.file(name) if not name.lower().endswith(".md") else None  # ![[Note.md]]: a note
        if isinstance(target, list):
            return ambiguous_file(job, match, name, target, line)
        extension = posixpath.splitext(name)[1].lower()
        if target and extension not in IMAGE_EXTENSIONS:  # audio, video, PDF, canvas: a page shows no player
            job.warn_once(f"embed-file:{extension}", line, f"embedded file '![[{name}]]' is shown as a link",
                          "a help center page shows images only")
            return f"[{(label or '').strip() or posixpath.basename(name)}]({target})"
        if target:
            alt, attrs = image_size((label or "").strip())
            return f"![{alt or posixpath.splitext(posixpath.basename(name))[0]}]({target}){attrs}"
        page = job.resolvers.page(name)
        note = job.resolvers.note(name)
        if note and match.group(0) == job.current.strip():
            # The note's text (or that heading's section, or that block) goes here when the page renders.
            section = "^" + block if block else anchor[1:]
            return EMBED_MARK.format(quote(note, safe="/") + ("#" + quote(section, safe="") if section else ""))
        if page:
            job.warn_once("embed-note", line, f"embedded note '![[{name}]]' is shown as a link",
                          "embed a note, a heading or a block on a line of its own, or copy the text into this article")
            return f"[{shown}]({page}{fragment})"
    target = job.resolvers.page(name)
    if target is None and not is_embed:  # [[photo.png|see the screenshot]]: a link to the file
        target = job.resolvers.file(name)
        if isinstance(target, list):
            return ambiguous_file(job, match, name, target, line)
        fragment = "" if target else fragment
    if target is None:
        if is_embed and posixpath.splitext(name)[1].lower() not in ("", ".md"):
            job.problems.append(Diagnostic(job.path, line, "warning", f"embedded file '![[{name}]]' is not in the "
                                           "docs folder", f"add {name} to the docs folder"))
            return shown
        job.problems.append(Diagnostic(job.path, line, "warning", f"wiki link '[[{name}]]' matches no article",
                                       "link with [text](path.md) instead"))
        return shown
    return f"[{shown}]({target}{fragment})"


def image_size(label: str) -> tuple[str, str]:
    """An image label's alt text, and attr_list's ``{ width=... }`` for the size Obsidian reads in it."""
    size = WIKI_SIZE.match(label)
    if size is None:
        return label, ""
    height = f' height="{size.group(3)}"' if size.group(3) else ""
    return (size.group(1) or "").strip(), f'{{ width="{size.group(2)}"{height} }}'


def sized_image(match: re.Match[str]) -> str:
    """``![alt|250](url)`` -> ``![alt](url){ width="250" }``."""
    alt, attrs = image_size(match.group(0)[2:match.group(0).index("](")])
    return f"![{alt}]({match.group(4)}){attrs}"


def ambiguous_file(job: Migration, match: re.Match[str], name: str, candidates: list[str], line: int) -> str:
    """A wiki link or embed whose file name several files have: its text, and a warning naming them."""
    job.problems.append(Diagnostic(job.path, line, "warning", f"{match.group(0).replace(chr(92), '')}: "
                                   + ambiguity(name, candidates), "write the file's path in the link"))
    return (match.group(4) or "").strip() or name


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


SUMMARY_LINE = re.compile(r"^(\s*)<summary>(.+?)</summary>(\s*)$")
TAG = re.compile(r"<[^>]+>")


def summary_anchors(body: str, taken: set[str]) -> tuple[str, dict[str, str]]:
    """``body`` with an id on each ``<summary>`` line, as GitBook's expandable blocks have; {id: text}.

    GitBook links to an expandable block by its summary's slug (``roles.md#admin``). An id a
    heading of the page has already is left to the heading.
    """
    ids: dict[str, str] = {}
    seen = set(taken)
    lines = body.split("\n")
    fence = None
    for index, text in enumerate(lines):
        if (match := FENCE.match(text)) is not None:
            mark = match.group(1).strip()[0]
            fence = mark if fence is None else (None if mark == fence else fence)
            continue
        if fence or "<summary>" not in text or not (summary := SUMMARY_LINE.match(text)):
            continue
        words = TAG.sub("", summary.group(2)).strip()
        slug = slugify(words)
        if not slug or slug in seen:
            continue
        slug = unique_slug(slug, seen)
        ids[slug] = words
        lines[index] = f'{summary.group(1)}<summary id="{slug}">{summary.group(2)}</summary>{summary.group(3)}'
    return "\n".join(lines), ids
