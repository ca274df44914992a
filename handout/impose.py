"""Saddle-stitch imposition: reader-order pages, two by two, on sheets a print shop accepts.

`saddle_order` is pure and tested alone. `impose_saddle` places the reader pages (clipped
form XObjects, pikepdf) on sheets whose marks and slug line ReportLab draws:

- Without bleed or crop marks the sheet is the named paper, landscape: A4 or US Letter. Two
  A5 pages fill A4 with 1.4 pt to spare and two half-letter pages fill Letter exactly; the
  sheet comes off an office printer ready to fold and staple, nothing is cut.
- With bleed and/or crop marks the spread, its bleed and the marks do not fit on that paper,
  so the sheet grows to the smallest standard press sheet that holds them (`PRESS`: SRA4 for
  A4 work, tabloid for Letter work), to be cut to the trim after printing.

The spread is centred. Bleed is kept at the outer edges only: at the spine the two pages
meet at their trim, as the sheet is folded there, not cut. TrimBox is the spread's trim, the
union of the two pages' trims: a sheet is one PDF page with one TrimBox, and the finished
sheet is the whole spread; BleedBox adds the bleed. Crop marks stand on the outer trim lines
and dashed fold marks on the spine, all outside the bleed, in registration colour.

Every sheet has a slug line: title, version, sheet x of y, front or back, paper. On a press
sheet it is printed outside the trim; the named paper has no room outside the trim (the
sheet is the booklet), so there it sits in the top margin of the pages, small and grey.

The sheets are production files: untagged (the reader-order PDF is the one to email or
publish), with the reader file's Info, output intent, XMP identification (PDF/X-4 for
`--cmyk`) and PDF version, through `identity.save`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Name, String
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from handout import fonts, identity
from handout.errors import LayoutError, Problem
from handout.layout import Context, Size
from handout.model import Meta

Box = tuple[float, float, float, float]

NAMED = {"a4": ("A4", landscape(A4)), "letter": ("US Letter", landscape(LETTER))}
# Standard press sheets (landscape), smallest first: SRA4 is A4 with room for bleed and
# marks; the US sizes that hold a Letter spread with bleed are tabloid and tabloid extra.
PRESS = {
    "a4": (("SRA4 320 x 225 mm", (320 * mm, 225 * mm)),
           ("SRA3 450 x 320 mm", (450 * mm, 320 * mm))),
    "letter": (("Tabloid 17 x 11 in", (17 * inch, 11 * inch)),
               ("Tabloid Extra 18 x 12 in", (18 * inch, 12 * inch))),
}
ROOM = 12.0  # points a press sheet must leave beyond the bleed edge for marks and slug
MARK_GAP = 3.0  # between the bleed edge and a mark, so no mark prints inside the bleed
MARK_LENGTH = 14.0  # 5 mm, or up to 1 pt before the sheet's edge on a tight sheet
MARK_WIDTH = 0.25
FOLD_DASH = (3, 2)
SLUG_SIZE = 6.0
SLUG_INSET = 6.0  # from a trim corner (and its mark) to the slug text, on a press sheet
NAMED_SLUG = (10 * mm, 6 * mm)  # on named paper: inset from the sides, baseline below the top


@dataclass(frozen=True)
class Sheet:
    """Where a spread goes: the sheet and the spread's trim on it (PDF points)."""

    name: str  # "A4", "SRA4 320 x 225 mm": for the slug and the docs
    size: Size
    trim: Box  # the spread's trim (both pages), centred
    bleed: float  # at the outer edges of the spread only
    press: bool  # True: a press sheet, cut to the trim, with room for marks and slug

    @property
    def spine(self) -> float:
        return (self.trim[0] + self.trim[2]) / 2

    @property
    def page_trims(self) -> tuple[Box, Box]:
        """The left and the right page's trim."""
        x0, y0, x1, y1 = self.trim
        return (x0, y0, self.spine, y1), (self.spine, y0, x1, y1)

    @property
    def bleed_box(self) -> Box:
        x0, y0, x1, y1 = self.trim
        return (x0 - self.bleed, y0 - self.bleed, x1 + self.bleed, y1 + self.bleed)

    def clip(self, slot: int) -> Box:
        """What of the left (0) or right (1) page is printed: its trim plus the bleed on
        every side but the spine."""
        x0, y0, x1, y1 = self.bleed_box
        return (x0, y0, self.spine, y1) if slot == 0 else (self.spine, y0, x1, y1)


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each sheet side, in printing order.

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5). `pages` must be a multiple of 4."""
    if pages <= 0 or pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides: list[tuple[int, int]] = []
    low, high = 1, pages
    while low < high:
        sides += [(high, low), (low + 1, high - 1)]
        low += 2
        high -= 2
    return sides


def sheet_for(ctx: Context) -> Sheet:
    """The named paper, or without room for bleed and marks on it, the smallest press
    sheet that holds the spread, its bleed and `ROOM` for marks and slug on every side."""
    width, height = 2 * ctx.page_size[0], ctx.page_size[1]
    press = ctx.options.bleed or ctx.options.crop_marks
    margin = ctx.bleed + ROOM if press else 0.0
    candidates = PRESS[ctx.paper] if press else (NAMED[ctx.paper],)
    for name, (sheet_w, sheet_h) in candidates:
        if sheet_w + 0.01 >= width + 2 * margin and sheet_h + 0.01 >= height + 2 * margin:
            x0, y0 = (sheet_w - width) / 2, (sheet_h - height) / 2
            return Sheet(name, (sheet_w, sheet_h), (x0, y0, x0 + width, y0 + height),
                         ctx.bleed, press)
    names = " or ".join(name for name, _ in candidates)
    extra = " with bleed and marks" if press else ""
    raise LayoutError([Problem(None, f"layout '{ctx.layout}' on {ctx.paper}: a "
                               f"{width:.0f} x {height:.0f} pt spread{extra} does not fit "
                               f"on {names}",
                               hint="this is a bug in the layout or in handout; please "
                               "report it with the content file")])


def impose_saddle(pdf: bytes, ctx: Context, meta: Meta) -> bytes:
    """The reader PDF's pages (built with `ctx`) two by two on sheet sides, in saddle-stitch
    order, with marks and a slug line on each side."""
    source = pikepdf.open(io.BytesIO(pdf))
    sides = saddle_order(len(source.pages))
    sheet = sheet_for(ctx)
    marks = _marks_and_slugs(sheet, ctx, meta, len(sides))
    out = pikepdf.open(io.BytesIO(marks))
    for page, numbers in zip(out.pages, sides, strict=True):
        placed = []
        for slot, number in enumerate(numbers):
            page_in = source.pages[number - 1]
            form = page_in.as_form_xobject()
            form.BBox = page_in.obj.BleedBox  # qpdf cuts a form to the TrimBox: keep the bleed
            form = out.copy_foreign(form)
            name = Name(("/LeftPage", "/RightPage")[slot])  # fixed: same input, same bytes
            page.add_resource(form, Name.XObject, name)
            x0, y0, x1, y1 = sheet.clip(slot)
            # The reader page's trim corner sits at (offset, offset) in its own space.
            tx = sheet.page_trims[slot][0] - ctx.offset
            ty = sheet.trim[1] - ctx.offset
            placed.append(f"q {x0:.3f} {y0:.3f} {x1 - x0:.3f} {y1 - y0:.3f} re W n "
                          f"1 0 0 1 {tx:.3f} {ty:.3f} cm {name} Do Q")
        page.contents_add(out.make_stream("\n".join(placed).encode()), prepend=True)
    out.trailer.Info = out.copy_foreign(source.trailer.Info)  # title, author, dates
    out.Root.Lang = String(meta.lang)  # the reader file's /Lang: language and locale region
    return identity.save(out, meta.lang, ctx.options.cmyk, seed=pdf + marks,
                         tagged=False)


def _marks_and_slugs(sheet: Sheet, ctx: Context, meta: Meta, sides: int) -> bytes:
    """One page per sheet side: boxes, marks (if asked for) and the slug line."""
    buffer = io.BytesIO()
    fonts.register()
    canvas = Canvas(buffer, pagesize=sheet.size, invariant=1, trimBox=sheet.trim,
                    bleedBox=sheet.bleed_box, initialFontName=fonts.REGULAR,
                    enforceColorSpace="cmyk" if ctx.options.cmyk else None)
    palette = ctx.theme.palette
    for side in range(sides):
        if ctx.options.crop_marks:
            _crop_and_fold_marks(canvas, sheet, palette.registration)
        words = (f"sheet {side // 2 + 1} of {sides // 2}", ("front", "back")[side % 2],
                 sheet.name, f"pages {_size(ctx.page_size, ctx.paper)}")
        _slug(canvas, sheet, f"{meta.title} · version {meta.version}", " · ".join(words),
              palette.ink if sheet.press else palette.muted)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _crop_and_fold_marks(canvas: Canvas, sheet: Sheet, colour: Color) -> None:
    """Crop marks on the spread's outer trim lines, dashed fold marks on the spine: each
    one starts `MARK_GAP` beyond the bleed and stays on the sheet."""
    x0, y0, x1, y1 = sheet.trim
    start = sheet.bleed + MARK_GAP
    along_x = min(start + MARK_LENGTH, x0 - 1)  # marks to the left and right
    along_y = min(start + MARK_LENGTH, y0 - 1)  # marks above and below
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(MARK_WIDTH)
    for x in (x0, x1):
        canvas.line(x, y0 - start, x, y0 - along_y)
        canvas.line(x, y1 + start, x, y1 + along_y)
    for y in (y0, y1):
        canvas.line(x0 - start, y, x0 - along_x, y)
        canvas.line(x1 + start, y, x1 + along_x, y)
    canvas.setDash(*FOLD_DASH)
    canvas.line(sheet.spine, y0 - start, sheet.spine, y0 - along_y)
    canvas.line(sheet.spine, y1 + start, sheet.spine, y1 + along_y)
    canvas.restoreState()


def _slug(canvas: Canvas, sheet: Sheet, left: str, right: str, colour: Color) -> None:
    """`left` from the left page's corner, `right` to the right page's corner: below the
    bleed and between the marks on a press sheet, in the pages' top margin on named paper
    (their bottom margin holds the footer)."""
    x0, y0, x1, y1 = sheet.trim
    if sheet.press:
        inset, baseline = SLUG_INSET, y0 - sheet.bleed - MARK_GAP - SLUG_SIZE
    else:
        inset, baseline = NAMED_SLUG[0], y1 - NAMED_SLUG[1]
    room = sheet.spine - x0 - 2 * inset
    canvas.saveState()
    canvas.setFillColor(colour)
    canvas.setFont(fonts.REGULAR, SLUG_SIZE)
    canvas.drawString(x0 + inset, baseline, _fit(left, room))
    canvas.drawRightString(x1 - inset, baseline, _fit(right, room))
    canvas.restoreState()


def _fit(text: str, width: float) -> str:
    """`text`, or as many of its words as fit in `width` followed by "…"."""
    words, shown = text.split(), text
    while stringWidth(shown, fonts.REGULAR, SLUG_SIZE) > width and len(words) > 1:
        words.pop()
        shown = " ".join(words).rstrip(" .,;:·") + "…"  # "Title…", not "Title …"
    return shown


def _size(size: Size, paper: str) -> str:
    """A page size as a printer says it: millimetres for A4 work, inches for Letter."""
    if paper == "letter":
        return f"{size[0] / inch:g} x {size[1] / inch:g} in"
    return f"{size[0] / mm:.0f} x {size[1] / mm:.0f} mm"
