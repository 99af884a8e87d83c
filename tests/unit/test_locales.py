"""The catalog loader: every shipped catalog is valid, texts merge key by key (store override >
variant > base language > English), and each mistake in a catalog is a path:line error."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from kbgen.locales import Locales, shipped_catalogs
from kbgen.locales.catalog import read_catalog
from kbgen.locales.codes import bcp47, suggestion
from kbgen.locales.registry import material_language

ENGLISH = shipped_catalogs()["en"]


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def catalog(tmp_path, code: str, text: str, *, store: bool = False):
    path = write(tmp_path, f"{code}.yml", text)
    return read_catalog(str(path), f"texts/{code}.yml", code, ENGLISH, store=store)


def messages(cat) -> list[str]:
    return [d.format() for d in cat.problems]


@pytest.mark.parametrize("code", sorted(shipped_catalogs()))
def test_every_shipped_catalog_reads_without_a_problem(code):
    assert [d.format() for d in shipped_catalogs()[code].problems] == []


@pytest.mark.parametrize("code", ["da", "zh", "ko", "vi", "tl"])
def test_the_six_languages_translate_every_text(code):
    own = shipped_catalogs()[code]
    for section in ("texts", "widget", "new_article"):
        assert set(own.section(section)) == set(ENGLISH.section(section)), section
    assert own.section("texts")["missing_words"] != ENGLISH.section("texts")["missing_words"]


def test_yes_and_no_are_text_keys_not_booleans():
    texts = Locales().language("da").texts
    assert (texts["yes"], texts["no"]) == ("Ja", "Nej")


def test_texts_merge_key_by_key_store_then_variant_then_base_then_english(tmp_path):
    base = catalog(tmp_path, "pt", """
        name: "Português"
        texts:
          home: "Início"
          search: "Pesquisar"
          help_center: "Centro de ajuda"
    """)
    (tmp_path / "v").mkdir()
    variant = read_catalog(str(write(tmp_path / "v", "pt-br.yml", """
        name: "Português (Brasil)"
        texts:
          search: "Buscar"
          help_center: "Central de ajuda"
    """)), "pt-br.yml", "pt-br", ENGLISH)
    store = catalog(tmp_path, "pt-br", """
        texts:
          help_center: "Central de atendimento"
    """, store=True)
    locales = Locales(store={"pt-br": store}, shipped={"en": ENGLISH, "pt": base, "pt-br": variant})
    language = locales.language("pt-BR")
    assert [c.path for c in locales.chain("pt-br")] == ["texts/pt-br.yml", "pt-br.yml", "texts/pt.yml",
                                                         ENGLISH.path]
    assert language.texts["help_center"] == "Central de atendimento"  # the store's
    assert language.texts["search"] == "Buscar"  # the variant's
    assert language.texts["home"] == "Início"  # the base language's
    assert language.texts["tagline"] == "How can we help?"  # English
    assert language.name == "Português (Brasil)"
    assert language.html_lang == "pt-BR"


def test_an_explicit_fallback_wins_over_the_base_language(tmp_path):
    other = catalog(tmp_path, "xx", """
        name: "Xx"
        fallback: da
        texts:
          home: "Hjem"
    """, store=True)
    language = Locales(store={"xx": other}).language("xx")
    assert (language.texts["home"], language.texts["search"]) == ("Hjem", "Søg")
    assert language.material == "da"


def test_a_new_language_without_a_name_is_shown_by_its_code(tmp_path):
    other = catalog(tmp_path, "qq", "texts:\n  home: Qq\n", store=True)
    assert Locales(store={"qq": other}).language("qq").name == "qq"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("texts:\n  was_helpfull: Hjalp det?\n",
         "texts/da.yml:2: error: unknown catalog key 'texts.was_helpfull' (did you mean 'texts.was_helpful'?)"),
        ("text:\n  home: Hjem\n",
         "texts/da.yml:1: error: unknown catalog key 'text' (did you mean 'texts'?)"),
        ("texts:\n  showing: Viser {shown} af {count}\n",
         "texts/da.yml:2: error: 'texts.showing' has {count}, {shown} where English has {n}, {shown} (keep each "
         "{name} as it is in English; only the words around it change)"),
        ("texts:\n  back_to_store: Tilbage\n",
         "texts/da.yml:2: error: 'texts.back_to_store' has no {placeholder} where English has {store} (keep each "
         "{name} as it is in English; only the words around it change)"),
        ("direction: right\n",
         "texts/da.yml:1: error: 'direction' must be 'ltr' or 'rtl', not 'right' (rtl for Arabic, Hebrew, Persian "
         "and Urdu; ltr for the others)"),
        ("dates:\n  months: [jan, feb, mar, apr, maj, jun, jul, aug, sep, okt, nov]\n",
         "texts/da.yml:2: error: 'dates.months' must list the 12 months' names, January first, not 11 entries"),
        ("dates:\n  format: '{day}. {monthname} {year}'\n",
         "texts/da.yml:2: error: 'dates.format' must be text made of {day}, {month}, {month_number} and {year}, "
         "not '{day}. {monthname} {year}' (for example \"{day} {month} {year}\")"),
        ("texts:\n  home: [Hjem]\n", "texts/da.yml:2: error: 'texts.home' must be text, not a list (put it in quotes)"),
        ("dates:\n  months: januar\n",
         "texts/da.yml:2: error: 'dates.months' must list the 12 months' names, January first, not 'januar'"),
        ("texts:\n  home: \"Hjem\n", "texts/da.yml:3: error: invalid YAML: found unexpected end of stream (column 1)"),
        ("texts:\n  home: Hjem\n  search: Søg\n  home: Forside\n",
         "texts/da.yml:4: error: 'texts.home' is given twice (first on line 2) (keep one of them)"),
    ],
    ids=["unknown-text", "unknown-section", "placeholder-renamed", "placeholder-dropped", "direction",
         "eleven-months", "date-field", "not-text", "one-month", "bad-yaml", "twice"],
)
def test_catalog_mistakes_are_errors_at_their_line(tmp_path, text, expected):
    assert messages(catalog(tmp_path, "da", text, store=True)) == [expected]


def test_a_store_catalog_falling_back_to_an_unknown_language_is_an_error(tmp_path):
    other = catalog(tmp_path, "xx", "name: Xx\nfallback: klingon\n", store=True)
    [problem] = Locales(store={"xx": other}).fallback_problems()
    assert problem.format().startswith("texts/xx.yml:2: error: 'fallback': 'klingon' is not a language code")


def test_a_key_only_english_has_is_a_warning_at_its_section(tmp_path):
    other = catalog(tmp_path, "xx", """
        name: Xx
        texts:
          home: Xhome
        widget:
          help: Xhelp
    """, store=True)
    found = [d.format() for d in Locales(store={"xx": other}).missing_keys("xx")]
    assert "texts/xx.yml:2: warning: 'xx' has no text for 'texts.tagline'; English is shown (add 'tagline:' " \
           "under 'texts:')" in found
    assert "texts/xx.yml:4: warning: 'xx' has no text for 'widget.close'; English is shown (add 'close:' " \
           "under 'widget:')" in found
    assert "texts/xx.yml:1: warning: 'xx' has no text for 'new_article.description'; English is shown (add " \
           "'description:' under 'new_article:')" in found
    assert not any("'texts.home'" in line or "'widget.help'" in line for line in found)


def test_variants_of_english_never_warn_about_english_texts(tmp_path):
    variant = catalog(tmp_path, "en-au", "name: English (Australia)\ntexts:\n  home: Home\n", store=True)
    assert Locales(store={"en-au": variant}).missing_keys("en-au") == []


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [("en", dt.date(2026, 3, 5), "5 March 2026"), ("da", dt.date(2026, 3, 5), "5. marts 2026"),
     ("zh", dt.date(2026, 3, 5), "2026年3月5日"), ("ko", dt.date(2026, 3, 5), "2026년 3월 5일"),
     ("vi", dt.date(2026, 3, 5), "ngày 5 tháng 3 năm 2026"), ("tl", dt.date(2026, 3, 5), "Marso 5, 2026")],
)
def test_dates_are_written_as_the_catalog_says(code, day, expected):
    assert Locales().language(code).format_date(day) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("pt-br", "pt-BR"), ("zh-tw", "zh-TW"), ("es-419", "es-419"), ("sr-latn", "sr-Latn"), ("en", "en")],
)
def test_codes_are_written_the_bcp47_way_in_lang_attributes(code, expected):
    assert bcp47(code) == expected


@pytest.mark.parametrize(
    ("codes", "expected"),
    [(["pt-br", "pt"], "pt-BR"), (["zh-tw", "zh"], "zh-TW"), (["es-419", "es"], "es"), (["en-gb"], "en"),
     (["xx"], "en")],
)
def test_material_gets_its_closest_interface_translation(codes, expected):
    assert material_language([*codes, "en"]) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("english", "en"), ("English", "en"), ("dansk", "da"), ("DA", "da"), ("eng", "en"), ("en_US", "en"),
     ("tagalog", "tl"), ("klingon", None), ("français", "fr"), ("francais", "fr"), ("Deutsch", "de"),
     ("pt_BR", "pt-br"), ("Português (Brasil)", "pt-br"), ("danish", "da"), ("German", "de"),
     ("brazilian portuguese", "pt-br")],
)
def test_a_mistyped_code_or_a_language_name_suggests_the_code(typed, expected):
    assert suggestion(typed, Locales().names()) == expected


@pytest.mark.parametrize(("variant", "base"), [("en-gb", "en"), ("pt-br", "pt"), ("es-419", "es")])
def test_a_shipped_variant_holds_only_texts_that_differ_from_its_base_language(variant, base):
    own, parent = shipped_catalogs()[variant], shipped_catalogs()[base]
    assert own.fallback == base
    for section in ("texts", "widget", "new_article", "sample"):
        same = [key for key, text in own.section(section).items() if parent.section(section).get(key) == text]
        assert same == [], f"{variant} repeats {base}'s {section}: {same}"
    assert Locales().language(variant).texts.keys() == ENGLISH.section("texts").keys()


def test_every_shipped_language_has_an_english_name_for_did_you_mean():
    from kbgen.locales.codes import english_names

    missing = sorted(set(shipped_catalogs()) - set(english_names()))
    assert missing == [], f"add {missing} to kbgen/locales/_english_names.yml"
