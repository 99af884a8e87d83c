"""Language codes: their one spelling (lower case, as in URLs), their BCP 47 form for ``lang``
attributes, and the message for a code kbgen has no catalog for, with a did-you-mean that also
knows languages by name ("english" -> en, "deutsch" -> de)."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping
from importlib import resources

import yaml

#: A language code as written in settings, front matter and ``--lang``: ``en``, ``pt-BR``, ``es-419``.
#: At most four subtags and 35 characters: what the collector accepts as an event's ``lang``
#: (kbgen/analytics/schema.py, limits.json ``lang_chars``), so no sub-site sends events it refuses,
#: and a folder name any file system takes.
CODE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}")
MAX_CODE_CHARS = 35
HOW_TO_ADD = ("to add a language, copy en.yml from kbgen's locales folder, translate it, and name the copy "
              "under 'locales:' in mkdocs.yml")


def normalise(code: str) -> str:
    """The one spelling kbgen uses for a code (``pt-BR`` -> ``pt-br``): folder, URL, index, events."""
    return code.strip().lower()


def is_code(value: object) -> bool:
    return isinstance(value, str) and len(value.strip()) <= MAX_CODE_CHARS and CODE.fullmatch(value.strip()) is not None


def base_of(code: str) -> str:
    """``pt`` for ``pt-br``; a code without a region is its own base."""
    return normalise(code).split("-", 1)[0]


def bcp47(code: str) -> str:
    """The code as ``lang`` attributes write it: ``pt-BR``, ``zh-TW``, ``es-419``, ``sr-Latn``."""
    first, *rest = normalise(code).split("-")
    parts = [first]
    for part in rest:
        parts.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part)
    return "-".join(parts)


def plain(text: str) -> str:
    """A language name as a shopper might type it: case and accents dropped ("Français" -> "francais")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").strip()


@functools.cache
def english_names() -> dict[str, str]:
    """Each shipped code's name in English (``_english_names.yml``), for did-you-mean only."""
    text = (resources.files("kbgen.locales") / "_english_names.yml").read_text(encoding="utf-8")
    return {str(code): str(name) for code, name in (yaml.safe_load(text) or {}).items()}


def suggestion(value: str, names: Mapping[str, str]) -> str | None:
    """The known code ``value`` most likely means; ``names`` maps each known code to its own name
    (its English name counts too)."""
    if not isinstance(value, str):
        return None
    typed = plain(value).replace("_", "-")
    if typed in names:
        return typed
    by_name = {plain(name): code for code, name in english_names().items() if code in names}
    by_name.update({plain(name): code for code, name in names.items()})
    if typed in by_name:
        return by_name[typed]
    if base_of(typed) in names and "-" in typed:
        return base_of(typed)
    close = difflib.get_close_matches(typed, list(names), n=1, cutoff=0.6)
    close = close or difflib.get_close_matches(typed, list(by_name), n=1, cutoff=0.75)
    if not close:
        return None
    return close[0] if close[0] in names else by_name[close[0]]


def unknown_code(value: object, names: Mapping[str, str]) -> tuple[str, str]:
    """(message, hint) for a code that is malformed or has no catalog: what kbgen knows, how to add one."""
    shown = repr(value) if not isinstance(value, str) or len(value) <= 40 else repr(value[:37] + "...")
    message = f"unknown language code {shown}" if is_code(value) else f"{shown} is not a language code"
    close = suggestion(value, names) if isinstance(value, str) else None
    if close:
        message += f" (did you mean '{close}'?)"
    hint = "kbgen knows: " + ", ".join(sorted(names)) + "; " + HOW_TO_ADD
    if isinstance(value, str) and is_code(value) and "-" in value and base_of(value) in names:
        hint = (f"for a regional variant of '{base_of(value)}', write a catalog holding "
                f"'fallback: {base_of(value)}' and the texts that differ; " + hint)
    return message, hint
