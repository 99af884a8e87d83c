"""The command line on throwaway help centers: init, new, check, build."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen import __version__
from kbgen.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_init_builds_out_of_the_box(make_site, runner):
    root = make_site()
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Built .*site in [\d.]+s: 3 articles, 1 FAQ page \(3 questions\), 2 categories, 0 warnings",
                     result.output)
    site = root / "site"
    for page in ["index.html", "contact/index.html", "orders/index.html", "orders/track-your-order/index.html",
                 "orders/orders/index.html", "404.html", "sitemap.xml"]:
        assert (site / page).is_file(), page
    workflow = (root / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    assert f'pip install "kbgen=={__version__}"' in workflow  # the kbgen that wrote it: the same build each time
    assert (root / ".gitignore").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, runner):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    result = runner.invoke(main, ["init", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.output
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_check_prints_nothing_on_clean_content(make_site, runner):
    make_site()
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0
    assert result.output == ""


def test_check_reports_each_mistake_and_exits_1(make_site, runner):
    make_site({
        "articles/orders/bad.md": "---\ntittle: Bad\n---\n\nSee [x](nowhere.md).\n",
    })
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "articles/orders/bad.md:1: warning: no title: using 'Bad', made from the file name "
        "(add 'title: ...' to the front matter, or start the text with '# Title')",
        "articles/orders/bad.md:2: error: unknown key 'tittle' (did you mean 'title'?)",
        "articles/orders/bad.md:5: warning: link 'nowhere.md' points to a page that does not exist",
        "1 error, 2 warnings in 4 articles and 1 FAQ file",
    ]


def test_build_is_deterministic(make_site, runner):
    root = make_site()
    assert runner.invoke(main, ["build", "--site-dir", "one"]).exit_code == 0
    assert runner.invoke(main, ["build", "--site-dir", "two"]).exit_code == 0
    assert tree_digest(root / "one") == tree_digest(root / "two")


def test_failed_build_leaves_previous_site_byte_for_byte(make_site, runner):
    root = make_site()
    assert runner.invoke(main, ["build"]).exit_code == 0
    before = tree_digest(root / "site")
    (root / "articles/orders/returns.md").write_text("---\ntitle: [broken\n---\n")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "articles/orders/returns.md:2: error: invalid YAML" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_failure_while_rendering_leaves_previous_site(make_site, runner):
    root = make_site()
    assert runner.invoke(main, ["build"]).exit_code == 0
    before = tree_digest(root / "site")
    (root / "overrides").mkdir()
    (root / "overrides/main.html").write_text('{% extends "base.html" %}{% block content %}{{ 1 / 0 }}{% endblock %}')
    config = (root / "mkdocs.yml").read_text()
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (root / "mkdocs.yml").write_text(config)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1, result.output
    assert "the site was not changed" in result.output
    assert tree_digest(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_strict_turns_warnings_into_failure(make_site, runner):
    root = make_site({"articles/orders/extra.md": "---\ntitle: Extra\nauthor: Sam\n---\nBody\n"})
    result = runner.invoke(main, ["build", "--strict"])
    assert result.exit_code == 1
    assert "articles/orders/extra.md:3: warning: unknown key 'author'" in result.output
    assert not (root / "site").exists()
    assert runner.invoke(main, ["build"]).exit_code == 0


def test_missing_config_is_a_clear_error(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: mkdocs.yml not found: run kbgen inside a help center")


def test_bad_plugin_setting_names_the_config(make_site, runner):
    root = make_site()
    text = (root / "mkdocs.yml").read_text().replace("chat_url: https://example.com/chat", "chat_url: 42")
    (root / "mkdocs.yml").write_text(text)
    line = text.splitlines().index("        chat_url: 42") + 1
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"mkdocs.yml:{line}: error: kbgen setting 'contact.chat_url' must be an address such as "
        "https://example.com/chat/, not 42\n"
    )
    assert "Traceback" not in result.output


def test_new_writes_front_matter(make_site, runner):
    root = make_site()
    result = runner.invoke(main, ["new", "Where is my order?", "--category", "orders"])
    assert result.exit_code == 0, result.output
    path = root / "articles/orders/where-is-my-order.md"
    text = path.read_text()
    assert text.startswith('---\ntitle: "Where is my order?"\n')
    assert runner.invoke(main, ["check"]).output == ""


def test_new_with_unknown_category_suggests_one(make_site, runner):
    make_site()
    result = runner.invoke(main, ["new", "Gift cards", "--category", "order"])
    assert result.exit_code == 1
    assert "unknown category 'order' (did you mean 'orders'?)" in result.output


@pytest.mark.parametrize("command", ["init", "new", "check", "build", "serve"])
def test_every_command_help_has_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:\n      kbgen " in result.output


def test_faq_page_has_faqpage_jsonld(make_site, runner):
    root = make_site()
    assert runner.invoke(main, ["build"]).exit_code == 0
    html = (root / "site/orders/orders/index.html").read_text()
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(raw)
    assert data["@type"] == "FAQPage"
    assert [q["name"] for q in data["mainEntity"]] == [
        "Can I change my order after placing it?", "How long does a refund take?",
        "Which payment methods do you accept?",
    ]
    assert all(q["@type"] == "Question" and q["acceptedAnswer"]["@type"] == "Answer" for q in data["mainEntity"])
    assert data["mainEntity"][1]["acceptedAnswer"]["text"].startswith("Up to 5 business days")
    assert '<details class="kbgen-faq-item" id="how-long-does-a-refund-take">' in html


def test_markdown_from_other_tools_builds_with_warnings(make_site, runner):
    root = make_site({
        "articles/orders/imported.md": (
            "---\ntitle: Imported\nlayout: page\npermalink: /imported/\n---\n\n"
            '{% hint style="warning" %}\nKeep your receipt.\n{% endhint %}\n\n'
            "See [[Track your order]] and ![label](img/label.png).\n"
        ),
    })
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "articles/orders/imported.md:3: warning: unknown key 'layout'" in result.output
    assert "GitBook" not in result.output  # read as GitBook reads it: nothing to warn about
    assert "articles/orders/imported.md:11: warning: image 'img/label.png': missing image" in result.output
    html = (root / "site/orders/imported/index.html").read_text()
    assert '<div class="admonition warning">' in html
    assert '<a href="../track-your-order/">Track your order</a>' in html


def test_init_in_another_language_starts_with_articles_in_it(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init", "hjaelp", "--lang", "ko"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "hjaelp")
    assert "languages: [ko]" in (tmp_path / "hjaelp/mkdocs.yml").read_text()
    assert runner.invoke(main, ["check"]).output == ""
    assert runner.invoke(main, ["build"]).exit_code == 0
    home = (tmp_path / "hjaelp/site/index.html").read_text()
    assert '<html lang="ko"' in home and "무엇을 도와드릴까요?" in home
    result = runner.invoke(main, ["search", "환불", "--json"])
    assert json.loads(result.output)["results"][0]["url"].startswith("/returns-and-refunds/")


def test_new_translation_goes_into_its_language_folder(make_site, runner):
    root = make_site()
    config = (root / "mkdocs.yml").read_text().replace("languages: [en]", "languages: [en, da]")
    (root / "mkdocs.yml").write_text(config)
    (root / "articles/da/orders").mkdir(parents=True)
    result = runner.invoke(main, ["new", "Spor din pakke", "--category", "orders", "--lang", "da"])
    assert result.exit_code == 0, result.output
    assert (root / "articles/da/orders/spor-din-pakke.md").is_file()
    result = runner.invoke(main, ["new", "Theo dõi", "--lang", "vi"])
    assert result.exit_code == 1
    assert "--lang vi is not one of this help center's languages (en, da)" in result.output
