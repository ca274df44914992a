"""The tagging canvas's closing pass (`TaggedCanvas.save`): artifact wrapping and the page
content handed to ReportLab, on operators made here."""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFPage, pdfdocEnc

from handout.drawn import encode_stream
from handout.tagging import _artifacts, _Mark


def test_only_runs_outside_marked_content_become_artifacts() -> None:
    begin, end = _Mark("/P <</MCID 0>> BDC", 1), _Mark("EMC", -1)
    inner, inner_end = _Mark("/Span <</MCID 1>> BDC", 1), _Mark("EMC", -1)
    code = ["q", "1 0 0 1 0 0 cm", begin, "BT", inner, "(a) Tj", inner_end, "ET", end, " ",
            begin, "x", end, "Q"]
    assert _artifacts(code) == [
        "/Artifact BMC", "q", "1 0 0 1 0 0 cm", "EMC", begin, "BT", inner, "(a) Tj",
        inner_end, "ET", end, " ", begin, "x", end, "/Artifact BMC", "Q", "EMC"]
    assert _artifacts(["q", "Q"]) == ["/Artifact BMC", "q", "Q", "EMC"]
    assert _artifacts([begin, "x"]) == [begin, "x"]  # still open at the end: content
    assert _artifacts([]) == []


def test_page_content_handed_to_reportlab_as_bytes_is_what_its_codec_writes() -> None:
    """drawn.encode_stream skips ReportLab's slow 'extpdfdoc' codec for ASCII content:
    the bytes must be the codec's, and content the codec would map or refuse stays a str."""
    for text, fast in [("BT /F1 9 Tf (Dose \\(mg\\)) Tj ET\n\t q 1 0 0 1 2.5 3 cm Q\r\n ", True),
                       ("(caf\xe9) Tj", False), ("(\x18) Tj", False)]:
        page = PDFPage()
        page.setStream([text])
        encode_stream(page)
        assert isinstance(page.stream, bytes) is fast
        if fast:
            assert page.stream == pdfdocEnc("\n".join([text]) + "\n")
