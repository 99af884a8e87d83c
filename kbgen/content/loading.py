"""Reading source files: UTF-8 text, front matter and YAML, keeping line numbers.

PyYAML's node marks give the line of every key and value; the loader keeps them so
that validation can point at the exact line a mistake is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kbgen.errors import Diagnostic

FRONT_MATTER_FENCE = re.compile(r"^---\s*$")


def without_timestamps(loader: type) -> type:
    """``loader``, reading ``2026-10-02`` as text: validation turns it into a date, or names the
    line when it is no date (``2026-13-45`` would otherwise fail inside PyYAML with no line)."""
    resolvers = {
        first: [(tag, regexp) for tag, regexp in pairs if tag != "tag:yaml.org,2002:timestamp"]
        for first, pairs in loader.yaml_implicit_resolvers.items()
    }
    return type(f"Kbgen{loader.__name__}", (loader,), {"yaml_implicit_resolvers": resolvers})


# libyaml's loader when PyYAML was built with it: the same marks, many times faster.
SAFE_LOADER = without_timestamps(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
PURE_LOADER = without_timestamps(yaml.SafeLoader)


class ContentReadError(Exception):
    """A file could not be read or parsed; carries the diagnostic to print."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass
class YamlDoc:
    """Parsed YAML plus the 1-based line of each mapping key (nested keys as ``a.b``)."""

    data: Any
    line: int
    key_lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line_of(self, *path: Any) -> int:
        """Line of a key or list item path, falling back to the closest parent."""
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            path = path[:-1]
        return self.line


def type_name(value: Any) -> str:
    """A YAML value as an error message names what was found instead: "a list", "'first'", "nothing"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return f"'{value}'" if len(value) < 40 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


def read_text(abs_path: str, shown_path: str) -> str:
    """Read a file as UTF-8; a file in another encoding is an error naming the first bad line."""
    with open(abs_path, "rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentReadError(
            Diagnostic(
                shown_path,
                line,
                "error",
                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                "save it as UTF-8 in your editor",
            )
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, shown_path: str, first_line: int = 1, loaders: tuple[type, type] | None = None) -> YamlDoc:
    """Parse one YAML document; ``first_line`` is the file line the text starts on.

    ``loaders``: (fast, pure-Python) loader classes to use instead of kbgen's usual pair.
    """
    fast, pure = loaders or (SAFE_LOADER, PURE_LOADER)
    try:
        return _load(fast, text, shown_path, first_line)
    except yaml.YAMLError:
        pass
    # libyaml's messages are terser: let the pure-Python parser describe the problem.
    try:
        return _load(pure, text, shown_path, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "cannot be parsed"
        raise ContentReadError(
            Diagnostic(shown_path, line, "error", f"invalid YAML: {problem} (column {col})")
        ) from None
    except yaml.YAMLError as exc:
        raise ContentReadError(
            Diagnostic(shown_path, first_line, "error", f"invalid YAML: {exc}")
        ) from None


class AliasFound(Exception):
    """A node reached twice while collecting lines: the document uses a YAML alias."""


def _load(loader_class: type, text: str, shown_path: str, first_line: int) -> YamlDoc:
    """Compose, collect line marks (refusing aliases), and only then build the Python values.

    The order matters: a few hundred bytes of nested aliases ("billion laughs") compose to a
    small graph of shared nodes, but anything that walks it as a tree, line collection
    included, does exponential work. Refusing the first node met twice keeps the walk linear.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        doc = YamlDoc(data=None, line=first_line)
        if node is not None:
            try:
                _collect_lines(node, (), doc.key_lines, first_line, set())
            except AliasFound:
                raise ContentReadError(alias_diagnostic(loader_class, text, shown_path, first_line)) from None
            try:
                doc.data = loader.construct_document(node)
            except (ValueError, TypeError, OverflowError) as exc:  # e.g. "!!int twelve"
                raise ContentReadError(Diagnostic(
                    shown_path, first_line, "error", f"invalid YAML value: {exc}",
                    "quote the value to keep it as text",
                )) from None
        return doc
    except RecursionError:
        raise ContentReadError(Diagnostic(
            shown_path, first_line, "error", "YAML is nested too deeply", "flatten its lists and mappings",
        )) from None
    finally:
        loader.dispose()


def alias_diagnostic(loader_class: type, text: str, shown_path: str, first_line: int) -> Diagnostic:
    """The error for the document's first alias, on the alias's own line."""
    alias = next(e for e in yaml.parse(text, Loader=loader_class) if isinstance(e, yaml.AliasEvent))
    return Diagnostic(
        shown_path,
        first_line + alias.start_mark.line,
        "error",
        f"YAML alias '*{alias.anchor}' is not supported in content files",
        f"write the value out in full instead of reusing '&{alias.anchor}'",
    )


def _collect_lines(node: yaml.Node, path: tuple[Any, ...], out: dict, first_line: int, seen: set[int]) -> None:
    if id(node) in seen:
        raise AliasFound
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if id(key_node) in seen:
                raise AliasFound
            seen.add(id(key_node))
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key: construction says it is not allowed
            key = key_node.value
            out[(*path, key)] = first_line + key_node.start_mark.line
            _collect_lines(value_node, (*path, key), out, first_line, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*path, index)] = first_line + item.start_mark.line
            _collect_lines(item, (*path, index), out, first_line, seen)
    elif isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # Block scalars start on the line after their indicator.
        out[(*path, "__text__")] = first_line + node.start_mark.line + 1


@dataclass
class FrontMatterDoc:
    meta: YamlDoc | None
    body: str
    body_line: int


def split_front_matter(text: str, shown_path: str) -> FrontMatterDoc:
    """Split ``---`` fenced YAML from the Markdown body; an unclosed fence is an error."""
    lines = text.split("\n")
    if not lines or not FRONT_MATTER_FENCE.match(lines[0]):
        return FrontMatterDoc(meta=None, body=text, body_line=1)
    for index in range(1, len(lines)):
        if FRONT_MATTER_FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            yaml_text = "\n".join(lines[1:index])
            meta = parse_yaml(yaml_text, shown_path, first_line=2)
            body = "\n".join(lines[index + 1 :])
            return FrontMatterDoc(meta=meta, body=body, body_line=index + 2)
    raise ContentReadError(
        Diagnostic(
            shown_path,
            1,
            "error",
            "front matter is not closed",
            "end it with a line holding only '---'",
        )
    )
