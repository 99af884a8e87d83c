"""`kbgen serve` as staff use it: save a file, look at the open page.

Each test starts the real preview on a free port, opens a page in Chromium and edits the Markdown
on disk, as an editor would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
RETURNS = """\
---
title: Return an item
description: How to send something back.
updated: 2026-01-15
featured: true
---

Send the item back within 30 days in its wallabyfold sleeve.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Preview:
    root: Path
    url: str
    log: Path
    scratch: Path  # the server's TMPDIR: the built site is the one kbgen-serve-* folder in it

    def site(self) -> Path:
        (folder,) = self.scratch.glob("kbgen-serve-*")
        return folder

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for_output(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while text not in (out := self.output()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not printed within {timeout} s:\n{out}")
            time.sleep(0.1)
        return out

    def write(self, name: str, text: str) -> None:
        path = self.root / "articles" / name
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def preview(make_site, tmp_path: Path) -> Iterator[Preview]:
    root = make_site({"articles/orders/returns.md": RETURNS})
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)},
        )
    preview = Preview(root, f"http://127.0.0.1:{port}/", log, scratch)
    try:
        preview.wait_for_output("Watching paths for changes", timeout=90)
        yield preview
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 0, preview.output()
    assert not list(scratch.glob("kbgen-serve-*")), "the preview's site folder outlived the server"


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")


def test_a_saved_edit_reloads_the_open_page_and_rewrites_only_that_page(preview, page):
    open_page(page, preview.url + "orders/returns/")
    site = preview.site()
    unrelated = site / "getting-started/create-an-account/index.html"
    sibling = site / "orders/track-your-order/index.html"
    edited = site / "orders/returns/index.html"
    before = {path: path.stat().st_mtime_ns for path in (unrelated, sibling, edited)}

    preview.write("orders/returns.md", RETURNS.replace("30 days", "45 days, with the label we email"))

    page.wait_for_function("() => document.body?.innerText.includes('45 days, with the label we email')",
                           timeout=15_000)
    assert unrelated.stat().st_mtime_ns == before[unrelated]
    assert sibling.stat().st_mtime_ns == before[sibling]
    assert edited.stat().st_mtime_ns != before[edited]
    out = preview.wait_for_output("re-rendered 1 page in ")
    assert "(articles/orders/returns.md)" in out
    assert "full rebuild" not in out


def test_a_new_title_shows_on_its_category_page_its_neighbours_sidebar_the_404_page_and_the_sitemap(preview, page):
    open_page(page, preview.url + "orders/")
    sitemap = preview.site() / "sitemap.xml"
    assert "<lastmod>2026-01-15</lastmod>" in sitemap.read_text(encoding="utf-8")
    preview.write("orders/returns.md", RETURNS.replace("title: Return an item", "title: Send it back")
                  .replace("updated: 2026-01-15", "updated: 2026-11-30"))

    page.wait_for_function("() => document.querySelector('article')?.innerText.includes('Send it back')",
                           timeout=15_000)
    out = preview.wait_for_output("(articles/orders/returns.md); updating the search index")
    sibling = preview.site() / "orders/track-your-order/index.html"
    assert "Send it back" in sibling.read_text(encoding="utf-8")
    assert "Return an item" not in sibling.read_text(encoding="utf-8")
    assert "full rebuild" not in out
    # The edited page is written and shown first; the pages printing its title follow.
    first = out.index("re-rendered 1 page in ")
    assert out.index("(articles/orders/returns.md); now the pages that list it") > first
    assert re.search(r"re-rendered \d+ pages in .*; updating the search index", out[first:])
    edited = preview.site() / "orders/returns/index.html"
    assert edited.stat().st_mtime_ns < sibling.stat().st_mtime_ns
    not_found = (preview.site() / "404.html").read_text(encoding="utf-8")
    assert "Send it back" in not_found and "Return an item" not in not_found  # its popular articles
    assert "Send it back" in (preview.site() / "widget.json").read_text(encoding="utf-8")
    entry = re.search(r"<url>\s*<loc>[^<]*/orders/returns/</loc>\s*<lastmod>([^<]+)</lastmod>",
                      sitemap.read_text(encoding="utf-8"))
    assert entry and entry.group(1) == "2026-11-30"
    home = re.search(r"<url>\s*<loc>[^<]*:\d+/</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap.read_text(encoding="utf-8"))
    assert home and home.group(1) == "2026-11-30"  # the home page is as new as its newest article


def test_a_title_that_moves_the_article_reorders_its_category_without_a_full_rebuild(preview, page):
    open_page(page, preview.url + "orders/")
    preview.write("orders/returns.md", RETURNS.replace("title: Return an item", "title: Zigzag returns"))

    page.wait_for_function("() => document.querySelector('article')?.innerText.includes('Zigzag returns')",
                           timeout=15_000)
    listing = page.locator("article").inner_text()
    assert listing.index("Track your order") < listing.index("Zigzag returns")
    open_page(page, preview.url + "orders/track-your-order/")
    sidebar = page.locator(".md-sidebar--primary").inner_text()
    assert sidebar.index("Track your order") < sidebar.index("Zigzag returns")
    assert "full rebuild" not in preview.output()


def test_broken_front_matter_shows_an_escaped_overlay_until_the_file_is_fixed(preview, page):
    open_page(page, preview.url + "orders/returns/")
    hostile = '<img src=x onerror="window.pwned=1">'
    preview.write("orders/returns.md", RETURNS.replace("description:", f"category: '{hostile}'\ndescription:"))

    overlay = page.locator("#kbgen-preview-errors")
    overlay.wait_for(timeout=15_000)
    message = f"articles/orders/returns.md:3: error: unknown category '{hostile}'"
    assert message in overlay.inner_text()
    assert overlay.locator("img").count() == 0
    assert page.evaluate("() => window.pwned") is None
    assert message in preview.output()
    # The server still answers, with the last good pages.
    with urllib.request.urlopen(preview.url + "getting-started/create-an-account/", timeout=5) as response:
        assert response.status == 200

    preview.write("orders/returns.md", RETURNS.replace("30 days", "60 days"))
    page.wait_for_function("() => document.body?.innerText.includes('60 days')", timeout=15_000)
    assert overlay.count() == 0


def search_urls(page, word: str) -> list[str]:
    try:
        return [r["url"] for r in page.evaluate("(w) => window.kbgen.search(w)", word)]
    except Exception:  # the page is reloading
        return []


def test_search_finds_the_word_an_edit_added_and_not_the_one_it_removed(preview, page):
    started = preview.output()  # the first build's index, written beside its templates, before serving
    assert -1 < started.find("search index of ") < started.index("Watching paths for changes")
    open_page(page, preview.url + "orders/returns/")
    assert search_urls(page, "quokkaproof") == []
    assert search_urls(page, "wallabyfold")[0].startswith("/orders/returns/")
    manifest = preview.site() / "search/manifest.json"
    folder = json.loads(manifest.read_text(encoding="utf-8"))["index"]

    preview.write("orders/returns.md", RETURNS.replace("wallabyfold", "quokkaproof"))

    deadline = time.monotonic() + 20
    while not (urls := search_urls(page, "quokkaproof")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert urls and urls[0].startswith("/orders/returns/")
    assert search_urls(page, "wallabyfold") == []
    line = re.search(r"search index updated in [\d.]+ s \(([\d,]+) of ([\d,]+) files rewritten\)",
                     preview.wait_for_output("files rewritten"))
    assert line, preview.output()
    rewritten, total = (int(n.replace(",", "")) for n in line.groups())
    assert 0 < rewritten < total / 4  # in place: the edited page's result file and the shards of its words
    now = json.loads(manifest.read_text(encoding="utf-8"))["index"]
    assert now != folder and (preview.site() / "search" / now).is_dir()


def test_a_category_file_change_rebuilds_everything_and_says_why(preview, page):
    open_page(page, preview.url + "orders/")
    category = preview.root / "articles/orders/_category.yml"
    category.write_text(category.read_text(encoding="utf-8").replace("title: ", "title: Parcels and ", 1),
                        encoding="utf-8")

    page.wait_for_function("() => document.body?.innerText.includes('Parcels and')", timeout=30_000)
    assert "full rebuild (articles/orders/_category.yml changed)" in preview.wait_for_output("full rebuild")
