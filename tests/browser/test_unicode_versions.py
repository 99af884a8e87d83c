"""Queries holding letters newer than the building Python's Unicode rank alike in the CLI and Chromium.

Chromium knows Unicode 17.0, Python 3.11 14.0: the client reads words with the table the site
publishes (search/unicode.<hash>.json, see kbgen/index/unicode_table.py), not with its own classes.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.browser.conftest import run_queries
from tests.parity.test_unicode_versions import MAPPINGS_JS, NEWER, known_to_python, mappings_that_differ

pytestmark = pytest.mark.browser
QUERIES = {
    "en": [
        "refund\U0001ccd6shipping", "track order\ua7f1", "\ua7cbrefund", "return\U00011f04policy",
        "order\U0001e4d0status", "refund shipping", *NEWER,
    ],
    "zh": ["\U00031350退款", "退货\U0002ebf0\U0002ebf1", "退款", *NEWER[5:7]],
}


@pytest.fixture(scope="module")
def answers(browser, site_url):
    page = browser.new_page()
    out = {}
    for lang, queries in QUERIES.items():
        page.goto(site_url + ("" if lang == "en" else f"{lang}/"))
        out[lang] = dict(zip(queries, run_queries(page, queries), strict=True))
    page.close()
    return out


@pytest.mark.parametrize("lang", sorted(QUERIES))
def test_cli_ranks_newer_letters_like_the_browser(answers, demo_site, lang):
    runner = CliRunner()
    for query in QUERIES[lang]:
        args = ["search", query, "--lang", lang, "--json", "--limit", "5", "--site-dir", str(demo_site)]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        cli, browser = json.loads(result.output), answers[lang][query]
        assert [(r["url"], r["score"], r["snippet"]) for r in cli["results"]] == [
            (r["url"], r["score"], r["snippet"]) for r in browser["results"]
        ], ascii(query)
        assert (cli["unmatched"], cli["total"]) == (browser["unmatched"], browser["total"]), ascii(query)


def test_a_letter_python_does_not_know_separates_words(answers):
    """U+1CCD6 (Unicode 16.0) is "A" to Chromium's NFKC; to the site it is a space, as to Python 3.11."""
    en, zh = answers["en"], answers["zh"]
    assert en["refund\U0001ccd6shipping"]["results"] and en["refund\U0001ccd6shipping"] == en["refund shipping"]
    assert zh["\U00031350退款"] == zh["退款"]


def test_the_site_publishes_its_unicode_table(demo_site):
    manifest = json.loads((demo_site / "search/manifest.json").read_text(encoding="utf-8"))
    table = json.loads((demo_site / "search" / manifest["unicode"]).read_text(encoding="utf-8"))
    assert manifest["unicode"].startswith("unicode.") and set(table) == {"unicode", "runs"}


def test_chromium_lowercases_and_normalises_every_character_python_knows_as_python_does(page):
    """What the client leaves to Chromium (NFKC, lowercase, \\p{Mn} of characters Python knows) is Python's."""
    assert mappings_that_differ(page.evaluate(MAPPINGS_JS, known_to_python())) <= {"U+1171E"}
