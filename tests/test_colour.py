"""`colour` exactly: WCAG 2 luminance and contrast on known values, and the press conversion
pinned to what littleCMS makes of sRGB in FOGRA39 (relative colorimetric, black point
compensation), in 8-bit steps. A changed intent, flag, rounding or coefficient fails here;
`.ci/mutation colour` scores these."""

from __future__ import annotations

from importlib import resources

import pytest
from reportlab.lib.colors import CMYKColor, Color, HexColor

from handout import colour

WHITE, BLACK = Color(1, 1, 1), Color(0, 0, 0)


def steps(values: tuple[float, ...]) -> list[int]:
    return [round(v * 255) for v in values]


def cmyk(color: CMYKColor) -> list[int]:
    return steps((color.cyan, color.magenta, color.yellow, color.black))


# sRGB -> FOGRA39 CMYK -> back to sRGB, in 8-bit steps (littleCMS via Pillow)
PRESS = [
    (WHITE, [0, 0, 0, 0], [255, 255, 255]),
    (BLACK, [179, 150, 127, 250], [6, 7, 7]),
    (Color(1, 0, 0), [0, 230, 235, 3], [229, 51, 33]),
    (HexColor("#1a5e9a"), [212, 121, 2, 66], [29, 96, 151]),
    (Color(0.5, 0.5, 0.5), [67, 54, 55, 119], [129, 128, 129]),
]


@pytest.mark.parametrize(("screen", "press", "back"), PRESS, ids=[p[1].__str__() for p in PRESS])
def test_the_press_colour_is_littlecms_relative_colorimetric_with_bpc(
        screen: Color, press: list[int], back: list[int]) -> None:
    converted = colour.to_press(screen)
    assert isinstance(converted, CMYKColor)
    assert cmyk(converted) == press
    assert [v * 255 for v in (converted.cyan, converted.magenta, converted.yellow,
                              converted.black)] == pytest.approx(press, abs=1e-9)
    seen = colour.from_press(converted)
    assert steps(seen.rgb()) == back
    assert [v * 255 for v in seen.rgb()] == pytest.approx(back, abs=1e-9)


def test_press_colours_read_back_in_srgb() -> None:
    assert steps(colour.from_press(CMYKColor(0, 0, 0, 1)).rgb()) == [30, 29, 28]
    assert steps(colour.from_press(CMYKColor(1, 0, 0, 0)).rgb()) == [0, 159, 227]
    # 8-bit steps: a value between two steps goes to the nearer one
    assert steps(colour.from_press(CMYKColor(0, 0, 0, 0.999)).rgb()) == [30, 29, 28]
    assert cmyk(colour.to_press(Color(0.999, 0.001, 0.001))) == [0, 230, 235, 3]


def test_the_press_profile_is_the_shipped_fogra39_file() -> None:
    data = colour.press_profile()
    assert data == resources.files("handout").joinpath("data/FOGRA39-argyll.icc").read_bytes()
    assert data[36:40] == b"acsp" and data[16:20] == b"CMYK"


@pytest.mark.parametrize(("color", "value"), [
    (WHITE, 1.0), (BLACK, 0.0), (Color(1, 0, 0), 0.2126), (Color(0, 1, 0), 0.7152),
    (Color(0, 0, 1), 0.0722), (Color(0.5, 0.5, 0.5), 0.21404114048223255),
    (Color(0.04, 0.04, 0.04), 0.04 / 12.92), (Color(0.2, 0.2, 0.2), 0.033104766570885055),
])
def test_wcag_relative_luminance(color: Color, value: float) -> None:
    assert colour.luminance(color) == pytest.approx(value, rel=1e-12, abs=1e-15)


def test_wcag_contrast_ratio() -> None:
    assert colour.contrast(BLACK, WHITE) == pytest.approx(21, rel=1e-12)
    assert colour.contrast(WHITE, BLACK) == pytest.approx(21, rel=1e-12)
    assert colour.contrast(WHITE, WHITE) == 1
    grey = HexColor("#767676")
    assert colour.contrast(grey, WHITE) == pytest.approx(4.542224959605253, rel=1e-12)
    assert colour.contrast(WHITE, grey) == colour.contrast(grey, WHITE)
    assert colour.contrast(grey, BLACK) == pytest.approx(4.6233, abs=1e-4)
