"""The demo in another store's look (issue 14): its logo, favicon, colours in the light and the
dark scheme and a link back to the shop, on every kind of page at 390 and 1280 px, checked with
axe-core against WCAG 2.1 AA, as the demo in its own colours is."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, build_project, serve_folder
from .test_accessibility import AXE, TAGS

pytestmark = pytest.mark.browser

FAQ = "shipping-and-delivery/shipping-questions/"
PAGES = {
    "home": "",
    "category": "orders-and-tracking/",
    "article": "orders-and-tracking/track-your-order/",
    "faq": FAQ,
    "faq-deep-link": FAQ + "#which-carriers-do-you-use",
    "search": "search/?q=refund",
}
WIDTHS = [390, 1280]
#: Another store's colours, light and dark, as a store would write them in mkdocs.yml.
BRAND = """      logo: images/logo.svg
      favicon: images/logo.svg
      colors:
        primary: "#2b3a67"
        accent: "#b0306a"
        dark:
          primary: "#9fb0e0"
          accent: "#f08fb8"
      store_url: https://larkspur.example/
"""
SCHEMES = """  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: custom
      accent: custom
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: custom
      accent: custom
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
"""
LOGO = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'><circle cx='4' cy='4' r='4' fill='#b0306a'/></svg>"


def branded_project(folder: Path) -> Path:
    """A copy of the demo with BRAND and a light/dark palette switch in its mkdocs.yml."""
    shutil.copytree(ROOT / "articles", folder / "articles")
    (folder / "articles/images").mkdir()
    (folder / "articles/images/logo.svg").write_text(LOGO)
    text = (ROOT / "mkdocs.yml").read_text()
    text = text.replace("  palette:\n    primary: custom\n    accent: custom\n", SCHEMES)
    text = text.replace("      store_name: Larkspur Outdoor\n", "      store_name: Larkspur Outdoor\n" + BRAND)
    assert "scheme: slate" in text and "#2b3a67" in text
    (folder / "mkdocs.yml").write_text(text)
    return folder


@pytest.fixture(scope="module")
def brand_url(tmp_path_factory) -> Iterator[str]:
    project = branded_project(tmp_path_factory.mktemp("brand"))
    build_project(project, project / "site")
    with serve_folder(project / "site") as url:
        yield url


@pytest.fixture(params=["light", "dark"])
def shopper(browser, request):
    """A page in the light or the dark colour scheme, as the shopper's system prefers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=request.param)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    yield page
    context.close()


def audit(page) -> list[str]:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (cd search && npm ci)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            const where = (v) => v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ");
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}; ${where(v)}`);
        }""",
        TAGS,
    )


def css(page, name: str) -> str:
    return page.evaluate(f"getComputedStyle(document.body).getPropertyValue('{name}').trim()")


def test_header_shows_the_store_logo_and_links_back_to_the_shop(page, brand_url):
    page.goto(brand_url)
    assert page.locator(".md-header img[alt=logo]").get_attribute("src") == "images/logo.svg"
    assert page.locator("link[rel=icon]").get_attribute("href") == "images/logo.svg"
    link = page.get_by_role("link", name="Back to Larkspur Outdoor")
    assert link.get_attribute("href") == "https://larkspur.example/"
    assert link.is_visible()


def test_store_link_is_an_icon_on_a_phone_and_keeps_its_name(page, brand_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(brand_url)
    link = page.get_by_role("link", name="Back to Larkspur Outdoor")
    assert link.bounding_box()["width"] < 60
    assert link.locator("svg").is_visible()


def test_store_link_is_translated(page, brand_url):
    page.goto(brand_url + "da/")
    assert page.get_by_role("link", name="Tilbage til Larkspur Outdoor").count() == 1


def test_colours_follow_the_scheme(shopper, brand_url):
    shopper.goto(brand_url)
    dark = shopper.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert css(shopper, "--md-primary-fg-color") == ("#9fb0e0" if dark else "#2b3a67")
    assert css(shopper, "--md-accent-fg-color") == ("#f08fb8" if dark else "#b0306a")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_branded_page_has_no_wcag_violations(shopper, brand_url, name, width):
    shopper.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    shopper.goto(brand_url + PAGES[name])
    if name == "search":
        shopper.locator("[data-kbgen-summary]").filter(has_text="“").wait_for()
    if name == "faq-deep-link":
        shopper.wait_for_function("document.querySelector('details[open]')")
    assert audit(shopper) == []
    assert shopper.problems == []


def test_hero_placeholder_fits_a_320px_phone(page, site_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url)
    room, needed = page.evaluate(
        """() => {
            const box = document.querySelector('#kbgen-hero-q');
            const style = getComputedStyle(box, '::placeholder');
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const own = getComputedStyle(box);
            const padding = parseFloat(own.paddingLeft) + parseFloat(own.paddingRight);
            return [box.clientWidth - padding, context.measureText(box.placeholder).width];
        }"""
    )
    assert needed <= room, (needed, room)


@pytest.mark.parametrize("hover", [False, True], ids=["resting", "hovered"])
def test_search_results_are_not_underlined(page, site_url, hover):
    page.goto(site_url + "search/?q=refund")
    first = page.locator(".kbgen-result__link").first
    first.wait_for()
    if hover:
        first.hover()
    underlined = page.eval_on_selector_all(
        ".kbgen-result__link, .kbgen-result__link *",
        "els => els.filter(e => getComputedStyle(e).textDecorationLine.includes('underline')).length",
    )
    assert underlined == 0
