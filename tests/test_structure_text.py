"""structure.finish writes the structure tree as PDF text for qpdf to parse: every value must
be the object pikepdf's Python API makes from the same value, or the saved bytes change."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Array, Name, String
from reportlab.pdfgen.canvas import Canvas

from handout import structure
from handout.drawn import Drawn, drawn
from handout.tagging import AnnotRef, Node, Registry

TEXTS = ["Dose", "Take 10 mg (one tablet)", "café \u2013 naïve",
         "it\u2019s \u201cquoted\u201d", "中文", "back\\slash", "tab\there",
         "x\x7fy", "\x18breve", "é€", "a) b( \\(c\\)", ")(", "line\nbreak", "cr\r"]


@pytest.mark.parametrize("text", TEXTS)
def test_strings_are_pikepdf_s(text: str) -> None:
    parsed = pikepdf.Object.parse(structure._string(text).encode())
    assert bytes(parsed) == bytes(String(text))


@pytest.mark.parametrize("value", [0.0, 1.0, 12.5, 786.0, 841.8898, 123.456789123, 1e-7,
                                   -2.5, 0.1 + 0.2, 567.8400000001, 1e20, -0.0000004])
def test_reals_are_written_as_pikepdf_writes_a_python_float(value: float) -> None:
    assert Array([value]).unparse() == f"[ {structure._real(value)} ]".encode()


@pytest.mark.parametrize("name", ["Table", "ListNumbering", "a b", "ü#x"])
def test_names_read_back_as_the_same_name(name: str) -> None:
    assert pikepdf.Object.parse(structure._name(name).encode()) == Name("/" + name)


def _drawn(pages: int, file_id: bytes | None = None) -> tuple[bytes, Drawn]:
    """ReportLab's file of `pages` pages (with the MD5 `file_id`, if given), and its facts."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=0)
    if file_id is not None:  # what PDFDocument.ID() makes of its digest, and caches
        text = f"<{file_id.hex()}>".encode()
        canvas._doc._ID = b"\n[" + text + text + b"]\n% ReportLab generated PDF document\n"
    for _ in range(pages):
        canvas.drawString(72, 72, "x")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), drawn(canvas._doc)


def _finished(pdfx: bool = False) -> pikepdf.Pdf:
    pdf_bytes, facts = _drawn(2)
    reg = _registry()
    reg.drawn = facts
    return pikepdf.open(io.BytesIO(structure.finish(pdf_bytes, reg, "de", pdfx=pdfx)))


def _registry() -> Registry:
    """A figure across two pages, a paragraph with a link on the next page, two headings."""
    reg = Registry()
    figure = Node("Figure", reg.root, alt="Ten faces \u2013 two sad", attrs={"O": "Layout"},
                  attached=True)
    para = Node("P", reg.root, attached=True)
    link = Node("Link", para, attached=True)
    reg.root.kids += [figure, para]
    para.kids += [(0, 0), link]
    figure.kids += [(0, 1), (1, 0)]
    reg.pages = {0: [para, figure], 1: [figure, link]}
    link.kids += [(1, 1), AnnotRef(0)]
    reg.links.append((1, (10.004, 20.5, 30.0, 40.126), "https://example.org/é", link))
    reg.outline = [(1, "Überblick", 0, 700.5, None), (2, "Part", 1, 500.0, None)]
    return reg


def test_tree_across_pages_with_link_and_outline_reads_back() -> None:
    pdf = _finished()

    tree = pdf.Root.StructTreeRoot
    document = tree.K
    assert (str(document.S), document.P.objgen) == ("/Document", tree.objgen)
    fig, p = document.K
    assert (str(fig.Alt), fig.A.O, fig.Pg) == ("Ten faces \u2013 two sad", Name.Layout,
                                              pdf.pages[0].obj)
    first, other_page = fig.K
    assert (first, other_page.Type, other_page.Pg) == (1, Name.MCR, pdf.pages[1].obj)
    annot = pdf.pages[1].obj.Annots[0]
    assert [float(v) for v in annot.Rect] == [10.0, 20.5, 30.0, 40.13]
    assert (str(annot.A.URI), annot.P) == ("https://example.org/é", pdf.pages[1].obj)
    objr = p.K[1].K[1]
    assert (objr.Type, objr.Obj) == (Name.OBJR, annot)
    nums = list(tree.ParentTree.Nums)
    assert nums[0] == 0 and list(nums[1]) == [p, fig] and nums[4:] == [2, p.K[1]]
    assert [int(page.StructParents) for page in pdf.pages] == [0, 1]
    top = pdf.Root.Outlines
    assert (int(top.Count), str(top.First.Title)) == (2, "Überblick")
    assert (str(top.First.First.Title), float(top.First.Dest[3])) == ("Part", 700.5)


def test_a_press_file_has_no_annotations_and_its_link_is_a_span() -> None:
    pdf = _finished(pdfx=True)
    _, p = pdf.Root.StructTreeRoot.K.K
    assert str(p.K[1].S) == "/Span" and list(p.K[1].K) == [1]
    assert all("/Annots" not in page.obj for page in pdf.pages)
    assert len(pdf.Root.StructTreeRoot.ParentTree.Nums) == 4  # the two pages only


def test_the_appended_objects_read_without_repair() -> None:
    """The object stream, cross-reference stream and trailer are where they say: qpdf reads
    them as written, without reconstructing the file (which it does silently, with a
    warning, when an offset is wrong)."""
    pdf_bytes, facts = _drawn(1)
    update = structure._Update(pdf_bytes, facts)
    first = update.new("<< /A 1 >>")
    second = update.new(f"[ {first} 0 R <78> ]")
    pdf = pikepdf.open(io.BytesIO(pdf_bytes + update.text()))
    assert pdf.get_object(second, 0)[0].A == 1 and str(pdf.get_object(second, 0)[1]) == "x"
    assert len(pdf.pages) == 1 and pdf.get_warnings() == []


def test_a_trailer_id_of_raw_bytes_is_copied_in_hex() -> None:
    """ReportLab's /ID is an MD5 digest; qpdf writes some digests as literal strings of raw
    bytes, which the update must not copy as text (it crashed one leaflet version in
    about 2,000, on every build): it copies ReportLab's hex."""
    digest = b"abcdefghijklmno\xb5"
    assert not String(digest).unparse().isascii()  # the case: a literal with a raw byte
    pdf_bytes, facts = _drawn(1, file_id=digest)
    update = structure._Update(pdf_bytes, facts)
    update.new("<< /A 1 >>")
    with pikepdf.open(io.BytesIO(pdf_bytes + update.text())) as pdf:
        assert bytes(pdf.trailer.ID[0]) == digest and pdf.get_warnings() == []
