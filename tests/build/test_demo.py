"""The demo store: it checks clean, builds twice to identical files, and every link resolves."""

from __future__ import annotations

import hashlib
import json
import os
import re
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from click.testing import CliRunner

from kbgen.build import build_site
from kbgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
HREF = re.compile(r'(?:href|src)="([^"]+)"')


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("demo")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        build_site("mkdocs.yml", str(out / "one"), echo=lambda line: None)
        build_site("mkdocs.yml", str(out / "two"), echo=lambda line: None)
    finally:
        os.chdir(cwd)
    return out / "one", out / "two"


def digest(root: Path) -> dict[str, str]:
    files = (p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_demo_checks_clean(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check"])
    assert (result.exit_code, result.output) == (0, "")


def test_demo_has_the_content_the_store_needs():
    articles = [p for p in (ROOT / "articles").rglob("*.md")]
    categories = [p for p in (ROOT / "articles").glob("*/_category.yml")]
    faqs = list((ROOT / "articles").rglob("*.faq.yml"))
    assert len(articles) >= 30
    assert len(categories) >= 6
    assert len(faqs) >= 3
    assert (ROOT / "articles/_synonyms.yml").is_file()


def test_two_builds_are_identical(demo):
    one, two = demo
    assert digest(one) == digest(two)


def test_every_internal_link_resolves(demo):
    site, _ = demo
    broken = []
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":
            continue  # its links are site-absolute, for any address
        base = "http://site/" + rel
        html = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'id="([^"]+)"', html))
        for href in map(html_unescape, HREF.findall(html)):
            url = urlsplit(urljoin(base, href))
            if url.netloc != "site":
                continue
            path = unquote(url.path).lstrip("/")
            target = site / path
            if path.endswith("/") or path == "":
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{rel}: {href}")
            elif url.fragment and target == page and url.fragment not in ids or (
                url.fragment and target.suffix == ".html" and target != page
                and f'id="{url.fragment}"' not in target.read_text(encoding="utf-8")
            ):
                broken.append(f"{rel}: {href} (no such anchor)")
    assert broken == []


def test_faq_pages_carry_valid_faqpage_jsonld(demo):
    site, _ = demo
    pages = [p for p in site.rglob("index.html") if "application/ld+json" in p.read_text(encoding="utf-8")]
    assert len(pages) == 3 + 5  # three English FAQ pages, one in each other language
    total = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(raw)
        assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
        for question in data["mainEntity"]:
            assert question["@type"] == "Question" and question["name"].strip()
            assert question["acceptedAnswer"]["@type"] == "Answer"
            assert len(question["acceptedAnswer"]["text"]) > 20
        assert html.count('class="kbgen-faq-item"') == len(data["mainEntity"])
        total += len(data["mainEntity"])
    assert total >= 30


def test_sitemap_lists_every_page_with_its_date(demo):
    site, _ = demo
    sitemap = (site / "sitemap.xml").read_text()
    assert "https://help.larkspur.example/orders-and-tracking/track-your-order/" in sitemap
    assert re.search(r"track-your-order/</loc>\s*<lastmod>2026-\d\d-\d\d</lastmod>", sitemap)
    pages = [p for p in site.rglob("index.html")]
    assert sitemap.count("<url>") == len(pages)
