"""The tagging canvas: its closing pass (`TaggedCanvas.save`: artifact wrapping, the page
content handed to ReportLab) and its text object's redraw of a link's first text, on
operators made here."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfbase.pdfdoc import PDFPage, pdfdocEnc

from handout import fonts
from handout.drawn import encode_stream
from handout.tagging import TaggedCanvas, _artifacts, _Mark
from handout.textdraw import Runs, fast_text


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


def _link_after_font_change(runs: bool, link_known: bool) -> list[str]:
    """A bold word, then a link's first text in the regular font ending the line: the text
    object's code once ReportLab has reported the link's start (or, `link_known`, as it is
    when the link is known before its text is drawn, so no line-end space is added)."""
    fonts.register()
    tx = fast_text(TaggedCanvas(io.BytesIO()).beginText(0, 0))
    tx._in_link = link_known
    if runs:  # as handout.drawlines draws a paragraph's lines
        put = Runs(tx)
        put.font(fonts.BOLD, 11)
        put.put("Website:", 0)
        put.font(fonts.REGULAR, 11)
        put.put("https://www", 1)
    else:  # as ReportLab's own drawing does
        tx.setFont(fonts.BOLD, 11)
        tx._textOut("Website:")
        tx.setFont(fonts.REGULAR, 11)
        tx._textOut("https://www", 1)
    if not link_known:
        tx._linkRecord((0, "https://www"), "start")  # no registry: only the redraw
    return tx._code


@pytest.mark.parametrize("runs", [False, True])
def test_a_links_first_text_drawn_again_keeps_its_font_change(runs: bool) -> None:
    """ReportLab reports a link's start after drawing its first text; when that text ended a
    line, `_SpacedText` had added a space, and draws the text again without it. The redraw
    must select the link's font again (its Tf), or the URL is drawn in the codes of the
    bold font's subset: other glyphs than its characters."""
    code = _link_after_font_change(runs, link_known=False)
    assert code == _link_after_font_change(runs, link_known=True)
    assert sum(" Tf " in line for line in code) == 2
