"""An imported help desk's old article addresses, opened in Chromium, land on the new articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.scaffold import create_help_center
from tests.browser.conftest import build_project, serve_folder

pytestmark = pytest.mark.browser
ZENDESK = Path(__file__).resolve().parents[1] / "fixtures" / "zendesk-export"


@pytest.fixture(scope="module")
def imported_url(tmp_path_factory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("imported") / "help"
    create_help_center(str(project), store_name="Larkspur")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("languages: [en]", "languages: [en, da]"))
    result = CliRunner().invoke(main, ["import", "zendesk", str(ZENDESK), "-f", str(config),
                                       "--docs-dir", str(project / "articles")])
    assert result.exit_code == 0, result.output
    site = project.parent / "site"
    build_project(project, site)
    with serve_folder(site) as url:
        yield url.rstrip("/")


@pytest.mark.parametrize(("old", "new", "title"), [
    ("/hc/en-us/articles/360000000101-Track-your-order", "/orders-delivery/tracking/track-your-order/",
     "Track your order"),
    ("/hc/da/articles/360000000201-S%C3%A5dan-returnerer-du-en-vare",
     "/da/returns-refunds/returns/how-to-return-an-item/", "Sådan returnerer du en vare"),
], ids=["english", "danish-with-escapes"])
def test_opening_an_old_address_lands_on_the_article(page, imported_url, old, new, title):
    page.goto(imported_url + old + "/")
    page.wait_for_url(imported_url + new, timeout=10_000)
    assert page.locator("h1").first.inner_text() == title
    # The imported images still load from the old help desk, which this machine cannot reach.
    assert [p for p in page.problems if "Failed to load resource" not in p] == []
