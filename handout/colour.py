"""Colour management for print and contrast arithmetic for the screen reader's sighted twin.

`--cmyk` builds are PDF/X-4 for the FOGRA39 print condition (offset, coated paper). Their
colours are the theme's sRGB colours converted through littleCMS (Pillow's `ImageCms`) into
`data/FOGRA39-argyll.icc`, relative colorimetric with black point compensation: what a
print shop's colour-managed RIP would do with the RGB originals. The profile and where it
comes from: `data/README.md`.

`contrast` is WCAG 2's contrast ratio; `theme.CONTRAST` lists every colour pair the leaflet
prints, and the tests hold the screen palette and the press palette (seen back in sRGB)
to it.
"""

from __future__ import annotations

import functools
from importlib import resources

from reportlab.lib.colors import CMYKColor, Color

PRESS_PROFILE = "data/FOGRA39-argyll.icc"
# The output intent names the registered characterisation (ICC's registry of print
# conditions), so a RIP that knows FOGRA39 may use its own copy.
PRESS_CONDITION = "FOGRA39"
PRESS_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004), offset on coated paper"


def press_profile() -> bytes:
    return resources.files("handout").joinpath(PRESS_PROFILE).read_bytes()


@functools.cache
def _transforms() -> tuple[object, object]:
    """sRGB -> press and press -> sRGB (Pillow loads only for CMYK builds and tests)."""
    import io

    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    press = ImageCms.ImageCmsProfile(io.BytesIO(press_profile()))
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
    return (ImageCms.buildTransform(srgb, press, "RGB", "CMYK", intent, flags),
            ImageCms.buildTransform(press, srgb, "CMYK", "RGB", intent, flags))


def rgb_to_press_transform() -> object:
    """The sRGB -> press transform, for images (a PNG logo in a --cmyk build)."""
    return _transforms()[0]


def _apply(transform: object, mode: str, value: tuple[int, ...]) -> tuple[int, ...]:
    from PIL import Image, ImageCms

    return ImageCms.applyTransform(Image.new(mode, (1, 1), value), transform).getpixel((0, 0))


def to_press(color: Color) -> CMYKColor:
    """An sRGB colour as press CMYK (8-bit steps, as littleCMS computes them)."""
    rgb = tuple(round(v * 255) for v in (color.red, color.green, color.blue))
    return CMYKColor(*(v / 255 for v in _apply(_transforms()[0], "RGB", rgb)))


def from_press(color: CMYKColor) -> Color:
    """What a press CMYK colour looks like, back in sRGB (for contrast checks)."""
    cmyk = tuple(round(v * 255) for v in (color.cyan, color.magenta, color.yellow,
                                            color.black))
    return Color(*(v / 255 for v in _apply(_transforms()[1], "CMYK", cmyk)))


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in color.rgb())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
