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


@pytest.mark.parametrize(("treated", "untreated"), [(44, 28), (0, 100), (100, 0), (7, 7)])
def test_same_operators_as_a_drawing_of_real_shapes(treated: int, untreated: int) -> None:
    fonts.register()
    fast = icon_arrays(treated, untreated, 240.5, Theme(), strings.table("en"))
    reference = Drawing(fast.width, fast.height)
    for shape in fast.shapes():
        reference.add(shape)
    ours, theirs = _operators(fast), _operators(reference)
    assert len(theirs) > 400
    assert ours == theirs
