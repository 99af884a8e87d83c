"""``kbgen init`` and ``kbgen new``: files a new help center or article starts from."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
from pathlib import Path

from kbgen.content.slugs import slugify
from kbgen.errors import KbgenError
from kbgen.resources import skeleton_dir
from kbgen.site.strings import strings_for

TEXT_SUFFIXES = {".yml", ".yaml", ".md"}
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def target_name(relative: Path) -> Path:
    """Dotfiles are stored as ``dot-name`` so packaging tools do not drop them."""
    parts = [("." + p[4:]) if p.startswith("dot-") else p for p in relative.parts]
    return Path(*parts)


def create_help_center(directory: str, *, lang: str = "en", store_name: str = "My Store") -> list[Path]:
    if not LANG_CODE.match(lang):
        raise KbgenError(f"--lang {lang!r} is not a language code; use e.g. en, da, zh, ko, vi or tl")
    root = Path(directory)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise KbgenError(f"{directory} already exists and is not empty; choose a new folder")
    source = skeleton_dir()
    samples = source / "samples" / lang
    # Sample articles in the help center's language when kbgen has them, else in English.
    sources = [(p, p.relative_to(source)) for p in sorted(source.rglob("*"))]
    sources = [item for item in sources if item[1].parts[0] != "samples"]
    if samples.is_dir():
        sources = [item for item in sources if item[1].parts[0] != "articles"]
        sources += [(p, p.relative_to(samples)) for p in sorted(samples.rglob("*"))]
    replacements = {
        "__STORE_NAME__": store_name,
        "__LANG__": lang,
        "__TAGLINE__": json.dumps(strings_for(lang)["tagline"], ensure_ascii=False),
    }
    written: list[Path] = []
    for path, relative in sources:
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        dest = root / target_name(relative)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8")
            for placeholder, value in replacements.items():
                text = text.replace(placeholder, value)
            dest.write_text(text, encoding="utf-8")
        else:
            dest.write_bytes(path.read_bytes())
        written.append(dest)
    return written


def yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def create_article(
    config_file: str,
    title: str,
    *,
    category: str | None = None,
    lang: str | None = None,
    new_category: bool = False,
    today: dt.date | None = None,
) -> Path:
    from kbgen.build import load_mkdocs_config

    if not title.strip():
        raise KbgenError("the title is empty; e.g. kbgen new \"Where is my order?\"")
    if lang is not None and not LANG_CODE.match(lang):
        raise KbgenError(f"--lang {lang!r} is not a language code; use e.g. en, da, zh, ko, vi or tl")
    config = load_mkdocs_config(config_file)
    languages = config.plugins["kbgen"].config.languages if "kbgen" in config.plugins else ["en"]
    if lang is not None and lang not in languages:
        raise KbgenError(
            f"--lang {lang} is not one of this help center's languages ({', '.join(languages)}); "
            "add it under 'languages:' in mkdocs.yml first"
        )
    docs = Path(config.docs_dir)
    if lang is not None and lang != languages[0]:
        docs = docs / lang  # translations live in a folder named by their language
    folder = docs
    if category:
        category = category.strip("/")
        folder = docs / category
        if not folder.is_dir() and not new_category:
            existing = sorted(
                str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_dir() and not p.name.startswith((".", "_"))
            )
            close = difflib.get_close_matches(category, existing, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise KbgenError(
                f"unknown category '{category}'{hint}; pass --new-category to create it. "
                f"Categories: {', '.join(existing) or 'none yet'}"
            )
    slug = slugify(title) or "article"
    path = folder / f"{slug}.md"
    if path.exists():
        raise KbgenError(f"{os.path.relpath(path)} already exists; choose another title")
    lines = [
        "---",
        f"title: {yaml_quote(title.strip())}",
        'description: ""',
        "keywords: []",
        f"updated: {(today or dt.date.today()).isoformat()}",
    ]
    lines += ["---", "", "Write the answer first, in one or two sentences.", "", "## Steps", "", "1. ", ""]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return Path(os.path.relpath(path))
