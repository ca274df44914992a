"""What ReportLab's document object knows of the file it has just written, kept for
`structure.finish`: the pages' object numbers, the first free object number and the
trailer's entries. Reading them from ReportLab costs nothing; opening the bytes with pikepdf
to read them back cost a parse and qpdf's page cache on every build.

`TaggedCanvas.save` takes them right after ReportLab's save (`tags.drawn`).
`tests/test_drawn.py` holds them to what pikepdf reads from the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFObject

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
