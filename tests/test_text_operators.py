"""The operators handout writes for paragraph lines (handout.drawlines, textdraw.Runs) and
list bullets (textops.draw_bullet) are ReportLab's own, byte for byte, and leave the canvas
as ReportLab's saveState/restoreState would.

Each case draws the same paragraphs (or bullets) on two fresh canvases, once through our
fast paths and once through ReportLab's `Paragraph.drawPara` (`BulletDrawer.drawOn`), and
compares every operator, the link rectangles and the canvas state after. The cases cover
what the fast paths write themselves: first-line indents (which move the text cursor, and
ReportLab merges moves), centred and overrunning lines (word spacing), colour changes
inside a paragraph, fonts that are not TrueType, colours with an opacity, a canvas that
enforces CMYK, and text objects of another class; `test_paragraph_fast.py` covers the
texts (bold runs, links, fallback fonts, characters past one font subset)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl
from reportlab.platypus.flowables import BulletDrawer

from handout import drawlines, fonts
from handout.paragraph import Paragraph
from handout.tagging import Node, TaggedCanvas, _begin, _end, _Label

URL = "https://www.example.org/medicines/amitriptyline-for-pain-and-migraine/side-effects/"
TEXTS = [
    "Take one tablet every evening, an hour or two before bed, with a glass of water.",
    "**Important:** Contact a doctor or call 111 now if you feel very sleepy or confused.",
    f"See {URL} and **also** www.nhs.uk/medicines/ for more, then **ask** your pharmacist.",
    "Ωμέγα and Кириллица words fall back to Fira Sans, mixed with plain words.",
]
RAW = [
    'Plain, <font color="#cc0000">red words</font> and <font color="#0000cc">blue</font> '
    'then plain again, <b>bold <font color="#cc0000">and red</font></b> to the end.',
    '<font name="Helvetica">A Helvetica run</font> inside a paragraph of the body font, '
    'and <font name="Helvetica-Bold">a bold one</font> too.',
]

# widths where some lines overrun by their spaces' shrinkage (negative word spacing), the
# first line of some paragraphs among them
WIDTHS = [150, 172, 187, 230, 263]


class _Recording:
    """Keeps the link rectangles a paragraph asks its canvas for."""

    def linkURL(self, url: str, rect: Any, relative: int = 0, *args: Any, **kwargs: Any) -> None:
        self.links.append((url, tuple(rect), relative, kwargs))
        super().linkURL(url, rect, relative, *args, **kwargs)  # type: ignore[misc]


class _OwnText(PDFTextObject):
    """A text object class with its own `_textOut`: `Runs` must call it."""

    def _textOut(self, text: str, TStar: int = 0) -> None:
        super()._textOut(text.upper(), TStar)


class _OwnTextCanvas(Canvas):
    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _OwnText(self, x, y, direction)


class _OwnFormat(PDFTextObject):
    """A text object class with its own `_formatText`: `Runs` must call it."""

    def _formatText(self, text: str) -> str:
        return super()._formatText(text[::-1])


class _OwnFormatCanvas(Canvas):
    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _OwnFormat(self, x, y, direction)


def _canvas(canvas_class: type, **kwargs: Any) -> Any:
    canvas = type("Recording", (_Recording, canvas_class), {})(io.BytesIO(), **kwargs)
    canvas.links = []
    return canvas


def _state(canvas: Any) -> Any:
    """What saveState/restoreState keep, and the document's font subsets so far."""
    return (canvas._fillColorObj, canvas._strokeColorObj, dict(canvas._extgstate._d),
            canvas._fontname, canvas._fontsize, canvas._leading, canvas._currentMatrix,
            len(canvas.state_stack), canvas._doc._pdfVersion)


def _drawn(paragraph_class: type, canvas_class: type, texts: list[str], style: ParagraphStyle,
           canvas_kwargs: dict[str, Any], draw_on: bool = True) -> Any:
    """The operators of `texts` drawn one under another at each width (`drawOn`, or
    `drawPara` alone), the link rectangles asked for and the canvas's state after each
    paragraph."""
    canvas = _canvas(canvas_class, **canvas_kwargs)
    tagged = isinstance(canvas, TaggedCanvas)
    states = []
    y = 800.0
    for text in texts:
        for width in WIDTHS:
            para = paragraph_class(text, style)
            _, height = para.wrap(width, 1000)
            if tagged:
                _begin(canvas, Node("P"))
            if draw_on:  # placed by a frame: centred in 13 points to spare
                para.hAlign = "CENTER" if width % 2 else "LEFT"
                para.drawOn(canvas, 40, y - height, 13)
                states.append(_state(canvas))
            else:  # Flowable.drawOn without its saveState: the state after drawPara shows
                canvas.translate(40, y - height)
                para.canv = canvas
                para.draw()
                del para.canv
                states.append(_state(canvas))
                canvas.translate(-40, height - y)
            if tagged:
                _end(canvas)
            y -= 1.0
    return list(canvas._code), canvas.links, states


def _style(**kwargs: Any) -> ParagraphStyle:
    fonts.register()
    values = {"fontName": fonts.REGULAR, "fontSize": 11, "leading": 15, "alignment": TA_LEFT,
              "hyphenationLang": "", "splitLongWords": 1, **kwargs}
    return ParagraphStyle("body", **values)


CMYK_INK = CMYKColor(0.1, 0.2, 0.3, 0.9)
CASES = {
    "first-line indent": ({"firstLineIndent": 14}, {}),
    "hanging indent": ({"firstLineIndent": -9, "leftIndent": 12}, {}),
    "centred, indented": ({"firstLineIndent": 11, "alignment": TA_CENTER}, {}),
    "centred, hanging": ({"firstLineIndent": -7, "leftIndent": 5, "alignment": TA_CENTER}, {}),
    "coloured text": ({"textColor": Color(0.2, 0.4, 0.6)}, {}),
    "the canvas's leading": ({"fontSize": 12, "leading": 12 * 1.2}, {}),
    "see-through text": ({"textColor": Color(0.2, 0.4, 0.6, alpha=0.5)}, {}),
    "not TrueType": ({"fontName": "Helvetica"}, {}),
    "CMYK canvas": ({"textColor": CMYK_INK, "firstLineIndent": 3}, {"enforceColorSpace": "cmyk"}),
}


@pytest.mark.parametrize("draw_on", [True, False], ids=["drawOn", "drawPara"])
@pytest.mark.parametrize("canvas_class", [TaggedCanvas, Canvas, _OwnTextCanvas,
                                          _OwnFormatCanvas])
@pytest.mark.parametrize("case", list(CASES))
def test_drawn_paragraphs_are_reportlabs(case: str, canvas_class: type, draw_on: bool) -> None:
    style_values, canvas_kwargs = CASES[case]
    style = _style(**style_values)
    texts = [fonts.markup(t) for t in TEXTS]
    if "enforceColorSpace" not in canvas_kwargs:  # RAW's colours are RGB
        texts += RAW
    ours = _drawn(Paragraph, canvas_class, texts, style, canvas_kwargs, draw_on)
    theirs = _drawn(rl.Paragraph, canvas_class, texts, style, canvas_kwargs, draw_on)
    assert ours[0] == theirs[0]
    assert ours[1:] == theirs[1:]


def test_the_cases_take_the_fast_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparisons above test our operators, not ReportLab against itself: with a plain
    style every paragraph is drawn by handout.drawlines, with an opacity none is."""
    kinds = []
    kind = drawlines._kind

    def recording(para: Any) -> int | None:
        kinds.append(kind(para))
        return kinds[-1]

    monkeypatch.setattr(drawlines, "_kind", recording)
    for draw_on in (True, False):
        _drawn(Paragraph, TaggedCanvas, [fonts.markup(t) for t in TEXTS] + RAW,
               _style(firstLineIndent=14, alignment=TA_CENTER), {}, draw_on)
        assert set(kinds) == {0, 1, 2}  # one font, frags, frags with links
        kinds.clear()
        _drawn(Paragraph, TaggedCanvas, [fonts.markup(TEXTS[0])],
               _style(textColor=Color(0, 0, 0, alpha=0.5)), {}, draw_on)
        assert kinds and set(kinds) == {None}
        kinds.clear()


class _Indenter:
    """What BulletDrawer reads of a list item's indenter."""

    def __init__(self, left: float, height: float) -> None:
        self._leftIndent, self._rightIndent, self.width, self.height = left, 0, 300, height


BULLETS = [
    {"value": "•", "bulletType": "bullet", "bulletColor": Color(0, 0.28, 0.56)},
    {"value": "•", "bulletType": "bullet", "bulletColor": Color(0, 0.28, 0.56)},
    {"value": "3", "bulletType": "1", "bulletFormat": "%s.", "bulletColor": "black"},
    {"value": "2", "bulletType": "a", "bulletOffsetY": 1.5, "bulletColor": Color(1, 0, 0)},
    {"value": "✓", "bulletType": "bullet"},  # a character without a code yet: ReportLab's
    {"value": "", "bulletType": "bullet"},  # nothing drawn
    {"value": "•", "bulletType": "bullet", "bulletAlign": "right"},
    {"value": "•", "bulletType": "bullet", "bulletDir": "rtl"},
    {"value": "•", "bulletType": "bullet", "bulletFontName": "Helvetica"},
    {"value": "•", "bulletType": "bullet", "bulletColor": Color(0, 0, 1, alpha=0.4)},
    {"value": "•", "bulletType": "bullet", "bulletFontSize": 9.5, "bulletDedent": 7.25},
]


def _bullets_drawn(ours: bool, tagged: bool) -> Any:
    fonts.register()
    canvas = TaggedCanvas(io.BytesIO()) if tagged else Canvas(io.BytesIO())
    canvas.setFont(fonts.REGULAR, 10)
    canvas.drawString(0, 0, "1.")  # the digits and the full stop get codes
    states = []
    for number, values in enumerate(BULLETS):
        bullet = BulletDrawer(**{"bulletFontName": fonts.REGULAR, "bulletFontSize": 12,
                                 "bulletDedent": 15.6, **values})
        indenter = _Indenter(18.2 + number, 22.8 + number * 1.1)
        x, y = 48.18898, 336.9201 - number * 17.3
        if ours:
            _Label(bullet, Node("Lbl")).drawOn(indenter, canvas, x, y)
        else:
            if tagged:
                _begin(canvas, Node("Lbl"))
            bullet.drawOn(indenter, canvas, x, y)
            if tagged:
                _end(canvas)
        states.append(_state(canvas))
    return list(canvas._code), states


@pytest.mark.parametrize("tagged", [True, False])
def test_drawn_bullets_are_reportlabs(tagged: bool) -> None:
    ours = _bullets_drawn(True, tagged)
    assert ours == _bullets_drawn(False, tagged)
    assert sum("Tj T* ET" in op for op in ours[0]) >= 8
