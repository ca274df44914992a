"""Card sheets: n-up ID-1 cards on a page, duplex registration and cut marks.

Pure geometry plus two small drawers, in trim coordinates (origin at the bottom-left corner
of the page, points). A layout asks `Sheet.fit` for the grid, puts one frame inside each card
rectangle, and draws `cut_marks` and (optionally) `outline` on every page.

Duplex: a sheet printed on both sides and flipped on the long edge (portrait) turns over
about the page's vertical centre line, so the card printed at column c on the front is at
column (columns - 1 - c) on the back, in the same row. `Sheet.back` is the front rectangle
mirrored about that line, which is exactly where the back of the same card lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

# ISO/IEC 7810 ID-1 (credit-card size), landscape.
ID1 = (85.6 * mm, 53.98 * mm)
ID1_CORNER_RADIUS = 3.18 * mm

MARK_GAP = 0.75 * mm  # a cut mark never starts at the card: a slightly off cut hides it
MARK_LENGTH = 5 * mm  # longest mark, in the outer margins
PAPER_EDGE = 2 * mm  # marks stay this far from the paper edge


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def mirrored(self, page_width: float) -> Rect:
        """The rectangle mirrored about the vertical line x = page_width / 2."""
        return Rect(page_width - self.right, self.y, self.width, self.height)

    def inset(self, by: float) -> Rect:
        return Rect(self.x + by, self.y + by, self.width - 2 * by, self.height - 2 * by)

    def contains(self, x: float, y: float, tolerance: float = 0.0) -> bool:
        return (self.x - tolerance <= x <= self.right + tolerance
                and self.y - tolerance <= y <= self.top + tolerance)


Segment = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Sheet:
    """A grid of `columns` x `rows` cards, centred on the page, with gutters between them."""

    page_size: tuple[float, float]
    card: tuple[float, float]
    columns: int
    rows: int
    column_gutter: float
    row_gutter: float

    def __post_init__(self) -> None:
        if self.columns < 1 or self.rows < 1:
            raise ValueError("a card sheet needs at least one row and one column")
        if min(self.margins) < 0:
            raise ValueError(f"{self.columns} x {self.rows} cards do not fit on the page")

    @classmethod
    def fit(cls, page_size: tuple[float, float], card: tuple[float, float],
            column_gutter: float, row_gutter: float, min_margin: float) -> Sheet:
        """As many cards as fit with at least `min_margin` between the grid and each edge."""
        width, height = page_size

        def count(space: float, size: float, gutter: float) -> int:
            return int((space - 2 * min_margin + gutter + 1e-6) // (size + gutter))

        columns = count(width, card[0], column_gutter)
        rows = count(height, card[1], row_gutter)
        return cls(page_size, card, columns, rows, column_gutter, row_gutter)

    @property
    def count(self) -> int:
        return self.columns * self.rows

    @property
    def grid_size(self) -> tuple[float, float]:
        return (self.columns * self.card[0] + (self.columns - 1) * self.column_gutter,
                self.rows * self.card[1] + (self.rows - 1) * self.row_gutter)

    @property
    def margins(self) -> tuple[float, float]:
        """(left and right, top and bottom) space between the grid and the page edge."""
        return ((self.page_size[0] - self.grid_size[0]) / 2,
                (self.page_size[1] - self.grid_size[1]) / 2)

    def front(self, row: int, column: int) -> Rect:
        """The card at `row` (0 = top) and `column` (0 = left) on the front side."""
        if not (0 <= row < self.rows and 0 <= column < self.columns):
            raise IndexError(f"no card at row {row}, column {column}")
        left, bottom = self.margins
        x = left + column * (self.card[0] + self.column_gutter)
        y = self.page_size[1] - bottom - (row + 1) * self.card[1] - row * self.row_gutter
        return Rect(x, y, *self.card)

    def back(self, row: int, column: int) -> Rect:
        """Where the back of the card printed at (row, column) on the front lands when the
        sheet is printed duplex and flipped on the long edge."""
        return self.front(row, column).mirrored(self.page_size[0])

    def cells(self) -> list[tuple[int, int]]:
        """Every card's (row, column) on the front, in reading order: card index order."""
        return [(r, c) for r in range(self.rows) for c in range(self.columns)]

    def fronts(self) -> list[Rect]:
        return [self.front(r, c) for r, c in self.cells()]

    def backs(self) -> list[Rect]:
        """The back of card i is backs()[i]: same order as fronts()."""
        return [self.back(r, c) for r, c in self.cells()]

    def cut_marks(self) -> list[Segment]:
        """Short lines extending every card edge outward from every corner, in the gutters
        and margins only: never across a card, never touching one. Marks of neighbouring
        cards on the same cut line coincide and are drawn once."""
        margin_x, margin_y = self.margins
        outer_x = min(MARK_LENGTH, margin_x - MARK_GAP - PAPER_EDGE)
        outer_y = min(MARK_LENGTH, margin_y - MARK_GAP - PAPER_EDGE)
        inner_x = self.column_gutter - 2 * MARK_GAP
        inner_y = self.row_gutter - 2 * MARK_GAP
        marks: set[Segment] = set()
        for row, column in self.cells():
            card = self.front(row, column)
            left_len = outer_x if column == 0 else inner_x
            right_len = outer_x if column == self.columns - 1 else inner_x
            down_len = outer_y if row == self.rows - 1 else inner_y
            up_len = outer_y if row == 0 else inner_y
            for y in (card.y, card.top):
                if left_len > 0:
                    marks.add(_segment(card.x - MARK_GAP - left_len, y, card.x - MARK_GAP, y))
                if right_len > 0:
                    marks.add(_segment(card.right + MARK_GAP, y,
                                       card.right + MARK_GAP + right_len, y))
            for x in (card.x, card.right):
                if down_len > 0:
                    marks.add(_segment(x, card.y - MARK_GAP - down_len, x, card.y - MARK_GAP))
                if up_len > 0:
                    marks.add(_segment(x, card.top + MARK_GAP, x, card.top + MARK_GAP + up_len))
        return sorted(marks)


def _segment(x0: float, y0: float, x1: float, y1: float) -> Segment:
    # Rounded so that a mark shared by two cards is one set element.
    return (round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3))


def draw_cut_marks(canvas: Canvas, marks: list[Segment], color: Color,
                   width: float = 0.3) -> None:
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(width)
    for x0, y0, x1, y1 in marks:
        canvas.line(x0, y0, x1, y1)
    canvas.restoreState()


def draw_outline(canvas: Canvas, rect: Rect, color: Color, radius: float = ID1_CORNER_RADIUS,
                 width: float = 0.25) -> None:
    """A hairline with the card's rounded corners: a guide for scissors, not for the cutter
    (the cut marks are the real guide)."""
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(width)
    canvas.roundRect(rect.x, rect.y, rect.width, rect.height, radius, stroke=1, fill=0)
    canvas.restoreState()
