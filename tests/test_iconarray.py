"""The icon arrays and callout icons: each style is a form that draws the shapes ReportLab
draws for real shapes, and each icon a placement of its style's form at its grid position."""

from __future__ import annotations

import io
import re

import pytest
from reportlab.graphics.shapes import Circle, Drawing, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from handout import fonts, strings
from handout.iconarray import callout_icon, icon_arrays
from handout.theme import Theme

PLACE = re.compile(r"q 1 0 0 1 (\S+ \S+) cm")
DO = re.compile(r"/FormXob\.(\S+) Do")


def _placements(code: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """((x y, form name) of each `q 1 0 0 1 x y cm /FormXob.name Do Q`, the other operators)."""
    placed, rest, i = [], [], 0
    while i < len(code):
        at, form = PLACE.fullmatch(code[i]), DO.fullmatch(" ".join(code[i + 1:i + 2]))
        if at and form and code[i + 2] == "Q":
            placed.append((at[1], form[1]))
            i += 3
        else:
            rest.append(code[i])
            i += 1
    return placed, rest


def _form(canvas: Canvas, name: str) -> str:
    return canvas._doc.idToObject[f"FormXob.{name}"].stream


def _reference_form(drawing: Drawing) -> str:
    """What ReportLab writes for `drawing` drawn at the origin of a form."""
    canvas = Canvas(io.BytesIO())
    canvas.beginForm("reference")
    drawing.drawOn(canvas, 0, 0)
    canvas.endForm()
    return _form(canvas, "reference")


def _person(pitch: float, fill: Color, stroke: Color) -> Drawing:
    """A person as the fact box has always drawn one, at the middle of its cell's foot."""
    drawing = Drawing(pitch, pitch)
    style = {"fillColor": fill, "strokeColor": stroke, "strokeWidth": 0.6}
    drawing.add(Circle(0, pitch * 0.72, pitch * 0.16, **style))
    drawing.add(Rect(-pitch * 0.24, pitch * 0.08, pitch * 0.48, pitch * 0.42,
                     rx=pitch * 0.12, ry=pitch * 0.12, **style))
    return drawing


@pytest.mark.parametrize(("treated", "untreated", "width"), [
    (44, 28, 240.5), (0, 100, 240.5), (100, 0, 240.5), (7, 7, 240.5),
    (13, 61, 173.77), (50, 3, 97.3)])  # widths whose numbers round differently
def test_people_are_forms_of_real_shapes_placed_on_the_grid(treated: int, untreated: int,
                                                            width: float) -> None:
    fonts.register()
    theme = Theme()
    p, words = theme.palette, strings.table("en")
    fast = icon_arrays(treated, untreated, width, theme, words)
    canvas = Canvas(io.BytesIO())
    fast.drawOn(canvas, 12, 34)
    placed, rest = _placements(canvas._code)

    pitch, gap = (width - width * 0.08) / 20, width * 0.08
    expected = [fp_str(column * (pitch * 10 + gap) + col * pitch + pitch / 2, (9 - row) * pitch)
                for column in (0, 1) for row in range(10) for col in range(10)]
    assert [at for at, _ in placed] == expected
    # as canvas.doForm records them: each placement's form goes in the page's resources
    assert canvas._formsinuse == [name for _, name in placed]
    shaded = [i < count for count in (treated, untreated) for i in range(100)]
    names = {is_shaded: {name for (_, name), s in zip(placed, shaded, strict=True)
                         if s == is_shaded} for is_shaded in (True, False)}
    assert all(len(found) <= 1 for found in names.values()), "one form per style"
    assert not names[True] & names[False]
    for is_shaded, colours in ((True, (p.accent, p.accent)), (False, (p.white, p.rule))):
        for name in names[is_shaded]:
            assert _form(canvas, name) == _reference_form(_person(pitch, *colours))

    # everything else on the page is what ReportLab draws for the labels alone
    labels = Drawing(fast.width, fast.height)
    for shape in fast.contents:
        assert isinstance(shape, String)
        labels.add(shape)
    reference = Canvas(io.BytesIO())
    labels.drawOn(reference, 12, 34)
    assert rest == reference._code


@pytest.mark.parametrize("kind", ["urgent", "warning", "info"])
def test_a_callout_icon_is_one_form_per_document_placed_where_the_cell_puts_it(
        kind: str) -> None:
    p = Theme().palette
    canvas = Canvas(io.BytesIO())
    icon = callout_icon(kind, 24, p)
    icon.drawOn(canvas, 10, 20)
    callout_icon(kind, 24, p).drawOn(canvas, 30, 40)  # another callout of the kind
    do = f"/FormXob.{icon.name} Do"
    assert canvas._code == ["q", "1 0 0 1 10 20 cm", do, "Q", "q", "1 0 0 1 30 40 cm", do, "Q"]
    assert _form(canvas, icon.name) == _reference_form(icon.drawing())
    other = callout_icon("info" if kind != "info" else "warning", 24, p)
    assert other.name != icon.name
