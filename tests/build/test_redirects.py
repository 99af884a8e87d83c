"""redirect_from: old addresses become static redirect pages and _redirects lines; bad ones are path:line errors."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kbgen.cli import main


def article(title: str, *old: str) -> str:
    lines = "".join(f"  - {value}\n" for value in old)
    return f"---\ntitle: {title}\nredirect_from:\n{lines}---\n\nText of {title}.\n"


def check(make_site, files: dict[str, str]) -> list[str]:
    make_site(files)
    result = CliRunner().invoke(main, ["check"])
    return [line for line in result.output.splitlines() if ": error: " in line]


def test_old_address_becomes_a_redirect_page_to_the_article(make_site):
    root = make_site({
        "articles/orders/returns.md": article("Return an item", "/hc/en-us/articles/360001-Returns",
                                              "/old/returns.html"),
    })
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    page = (root / "site/hc/en-us/articles/360001-Returns/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/orders/returns/">' in page
    assert '<link rel="canonical" href="/orders/returns/">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "<script" not in page
    assert (root / "site/old/returns.html").is_file()
    assert (root / "site/_redirects").read_text().splitlines()[1:] == [
        "/hc/en-us/articles/360001-Returns /orders/returns/ 301",
        "/old/returns.html /orders/returns/ 301",
    ]


def test_redirects_honour_the_base_path_of_site_url(make_site):
    root = make_site({"articles/orders/returns.md": article("Return an item", "/old-returns/")})
    config = root / "mkdocs.yml"
    text = config.read_text()
    config.write_text(re.sub(r"(?m)^site_url: .*$", "site_url: https://shop.example/help/", text)
                      if "site_url:" in text else "site_url: https://shop.example/help/\n" + text)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    page = (root / "site/old-returns/index.html").read_text()
    assert 'content="0; url=/help/orders/returns/"' in page
    assert "/help/old-returns/ /help/orders/returns/ 301" in (root / "site/_redirects").read_text()


def test_old_paths_are_escaped_for_urls_and_html(make_site):
    root = make_site({"articles/orders/returns.md": article('A "quoted" <b>title</b>', '"/a b/<img src=x onerror=1>"')})
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    page = (root / "site/a b/<img src=x onerror=1>/index.html").read_text()
    assert "<title>A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt;</title>" in page
    assert "<img" not in page
    assert "/a%20b/%3Cimg%20src=x%20onerror=1%3E /orders/returns/ 301" in (root / "site/_redirects").read_text()


@pytest.mark.parametrize(("old", "message"), [
    ("old/page", "redirect_from 'old/page' must be a path on this site starting with '/', "
                 "such as /hc/en-us/articles/360001-returns"),
    ("https://evil.example/x", "redirect_from 'https://evil.example/x' must be a path on this site starting "
                               "with '/', such as /hc/en-us/articles/360001-returns"),
    ("//evil.example/x", "redirect_from '//evil.example/x' must be a path on this site starting with '/', "
                         "such as /hc/en-us/articles/360001-returns"),
    ("/a/../../etc", "redirect_from '/a/../../etc' must not contain '.' or '..' parts"),
    ("/a/%2e%2e/etc", "redirect_from '/a/%2e%2e/etc' must not contain '.' or '..' parts"),
    ("/a//b", "redirect_from '/a//b' has an empty part ('//')"),
    ("/a?id=3", "redirect_from '/a?id=3' must not hold '?', '#', backslashes or control characters "
                "(a static page cannot match a query)"),
    ("/a\\\\b", "redirect_from '/a\\\\b' must not hold '?', '#', backslashes or control characters "
                "(a static page cannot match a query)"),
    ("/", "redirect_from '/' is the home page of this site"),
    ("/orders/track-your-order/", "redirect_from '/orders/track-your-order/' is the address of "
                                  "articles/orders/track-your-order.md (a redirect must not replace a page; "
                                  "remove it or move the page)"),
    ("/orders", "redirect_from '/orders' is the address of the category page of folder 'orders/' "
                "(a redirect must not replace a page; remove it or move the page)"),
    ("/search/", "redirect_from '/search/' is the address of kbgen's search page "
                 "(a redirect must not replace a page; remove it or move the page)"),
    ("/assets/x.html", "redirect_from '/assets/x.html' is an address the built site uses "
                       "(a redirect must not replace a page; remove it or move the page)"),
    ("/widget.js", "redirect_from '/widget.js' is an address the built site uses "
                   "(a redirect must not replace a page; remove it or move the page)"),
    ("/_headers", "redirect_from '/_headers' is an address the built site uses "
                  "(a redirect must not replace a page; remove it or move the page)"),
], ids=["relative", "scheme", "protocol-relative", "dotdot", "encoded-dotdot", "empty-part", "query",
        "backslash", "home", "article", "category", "search", "assets", "widget", "headers"])
def test_bad_old_path_is_an_error_on_its_line(make_site, old, message):
    errors = check(make_site, {"articles/orders/returns.md": article("Return an item", f'"{old}"')})
    assert errors == [f"articles/orders/returns.md:4: error: {message}"]


def test_two_pages_claiming_one_old_address_is_an_error_naming_both(make_site):
    errors = check(make_site, {
        "articles/orders/returns.md": article("Return an item", "/hc/articles/1-returns"),
        "articles/orders/refunds.md": article("Refunds", "/keep", "/hc/articles/1-returns/"),
    })
    assert errors == [
        "articles/orders/returns.md:4: error: redirect_from '/hc/articles/1-returns' is also claimed by "
        "articles/orders/refunds.md:5",
    ]


def test_redirect_from_must_be_a_list_of_paths(make_site):
    errors = check(make_site, {"articles/orders/returns.md": "---\ntitle: R\nredirect_from: {a: 1}\n---\n\nx\n"})
    assert errors == ["articles/orders/returns.md:3: error: 'redirect_from' must be a list of text, not a mapping"]


def test_a_draft_leaves_no_redirect(make_site):
    root = make_site({"articles/orders/returns.md": article("Return an item", "/old-returns").replace(
        "---\n\n", "draft: true\n---\n\n")})
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    assert not (root / "site/old-returns").exists()
    assert not (root / "site/_redirects").exists()
