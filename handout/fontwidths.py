"""Text widths and font extents as ReportLab measures them, without its cost per call, for
handout's line breaking (handout/textlines.py, handout/fraglines.py) and drawing
(handout/drawlines.py).

`pdfmetrics.stringWidth` finds the font by name and calls `_rl_accel.instanceStringWidthTTF`,
which parses its arguments by keyword and makes an int object per character;
`pdfmetrics.getAscentDescent` finds the font by name and, for a TrueType font, raises and
catches an AttributeError. The functions here are made once per font, from the font's own
tables (data of the font, the same for every leaflet), and give the very same floats:
`tests/test_paragraph_fast.py` compares them on every character of our fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont


class _CharWidths(dict[str, int]):
    """A TrueType font's advance widths by character, in thousandths of the font size."""

    __slots__ = ("default",)

    def __missing__(self, char: str) -> int:
        return self.default  # as ReportLab: `charWidths.get(ord(char), defaultWidth)`


# Each TrueType font's widths keyed by character, made once per font: the font's own table,
# constant once loaded, which does not depend on any leaflet. Kept with the table it copies,
# so that a font registered anew under the same name gets its own.
_char_widths: dict[int, tuple[dict[int, Any], _CharWidths | None]] = {}


def _widths_by_char(font: Any) -> _CharWidths | None:
    """The font's widths by character, or None where they are not all whole numbers."""
    face = font.face
    widths = face.charWidths
    kept = _char_widths.get(id(widths))
    if kept is None or kept[0] is not widths:
        table = None
        if face.defaultWidth.__class__ is int and all(
                width.__class__ is int for width in widths.values()):
            table = _CharWidths(zip(map(chr, widths), widths.values(), strict=True))
            table.default = face.defaultWidth
        kept = _char_widths[id(widths)] = (widths, table)
    return kept[1]


def _make_measures(font: Any) -> tuple[Callable[..., float],
                                        Callable[[list[str], float], list[float]]]:
    """`width_function` and `widths_function` of a font."""
    plain = font.__class__.stringWidth is TTFont.stringWidth
    table = _widths_by_char(font) if plain else None
    if table is None:
        # the C function without TTFont.stringWidth's Python call in between, or the font's own
        measure = partial(instanceStringWidthTTF, font) if plain else font.stringWidth
        return measure, lambda texts, size: [measure(text, size) for text in texts]
    width_of = table.__getitem__

    def measure(text: Any, size: float, encoding: str = "utf8") -> float:
        if text.__class__ is str:
            return sum(map(width_of, text)) * 0.001 * size
        return instanceStringWidthTTF(font, text, size, encoding)  # bytes, to be decoded

    return measure, lambda texts, size: [sum(map(width_of, text)) * 0.001 * size
                                         for text in texts]


def _make_extent(font: Any) -> Callable[[float], tuple[float, float]]:
    """`pdfmetrics.getAscentDescent(name, size)` of the font as a function of size (which
    finds the font by name and, for a TrueType font, raises and catches an AttributeError
    on every call)."""
    try:
        ascent, descent = font.ascent, font.descent
    except AttributeError:
        ascent, descent = font.face.ascent, font.face.descent

    def extent(size: float) -> tuple[float, float]:
        if size:
            norm = size / 1000.
            return ascent * norm, descent * norm
        return ascent, descent

    return extent


_Measures = tuple[Any, Callable[..., float], Callable[[list[str], float], list[float]],
                  Callable[[float], tuple[float, float]]]
# Each font's functions, made once per font (by name, with the font they were made for)
_measures: dict[str, _Measures] = {}


def font_measures(font_name: str) -> _Measures:
    """The font, its `width_function`, `widths_function` and `extent_function`."""
    font = getFont(font_name)
    kept = _measures.get(font_name)
    if kept is None or kept[0] is not font:
        kept = _measures[font_name] = (font, *_make_measures(font), _make_extent(font))
    return kept


def width_function(font_name: str) -> Callable[..., float]:
    """`pdfmetrics.stringWidth(text, font_name, size)` as a function of text and size, with
    the same float.

    For a TrueType font ReportLab's C function (`_rl_accel.instanceStringWidthTTF`) adds the
    characters' widths as doubles, in order, then returns `(sum * 0.001) * size`. Our fonts'
    widths are whole numbers, so every such sum is exact, the same whichever way it is
    added: Python's `sum` of the widths, times 0.001, times the size is the same float,
    without the C function's cost per call (keyword parsing, attribute lookups and an int
    object per character): a word in a fifth to two thirds of the time.
    `tests/test_paragraph_fast.py` compares the two on every character of the fonts."""
    return font_measures(font_name)[1]


def widths_function(font_name: str) -> Callable[[list[str], float], list[float]]:
    """`[width_function(font_name)(text, size) for text in texts]` as a function of texts
    (str) and size, without a call per text."""
    return font_measures(font_name)[2]


def extent_function(font_name: str) -> Callable[[float], tuple[float, float]]:
    """`pdfmetrics.getAscentDescent(font_name, size)` as a function of size."""
    return font_measures(font_name)[3]
