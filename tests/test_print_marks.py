"""Print finishing by its geometry, on every layout and paper: crop marks on the trim lines
and outside the bleed, fold marks on the folds, and art that reaches a trim edge running on
into the bleed. The drawn paths are read from the content streams (`pdfread`) and compared
with each page's TrimBox and BleedBox, so a mark that is missing, moved or drawn into the
bleed fails here, not only a mark that changes the file size.
"""

from __future__ import annotations

import pytest
from conftest import CASES, finished, pdf_bytes
from pdfread import Shape, opened, pages

from handout import panels
from handout.layout import PrintOptions
from layouts import trifold

Box = tuple[float, float, float, float]
EPS = 0.01  # points: ReportLab writes coordinates to a few decimals
MIN_MARK = 10.0  # points: a crop mark shorter than this is hard to cut to
# The usual print build (the accessibility tests validate the same one); marks without
# bleed and bleed without marks are checked on one layout with bleed art and one without.
VARIANTS = {"bleed+marks": PrintOptions(bleed=True, crop_marks=True),
            "marks": PrintOptions(crop_marks=True),
            "cmyk": PrintOptions(bleed=True, crop_marks=True, cmyk=True),
            "bleed": PrintOptions(bleed=True)}
VARIANT_CASES = [("standard", "a4", "marks"), ("trifold", "letter", "marks"),
                 ("booklet", "a4", "cmyk"), ("standard", "letter", "bleed"),
                 ("trifold", "a4", "bleed")]


def build(layout: str, paper: str, variant: str) -> bytes:
    return finished(layout, paper, VARIANTS[variant])


def boxes(pdf: bytes) -> list[tuple[Box, Box, Box]]:
    """(MediaBox, TrimBox, BleedBox) of every page, as read from the file."""
    def box(page: object, key: str) -> Box:
        return tuple(float(v) for v in page[key])  # type: ignore[index]

    return [(box(p, "/MediaBox"), box(p, "/TrimBox"), box(p, "/BleedBox"))
            for p in opened(pdf).pages]


def outside(box: Box, shape: Shape) -> bool:
    """True when the shape lies wholly outside the box (it may touch its edge)."""
    x0, y0, x1, y1 = shape.bbox
    return x1 <= box[0] + EPS or x0 >= box[2] - EPS or y1 <= box[1] + EPS or y0 >= box[3] - EPS


def inside(box: Box, shape: Shape) -> bool:
    x0, y0, x1, y1 = shape.bbox
    return (x0 >= box[0] - EPS and y0 >= box[1] - EPS and x1 <= box[2] + EPS
            and y1 <= box[3] + EPS)


def marks(pdf: bytes, page: int) -> list[Shape]:
    """Stroked artifacts drawn wholly outside the BleedBox: where marks belong."""
    _, _, bleed = boxes(pdf)[page]
    return [s for s in pages(pdf)[page][0]
            if s.stroked and s.mcid is None and outside(bleed, s)]


def crop_mark_ends(trim: Box, bleed: Box, shape: Shape) -> tuple[str, str]:
    """Which trim corner a straight crop mark belongs to and which way it points, e.g.
    ("left-bottom", "horizontal"); fails if the mark is not on a trim line."""
    assert len(shape.segments()) == 1, f"a crop mark is one straight line, got {shape}"
    (ax, ay), (bx, by) = shape.segments()[0]
    if ay == pytest.approx(by, abs=EPS):  # horizontal: on a trim line, left or right of it
        assert ay == pytest.approx(trim[1], abs=EPS) or ay == pytest.approx(trim[3], abs=EPS), (
            f"horizontal mark at y={ay:.2f} is not on the trim line y={trim[1]:.2f} or "
            f"{trim[3]:.2f}")
        side = "left" if max(ax, bx) <= bleed[0] + EPS else "right"
        assert side == "left" or min(ax, bx) >= bleed[2] - EPS
        level = "bottom" if ay == pytest.approx(trim[1], abs=EPS) else "top"
        return f"{side}-{level}", "horizontal"
    assert ax == pytest.approx(bx, abs=EPS), f"a crop mark is not axis-aligned: {shape}"
    assert ax == pytest.approx(trim[0], abs=EPS) or ax == pytest.approx(trim[2], abs=EPS), (
        f"vertical mark at x={ax:.2f} is not on the trim line x={trim[0]:.2f} or {trim[2]:.2f}")
    level = "bottom" if max(ay, by) <= bleed[1] + EPS else "top"
    assert level == "bottom" or min(ay, by) >= bleed[3] - EPS
    side = "left" if ax == pytest.approx(trim[0], abs=EPS) else "right"
    return f"{side}-{level}", "vertical"


@pytest.mark.parametrize(("layout", "paper", "variant"), [
    *((layout, paper, "bleed+marks") for layout, paper in CASES),
    *(case for case in VARIANT_CASES if case[2] in ("marks", "cmyk"))])
def test_crop_marks_sit_on_the_trim_lines_outside_the_bleed(layout: str, paper: str,
                                                            variant: str) -> None:
    pdf = build(layout, paper, variant)
    # registration colour: all four inks in CMYK, so the marks print on every plate
    black = (1, 1, 1, 1) if VARIANTS[variant].cmyk else (0, 0, 0)
    for page, (media, trim, bleed) in enumerate(boxes(pdf)):
        solid = [s for s in marks(pdf, page) if not s.dash]
        ends = sorted(crop_mark_ends(trim, bleed, s) for s in solid)
        corners = [f"{x}-{y}" for x in ("left", "right") for y in ("bottom", "top")]
        assert ends == sorted((c, d) for c in corners for d in ("horizontal", "vertical")), (
            f"page {page + 1}: expected one horizontal and one vertical mark at each trim "
            f"corner, found {ends}")
        for shape in solid:
            assert inside(media, shape), "a crop mark runs off the sheet"
            (ax, ay), (bx, by) = shape.segments()[0]
            assert abs(bx - ax) + abs(by - ay) >= MIN_MARK
            assert shape.stroke == pytest.approx(black, abs=1e-3), "not in registration colour"


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_nothing_but_marks_outside_the_bleed(layout: str, paper: str) -> None:
    """The crop-mark margin holds marks only: no text and no art runs past the bleed."""
    pdf = build(layout, paper, "bleed+marks")
    for page, ((shapes, runs), (_, _, bleed)) in enumerate(zip(pages(pdf), boxes(pdf),
                                                               strict=True)):
        allowed = set(map(id, marks(pdf, page)))
        stray = [s for s in shapes if id(s) not in allowed and not inside(bleed, s)]
        assert stray == [], f"page {page + 1}: drawn past the bleed: {stray[:2]}"
        for run in runs:
            assert bleed[0] < run.x < bleed[2] and bleed[1] < run.y < bleed[3], run


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_no_marks_without_crop_marks(layout: str, paper: str) -> None:
    """Nothing is drawn past the trim of a build without print options: no mark, no art
    (it would not show, the sheet being the trim, but it is in the file all the same)."""
    pdf = pdf_bytes(layout, paper)
    for page, (_, trim, _) in enumerate(boxes(pdf)):
        drawn = [s.bbox for s in pages(pdf)[page][0] if not inside(trim, s)]
        assert drawn == [], f"page {page + 1}: drawn past the trim: {drawn[:2]}"


@pytest.mark.parametrize(("layout", "paper", "variant"), [
    *((layout, paper, "bleed+marks") for layout, paper in CASES),
    *(case for case in VARIANT_CASES if case[2] == "bleed")])
def test_art_that_reaches_a_trim_edge_runs_into_the_bleed(layout: str, paper: str,
                                                          variant: str) -> None:
    """A fill that stops at the trim line leaves a white sliver when the cut is a little
    off: art touching a trim edge must go on to the bleed edge."""
    pdf = build(layout, paper, variant)
    for page, (_, trim, bleed) in enumerate(boxes(pdf)):
        for shape in pages(pdf)[page][0]:
            if not shape.filled:
                continue
            x0, y0, x1, y1 = shape.bbox
            for edge, reaches, runs_on in (
                    ("left", x0 <= trim[0] + EPS, x0 <= bleed[0] + EPS),
                    ("bottom", y0 <= trim[1] + EPS, y0 <= bleed[1] + EPS),
                    ("right", x1 >= trim[2] - EPS, x1 >= bleed[2] - EPS),
                    ("top", y1 >= trim[3] - EPS, y1 >= bleed[3] - EPS)):
                assert runs_on or not reaches, (
                    f"page {page + 1}: a fill stops at the {edge} trim edge instead of "
                    f"running into the bleed: {shape.bbox}")


# -- the tri-fold: fold marks and the cover band ----------------------------------------------
@pytest.mark.parametrize("paper", trifold.LAYOUT.papers)
def test_trifold_fold_marks_are_dashed_on_each_fold_above_and_below(paper: str) -> None:
    pdf = build("trifold", paper, "bleed+marks")
    for page, (side, (_, trim, bleed)) in enumerate(zip(trifold.geometry(paper), boxes(pdf),
                                                        strict=True)):
        dashed = [s for s in marks(pdf, page) if s.dash]
        found = []
        for shape in dashed:
            [((ax, ay), (bx, by))] = shape.segments()
            assert ax == pytest.approx(bx, abs=EPS), "a fold mark is vertical"
            assert shape.stroke == pytest.approx((0, 0, 0), abs=1e-3), "registration colour"
            below = max(ay, by) <= bleed[1] + EPS
            assert below or min(ay, by) >= bleed[3] - EPS
            found.append((round(ax - trim[0], 2), "below" if below else "above"))
        folds = panels.folds(side)
        assert len(folds) == 2
        assert sorted(found) == sorted((round(x, 2), where) for x in folds
                                       for where in ("below", "above")), f"page {page + 1}"


@pytest.mark.parametrize(("paper", "variant"), [("a4", "bleed+marks"), ("letter", "bleed+marks"),
                                               ("a4", "bleed")])
def test_trifold_cover_band_runs_from_the_fold_into_the_bleed(paper: str, variant: str) -> None:
    pdf = build("trifold", paper, variant)
    _, trim, bleed = boxes(pdf)[0]
    front = trifold.geometry(paper)[0][2]
    accent = trifold.LAYOUT.theme().palette.accent.rgb()
    bands = [s for s in pages(pdf)[0][0] if s.filled and s.bbox[2] - s.bbox[0] > 100
             and s.fill == pytest.approx(accent, abs=1e-3)]
    assert len(bands) == 1, f"one cover band expected, found {len(bands)}"
    x0, y0, x1, y1 = bands[0].bbox
    assert x0 == pytest.approx(trim[0] + front.x0, abs=EPS), "the band starts at the fold"
    assert x1 == pytest.approx(bleed[2], abs=EPS), "the band runs to the bleed edge"
    assert y1 == pytest.approx(bleed[3], abs=EPS), "the band runs into the top bleed"
    assert trim[1] < y0 < trim[3], "the band's foot is on the page"
