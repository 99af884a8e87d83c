"""An include statement never publishes what lies outside its folder: GitBook's ``{% include %}`` reads only
the docs folder, markdown-include's ``{!file!}`` only its ``base_path`` inside the project, never a hidden
file, never past a symbolic link that leads out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

SECRET = "KBGEN_TEST_SECRET=do-not-publish"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    return folder


def site_text(site: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def with_markdown_include(root: Path, base_path: str) -> None:
    config = root / "mkdocs.yml"
    listed = f"markdown_extensions:\n  - markdown_include.include:\n      base_path: '{base_path}'\n"
    config.write_text(config.read_text().replace("markdown_extensions:\n", listed, 1))


def test_no_include_reads_outside_its_folder_or_a_hidden_file(make_site, outside, monkeypatch):
    monkeypatch.setenv("KBGEN_TEST_SECRET", "do-not-publish")
    root = make_site({
        "articles/orders/leak.md": (
            "# Leak\n\n"
            '{% include "../../../outside/secret.txt" %}\n'
            "{!env.txt!}\n"
            "{!linked.md!}\n"
            "{!../outside/secret.txt!}\n"
            "{!/proc/self/environ!}\n"
            "{!~/.bash_history!}\n"
            "{!.git/config!}\n"
            "{!articles/orders/track-your-order.md!}\n"
        ),
        ".git/config": f"[remote]\n{SECRET}\n",
    })
    with_markdown_include(root, ".")  # the project: mkdocs.yml's folder
    (root / "env.txt").symlink_to("/proc/self/environ")  # beside the docs folder, which no walk checks
    (root / "linked.md").symlink_to(outside / "secret.txt")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    where = "markdown-include's base_path '.'"
    warnings = [line for line in result.output.splitlines() if "articles/orders/leak.md" in line]
    assert warnings == [
        "articles/orders/leak.md:3: warning: include '../../../outside/secret.txt' is outside the docs folder: "
        "nothing is read",
        f"articles/orders/leak.md:4: warning: include 'env.txt' leads outside {where} (a symbolic link): "
        "nothing is read",
        f"articles/orders/leak.md:5: warning: include 'linked.md' leads outside {where} (a symbolic link): "
        "nothing is read",
        f"articles/orders/leak.md:6: warning: include '../outside/secret.txt' is outside {where}: nothing is read",
        f"articles/orders/leak.md:7: warning: include '/proc/self/environ' is an absolute path: nothing is read "
        f"(write it relative to {where})",
        f"articles/orders/leak.md:8: warning: include '~/.bash_history' is an absolute path: nothing is read "
        f"(write it relative to {where})",
        "articles/orders/leak.md:9: warning: include '.git/config' names a hidden file: nothing is read",
    ]
    assert "do-not-publish" not in site_text(root / "site")
    assert "Follow your parcel" in (root / "site" / "orders" / "leak" / "index.html").read_text()  # inside: read


def test_a_base_path_outside_the_project_reads_nothing(make_site, outside):
    root = make_site({"articles/leak.md": "# Leak\n\n{!outside/secret.txt!}\n"})
    with_markdown_include(root, "..")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert ("articles/leak.md:3: warning: include 'outside/secret.txt' is outside markdown-include's base_path "
            "'..': nothing is read") in result.output
    assert "do-not-publish" not in site_text(root / "site")
