"""Contrast: every colour pair the leaflet prints, on screen and on the press, computed from
the theme's palette (a new colour must be listed in theme.CONTRAST or theme.DECORATIVE)."""

from __future__ import annotations

from dataclasses import fields

import pytest
from reportlab.lib.colors import HexColor

from handout import colour
from handout.theme import CONTRAST, DECORATIVE, MINIMUM, Palette

SCREEN = Palette()
PRESS = Palette().cmyk()
PAIRS = [(kind, fg, bg) for kind, pairs in CONTRAST.items() for fg, bg in pairs]


def seen(palette: Palette, name: str) -> object:
    """The colour as a reader sees it: press colours through the FOGRA39 profile."""
    value = getattr(palette, name)
    return colour.from_press(value) if palette is PRESS else value


def test_every_colour_is_classified() -> None:
    used = {name for _, fg, bg in PAIRS for name in (fg, bg)} | set(DECORATIVE)
    assert {f.name for f in fields(Palette)} <= used


@pytest.mark.parametrize("palette", [SCREEN, PRESS], ids=["screen", "press"])
@pytest.mark.parametrize(("kind", "fg", "bg"), PAIRS, ids=[f"{k}-{f}-on-{b}" for k, f, b in PAIRS])
def test_pair_meets_its_minimum(palette: Palette, kind: str, fg: str, bg: str) -> None:
    ratio = colour.contrast(seen(palette, fg), seen(palette, bg))
    assert ratio >= MINIMUM[kind], f"{fg} on {bg}: {ratio:.2f}:1"


def test_contrast_matches_wcag_examples() -> None:
    assert colour.contrast(HexColor("#000000"), HexColor("#FFFFFF")) == pytest.approx(21)
    grey = colour.contrast(HexColor("#767676"), HexColor("#FFFFFF"))
    assert grey == pytest.approx(4.54, abs=0.01)
