"""A store's catalog may use a placeholder more than once, or put text after it: the browser fills
every one, as the build does, and keeps what follows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kbgen.scaffold import create_help_center
from tests.browser.conftest import build_project, serve_folder
from tests.conftest import write_files

CATALOG = {
    "texts/en.yml": """
        texts:
          results_for: "{n} ({n}) for {query} / {query}"
          result_many: "{n} of {n} results"
          missing_words: "Nothing on {words}, {words}: sorry."
    """,
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("placeholders") / "help"
    create_help_center(str(root), store_name="Test Store")
    write_files(root, CATALOG)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - kbgen:\n", "  - kbgen:\n      locales: texts\n", 1))
    site = root / "site"
    build_project(root, site)
    with serve_folder(site) as url:
        yield url


def test_every_placeholder_of_a_summary_is_filled_and_the_text_after_a_list_kept(page, site_url):
    page.goto(site_url + "search/?q=return")
    summary = page.locator("[data-kbgen-summary]")
    summary.wait_for()
    page.wait_for_function("document.querySelector('[data-kbgen-summary]').textContent.includes('for')")
    total = page.evaluate("window.kbgen.query('return').then(a => a.total)")
    assert total > 1
    assert summary.inner_text() == f"{total} ({total}) for return / return"

    page.goto(site_url + "search/?q=return+klarna")
    summary = page.locator("[data-kbgen-summary]")
    summary.get_by_text("klarna").wait_for()
    assert summary.inner_text() == "Nothing on klarna, {words}: sorry."
    assert page.problems == []
