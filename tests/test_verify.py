"""`handout.verify` refuses every broken promise: each test breaks one in a real, finished PDF
(with pikepdf, as a faulty layout or a faulty finishing step would) and reads the refusal."""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pytest
from conftest import LAYOUTS, finished, pdf_bytes
from pikepdf import Array, Dictionary, Name, String

from handout import pipeline
from handout.errors import LayoutError
from handout.layout import PrintOptions
from handout.verify import verify

PRESS = PrintOptions(bleed=True, crop_marks=True, cmyk=True)


def broken(pdf: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def refusal(pdf: bytes, options: PrintOptions = PrintOptions()) -> str:
    ctx = pipeline.context(LAYOUTS["standard"], "a4", options)
    with pytest.raises(LayoutError) as caught:
        verify(pdf, ctx, LAYOUTS["standard"])
    return str(caught.value)


def test_the_finished_pdfs_pass() -> None:
    """The baseline the breakages below start from: no refusal."""
    layout = LAYOUTS["standard"]
    verify(pdf_bytes("standard", "a4"), pipeline.context(layout, "a4", PrintOptions()), layout)
    verify(finished("standard", "a4", PRESS), pipeline.context(layout, "a4", PRESS), layout)


def _set_box(key: str, box: list[float]) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        doc.pages[1].obj[key] = Array(box)
    return change


@pytest.mark.parametrize("key", ["/MediaBox", "/TrimBox", "/BleedBox"])
def test_a_wrong_box_is_named_with_its_page_and_values(key: str) -> None:
    message = refusal(broken(pdf_bytes("standard", "a4"), _set_box(key, [0, 0, 612, 792])))
    assert f"page 2: {key} is [0.0, 0.0, 612.0, 792.0], expected" in message
    assert "layout 'standard' on a4" in message


@pytest.mark.parametrize("key", ["/TrimBox", "/BleedBox"])
def test_a_missing_box_is_refused(key: str) -> None:
    def drop(doc: pikepdf.Pdf) -> None:
        del doc.pages[0].obj[key]
    assert f"page 1 has no {key}" in refusal(broken(pdf_bytes("standard", "a4"), drop))


def test_a_box_that_is_off_by_a_hundredth_passes_and_by_more_is_refused() -> None:
    pdf = pdf_bytes("standard", "a4")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        media = [float(v) for v in doc.pages[0].obj.MediaBox]
    verify(broken(pdf, _set_box("/MediaBox", [*media[:3], media[3] + 0.009])),
           pipeline.context(LAYOUTS["standard"], "a4", PrintOptions()), LAYOUTS["standard"])
    assert "/MediaBox is" in refusal(broken(pdf, _set_box("/MediaBox",
                                                          [*media[:3], media[3] + 0.02])))


def _unembed(doc: pikepdf.Pdf) -> None:
    for font in doc.pages[0].obj.Resources.Font.values():
        target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        del target.FontDescriptor["/FontFile2"]


def test_a_font_that_is_not_embedded_is_named() -> None:
    message = refusal(broken(pdf_bytes("standard", "a4"), _unembed))
    assert "is not embedded" in message


def test_a_font_named_like_an_embedded_one_but_not_embedded_is_named() -> None:
    """Fonts are reported by name: one of a name left unembedded is enough, wherever it
    is read (here first on the last page, before the embedded one of that name)."""
    def unembedded_copy(doc: pikepdf.Pdf) -> None:
        last = doc.pages[-1].obj
        copy = Dictionary(next(iter(last.Resources.Font.values())))  # a TrueType subset
        copy.FontDescriptor = Dictionary(copy.FontDescriptor)
        del copy.FontDescriptor["/FontFile2"]
        fonts = Dictionary(last.Resources.Font)
        fonts.F0 = doc.make_indirect(copy)
        last.Resources.Font = fonts
    message = refusal(broken(pdf_bytes("standard", "a4"), unembedded_copy))
    assert "is not embedded" in message


def test_a_base14_font_is_refused() -> None:
    def helvetica(doc: pikepdf.Pdf) -> None:
        doc.pages[0].obj.Resources.Font.F99 = doc.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    message = refusal(broken(pdf_bytes("standard", "a4"), helvetica))
    assert "the font /Helvetica is not embedded" in message


@pytest.mark.parametrize("key", ["/Title", "/Author", "/Subject"])
def test_missing_document_information_is_refused(key: str) -> None:
    def drop(doc: pikepdf.Pdf) -> None:
        doc.trailer.Info[key] = String("(unspecified)")
    assert f"the document {key[1:].lower()} is missing" in refusal(
        broken(pdf_bytes("standard", "a4"), drop))


def test_missing_language_and_title_display_are_refused() -> None:
    def drop(doc: pikepdf.Pdf) -> None:
        del doc.Root["/Lang"]
        del doc.Root["/ViewerPreferences"]
    message = refusal(broken(pdf_bytes("standard", "a4"), drop))
    assert "the document language (/Lang) is missing" in message
    assert "DisplayDocTitle is not set" in message


def test_a_press_file_with_an_rgb_colour_is_refused() -> None:
    def rgb(doc: pikepdf.Pdf) -> None:
        page = doc.pages[2]
        page.obj.Contents = doc.make_stream(page.obj.Contents.read_bytes() + b"\n1 0 0 rg\n")
    message = refusal(broken(finished("standard", "a4", PRESS), rgb), PRESS)
    assert "page 3 sets an RGB colour" in message


def test_a_press_file_without_its_identity_is_refused() -> None:
    def strip(doc: pikepdf.Pdf) -> None:
        del doc.Root["/OutputIntents"]
        del doc.trailer.Info["/Trapped"]
        doc.pages[0].obj.Annots = doc.make_indirect(Array([]))
        doc.pages[0].obj.Annots.append(doc.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 1, 1]))))
    message = refusal(broken(finished("standard", "a4", PRESS), strip), PRESS)
    assert "there is no single GTS_PDFX output intent with a CMYK profile" in message
    assert "Trapped is not set in the document information" in message
    assert "page 1 has annotations" in message
