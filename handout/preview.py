"""PNG previews of built PDFs, for people who review a leaflet without opening every PDF.

    pages(pdf)              one PNG per page, rendered with PDFium (pypdfium2)
    files(prefix, built)    the previews of a build: `<pdf stem>-page-NN.png` next to each PDF
                            and `<prefix>-contact-sheet.png` (every layout's first page;
                            the prefix of the leaflet's PDFs, e.g. `<leaflet-id>-es`)
    visual_changes(old, new) side-by-side PNGs of the pages whose picture changed

Everything is returned as bytes: the pipeline writes previews with the PDFs, all or nothing.
The same PDF gives the same PNG bytes: PDFium draws the same pixels, the palette is computed
from them alone (FASTOCTREE), and Pillow writes no time or text chunks.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFont

from handout import fonts, pipeline, registry
from handout.model import Leaflet

DPI = 100  # A4 at 827 x 1170 pixels: body text readable on a screen, ~70 KB a page
SHEET_HEIGHT = 420  # pixels of each first page on the contact sheet
CHANGE_DPI = 60  # side-by-side change pictures: enough to see a moved block or page break
_MARGIN = 16
_LABEL = 22
_INK, _PAPER, _MARK = (33, 33, 33), (255, 255, 255), (200, 30, 30)


class Output(Protocol):
    """What the pipeline built: a PDF, its path and its layout (`pipeline.Built`)."""

    path: Path
    pdf: bytes
    layout: str


def render(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    """Every page as an RGB image, the page's white background filled in."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72, may_draw_forms=False).to_pil().convert("RGB")
                for page in document]
    finally:
        document.close()


def png(image: Image.Image) -> bytes:
    """Deterministic PNG bytes: a 256-colour palette (a third of the size; text stays crisp)
    and no metadata chunks."""
    out = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, "PNG", compress_level=9)
    return out.getvalue()


def pages(pdf: bytes, dpi: int = DPI) -> list[bytes]:
    return [png(image) for image in render(pdf, dpi)]


def files(prefix: str, built: Sequence[Output]) -> dict[str, bytes]:
    """File name -> PNG: page previews named after each PDF (they go in its folder), and one
    contact sheet per leaflet, named with its files' `prefix` (`pipeline.file_prefix`: the
    leaflet id, and its language or locale when a build makes several)."""
    out: dict[str, bytes] = {}
    firsts: dict[str, Image.Image] = {}
    for item in built:
        images = render(item.pdf)
        firsts.setdefault(item.layout, images[0])  # the reader PDF comes before its spreads
        out.update((f"{item.path.stem}-page-{n:02d}.png", png(image))
                   for n, image in enumerate(images, 1))
    if built:
        out[f"{prefix}-contact-sheet.png"] = contact_sheet(firsts.items())
    return out


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.font_file()), size)


def contact_sheet(firsts: Iterable[tuple[str, Image.Image]]) -> bytes:
    """First pages side by side at one height, each named under it."""
    thumbs = [(name, _fit(image, SHEET_HEIGHT)) for name, image in firsts]
    width = sum(t.width for _, t in thumbs) + _MARGIN * (len(thumbs) + 1)
    sheet = Image.new("RGB", (width, SHEET_HEIGHT + _LABEL + 3 * _MARGIN), (236, 236, 236))
    draw = ImageDraw.Draw(sheet)
    x = _MARGIN
    for name, thumb in thumbs:
        sheet.paste(thumb, (x, _MARGIN))
        draw.rectangle((x - 1, _MARGIN - 1, x + thumb.width, _MARGIN + thumb.height),
                       outline=(160, 160, 160))
        draw.text((x, SHEET_HEIGHT + 2 * _MARGIN), name, fill=_INK, font=_font(_LABEL - 4))
        x += thumb.width + _MARGIN
    return png(sheet)


def _fit(image: Image.Image, height: int) -> Image.Image:
    return image.resize((round(image.width * height / image.height), height),
                        Image.Resampling.LANCZOS)


# -- visual change -------------------------------------------------------------------------
def changed_pages(old: list[Image.Image], new: list[Image.Image]) -> list[int]:
    """0-based numbers of the pages whose pixels differ (a page only one version has too)."""
    return [n for n in range(max(len(old), len(new)))
            if n >= len(old) or n >= len(new) or old[n].size != new[n].size
            or ImageChops.difference(old[n], new[n]).getbbox() is not None]


def side_by_side(before: Image.Image | None, after: Image.Image | None, labels: tuple[str, str]
                 ) -> bytes:
    """The page before and after, the changed area boxed in red on both."""
    size = (before or after).size  # type: ignore[union-attr]
    before = before or Image.new("RGB", size, _PAPER)
    after = after or Image.new("RGB", size, _PAPER)
    box = None
    if before.size == after.size:
        box = ImageChops.difference(before, after).getbbox()
    width = before.width + after.width + 3 * _MARGIN
    height = max(before.height, after.height) + _LABEL + 3 * _MARGIN
    canvas = Image.new("RGB", (width, height), (236, 236, 236))
    draw = ImageDraw.Draw(canvas)
    top = _LABEL + 2 * _MARGIN
    for x, image, label in ((_MARGIN, before, labels[0]),
                            (2 * _MARGIN + before.width, after, labels[1])):
        canvas.paste(image, (x, top))
        draw.text((x, _MARGIN), label, fill=_INK, font=_font(_LABEL - 4))
        if box:
            draw.rectangle((x + box[0] - 3, top + box[1] - 3, x + box[2] + 3, top + box[3] + 3),
                           outline=_MARK, width=3)
    return png(canvas)


def visual_changes(old: Leaflet, new: Leaflet) -> dict[str, bytes]:
    """For every layout (on its first paper), file name -> a before/after picture of each
    changed page: `<id>-<layout>-<paper>-page-NN-change.png`."""
    out = {}
    labels = (f"before: version {old.meta.version}", f"after: version {new.meta.version}")
    for layout in registry.discover().values():
        paper = layout.papers[0]
        before = render(pipeline.build_one(old, layout, paper), CHANGE_DPI)
        after = render(pipeline.build_one(new, layout, paper), CHANGE_DPI)
        for n in changed_pages(before, after):
            name = f"{new.meta.id}-{layout.name}-{paper}-page-{n + 1:02d}-change.png"
            out[name] = side_by_side(before[n] if n < len(before) else None,
                                     after[n] if n < len(after) else None, labels)
    return out
