"""Language codes and catalogs as a store meets them: unknown codes in mkdocs.yml, --lang and lang:
are errors that list what kbgen knows; a store's own catalog overrides texts or adds a language."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.locales import shipped_catalogs
from kbgen.locales.codes import HOW_TO_ADD
from kbgen.resources import skeleton_dir

KNOWN = ", ".join(sorted(shipped_catalogs()))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def set_languages(root, languages: str, extra: str = "") -> int:
    """Replace ``languages: [en]`` in mkdocs.yml; returns the line it is on."""
    path = root / "mkdocs.yml"
    text = path.read_text().replace("      languages: [en]", f"      languages: {languages}{extra}")
    path.write_text(text)
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith("languages:"))


def test_languages_english_fails_naming_en(make_site, runner):
    root = make_site()
    line = set_languages(root, "[english]")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line}: error: kbgen setting 'languages': 'english' is not a language code "
        f"(did you mean 'en'?) (kbgen knows: {KNOWN}; {HOW_TO_ADD})"
    )
    assert runner.invoke(main, ["build"]).exit_code == 1
    assert not (root / "site").exists()


def test_an_unknown_code_is_an_error_at_its_own_line(make_site, runner):
    root = make_site()
    line = set_languages(root, "\n        - en\n        - xx")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line + 2}: error: kbgen setting 'languages': unknown language code 'xx' "
        f"(kbgen knows: {KNOWN}; {HOW_TO_ADD})"
    )


def test_a_language_name_in_its_own_words_suggests_its_code(make_site, runner):
    root = make_site()
    set_languages(root, "[en, Dansk]")
    assert "'Dansk' is not a language code (did you mean 'da'?)" in runner.invoke(main, ["check"]).output


def test_init_with_an_unknown_lang_lists_the_known_codes(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init", "x", "--lang", "xx"])
    assert result.exit_code == 1
    assert result.output == f"Error: --lang: unknown language code 'xx'; kbgen knows: {KNOWN}; {HOW_TO_ADD}\n"
    assert not (tmp_path / "x").exists()


def test_new_with_a_language_name_suggests_its_code(make_site, runner):
    make_site()
    result = runner.invoke(main, ["new", "Gift cards", "--lang", "english"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: --lang: 'english' is not a language code (did you mean 'en'?); ")


def test_search_in_an_unknown_language_does_not_search_english(make_site, runner):
    make_site()
    assert runner.invoke(main, ["build"]).exit_code == 0
    result = runner.invoke(main, ["search", "refund", "--lang", "xx"])
    assert result.exit_code == 1
    assert result.output == f"Error: --lang: unknown language code 'xx'; kbgen knows: {KNOWN}; {HOW_TO_ADD}\n"


def test_search_in_a_known_language_the_site_lacks_names_the_ones_it_has(make_site, runner):
    make_site()
    assert runner.invoke(main, ["build"]).exit_code == 0
    result = runner.invoke(main, ["search", "refund", "--lang", "da"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: --lang da: the site in site has no search index in that language (it has: en); "
        "add da under 'languages:' in mkdocs.yml and run kbgen build\n"
    )


def test_search_lang_is_case_insensitive(make_site, runner):
    make_site()
    assert runner.invoke(main, ["build"]).exit_code == 0
    result = runner.invoke(main, ["search", "refund", "--lang", "EN", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["results"]


def test_an_article_lang_that_is_no_known_code_is_an_error_at_its_line(make_site, runner):
    make_site({"articles/orders/gift.md": "---\ntitle: Gift cards\nlang: xq\n---\nBody.\n"})
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"articles/orders/gift.md:3: error: 'lang': unknown language code 'xq' (kbgen knows: {KNOWN}; "
        f"{HOW_TO_ADD})"
    )


def test_an_article_lang_with_a_region_of_a_known_language_is_accepted(make_site, runner):
    make_site({"articles/orders/gift.md": "---\ntitle: Gift cards\nlang: en-US\n---\nBody.\n"})
    assert runner.invoke(main, ["check"]).output == ""


STORE_EN = """
    texts:
      was_helpful: "Did this answer your question?"
"""
STORE_XX = """
    name: "Xxish"
    texts:
      tagline: "Xx tagline"
      home: "Xx home"
"""


def test_a_store_catalog_overrides_one_text_and_english_keeps_the_rest(make_site, runner):
    root = make_site({"texts/en.yml": STORE_EN})
    set_languages(root, "[en]", "\n      locales: texts")
    assert runner.invoke(main, ["check"]).output == ""
    assert runner.invoke(main, ["build"]).exit_code == 0
    page = (root / "site/orders/returns/index.html").read_text()
    assert "Did this answer your question?" in page
    assert "Was this helpful?" not in page
    assert "Still need help?" in page


def test_a_store_catalog_adds_a_language_with_warnings_for_what_english_fills_in(make_site, runner):
    root = make_site({"texts/xx.yml": STORE_XX, "articles/xx/orders/a.md": "---\ntitle: Xx article\n---\nXx.\n"})
    line = set_languages(root, "[en, xx]", "\n      locales: {xx: texts/xx.yml}")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "texts/xx.yml:2: warning: 'xx' has no text for 'texts.search'; English is shown (add 'search:' " \
           "under 'texts:')" in lines
    assert "texts/xx.yml:1: warning: 'xx' has no text for 'widget.help'; English is shown (add 'help:' " \
           "under 'widget:')" in lines
    assert (f"mkdocs.yml:{line}: warning: search has no stemmer for 'xx' (Xxish): it matches words as written, "
            "accents folded, with prefixes while typing and small typos, but not other forms of a word (a plural, "
            "another tense)") in lines
    assert runner.invoke(main, ["build"]).exit_code == 0
    home = (root / "site/xx/index.html").read_text()
    assert '<html lang="xx"' in home and "Xx home" in home and "Still need help?" in home
    assert "Xxish" in (root / "site/index.html").read_text()  # the language menu


@pytest.mark.parametrize(
    ("catalog", "expected"),
    [
        ('texts:\n  was_helpfull: "Hjalp det?"\n',
         "texts/en.yml:2: error: unknown catalog key 'texts.was_helpfull' (did you mean 'texts.was_helpful'?)"),
        ('texts:\n  showing: "{shown} of {total}"\n',
         "texts/en.yml:2: error: 'texts.showing' has {shown}, {total} where English has {n}, {shown} (keep each "
         "{name} as it is in English; only the words around it change)"),
        ('texts:\n  home: "Home\n', "texts/en.yml:3: error: invalid YAML: found unexpected end of stream (column 1)"),
    ],
    ids=["unknown-key", "placeholder", "yaml"],
)
def test_mistakes_in_a_store_catalog_are_errors_at_their_line(make_site, runner, catalog, expected):
    root = make_site({"texts/en.yml": catalog})
    set_languages(root, "[en]", "\n      locales: texts")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert expected in result.output.splitlines()
    assert runner.invoke(main, ["build"]).exit_code == 1


def test_a_locales_folder_that_does_not_exist_is_an_error_at_its_line(make_site, runner):
    root = make_site()
    line = set_languages(root, "[en]", "\n      locales: textz")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"mkdocs.yml:{line + 1}: error: kbgen setting 'locales': no folder textz"


def test_regional_variants_get_a_lower_case_sub_site_with_their_texts_over_the_base_language(make_site, runner):
    article = "---\ntitle: {title}\n---\nText.\n"
    root = make_site({
        "articles/pt-br/orders/pedido.md": article.format(title="Meu pedido"),
        "articles/en-gb/orders/order.md": article.format(title="Your order"),
        "articles/es-419/orders/pedido.md": article.format(title="Tu pedido"),
        "articles/zh-tw/orders/order.md": article.format(title="我的訂單"),
    })
    set_languages(root, "[en, pt-BR, en-GB, es-419, zh-TW]")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    site = root / "site"
    pt_br = (site / "pt-br/orders/pedido/index.html").read_text()
    assert '<html lang="pt-BR"' in pt_br
    assert "Central de ajuda" in pt_br  # pt-br's own text
    assert "Ainda precisa de ajuda?" in pt_br  # from pt, its base language
    assert "Help centre" in (site / "en-gb/orders/order/index.html").read_text()
    es_419 = (site / "es-419/orders/pedido/index.html").read_text()
    assert '<html lang="es-419"' in es_419 and "¿Te resultó útil?" in es_419 and "Centro de ayuda" in es_419
    assert '<html lang="zh-TW"' in (site / "zh-tw/orders/order/index.html").read_text()
    assert 'hreflang="pt-BR"' in (site / "index.html").read_text()
    assert json.loads((site / "pt-br/search/manifest.json").read_text())["lang"] == "pt-br"
    result = runner.invoke(main, ["search", "pedido", "--lang", "pt-BR", "--json"])
    assert json.loads(result.output)["results"][0]["url"] == "/pt-br/orders/pedido/"


def test_init_in_a_regional_variant_takes_material_s_translation_and_its_base_language_s_samples(
        tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init", "ajuda", "--lang", "pt-BR"]).exit_code == 0
    config = (tmp_path / "ajuda/mkdocs.yml").read_text()
    assert "  language: pt-BR\n" in config and "languages: [pt-br]" in config
    assert 'response_time: "respondemos em até um dia útil"' in config
    written = sorted(str(p.relative_to(tmp_path / "ajuda")) for p in (tmp_path / "ajuda/articles").rglob("*.md"))
    portuguese = sorted(str(p.relative_to(skeleton_dir() / "samples/pt")) for p in
                        (skeleton_dir() / "samples/pt/articles").rglob("*.md"))
    assert written == portuguese and written
    monkeypatch.chdir(tmp_path / "ajuda")
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert '<html lang="pt-BR"' in (tmp_path / "ajuda/site/index.html").read_text()


def test_the_export_finds_the_nearest_article_in_a_variant_s_own_sub_site(make_site, runner):
    from pathlib import Path

    from kbgen.analytics.export import NearestArticles

    root = make_site({"articles/pt-br/orders/pedido.md": "---\ntitle: Rastrear pedido\n---\nRastreie o pedido.\n"})
    set_languages(root, "[en, pt-BR]")
    assert runner.invoke(main, ["build"]).exit_code == 0
    nearest = NearestArticles(Path(root / "site"))
    assert nearest.find("rastrear pedido", "pt-BR").url == "/pt-br/orders/pedido/"
    assert nearest.find("rastrear pedido", "pt-PT") is None  # no pt sub-site: the English one, which lacks it


def test_a_folder_named_like_a_language_the_site_lacks_is_a_warning_at_languages(make_site, runner):
    root = make_site({"articles/da/orders/returns.md": "---\ntitle: Returner en vare\n---\n\nTekst.\n"})
    line = set_languages(root, "[en]")
    warning = ("the folder 'da/' is named like the language code 'da' (Danish), which 'languages' does not "
               "list: it is built as a category in English, its articles in the English search index (add 'da' to "
               "languages in mkdocs.yml, or rename the folder)")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0
    assert f"mkdocs.yml:{line}: warning: {warning}" in result.output.splitlines()
    assert runner.invoke(main, ["build", "--strict"]).exit_code == 1
    path = root / "mkdocs.yml"  # without 'languages:' (English alone), at the folder
    path.write_text(path.read_text().replace("      languages: [en]\n", ""))
    assert f"articles/da/:1: warning: {warning}" in runner.invoke(main, ["check"]).output.splitlines()
    text = path.read_text().replace("      store_name:", "      languages: [en, da]\n      store_name:")
    path.write_text(text)
    assert "named like the language code" not in runner.invoke(main, ["check"]).output
