"""handout.textlines breaks lines exactly as ReportLab does, object for object.

Each case wraps the same markup twice, once with our fast path and once with ReportLab's
`breakLines`, and compares everything Platypus and `drawPara` later read: the line
structure, every frag's attributes, the widths (floats compared exactly) and, for a
paragraph of several frags, the frag words that `split` slices."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as rl

from handout import fonts, fontwidths, textlines
from handout.paragraph import Paragraph
from handout.tagging import TaggedCanvas

URL = "https://www.example.org/medicines/amitriptyline-for-pain-and-migraine/side-effects/"
TEXTS = [
    "Take one tablet every evening, an hour or two before bed, with a glass of water.",
    "**Important:** Contact a doctor or call 111 now if you feel very sleepy or confused.",
    "Some **bold words** inside a sentence and **two** more **bold** runs, then plain text.",
    f"NHS (nhs.uk): Amitriptyline for pain and migraine (web page, 2024). {URL}",
    f"See {URL} and also www.nhs.uk/medicines/ for more.",
    "Ωμέγα and Кириллица words fall back to Fira Sans, mixed with plain words.",
    "Short.",
    "   ",
    "A verylongwordthatcannotfitonanylineatallbecauseitgoesonandonandonforeverandever end.",
]
# markup fonts.markup never makes, for the rules it would otherwise leave untested: a word whose
# pieces differ in size, and a paragraph that starts with a space run in its own frag
RAW = [
    'Some Big<font size="16">GER</font> words and <font size="8">small</font>er ones '
    'in a row, a<font size="16">b</font>c <font size="8">d</font>e f g h i j k l m n o p.',
    '<font size="9"> </font>Leading space run, then <b>bold</b> <b>and</b> plain.',
    'A <a href="https://example.org/a">link that ends in a space </a><font size="14">then'
    '</font> <font color="red">red words</font> and <a href="https://example.org/b">another '
    'link</a> to end with.',
    'Frags of one style side by side: <b>bold</b><b> and bold</b> <b>again</b> and '
    '<font color="red">red</font><font color="red"> twice</font>, joined on one line.',
]
WIDTHS = [40.0, 72.5, 120.0, 192.51023622047245, 216.11023622047242, 300.0, 520.0]


def _style(alignment: int) -> ParagraphStyle:
    fonts.register()
    return ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=11, leading=15,
                          alignment=alignment, allowWidows=0, allowOrphans=0,
                          hyphenationLang="", splitLongWords=1)


def _frag(frag: Any) -> tuple[str, dict[str, Any]]:
    return type(frag).__name__, dict(frag.__dict__)


def _word(word: Any) -> Any:
    if isinstance(word, str):
        return word
    return type(word).__name__, word[0], [(_frag(f), text) for f, text in word[1:]]


def _snapshot(para: Any, lines: Any) -> Any:
    """Everything a later wrap, split or draw reads, as plain values."""
    head = {k: v for k, v in lines.__dict__.items() if k != "lines"}
    if lines.kind == 0:
        body = [(extra, list(words)) for extra, words in lines.lines]
    else:
        body = [({k: v for k, v in line.__dict__.items() if k != "words"},
                 [_frag(word) for word in line.words]) for line in lines.lines]
    frags = [_word(f) if isinstance(f, list) else _frag(f) for f in para.frags]
    return (type(lines).__name__, head, body, frags, para._width_max,
            para._splitLongWordCount, para._hyphenations, para.height)


def _both(markup: str, style: ParagraphStyle, widths: list[float]) -> tuple[Any, Any, Any]:
    ours, theirs = Paragraph(markup, style), Paragraph(markup, style)
    fast = textlines.break_lines(ours, list(widths))
    slow = rl.Paragraph.breakLines(theirs, list(widths))
    return fast, _snapshot(ours, fast) if fast is not None else None, _snapshot(theirs, slow)


@pytest.mark.parametrize("alignment", [TA_LEFT, TA_CENTER])
@pytest.mark.parametrize("text", TEXTS + RAW)
def test_lines_are_reportlabs(text: str, alignment: int) -> None:
    style = _style(alignment)
    markup = text if text in RAW else fonts.markup(text)
    for width in WIDTHS:
        fast, ours, theirs = _both(markup, style, [width, width])
        if fast is not None:
            assert ours == theirs, (text, width)
        elif width >= 120 and text.strip() and "verylongword" not in text:
            # only a word wider than the line goes to ReportLab: the fast path is the rule
            pytest.fail(f"fast path not taken at {width}: {text}")


def test_a_second_wrap_of_split_frag_words_is_reportlabs() -> None:
    """After a many-frag break `frags` are frag words; breaking those again (a split's second
    part, a new width) goes through the fast path too."""
    style = _style(TA_LEFT)
    markup = fonts.markup(f"**Important:** read {URL} before you take it, then ask.")
    ours, theirs = Paragraph(markup, style), Paragraph(markup, style)
    textlines.break_lines(ours, [150.0, 150.0])
    rl.Paragraph.breakLines(theirs, [150.0, 150.0])
    fast = textlines.break_lines(ours, [90.0, 90.0])
    slow = rl.Paragraph.breakLines(theirs, [90.0, 90.0])
    assert fast is not None
    assert _snapshot(ours, fast) == _snapshot(theirs, slow)


def test_a_word_wider_than_the_line_is_left_to_reportlab() -> None:
    style = _style(TA_LEFT)
    para = Paragraph("Averyveryverylongwordindeed here", style)
    assert textlines.break_lines(para, [30.0, 30.0]) is None
    lines = para.breakLines([30.0, 30.0])
    assert para._splitLongWordCount == 1
    assert lines.lines  # ReportLab split the word over lines


class _Links:
    """Keeps the link rectangles a paragraph asks its canvas for."""

    def linkURL(self, url: str, rect: Any, relative: int = 0, *args: Any, **kwargs: Any) -> None:
        self.links.append((url, tuple(rect), relative, args, kwargs))
        super().linkURL(url, rect, relative, *args, **kwargs)  # type: ignore[misc]


def _drawn(paragraph_class: type, canvas_class: type, texts: list[str],
           alignment: int) -> tuple[list[str], Any]:
    """The content operators of `texts` drawn one under another on a fresh canvas, and the
    link rectangles asked for."""
    style = _style(alignment)
    canvas = type("Recording", (_Links, canvas_class), {})(io.BytesIO())
    canvas.links = []
    y = 800.0
    for text in texts:
        for width in (150, 187, 200):  # lines that overrun by their spaces' shrinkage too
            para = paragraph_class(text, style)
            _, height = para.wrap(width, 1000)
            para.drawOn(canvas, 40, y - height)
            y -= 1.0
    return list(canvas._code), canvas.links


def _many_characters() -> str:
    """More distinct characters than one font subset holds (codes past 255)."""
    fonts.font(fonts.FALLBACK)
    chars = sorted(set(fonts.font(fonts.FALLBACK).face.charToGlyph) - set(range(0x80)))
    return " ".join("".join(chr(c) for c in chars[i:i + 8]) for i in range(0, 320, 8))


@pytest.mark.parametrize("alignment", [TA_LEFT, TA_CENTER])
@pytest.mark.parametrize("canvas_class", [Canvas, TaggedCanvas])
def test_drawn_operators_are_reportlabs(canvas_class: type, alignment: int) -> None:
    many = f'<font name="{fonts.FALLBACK}">{_many_characters()}</font>'
    texts = [fonts.markup(t) for t in TEXTS] + RAW + [
        "A\u00a0non-breaking space, (brackets) and a back\\slash.", many, many,
        fonts.markup(TEXTS[0]), fonts.markup(TEXTS[3])]
    ours = _drawn(Paragraph, canvas_class, texts, alignment)
    assert ours == _drawn(rl.Paragraph, canvas_class, texts, alignment)
    assert len(ours[1]) >= 4  # each URL's rectangle, one per line it runs over


@pytest.mark.parametrize("text", [TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[3]])
def test_every_width_breaks_as_reportlab(text: str) -> None:
    """Widths half a point apart: somewhere the space shrinkage ReportLab allows (5 % of each
    space on the line) decides whether a word still fits, and there the sums must agree."""
    style = _style(TA_LEFT)
    markup = fonts.markup(text)
    for step in range(120, 600):
        width = step / 2
        fast, ours, theirs = _both(markup, style, [width, width])
        if fast is not None:
            assert ours == theirs, width


# -- generated paragraphs: the fast paths against ReportLab on texts no one wrote -----------
# The normal suite: 40 examples, the same every run; a longer hunt explores at random:
#   HANDOUT_FUZZ_EXAMPLES=2000 python -m pytest -q tests/test_paragraph_fast.py -k generated
EXAMPLES = int(os.environ.get("HANDOUT_FUZZ_EXAMPLES", "0")) or None
_WORDS = ["a", "I", "tablet", "every", "evening", "mg,", "10", "(placebo)", "don't",
          "side-effects", "well-being.", "Ωμέγα", "Кириллица", "café", "1\u00a0000",
          "naïve", "x" * 25, "—", "100%", "“quoted”", "111;", "e.g."]
_URLS = ["https://www.nhs.uk/medicines/amitriptyline/", "www.example.org/a-b/c.d",
         "http://x.org/"]


@st.composite
def _content_text(draw: st.DrawFn) -> str:
    """Content as a writer gives it (what fonts.markup receives): words, **bold** runs,
    web addresses, fallback-font characters, odd spacing."""
    pieces = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["word"] * 6 + ["bold", "url", "space"]))
        if kind == "word":
            pieces.append(draw(st.sampled_from(_WORDS)))
        elif kind == "bold":
            words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))
            pieces.append(f"**{' '.join(words)}**")
        elif kind == "url":
            pieces.append(draw(st.sampled_from(_URLS)))
        else:
            pieces.append(draw(st.sampled_from(["  ", "\u00a0", " \t"])))
    return " ".join(pieces)


@settings(max_examples=EXAMPLES or 40, deadline=None, derandomize=EXAMPLES is None)
@given(text=_content_text(), width=st.floats(60, 400), first=st.floats(0, 30),
       alignment=st.sampled_from([TA_LEFT, TA_CENTER]))
def test_generated_paragraphs_break_and_draw_as_reportlab(text: str, width: float,
                                                          first: float, alignment: int) -> None:
    markup = fonts.markup(text)
    style = _style(alignment)
    fast, ours, theirs = _both(markup, style, [width - first, width])
    if fast is not None:
        assert ours == theirs
    assert _drawn(Paragraph, TaggedCanvas, [markup], alignment) == \
        _drawn(rl.Paragraph, TaggedCanvas, [markup], alignment)


# -- widths: handout's sums of the fonts' own widths against ReportLab's C function ---------
_SIZES = [0.1, 1 / 3, 6, 7.5, 8, 9, 10, 10.5, 11, 11.5, 12, 12.75, 13, 14, 16, 18, 24, 36.6]


@pytest.mark.parametrize("name", [fonts.REGULAR, fonts.BOLD, fonts.FALLBACK, fonts.FALLBACK_BOLD])
def test_widths_are_reportlabs_on_every_character(name: str) -> None:
    """`fontwidths.width_function` adds the font's widths in Python instead of calling
    ReportLab's C function: the same float for every character the font has, for some it
    has not, and for runs of them, at every size; the same ascent and descent too."""
    fonts.register()
    face = fonts.font(name).face
    chars = [chr(code) for code in face.charWidths] + ["\U0001f600", "\u4e2d", "\x00", "\ud800"]
    runs = ["".join(chars[i:i + step]) for step in (2, 7, 31) for i in range(0, len(chars), step)]
    measure, measure_all = fontwidths.width_function(name), fontwidths.widths_function(name)
    for size in _SIZES:
        theirs = [pdfmetrics.stringWidth(text, name, size) for text in chars + runs + [""]]
        assert [measure(text, size) for text in chars + runs + [""]] == theirs, size
        assert measure_all(chars + runs + [""], size) == theirs, size
    assert measure("café".encode(), 11) == pdfmetrics.stringWidth("café", name, 11)  # bytes
    extent = fontwidths.extent_function(name)
    for size in [0, *_SIZES]:
        assert extent(size) == pdfmetrics.getAscentDescent(name, size), size


def test_spaces_that_stretch_are_left_to_reportlab() -> None:
    """`break_lines` sums the spaces' shrinkage only for a word past the line's width,
    which is right only while the shrinkage is not negative."""
    style = _style(TA_LEFT)
    style.spaceShrinkage = -0.05
    for markup in (TEXTS[0], fonts.markup(TEXTS[1])):
        assert textlines.break_lines(Paragraph(markup, style), [150.0, 150.0]) is None
    style.spaceShrinkage = 0.05
    for markup in (TEXTS[0], fonts.markup(TEXTS[1])):
        assert textlines.break_lines(Paragraph(markup, style), [150.0, 150.0]) is not None
