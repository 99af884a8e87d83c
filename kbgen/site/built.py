"""A built site's languages and where each one's search index is, read from the site itself.

The default language's index is ``search/`` at the top, every other language's ``<code>/search/``;
each ``manifest.json`` names its language. ``kbgen search --lang`` and the analytics export use
this, so neither quietly searches another language than the one asked for.
"""

from __future__ import annotations

import json
from pathlib import Path

from kbgen.locales.codes import base_of, normalise


def search_dirs(site_dir: Path) -> dict[str, Path]:
    """Each language's search folder in a built site, the default language first."""
    found: dict[str, Path] = {}
    top = site_dir / "search"
    lang = manifest_lang(top)
    if lang:
        found[lang] = top
    if site_dir.is_dir():
        for folder in sorted(site_dir.iterdir()):
            sub = folder / "search"
            code = manifest_lang(sub)
            if code and code == normalise(folder.name) and code not in found:
                found[code] = sub
    return found


def manifest_lang(search_dir: Path) -> str:
    try:
        data = json.loads((search_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    lang = data.get("lang") if isinstance(data, dict) else None
    return normalise(lang) if isinstance(lang, str) else ""


def search_dir_for(site_dir: Path, lang: str, *, base_too: bool = False) -> Path | None:
    """The search folder of ``lang`` (any case); with ``base_too``, its base language's when it has
    none of its own (events from ``pt-BR`` shoppers on a site with only ``pt``)."""
    dirs = search_dirs(site_dir)
    code = normalise(lang)
    if code in dirs:
        return dirs[code]
    return dirs.get(base_of(code)) if base_too else None
