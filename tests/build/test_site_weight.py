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
