"""``kbgen init`` and ``kbgen new``: files a new help center or article starts from."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from pathlib import Path

from kbgen import __version__
from kbgen.content.placeholders import placeholders
from kbgen.content.slugs import slugify
from kbgen.errors import KbgenError
from kbgen.resources import skeleton_dir

TEXT_SUFFIXES = {".yml", ".yaml", ".md"}


def target_name(relative: Path) -> Path:
    """Dotfiles are stored as ``dot-name`` so packaging tools do not drop them."""
    parts = [("." + p[4:]) if p.startswith("dot-") else p for p in relative.parts]
    return Path(*parts)


def create_help_center(directory: str, *, lang: str = "en", store_name: str = "My Store") -> list[Path]:
    """Copy the skeleton into ``directory``, which must be new or empty (nothing is overwritten)."""
    if not directory.strip():
        raise KbgenError("the folder name is empty; name a new folder, e.g. kbgen init shop-help")
    lang = known_language(lang)
    if not store_name.strip():
        raise KbgenError('--store-name is empty; e.g. --store-name "Acme Outdoor"')
    root = Path(directory)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise KbgenError(f"{directory} already exists and is not empty; choose a new folder")
    try:
        return copy_skeleton(root, lang, " ".join(store_name.split()))
    except OSError as exc:
        raise KbgenError(f"cannot create the help center in {directory}: {os_reason(exc)}") from None


def known_language(lang: str, locales=None) -> str:
    """``--lang`` as kbgen spells it (``pt-BR`` -> ``pt-br``), refused unless a catalog exists for it."""
    from kbgen.locales import Locales
    from kbgen.locales.codes import is_code, normalise

    locales = locales or Locales()
    if not is_code(lang) or not locales.knows(lang):
        message, hint = locales.unknown(lang)
        raise KbgenError(f"--lang: {message}; {hint}")
    return normalise(lang)


def os_reason(exc: OSError) -> str:
    """An OS error as a short reason with the file it concerns."""
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def yaml_text(value: str) -> str:
    """``value`` escaped for the inside of a double-quoted YAML string.

    JSON's escapes are YAML's; YAML also refuses unprintable characters (DEL, C1 controls) raw.
    """
    text = json.dumps(value, ensure_ascii=False)[1:-1]
    return "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in text)


def copy_skeleton(root: Path, lang: str, store_name: str) -> list[Path]:
    from kbgen.locales import Locales

    source = skeleton_dir()
    # Sample articles in the help center's language when kbgen has them, else in the language its
    # texts fall back to (pt for pt-br), else in English.
    chain = [catalog.code for catalog in Locales().chain(lang)]
    samples = next((source / "samples" / code for code in chain if (source / "samples" / code).is_dir()),
                   source / "samples" / lang)
    sources = [(p, p.relative_to(source)) for p in sorted(source.rglob("*"))]
    sources = [item for item in sources if item[1].parts[0] != "samples"]
    if samples.is_dir():
        sources = [item for item in sources if item[1].parts[0] != "articles"]
        sources += [(p, p.relative_to(samples)) for p in sorted(samples.rglob("*"))]
    language = Locales().language(lang)
    replacements = {
        "__STORE_NAME__": yaml_text(store_name),  # only mkdocs.yml has it, in double-quoted strings
        "__MATERIAL_LANG__": language.material,
        "__LANG__": lang,
        "__KBGEN_VERSION__": __version__,  # the CI workflow installs the kbgen that wrote it
        "__TAGLINE__": json.dumps(language.texts["tagline"], ensure_ascii=False),
        "__HOURS__": json.dumps(language.sample["hours"], ensure_ascii=False),
        "__RESPONSE_TIME__": json.dumps(language.sample["response_time"], ensure_ascii=False),
        # Last, so that nothing in the store's name is taken for a placeholder.
        "__SITE_NAME__": yaml_text(language.sample["site_name"].replace("{store}", store_name)),
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


MAX_SLUG_CHARS = 80  # the file name, hence the page address; the title itself is kept whole
MAX_SLUG_BYTES = 200  # file systems allow 255 bytes in a name; room for ".md"


def file_slug(title: str) -> str:
    """The article's file name without ``.md``: the title's slug, cut at a word if it is long."""
    slug = slugify(title) or "article"
    while len(slug) > MAX_SLUG_CHARS or len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        limit = min(len(slug) - 1, MAX_SLUG_CHARS)
        head, _, _ = slug[: limit + 1].rpartition("-")  # the last whole word within the limit
        slug = (head or slug[:limit]).strip("-")
    return slug


def category_folder(docs: Path, category: str) -> Path:
    """The folder ``--category`` names, refused unless it is inside the docs folder and published."""
    name = category.strip().rstrip("/")
    example = "e.g. --category orders"
    shown = os.path.relpath(docs)
    if os.path.isabs(name):
        raise KbgenError(f"--category '{category}' is an absolute path; name a folder inside {shown}, {example}")
    parts = Path(name).parts
    if ".." in parts:
        raise KbgenError(f"--category '{category}' leads outside {shown}; name a folder inside it, {example}")
    hidden = [p for p in parts if p.startswith((".", "_"))]
    if hidden:
        raise KbgenError(
            f"--category '{category}': folders starting with '.' or '_' are not published; rename '{hidden[0]}'"
        )
    folder = docs / name
    inside = os.path.realpath(docs)
    if os.path.commonpath([inside, os.path.realpath(folder)]) != inside:
        raise KbgenError(f"--category '{category}' is a link to a folder outside {shown}; name a folder inside it")
    if folder.exists() and not folder.is_dir():
        raise KbgenError(f"--category '{category}' is a file, not a folder; {example}")
    return folder


def create_article(
    config_file: str,
    title: str,
    *,
    category: str | None = None,
    lang: str | None = None,
    new_category: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write a new article under the docs folder (never outside it) and return its path."""
    from kbgen.build import load_mkdocs_config

    title = " ".join(title.split())  # one line: it goes into the front matter
    if not title:
        raise KbgenError("the title is empty; e.g. kbgen new \"Where is my order?\"")
    config = load_mkdocs_config(config_file)
    settings = config.plugins["kbgen"].config if "kbgen" in config.plugins else None
    languages = settings.languages if settings is not None else ["en"]
    locales = locales_of(settings, config_file)
    if lang is not None:
        lang = known_language(lang, locales)
    if lang is not None and lang not in languages:
        raise KbgenError(
            f"--lang {lang} is not one of this help center's languages ({', '.join(languages)}); "
            "add it under 'languages:' in mkdocs.yml first"
        )
    docs = Path(config.docs_dir)
    if lang is not None and lang != languages[0]:
        docs = docs / lang  # translations live in a folder named by their language
    folder = docs
    if category and category.strip():
        folder = category_folder(docs, category)
        if not folder.is_dir() and not new_category:
            raise unknown_category(docs, str(folder.relative_to(docs)))
    path = folder / f"{file_slug(title)}.md"
    if path.exists():
        raise KbgenError(f"{os.path.relpath(path)} already exists; choose another title")
    write_article(folder, path, title, today or dt.date.today(), lang or languages[0], locales)
    return Path(os.path.relpath(path))


def unknown_category(docs: Path, category: str) -> KbgenError:
    existing = sorted(
        str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_dir() and not p.name.startswith((".", "_"))
    )
    close = difflib.get_close_matches(category, existing, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return KbgenError(
        f"unknown category '{category}'{hint}; pass --new-category to create it. "
        f"Categories: {', '.join(existing) or 'none yet'}"
    )


def locales_of(settings, config_file: str):
    from kbgen.locales.store import load_locales

    return load_locales(settings.locales if settings is not None else None, config_file)


def write_article(folder: Path, path: Path, title: str, today: dt.date, lang: str = "en", locales=None) -> None:
    """A draft with prompts (its catalog's ``new_article:``) that ``kbgen check`` flags once published."""
    prompts = placeholders(lang, locales)
    lines = [
        "---",
        f'title: "{yaml_text(title)}"',
        f'description: "{yaml_text(prompts["description"])}"',
        "keywords: []",
        f"updated: {today.isoformat()}",
        "draft: true  # remove this line to publish",
        "---", "", prompts["body"][0], "", "## Steps", "", "1. ", "",
    ]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:  # "x": never replace a file written meanwhile
            out.write("\n".join(lines))
    except FileExistsError:
        raise KbgenError(f"{os.path.relpath(path)} already exists; choose another title") from None
    except OSError as exc:
        raise KbgenError(f"cannot write {os.path.relpath(path)}: {os_reason(exc)}") from None
