"""The store's colours: WCAG contrast, and the CSS custom properties the theme reads.

kbgen's stylesheet draws everything from Material's ``--md-primary-*`` and ``--md-accent-*``
properties, so a store's two colours, checked here for contrast, re-colour the whole help center
in the light scheme and in Material's dark one (``slate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
WHITE = "#ffffff"
#: Text on a light colour in the dark scheme (the header and buttons there).
INK = "#15181d"
#: Material's dark background (``slate``, its default hue 232): what dark colours are read against.
SLATE = "#1e2029"
#: WCAG 2.1 AA: body text needs 4.5:1; large text and the edges of controls 3:1.
AA_TEXT = 4.5
AA_LARGE = 3.0
#: kbgen's own colours, used when a store sets none.
DEFAULT_PRIMARY = "#1d5c4d"
DEFAULT_ACCENT = "#b8501d"


def rgb(colour: str) -> tuple[int, int, int]:
    """``#1d5c4d`` or ``#1d5`` as its red, green and blue bytes."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def hex_of(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, v))):02x}" for v in channels)


def luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""

    def linear(byte: int) -> float:
        v = byte / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0 to 1) of the way to ``other``."""
    c, o = rgb(colour), rgb(other)
    return hex_of(tuple(a + (b - a) * amount for a, b in zip(c, o, strict=True)))


def lighten_until(colour: str, background: str, ratio: float) -> str:
    """The colour, lightened in small steps until text in it reads on ``background``."""
    for step in range(21):
        candidate = mix(colour, WHITE, step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return WHITE


@dataclass(frozen=True)
class Palette:
    """One scheme's colours: ``text_on`` is the text drawn on the primary and accent colours."""

    primary: str
    accent: str
    text_on: str

    def properties(self) -> str:
        return (
            f"--md-primary-fg-color: {self.primary}; "
            f"--md-primary-fg-color--light: {mix(self.primary, WHITE, 0.15)}; "
            f"--md-primary-fg-color--dark: {mix(self.primary, '#000000', 0.25)}; "
            f"--md-primary-bg-color: {self.text_on}; "
            f"--md-accent-fg-color: {self.accent}; "
            f"--md-accent-bg-color: {self.text_on}; "
            f"--md-typeset-a-color: {self.primary};"
        )


def light_palette(primary: str | None, accent: str | None) -> Palette:
    return Palette(primary or DEFAULT_PRIMARY, accent or DEFAULT_ACCENT, WHITE)


def dark_palette(light: Palette, primary: str | None, accent: str | None) -> Palette:
    """The dark scheme's colours: as given, or the light ones lightened until they read on slate."""
    return Palette(
        primary or lighten_until(light.primary, SLATE, AA_TEXT),
        accent or lighten_until(light.accent, SLATE, AA_TEXT),
        INK,
    )


def palette_css(light: Palette, dark: Palette) -> str:
    """Custom properties for both schemes, placed after kbgen.css so that they win."""
    return (
        f':root, [data-md-color-primary="custom"], [data-md-color-accent="custom"] {{ {light.properties()} }}\n'
        f'[data-md-color-scheme="slate"][data-md-color-primary="custom"], '
        f'[data-md-color-scheme="slate"] [data-md-color-primary="custom"] {{ {dark.properties()} }}\n'
    )


def contrast_findings(name: str, colour: str, against: str, use: str) -> tuple[str, str] | None:
    """(severity, message) when ``colour`` fails WCAG AA against ``against``; None when it passes."""
    ratio = contrast(colour, against)
    if ratio >= AA_TEXT:
        return None
    severity = "error" if ratio < AA_LARGE else "warning"
    return severity, (
        f"kbgen setting '{name}' {colour} has a contrast of {ratio:.1f}:1 with {against} ({use}); "
        f"WCAG AA asks for {AA_TEXT}:1"
    )
