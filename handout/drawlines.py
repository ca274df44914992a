"""ReportLab's drawing of a paragraph's lines, trimmed to the features our paragraphs use.

`Paragraph.drawPara` draws a one-font paragraph (kind 0, see handout/textlines.py) line by
line with `_leftDrawParaLine`/`_centerDrawParaLine`, and a many-frag one (kind 1: bold
runs, fallback fonts, links) with `_leftDrawParaLineX`/`_centerDrawParaLineX` and, for
each frag, `_putFragLine`, which handles images, callbacks, underlines, strikes,
background colours, end dots and vertical alignment, asking each frag whether it has
them (`hasattr` raises and clears an AttributeError when it does not) and measuring with
`canvas.stringWidth` (the font looked up by name every time). `draw_lines` makes the same
calls on the canvas and the text object, with the same arguments in the same order, for
paragraphs that have none of those: left or centred, without bullet, border, background,
end dots or automatic leading (`_plain`), of plain-text frags (`_plain_frags`). The text
object is the canvas's own (ours: tagging._SpacedText), so line-end spaces and link
tagging (`_linkRecord`) happen exactly as under ReportLab, and link rectangles come from
ReportLab's own `_do_post_text`. Anything else returns False and ReportLab draws it.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.platypus import paragraph as rl
from reportlab.platypus.paraparser import ParaFrag

from handout.fraglines import width_function

_SPACES = frozenset(rl._wsc)  # the characters `_trailingSpaceLength` measures at a run's end


def _plain(para: Any) -> bool:
    """None of the paragraph features `draw_lines` leaves out."""
    style = para.style
    return not (para.debug or para.bulletText or style.backColor or style.wordWrap
                or style.endDots or style.alignment not in (TA_LEFT, TA_CENTER)
                or not para.blPara.lines
                or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
                or getattr(para, "autoLeading", getattr(style, "autoLeading", ""))
                in ("min", "max")
                or hasattr(para, "_offsets"))


def _plain_frags(lines: list[Any]) -> bool:
    """Every frag of every line is plain text: no image, callback, underline, strike or
    background colour."""
    for line in lines:
        for frag in line.words:
            values = frag.__dict__
            if (frag.__class__ is not ParaFrag or values.get("us_lines") or "cbDefn" in values
                    or values.get("backColor") or "preformatted" in line.__dict__):
                return False
    return True


def draw_lines(para: Any) -> bool:
    """`para.drawPara()` for a `_plain` paragraph; False (nothing drawn) for any other."""
    if not _plain(para):
        return False
    blpara = para.blPara
    if blpara.kind == 0:
        if blpara.us_lines or blpara.link:
            return False
        _draw_word_lines(para)
        return True
    if blpara.kind != 1 or not _plain_frags(blpara.lines):
        return False
    _draw_frag_lines(para)
    return True


def _draw_frag_lines(para: Any) -> None:
    """ReportLab's kind 1 (lines of frags): `drawPara` with `_leftDrawParaLineX` /
    `_centerDrawParaLineX`."""
    canvas = para.canv
    style = para.style
    lines = para.blPara.lines
    left_indent = style.leftIndent
    canvas.saveState()
    first = lines[0]
    if rl.paraFontSizeHeightOffset:
        cur_y = para.height - first.fontSize
    else:
        cur_y = para.height - getattr(first, "ascent", first.fontSize)
    tx = para.beginText(left_indent, cur_y)
    tx.preformatted = "preformatted" in para.__class__.__name__.lower()
    rl._setTXLineProps(tx, canvas, style)
    tx._do_line = MethodType(rl._do_line, tx)
    tx.direction = style.wordWrap
    xs = tx.XtraState = ABag()
    xs.textColor = None
    xs.backColor = None
    xs.rise = 0
    xs.backColors = []
    xs.us_lines = {}
    xs.links = {}
    xs.link = {}
    xs.leading = style.leading
    xs.leftIndent = left_indent
    tx._leading = None
    tx._olb = None
    xs.cur_y = cur_y
    xs.f = first
    xs.style = style
    xs.autoLeading = getattr(para, "autoLeading", getattr(style, "autoLeading", ""))
    xs.paraWidth = para.width
    tx._fontname, tx._fontsize = None, None
    center = style.alignment == TA_CENTER
    offset = style.firstLineIndent
    for line in lines:
        _draw_line(tx, offset, line, center)
        rl._do_post_text(tx)
        offset = 0
    canvas.drawText(tx)
    canvas.restoreState()


def _draw_word_lines(para: Any) -> None:
    """ReportLab's kind 0 (one font for the whole paragraph, lines of words): `drawPara`
    with `_leftDrawParaLine` / `_centerDrawParaLine`, and `setXPos` inlined."""
    canvas = para.canv
    style = para.style
    blpara = para.blPara
    lines = blpara.lines
    canvas.saveState()
    if rl.paraFontSizeHeightOffset:
        cur_y = para.height - blpara.fontSize
    else:
        cur_y = para.height - getattr(blpara, "ascent", blpara.fontSize)
    canvas.setFillColor(blpara.textColor)
    tx = para.beginText(style.leftIndent, cur_y)
    preformatted = tx.preformatted = "preformatted" in para.__class__.__name__.lower()
    tx.direction = style.wordWrap
    tx.setFont(blpara.fontName, blpara.fontSize, style.leading)
    center = style.alignment == TA_CENTER
    offset = style.firstLineIndent
    for extra, words in lines:
        simple = extra > -1e-8 or preformatted
        text = " ".join(words)
        spaces = 0
        if not simple:
            spaces = len(words) + text.count("\xa0") - 1
            simple = spaces <= 0
        if center:
            moved = offset + 0.5 * extra if simple else offset
            if not simple:
                tx.setWordSpace(extra / float(spaces))
        else:
            moved = offset
        if moved > 1e-6 or moved < -1e-6:
            tx.setXPos(moved)
        if simple:
            tx._textOut(text, 1)
        else:
            if not center:
                tx.setWordSpace(extra / float(spaces))
            tx._textOut(text, 1)
            tx.setWordSpace(0)
        if moved > 1e-6 or moved < -1e-6:
            tx.setXPos(-moved)
        offset = 0
    canvas.drawText(tx)
    canvas.restoreState()


def _draw_line(tx: Any, offset: float, line: Any, center: bool) -> None:
    """`_leftDrawParaLineX` / `_centerDrawParaLineX`."""
    tx._x_offset = offset
    if center:
        tx._dotsOffsetX = offset + tx._x0
    extra = line.extraSpace
    simple = extra > -1e-8
    spaces = 0
    if not simple:
        spaces = line.wordCount + sum([w.text.count("\xa0") for w in line.words]) - 1
        simple = spaces <= 0
    if center:
        if simple:
            moved = offset + 0.5 * line.extraSpace
            rl.setXPos(tx, moved)
            _put_frags(moved, tx, line)
        else:
            moved = offset
            tx.setWordSpace(extra / float(spaces))
            _put_frags(moved, tx, line)
            tx.setWordSpace(0)
        rl.setXPos(tx, -moved)
        del tx._dotsOffsetX
        return
    rl.setXPos(tx, offset)
    if simple:
        _put_frags(offset, tx, line)
    else:
        tx.setWordSpace(extra / float(spaces))
        _put_frags(offset, tx, line)
        tx.setWordSpace(0)
    rl.setXPos(tx, -offset)


def _put_frags(cur_x: float, tx: Any, line: Any) -> None:
    """`_putFragLine` for frags of plain text (no images, callbacks, underlines, strikes,
    background colour, end dots or automatic leading)."""
    link_record = getattr(tx, "_linkRecord", None)
    preformatted = tx.preformatted
    xs = tx.XtraState
    x0 = tx._x0
    leading = xs.leading
    cur_x += xs.leftIndent
    if tx._leading != leading:
        tx.setLeading(leading)
    word_space = getattr(tx, "_wordSpace", 0)
    spaces = 0
    words = line.words
    last = words[-1]
    in_links: Any = []  # ReportLab's AL: the links the previous frag is in
    links = xs.links
    previous = None
    widths: dict[str, Any] = {}  # font name: its width function, for this line
    for f in words:
        cur_x_s = cur_x + spaces * word_space
        font_size = f.fontSize
        text_color = f.textColor
        rise = f.rise
        frag_links = f.link
        changed = in_links != frag_links
        end_x = cur_x_s  # where the links that end here end: before the previous run's spaces
        if changed and previous is not None and not preformatted:
            end_x = cur_x_s - _trailing_space(previous.text, tx)  # in the previous run's font
        if tx._fontname != f.fontName or tx._fontsize != font_size:
            tx._setFont(f.fontName, font_size)
        if xs.textColor is not text_color and xs.textColor != text_color:
            xs.textColor = text_color
            tx.setFillColor(text_color)
        if xs.rise != rise:
            xs.rise = rise
            tx.setRise(rise)
        if changed:
            old, new = set(in_links), set(frag_links)
            started = new - old
            for link in old - new:
                links[link] = links[link], end_x
                if link_record:
                    link_record(link, "end")
        text = f.text
        tx._textOut(text, f is last)
        low = rise - 0.2 * font_size
        high = rise + font_size
        if changed:
            for link in started:
                links[link] = (link, cur_x), low, high
                if link_record:
                    link_record(link, "start")
            in_links = frag_links
        for link in in_links:
            start, lo, hi = links[link]
            if low < lo or high > hi:
                links[link] = start, min(low, lo), max(high, hi)
        measure = widths.get(tx._fontname)
        if measure is None:
            measure = widths[tx._fontname] = width_function(tx._fontname)
        cur_x += measure(text, tx._fontsize)
        spaces += text.count(" ") + text.count("\xa0")
        previous = f
    cur_x_s = cur_x + (spaces - 1) * word_space
    for link in in_links:
        links[link] = links[link], cur_x_s
        if link_record:
            link_record(link, "end")
    if tx._x0 != x0:
        rl.setXPos(tx, x0 - tx._x0)


def _trailing_space(text: str, tx: Any) -> float:
    """`_trailingSpaceLength`: the width of the spaces that end `text`, in the current font."""
    if not text or text[-1] not in _SPACES:
        return 0
    found = rl._wsc_end_search(text)
    return tx._canvas.stringWidth(found.group(), tx._fontname, tx._fontsize) if found else 0
