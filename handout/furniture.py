"""Page furniture: the running footer ("page x of y") and the writing lines of notes pages.

Drawn untagged, as artifacts: a screen reader hears the content, not the furniture.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout import fonts, model, strings
from handout.layout import Furniture
from handout.paragraph import content
from handout.theme import Theme


def footer(leaflet: model.Leaflet, theme: Theme, left: float, right: float,
           top: float, style: ParagraphStyle | None = None) -> Furniture:
    """A rule at `top`, then title, version and review date, with "Page x of y" always at
    the right of the first line below it: the same place on every page. `style` is the
    theme's "small" style, if the layout has made the theme's styles already."""
    p = theme.palette
    style = theme.styles()["small"] if style is None else style
    number_width = theme.small * 7
    words = strings.words(leaflet)
    text = content(footer_text(leaflet), style)  # one for every page

    def draw(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(p.rule)
        canvas.setLineWidth(0.5)
        canvas.line(left, top, right, top)
        # Furniture is drawn untagged: an artifact. The same text on every page: its lines
        # are broken once (a wrap at the same width keeps them).
        _, height = text.wrapOn(canvas, right - left - number_width, top)
        text.drawOn(canvas, left, top - theme.small * 0.4 - height)
        first_baseline = top - theme.small * 0.4 - style.leading + (style.leading - theme.small)
        canvas.setFillColor(p.muted)
        canvas.setFont(fonts.BOLD, theme.small)
        canvas.drawRightString(right, first_baseline, words("page_of", page=page, total=total))
        canvas.restoreState()

    return draw


def footer_text(leaflet: model.Leaflet) -> str:
    """The footer's words: title, version and review date."""
    m = leaflet.meta
    return strings.words(leaflet)("footer", title=m.title, version=m.version,
                                  review=strings.words(leaflet).date(m.next_review))


class RuledLines(Flowable):
    """Writing lines that fill the rest of the frame: the body of a notes page (untagged, so
    an artifact: nothing to read)."""

    def __init__(self, pitch: float, color: object) -> None:
        super().__init__()
        self.pitch = pitch
        self.color = color

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = max(self.pitch, available_height - self.pitch)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.6)
        y = self.height - self.pitch
        while y >= 0:
            self.canv.line(0, y, self.width, y)
            y -= self.pitch
