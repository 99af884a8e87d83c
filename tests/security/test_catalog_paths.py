"""A store catalog named under ``locales:`` must lie inside the help center's folder: an absolute path,
a ``../`` path or a link out of it is an error at its mkdocs.yml line, and the file is never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

SECRET = 'texts:\n  tagline: "CI_TOKEN=s3cr3t"\n'


def with_locales(root: Path, setting: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - kbgen:\n", f"  - kbgen:\n      locales: {setting}\n", 1))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "en.yml"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


def refused(root: Path, expected: str) -> None:
    runner = CliRunner()
    line = next(n for n, text in enumerate((root / "mkdocs.yml").read_text().splitlines(), 1) if "locales:" in text)
    for command in (["check"], ["build"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, result.output
        assert f"mkdocs.yml:{line}: error: kbgen setting {expected} is outside the help center's folder; " \
               "copy the catalog into the project" in result.output
        assert "Traceback" not in result.output
    assert not (root / "site").exists()


def test_a_catalog_named_by_absolute_path_outside_the_project_is_refused(make_site, outside):
    root = make_site()
    with_locales(root, f"{{en: {outside}}}")
    refused(root, f"'locales.en': {outside}")


def test_a_catalog_named_by_a_dotdot_path_outside_the_project_is_refused(make_site, outside):
    root = make_site()
    with_locales(root, "{en: ../elsewhere/en.yml}")
    refused(root, f"'locales.en': {root / '../elsewhere/en.yml'}")


def test_a_catalog_in_the_folder_that_links_out_is_refused(make_site, outside):
    root = make_site()
    (root / "texts").mkdir()
    os.symlink(outside, root / "texts" / "en.yml")
    with_locales(root, "texts")
    refused(root, f"'locales': texts/en.yml (a link to {outside})")


def test_a_catalog_folder_that_links_out_is_refused(make_site, outside):
    root = make_site()
    os.symlink(outside.parent, root / "texts")
    with_locales(root, "texts")
    refused(root, f"'locales': texts (a link to {outside.parent})")


def test_a_catalog_linked_from_inside_the_project_is_read(make_site):
    root = make_site({"shared/en.yml": 'texts:\n  still_need_help: "Ask us anything"\n'})
    (root / "texts").mkdir()
    os.symlink(root / "shared" / "en.yml", root / "texts" / "en.yml")
    with_locales(root, "texts")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "Ask us anything" in (root / "site" / "index.html").read_text()
