"""The fact box's icon arrays and the callout icons: each style drawn once per document.

A fact box shows 200 people in two styles (shaded: had the outcome; outlined), a leaflet a
dozen callout icons of three kinds. Each style is a Form XObject, drawn by ReportLab's own
renderer from real shapes the first time a document needs it (`canvas.beginForm`: forms live
in the canvas's document, so they are made again every build), and each icon is placed with
`q 1 0 0 1 x y cm /FormXob.name Do Q`. The page carries a few bytes per icon instead of its
paths and colours, which ReportLab, zlib and qpdf would otherwise write, pack and parse.

A form is named by what it draws (its style's numbers and colours), so a document only
shares a form between icons that would draw the same operators. The colours are the theme's
palette as before, so a `--cmyk` build's forms are CMYK too. Placed inside the fact box's
Figure, the forms are that Figure's content; a callout icon, drawn outside any tagged
content, is an Artifact as before. `tests/test_iconarray.py` compares each form's operators
with ReportLab's for real shapes and the placements with the grid.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from hashlib import blake2s

from reportlab.graphics import renderPDF
from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, Shape, String
from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout import fonts
from handout.strings import Strings
from handout.theme import Palette, Theme

_STROKE_WIDTH = 0.6


def form_name(label: str, *parts: object) -> str:
    """A form's name in a document: its label and a digest of what decides its operators
    (reprs of numbers and colours are the same every run, so the bytes are too)."""
    return f"{label}-{blake2s(repr(parts).encode(), digest_size=5).hexdigest()}"


def ensure_form(canvas: Canvas, name: str, drawing: Callable[[], Drawing],
                bbox: tuple[float, float, float, float]) -> None:
    """Make form `name` in the canvas's document, drawn by ReportLab from `drawing()` with
    its origin at the form's, unless the document has it already (the shapes are made only
    then: a leaflet draws a dozen callout icons from three forms)."""
    if not canvas.hasForm(name):
        canvas.beginForm(name, *bbox)  # keeps the page's operators aside until endForm
        drawing().drawOn(canvas, 0, 0)
        canvas.endForm()


def person(pitch: float, fill: Color, stroke: Color) -> list[Shape]:
    """One person of a grid with cells `pitch` wide, origin at the middle of its cell's
    foot: a head and a rounded body."""
    style = {"fillColor": fill, "strokeColor": stroke, "strokeWidth": _STROKE_WIDTH}
    return [Circle(0, pitch * 0.72, pitch * 0.16, **style),
            Rect(-pitch * 0.24, pitch * 0.08, pitch * 0.48, pitch * 0.42,
                 rx=pitch * 0.12, ry=pitch * 0.12, **style)]


class IconArrays(Drawing):
    """A Drawing of text labels and people placed from forms (one per style)."""

    def __init__(self, width: float, height: float, pitch: float) -> None:
        super().__init__(width, height)
        # (names with "_": a Drawing refuses unknown public attributes)
        self._pitch = pitch
        # by the colours' ids (cheaper than hashing colours; the colours kept here keep
        # their ids theirs) -> (fill, stroke)
        self._styles: dict[tuple[int, int], tuple[Color, Color]] = {}
        self._plan: list[String | tuple[tuple[int, int], float, float]] = []  # drawing order

    def text(self, shape: String) -> None:
        self.add(shape)
        self._plan.append(shape)

    def person(self, x: float, y: float, fill: Color, stroke: Color) -> None:
        """A person with the middle of its cell's foot at (x, y)."""
        style = (id(fill), id(stroke))
        if style not in self._styles:
            self._styles[style] = (fill, stroke)
        self._plan.append((style, x, y))

    def _person(self, style: tuple[int, int]) -> Drawing:
        """One person of a style, as real shapes at the origin: what its form draws."""
        drawing = Drawing(self._pitch, self._pitch)
        for shape in person(self._pitch, *self._styles[style]):
            drawing.add(shape)
        return drawing

    def _names(self) -> dict[tuple[int, int], str]:
        return {style: form_name("person", self._pitch, *colours)
                for style, colours in self._styles.items()}

    def draw(self) -> None:
        """What Drawing.draw does, with our renderer, after making the forms."""
        canvas, pad = self.canv, _STROKE_WIDTH
        for style, name in self._names().items():
            ensure_form(canvas, name, partial(self._person, style),
                        (-self._pitch / 2 - pad, -pad, self._pitch / 2 + pad, self._pitch + pad))
        _Renderer().draw(renderScaledDrawing(self), canvas, 0, 0)


class _Renderer(renderPDF._PDFRenderer):
    def drawGroup(self, group: object) -> None:
        if not isinstance(group, IconArrays):
            super().drawGroup(group)
            return
        canvas, names = self._canvas, group._names()
        # canvas.doForm(name): the form's Do, and the form in the page's resources
        shows = {style: f"/{canvas._doc.getXObjectName(name)} Do" for style, name in names.items()}
        for item in group._plan:
            if isinstance(item, String):
                _draw_one(self, group, item)
                continue
            style, x, y = item
            canvas._code += (f"q 1 0 0 1 {fp_str(x, y)} cm", shows[style], "Q")
            canvas._formsinuse.append(names[style])


def _draw_one(renderer: _Renderer, group: Drawing, node: object) -> None:
    """One ordinary child, exactly as Renderer.drawGroup draws each."""
    renderer.fillDerivedValues(node)
    node._canvas = renderer._canvas
    node._parent = group
    try:
        renderer.drawNode(node)
    finally:
        del node._parent
        del node._canvas


def icon_arrays(treated: int, untreated: int, width: float, theme: Theme,
                words: Strings) -> IconArrays:
    """Two 10 x 10 grids of people; filled ones had the outcome. Drawn, so it scales. The
    labels are the strings table's (`figure_with`, `figure_without`, `figure_count`)."""
    p = theme.palette
    size = theme.small
    gap = width * 0.08
    pitch = (width - gap) / 20
    height = pitch * 10 + size * 2.7
    drawing = IconArrays(width, height, pitch)
    for column, (count, label) in enumerate(((treated, words("figure_with")),
                                             (untreated, words("figure_without")))):
        x0 = column * (pitch * 10 + gap)
        drawing.text(String(x0, height - size, label, fontName=fonts.BOLD, fontSize=size,
                            fillColor=p.ink))
        drawing.text(String(x0, height - size * 2.2, words("figure_count", count=count),
                            fontName=fonts.REGULAR, fontSize=size, fillColor=p.ink))
        for i in range(100):
            row, col = divmod(i, 10)
            shaded = i < count
            drawing.person(x0 + col * pitch + pitch / 2, (9 - row) * pitch,
                           p.accent if shaded else p.white, p.accent if shaded else p.rule)
    return drawing


class CalloutIcon(Flowable):
    """A callout's icon, placed from its kind's form."""

    def __init__(self, kind: str, size: float, p: Palette) -> None:
        super().__init__()
        self.kind, self.size, self.palette = kind, size, p
        self.width = self.height = size
        self.name = form_name(f"callout-{kind}", size, *_callout_colours(p))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        pad = self.size / 2  # room for the triangle's mitred tip; a form clips to its box
        ensure_form(self.canv, self.name, self.drawing,
                    (-pad, -pad, self.size + pad, self.size + pad))
        self.canv.doForm(self.name)

    def drawing(self) -> Drawing:
        """Stop sign (urgent), warning triangle (warning) or an 'i' in a circle (info)."""
        size, p = self.size, self.palette
        d = Drawing(size, size)
        c = size / 2
        if self.kind == "urgent":
            r = size / 2
            k = r * 0.414
            d.add(Polygon([c - k, 0, c + k, 0, size, c - k, size, c + k, c + k, size, c - k,
                           size, 0, c + k, 0, c - k], fillColor=p.white, strokeColor=None))
            mark = p.urgent
        elif self.kind == "warning":
            d.add(Polygon([0, size * 0.06, size, size * 0.06, c, size * 0.94],
                          fillColor=p.warning, strokeColor=p.ink, strokeWidth=1))
            mark = p.ink
        else:
            d.add(Circle(c, c, c * 0.95, fillColor=p.accent, strokeColor=None))
            d.add(Circle(c, size * 0.72, size * 0.07, fillColor=p.white, strokeColor=None))
            d.add(Line(c, size * 0.2, c, size * 0.55, strokeColor=p.white,
                       strokeWidth=size * 0.12))
            return d
        d.add(Line(c, size * 0.38, c, size * 0.7, strokeColor=mark, strokeWidth=size * 0.11))
        d.add(Circle(c, size * 0.24, size * 0.06, fillColor=mark, strokeColor=None))
        return d


def _callout_colours(p: Palette) -> tuple[Color, ...]:
    return p.white, p.urgent, p.warning, p.ink, p.accent


def callout_icon(kind: str, size: float, p: Palette) -> CalloutIcon:
    """Stop sign (urgent), warning triangle (warning) or an 'i' in a circle (info)."""
    return CalloutIcon(kind, size, p)
