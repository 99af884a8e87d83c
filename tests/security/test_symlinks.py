"""Symbolic links in the docs folder never publish what lies outside it (git stores links)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

SECRET = "KBGEN_TEST_SECRET=do-not-publish"
OUTSIDE_MESSAGE = (
    "which is outside the docs folder and must not be published "
    "(remove the link, or copy what it points to into the docs folder)"
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the help center, with a secret file, a Markdown article and a sub-folder."""
    folder = tmp_path / "outside"
    (folder / "certs").mkdir(parents=True)
    (folder / "secret.txt").write_text(SECRET)
    (folder / "certs" / "key.pem").write_text(SECRET)
    (folder / "leak.md").write_text(f"---\ntitle: Leaked article\n---\n\n{SECRET}\n")
    return folder


def site_text(site: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("env.txt", "secret.txt"),
        ("orders/leak.md", "leak.md"),
        ("ssl", "certs"),
    ],
    ids=["file", "markdown-article", "folder"],
)
def test_link_out_of_the_docs_folder_is_an_error_naming_it(make_site, outside, link, target):
    root = make_site()
    (root / "articles" / link).symlink_to(outside / target)
    runner = CliRunner()

    check = runner.invoke(main, ["check"])
    assert check.exit_code == 1
    assert f"articles/{link}:1: error: symbolic link to '{outside / target}', {OUTSIDE_MESSAGE}" in check.output

    build = runner.invoke(main, ["build"])
    assert build.exit_code == 1
    assert "nothing was built" in build.output
    assert not (root / "site").exists()


def test_proc_environ_link_is_refused_and_the_environment_never_published(make_site, monkeypatch):
    monkeypatch.setenv("KBGEN_TEST_SECRET", "do-not-publish")
    root = make_site()
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0  # a published site to keep
    (root / "articles" / "env.txt").symlink_to("/proc/self/environ")

    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert f"articles/env.txt:1: error: symbolic link to '/proc/self/environ', {OUTSIDE_MESSAGE}" in result.output
    assert not (root / "site" / "env.txt").exists()
    assert "do-not-publish" not in site_text(root / "site")


def test_plugin_drops_an_outside_link_even_when_its_check_is_bypassed(make_site, outside, monkeypatch):
    """Defence in depth: were the check to miss a link, the plugin still hands MkDocs nothing behind it."""
    import kbgen.content.tree

    monkeypatch.setattr(kbgen.content.tree, "link_problem", lambda full, real_docs: None)
    root = make_site()
    (root / "articles" / "env.txt").symlink_to(outside / "secret.txt")
    (root / "articles" / "ssl").symlink_to(outside / "certs")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert not (site / "env.txt").exists()
    assert not (site / "ssl").exists()
    assert SECRET not in site_text(site)
    assert (site / "assets" / "kbgen" / "kbgen.css").is_file()  # theme files come from outside, and stay


def test_links_that_stay_inside_the_docs_folder_still_build(make_site):
    root = make_site()
    docs = root / "articles"
    (docs / "orders" / "returns-policy.md").symlink_to("returns.md")
    (docs / "getting-started" / "orders-link").symlink_to(os.path.join("..", "orders"))
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (root / "site" / "orders" / "returns-policy" / "index.html").is_file()


def test_link_to_nothing_is_an_error(make_site):
    root = make_site()
    (root / "articles" / "gone.md").symlink_to("missing.md")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    message = "articles/gone.md:1: error: symbolic link to 'missing.md', which does not exist (remove the link)"
    assert message in result.output


def test_links_out_of_the_theme_custom_dir_are_errors_and_never_published(make_site, outside, monkeypatch):
    monkeypatch.setenv("KBGEN_TEST_SECRET", "do-not-publish")
    root = make_site()
    overrides = root / "overrides"
    overrides.mkdir()
    (overrides / "env.txt").symlink_to("/proc/self/environ")
    (overrides / "pw.txt").symlink_to(outside / "secret.txt")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1))
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert f"overrides/env.txt:1: error: symbolic link to '/proc/self/environ', {OUTSIDE_MESSAGE}" in result.output
    assert f"overrides/pw.txt:1: error: symbolic link to '{outside / 'secret.txt'}', {OUTSIDE_MESSAGE}" in result.output
    assert not (root / "site").exists()


def test_a_docs_folder_that_is_a_link_out_of_the_project_is_an_error(make_site, outside):
    root = make_site()
    shutil.rmtree(root / "articles")
    (root / "articles").symlink_to(outside)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert (f"mkdocs.yml:1: error: the docs folder articles is a link to {outside}, outside the help center's "
            "folder (make it a real folder inside the project)") in result.output
