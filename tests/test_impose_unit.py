"""handout.impose on its own: saddle order, the choice of sheet, and where each page lands,
with a small reader PDF made here (numbered pages on a bare ReportLab canvas) imposed and
read back. Fast and exact: with tests/test_impose_marks.py (marks and slug), the test
selection for mutation testing of impose.py (docs/mutation.md). tests/test_impose.py checks
the real booklet's sheets.

Expected positions are worked out by hand from the paper sizes: an A5 page is 148 x 210 mm,
so its spread sits 12 mm from the side and 7.5 mm from the foot of SRA4 (320 x 225 mm), and
a half-letter spread 3 in and 1.25 in into tabloid (17 x 11 in)."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from dataclasses import replace
from hashlib import sha256

import pikepdf
import pytest
from pdfread import opened
from reportlab.lib.pagesizes import A4, A5, LETTER, landscape
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from handout import impose
from handout.errors import LayoutError, Location
from handout.layout import Context, PrintOptions
from handout.model import Meta
from handout.theme import Theme

HALF_LETTER = (5.5 * inch, 8.5 * inch)
PAGE = {"a4": A5, "letter": HALF_LETTER}
BOTH = PrintOptions(bleed=True, crop_marks=True)
META = Meta(id="probe", title="Probe leaflet", subtitle="", language="en-GB", audience="",
            summary="", disclaimer="", version="2.3", published=dt.date(2026, 1, 1),
            next_review=dt.date(2027, 1, 1), authors=(), reviewers=(), contact="",
            loc=Location("probe.yaml", 1, 1))
Box = tuple[float, float, float, float]


def context(paper: str = "a4", options: PrintOptions = BOTH,
            page: tuple[float, float] | None = None) -> Context:
    theme = Theme()
    if options.cmyk:
        theme = replace(theme, palette=theme.palette.cmyk())
    return Context("booklet", paper, page or PAGE[paper], theme, options)


def reader_pdf(ctx: Context, pages: int = 8, title: str = "Probe leaflet") -> bytes:
    """A reader-order PDF as render makes one for `ctx` (media with room for bleed and
    marks, TrimBox, BleedBox): each page says its number."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=ctx.media_size, invariant=1, trimBox=ctx.trim_box,
                    bleedBox=ctx.bleed_box)
    canvas.setTitle(title)
    canvas.setAuthor("Probe author")
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(ctx.offset + 10, ctx.offset + 10, f"page {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def imposed(ctx: Context, meta: Meta = META, pages: int = 8) -> pikepdf.Pdf:
    return opened(impose.impose_saddle(reader_pdf(ctx, pages), ctx, meta))  # kept open


def floats(values: object) -> list[float]:
    return [float(v) for v in values]


# -- saddle order ----------------------------------------------------------------------------
@pytest.mark.parametrize(("pages", "sides"), [
    (4, [(4, 1), (2, 3)]),
    (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
    (12, [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]),
])
def test_saddle_order_pairs_the_outer_pages_first(pages: int, sides: list) -> None:
    assert impose.saddle_order(pages) == sides


@pytest.mark.parametrize("pages", [0, -4, 2, 6, 10])
def test_saddle_order_needs_a_positive_multiple_of_four(pages: int) -> None:
    with pytest.raises(ValueError) as refused:
        impose.saddle_order(pages)
    assert str(refused.value) == ("a saddle-stitched booklet needs a multiple of 4 pages, "
                                  f"not {pages}")


# -- the sheet -------------------------------------------------------------------------------
@pytest.mark.parametrize(("paper", "name", "size", "corner"), [
    ("a4", "A4", landscape(A4), (0.5 * mm, 0)),  # A4 is 1 mm wider than two A5 pages
    ("letter", "US Letter", landscape(LETTER), (0, 0)),  # two half-letter pages fill it
])
def test_without_bleed_or_marks_the_sheet_is_the_named_paper(paper: str, name: str,
                                                              size: tuple, corner: tuple) -> None:
    sheet = impose.sheet_for(context(paper, PrintOptions(cmyk=True)))
    width, height = PAGE[paper]
    assert (sheet.name, sheet.size, sheet.bleed, sheet.press) == (name, size, 0.0, False)
    assert sheet.trim == pytest.approx((*corner, corner[0] + 2 * width, corner[1] + height))


@pytest.mark.parametrize(("paper", "options", "name", "size", "corner", "bleed"), [
    ("a4", BOTH, "SRA4 320 x 225 mm", (320 * mm, 225 * mm), (12 * mm, 7.5 * mm), 3 * mm),
    ("a4", PrintOptions(bleed=True), "SRA4 320 x 225 mm", (320 * mm, 225 * mm),
     (12 * mm, 7.5 * mm), 3 * mm),
    ("a4", PrintOptions(crop_marks=True), "SRA4 320 x 225 mm", (320 * mm, 225 * mm),
     (12 * mm, 7.5 * mm), 0.0),
    ("letter", BOTH, "Tabloid 17 x 11 in", (17 * inch, 11 * inch), (3 * inch, 1.25 * inch),
     inch / 8),
])
def test_with_bleed_or_marks_the_sheet_is_the_press_sheet(
        paper: str, options: PrintOptions, name: str, size: tuple, corner: tuple,
        bleed: float) -> None:
    sheet = impose.sheet_for(context(paper, options))
    width, height = PAGE[paper]
    assert (sheet.name, sheet.size, sheet.press) == (name, size, True)
    assert sheet.bleed == pytest.approx(bleed)
    assert sheet.trim == pytest.approx((*corner, corner[0] + 2 * width, corner[1] + height))


# Bleed and marks on A4 work need the spread plus 2 x (3 mm + ROOM) on each axis.
MARGIN = 3 * mm + impose.ROOM


@pytest.mark.parametrize(("page", "name"), [
    ((160 * mm - MARGIN, 225 * mm - 2 * MARGIN), "SRA4"),  # exactly fills SRA4
    ((160 * mm - MARGIN + 0.004, 225 * mm - 2 * MARGIN + 0.009), "SRA4"),  # within 0.01 pt
    ((160 * mm - MARGIN + 0.02, 210 * mm), "SRA3"),  # 0.04 pt too wide
    ((148 * mm, 225 * mm - 2 * MARGIN + 0.02), "SRA3"),  # 0.02 pt too tall
    ((160 * mm - MARGIN + 0.3, 210 * mm), "SRA3"),
    ((148 * mm, 225 * mm - 2 * MARGIN + 0.6), "SRA3"),
])
def test_the_press_sheet_leaves_room_for_bleed_and_marks(page: tuple, name: str) -> None:
    assert impose.sheet_for(context("a4", BOTH, page)).name.startswith(name)


def test_a_spread_that_fits_to_the_last_hundredth_of_a_point_is_taken(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The 0.01 pt slack is inclusive: a spread whose width with its margins is exactly the
    sheet's width plus 0.01 fits (a sheet with round numbers, so the sum is exact)."""
    monkeypatch.setitem(impose.PRESS, "a4", (("Probe 1000 x 700", (1000.0, 700.0)),))
    margin = 3 * mm + impose.ROOM
    width = (1000.01 - 2 * margin) / 2
    assert 2 * width + 2 * margin == 1000.0 + 0.01  # the tie this test is about
    assert impose.sheet_for(context("a4", BOTH, (width, 500))).name == "Probe 1000 x 700"
    height = 700.01 - 2 * margin
    assert height + 2 * margin == 700.0 + 0.01
    assert impose.sheet_for(context("a4", BOTH, (400, height))).name == "Probe 1000 x 700"


def test_a_spread_too_big_for_every_press_sheet_is_refused() -> None:
    with pytest.raises(LayoutError) as refused:
        impose.sheet_for(context("a4", BOTH, (700, 900)))
    [problem] = refused.value.problems
    assert problem.message == ("layout 'booklet' on a4: a 1400 x 900 pt spread with bleed "
                               "and marks does not fit on SRA4 320 x 225 mm or "
                               "SRA3 450 x 320 mm")
    assert problem.hint == ("this is a bug in the layout or in handout; please report it "
                            "with the content file")
    assert problem.loc is None


def test_a_spread_too_big_for_the_named_paper_is_refused() -> None:
    with pytest.raises(LayoutError) as refused:
        impose.sheet_for(context("letter", PrintOptions(), (400.4, 600)))
    [problem] = refused.value.problems
    assert problem.message == ("layout 'booklet' on letter: a 801 x 600 pt spread does not "
                               "fit on US Letter")


def test_clip_keeps_the_bleed_everywhere_but_the_spine() -> None:
    sheet = impose.Sheet("probe", (100, 80), (10, 20, 90, 60), 2.0, True)
    assert sheet.clip(0) == (8, 18, 50, 62)
    assert sheet.clip(1) == (50, 18, 92, 62)


# -- placing the pages -----------------------------------------------------------------------
def placements(page: pikepdf.Page) -> list[tuple[Box, tuple[float, ...], str]]:
    """What the sheet's content draws of the reader pages: (clip rectangle, matrix, form
    name) of each `q x y w h re W n a b c d e f cm /Name Do Q` group, in drawing order."""
    found, rect, matrix = [], None, None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "re":
            x, y, w, h = floats(operands)
            rect = (x, y, x + w, y + h)
        elif op == "cm":
            matrix = tuple(floats(operands))
        elif op == "Do":
            found.append((rect, matrix, str(operands[0])))
    return found


def printed_number(form: pikepdf.Stream) -> int:
    return int(re.search(rb"\(page (\d+)\) Tj", form.read_bytes()).group(1))


@pytest.mark.parametrize(("paper", "options", "left", "foot"), [
    ("a4", BOTH, 12 * mm, 7.5 * mm),
    ("letter", BOTH, 3 * inch, 1.25 * inch),
    ("a4", PrintOptions(), 0.5 * mm, 0.0),
    ("letter", PrintOptions(crop_marks=True), 3 * inch, 1.25 * inch),
])
def test_each_page_lands_on_its_half_in_saddle_order(paper: str, options: PrintOptions,
                                                     left: float, foot: float) -> None:
    ctx = context(paper, options)
    width, height = PAGE[paper]
    spine, bleed = left + width, ctx.bleed
    doc = imposed(ctx)
    assert len(doc.pages) == 4
    order = [(8, 1), (2, 7), (6, 3), (4, 5)]
    sheet = impose.sheet_for(ctx)
    for page, numbers in zip(doc.pages, order, strict=True):
        # the sheet, the spread's trim and its bleed
        assert floats(page.obj.MediaBox) == pytest.approx([0, 0, *sheet.size], abs=0.001)
        trim = [left, foot, spine + width, foot + height]
        assert floats(page.obj.TrimBox) == pytest.approx(trim, abs=0.001)
        assert floats(page.obj.BleedBox) == pytest.approx(
            [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed], abs=0.001)
        forms = page.Resources.XObject
        assert sorted(forms.keys()) == ["/LeftPage", "/RightPage"]
        placed = placements(page)
        assert [name for *_, name in placed] == ["/LeftPage", "/RightPage"]
        clips = [(left - bleed, foot - bleed, spine, foot + height + bleed),
                 (spine, foot - bleed, spine + width + bleed, foot + height + bleed)]
        for (clip, matrix, name), want_clip, corner, number in zip(
                placed, clips, (left, spine), numbers, strict=True):
            assert clip == pytest.approx(want_clip, abs=0.001)
            # the reader page's trim corner (offset, offset) lands on this half's corner
            assert matrix == pytest.approx((1, 0, 0, 1, corner - ctx.offset,
                                            foot - ctx.offset), abs=0.001)
            assert printed_number(forms[name]) == number
            # the whole bleed of the reader page is kept in the form, not cut at its trim
            assert floats(forms[name].BBox) == pytest.approx(ctx.bleed_box)


def test_pages_are_placed_under_the_marks_and_slug() -> None:
    """The placed pages come first in the content, each in its own saved graphics state, so
    the slug (in the pages' top margin on named paper) prints over them, not under."""
    for options in (PrintOptions(), BOTH):
        page = imposed(context("a4", options)).pages[0]
        ops = [str(op) for _, op in pikepdf.parse_content_stream(page)]
        assert ops[:14] == ["q", "re", "W", "n", "cm", "Do", "Q"] * 2
        assert "Do" not in ops[14:] and "BT" in ops[14:]


def test_the_sheets_keep_the_reader_files_info_and_language() -> None:
    ctx = context("a4", BOTH)
    reader = pikepdf.open(io.BytesIO(reader_pdf(ctx)))
    meta = replace(META, language="es-US", locale="es-US")
    doc = imposed(ctx, meta)
    assert str(doc.trailer.Info.Title) == "Probe leaflet"
    assert str(doc.trailer.Info.Author) == "Probe author"
    assert str(doc.trailer.Info.CreationDate) == str(reader.trailer.Info.CreationDate)
    assert str(doc.Root.Lang) == "es-US"
    assert "<rdf:li>es-US</rdf:li>" in doc.Root.Metadata.read_bytes().decode()


def test_the_sheets_say_the_reader_files_language_with_its_region() -> None:
    """A leaflet written in en-GB and built for the US locale is /Lang en-US in the reader
    file (`Meta.lang`): its sheets say the same."""
    doc = imposed(context("a4", BOTH), replace(META, language="en-GB", locale="en-US"))
    assert str(doc.Root.Lang) == "en-US"
    assert "<rdf:li>en-US</rdf:li>" in doc.Root.Metadata.read_bytes().decode()


@pytest.mark.parametrize("cmyk", [False, True])
def test_sheets_are_untagged_production_files(cmyk: bool) -> None:
    ctx = context("letter", replace(BOTH, cmyk=cmyk))
    pdf = impose.impose_saddle(reader_pdf(ctx), ctx, META)
    doc = pikepdf.open(io.BytesIO(pdf))
    xmp = doc.Root.Metadata.read_bytes().decode()
    assert pdf[:9] == (b"%PDF-1.6\n" if cmyk else b"%PDF-1.7\n")
    assert [str(i.S) for i in doc.Root.OutputIntents] == (["/GTS_PDFX"] if cmyk
                                                          else ["/GTS_PDFA1"])
    assert "pdfuaid:part" not in xmp and "pdfaid:part" not in xmp
    assert "/StructTreeRoot" not in doc.Root
    assert ("PDF/X-4" in xmp) is cmyk
    # press colour only: the marks' and slug's colours are CMYK, no RGB operator is left
    ops = {str(op) for page in doc.pages for _, op in pikepdf.parse_content_stream(page)}
    assert ("rg" in ops, "k" in ops) == (not cmyk, cmyk)
    assert impose.impose_saddle(reader_pdf(ctx), ctx, META) == pdf  # same input, same bytes


def test_the_press_document_id_follows_the_reader_file_and_the_sheet() -> None:
    """PDF/X-4's xmpMM:DocumentID is drawn from the reader file and the sheet's own drawing:
    another reader file, or another title in the slug, gives another ID."""
    ctx = context("a4", replace(BOTH, cmyk=True))

    def document_id(pdf: bytes, meta: Meta) -> str:
        doc = pikepdf.open(io.BytesIO(impose.impose_saddle(pdf, ctx, meta)))
        xmp = doc.Root.Metadata.read_bytes().decode()
        return re.search(r"<xmpMM:DocumentID>(.+?)</xmpMM:DocumentID>", xmp).group(1)

    reader = reader_pdf(ctx)
    sheet = impose.sheet_for(ctx)
    marks = impose._marks_and_slugs(sheet, ctx, META, 4)
    want = "uuid:" + str(uuid.UUID(bytes=sha256(reader + marks).digest()[:16]))
    assert document_id(reader, META) == want
    assert document_id(reader, replace(META, title="Another title")) != want
    assert document_id(reader_pdf(ctx, title="Another"), META) != want


def test_a_cmyk_sheet_refuses_an_rgb_colour() -> None:
    """The canvas of marks and slug enforces CMYK on `--cmyk` sheets: a colour handed to it
    in RGB (here the screen palette) stops the build instead of reaching the press file."""
    ctx = replace(context("letter", replace(BOTH, cmyk=True)), theme=Theme())
    with pytest.raises(ValueError, match="Non CMYK color"):
        impose.impose_saddle(reader_pdf(ctx), ctx, META)


def test_fonts_on_the_sheets_are_embedded() -> None:
    """A press file embeds every font: the slug's face, and no unembedded default."""
    doc = imposed(context("a4", BOTH))
    for page in doc.pages:
        for font in page.Resources.Font.values():
            assert "/FontFile2" in font.get("/FontDescriptor", {}), font.get("/BaseFont")
