"""Shared fixtures: throwaway help centers written from a dict of files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kbgen.scaffold import create_help_center

ROOT = Path(__file__).resolve().parent.parent


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def docs(tmp_path: Path):
    """Write files under a docs folder; returns a function taking {path: text}."""
    folder = tmp_path / "articles"
    folder.mkdir()

    def make(files: dict[str, str | bytes]) -> Path:
        write_files(folder, files)
        return folder

    return make


@pytest.fixture
def make_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A buildable help center from ``kbgen init`` plus the given files; cwd is its root."""

    def make(files: dict[str, str | bytes] | None = None, *, name: str = "help") -> Path:
        root = tmp_path / name
        create_help_center(str(root), store_name="Test Store")
        write_files(root, files or {})
        monkeypatch.chdir(root)
        return root

    return make
