"""Text an article takes from another file: GitBook's ``{% include "..." %}`` and markdown-include's ``{!file!}``.

GitBook keeps reusable content in ``.gitbook/includes/*.md`` (a ``title:`` in front matter, then the
blocks) and writes ``{% include "../.gitbook/includes/block.md" %}`` on a line of its own, the path
relative to the page (``/`` for the top of the space); links in the block are relative to the block's
file. MkDocs sites with the markdown-include extension write ``{!abbreviations.md!}`` anywhere in a
line (``{!file!lines=1 3-5}`` for some lines of it), the path relative to the extension's
``base_path``, and the text goes in as if it were written there: its links are read from the page.

Each statement becomes one marker line (:data:`INCLUDE_MARK`), so every later ``path:line`` of the
article still names a line staff wrote. The included file is read, converted and checked once, its
problems reported at its own lines, and its text is put in place when the page renders (:func:`walk`,
through :func:`kbgen.content.validation.expand_includes`). Nothing is read outside the docs folder (or
``base_path``), from a hidden file, or past a symbolic link that leads out; includes nest at most
:data:`MAX_DEPTH` deep, a cycle is named, never followed, and a page takes at most
:data:`MAX_PAGE_INCLUDES` includes and :data:`MAX_PAGE_CHARS` characters of their text.
"""

from __future__ import annotations

import codecs
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from kbgen.content.tree import PUBLISHED_HIDDEN, is_inside
from kbgen.errors import Diagnostic

# What an include statement leaves in the text: the index of the included file in its owner's list.
INCLUDE_MARK = "<!-- kbgen:include {} -->"
INCLUDE_MARK_PATTERN = re.compile(r"<!-- kbgen:include (\d+) -->")
# {% include "../../.gitbook/includes/block.md" %} on a line of its own.
GITBOOK_INCLUDE = re.compile(r"""^\s*\{%\s*include\s+(["'])([^"'{}%\n]+)\1\s*%\}\s*$""")
# {!file!} or {!file!lines=1 3 8-10}, anywhere in a line: the name holds no brace or '!' (linear on a
# line of openings: each is matched to the next closing, never to the line's end).
MARKDOWN_INCLUDE = re.compile(r"\{!([^{}!\n]+)!(?:lines=([0-9 -]+))?\}")
MARKDOWN_INCLUDE_EXTENSION = "markdown_include.include"

MAX_BYTES = 1_000_000  # one included file
MAX_DEPTH = 8  # an include inside an include inside ...
MAX_PAGE_INCLUDES = 1_000  # includes put into one page, nested ones counted
MAX_PAGE_CHARS = 5_000_000  # the text they add to one page


@dataclass(frozen=True)
class IncludeSettings:
    """Where markdown-include reads from (``markdown_include.include`` in mkdocs.yml's ``markdown_extensions``).

    ``base_path`` is absolute; None when the extension is not configured (``{!...!}`` is then text).
    """

    base_path: str | None = None
    written_base: str = "."  # as mkdocs.yml writes it, for messages
    project_dir: str = ""  # mkdocs.yml's folder: the base path must lie inside it
    encoding: str = "utf-8"
    heading_offset: int = 0
    inherit_heading_depth: bool = False

    @classmethod
    def from_options(cls, options: Any, config_file_path: str | None) -> IncludeSettings:
        """The extension's options (its ``mdx_configs`` entry); its defaults where one is missing or wrong.

        ``base_path`` defaults to where MkDocs runs, which is the project's folder: kbgen reads it from
        there, wherever kbgen itself was started.
        """
        options = options if isinstance(options, dict) else {}
        project = os.path.dirname(os.path.abspath(config_file_path)) if config_file_path else os.getcwd()
        written = options.get("base_path", ".")
        written = os.fspath(written) if isinstance(written, (str, os.PathLike)) else "."
        encoding = options.get("encoding", "utf-8")
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            encoding = "utf-8"
        offset = options.get("headingOffset", 0)
        return cls(
            base_path=os.path.normpath(os.path.join(project, written)),
            written_base=written,
            project_dir=project,
            encoding=encoding,
            heading_offset=offset if isinstance(offset, int) and not isinstance(offset, bool) and 0 < offset < 6 else 0,
            inherit_heading_depth=options.get("inheritHeadingDepth") is True,
        )


def include_settings(config: Any) -> IncludeSettings | None:
    """markdown-include's settings in a loaded MkDocs config; None when it does not configure the extension.

    ``kbgen build`` takes the extension out of ``markdown_extensions`` before MkDocs loads it (it need
    not be installed) and keeps its options in ``mdx_configs``, where MkDocs keeps every extension's.
    """
    configs = config.get("mdx_configs") or {}
    if MARKDOWN_INCLUDE_EXTENSION not in configs and MARKDOWN_INCLUDE_EXTENSION not in (
            config.get("markdown_extensions") or []):
        return None
    return IncludeSettings.from_options(configs.get(MARKDOWN_INCLUDE_EXTENSION), config.config_file_path)


def extension_options(extensions: Any) -> dict | None:
    """markdown-include's options in a raw ``markdown_extensions`` list (the last, as MkDocs keeps it);
    None when it is not there."""
    found: dict | None = None
    items = list(extensions.items()) if isinstance(extensions, dict) else extensions
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str) and item == MARKDOWN_INCLUDE_EXTENSION:
            found = found if found is not None else {}
        elif isinstance(item, dict) and MARKDOWN_INCLUDE_EXTENSION in item:
            found = item[MARKDOWN_INCLUDE_EXTENSION] if isinstance(item[MARKDOWN_INCLUDE_EXTENSION], dict) else {}
        elif isinstance(item, tuple) and item and item[0] == MARKDOWN_INCLUDE_EXTENSION:
            found = item[1] if len(item) > 1 and isinstance(item[1], dict) else {}
    return found


def without_extension(extensions: Any) -> Any:
    """A raw ``markdown_extensions`` value without markdown-include: kbgen includes the files itself."""
    if isinstance(extensions, dict):
        return {name: value for name, value in extensions.items() if name != MARKDOWN_INCLUDE_EXTENSION}
    if not isinstance(extensions, list):
        return extensions
    return [item for item in extensions if item != MARKDOWN_INCLUDE_EXTENSION
            and not (isinstance(item, dict) and MARKDOWN_INCLUDE_EXTENSION in item)]


@dataclass
class IncludedText:
    """One included file, as the pages that include it show it."""

    path: str  # under the docs folder ("../README.md" for a file of the project outside it)
    shown: str  # as messages print it
    base: str  # the file its links are relative to: itself (GitBook), or the page it is pasted into
    body: str = ""  # converted, one marker per include statement in it
    first_line: int = 1  # the file's line of the body's first line
    line_map: list[int] | None = None  # each body line's file line, when some lines are left out
    includes: list[tuple[str, int]] = field(default_factory=list)  # (key, line of the statement), per marker
    verbatim: bool = False  # inside a code block: shown as it is, never converted or checked

    def line_at(self, index: int) -> int:
        """The file's line of body line ``index`` (0-based)."""
        if self.line_map is None:
            return self.first_line + index
        return self.line_map[min(index, len(self.line_map) - 1)] if self.line_map else 1


@dataclass
class Owner:
    """A text that include statements are in: an article's body, or an included file."""

    src: str  # its file, under the docs folder: GitBook's paths are relative to it
    shown: str
    base: str  # what links in it are relative to: a markdown-include it holds is pasted with that base
    lang: str | None
    includes: list[tuple[str, int]]
    line_at: Callable[[int], int] = lambda line: line  # a line migrate counts -> the file's line


# Turns a text's other-tool syntax into Markdown: (text, first line, shown path, link base, language,
# the include resolver for it) -> (text, problems).
Converter = Callable[..., tuple[str, list[Diagnostic]]]


class Includer:
    """Finds, reads and converts included files for one load; ``included`` holds them by key."""

    def __init__(self, docs_dir: str, shown_prefix: str, settings: IncludeSettings | None, convert: Converter,
                 problems: list[Diagnostic]):
        self.docs_dir = docs_dir
        self.real_docs = os.path.realpath(docs_dir)
        self.shown_prefix = shown_prefix
        self.settings = settings or IncludeSettings()
        self.convert = convert
        self.problems = problems
        self.included: dict[str, IncludedText] = {}
        self.loading: set[str] = set()
        self.unreadable: dict[str, str] = {}  # key -> why the file cannot be shown (said at each statement)

    def resolver(self, owner: Owner) -> Callable[..., str | None]:
        """What migrate calls for an include statement in ``owner``'s text: the marker to leave, "" when
        nothing can be included (a warning says why), None for a form that is not read here."""

        def include(form: str, written: str, lines: str | None, line: int, heading_depth: int = 0,
                    in_code: bool = False) -> str | None:
            if form == "markdown" and self.settings.base_path is None:
                return None  # markdown-include is not configured: the statement is text, as MkDocs shows it
            at = owner.line_at(line)
            found = self.locate(form, written.strip(), owner)
            if isinstance(found, str):
                self.problems.append(Diagnostic(owner.shown, at, "warning", found))
                return ""
            real, rel = found
            offset = 0
            if form == "markdown":
                offset = self.settings.heading_offset + (heading_depth if self.settings.inherit_heading_depth else 0)
            # Where its links are read from: itself (GitBook); the page it is pasted into (markdown-include),
            # one text for the pages of one folder, whose relative links read alike.
            base = rel if form == "gitbook" else owner.base
            place = rel if form == "gitbook" else posixpath.dirname(owner.base)
            key = "\0".join((form, rel, lines or "", place, str(offset), "code" if in_code else ""))
            if key in self.unreadable:
                self.problems.append(Diagnostic(owner.shown, at, "warning", self.unreadable[key]))
                return ""
            if key not in self.included and key not in self.loading:
                self.loading.add(key)
                try:
                    unit = self.read(form, real, rel, base, lines, offset, in_code, owner)
                finally:
                    self.loading.discard(key)
                if isinstance(unit, str):
                    self.unreadable[key] = unit
                    self.problems.append(Diagnostic(owner.shown, at, "warning", unit))
                    return ""
                self.included[key] = unit
            owner.includes.append((key, at))
            return INCLUDE_MARK.format(len(owner.includes) - 1)

        return include

    def locate(self, form: str, written: str, owner: Owner) -> tuple[str, str] | str:
        """(real path, path under the docs folder) of the file a statement names, or why it is not read."""
        shown = written
        if form == "gitbook":
            root, real_root, where = self.docs_dir, self.real_docs, "the docs folder"
            here = "" if written.startswith("/") else posixpath.dirname(owner.src)  # "/": the top of the space
            rel = posixpath.join(here, written.lstrip("/"))
            rel = posixpath.normpath(rel) if rel else ""
            inside = rel and rel != ".." and not rel.startswith("../")
        else:
            base = self.settings.base_path or ""
            root, real_root = base, os.path.realpath(base)
            where = f"markdown-include's base_path '{self.settings.written_base}'"
            if written.startswith(("/", "~", "\\")) or os.path.isabs(written):
                return f"include '{shown}' is an absolute path: nothing is read (write it relative to {where})"
            rel = posixpath.normpath(written)
            inside = rel != ".." and not rel.startswith("../") and is_inside(real_root,
                                                                               os.path.realpath(self.settings.project_dir))
        if not inside:
            return f"include '{shown}' is outside {where}: nothing is read"
        path = os.path.join(root, *rel.split("/"))
        if not os.path.lexists(path) and "%" in rel:  # written as a URL: "size%20chart.md"
            rel = unquote(rel)
            path = os.path.join(root, *rel.split("/"))
        docs_rel = posixpath.normpath(os.path.relpath(path, self.docs_dir).replace(os.sep, "/"))
        hidden = [part for part in rel.split("/") if part.startswith(".")]
        if hidden and not (form == "gitbook" and hidden == [rel.split("/")[0]] and hidden[0] in PUBLISHED_HIDDEN):
            return f"include '{shown}' names a hidden file: nothing is read"
        real = os.path.realpath(path)
        if os.path.lexists(path) and not is_inside(real, real_root):
            return f"include '{shown}' leads outside {where} (a symbolic link): nothing is read"
        if not os.path.exists(path):
            return f"included file '{self.shown(docs_rel)}' does not exist (the path is relative to " + (
                "this file)" if form == "gitbook" and not written.startswith("/") else
                "the docs folder)" if form == "gitbook" else f"{where})")
        if not os.path.isfile(real):
            return f"included '{self.shown(docs_rel)}' is not a file: nothing is read"
        return real, docs_rel

    def shown(self, docs_rel: str) -> str:
        return posixpath.normpath(self.shown_prefix + docs_rel) if docs_rel.startswith("../") else (
            self.shown_prefix + docs_rel)

    def read(self, form: str, real: str, rel: str, base: str, lines: str | None, offset: int, verbatim: bool,
             owner: Owner) -> IncludedText | str:
        """The included file, read and converted; why not, when it cannot be."""
        shown = self.shown(rel)
        try:
            if os.path.getsize(real) > MAX_BYTES:
                return f"included file '{shown}' is larger than {MAX_BYTES // 1_000_000} MB: nothing is read"
            with open(real, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            return f"included file '{shown}' cannot be read: {exc.strerror or exc}"
        encoding = "utf-8-sig" if form == "gitbook" else self.settings.encoding
        try:
            text = raw[:MAX_BYTES].decode(encoding)
        except UnicodeDecodeError as exc:
            return (f"included file '{shown}' is not {encoding.removesuffix('-sig').upper()} "
                    f"(byte 0x{raw[exc.start]:02x} at offset {exc.start}): nothing is read")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        unit = IncludedText(path=rel, shown=shown, base=base, verbatim=verbatim)
        if form == "gitbook":
            body, unit.first_line = without_front_matter(text)
        else:
            body, unit.line_map = selected_lines(text, lines, offset)
        me = Owner(src=rel, shown=shown, base=base, lang=owner.lang, includes=unit.includes, line_at=unit.line_at)
        include = self.resolver(me)
        if verbatim:  # code: only markdown-include's statements are read in it, as the extension reads them
            rows = body.split("\n")
            for index, row in enumerate(rows):
                if "{!" in row:
                    rows[index] = MARKDOWN_INCLUDE.sub(
                        lambda m, at=index: include("markdown", m.group(1), m.group(2), at, 0, True) or "", row)
            unit.body = "\n".join(rows)
            return unit
        unit.body, problems = self.convert(body, 0, shown, base, owner.lang, include)
        self.problems += [Diagnostic(p.path, unit.line_at(p.line), p.severity, p.message, p.hint) for p in problems]
        return unit


def without_front_matter(text: str) -> tuple[str, int]:
    """GitBook's reusable block without its front matter (its ``title``), and the file line it starts on."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                return "\n".join(lines[index + 1:]), index + 2
    return text, 1


def selected_lines(text: str, lines: str | None, offset: int) -> tuple[str, list[int] | None]:
    """markdown-include's ``lines=1 3 8-10``, read as the extension reads it (1-based, in the order given,
    a range past the end cut at the end); headings deepened by ``offset`` levels. The text, and each of
    its lines' line in the file (None when they are all of them, in order)."""
    rows = text.split("\n")
    if text.endswith("\n"):
        rows.pop()
    if lines is None:
        numbers = None
    else:
        numbers = []
        for block in lines.split():
            start, _, end = block.partition("-")
            if not start.isdigit() or (end and not end.isdigit()):
                continue
            first, last = int(start), int(end) if end else int(start)
            last = min(max(last, 1), len(rows))
            first = min(max(first, 1), last)
            numbers += range(first, last + 1)
            if len(numbers) > len(rows):  # "1-9999 1-9999 ...": never more lines than the file has, twice over
                numbers = numbers[: len(rows)]
                break
        rows = [rows[n - 1] for n in numbers]
    if offset:
        rows = ["#" * offset + row if row.startswith("#") else row for row in rows]
    return "\n".join(rows), numbers


@dataclass
class Walk:
    """One page's includes being put in place: what is left to spend, and what was found on the way."""

    included: dict[str, IncludedText]
    problems: list[Diagnostic] = field(default_factory=list)
    reached: list[IncludedText] = field(default_factory=list)
    count: int = 0
    chars: int = 0
    full: bool = False  # a limit was met: the includes after it are left out


def walk(included: dict[str, IncludedText], includes: list[tuple[str, int]], owner_src: str, owner_shown: str,
         text: str | None = None, place: Callable[[IncludedText, str], str] | None = None) -> tuple[str, Walk]:
    """``text`` (an article's body, whose markers index ``includes``) with each included file's text in
    place, through ``place(unit, text)`` (its links made relative to the page); without ``text``, only
    what would be included: the files reached and the problems found (a cycle, too deep, too much)."""
    state = Walk(included)
    shown_text = show(state, includes, text, [(owner_src, owner_shown)], place)
    return shown_text or "", state


def show(state: Walk, includes: list[tuple[str, int]], text: str | None, stack: list[tuple[str, str]],
         place: Callable[[IncludedText, str], str] | None) -> str | None:
    owner_shown = stack[-1][1]

    def visit(index: int) -> str | None:
        if index >= len(includes):
            return None
        key, line = includes[index]
        unit = state.included.get(key)
        if unit is None or state.full:
            return None
        if any(path == unit.path for path, _ in stack):  # named from the file met again: one warning per statement
            again = next(index for index, (path, _) in enumerate(stack) if path == unit.path)
            chain = " -> ".join([shown for _, shown in stack[again:]] + [unit.shown])
            state.problems.append(Diagnostic(owner_shown, line, "warning",
                                             f"include cycle ({chain}): '{unit.shown}' is not included again"))
            return None
        if len(stack) > MAX_DEPTH:
            state.problems.append(Diagnostic(owner_shown, line, "warning", f"includes are nested more than "
                                             f"{MAX_DEPTH} deep: '{unit.shown}' is left out"))
            return None
        state.count += 1
        state.chars += len(unit.body)
        if state.count > MAX_PAGE_INCLUDES or state.chars > MAX_PAGE_CHARS:
            state.full = True
            limit = (f"more than {MAX_PAGE_INCLUDES:,} includes" if state.count > MAX_PAGE_INCLUDES
                     else f"more than {MAX_PAGE_CHARS:,} characters of included text")
            state.problems.append(Diagnostic(owner_shown, line, "warning", f"this page would hold {limit}: "
                                             f"'{unit.shown}' and what follows it are left out"))
            return None
        state.reached.append(unit)
        inner = unit.body if text is not None and place is not None else None
        if inner is not None and not unit.verbatim:
            inner = place(unit, inner)
        return show(state, unit.includes, inner, [*stack, (unit.path, unit.shown)], place)

    if text is None:
        for index in range(len(includes)):
            visit(index)
        return None
    if "<!-- kbgen:include " not in text:
        return text
    rows = text.split("\n")
    for number, row in enumerate(rows):  # line by line: a long line of markers is read once
        if "<!-- kbgen:include " not in row:
            continue
        alone = INCLUDE_MARK_PATTERN.fullmatch(row.strip())
        if alone:  # on a line of its own: a block, indented as the statement is (in a list item, a tab, a hint)
            lead = row[: len(row) - len(row.lstrip())]
            lines = (visit(int(alone.group(1))) or "").strip("\n").split("\n")
            rows[number] = "\n".join([lead + lines[0] if lines[0].strip() else "",
                                      *(lead + line if line.strip() else "" for line in lines[1:])])
        else:  # inside a line: spliced in, as markdown-include does
            rows[number] = INCLUDE_MARK_PATTERN.sub(lambda m: (visit(int(m.group(1))) or "").strip(), row)
    return "\n".join(rows)
