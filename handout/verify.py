"""Check the finished PDF bytes before they are written: what a printer would check first.

These are claims we make about every file, so they are tested on the real output here, at
build time, not only in the test suite: page size, fonts embedded (no Base-14 font named
anywhere), and the document metadata a screen reader and a print shop rely on. The bytes are
read back with pikepdf (qpdf), which `handout.structure` has loaded already.
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Page

from handout.errors import LayoutError, Problem
from handout.layout import Context, Layout

BASE14 = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats"}


def verify(pdf: bytes, ctx: Context, layout: Layout) -> None:
    """Raise LayoutError listing every broken promise in `pdf`."""
    with pikepdf.open(io.BytesIO(pdf)) as reader:
        problems = [*_page_count(len(reader.pages), layout), *_page_boxes(reader, ctx),
                    *_fonts(reader), *_metadata(reader)]
        if ctx.options.cmyk:
            problems += _rgb_operators(reader) + _press_identity(reader)
    if problems:
        where = f"layout '{ctx.layout}' on {ctx.paper}: "
        raise LayoutError([Problem(None, where + p, hint="this is a bug in the layout or in "
                                   "handout; please report it with the content file")
                           for p in problems])


def _page_count(pages: int, layout: Layout) -> list[str]:
    if layout.exact_pages is not None and pages != layout.exact_pages:
        return [f"the PDF has {pages} pages; this layout must have {layout.exact_pages}"]
    if pages % layout.page_multiple:
        return [f"the PDF has {pages} pages, not a multiple of {layout.page_multiple}"]
    return []


def _page_boxes(reader: pikepdf.Pdf, ctx: Context) -> list[str]:
    """MediaBox is the sheet; TrimBox and BleedBox must be written, not left for a reader
    to default (pikepdf and printers fall back to the MediaBox when they are missing)."""
    expected = {"/MediaBox": (0.0, 0.0, *ctx.media_size), "/TrimBox": ctx.trim_box,
                "/BleedBox": ctx.bleed_box}
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        for key, box in expected.items():
            if key not in page.obj:
                problems.append(f"page {number} has no {key}")
                continue
            written = [float(v) for v in page.obj[key]]
            if len(written) != 4 or any(abs(a - b) > 0.01
                                        for a, b in zip(written, box, strict=True)):
                problems.append(f"page {number}: {key} is {[round(v, 2) for v in written]}"
                                f", expected {[round(v, 2) for v in box]}")
    return problems


_RGB = re.compile(rb"(?<![A-Za-z])(rg|RG|sc|SC|scn|SCN)(?![A-Za-z])")


def _rgb_operators(reader: pikepdf.Pdf) -> list[str]:
    """A CMYK build must not set one RGB (or unknown-space) colour anywhere."""
    return [f"page {number} sets an RGB colour" for number, page in
            enumerate(reader.pages, start=1) if _RGB.search(_content(page))]


def _press_identity(reader: pikepdf.Pdf) -> list[str]:
    """A CMYK build is PDF/X-4: a GTS_PDFX output intent with an embedded CMYK profile,
    Trapped set, and no annotation a press could print over the page."""
    intents = reader.Root.get("/OutputIntents", [])
    press = [i for i in intents if i.get("/S") == Name.GTS_PDFX]
    problems = []
    if len(press) != 1 or int(press[0].DestOutputProfile.get("/N", 0)) != 4:
        problems.append("there is no single GTS_PDFX output intent with a CMYK profile")
    if reader.trailer.get("/Info", Dictionary()).get("/Trapped") not in (Name("/True"),
                                                                          Name("/False")):
        problems.append("Trapped is not set in the document information")
    problems += [f"page {number} has annotations" for number, page in
                 enumerate(reader.pages, start=1) if page.obj.get("/Annots")]
    return problems


def _content(page: Page) -> bytes:
    contents = page.obj.get("/Contents", Array())
    data = b"".join(part.read_bytes() for part in (contents if isinstance(contents, Array)
                                                   else [contents]))
    for xobject in page.obj.get("/Resources", Dictionary()).get("/XObject",
                                                                Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form:
            data += xobject.read_bytes()
    return data


def font_report(reader: pikepdf.Pdf) -> dict[str, bool]:
    """Every font named on any page (also inside form XObjects) -> is it embedded (every
    font of that name)? A font dictionary shared by pages (ReportLab shares one) is read
    once."""
    found: dict[str, bool] = {}
    read: set[tuple[int, int]] = set()

    def walk(resources: Dictionary | None) -> None:
        if not resources:
            return
        fonts = resources.get("/Font", Dictionary())
        if fonts.is_indirect:
            fonts = Dictionary() if fonts.objgen in read else fonts
            read.add(fonts.objgen)
        for font in fonts.values():
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants else font
            descriptor = target.get("/FontDescriptor", Dictionary())
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font.get("/BaseFont"))
            found[name] = found.get(name, True) and embedded
        for xobject in resources.get("/XObject", Dictionary()).values():
            if xobject.get("/Subtype") == Name.Form:
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.obj.get("/Resources"))
    return found


def _fonts(reader: pikepdf.Pdf) -> list[str]:
    problems = []
    for name, embedded in sorted(font_report(reader).items()):
        bare = name.lstrip("/").split("+")[-1].split("-")[0]
        if not embedded:
            problems.append(f"the font {name} is not embedded")
        elif bare in BASE14:
            problems.append(f"the Base-14 font {name} is used")
    return problems


def _metadata(reader: pikepdf.Pdf) -> list[str]:
    info = reader.trailer.get("/Info", Dictionary())
    root = reader.Root
    problems = [f"the document {key[1:].lower()} is missing" for key in ("/Title", "/Author",
                                                                          "/Subject")
                if not str(info.get(key, "")).strip() or str(info.get(key)) == "(unspecified)"]
    if not str(root.get("/Lang", "")).strip():
        problems.append("the document language (/Lang) is missing")
    prefs = root.get("/ViewerPreferences")
    if not (prefs and prefs.get("/DisplayDocTitle")):
        problems.append("DisplayDocTitle is not set")
    return problems
