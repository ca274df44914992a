"""The fact box's icon arrays: two 10 x 10 grids of people, drawn as ReportLab draws them, fast.

Four hundred Circle and Rect shapes cost a standard build about a quarter of its time: each
is made with every attribute validated, then ReportLab's renderer tracks a state dictionary
per shape around the few operators it writes. `IconArrays` keeps each icon as plain numbers
and draws it as the renderer does (save state, the shape's state changes in the order a real
shape gives them, the path of `canvas.circle` / `canvas.roundRect`, restore; the operators of
a style's state changes are written once and then repeated), so the page gets the very same
operators. The paths are computed as ReportLab computes them, and each grid column's and
row's numbers formatted once (`_Paths`). `tests/test_iconarray.py` compares the operators
with a Drawing of real shapes.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from math import cos, pi, sin
from types import SimpleNamespace
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.renderbase import getStateDelta, renderScaledDrawing
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import PATH_OPS

from handout import fonts
from handout.strings import Strings
from handout.theme import Palette, Theme

_STROKE_WIDTH = 0.6


class IconArrays(Drawing):
    """A Drawing whose icons are (kind, geometry, state changes) records, not shapes."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__(width, height)
        # (names with "_": a Drawing refuses unknown public attributes)
        self._plan: list[Any] = []  # String shapes and icon records, in drawing order
        self._deltas: dict[tuple[str, int, int], dict[str, Any]] = {}

    def text(self, shape: String) -> None:
        self.add(shape)
        self._plan.append(shape)

    def icon(self, kind: str, geometry: dict[str, float], fill: Color, stroke: Color) -> None:
        """`kind` "circle" (cx, cy, r) or "rect" (x, y, width, height, rx, ry)."""
        self._plan.append((kind, geometry, self._delta(kind, fill, stroke)))

    def shapes(self) -> Iterator[Any]:
        """The plan as real shapes: what this drawing stands for (and the tests' reference)."""
        for item in self._plan:
            if isinstance(item, String):
                yield item
            else:
                kind, geometry, delta = item
                yield _SHAPES[kind](**geometry, fillColor=delta["fillColor"],
                                    strokeColor=delta["strokeColor"], strokeWidth=_STROKE_WIDTH)

    def _delta(self, kind: str, fill: Color, stroke: Color) -> dict[str, Any]:
        """The state changes a real shape of this style makes, keys in its order (one dict
        per style, shared by its icons)."""
        key = (kind, id(fill), id(stroke))  # by identity: hashing colours costs more here
        if key not in self._deltas:  # (the delta holds both colours, so the ids stay theirs)
            probe = _SHAPES[kind](*([0] * _ARGS[kind]), fillColor=fill, strokeColor=stroke,
                                  strokeWidth=_STROKE_WIDTH)
            self._deltas[key] = getStateDelta(probe)
        return self._deltas[key]

    def draw(self) -> None:
        """What Drawing.draw does, with our renderer."""
        _Renderer().draw(renderScaledDrawing(self), self.canv, 0, 0)


class _Renderer(renderPDF._PDFRenderer):
    def drawGroup(self, group: Any) -> None:
        if not isinstance(group, IconArrays):
            super().drawGroup(group)
            return
        canvas, recorded, paths = self._canvas, {}, _Paths()
        for item in group._plan:
            if isinstance(item, String):
                _draw_one(self, group, item)
                continue
            kind, geometry, delta = item
            if id(delta) in recorded:
                # Every icon starts from the same saved state, so the same changes write the
                # same operators: repeat them, without setting and restoring the state again.
                canvas._code.append("q")
                canvas._code.extend(recorded[id(delta)])
                self._fill = int(delta["fillColor"] is not None)
                self._stroke = int(delta["strokeColor"] is not None)
                self._draw(kind, geometry, paths)
                canvas._code.append("Q")
                continue
            canvas.saveState()  # as _PDFRenderer.drawNode does around every shape
            start = len(canvas._code)
            self.applyStateChanges(delta, {})
            if _repeatable(delta):
                recorded[id(delta)] = canvas._code[start:]
            self._draw(kind, geometry, paths)
            canvas.restoreState()

    def _draw(self, kind: str, geometry: dict[str, float], paths: _Paths) -> None:
        canvas = self._canvas
        if kind == "circle":
            canvas._code += paths.circle(**geometry)
        elif geometry["rx"] == geometry["ry"] == 0:  # a plain rectangle: ReportLab's own call
            self.drawRect(SimpleNamespace(**geometry))
            return
        else:
            canvas._code += paths.round_rect(**geometry)
        canvas._code.append(PATH_OPS[self._stroke, self._fill, canvas._fillMode])


class _Paths:
    """The path operators of `canvas.circle` and `canvas.roundRect` (what
    _PDFRenderer.drawCircle and drawRect call), without the fill/stroke operator.

    Each number is computed as ReportLab computes it, operation for operation, so it is the
    same float, and formatted by ReportLab's `fp_str`. Formatting is most of the cost of a
    path (about 0.4 µs a number, 26 to 36 numbers an icon, 400 icons), and an icon grid
    repeats them: every icon of a column has the same x numbers, every icon of a row the
    same y numbers. So each axis's numbers are formatted once per drawing, keyed by what
    they are computed from. `bezierArc(x1, y1, x2, y2, 0, 360)`, the circle's path, is four
    quarter arcs: the factors that depend only on their angles are computed once."""

    def __init__(self) -> None:
        self.axes: dict[tuple[Any, ...], list[str]] = {}

    def circle(self, cx: float, cy: float, r: float) -> list[str]:
        x = self._axis(("circle x", cx, r), _circle_xs)
        y = self._axis(("circle y", cy, r), _circle_ys)
        return ["n", f"{x[0]} {y[0]} m", f"{x[1]} {y[1]} {x[2]} {y[2]} {x[3]} {y[3]} c",
                f"{x[4]} {y[4]} {x[5]} {y[5]} {x[6]} {y[6]} c",
                f"{x[7]} {y[7]} {x[8]} {y[8]} {x[9]} {y[9]} c",
                f"{x[10]} {y[10]} {x[11]} {y[11]} {x[12]} {y[12]} c"]

    def round_rect(self, x: float, y: float, width: float, height: float, rx: float,
                   ry: float) -> list[str]:
        """ReportLab draws a rounded Rect with rx for both radii."""
        xa, xb, xc, xd, xe, xf = self._axis(("rect x", x, width, rx), _rect_xs)
        ya, yb, yc, yd, ye, yf = self._axis(("rect y", y, height, rx), _rect_ys)
        return ["n", f"{xa} {ya} m", f"{xb} {ya} l", f"{xc} {ya} {xd} {yb} {xd} {yc} c",
                f"{xd} {yd} l", f"{xd} {ye} {xc} {yf} {xb} {yf} c", f"{xa} {yf} l",
                f"{xe} {yf} {xf} {ye} {xf} {yd} c", f"{xf} {yc} l",
                f"{xf} {yb} {xe} {ya} {xa} {ya} c", "h"]

    def _axis(self, key: tuple[Any, ...], numbers: Any) -> list[str]:
        formatted = self.axes.get(key)
        if formatted is None:
            # fp_str formats each number on its own and joins them with spaces
            formatted = self.axes[key] = fp_str(*numbers(*key[1:])).split(" ")
        return formatted


_HALF = 90.0 * pi / 360.
_KAPPA = abs(4. / 3. * (1. - cos(_HALF)) / sin(_HALF))
_ANGLES = [(0 + i * 90.0) * pi / 180. for i in range(5)]  # each arc from [i] to [i + 1]
# per arc: its control points' and end's factors of the radius, x (cos) and y (sin)
_ARC_X = [cos(_ANGLES[0])] + [factor for t0, t1 in pairwise(_ANGLES) for factor in (
    cos(t0) - _KAPPA * sin(t0), cos(t1) + _KAPPA * sin(t1), cos(t1))]
_ARC_Y = [sin(_ANGLES[0])] + [factor for t0, t1 in pairwise(_ANGLES) for factor in (
    sin(t0) + _KAPPA * cos(t0), sin(t1) - _KAPPA * cos(t1), sin(t1))]
_ROUNDING = 0.4472  # pathobject.roundRect's radius multiplier


def _circle_xs(cx: float, r: float) -> list[float]:
    x1, x2 = cx - r, cx + r  # canvas.circle
    x2 = x1 + (x2 - x1)  # canvas.ellipse -> PDFPathObject.ellipse (width)
    x1, x2 = min(x1, x2), max(x1, x2)  # bezierArc
    centre, radius = (x1 + x2) / 2., (x2 - x1) / 2.
    return [centre + radius * factor for factor in _ARC_X]


def _circle_ys(cy: float, r: float) -> list[float]:
    y1, y2 = cy - r, cy + r
    y2 = y1 + (y2 - y1)
    y1, y2 = max(y1, y2), min(y1, y2)  # bezierArc's y runs down
    centre, radius = (y1 + y2) / 2., (y2 - y1) / 2.
    return [centre - radius * factor for factor in _ARC_Y]


def _rect_xs(x: float, width: float, radius: float) -> list[float]:
    low, high = min(x, x + width), max(x, x + width)
    t = _ROUNDING * radius
    return [low + radius, high - radius, high - t, high, low + t, low]


def _rect_ys(y: float, height: float, radius: float) -> list[float]:
    low, high = min(y, y + height), max(y, y + height)
    t = _ROUNDING * radius
    return [low, low + t, low + radius, high - radius, high - t, high]


# State changes that only write operators (and set the fill and stroke flags): repeating their
# operators is the same as making them again. Anything else (an opacity, a font) is made anew.
_OPERATORS_ONLY = {"fillColor", "strokeColor", "strokeWidth", "strokeLineCap",
                   "strokeLineJoin", "strokeMiterLimit", "strokeDashArray"}


def _repeatable(delta: dict[str, Any]) -> bool:
    return all(key in _OPERATORS_ONLY or value is None for key, value in delta.items())


def _draw_one(renderer: _Renderer, group: Drawing, node: Any) -> None:
    """One ordinary child, exactly as Renderer.drawGroup draws each."""
    renderer.fillDerivedValues(node)
    node._canvas = renderer._canvas
    node._parent = group
    try:
        renderer.drawNode(node)
    finally:
        del node._parent
        del node._canvas


_SHAPES = {"circle": Circle, "rect": Rect}
_ARGS = {"circle": 3, "rect": 4}


def icon_arrays(treated: int, untreated: int, width: float, theme: Theme,
                words: Strings) -> IconArrays:
    """Two 10 x 10 grids of people; filled ones had the outcome. Drawn, so it scales. The
    labels are the strings table's (`figure_with`, `figure_without`, `figure_count`)."""
    p = theme.palette
    size = theme.small
    gap = width * 0.08
    pitch = (width - gap) / 20
    height = pitch * 10 + size * 2.7
    drawing = IconArrays(width, height)
    for column, (count, label) in enumerate(((treated, words("figure_with")),
                                             (untreated, words("figure_without")))):
        x0 = column * (pitch * 10 + gap)
        drawing.text(String(x0, height - size, label, fontName=fonts.BOLD, fontSize=size,
                            fillColor=p.ink))
        drawing.text(String(x0, height - size * 2.2, words("figure_count", count=count),
                            fontName=fonts.REGULAR, fontSize=size, fillColor=p.ink))
        for i in range(100):
            row, col = divmod(i, 10)
            x = x0 + col * pitch + pitch / 2
            y = (9 - row) * pitch
            filled = i < count
            fill = p.accent if filled else p.white
            stroke = p.accent if filled else p.rule
            drawing.icon("circle", {"cx": x, "cy": y + pitch * 0.72, "r": pitch * 0.16},
                         fill, stroke)
            drawing.icon("rect", {"x": x - pitch * 0.24, "y": y + pitch * 0.08,
                                  "width": pitch * 0.48, "height": pitch * 0.42,
                                  "rx": pitch * 0.12, "ry": pitch * 0.12}, fill, stroke)
    return drawing


def callout_icon(kind: str, size: float, p: Palette) -> Drawing:
    """Stop sign (urgent), warning triangle (warning) or an 'i' in a circle (info)."""
    d = Drawing(size, size)
    c = size / 2
    if kind == "urgent":
        r = size / 2
        k = r * 0.414
        d.add(Polygon([c - k, 0, c + k, 0, size, c - k, size, c + k, c + k, size, c - k, size,
                       0, c + k, 0, c - k], fillColor=p.white, strokeColor=None))
        mark = p.urgent
    elif kind == "warning":
        d.add(Polygon([0, size * 0.06, size, size * 0.06, c, size * 0.94],
                      fillColor=p.warning, strokeColor=p.ink, strokeWidth=1))
        mark = p.ink
    else:
        d.add(Circle(c, c, c * 0.95, fillColor=p.accent, strokeColor=None))
        d.add(Circle(c, size * 0.72, size * 0.07, fillColor=p.white, strokeColor=None))
        d.add(Line(c, size * 0.2, c, size * 0.55, strokeColor=p.white, strokeWidth=size * 0.12))
        return d
    d.add(Line(c, size * 0.38, c, size * 0.7, strokeColor=mark, strokeWidth=size * 0.11))
    d.add(Circle(c, size * 0.24, size * 0.06, fillColor=mark, strokeColor=None))
    return d
