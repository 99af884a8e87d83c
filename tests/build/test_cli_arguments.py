"""The command line with bad arguments: one clear ``Error:`` line, nothing written outside the folder named."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main

EXAMPLE = "e.g. --category orders"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def kbgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """kbgen in a child process with a deadline: a serve that wrongly starts is killed, never left running."""
    return subprocess.run([sys.executable, "-m", "kbgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def assert_one_error(output: str, message: str) -> None:
    assert output.splitlines()[-1] == f"Error: {message}"
    assert "unexpected" not in output and "Traceback" not in output


# --- kbgen new ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("category", "message"), [
    ("../../outside", f"--category '../../outside' leads outside articles; name a folder inside it, {EXAMPLE}"),
    ("orders/../../x", f"--category 'orders/../../x' leads outside articles; name a folder inside it, {EXAMPLE}"),
    ("/tmp/elsewhere", f"--category '/tmp/elsewhere' is an absolute path; name a folder inside articles, {EXAMPLE}"),
    ("_drafts", "--category '_drafts': folders starting with '.' or '_' are not published; rename '_drafts'"),
    ("orders/.hidden", "--category 'orders/.hidden': folders starting with '.' or '_' are not published; "
                       "rename '.hidden'"),
    ("orders/returns.md", f"--category 'orders/returns.md' is a file, not a folder; {EXAMPLE}"),
], ids=["dot-dot", "dot-dot-inside", "absolute", "underscore", "hidden", "a-file"])
def test_new_refuses_a_category_outside_the_docs_folder_or_unpublished(make_site, runner, tmp_path, category, message):
    make_site()
    before = files_under(tmp_path)
    result = runner.invoke(main, ["new", "T", "--category", category, "--new-category"])
    assert result.exit_code == 1
    assert_one_error(result.output, message)
    assert files_under(tmp_path) == before


def test_new_refuses_a_category_that_links_outside_the_docs_folder(make_site, runner, tmp_path):
    root = make_site()
    (tmp_path / "outside").mkdir()
    (root / "articles/linked").symlink_to(tmp_path / "outside")
    result = runner.invoke(main, ["new", "T", "--category", "linked/sub", "--new-category"])
    assert result.exit_code == 1
    assert_one_error(result.output,
                     "--category 'linked/sub' is a link to a folder outside articles; name a folder inside it")
    assert list((tmp_path / "outside").iterdir()) == []


def test_new_creates_a_nested_category_inside_the_docs_folder(make_site, runner):
    root = make_site()
    result = runner.invoke(main, ["new", "Gift cards", "--category", "payments/cards/", "--new-category"])
    assert result.exit_code == 0, result.output
    assert result.output == "Created articles/payments/cards/gift-cards.md\n"
    assert (root / "articles/payments/cards/gift-cards.md").is_file()


def test_new_with_a_300_character_title_cuts_the_file_name_at_a_word(make_site, runner):
    root = make_site()
    title = " ".join(f"word{n}" for n in range(50))  # 339 characters
    result = runner.invoke(main, ["new", title])
    assert result.exit_code == 0, result.output
    (path,) = (root / "articles").glob("word0-*.md")
    assert path.stem == "-".join(f"word{n}" for n in range(13))  # 80 characters at most, whole words
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert meta["title"] == title
    assert runner.invoke(main, ["check"]).output == ""


def test_new_with_a_long_title_in_a_wide_script_keeps_the_file_name_short_in_bytes(make_site, runner):
    root = make_site()
    result = runner.invoke(main, ["new", "如何退货" * 80])
    assert result.exit_code == 0, result.output
    (path,) = (root / "articles").glob("如何退货*.md")
    assert len(path.name.encode("utf-8")) <= 203


def test_new_writes_any_title_as_one_line_of_valid_front_matter(make_site, runner):
    root = make_site()
    title = 'Pay "later": \\ back\nslash\ttab \x7f # not a comment'
    result = runner.invoke(main, ["new", title, "--category", "orders"])
    assert result.exit_code == 0, result.output
    path = root / "articles/orders/pay-later-back-slash-tab-not-a-comment.md"
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert meta["title"] == 'Pay "later": \\ back slash tab \x7f # not a comment'


# --- kbgen init -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "   "], ids=["empty", "blank"])
def test_init_refuses_an_empty_folder_name(runner, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init", name])
    assert result.exit_code == 1
    assert_one_error(result.output, "the folder name is empty; name a new folder, e.g. kbgen init shop-help")
    assert list(tmp_path.iterdir()) == []


def test_init_that_cannot_write_says_why(runner, tmp_path):
    (tmp_path / "a-file").write_text("mine")
    target = tmp_path / "a-file" / "help"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot create the help center in {target}: Not a directory")
    assert_one_error(result.output, result.output.splitlines()[-1][len("Error: "):])
    assert (tmp_path / "a-file").read_text() == "mine"


@pytest.mark.parametrize(("lang", "title", "hours", "response_time"), [
    ("fr", "Centre d'aide {name}", "du lundi au vendredi, de 9h à 18h", "réponse sous 24 h ouvrées"),
    ("ja", "{name} ヘルプセンター", "平日 10:00〜18:00（土日祝・年末年始を除く）", "1営業日以内にご返信します"),
    ("da", "{name} Hjælpecenter", "man.–fre. kl. 9–17", "vi svarer inden for én hverdag"),
], ids=["fr", "ja", "da"])
def test_init_in_another_language_titles_the_site_and_fills_the_contact_block_in_it(
        runner, tmp_path, monkeypatch, lang, title, hours, response_time):
    monkeypatch.chdir(tmp_path)
    name = 'Bob\'s "Bikes"'
    assert runner.invoke(main, ["init", "help", "--lang", lang, "--store-name", name]).exit_code == 0
    config = yaml.load((tmp_path / "help/mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_name"] == title.format(name=name)
    contact = config["plugins"][0]["kbgen"]["contact"]
    assert (contact["hours"], contact["response_time"]) == (hours, response_time)


def test_init_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(runner, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "mkdocs.yml").write_text("mine")
    result = runner.invoke(main, ["init", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert_one_error(result.output, f"{tmp_path / 'x'} already exists and is not empty; choose a new folder")
    assert files_under(tmp_path) == {"x/mkdocs.yml"}


def test_init_store_name_with_yaml_characters_still_builds(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = 'Bob\'s "Bikes": #1 - [best] & co'
    assert runner.invoke(main, ["init", "help", "--store-name", name]).exit_code == 0
    config = yaml.load((tmp_path / "help/mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_name"] == f"{name} Help Center"
    assert config["plugins"][0]["kbgen"]["store_name"] == name
    monkeypatch.chdir(tmp_path / "help")
    result = runner.invoke(main, ["check"])
    assert (result.exit_code, result.output) == (0, "")


# --- kbgen serve ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("addr", "message"), [
    ("127.0.0.1:99999", "port 99999 is out of range; use a port from 1 to 65535, e.g. --dev-addr 127.0.0.1:8000"),
    ("127.0.0.1:0", "port 0 is out of range; use a port from 1 to 65535, e.g. --dev-addr 127.0.0.1:8000"),
    ("127.0.0.1", "'127.0.0.1' has no port number; e.g. --dev-addr 127.0.0.1:8000"),
    ("127.0.0.1:http", "'127.0.0.1:http' has no port number; e.g. --dev-addr 127.0.0.1:8000"),
    ("shop.local:8000", "'shop.local:8000': 'shop.local' is not an IP address or localhost; "
                        "e.g. --dev-addr 127.0.0.1:8000"),
], ids=["too-big", "zero", "no-port", "named-port", "host-name"])
def test_serve_refuses_a_bad_dev_addr_before_building(make_site, addr, message):
    root = make_site()
    done = kbgen("serve", "--dev-addr", addr, cwd=root)
    assert done.returncode == 2
    assert_one_error(done.stderr, f"Invalid value for '--dev-addr' / '-a': {message}")
    assert "Serving" not in done.stderr


def test_serve_on_a_port_in_use_says_so_and_exits_at_once(make_site):
    root = make_site()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        done = kbgen("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=root)
        seconds = time.monotonic() - started
    assert done.returncode == 1
    assert_one_error(done.stderr, f"port {port} is in use on 127.0.0.1: stop the other server or pick another with "
                                  f"--dev-addr 127.0.0.1:{port + 1}")
    assert "Building documentation" not in done.stderr  # refused before the first build
    assert seconds < 30


def test_serve_with_content_errors_stops_before_serving(make_site):
    root = make_site({"articles/orders/bad.md": "---\ntittle: Bad\n---\n"})
    with socket.socket() as taken:  # were the errors ignored, serve would fail on this port, not run
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = kbgen("serve", "--dev-addr", f"127.0.0.1:{taken.getsockname()[1]}", cwd=root)
    assert done.returncode == 1
    assert "articles/orders/bad.md:2: error: unknown key 'tittle' (did you mean 'title'?)" in done.stderr
    assert_one_error(done.stderr, "1 error in the content; fix it, then run kbgen serve")
