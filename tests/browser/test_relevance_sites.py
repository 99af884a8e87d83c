"""The fixture help centers of tests/fixtures/relevance/ in Chromium: window.kbgen.query ranks every
suite query exactly as `kbgen search` does (titles, compounds, Korean whole words, missing words)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.browser.conftest import ROOT, build_project, run_queries, serve_folder
from tests.search.test_relevance_sites import SUITES, suite

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = tmp_path_factory.mktemp("brightcart") / "site"
    build_project(ROOT / "tests/fixtures/relevance/brightcart", site)
    with serve_folder(site) as url:
        yield site, url


@pytest.mark.parametrize(("site_name", "lang"), SUITES)
def test_browser_ranks_and_reports_missing_words_like_the_cli(browser, served, site_name, lang):
    site, url = served
    page = browser.new_page()
    page.goto(url if lang == "en" else f"{url}{lang}/")
    queries = [case["query"] for case in suite(site_name, lang)]
    answers = run_queries(page, queries)
    page.close()
    different = []
    for query, browser_answer in zip(queries, answers, strict=True):
        args = ["search", query, "--lang", lang, "--json", "--limit", "5", "--site-dir", str(site)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        cli = json.loads(result.output)
        cli_view = [(r["url"], r["score"], r["snippet"]) for r in cli["results"]], cli["unmatched"], cli["total"]
        browser_view = (
            [(r["url"], r["score"], r["snippet"]) for r in browser_answer["results"]],
            browser_answer["missing"],
            browser_answer["total"],
        )
        if cli_view != browser_view:
            different.append(f"{query!r}: cli {cli_view} / browser {browser_view}")
        assert browser_answer["unmatched"] == browser_answer["missing"]
    assert different == []
