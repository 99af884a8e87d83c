"""Where kbgen's bundled files are: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

import functools
import hashlib
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


@functools.cache
def client_name() -> str:
    """The client's file name under search/, with a content hash so hosts can cache it forever."""
    digest = hashlib.sha256(client_path().read_bytes()).hexdigest()[:10]
    return f"kbgen-search.{digest}.js"


def add_client_files(files, config, root: str = "") -> None:
    """Publish the search client under search/ of a language's sub-site (root "" or "da/")."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, root + "search/" + client_name(), abs_src_path=str(client_path())))
