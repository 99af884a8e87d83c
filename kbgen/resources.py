"""Where kbgen's bundled files are: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from kbgen.errors import ConfigError

PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ConfigError(f"kbgen's {name} files are missing from this installation; reinstall kbgen")


def theme_dir() -> str:
    """The Material for MkDocs overrides: templates, partials and CSS."""
    return str(_bundled("theme"))


def skeleton_dir() -> Path:
    """The files ``kbgen init`` copies into a new help center."""
    return PACKAGE / "skeleton"


def client_path() -> Path:
    """The bundled browser search client (built from search/src by esbuild)."""
    packaged = PACKAGE / "search_client" / "kbgen-search.js"
    for candidate in (packaged, PACKAGE.parent / "search" / "dist" / "kbgen-search.js"):
        if candidate.is_file():
            return candidate
    raise ConfigError("kbgen's search client is missing from this installation; reinstall kbgen")


def widget_path() -> Path:
    """The bundled help widget (search/src/widget.js built by esbuild), published as widget.js."""
    packaged = PACKAGE / "search_client" / "kbgen-widget.js"
    for candidate in (packaged, PACKAGE.parent / "search" / "dist" / "kbgen-widget.js"):
        if candidate.is_file():
            return candidate
    raise ConfigError("kbgen's help widget is missing from this installation; reinstall kbgen")


@functools.cache
def client_name() -> str:
    """The client's file name under search/, with a content hash so hosts can cache it forever."""
    digest = hashlib.sha256(client_path().read_bytes()).hexdigest()[:10]
    return f"kbgen-search.{digest}.js"


def stemmer_path(algorithm: str) -> Path:
    """A Snowball stemmer for the browser, bundled on its own (search/dist/stemmers/<algorithm>.js)."""
    packaged = PACKAGE / "search_client" / "stemmers" / f"{algorithm}.js"
    for candidate in (packaged, PACKAGE.parent / "search" / "dist" / "stemmers" / f"{algorithm}.js"):
        if candidate.is_file():
            return candidate
    raise ConfigError(f"kbgen's {algorithm} stemmer is missing from this installation; reinstall kbgen")


def hashed_name(path: Path, stem: str) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{stem}.{digest}{path.suffix}"


def hashed_content_name(content: bytes, stem: str, suffix: str) -> str:
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:10]}{suffix}"


@functools.cache
def analysis_files(lang: str) -> dict[str, tuple[str, Path | bytes]]:
    """What a language's search downloads besides the client, by manifest key, as a file or its
    content: this Python's Unicode classes (``index.unicode_table``), its Snowball stemmer unless
    the client bundles it (English, Danish), and for Chinese the Traditional -> Simplified table.
    Only that language's pages download the last two, so the client stays small for all."""
    from kbgen.index.analysis import BUNDLED_STEMMERS, HAN_FOLD_LANGS, STEMMERS, analyser_of
    from kbgen.index.unicode_table import unicode_table

    table = unicode_table()
    out: dict[str, tuple[str, Path | bytes]] = {"unicode": (hashed_content_name(table, "unicode", ".json"), table)}
    algorithm = STEMMERS.get(analyser_of(lang))
    if algorithm and algorithm not in BUNDLED_STEMMERS:
        path = stemmer_path(algorithm)
        out["stemmer"] = (hashed_name(path, f"stemmer-{algorithm}"), path)
    if analyser_of(lang) in HAN_FOLD_LANGS:
        path = PACKAGE / "index" / "han_simplified.json"
        out["han"] = (hashed_name(path, "han-simplified"), path)
    return out


def add_client_files(files, config, root: str = "", lang: str = "en") -> None:
    """Publish the search client (and what the language's analyser needs) under search/ and the help
    widget at the top of a language's sub-site."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, root + "search/" + client_name(), abs_src_path=str(client_path())))
    for name, source in analysis_files(lang).values():
        uri = root + "search/" + name
        if isinstance(source, bytes):
            files.append(File.generated(config, uri, content=source))
        else:
            files.append(File.generated(config, uri, abs_src_path=str(source)))
    files.append(File.generated(config, root + "widget.js", abs_src_path=str(widget_path())))


# Material's own search: lunr, its language files and its web worker. kbgen's search replaces it, and
# Material's bundle starts the worker only from a search form kbgen's header does not have.
MATERIAL_SEARCH_FILES = re.compile(r"assets/javascripts/(?:lunr/|workers/search\.)")
MATERIAL_SEARCH_CONFIG = re.compile(r'"search":\s*"[^"]*assets/javascripts/workers/search\.[^"]*"')


def drop_material_search(files) -> int:
    """Leave Material's search assets out of the site (about 1.2 MB); returns how many files."""
    unused = [file for file in files if MATERIAL_SEARCH_FILES.match(file.src_uri)]
    for file in unused:
        files.remove(file)
    return len(unused)


def without_material_search(config_html: str) -> str:
    """Material's page configuration without the address of the worker that is no longer shipped."""
    from markupsafe import Markup

    return Markup(MATERIAL_SEARCH_CONFIG.sub('"search": null', str(config_html)))
