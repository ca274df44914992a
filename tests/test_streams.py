"""ReportLab writes its streams uncompressed (render: pageCompression=0) because
structure.finish deflates them once, as it saves: none may reach the file uncompressed."""

from __future__ import annotations

import io

import pikepdf
from conftest import pdf_bytes


def test_every_stream_but_the_xmp_is_deflated(case: tuple[str, str]) -> None:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(*case)))
    streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
    raw = [f"{obj.objgen} {obj.get('/Type')}" for obj in streams
           if obj.get("/Type") != pikepdf.Name.Metadata
           and obj.get("/Filter") != pikepdf.Name.FlateDecode]
    assert len(streams) > 5
    assert not raw, f"streams written without compression: {raw}"


def test_page_content_handed_to_reportlab_as_bytes_is_what_its_codec_writes() -> None:
    """tagging._encode_stream skips ReportLab's slow 'extpdfdoc' codec for ASCII content:
    the bytes must be the codec's, and content the codec would map or refuse stays a str."""
    from reportlab.pdfbase.pdfdoc import PDFPage, pdfdocEnc

    from handout.tagging import _encode_stream

    for text, fast in [("BT /F1 9 Tf (Dose \\(mg\\)) Tj ET\n\t q 1 0 0 1 2.5 3 cm Q\r\n ", True),
                       ("(caf\xe9) Tj", False), ("(\x18) Tj", False)]:
        page = PDFPage()
        page.setStream([text])
        _encode_stream(page)
        assert isinstance(page.stream, bytes) is fast
        if fast:
            assert page.stream == pdfdocEnc("\n".join([text]) + "\n")
