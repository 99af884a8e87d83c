"""Hostile titles, descriptions, questions and settings in Chromium: every page shows them as text, nothing runs."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from kbgen.scaffold import create_help_center
from tests.browser.conftest import build_project, serve_folder
from tests.conftest import write_files

ENTER = "Press <Enter> to pay"
# Each payload sets a flag and opens a dialog if it ever runs.
RUN = "window.__pwn=(window.__pwn||[]).concat({n});alert({n})"


def payload(n: int) -> str:
    return f"<img src=x onerror=\"{RUN.format(n=n)}\">"


FILES = {
    "articles/orders/_category.yml": f"""
        title: {json.dumps("Orders " + payload(1))}
        description: {json.dumps('Parcels "and" <b onmouseover="' + RUN.format(n=2) + '">returns</b>')}
        order: 2
    """,
    "articles/orders/returns.md": f"""
        ---
        title: {json.dumps(ENTER)}
        description: {json.dumps('"><script>' + RUN.format(n=3) + "</script>")}
        featured: true
        ---

        Send it back within 30 days.
    """,
    "articles/orders/hostile.md": f"""
        ---
        title: {json.dumps(payload(4))}
        featured: true
        ---

        Refund money by pressing enter.
    """,
    "articles/orders/orders.faq.yml": f"""
        title: {json.dumps("FAQ " + payload(5))}
        questions:
          - question: {json.dumps("Which {size} fits " + payload(6) + "?")}
            answer: |
              Write `<!--` or `</script>` and it stays text.
          - question: How long does a refund take?
            answer: |
              Up to 5 days after pressing enter.
    """,
}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-browser") / "help"
    create_help_center(str(root), store_name="Test Store")
    write_files(root, FILES)
    config = (root / "mkdocs.yml").read_text()
    config = config.replace('store_name: "Test Store"', f"store_name: {json.dumps('Test ' + payload(7))}")
    config = config.replace("tagline:", f"tagline: {json.dumps(payload(8))}\n      # tagline:", 1)
    (root / "mkdocs.yml").write_text(config)
    site = root / "site"
    build_project(root, site)
    with serve_folder(site) as url:
        yield url


PAGES = ["", "orders/", "orders/returns/", "orders/hostile/", "orders/orders/", "contact/", "search/?q=enter",
         "no/such/page/"]


def open_watched(page, url: str) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return dialogs


@pytest.mark.parametrize("path", PAGES)
def test_no_payload_runs_on_any_kind_of_page(page, hostile_url, path):
    dialogs = open_watched(page, hostile_url + path)
    for box in page.locator("input[type=search]:visible").all()[:1]:
        box.fill("enter")  # the dropdown renders titles too
        page.wait_for_timeout(400)
    assert dialogs == []
    assert page.evaluate("window.__pwn || null") is None
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0


def test_angle_brackets_show_literally_in_title_h1_and_nav(page, hostile_url, tmp_path):
    page.goto(hostile_url + "orders/returns/")
    assert page.title() == f"{ENTER} - Test Store Help Center"
    assert page.locator("h1").inner_text() == ENTER
    nav = page.locator("nav.md-nav--primary").inner_text()
    assert ENTER in nav
    assert "Orders " + payload(1) in nav
    assert page.locator('meta[name="description"]').get_attribute("content") == (
        '"><script>' + RUN.format(n=3) + "</script>"
    )
    assert page.locator(".kbgen-breadcrumbs").inner_text().split("\n")[-1] == "Orders " + payload(1)
    page.screenshot(path=str(tmp_path / "hostile-article.png"), full_page=True)
    assert (tmp_path / "hostile-article.png").stat().st_size > 10_000


def test_faq_with_braced_question_keeps_sections_and_feedback(page, hostile_url):
    page.goto(hostile_url + "orders/orders/")
    page.wait_for_load_state("networkidle")
    sections = page.locator("details.kbgen-faq-item")
    assert sections.count() == 2
    assert sections.first.locator("h2").inner_text().replace("¶", "").strip() == f"Which {{size}} fits {payload(6)}?"
    assert page.locator("details.kbgen-faq-item .kbgen-feedback").count() == 2
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Write <!-- or </script> and it stays text."
