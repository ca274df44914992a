"""What handout.impose draws on each sheet side, on a bare canvas: crop and fold marks and
the slug line by their geometry against the trim and the bleed, the slug's words, room and
colour, and the helpers that shorten and name. Part of the mutation selection of impose.py
with tests/test_impose_unit.py, whose probe leaflet and contexts it shares."""

from __future__ import annotations

import io
from dataclasses import replace

import pikepdf
import pytest
from pdfread import draw, opened
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from test_impose_unit import BOTH, HALF_LETTER, META, context, floats

from handout import fonts, impose
from handout.layout import Context, PrintOptions
from handout.model import Meta
from handout.theme import Theme


# -- marks and slug --------------------------------------------------------------------------
def marks_pdf(ctx: Context, meta: Meta = META, sides: int = 4) -> pikepdf.Pdf:
    return opened(impose._marks_and_slugs(impose.sheet_for(ctx), ctx, meta, sides))


def expected_marks(x0: float, y0: float, x1: float, y1: float, bleed: float,
                   media: tuple[float, float]) -> dict[tuple, str]:
    """Every mark segment, (start, end) rounded, -> "crop" or "fold". Each starts 3 pt past
    the bleed and runs 14 pt, or to 1 pt before the sheet's edge when that is nearer."""
    start = bleed + 3
    out_x, out_y = min(start + 14, x0 - 1), min(start + 14, y0 - 1)
    assert (media[0] - x1, media[1] - y1) == pytest.approx((x0, y0))  # centred
    spine = (x0 + x1) / 2
    marks = {}
    for x in (x0, spine, x1):
        kind = "fold" if x == spine else "crop"
        marks[((x, y0 - start), (x, y0 - out_y))] = kind
        marks[((x, y1 + start), (x, y1 + out_y))] = kind
    for y in (y0, y1):
        marks[((x0 - start, y), (x0 - out_x, y))] = "crop"
        marks[((x1 + start, y), (x1 + out_x, y))] = "crop"
    return {tuple((round(a, 2), round(b, 2)) for a, b in k): v for k, v in marks.items()}


@pytest.mark.parametrize(("paper", "cmyk"), [("a4", False), ("letter", True)])
def test_crop_and_fold_marks_stand_on_the_trim_lines_outside_the_bleed(paper: str,
                                                                      cmyk: bool) -> None:
    ctx = context(paper, replace(BOTH, cmyk=cmyk))
    sheet = impose.sheet_for(ctx)
    media = sheet.size
    # On SRA4 the spread is 7.5 mm from the foot: the vertical marks stop 1 pt short of the
    # edge (`y0 - 1`), shorter than 14 pt; elsewhere they run the full 14 pt.
    want = expected_marks(*sheet.trim, ctx.bleed, media)
    colour = ctx.theme.palette.registration
    registration = (colour.cyan, colour.magenta, colour.yellow, colour.black) if cmyk \
        else colour.rgb()
    doc = marks_pdf(ctx)
    assert len(doc.pages) == 4
    for page in doc.pages:
        shapes, _ = draw(page)
        got = {}
        for shape in shapes:
            assert shape.op == "S" and shape.line_width == 0.25
            assert shape.stroke == pytest.approx(registration)
            [segment] = shape.segments()
            key = tuple((round(a, 2), round(b, 2)) for a, b in segment)
            got[key] = "fold" if shape.dash == (3, 2) else "crop" if shape.dash == () else "?"
        assert got == want


def test_marks_stay_on_a_tight_sheet() -> None:
    """A trim 10 pt from the left edge and 40 pt from the foot: the horizontal marks end
    1 pt before the edge, the vertical ones run their 14 pt."""
    sheet = impose.Sheet("probe", (220, 180), (10, 40, 210, 140), 2.0, True)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet.size)
    impose._crop_and_fold_marks(canvas, sheet, Theme().palette.registration)
    canvas.showPage()
    canvas.save()
    shapes, _ = draw(opened(buffer.getvalue()).pages[0])
    segments = {tuple(s.segments()[0]) for s in shapes}
    assert ((5, 40), (1, 40)) in segments and ((215, 140), (219, 140)) in segments
    assert ((10, 35), (10, 21)) in segments and ((110, 145), (110, 159)) in segments


def test_no_marks_without_crop_marks() -> None:
    for options in (PrintOptions(), PrintOptions(bleed=True)):
        for page in marks_pdf(context("a4", options)).pages:
            assert draw(page)[0] == []


@pytest.mark.parametrize(("paper", "options", "inset", "baseline", "size"), [
    ("a4", BOTH, 6, 7.5 * mm - 3 * mm - 3 - 6, "148 x 210 mm"),  # below the bleed
    ("letter", BOTH, 6, 1.25 * inch - inch / 8 - 3 - 6, "5.5 x 8.5 in"),
    ("a4", PrintOptions(), 10 * mm, 210 * mm - 6 * mm, "148 x 210 mm"),  # in the top margin
    ("letter", PrintOptions(), 10 * mm, 8.5 * inch - 6 * mm, "5.5 x 8.5 in"),
])
def test_every_side_has_its_slug_line(paper: str, options: PrintOptions, inset: float,
                                      baseline: float, size: str) -> None:
    ctx = context(paper, options)
    sheet = impose.sheet_for(ctx)
    x0, _, x1, _ = sheet.trim
    palette = ctx.theme.palette
    colour = (palette.ink if sheet.press else palette.muted).rgb()
    sides = ["sheet 1 of 2 · front", "sheet 1 of 2 · back", "sheet 2 of 2 · front",
             "sheet 2 of 2 · back"]
    for page, side in zip(marks_pdf(ctx).pages, sides, strict=True):
        _, runs = draw(page)
        left, right = [run for run in runs if run.text]
        assert left.text == "Probe leaflet · version 2.3"
        assert right.text == f"{side} · {sheet.name} · pages {size}"
        assert (left.x, left.y) == pytest.approx((x0 + inset, baseline))
        width = stringWidth(right.text, fonts.REGULAR, impose.SLUG_SIZE)
        assert (right.x + width, right.y) == pytest.approx((x1 - inset, baseline))
        fills = [floats(operands) for operands, op in pikepdf.parse_content_stream(page)
                 if str(op) == "rg"]
        assert fills == [pytest.approx(colour, abs=1e-6)]
        sizes = {float(operands[1]) for operands, op in pikepdf.parse_content_stream(page)
                 if str(op) == "Tf"}
        assert sizes == {impose.SLUG_SIZE}


def test_a_long_title_is_cut_to_stay_on_its_half() -> None:
    ctx = context("a4", BOTH)
    sheet = impose.sheet_for(ctx)
    room = sheet.spine - sheet.trim[0] - 2 * impose.SLUG_INSET
    title = " ".join(["i"] * 200)  # narrow words: the cut falls within a few points
    _, runs = draw(marks_pdf(ctx, replace(META, title=title)).pages[0])
    left = next(run for run in runs if run.text.endswith("…"))
    shown = left.text.removesuffix("…").split()
    assert len(shown) < 200
    assert stringWidth(left.text, fonts.REGULAR, impose.SLUG_SIZE) <= room
    one_more = " ".join(title.split()[:len(shown) + 1]) + "…"
    assert stringWidth(one_more, fonts.REGULAR, impose.SLUG_SIZE) > room


def test_the_marks_file_is_invariant() -> None:
    """Its bytes seed the PDF/X document ID: ReportLab's invariant mode, no clock."""
    pdf = impose._marks_and_slugs(impose.sheet_for(context()), context(), META, 2)
    info = opened(pdf).trailer.Info
    assert str(info.CreationDate).startswith("D:20000101000000")


# -- fitting and naming ----------------------------------------------------------------------
def width(text: str) -> float:
    return stringWidth(text, fonts.REGULAR, impose.SLUG_SIZE)


def test_fit_keeps_text_that_fits_even_exactly() -> None:
    text = "Probe leaflet · version 2.3"
    assert impose._fit(text, 500) == text
    assert impose._fit(text, width(text)) == text


def test_fit_drops_words_and_trailing_punctuation() -> None:
    text = "Alpha beta · gamma delta"
    assert impose._fit(text, width("Alpha beta · gamma…")) == "Alpha beta · gamma…"
    # the separator and the space before it go with the word after them
    assert impose._fit(text, width("Alpha beta · gamma…") - 0.01) == "Alpha beta…"
    assert impose._fit("One, two; three", width("One, two…")) == "One, two…"
    assert impose._fit("One, two; three", width("One, two…") - 0.01) == "One…"
    assert impose._fit("A BOX Cxxxxxxxx", width("A BOX…")) == "A BOX…"  # only punctuation goes


def test_fit_keeps_at_least_one_word() -> None:
    assert impose._fit("Unbreakable", 1) == "Unbreakable"
    assert impose._fit("Two words", 1) == "Two…"


@pytest.mark.parametrize(("size", "paper", "said"), [
    (A5, "a4", "148 x 210 mm"), (HALF_LETTER, "letter", "5.5 x 8.5 in"),
    ((100 * mm, 99.6 * mm), "a4", "100 x 100 mm"), ((6 * inch, 9 * inch), "letter", "6 x 9 in"),
])
def test_page_size_as_a_printer_says_it(size: tuple, paper: str, said: str) -> None:
    assert impose._size(size, paper) == said
