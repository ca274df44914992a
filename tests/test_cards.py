"""handout.cards on its own: rectangles, the n-up card grid, duplex backs, cut marks and
the two drawers, with small sheets worked out by hand (the dose card's own tests check the
real sheets). Fast and exact: this is the test selection for mutation testing of cards.py
(docs/mutation.md)."""

from __future__ import annotations

import io

import pytest
from pdfread import draw, opened
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from handout import cards
from handout.cards import MARK_GAP, MARK_LENGTH, PAPER_EDGE, Rect, Sheet


def test_id1_is_the_iso_card_size() -> None:
    in_mm = [v / mm for v in (*cards.ID1, cards.ID1_CORNER_RADIUS)]
    assert in_mm == pytest.approx([85.6, 53.98, 3.18])
    in_mm = [v / mm for v in (MARK_GAP, MARK_LENGTH, PAPER_EDGE)]
    assert in_mm == pytest.approx([0.75, 5, 2])


# -- Rect ----------------------------------------------------------------------------------
def test_rect_edges_mirror_and_inset() -> None:
    r = Rect(10, 20, 30, 40)
    assert (r.right, r.top) == (40, 60)
    assert r.mirrored(100) == Rect(60, 20, 30, 40)
    assert r.inset(5) == Rect(15, 25, 20, 30)
    assert r.inset(-1) == Rect(9, 19, 32, 42)


@pytest.mark.parametrize(("x", "y", "tolerance", "inside"), [
    (10, 20, 0, True), (40, 60, 0, True), (25, 40, 0, True),  # corners and middle
    (9.5, 40, 0, False), (40.5, 40, 0, False), (25, 19.5, 0, False), (25, 60.5, 0, False),
    (9.5, 40, 0.5, True), (40.5, 40, 0.5, True), (25, 19.5, 0.5, True), (25, 60.5, 0.5, True),
    (9.4, 40, 0.5, False), (25, 60.6, 0.5, False),
])
def test_rect_contains_edges_inclusive_with_tolerance(x: float, y: float, tolerance: float,
                                                      inside: bool) -> None:
    assert Rect(10, 20, 30, 40).contains(x, y, tolerance) is inside


def test_rect_contains_has_no_tolerance_by_default() -> None:
    assert not Rect(10, 20, 30, 40).contains(9.99, 30)


# -- Sheet ---------------------------------------------------------------------------------
SMALL = Sheet((100, 100), (30, 20), columns=2, rows=4, column_gutter=5, row_gutter=2)


def test_grid_size_margins_and_count() -> None:
    assert SMALL.count == 8
    assert SMALL.grid_size == (65, 86)  # 2 x 30 + 5, 4 x 20 + 3 x 2
    assert SMALL.margins == (17.5, 7)


@pytest.mark.parametrize(("columns", "rows"), [(0, 1), (1, 0), (-1, 2)])
def test_a_sheet_needs_a_row_and_a_column(columns: int, rows: int) -> None:
    with pytest.raises(ValueError) as refused:
        Sheet((100, 100), (30, 20), columns, rows, 5, 2)
    assert str(refused.value) == "a card sheet needs at least one row and one column"


@pytest.mark.parametrize(("columns", "rows"), [(4, 1), (1, 5)])
def test_a_grid_larger_than_the_page_is_refused(columns: int, rows: int) -> None:
    with pytest.raises(ValueError) as refused:
        Sheet((100, 100), (30, 20), columns, rows, 5, 2)
    assert str(refused.value) == f"{columns} x {rows} cards do not fit on the page"


def test_a_grid_that_fills_the_page_exactly_is_allowed() -> None:
    assert Sheet((65, 86), (30, 20), 2, 4, 5, 2).margins == (0, 0)


def test_fit_takes_as_many_cards_as_the_margins_allow() -> None:
    grid = Sheet.fit((100, 100), (30, 20), column_gutter=5, row_gutter=2, min_margin=5)
    assert (grid.columns, grid.rows) == (2, 4)
    assert (grid.column_gutter, grid.row_gutter, grid.card) == (5, 2, (30, 20))
    # exactly room for 3 columns: 2 x 5 margin + 3 x 30 + 2 x 5 gutter = 110
    assert Sheet.fit((110, 100), (30, 20), 5, 2, 5).columns == 3
    assert Sheet.fit((109.9, 100), (30, 20), 5, 2, 5).columns == 2
    # rows: 2 x 5 + 4 x 20 + 3 x 2 = 96
    assert Sheet.fit((100, 96), (30, 20), 5, 2, 5).rows == 4
    assert Sheet.fit((100, 95.9), (30, 20), 5, 2, 5).rows == 3


def test_fit_survives_rounding_at_an_exact_fit() -> None:
    """mm values do not add up exactly in binary: an exact fit still counts."""
    card, gutter, margin = (85.6 * mm, 53.98 * mm), 3.1 * mm, 7.3 * mm
    width = 2 * margin + 2 * card[0] + gutter
    height = 2 * margin + 5 * card[1] + 4 * gutter
    grid = Sheet.fit((width, height), card, gutter, gutter, margin)
    assert (grid.columns, grid.rows) == (2, 5)


def test_front_positions_from_the_top_left() -> None:
    assert SMALL.front(0, 0) == Rect(17.5, 73, 30, 20)  # 100 - 7 - 20
    assert SMALL.front(0, 1) == Rect(52.5, 73, 30, 20)  # 17.5 + 30 + 5
    assert SMALL.front(1, 0) == Rect(17.5, 51, 30, 20)  # 73 - 20 - 2
    assert SMALL.front(3, 1) == Rect(52.5, 7, 30, 20)  # the bottom margin again


@pytest.mark.parametrize(("row", "column"), [(4, 0), (0, 2), (-1, 0), (0, -1)])
def test_no_card_outside_the_grid(row: int, column: int) -> None:
    with pytest.raises(IndexError) as refused:
        SMALL.front(row, column)
    assert str(refused.value) == f"no card at row {row}, column {column}"


def test_backs_are_the_fronts_mirrored_for_a_long_edge_flip() -> None:
    assert SMALL.back(0, 0) == Rect(52.5, 73, 30, 20)
    assert SMALL.back(2, 1) == SMALL.front(2, 1).mirrored(100)
    lopsided = Sheet((120, 100), (30, 20), 2, 1, 5, 0)  # margins 27.5
    assert lopsided.back(0, 0) == Rect(62.5, 40, 30, 20)


def test_cells_fronts_and_backs_in_reading_order() -> None:
    assert SMALL.cells() == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1)]
    assert SMALL.fronts() == [SMALL.front(r, c) for r, c in SMALL.cells()]
    assert SMALL.backs() == [SMALL.back(r, c) for r, c in SMALL.cells()]


# -- cut marks -------------------------------------------------------------------------------
def rounded(marks: list[tuple[float, float, float, float]]) -> list[tuple[float, ...]]:
    return sorted(tuple(round(v, 3) for v in mark) for mark in marks)


def test_cut_marks_of_one_card_extend_each_edge_outward() -> None:
    grid = Sheet((100, 100), (30, 20), 1, 1, 0, 0)  # card at x 35..65, y 40..60
    g, length = MARK_GAP, MARK_LENGTH
    expected = [
        *((35 - g - length, y, 35 - g, y) for y in (40, 60)),  # left
        *((65 + g, y, 65 + g + length, y) for y in (40, 60)),  # right
        *((x, 40 - g - length, x, 40 - g) for x in (35, 65)),  # down
        *((x, 60 + g, x, 60 + g + length) for x in (35, 65)),  # up
    ]
    assert grid.cut_marks() == rounded(expected)


def test_cut_marks_shorten_in_narrow_margins_and_gutters_and_are_shared() -> None:
    """Two cards side by side: outer marks stop PAPER_EDGE from the paper's edge, a gutter
    mark fills the gutter less a gap at each card and is drawn once for both cards."""
    grid = Sheet((100, 60), (30, 20), 2, 1, column_gutter=10, row_gutter=0)
    g, e = MARK_GAP, PAPER_EDGE  # cards at x 15..45 and 55..85, y 20..40
    expected = [
        *((e, y, 15 - g, y) for y in (20, 40)),
        *((45 + g, y, 55 - g, y) for y in (20, 40)),
        *((85 + g, y, 100 - e, y) for y in (20, 40)),
        *((x, e, x, 20 - g) for x in (15, 45, 55, 85)),
        *((x, 40 + g, x, 60 - e) for x in (15, 45, 55, 85)),
    ]
    assert grid.cut_marks() == rounded(expected)


def test_no_cut_marks_where_there_is_no_room() -> None:
    """Gutters of exactly two gaps get no mark, nor do margins narrower than a gap plus
    the paper edge."""
    g, e = MARK_GAP, PAPER_EDGE
    tight = Sheet((2 * (g + e) - 0.02 + 60 + 2 * g, 2 * (g + e) - 0.02 + 40 + 2 * g),
                  (30, 20), 2, 2, 2 * g, 2 * g)
    assert tight.cut_marks() == []


def test_half_a_point_of_room_still_gets_a_mark() -> None:
    g, e = MARK_GAP, PAPER_EDGE
    roomy = Sheet((2 * (g + e + 0.5) + 30, 2 * (g + e + 0.5) + 20), (30, 20), 1, 1, 0, 0)
    lengths = [round(x1 - x0 + y1 - y0, 3) for x0, y0, x1, y1 in roomy.cut_marks()]
    assert lengths == [0.5] * 8


def test_cut_marks_between_rows_fill_the_row_gutter() -> None:
    grid = Sheet((100, 100), (30, 20), 1, 2, column_gutter=0, row_gutter=8)
    g = MARK_GAP  # cards at y 54..74 and 26..46, x 35..65
    inner = [m for m in grid.cut_marks() if m[0] == m[2] and 46 < m[1] < 54]
    assert inner == rounded([(x, 46 + g, x, 54 - g) for x in (35, 65)])
    outer = [m for m in grid.cut_marks() if m[0] == m[2] and m not in inner]
    assert outer == rounded([(x, 26 - g - MARK_LENGTH, x, 26 - g) for x in (35, 65)]
                            + [(x, 74 + g, x, 74 + g + MARK_LENGTH) for x in (35, 65)])


def test_cut_marks_are_rounded_so_shared_marks_are_drawn_once() -> None:
    """With mm sizes the two cards' views of one gutter mark differ in the last bits."""
    grid = Sheet((210 * mm, 297 * mm), cards.ID1, 2, 5, 3.3 * mm, 2.9 * mm)
    marks = grid.cut_marks()
    assert marks == sorted(set(marks))
    assert all(v == round(v, 3) for mark in marks for v in mark)
    columns, rows = grid.columns, grid.rows
    # each horizontal cut line: one mark per card edge, shared in the gutters
    assert len([m for m in marks if m[1] == m[3]]) == 2 * rows * (columns + 1)
    assert len([m for m in marks if m[0] == m[2]]) == 2 * columns * (rows + 1)


# -- the drawers ----------------------------------------------------------------------------
def drawn(paint: object) -> list:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    paint(canvas)  # type: ignore[operator]
    canvas.setStrokeColor(CMYKColor(0, 0, 0, 0.5))  # after restoreState: no leak
    canvas.line(0, 0, 1, 1)
    canvas.showPage()
    canvas.save()
    shapes, _ = draw(opened(buffer.getvalue()).pages[0])
    *ours, probe = shapes
    assert probe.stroke == (0, 0, 0, 0.5) and probe.line_width == 1
    return ours


def test_draw_cut_marks_strokes_each_mark_in_its_colour() -> None:
    marks = [(1.0, 2.0, 11.0, 2.0), (5.0, 3.0, 5.0, 13.0)]
    colour = CMYKColor(1, 1, 1, 1)
    shapes = drawn(lambda c: cards.draw_cut_marks(c, marks, colour))
    assert [s.segments() for s in shapes] == [[((1, 2), (11, 2))], [((5, 3), (5, 13))]]
    assert all(s.op == "S" and s.stroke == (1, 1, 1, 1) for s in shapes)
    assert [s.line_width for s in shapes] == [0.3, 0.3]
    heavy = drawn(lambda c: cards.draw_cut_marks(c, marks, colour, width=0.5))
    assert [s.line_width for s in heavy] == [0.5, 0.5]


def test_draw_outline_is_a_rounded_hairline_around_the_card() -> None:
    rect = Rect(10, 20, 60, 40)
    (shape,) = drawn(lambda c: cards.draw_outline(c, rect, CMYKColor(0, 0, 0, 0.3)))
    assert shape.op == "S" and shape.line_width == 0.25
    assert shape.stroke == pytest.approx((0, 0, 0, 0.3))
    assert shape.bbox == pytest.approx((10, 20, 70, 60))
    points = [p for path in shape.subpaths for p in path]
    r = cards.ID1_CORNER_RADIUS
    assert (10, 20) not in points, "the corners are rounded"
    assert any(p == pytest.approx((10 + r, 20)) for p in points)
    (small,) = drawn(lambda c: cards.draw_outline(c, rect, CMYKColor(0, 0, 0, 1), radius=2,
                                                  width=1))
    assert small.line_width == 1
    assert any(p == pytest.approx((12, 20)) for path in small.subpaths for p in path)
