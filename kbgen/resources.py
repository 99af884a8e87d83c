"""Where kbgen's bundled files are: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

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
