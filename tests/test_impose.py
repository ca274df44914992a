"""Imposed booklet sheets as a print shop gets them: sheet size, boxes, where each page
lands, crop and fold marks, slug line, and PDF/X-4 for `--cmyk`, read from the real bytes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from conftest import LAYOUTS, finished, leaflet, reader
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import inch, mm
from reportlab.platypus import Frame, PageTemplate, Paragraph

from handout import colour, impose, pipeline
from handout.errors import LayoutError
from handout.layout import BLEED, Context, Layout, PrintOptions, Story
from handout.model import Leaflet

PLAIN = PrintOptions()
PRESS = PrintOptions(bleed=True, crop_marks=True, cmyk=True)  # test_print's, finished once
NAMED = {"a4": landscape(A4), "letter": landscape(LETTER)}
PRESS_SHEET = {"a4": (320 * mm, 225 * mm), "letter": (17 * inch, 11 * inch)}
PAPERS = ["a4", "letter"]
Box = tuple[float, float, float, float]


@cache
def reader_pdf(paper: str, options: PrintOptions) -> bytes:
    return finished("booklet", paper, options)


@cache
def sheets(paper: str, options: PrintOptions) -> bytes:
    return pipeline.imposed(leaflet(), LAYOUTS["booklet"], paper, options,
                            reader_pdf(paper, options))


def opened(paper: str, options: PrintOptions) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(sheets(paper, options)))


def box(page: pikepdf.Page, key: str) -> list[float]:
    assert key in page.obj, f"{key} must be written, not left to default"
    return [float(v) for v in page.obj[key]]


def spread(paper: str, sheet: tuple[float, float]) -> Box:
    """Where the two pages' trim must be: centred on the sheet."""
    width, height = LAYOUTS["booklet"].page_sizes[paper]
    x0, y0 = (sheet[0] - 2 * width) / 2, (sheet[1] - height) / 2
    return (x0, y0, x0 + 2 * width, y0 + height)


def drawn(page: pikepdf.Page) -> tuple[list[tuple[tuple[float, float], ...]],
                                       dict[str, tuple[Box, tuple[float, float]]],
                                       list[tuple[float, float]]]:
    """What the sheet's own content stream draws, in sheet coordinates: stroked straight
    segments (the marks), each placed page as name -> (clip rectangle, translation), and the
    baseline start of each text line (the slug)."""
    segments, placed, texts = [], {}, []
    stack, ctm = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    path: list[tuple[float, float]] = []
    pending: list[tuple[tuple[float, float], ...]] = []
    clip: Box | None = None
    rect: Box | None = None

    def at(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return (a * x + c * y + e, b * x + d * y + f)

    for item in pikepdf.parse_content_stream(page):
        op = str(item.operator)
        args = [v if isinstance(v, pikepdf.Name) else float(v)
                for v in item.operands] if op in ("cm", "m", "l", "re", "Tm", "Do") else []
        if op == "q":
            stack.append((ctm, clip))
        elif op == "Q":
            ctm, clip = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = args
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)
        elif op == "m":
            path = [at(*args)]
        elif op == "l":
            path.append(at(*args))
            pending.append(tuple(path[-2:]))
        elif op == "re":
            x, y, w, h = args
            rect = (*at(x, y), *at(x + w, y + h))
        elif op == "W":
            clip = rect
        elif op == "S":
            segments += pending
        elif op == "Do":
            placed[str(args[0])] = (clip, (ctm[4], ctm[5]))
        elif op == "Tm":
            texts.append(at(args[4], args[5]))
        if op in ("S", "n", "f", "B"):
            pending = []
    return segments, placed, texts


@pytest.mark.parametrize("paper", PAPERS)
def test_without_options_the_sheet_is_the_named_paper(paper: str) -> None:
    pages = opened(paper, PLAIN).pages
    assert len(pages) == len(reader(reader_pdf(paper, PLAIN)).pages) // 2
    for page in pages:
        assert box(page, "/MediaBox") == pytest.approx([0, 0, *NAMED[paper]], abs=0.01)
        # One TrimBox per sheet: the union of the two pages' trims (the spine is folded)
        assert box(page, "/TrimBox") == pytest.approx(spread(paper, NAMED[paper]), abs=0.01)
        assert box(page, "/BleedBox") == box(page, "/TrimBox")


@pytest.mark.parametrize(("paper", "options"), [
    ("a4", PRESS), ("letter", PRESS), ("a4", PrintOptions(bleed=True)),
    ("a4", PrintOptions(crop_marks=True))], ids=["a4", "letter", "a4-bleed", "a4-marks"])
def test_with_bleed_or_marks_the_sheet_grows_to_the_press_sheet(paper: str,
                                                                options: PrintOptions) -> None:
    bleed = BLEED[paper] if options.bleed else 0
    trim = spread(paper, PRESS_SHEET[paper])
    for page in opened(paper, options).pages:
        assert box(page, "/MediaBox") == pytest.approx([0, 0, *PRESS_SHEET[paper]], abs=0.01)
        assert box(page, "/TrimBox") == pytest.approx(trim, abs=0.01)
        assert box(page, "/BleedBox") == pytest.approx(
            [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed], abs=0.01)


def test_the_smallest_press_sheet_that_fits_is_chosen() -> None:
    """Tabloid (17 x 11 in) holds a Letter spread with bleed and marks, so the bigger
    tabloid extra (18 x 12 in) is not used; SRA4 holds an A4 one."""
    for paper, name in (("a4", "SRA4"), ("letter", "Tabloid 17 x 11 in")):
        sheet = impose.sheet_for(pipeline.context(LAYOUTS["booklet"], paper, PRESS))
        assert sheet.name.startswith(name)
        room = min(sheet.trim[0], sheet.trim[1]) - sheet.bleed
        assert room >= impose.ROOM


def test_a_spread_that_fits_no_sheet_is_refused() -> None:
    ctx = replace(pipeline.context(LAYOUTS["booklet"], "a4", PRESS), page_size=(700, 900))
    with pytest.raises(LayoutError, match="does not fit on SRA4 320 x 225 mm or SRA3"):
        impose.sheet_for(ctx)


@pytest.mark.parametrize("options", [PLAIN, PRESS], ids=["named", "press"])
@pytest.mark.parametrize("paper", PAPERS)
def test_each_page_lands_on_its_half_with_bleed_only_at_the_outer_edges(
        paper: str, options: PrintOptions) -> None:
    source = pikepdf.open(io.BytesIO(reader_pdf(paper, options)))
    doc = opened(paper, options)
    order = impose.saddle_order(len(source.pages))
    for page, numbers in zip(doc.pages, order, strict=True):
        x0, y0, x1, _ = box(page, "/TrimBox")
        bx0, by0, bx1, by1 = box(page, "/BleedBox")
        spine = (x0 + x1) / 2
        _, placed, _ = drawn(page)
        expected = {"/LeftPage": ((bx0, by0, spine, by1), x0),
                    "/RightPage": ((spine, by0, bx1, by1), spine)}
        assert set(placed) == set(expected)
        for (name, (clip, trim_left)), number in zip(expected.items(), numbers, strict=True):
            source_page = source.pages[number - 1]
            src_trim = box(source_page, "/TrimBox")
            got_clip, (tx, ty) = placed[name]
            assert got_clip == pytest.approx(clip, abs=0.01)
            # The reader page's trim corner lands on this half's trim corner.
            assert (src_trim[0] + tx, src_trim[1] + ty) == pytest.approx((trim_left, y0),
                                                                          abs=0.01)
            form = page.obj.Resources.XObject[name]
            assert form.read_bytes() == source_page.as_form_xobject().read_bytes()


def full_bleed(_: Leaflet, ctx: Context) -> Story:
    """Pages that print to their edges: the bleed in one colour, the trim in another."""
    width, height = ctx.page_size
    palette = ctx.theme.palette

    def background(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFillColor(palette.urgent)
        canvas.rect(-ctx.bleed, -ctx.bleed, width + 2 * ctx.bleed, height + 2 * ctx.bleed,
                    fill=1, stroke=0)
        canvas.setFillColor(palette.accent)
        canvas.rect(0, 0, width, height, fill=1, stroke=0)
        canvas.restoreState()

    return Story([PageTemplate("page", [Frame(40, 40, width - 80, height - 80)],
                               onPage=background)],
                 [Paragraph("A page that prints to its edges.", ctx.theme.styles()["body"])])


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler's pdftoppm")
def test_bleed_prints_at_the_outer_edges_and_not_at_the_spine(tmp_path: Path) -> None:
    """What a printer sees: a sheet of full-bleed pages rendered, colour read per point."""
    from PIL import Image

    probe = Layout("probe", "full-bleed pages", LAYOUTS["booklet"].page_sizes,
                   build=full_bleed, page_multiple=4, impose="saddle")
    options = PrintOptions(bleed=True, crop_marks=True)
    pdf = pipeline.imposed(leaflet(), probe, "a4", options,
                           pipeline.build_one(leaflet(), probe, "a4", options))
    doc = pikepdf.open(io.BytesIO(pdf))
    x0, y0, x1, y1 = box(doc.pages[0], "/TrimBox")
    bleed = x0 - box(doc.pages[0], "/BleedBox")[0]
    spine, middle = (x0 + x1) / 2, (y0 + y1) / 2
    (tmp_path / "sheets.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "-png",
                    str(tmp_path / "sheets.pdf"), str(tmp_path / "side")], check=True)
    image = Image.open(tmp_path / "side.png").convert("RGB")  # 72 dpi: one pixel per point

    def at(x: float, y: float) -> tuple[int, ...]:
        return image.getpixel((int(x), int(image.height - y)))

    palette = LAYOUTS["booklet"].theme().palette
    bleed_colour, page_colour, paper = (
        tuple(round(v * 255) for v in c.rgb()) for c in (palette.urgent, palette.accent,
                                                       palette.white))
    expected = {
        (x0 - bleed / 2, middle): bleed_colour, (x1 + bleed / 2, middle): bleed_colour,
        (x0 + 60, y1 + bleed / 2): bleed_colour, (x1 - 60, y0 - bleed / 2): bleed_colour,
        (x0 + 4, middle): page_colour, (x1 - 4, middle): page_colour,
        (spine - bleed / 2, middle): page_colour, (spine + bleed / 2, middle): page_colour,
        (x0 - bleed - 6, middle): paper, (x1 + bleed + 6, middle): paper,
        (x0 + 60, y1 + bleed + 6): paper,
    }
    for (x, y), wanted in expected.items():
        assert at(x, y) == pytest.approx(wanted, abs=12), (x, y)


@pytest.mark.parametrize("paper", PAPERS)
def test_marks_stand_on_the_trim_lines_outside_the_bleed(paper: str) -> None:
    for page in opened(paper, PRESS).pages:
        x0, y0, x1, y1 = box(page, "/TrimBox")
        bx0, by0, bx1, by1 = box(page, "/BleedBox")
        width, height = box(page, "/MediaBox")[2:]
        spine = (x0 + x1) / 2
        segments, _, _ = drawn(page)
        ends = set()
        for (ax, ay), (bx, by) in segments:
            assert min(ax, bx) >= 0 and max(ax, bx) <= width  # on the sheet
            assert min(ay, by) >= 0 and max(ay, by) <= height
            if ax == pytest.approx(bx):  # vertical: on a trim line, above or below the bleed
                assert any(ax == pytest.approx(x) for x in (x0, spine, x1))
                assert max(ay, by) < by0 or min(ay, by) > by1
                ends.add(("x", round(ax, 2), "below" if ay < y0 else "above"))
            else:  # horizontal: on a trim line, left or right of the bleed
                assert ay == pytest.approx(by)
                assert any(ay == pytest.approx(y) for y in (y0, y1))
                assert max(ax, bx) < bx0 or min(ax, bx) > bx1
                ends.add(("y", round(ay, 2), "left" if ax < x0 else "right"))
            assert abs(ax - bx) + abs(ay - by) >= 8  # long enough to cut by
        # 8 crop marks at the outer corners, 2 fold marks on the spine
        assert len(segments) == len(ends) == 10


@pytest.mark.parametrize("paper", PAPERS)
def test_no_marks_without_crop_marks(paper: str) -> None:
    for page in opened(paper, PLAIN).pages:
        assert drawn(page)[0] == []


@pytest.mark.parametrize("options", [PLAIN, PRESS], ids=["named", "press"])
@pytest.mark.parametrize("paper", PAPERS)
def test_every_sheet_side_has_its_slug_line(paper: str, options: PrintOptions) -> None:
    meta = leaflet().meta
    pages = reader(sheets(paper, options)).pages
    sheet = impose.sheet_for(pipeline.context(LAYOUTS["booklet"], paper, options))
    total = len(pages) // 2
    for number, page in enumerate(pages):
        text = " ".join(page.extract_text().split())
        for words in (meta.title, f"version {meta.version}",
                      f"sheet {number // 2 + 1} of {total}", ("front", "back")[number % 2],
                      sheet.name):
            assert words in text, (number, words)


@pytest.mark.parametrize("paper", PAPERS)
def test_the_slug_is_outside_the_trim_and_the_bleed_on_a_press_sheet(paper: str) -> None:
    for page in opened(paper, PRESS).pages:
        bleed_bottom = box(page, "/BleedBox")[1]
        _, _, lines = drawn(page)
        assert len(lines) == 2
        # 6 pt type: its tallest letters rise less than 6 pt above the baseline
        assert all(y > 0 and y + impose.SLUG_SIZE < bleed_bottom for _, y in lines)


def word_boxes(pdf: bytes, page: int) -> list[tuple[str, Box]]:
    """Every word poppler finds on a sheet side (placed pages included), with its box."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page),
                               tmp.name, "-"], capture_output=True, text=True,
                              check=True).stdout
    return [(word, tuple(float(v) for v in box))
            for *box, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                                          r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                                          html)]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
@pytest.mark.parametrize("options", [PLAIN, PRESS], ids=["named", "press"])
@pytest.mark.parametrize("paper", PAPERS)
def test_the_slug_touches_no_other_text(paper: str, options: PrintOptions) -> None:
    """On named paper the slug has to sit inside the pages' margin: it must not run into
    their footers or text (poppler's word boxes, top-down coordinates)."""
    pdf = sheets(paper, options)
    for number in range(1, len(reader(pdf).pages) + 1):
        words = word_boxes(pdf, number)
        # the slug is the only 6 pt type: its word boxes are under 9 pt tall
        slug = [box for _, box in words if box[3] - box[1] < 9]
        text = [box for _, box in words if box[3] - box[1] >= 9]
        assert len(slug) >= 10 and text
        for a in slug:
            for b in text:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_a_long_title_is_shortened_to_stay_on_its_half() -> None:
    """The slug must not cross the fold marks at the spine: a long title ends in "…"."""
    long = replace(leaflet(), meta=replace(leaflet().meta, title="Amitriptyline " * 30))
    pdf = pipeline.imposed(long, LAYOUTS["booklet"], "a4", PRESS, reader_pdf("a4", PRESS))
    doc = opened("a4", PRESS)
    spine = sum(box(doc.pages[0], "/TrimBox")[0::2]) / 2
    words = [(word, b) for word, b in word_boxes(pdf, 1) if b[3] - b[1] < 9]
    left = [b for _, b in words if b[0] < spine]
    assert all(b[2] < spine - impose.SLUG_INSET for b in left)
    assert "…" in " ".join(word for word, _ in words)


def content_operators(doc: pikepdf.Pdf) -> set[str]:
    """Every operator of every sheet and every placed page (form XObject)."""
    sources = [page.obj for page in doc.pages] + [
        obj for obj in doc.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"]
    return {str(item.operator) for source in sources
            for item in pikepdf.parse_content_stream(source)}


@pytest.mark.parametrize("paper", PAPERS)
def test_cmyk_sheets_are_pdf_x4_like_the_reader_file(paper: str) -> None:
    doc = opened(paper, PRESS)
    assert not content_operators(doc) & {"rg", "RG", "sc", "SC", "scn", "SCN", "cs", "CS"}
    assert b"/DeviceRGB" not in sheets(paper, PRESS)
    assert all(not (isinstance(obj, pikepdf.Name) and obj == "/DeviceRGB")
               for obj in doc.objects)
    intent = doc.Root.OutputIntents[0]
    assert [str(i.S) for i in doc.Root.OutputIntents] == ["/GTS_PDFX"]
    assert intent.DestOutputProfile.read_bytes() == colour.press_profile()
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert doc.trailer.Info.Trapped == pikepdf.Name("/False")
    meta = doc.Root.Metadata.read_bytes().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in meta
    assert re.search(r"<xmpMM:DocumentID>uuid:.+</xmpMM:DocumentID>", meta)
    assert sheets(paper, PRESS)[:9] == reader_pdf(paper, PRESS)[:9] == b"%PDF-1.6\n"
    assert all("/Annots" not in page.obj and "/Group" not in page.obj for page in doc.pages)


@pytest.mark.parametrize("options", [PLAIN, PRESS], ids=["named", "press"])
def test_sheets_are_valid_untagged_production_files(options: PrintOptions) -> None:
    doc = opened("a4", options)
    assert doc.check_pdf_syntax() == []  # qpdf's own check (qpdf --check)
    assert "/StructTreeRoot" not in doc.Root and "/MarkInfo" not in doc.Root
    meta = doc.Root.Metadata.read_bytes().decode("utf-8")
    # untagged: no PDF/UA claim, and no PDF/A-2a claim (which needs tags)
    assert "<pdfuaid:part>" not in meta and "<pdfaid:part>" not in meta
    assert sheets("a4", options)[:9] == reader_pdf("a4", options)[:9]
    assert str(doc.trailer.Info.Title) == leaflet().meta.title


def test_same_input_same_sheets() -> None:
    again = pipeline.imposed(leaflet(), LAYOUTS["booklet"], "a4", PRESS,
                             reader_pdf("a4", PRESS))
    assert again == sheets("a4", PRESS)
