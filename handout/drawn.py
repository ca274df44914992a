"""ReportLab's file as `TaggedCanvas.save` writes it: each page's content handed over as
bytes (`encode_stream`), and what ReportLab's document object knows of the file it has just
written, kept for `structure.finish` (`Drawn`): the pages' object numbers, the first free
object number and the trailer's entries. Reading them from ReportLab costs nothing; opening
the bytes with pikepdf to read them back cost a parse and qpdf's page cache on every build.

`TaggedCanvas.save` takes them right after ReportLab's save (`tags.drawn`).
`tests/test_drawn.py` holds them to what pikepdf reads from the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFObject, PDFPage

_NOT_PDFDOC = tuple(map(chr, range(0x18, 0x20)))  # the ASCII that 'extpdfdoc' refuses


def encode_stream(page: PDFPage) -> None:
    """Hand ReportLab the page's content as bytes: it encodes a str stream through its
    'extpdfdoc' codec, a character map in Python (about 3 ms for a page of 150 KB), and
    writes bytes as they are. That codec maps all other ASCII to itself, so ASCII content
    without those characters (eight substring searches, ten times faster than a regex)
    encodes to the same bytes; anything else stays a str for ReportLab."""
    stream = page.stream
    if (isinstance(stream, str) and stream.isascii()
            and not any(refused in stream for refused in _NOT_PDFDOC)):
        page.stream = stream.encode("ascii")


_ID = re.compile(rb"\[(<[0-9a-fA-F]*>)(<[0-9a-fA-F]*>)\]")


@dataclass(frozen=True)
class Drawn:
    """A file ReportLab wrote: `pages`, each page's object number in page order; `size`, its
    trailer's /Size (one more than its highest object number: the first number free);
    `trailer`, the trailer's other entries (/ID, /Info, /Root) as PDF text."""

    pages: list[int]
    size: int
    trailer: str


def drawn(doc: PDFDocument) -> Drawn:
    """The facts of the file `doc` has just written (`PDFDocument.format` numbered every
    object it wrote, and wrote /Size, /Root, /Info and /ID as it does here)."""
    numbers = doc.idToObjectNumberAndVersion

    def ref(obj: PDFObject) -> str:
        return f"{numbers[obj.__InternalName__][0]} 0 R"

    found = _ID.search(doc.ID())  # what it wrote, cached: b"\n[<md5><md5>]\n% comment\n"
    if found is None:
        raise ValueError(f"unexpected ReportLab file ID {doc.ID()!r}")
    first, second = (part.decode("ascii") for part in found.groups())
    return Drawn(pages=[numbers[page.__InternalName__][0] for page in doc.Pages.pages],
                 size=len(doc.numberToId) + 1,
                 trailer=f"/ID [ {first} {second} ] /Info {ref(doc.info)} "
                         f"/Root {ref(doc.Catalog)}")
