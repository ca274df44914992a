"""The fast drawing paths name no font ReportLab would not name.

A run that draws nothing (a space in a font under 1 pt, as in a URL's break point, which
`tagging._SpacedText` empties) in a TrueType font with no text yet in the document makes
ReportLab's `splitString` create the font's state without naming it (no subset is drawn).
Were `textdraw.Runs` to take that state for a font in use, `DocumentFonts.select` would name
the font (`getSubsetInternalName` registers it in the document): the font would be embedded
with an empty subset, and every font named after it numbered one higher than ReportLab
numbers it. Found by review; `DocumentFonts.codes` leaves such a font to ReportLab."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as rl

from handout import fonts
from handout.paragraph import Paragraph
from handout.tagging import Node, TaggedCanvas, _begin, _end

CASES = {
    # the regular font's only run draws nothing: ReportLab never embeds it
    "font with no text": '<b>Bold words</b><font size="0.1"> </font><b>and more bold</b>',
    # the regular font's first run draws nothing, the fallback font's text comes next
    "font named early": '<b>Bold</b><font size="0.1"> </font><font name="FiraSans">Ωμέγα</font>'
                        ' plain words',
}


def _pdf(paragraph_class: type, markup: str) -> tuple[list[str], dict[str, str], list[str]]:
    fonts.register()
    fonts.font(fonts.FALLBACK)
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer)
    style = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=11, leading=15,
                           hyphenationLang="")
    for _ in range(2):  # the second time every character has its code: the fast path
        para = paragraph_class(markup, style)
        _, height = para.wrap(300, 1000)
        _begin(canvas, Node("P"))
        para.drawOn(canvas, 40, 700 - height)
        _end(canvas)
    code, mapping = [str(op) for op in canvas._code], dict(canvas._doc.fontMapping)
    canvas.showPage()
    canvas.save()
    pages = PdfReader(io.BytesIO(buffer.getvalue())).pages
    embedded = sorted(str(font["/BaseFont"]) for page in pages
                      for font in page["/Resources"]["/Font"].values())
    return code, mapping, embedded


@pytest.mark.parametrize("case", list(CASES))
def test_no_font_named_that_reportlab_leaves_out(case: str) -> None:
    ours = _pdf(Paragraph, CASES[case])
    theirs = _pdf(rl.Paragraph, CASES[case])
    assert ours[1] == theirs[1]  # the fonts named, in ReportLab's order
    assert ours[2] == theirs[2]  # the fonts embedded
    assert ours[0] == theirs[0]  # the operators
