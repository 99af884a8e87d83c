"""The site folder: a build replaces only what kbgen built, and cleans up after builds that were killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from kbgen.build import SITE_MARKER
from kbgen.cli import main


def test_build_refuses_to_replace_a_folder_kbgen_did_not_build(make_site):
    root = make_site()
    public = root / "public"
    public.mkdir()
    (public / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["build", "--site-dir", "public"])
    assert result.exit_code == 1
    assert result.output.endswith(
        f"Error: {public} is not empty and was not built by kbgen (it has no {SITE_MARKER} file); a build replaces "
        "the whole folder, so choose another --site-dir, empty it, or pass --force to replace it\n"
    )
    assert (public / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in public.iterdir()) == ["notes.txt"]


def test_force_replaces_a_foreign_folder(make_site):
    root = make_site()
    (root / "public").mkdir()
    (root / "public" / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["build", "--site-dir", "public", "--force"])
    assert result.exit_code == 0, result.output
    assert not (root / "public" / "notes.txt").exists()
    assert (root / "public" / "index.html").is_file()


def test_a_site_kbgen_built_is_replaced_and_an_empty_folder_is_used(make_site):
    root = make_site()
    (root / "public").mkdir()
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--site-dir", "public"]).exit_code == 0
    assert (root / "public" / SITE_MARKER).is_file()
    (root / "public" / "stale.html").write_text("from an older build")
    result = runner.invoke(main, ["build", "--site-dir", "public"])
    assert result.exit_code == 0, result.output
    assert not (root / "public" / "stale.html").exists()


def test_a_site_built_before_the_marker_existed_is_still_replaced(make_site):
    root = make_site()
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    (root / "site" / SITE_MARKER).unlink()  # as an older kbgen left it: its search manifest names kbgen
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_killed_builds_are_removed_and_live_ones_kept(make_site):
    root = make_site()
    dead = dead_pid()
    for name in (f".site.building-{dead}-x1y2", f".site.old-{dead}", f".site.building-{os.getpid()}-live"):
        (root / name).mkdir()
        (root / name / "index.html").write_text("partial")
    (root / ".site.notes").mkdir()  # not a build's
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))
    assert left == [f".site.building-{os.getpid()}-live", ".site.notes"]


def test_a_build_killed_midway_leaves_the_old_site_and_the_next_build_cleans_up(make_site):
    root = make_site({f"articles/orders/article-{i}.md": f"---\ntitle: Article {i}\n---\n\nText {i}.\n"
                      for i in range(150)})
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = (root / "site" / "index.html").read_bytes()
    build = subprocess.Popen([sys.executable, "-m", "kbgen", "build"], cwd=root,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(root.glob(".site.building-*")) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.02)
    assert list(root.glob(".site.building-*")), "the build never started writing"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert (root / "site" / "index.html").read_bytes() == before
    assert list(root.glob(".site.building-*"))  # what SIGKILL leaves behind

    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    assert not list(root.glob(".site.building-*"))
    assert not list(root.glob(".site.old-*"))


def test_names_that_are_not_utf8_and_folders_nested_too_deep_are_named(make_site):
    root = make_site()
    deep = root / "articles" / "orders"
    for _ in range(250):
        deep = deep / "d"
    os.makedirs(deep)
    (deep / "deep.md").write_text("---\ntitle: Deep\n---\n")
    os.close(os.open(os.fsencode(root / "articles" / "orders") + b"/caf\xe9.md", os.O_CREAT | os.O_WRONLY))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert ("articles/orders/caf\\xe9.md:1: error: the name is not valid UTF-8 "
            "(rename it; names become addresses of the site)") in lines
    assert f"articles/orders/{'d/' * 16}:1: error: folders are nested more than 16 deep (flatten them)" in lines
    build = CliRunner().invoke(main, ["build"])
    assert build.exit_code == 1
    assert "Traceback" not in build.output


def test_marker_file_is_not_a_search_result_nor_in_the_sitemap(make_site):
    root = make_site()
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    assert SITE_MARKER not in (root / "site" / "sitemap.xml").read_text()
    assert Path(root / "site" / SITE_MARKER).read_text().startswith("This folder was built by kbgen")


def test_a_site_folder_that_cannot_be_written_is_a_one_line_error(make_site, tmp_path):
    make_site()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", "--site-dir", str(blocker / "site")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: cannot write the site beside {blocker / 'site'}: File exists "
        "(choose a --site-dir in a folder you can write)"
    )
    assert "unexpected" not in result.output


def test_a_config_file_that_cannot_be_read_is_a_one_line_error(make_site):
    make_site()
    result = CliRunner().invoke(main, ["check", "-f", "/proc/self/mem"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: /proc/self/mem: cannot be read: ")
    assert "unexpected" not in result.output
