"""A built help center ships what its pages use, and no more (issue 12)."""

from __future__ import annotations

import re

from click.testing import CliRunner

from kbgen.cli import main


def built(root) -> list[str]:
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    return sorted(str(p.relative_to(root / "site")) for p in (root / "site").rglob("*") if p.is_file())


def test_material_search_assets_are_left_out_when_kbgen_search_replaces_them(make_site):
    root = make_site()
    files = built(root)
    assert not [f for f in files if f.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/"))]
    assert [f for f in files if re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", f)]  # Material's own UI stays
    for page in ("index.html", "orders/track-your-order/index.html", "404.html"):
        html = (root / "site" / page).read_text()
        assert '"search": null' in html
        assert "workers/search" not in html and "lunr" not in html


def test_material_search_assets_stay_when_its_search_plugin_is_listed(make_site):
    root = make_site()
    config = (root / "mkdocs.yml").read_text().replace("plugins:\n", "plugins:\n  - search\n", 1)
    (root / "mkdocs.yml").write_text(config)
    files = built(root)
    assert [f for f in files if f.startswith("assets/javascripts/lunr/")]
    assert [f for f in files if f.startswith("assets/javascripts/workers/search.")]
    assert "workers/search." in (root / "site/index.html").read_text()


def article(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\n## First step\n\nText about {title}.\n"


NESTED = {
    "articles/orders/late/_category.yml": "title: Late parcels\n",
    "articles/orders/late/where-is-it.md": article("Where is my parcel"),
    "articles/orders/late/lost.md": article("Lost parcel"),
    "articles/orders/gifts/_category.yml": "title: Gift orders\n",
    "articles/orders/gifts/wrap.md": article("Gift wrapping"),
    "articles/orders/gifts/message.md": article("Gift message"),
}
HREF = re.compile(r'href="([^"]+)"')


def sidebar(root, page: str) -> str:
    html = (root / "site" / page).read_text()
    start = html.index('class="md-nav md-nav--primary"')
    return html[start : html.index("md-sidebar--secondary", start)]


def sidebar_links(root, page: str) -> list[str]:
    return [h for h in HREF.findall(sidebar(root, page)) if not h.startswith("#")]


def test_sidebar_opens_only_the_way_to_the_page_and_links_other_categories(make_site):
    root = make_site(NESTED)
    built(root)
    links = sidebar_links(root, "orders/late/where-is-it/index.html")
    assert "../lost/" in links and "./" in links  # its own category's articles
    assert "../../gifts/" in links  # a sibling category: one link to its category page ...
    assert not [h for h in links if h.startswith("../../gifts/") and h != "../../gifts/"]  # ... not its articles
    assert "../../../getting-started/" in links  # another top-level category, one link
    assert "../../../getting-started/create-an-account/" not in links
    assert "../../track-your-order/" in links  # the parent category's own articles
    assert sidebar(root, "orders/late/where-is-it/index.html").count("md-nav__item--pruned") == 2


def test_sidebar_of_a_page_does_not_grow_with_other_categories(make_site):
    root = make_site(NESTED)
    built(root)
    before = sidebar(root, "orders/late/where-is-it/index.html")
    many = {f"articles/orders/gifts/gift-{n}.md": article(f"Gift idea {n}") for n in range(40)}
    many |= {f"articles/getting-started/step-{n}.md": article(f"Step {n}") for n in range(40)}
    write_files_into(root, many)
    built(root)
    assert sidebar(root, "orders/late/where-is-it/index.html") == before


def write_files_into(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
