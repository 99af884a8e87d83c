"""The help widget of a help center in a stemmed language, on a store page of another origin,
imports that language's stemmer from the help center and ranks as `kbgen search` does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.index.query import SearchIndex
from tests.browser.conftest import CorsHandler, build_project, serve_folder
from tests.browser.test_widget import STORE_PAGE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def french_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("fr") / "help"
    result = CliRunner().invoke(main, ["init", str(project), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    build_project(project, project / "site")
    return project / "site"


@pytest.fixture(scope="module")
def french_store(tmp_path_factory, french_site) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("store-fr")
    with serve_folder(french_site, CorsHandler) as help_url, serve_folder(folder) as store_url:
        (folder / "tente.html").write_text(STORE_PAGE.format(css="", help=help_url, lang="fr"), encoding="utf-8")
        yield help_url, store_url


def test_widget_on_another_origin_loads_the_french_stemmer_and_ranks_as_the_cli(page, french_site, french_store):
    help_url, store_url = french_store
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(store_url + "tente.html")
    page.locator("kbgen-widget .kbw-launcher").click()
    page.locator("kbgen-widget .kbw-input").fill("remboursements")
    page.locator("kbgen-widget .kbw-results a").first.wait_for()
    stemmers = [u for u in requested if re.search(r"/search/stemmer-french\.[0-9a-f]{10}\.js$", u)]
    assert stemmers and all(u.startswith(help_url) for u in stemmers)
    hrefs = page.locator("kbgen-widget .kbw-results a").evaluate_all("links => links.map((a) => a.href)")
    expected = [r.url for r in SearchIndex(french_site / "search").search("remboursements", limit=5).results]
    assert expected and hrefs[0].startswith(help_url.rstrip("/") + expected[0].split("#")[0])
    assert page.problems == []
