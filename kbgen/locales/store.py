"""The store's own catalogs, named in mkdocs.yml under the kbgen plugin's ``locales:``.

Either a folder of ``<code>.yml`` files (``locales: texts``) or a mapping of code to file
(``locales: {fr: texts/fr.yml}``), relative to mkdocs.yml. A file for a language kbgen ships
overrides the texts it holds; a file for any other code adds that language.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen.content.tree import is_inside
from kbgen.locales.codes import is_code, normalise
from kbgen.locales.registry import Locales, shown_path


@dataclass
class StoreFiles:
    """code -> (path to read, path to show), and what is wrong with the setting: (key or None, message)."""

    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[tuple[str | None, str]] = field(default_factory=list)


def store_files(setting: Any, config_dir: str) -> StoreFiles:
    """The catalog files ``locales:`` names; ``config_dir`` is mkdocs.yml's folder."""
    found = StoreFiles()
    if setting is None or setting == "":
        return found
    project = os.path.realpath(config_dir)
    if isinstance(setting, str):
        folder = Path(config_dir) / setting
        if folder.is_dir() and not is_inside(os.path.realpath(folder), project):
            found.problems.append((None, outside(folder, "locales")))
            return found
        if not folder.is_dir():
            found.problems.append((None, f"kbgen setting 'locales': no folder {shown_path(folder)}"))
            return found
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yml", ".yaml") and path.is_file():
                if not is_inside(os.path.realpath(path), project):
                    found.problems.append((None, outside(path, "locales")))
                elif is_code(path.stem):
                    found.files[normalise(path.stem)] = (str(path), shown_path(path))
                else:
                    found.problems.append((None, f"kbgen setting 'locales': {shown_path(path)} is not named by a "
                                                 "language code (name it like fr.yml or pt-br.yml)"))
        return found
    if isinstance(setting, dict):
        for code, file in setting.items():
            if not is_code(code):
                found.problems.append((str(code), f"kbgen setting 'locales': {code!r} is not a language code"))
            elif not isinstance(file, str) or not (Path(config_dir) / file).is_file():
                found.problems.append((str(code), f"kbgen setting 'locales.{code}': no file {file!r} "
                                                  "beside mkdocs.yml"))
            elif not is_inside(os.path.realpath(Path(config_dir) / file), project):
                found.problems.append((str(code), outside(Path(config_dir) / file, f"locales.{code}")))
            else:
                path = Path(config_dir) / file
                found.files[normalise(code)] = (str(path), shown_path(path))
        return found
    found.problems.append((None, "kbgen setting 'locales' must be a folder of <code>.yml catalogs, or a mapping "
                                 "of language code to catalog file, such as {fr: texts/fr.yml}"))
    return found


def outside(path: Path, key: str) -> str:
    """Why a catalog outside mkdocs.yml's folder is not read: CI would publish whatever it holds."""
    real = os.path.realpath(path)
    where = "" if real == os.path.abspath(path) else f" (a link to {real})"
    return (f"kbgen setting '{key}': {shown_path(path)}{where} is outside the help center's folder; "
            "copy the catalog into the project")


def load_locales(setting: Any, config_file: str | None) -> Locales:
    """kbgen's catalogs with the store's on top (its setting's mistakes are reported by config.py)."""
    config_dir = os.path.dirname(os.path.abspath(config_file)) if config_file else os.getcwd()
    return Locales.with_store_files(store_files(setting, config_dir).files)


def watched_paths(setting: Any, config_file: str | None) -> list[str]:
    """What ``kbgen serve`` watches for the store's catalogs: the folder (a new file counts too), or each file."""
    config_dir = os.path.dirname(os.path.abspath(config_file)) if config_file else os.getcwd()
    if isinstance(setting, str) and (Path(config_dir) / setting).is_dir():
        return [str(Path(config_dir) / setting)]
    return [path for path, _ in store_files(setting, config_dir).files.values()]
