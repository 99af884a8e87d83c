"""Mistakes in the kbgen settings of mkdocs.yml: named with their line, in `kbgen check` and `kbgen build` alike."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kbgen.cli import main


def set_settings(root, old: str, new: str) -> list[str]:
    """Replace ``old`` by ``new`` in mkdocs.yml; return its lines."""
    path = root / "mkdocs.yml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path.read_text().splitlines()


def line_of(lines: list[str], text: str) -> int:
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("command", ["check", "build"])
def test_misspelt_setting_is_an_error_with_its_line_and_a_suggestion(make_site, command):
    root = make_site()
    lines = set_settings(root, "store_name:", "store_nmae:")
    result = CliRunner().invoke(main, [command])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"mkdocs.yml:{line_of(lines, 'store_nmae')}: error: unknown kbgen setting 'store_nmae' "
        "(did you mean 'store_name'?)",
        "Error: 1 error in the kbgen settings of mkdocs.yml; nothing was checked or built",
    ]
    assert not (root / "site").exists()


def test_misspelt_nested_setting_names_its_section(make_site):
    root = make_site()
    lines = set_settings(root, "response_time:", "respons_time:")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'respons_time')}: error: unknown kbgen setting 'contact.respons_time' "
        "(did you mean 'contact.response_time'?)"
    )


def test_unknown_setting_far_from_any_lists_the_known_ones(make_site):
    root = make_site()
    lines = set_settings(root, "      contact:", "      mood: calm\n      contact:")
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'mood')}: error: unknown kbgen setting 'mood' (known here: store_name, "
        "logo, favicon, colors, store_url, store_link_text, tagline, contact, languages, locales, translations, "
        "featured_limit, analytics, feedback, sitemap_dates)"
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_wrong_types_are_errors_with_their_lines(make_site, command):
    root = make_site()
    lines = set_settings(
        root, "      contact:",
        "      featured_limit: many\n      feedback:\n        enabled: sometimes\n"
        "      analytics:\n        sink: matomo\n      translations: no\n      contact:",
    )
    result = CliRunner().invoke(main, [command])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"mkdocs.yml:{line_of(lines, 'featured_limit')}: error: kbgen setting 'featured_limit' must be a whole "
        "number, not 'many'",
        f"mkdocs.yml:{line_of(lines, 'enabled')}: error: kbgen setting 'feedback.enabled' must be true or false, "
        "not 'sometimes'",
        f"mkdocs.yml:{line_of(lines, 'sink')}: error: kbgen setting 'analytics.sink' must be one of 'none', "
        "'endpoint', 'ga4', 'plausible', not 'matomo'",
        f"mkdocs.yml:{line_of(lines, 'translations: no')}: error: kbgen setting 'translations' must be a mapping of "
        "warn_missing:",
        "Error: 4 errors in the kbgen settings of mkdocs.yml; nothing was checked or built",
    ]


def test_true_is_not_a_number_of_featured_articles(make_site):
    root = make_site()
    lines = set_settings(root, "      contact:", "      featured_limit: yes\n      contact:")
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'featured_limit')}: error: kbgen setting 'featured_limit' must be a whole "
        "number, not True"
    )


def test_mkdocs_tags_do_not_hide_the_lines(make_site, monkeypatch):
    monkeypatch.setenv("KBGEN_TEST_STORE", "Env Store")
    root = make_site()
    lines = set_settings(
        root, '      store_name: "Test Store"', "      store_name: !ENV [KBGEN_TEST_STORE, x]\n      tagliine: Hi"
    )
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'tagliine')}: error: unknown kbgen setting 'tagliine' (did you mean 'tagline'?)"
    )


def test_endpoint_sink_without_an_endpoint_is_an_error_in_check(make_site):
    root = make_site()
    lines = set_settings(root, "      contact:", "      analytics:\n        sink: endpoint\n      contact:")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'sink: endpoint')}: error: analytics sink 'endpoint' needs 'endpoint:' "
        "(the collector's address, such as https://stats.example.com/events)"
    )


def test_correct_settings_pass_quietly(make_site):
    make_site()
    result = CliRunner().invoke(main, ["check"])
    assert (result.exit_code, result.output) == (0, "")


def test_per_language_text_must_be_text(make_site):
    root = make_site()
    lines = set_settings(root, "      contact:", "      tagline:\n        en: [How, can, we, help]\n      contact:")
    lines = set_settings(root, '      tagline: "How can we help?"\n', "")
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'tagline:')}: error: kbgen setting 'tagline' must map language codes to text, "
        "as in {en: ..., da: ...}; 'en' does not"
    )
