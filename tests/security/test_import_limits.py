"""A help desk export that is absurd (nested too deeply, numbers of thousands of digits) is refused with
a message naming the file or the article, never an "unexpected ... please report", and writes nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kbgen.cli import main

DEEP = 100_000
DIGITS = "9" * 5000


def run_import(root, kind: str, files: dict[str, str]):
    export = root / "export"
    export.mkdir()
    for name, text in files.items():
        (export / name).write_text(text, encoding="utf-8")
    before = sorted(p.relative_to(root) for p in (root / "articles").rglob("*"))
    result = CliRunner().invoke(main, ["import", kind, "export"])
    assert sorted(p.relative_to(root) for p in (root / "articles").rglob("*")) == before  # nothing written
    return result


@pytest.mark.parametrize("kind", ["zendesk", "helpscout"])
def test_json_nested_too_deeply_is_an_error_naming_its_file(make_site, kind):
    root = make_site()
    result = run_import(root, kind, {"articles.json": '{"articles": ' + "[" * DEEP + "]" * DEEP + "}"})
    assert result.exit_code == 1
    assert result.output == "Error: export/articles.json: error: the JSON is nested too deeply; export it again\n"


def test_a_number_of_5000_digits_is_an_error_naming_its_file(make_site):
    root = make_site()
    body = '{"articles": [{"id": 1, "locale": "en-us", "title": "A", "body": "x", "position": ' + DIGITS + "}]}"
    result = run_import(root, "zendesk", {"articles.json": body})
    assert result.exit_code == 1
    assert result.output == ("Error: export/articles.json: error: holds a number too long to read "
                             "(over 4,300 digits); export it again\n")


def test_article_html_nested_too_deeply_is_an_error_naming_the_article(make_site):
    root = make_site()
    html = "<div>" * 5000 + "x" + "</div>" * 5000
    article = {"id": 7, "locale": "en-us", "title": "Deep", "body": html}
    result = run_import(root, "zendesk", {"articles.json": json.dumps({"articles": [article]})})
    assert result.exit_code == 1
    assert result.output == ("Error: zendesk article 7 ('Deep'): its HTML is nested too deeply to convert; "
                             "simplify it in the help desk or remove it from the export; nothing was written\n")


def test_a_link_to_an_article_number_of_5000_digits_stays_a_link(make_site):
    root = make_site()
    article = {"id": "a1", "number": 1, "name": "Big", "publicUrl": "https://x.helpscoutdocs.com/article/1-big",
               "text": f'<p><a href="https://x.helpscoutdocs.com/article/{DIGITS}-x">other</a></p>'}
    root.joinpath("export").mkdir()
    root.joinpath("export/a.json").write_text(json.dumps({"article": article}), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "helpscout", "export"])
    assert result.exit_code == 0, result.output
    assert f"[other](https://x.helpscoutdocs.com/article/{DIGITS}-x)" in (root / "articles/big.md").read_text()
