"""The fast icon arrays write exactly the operators ReportLab writes for the same shapes."""

from __future__ import annotations

import io

import pytest
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from handout import fonts, strings
from handout.iconarray import icon_arrays
from handout.theme import Theme


def _operators(drawing: Drawing) -> list[str]:
    canvas = Canvas(io.BytesIO())
    drawing.drawOn(canvas, 12, 34)
    return list(canvas._code)


@pytest.mark.parametrize(("treated", "untreated", "width"), [
    (44, 28, 240.5), (0, 100, 240.5), (100, 0, 240.5), (7, 7, 240.5),
    (13, 61, 173.77), (50, 3, 97.3)])  # widths whose numbers round differently
def test_same_operators_as_a_drawing_of_real_shapes(treated: int, untreated: int,
                                                     width: float) -> None:
    fonts.register()
    fast = icon_arrays(treated, untreated, width, Theme(), strings.table("en"))
    reference = Drawing(fast.width, fast.height)
    for shape in fast.shapes():
        reference.add(shape)
    ours, theirs = _operators(fast), _operators(reference)
    assert len(theirs) > 400
    assert ours == theirs
