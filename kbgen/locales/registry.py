"""Every catalog kbgen knows, shipped and the store's, merged into one :class:`Language` per code.

A text is looked up key by key: the store's catalog for the code, kbgen's, then the same for its
fallback (``fallback:``, else the base language of a regional code: ``pt`` for ``pt-br``), and
English last. So a store changes one text by writing one key, and a regional variant only holds
what differs from its base language.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kbgen.errors import Diagnostic
from kbgen.locales.catalog import Catalog, read_catalog
from kbgen.locales.codes import base_of, bcp47, is_code, normalise, unknown_code

ENGLISH = "en"
#: Sections a language should translate whole: what English fills in is named by ``kbgen check``.
TRANSLATED = ("texts", "widget", "new_article")


@dataclass(frozen=True)
class Language:
    """One language's interface, every key filled in (English where its catalogs have nothing)."""

    code: str  # lower case: the sub-site's folder, the index's language, events' "lang"
    name: str  # its own name, in the language menu
    direction: str
    texts: dict[str, str]
    widget: dict[str, str]
    new_article: dict[str, Any]
    sample: dict[str, str]
    date_format: str
    months: list[str]
    material: str  # Material for MkDocs' interface translation for it (a close one if none exists)

    @property
    def html_lang(self) -> str:
        """For ``lang`` attributes and hreflang: ``pt-BR``."""
        return bcp47(self.code)

    def format_date(self, day: dt.date) -> str:
        return self.date_format.format(
            day=day.day, month=self.months[day.month - 1], month_number=day.month, year=day.year,
        )


def shipped_dir() -> Path:
    return Path(str(resources.files("kbgen.locales")))


@functools.cache
def shipped_catalogs() -> dict[str, Catalog]:
    """kbgen's own catalogs, read once per process: English first, as the others are checked against it."""
    folder = shipped_dir()
    english = read_catalog(str(folder / "en.yml"), shown_path(folder / "en.yml"), ENGLISH, None)
    catalogs = {ENGLISH: english}
    for path in sorted(folder.glob("*.yml")):
        code = normalise(path.stem)
        if code != ENGLISH and is_code(code):
            catalogs[code] = read_catalog(str(path), shown_path(path), code, english)
    return catalogs


def shown_path(path: Path | str) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


@functools.cache
def material_languages() -> frozenset[str]:
    folder = resources.files("material") / "templates" / "partials" / "languages"
    return frozenset(name[: -len(".html")] for name in (p.name for p in folder.iterdir()) if name.endswith(".html"))


def material_language(codes: Iterable[str]) -> str:
    """The first of ``codes`` (a language and its fallbacks) Material translates: ``pt-BR``, ``zh-TW``."""
    known = material_languages()
    for code in codes:
        for form in (bcp47(code), normalise(code), base_of(code)):
            if form in known:
                return form
    return ENGLISH


@dataclass
class Locales:
    """The catalogs one help center uses: kbgen's, and the store's from ``locales:`` in mkdocs.yml."""

    store: dict[str, Catalog] = field(default_factory=dict)
    shipped: dict[str, Catalog] = field(default_factory=shipped_catalogs)
    _resolved: dict[str, Language] = field(default_factory=dict, repr=False)

    @classmethod
    def with_store_files(cls, files: Mapping[str, tuple[str, str]]) -> Locales:
        """``files``: code -> (path to read, path to show) of each of the store's catalogs."""
        english = shipped_catalogs()[ENGLISH]
        store = {normalise(code): read_catalog(path, shown, normalise(code), english, store=True)
                 for code, (path, shown) in files.items()}
        return cls(store=store)

    # -- what is known ----------------------------------------------------------------------
    def codes(self) -> list[str]:
        return sorted(set(self.shipped) | set(self.store))

    def knows(self, code: str) -> bool:
        return normalise(code) in self.shipped or normalise(code) in self.store

    def names(self) -> dict[str, str]:
        """Each known code with its own name (the code itself where no catalog names it)."""
        return {code: self.language(code).name for code in self.codes()}

    def unknown(self, value: object) -> tuple[str, str]:
        """(message, hint) for a code this help center has no catalog for."""
        return unknown_code(value, self.names())

    # -- merging ----------------------------------------------------------------------------
    def chain(self, code: str) -> list[Catalog]:
        """The catalogs a code's texts come from, most specific first, English last."""
        out: list[Catalog] = []
        seen: set[str] = set()
        current: str | None = normalise(code)
        while current and current not in seen and current != ENGLISH:
            seen.add(current)
            own = [c for c in (self.store.get(current), self.shipped.get(current)) if c is not None]
            out += own
            following = next((c.fallback for c in own if c.fallback), None)
            if following is None and "-" in current and self.knows(base_of(current)):
                following = base_of(current)  # pt-br falls back to pt unless its catalog says otherwise
            current = following
        out += [c for c in (self.store.get(ENGLISH), self.shipped.get(ENGLISH)) if c is not None]
        return out

    def language(self, code: str) -> Language:
        code = normalise(code)
        if code not in self._resolved:
            self._resolved[code] = self._merge(code)
        return self._resolved[code]

    def _merge(self, code: str) -> Language:
        chain = self.chain(code)
        own = [c for c in chain if c.code != ENGLISH] if code != ENGLISH else chain

        def first(key: str, catalogs: list[Catalog], default: Any) -> Any:
            return next((c.data[key] for c in catalogs if key in c.data), default)

        def section(name: str) -> dict[str, Any]:
            merged: dict[str, Any] = {}
            for catalog in reversed(chain):
                merged.update(catalog.section(name))
            return merged

        dates = section("dates")
        return Language(
            code=code,
            name=first("name", own, code),
            direction=first("direction", own, "ltr"),
            texts=section("texts"), widget=section("widget"), new_article=section("new_article"),
            sample=section("sample"),
            date_format=dates.get("format", "{day} {month} {year}"),
            months=dates.get("months", [str(n) for n in range(1, 13)]),
            material=material_language([c.code for c in own] + [ENGLISH]),
        )

    # -- checking ---------------------------------------------------------------------------
    def problems(self, languages: Iterable[str]) -> list[Diagnostic]:
        """Errors in the catalogs ``languages`` use (the store's always), and a warning for each key
        only English fills in."""
        used: list[Catalog] = []
        for code in languages:
            used += [c for c in self.chain(code) if c not in used]
        used += [c for c in self.store.values() if c not in used]
        found = [d for catalog in used for d in catalog.problems]
        found += self.fallback_problems(used)
        for code in languages:
            found += self.missing_keys(normalise(code))
        return sorted(set(found))

    def fallback_problems(self, catalogs: Iterable[Catalog] | None = None) -> list[Diagnostic]:
        """A catalog's ``fallback:`` must name a language kbgen or the store has (every catalog's
        when ``catalogs`` is not given)."""
        found = []
        for catalog in catalogs if catalogs is not None else [*self.store.values(), *self.shipped.values()]:
            target = catalog.fallback
            if target is not None and not self.knows(target):
                message, hint = self.unknown(target)
                found.append(Diagnostic(catalog.path, catalog.line_of("fallback"), "error",
                                        f"'fallback': {message}", hint))
        return found

    def missing_keys(self, code: str) -> list[Diagnostic]:
        """A warning per key that only English has, at the line of its section in the language's
        fullest catalog (its base language's). None for English and its variants."""
        chain = self.chain(code)
        own = [c for c in chain if c.code != ENGLISH]
        if not own or any(c.fallback == ENGLISH for c in own) or base_of(code) == ENGLISH:
            return []
        where = own[-1]
        english = self.shipped[ENGLISH]
        found = []
        for name in TRANSLATED:
            have = set().union(*(c.section(name) for c in own))
            for key in english.section(name):
                if key not in have:
                    found.append(Diagnostic(
                        where.path, where.line_of(name), "warning",
                        f"'{code}' has no text for '{name}.{key}'; English is shown",
                        f"add '{key}:' under '{name}:'",
                    ))
        language = self.language(code)
        if "{month}" in language.date_format and not any("months" in c.section("dates") for c in own):
            found.append(Diagnostic(where.path, where.line_of("dates"), "warning",
                                    f"'{code}' has no 'dates.months'; English month names are shown"))
        return found
