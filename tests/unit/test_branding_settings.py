"""The store's look in mkdocs.yml (issue 14): colours checked against WCAG AA with their line,
a logo, a favicon and a link back to the shop."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.palette import SLATE, WHITE, contrast, dark_palette, light_palette, lighten_until


def set_settings(root, text: str) -> list[str]:
    """Add ``text`` (kbgen settings, six spaces in) under ``- kbgen:``; return mkdocs.yml's lines."""
    path = root / "mkdocs.yml"
    path.write_text(path.read_text().replace("  - kbgen:\n", "  - kbgen:\n" + text, 1))
    return path.read_text().splitlines()


def line_of(lines: list[str], text: str) -> int:
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("one", "other", "ratio"),
    [(WHITE, "#000000", 21.0), (WHITE, WHITE, 1.0), ("#767676", WHITE, 4.54), ("#1d5c4d", WHITE, 7.81)],
    ids=["black-on-white", "same", "grey-passes-aa", "kbgen-green"],
)
def test_contrast_is_wcag_ratio(one, other, ratio):
    assert contrast(one, other) == pytest.approx(ratio, abs=0.01)


def test_dark_colours_default_to_light_ones_lightened_until_they_read_on_slate():
    light = light_palette("#2b3a67", "#b0306a")
    dark = dark_palette(light, None, "#f08fb8")
    assert dark.accent == "#f08fb8"
    assert contrast(dark.primary, SLATE) >= 4.5 > contrast(light.primary, SLATE)
    assert lighten_until("#ffeeee", SLATE, 4.5) == "#ffeeee"


def test_accent_under_three_to_one_is_an_error_with_its_line(make_site):
    root = make_site()
    lines = set_settings(root, '      colors:\n        primary: "#2b3a67"\n        accent: "#f5c400"\n')
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"mkdocs.yml:{line_of(lines, 'f5c400')}: error: kbgen setting 'colors.accent' #f5c400 has a contrast "
        "of 1.6:1 with #ffffff (white text on buttons); WCAG AA asks for 4.5:1",
        "Error: 1 error in the kbgen settings of mkdocs.yml; nothing was checked or built",
    ]


def test_colour_between_three_and_four_and_a_half_is_a_warning_and_fails_strict(make_site):
    root = make_site()
    lines = set_settings(root, '      colors:\n        primary: "#2e8b57"\n')
    warning = (
        f"mkdocs.yml:{line_of(lines, '2e8b57')}: warning: kbgen setting 'colors.primary' #2e8b57 has a contrast "
        "of 4.2:1 with #ffffff (white text in the header, and links on white); WCAG AA asks for 4.5:1"
    )
    checked = CliRunner().invoke(main, ["check"])
    assert checked.exit_code == 0
    assert warning in checked.output.splitlines()
    strict = CliRunner().invoke(main, ["build", "--strict"])
    assert strict.exit_code == 1
    assert warning in strict.output.splitlines()
    assert not (root / "site").exists()


def test_dark_colour_is_checked_against_the_dark_background(make_site):
    root = make_site()
    lines = set_settings(root, '      colors:\n        dark:\n          primary: "#2b3a67"\n')
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, '2b3a67')}: error: kbgen setting 'colors.dark.primary' #2b3a67 has a "
        f"contrast of 1.5:1 with {SLATE} (links on the dark background); WCAG AA asks for 4.5:1"
    )


def test_colour_that_is_not_hex_is_an_error_with_its_line(make_site):
    root = make_site()
    lines = set_settings(root, "      colors:\n        primary: green\n")
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'primary: green')}: error: kbgen setting 'colors.primary' must be a colour "
        "such as '#1d5c4d' (in quotes in YAML), not 'green'"
    )


def test_misspelt_colour_setting_suggests_colors(make_site):
    root = make_site()
    set_settings(root, '      colours:\n        primary: "#2b3a67"\n')
    result = CliRunner().invoke(main, ["check"])
    assert "unknown kbgen setting 'colours' (did you mean 'colors'?)" in result.output


def test_store_url_must_be_a_web_address(make_site):
    root = make_site()
    lines = set_settings(root, "      store_url: javascript:alert(1)\n")
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'store_url')}: error: kbgen setting 'store_url' must start with https:// "
        "or http://, or be a path on this site such as /, not 'javascript:alert(1)'"
    )


def test_brand_settings_reach_the_page(make_site):
    root = make_site({"articles/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    set_settings(
        root,
        "      logo: images/logo.svg\n      favicon: images/logo.svg\n"
        '      colors:\n        primary: "#2b3a67"\n        accent: "#b0306a"\n'
        "      store_url: https://shop.example.com/\n",
    )
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    html = (root / "site/index.html").read_text()
    assert '<img src="images/logo.svg" alt="logo">' in html
    assert '<link rel="icon" href="images/logo.svg">' in html
    assert "--md-primary-fg-color: #2b3a67;" in html and "--md-accent-fg-color: #b0306a;" in html
    assert 'class="md-header__button kbgen-header__store" href="https://shop.example.com/"' in html
    assert ">Back to Test Store</span>" in html
