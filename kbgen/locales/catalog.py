"""One language catalog file (``kbgen/locales/<code>.yml`` or a store's own): read and checked.

English's catalog is the reference: a key it does not have is a mistake (with a did-you-mean), and
a text's ``{placeholders}`` must be English's. Every problem is a :class:`Diagnostic` at its line;
a catalog with errors is still returned, holding only what could be read.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass, field
from typing import Any

import yaml

from kbgen.content.loading import PURE_LOADER, SAFE_LOADER, ContentReadError, parse_yaml, read_text, type_name
from kbgen.errors import Diagnostic

#: Sections whose keys are texts: the reference (English) names every key.
TEXT_SECTIONS = ("texts", "widget", "sample")
TOP_KEYS = ("name", "direction", "dates", "fallback", *TEXT_SECTIONS, "new_article")
DATE_KEYS = ("format", "months")
DATE_FIELDS = frozenset({"day", "month", "month_number", "year"})
NEW_ARTICLE_KEYS = ("description", "body")
DIRECTIONS = ("ltr", "rtl")
PLACEHOLDER = re.compile(r"\{(\w*)\}")
BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def yaml_1_2_booleans(loader: type) -> type:
    """``loader`` reading only true/false as booleans: the texts ``yes:`` and ``no:`` are keys, not
    True and False (YAML 1.1 reads yes, no, on and off as booleans)."""
    resolvers = {
        first: [(tag, regexp) for tag, regexp in pairs if tag != "tag:yaml.org,2002:bool"]
        for first, pairs in loader.yaml_implicit_resolvers.items()
    }
    for first in "tTfF":
        resolvers.setdefault(first, []).insert(0, ("tag:yaml.org,2002:bool", BOOL))
    return type(f"Catalog{loader.__name__}", (loader,), {"yaml_implicit_resolvers": resolvers})


LOADERS = (yaml_1_2_booleans(SAFE_LOADER), yaml_1_2_booleans(PURE_LOADER))


@dataclass
class Catalog:
    """What one file says: ``data`` holds only well-formed values, ``lines`` the line of each key."""

    code: str
    path: str  # as shown in messages
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    store: bool = False  # the store's file (mkdocs.yml 'locales:'), not one kbgen ships

    def line_of(self, *path: Any) -> int:
        """The line of a key, else of its closest enclosing key, else 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}

    @property
    def fallback(self) -> str | None:
        return self.data.get("fallback")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def read_catalog(abs_path: str, shown: str, code: str, reference: Catalog | None, *, store: bool = False) -> Catalog:
    """Read and check one file; ``reference`` is English's catalog (None while reading English itself)."""
    catalog = Catalog(code, shown, store=store)
    try:
        text = read_text(abs_path, shown)
        doc = parse_yaml(text, shown, loaders=LOADERS)
    except ContentReadError as exc:
        catalog.problems.append(exc.diagnostic)
        return catalog
    except OSError as exc:
        catalog.problems.append(Diagnostic(shown, 1, "error", f"cannot be read: {exc.strerror or exc}"))
        return catalog
    catalog.lines = doc.key_lines
    catalog.problems += duplicate_keys(text, shown)
    if doc.data is None:
        return catalog
    if not isinstance(doc.data, dict):
        catalog.problems.append(Diagnostic(shown, 1, "error", "a language catalog is a mapping",
                                           "start from a copy of kbgen's en.yml"))
        return catalog
    Checker(catalog, reference).check(doc.data)
    return catalog


class Checker:
    """Copies each well-formed value of a parsed file into its catalog, reporting the others."""

    def __init__(self, catalog: Catalog, reference: Catalog | None):
        self.catalog = catalog
        self.reference = reference

    def error(self, path: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.catalog.problems.append(Diagnostic(self.catalog.path, self.catalog.line_of(*path), "error", message, hint))

    def unknown(self, path: tuple[Any, ...], known: list[str]) -> None:
        name = ".".join(map(str, path))
        close = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
        prefix = ".".join(map(str, path[:-1]))
        prefix = prefix + "." if prefix else ""
        hint = f"did you mean '{prefix}{close[0]}'?" if close else "known here: " + ", ".join(known)
        self.error(path, f"unknown catalog key '{name}'", hint)

    def check(self, raw: dict[Any, Any]) -> None:
        data = self.catalog.data
        for key, value in raw.items():
            if key not in TOP_KEYS:
                self.unknown((key,), list(TOP_KEYS))
            elif key == "name":
                if isinstance(value, str) and value.strip():
                    data["name"] = value.strip()
                else:
                    self.error((key,), "'name' must be the language's own name, such as \"Français\"")
            elif key == "direction":
                if value in DIRECTIONS:
                    data["direction"] = value
                else:
                    self.error((key,), f"'direction' must be 'ltr' or 'rtl', not {value!r}",
                               "rtl for Arabic, Hebrew, Persian and Urdu; ltr for the others")
            elif key == "fallback":
                if isinstance(value, str) and value.strip():
                    data["fallback"] = value.strip().lower()
                else:
                    self.error((key,), "'fallback' must be a language code such as 'pt'")
            elif key == "dates":
                self.check_dates(value)
            elif key == "new_article":
                self.check_new_article(value)
            else:
                self.check_texts(key, value)

    def mapping(self, key: str, value: Any) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return value
        if value is not None:
            self.error((key,), f"'{key}' must be a mapping of keys to texts")
        return None

    def check_texts(self, section: str, value: Any) -> None:
        given = self.mapping(section, value)
        if given is None:
            return
        english = self.reference.section(section) if self.reference is not None else None
        out = self.catalog.data.setdefault(section, {})
        for key, text in given.items():
            path = (section, key)
            if english is not None and key not in english:
                self.unknown(path, list(english))
            elif not isinstance(text, str):
                self.error(path, f"'{section}.{key}' must be text, not {type_name(text)}", "put it in quotes")
            elif english is not None and placeholders(text) != placeholders(english[key]):
                self.error(path, f"'{section}.{key}' has {shown_fields(placeholders(text))} where English has "
                           f"{shown_fields(placeholders(english[key]))}",
                           "keep each {name} as it is in English; only the words around it change")
            else:
                out[key] = text

    def check_dates(self, value: Any) -> None:
        given = self.mapping("dates", value)
        if given is None:
            return
        out = self.catalog.data.setdefault("dates", {})
        for key, item in given.items():
            path = ("dates", key)
            if key not in DATE_KEYS:
                self.unknown(path, list(DATE_KEYS))
            elif key == "format":
                fields = date_fields(item) if isinstance(item, str) else None
                if fields is None or not fields <= DATE_FIELDS:
                    self.error(path, f"'dates.format' must be text made of {{day}}, {{month}}, {{month_number}} "
                               f"and {{year}}, not {item!r}", "for example \"{day} {month} {year}\"")
                else:
                    out["format"] = item
            elif (isinstance(item, list) and len(item) == 12
                  and all(isinstance(month, str) and month.strip() for month in item)):
                out["months"] = item
            else:
                count = f"{len(item)} entries" if isinstance(item, list) else type_name(item)
                self.error(path, f"'dates.months' must list the 12 months' names, January first, not {count}")

    def check_new_article(self, value: Any) -> None:
        given = self.mapping("new_article", value)
        if given is None:
            return
        out = self.catalog.data.setdefault("new_article", {})
        for key, item in given.items():
            path = ("new_article", key)
            if key not in NEW_ARTICLE_KEYS:
                self.unknown(path, list(NEW_ARTICLE_KEYS))
            elif key == "description" and isinstance(item, str) and item.strip():
                out["description"] = item
            elif key == "body" and isinstance(item, list) and item and all(isinstance(t, str) and t.strip()
                                                                           for t in item):
                out["body"] = item
            else:
                kind = "text" if key == "description" else "a list of texts"
                self.error(path, f"'new_article.{key}' must be {kind}")


def duplicate_keys(text: str, shown: str) -> list[Diagnostic]:
    """A key written twice in one mapping: YAML keeps the last silently, so a translator's first
    text would be lost without a word."""
    loader = LOADERS[0](text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:  # parse_yaml has reported what is wrong with the file
        return []
    finally:
        loader.dispose()
    found: list[Diagnostic] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        first: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            line = key.start_mark.line + 1
            name = ".".join((*path, key.value))
            if key.value in first:
                found.append(Diagnostic(shown, line, "error", f"'{name}' is given twice (first on line "
                                        f"{first[key.value]})", "keep one of them"))
            else:
                first[key.value] = line
            walk(value, (*path, key.value))

    walk(root, ())
    return found


def date_fields(text: str) -> set[str] | None:
    """The ``{fields}`` of a date format, or None when it is no valid format string."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def shown_fields(fields: set[str]) -> str:
    return ", ".join("{" + f + "}" for f in sorted(fields)) if fields else "no {placeholder}"
