"""sitemap.xml: each page's <lastmod> is when that page changed, never the build date for all."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.site.sitemap import parse_git_log

ARTICLES = {
    "articles/orders/_category.yml": "title: Orders\n",
    "articles/orders/track.md": "---\ntitle: Track an order\nupdated: 2026-03-04\n---\nUse the link.\n",
    "articles/orders/cancel.md": "---\ntitle: Cancel an order\nupdated: 2025-12-30\n---\nWrite to us.\n",
    "articles/orders/undated.md": "---\ntitle: Change an order\n---\nWrite to us soon.\n",
    "articles/orders/orders.faq.yml": (
        "title: Order questions\nupdated: 2026-01-15\nquestions:\n"
        "  - question: Can I add an item?\n    answer: Not after it ships.\n"
    ),
}


def lastmods(site: Path) -> dict[str, str | None]:
    """{page URL: its <lastmod>, or None}, from the built sitemap."""
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    out = {}
    for block in re.findall(r"<url>(.*?)</url>", xml, re.S):
        loc = re.search(r"<loc>https://help\.example\.com/(.*?)</loc>", block).group(1)
        date = re.search(r"<lastmod>(.*?)</lastmod>", block)
        out[loc] = date.group(1) if date else None
    return out


def build(root: Path) -> dict[str, str | None]:
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    return lastmods(root / "site")


def test_each_page_lastmod_is_its_own_updated_date(make_site):
    dates = build(make_site(ARTICLES))
    assert dates["orders/track/"] == "2026-03-04"
    assert dates["orders/cancel/"] == "2025-12-30"
    assert dates["orders/orders/"] == "2026-01-15"


def test_page_without_updated_has_no_lastmod_rather_than_the_build_date(make_site):
    dates = build(make_site(ARTICLES))
    assert dates["orders/undated/"] is None
    assert dates["search/"] is None


def test_category_page_lastmod_is_its_newest_article(make_site):
    dates = build(make_site(ARTICLES))
    assert dates["orders/"] == "2026-03-04"


def git(root: Path, *args: str, date: str = "") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    subprocess.run(
        ["git", "-c", "user.name=Staff", "-c", "user.email=staff@example.com", *args],
        cwd=root, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin", "HOME": str(root), **env},
    )


def test_git_dates_fill_in_pages_without_updated_when_the_store_opts_in(make_site):
    root = make_site(ARTICLES)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - kbgen:\n", "  - kbgen:\n      sitemap_dates: git\n"))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", date="2026-02-01T10:00:00+00:00")
    (root / "articles/orders/undated.md").write_text("---\ntitle: Change an order\n---\nWrite to us today.\n")
    git(root, "commit", "-q", "-am", "second", date="2026-05-06T10:00:00+00:00")
    dates = build(root)
    assert dates["orders/undated/"] == "2026-05-06"
    assert dates["orders/track/"] == "2026-03-04"  # its own `updated` still comes first
    assert dates["orders/"] == "2026-05-06"


def test_demo_pages_do_not_all_share_one_date(tmp_path):
    from tests.browser.conftest import ROOT, build_project

    site = tmp_path / "site"
    build_project(ROOT, site)
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    dates = re.findall(r"<lastmod>(.*?)</lastmod>", xml)
    assert len(set(dates)) > 10
    assert '<loc>https://help.larkspur.example/shipping-and-delivery/damaged-parcel/</loc>\n' \
        '         <lastmod>2026-10-07</lastmod>' in xml


def test_git_log_names_each_file_by_its_newest_commit():
    log = "@2026-05-06\n\nhelp/articles/a.md\n@2026-02-01\n\nhelp/articles/a.md\nhelp/articles/b.md\nother/c.md\n"
    assert parse_git_log(log, "help/articles/") == {
        "a.md": dt.date(2026, 5, 6),
        "b.md": dt.date(2026, 2, 1),
    }
