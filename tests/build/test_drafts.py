"""Drafts on the built site: neither they nor a folder holding only drafts are published or listed."""

from __future__ import annotations

from click.testing import CliRunner

from kbgen.analytics.export import Gap, draft_markdown
from kbgen.cli import main


def test_a_folder_of_drafts_from_analytics_export_is_no_category_of_the_site(make_site):
    gap = Gap(query="klarna", normalized="klarna", count=12, days=5, languages=["en"], first_seen="2026-11-01",
              last_seen="2026-11-20", examples=["klarna"], variants=[("klarna", 9), ("pay with klarna", 3)])
    root = make_site({"articles/drafts/klarna.md": draft_markdown(gap)})
    result = CliRunner().invoke(main, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    home = (root / "site/index.html").read_text()
    assert 'href="orders/"' in home  # the categories with published articles are listed
    assert "drafts/" not in home and ">Drafts<" not in home
    assert not (root / "site/drafts").exists()
    assert "/drafts/" not in (root / "site/sitemap.xml").read_text()
    assert "/drafts/" not in (root / "site/orders/returns/index.html").read_text()  # nor in the sidebar
