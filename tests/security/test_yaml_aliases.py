"""Content YAML with aliases: a few hundred bytes of "billion laughs" fail at once with ``path:line``."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.scaffold import create_help_center

LEVELS = WIDTH = 9


def bomb(indent: str = "") -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) strings once walked as a tree."""
    lines = [f'{indent}l0: &l0 ["lol"]']
    for level in range(1, LEVELS):
        lines.append(f"{indent}l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * WIDTH)}]")
    return "\n".join(lines) + "\n"


# (file, its text, the line of the first alias)
KINDS = {
    "front matter": ("articles/orders/bomb.md", "---\ntitle: Bomb\n" + bomb() + "---\n\nBody.\n", 4),
    "FAQ": ("articles/orders/bomb.faq.yml",
            "title: Bomb\nquestions:\n  - question: Why?\n    answer: Because.\n" + "extra:\n" + bomb("  "), 7),
    "category": ("articles/orders/_category.yml", "title: Orders\n" + bomb(), 3),
    "synonyms": ("articles/_synonyms.yml", "en:\n  - [refund, money back]\n" + bomb(), 4),
}

CHECK_SCRIPT = """
import json, sys, time
from kbgen.build import check_content
start = time.process_time()  # CPU time: a loaded machine stretches the wall clock, not this
center = check_content("mkdocs.yml")
print(json.dumps({"seconds": time.process_time() - start,
                  "errors": [d.format() for d in center.diagnostics if d.is_error]}))
"""


def help_center(tmp_path: Path, name: str, text: str) -> Path:
    root = tmp_path / "help"
    create_help_center(str(root), store_name="Test Store")
    (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("kind", list(KINDS))
def test_alias_bomb_in_content_yaml_fails_fast_with_its_line(tmp_path, kind):
    name, text, line = KINDS[kind]
    assert len(text.encode()) < 600  # a few hundred bytes
    root = help_center(tmp_path, name, text)
    # In a child process with a deadline, so that a regression fails this test instead of hanging it.
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CHECK_SCRIPT], cwd=root, capture_output=True, text=True,
                          timeout=20, check=True)
    assert time.monotonic() - started < 20
    answer = json.loads(done.stdout)
    assert answer["errors"] == [
        f"{name}:{line}: error: YAML alias '*l0' is not supported in content files "
        "(write the value out in full instead of reusing '&l0')"
    ]
    assert answer["seconds"] < 1.0


def test_alias_bomb_stops_kbgen_check_with_exit_1(tmp_path, monkeypatch):
    name, text, _ = KINDS["front matter"]
    monkeypatch.chdir(help_center(tmp_path, name, text))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"{name}:4: error: YAML alias '*l0' is not supported")


def test_a_single_scalar_alias_is_refused_too(tmp_path):
    text = "---\ntitle: &t Returns\ndescription: *t\n---\n\nBody.\n"
    root = help_center(tmp_path, "articles/orders/alias.md", text)
    done = subprocess.run([sys.executable, "-c", CHECK_SCRIPT], cwd=root, capture_output=True, text=True,
                          timeout=20, check=True)
    assert json.loads(done.stdout)["errors"] == [
        "articles/orders/alias.md:3: error: YAML alias '*t' is not supported in content files "
        "(write the value out in full instead of reusing '&t')"
    ]


def test_an_anchor_nobody_uses_and_stars_in_text_still_load(tmp_path, monkeypatch):
    text = "---\ntitle: &t Returns *and* exchanges\ndescription: '*Fast* refunds & more'\n---\n\n**Body**.\n"
    monkeypatch.chdir(help_center(tmp_path, "articles/orders/stars.md", text))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_yaml_nested_too_deeply_is_an_error_with_its_file(tmp_path):
    text = "title: Orders\ndescription: " + "[" * 5000 + "]" * 5000 + "\n"
    root = help_center(tmp_path, "articles/orders/_category.yml", text)
    done = subprocess.run([sys.executable, "-c", CHECK_SCRIPT], cwd=root, capture_output=True, text=True,
                          timeout=20, check=True)
    assert json.loads(done.stdout)["errors"] == [
        "articles/orders/_category.yml:1: error: YAML is nested too deeply (flatten its lists and mappings)"
    ]


def test_alias_bomb_in_mkdocs_yml_fails_fast_in_check_and_build(tmp_path):
    root = tmp_path / "help"
    create_help_center(str(root), store_name="Test Store")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n" + bomb("  "), encoding="utf-8")
    for command in ("check", "build"):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "kbgen", command], cwd=root, capture_output=True,
                              text=True, timeout=60)
        assert time.monotonic() - started < 20
        assert done.returncode == 1
        assert done.stderr.splitlines()[-1] == (
            "Error: mkdocs.yml:1: error: its YAML aliases expand to more than 100,000 values "
            "(write the repeated values out, or nest fewer aliases)"
        )


def test_ordinary_anchors_in_mkdocs_yml_still_load(tmp_path, monkeypatch):
    root = tmp_path / "help"
    create_help_center(str(root), store_name="Test Store")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  a: &shared {x: 1}\n  b: *shared\n",
                      encoding="utf-8")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(main, ["check"]).exit_code == 0
