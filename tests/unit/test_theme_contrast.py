"""Text contrast, computed from the theme's own colours (WCAG 2 relative luminance): at least
4.5:1 in the standard theme (1.4.3) and 7:1 in high contrast (1.4.6), for every text/background
pair the kiosk draws."""

from __future__ import annotations

import pytest

from kiosk.ui.theme import CALM, HIGH_CONTRAST, Palette


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def ratio(foreground: str, background: str) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_pairs(p: Palette) -> dict[str, tuple[str, str]]:
    return {
        "body text": (p.text, p.background),
        "card text": (p.text, p.surface),
        "muted text": (p.muted, p.background),
        "muted on cards": (p.muted, p.surface),
        "clinic name, links, card titles": (p.accent, p.background),
        "button text": (p.accent, p.surface),
        "pressed button text": (p.accent, p.pressed),
        "primary buttons, tiles": (p.on_accent, p.accent),
        "care-team note": (p.text, p.pressed),
        "page indicator": (p.text, p.background),
    }


def test_the_ratio_formula_matches_known_values() -> None:
    assert ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("palette", "minimum"), [(CALM, 4.5), (HIGH_CONTRAST, 7.0)])
def test_every_text_colour_on_its_background_is_readable(palette: Palette, minimum: float) -> None:
    low = {
        name: round(ratio(*pair), 2)
        for name, pair in text_pairs(palette).items()
        if ratio(*pair) < minimum
    }
    assert low == {}


@pytest.mark.parametrize("palette", [CALM, HIGH_CONTRAST])
def test_focus_ring_and_borders_stand_out(palette: Palette) -> None:
    # WCAG 1.4.11: user-interface parts need 3:1 against what is next to them.
    assert ratio(palette.focus, palette.background) >= 3.0
    assert ratio(palette.focus, palette.surface) >= 3.0
    assert ratio(palette.accent, palette.background) >= 3.0
