"""Saddle-stitch imposition: reader-order pages onto 2-up printer spreads.

`saddle_order` is pure and tested alone; `impose_saddle` places the pages with pypdf. The
imposed file is a production file for the printer (not tagged for screen readers); the
reader-order PDF is the one to email or publish.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


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


def impose_saddle(pdf: bytes) -> bytes:
    """Two reader pages side by side on each sheet side (twice the page width)."""
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    writer = PdfWriter()
    for left, right in saddle_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        for slot, number in enumerate((left, right)):
            sheet.merge_transformed_page(reader.pages[number - 1],
                                         Transformation().translate(tx=slot * width, ty=0))
        writer.add_page(sheet)
    writer.add_metadata({key: value for key, value in (reader.metadata or {}).items()
                         if key in ("/Title", "/Author", "/Subject", "/Creator", "/Producer")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
