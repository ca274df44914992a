"""ReportLab's drawing of a paragraph's lines, trimmed to the features our paragraphs use.

`Paragraph.drawPara` draws a one-font paragraph (kind 0, see handout/textlines.py) line by
line with `_leftDrawParaLine`/`_centerDrawParaLine`, and a many-frag one (kind 1: bold
runs, fallback fonts, links) with `_leftDrawParaLineX`/`_centerDrawParaLineX` and, for
each frag, `_putFragLine`, which handles images, callbacks, underlines, strikes,
background colours, end dots and vertical alignment, asking each frag whether it has
them (`hasattr` raises and clears an AttributeError when it does not) and measuring with
`canvas.stringWidth` (the font looked up by name every time); after each line,
`_do_post_text` draws its backgrounds, links and underlines. `draw_lines` writes the same
operators in the same order for paragraphs that have none of those: left or centred,
without bullet, border, background, end dots or automatic leading (`_plain`), of
plain-text frags at the baseline whose colours leave the canvas's opacity as it is
(`_plain_frags`). Each run of text goes into the paragraph's text object (the canvas's
own: tagging._SpacedText) through `textdraw.Runs`, which keeps that object's state as its
`_textOut` does, so line-end spaces and link tagging (`_linkRecord`) happen exactly as
under ReportLab; link rectangles go through ReportLab's own `_doLink`. Anything else
returns False and ReportLab draws it.

The graphics state: ReportLab brackets a paragraph twice with `canvas.saveState()` and
`restoreState()` (`Flowable.drawOn` around its translation, `drawPara` around its lines),
which write `q` and `Q` and copy the canvas's 23 state attributes (its ExtGState among
them) in and out. Of those, drawing these paragraphs changes only the current matrix (the
translation, which link rectangles read), the fill colour of a one-font paragraph (set on
the canvas; a many-frag paragraph sets its colours in the text object) and, through a
colour's opacity, the canvas's ExtGState, which `_kind` rules out: so `q`, `Q` and putting
the matrix and the fill colour back (`draw_on`, `draw_lines`) leave the canvas as they did.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import paragraph as rl
from reportlab.platypus.paraparser import ParaFrag

from handout.fontwidths import width_function
from handout.textdraw import Runs
from handout.textops import keeps_opacity, set_fill

_SPACES = frozenset(rl._wsc)  # the characters `_trailingSpaceLength` measures at a run's end
ONE_FONT, FRAGS, LINKED_FRAGS = range(3)  # how `draw_lines` draws a paragraph (`_kind`)


class _TextState:
    """What a paragraph's text object holds across its lines: the fill colour last set in
    it, and the link rectangles of the line being drawn (for `_do_post_text`)."""

    __slots__ = ("color", "links")

    def __init__(self) -> None:
        self.color: Any = None
        self.links: list[Any] = []


def _plain(para: Any) -> bool:
    """None of the paragraph features `draw_lines` leaves out."""
    style = para.style
    return not (para.debug or para.bulletText or style.backColor or style.wordWrap
                or style.endDots or style.alignment not in (TA_LEFT, TA_CENTER)
                or not para.blPara.lines
                or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
                or getattr(para, "autoLeading", getattr(style, "autoLeading", ""))
                in ("min", "max")
                or hasattr(para, "_offsets")
                or "preformatted" in para.__class__.__name__.lower())


def _plain_frags(lines: list[Any], canvas: Any) -> bool | None:
    """Every frag of every line is plain text at the baseline, in a colour that keeps the
    canvas's opacity: no image, callback, underline, strike, background colour or rise.
    True if some frag is in a link, False if none, None if a frag is not plain."""
    links = False
    checked: dict[int, Any] = {}  # the colours checked, by id (alive while frags hold them)
    for line in lines:
        if "preformatted" in line.__dict__:
            return None
        for frag in line.words:
            values = frag.__dict__
            if (frag.__class__ is not ParaFrag or values.get("us_lines") or "cbDefn" in values
                    or values.get("backColor") or frag.rise):
                return None
            color = frag.textColor
            if id(color) not in checked:
                if not keeps_opacity(color, canvas):
                    return None
                checked[id(color)] = color
            links = links or bool(frag.link)
    return links


def _kind(para: Any) -> int | None:
    """How `draw_lines` draws the paragraph: ONE_FONT (`_draw_word_lines`), FRAGS or
    LINKED_FRAGS (`_draw_frag_lines`); None: ReportLab draws it."""
    if not _plain(para):
        return None
    blpara = para.blPara
    if blpara.kind == 0:
        if blpara.us_lines or blpara.link or not keeps_opacity(blpara.textColor, para.canv):
            return None
        return ONE_FONT
    links = _plain_frags(blpara.lines, para.canv) if blpara.kind == 1 else None
    return None if links is None else LINKED_FRAGS if links else FRAGS


def _draw(para: Any, kind: int) -> None:
    if kind == ONE_FONT:
        _draw_word_lines(para)
    else:
        _draw_frag_lines(para, kind == LINKED_FRAGS)


def draw_lines(para: Any) -> bool:
    """`para.drawPara()` for a `_plain` paragraph; False (nothing drawn) for any other."""
    kind = _kind(para)
    if kind is None:
        return False
    _draw(para, kind)
    return True


def draw_on(para: Any, canvas: Any, x: float, y: float, sW: float = 0) -> bool:
    """`Flowable.drawOn(para, canvas, x, y, sW)` for a paragraph `draw_lines` draws; False
    (nothing drawn) for any other. ReportLab saves the state, translates, draws and
    restores the state: of the state, only the translation (the current matrix, which
    link rectangles read) changes here, put back as `restoreState` would."""
    if getattr(para, "_showBoundary", None):
        return False
    para.canv = canvas
    kind = _kind(para)
    if kind is None:
        del para.canv
        return False
    x = para._hAlignAdjust(x, sW)
    canvas._code.append("q")
    matrix = canvas._currentMatrix
    canvas.translate(x, y)
    _draw(para, kind)
    del para.canv
    canvas._currentMatrix = matrix
    canvas._code.append("Q")
    return True


def _draw_frag_lines(para: Any, links: bool) -> None:
    """ReportLab's kind 1 (lines of frags): `drawPara` with `_leftDrawParaLineX` /
    `_centerDrawParaLineX`, `_putFragLine` and `_do_post_text` for each line."""
    canvas = para.canv
    style = para.style
    lines = para.blPara.lines
    canvas._code.append("q")  # canvas.saveState(): see the module's docstring
    first = lines[0]
    if rl.paraFontSizeHeightOffset:
        cur_y = para.height - first.fontSize
    else:
        cur_y = para.height - getattr(first, "ascent", first.fontSize)
    left_indent = style.leftIndent
    tx = para.beginText(left_indent, cur_y)
    leading = style.leading
    tx._leading = tx._fontname = tx._fontsize = None  # the first line sets them
    runs = Runs(tx)
    center = style.alignment == TA_CENTER
    offset = style.firstLineIndent
    state = _TextState()
    for line in lines:
        # _leftDrawParaLineX / _centerDrawParaLineX
        extra = line.extraSpace
        simple = extra > -1e-8
        spaces = 0
        if not simple:
            spaces = line.wordCount + sum([w.text.count("\xa0") for w in line.words]) - 1
            simple = spaces <= 0
        if simple:
            moved = offset + 0.5 * extra if center else offset
            rl.setXPos(tx, moved)
            if links:
                _put_linked_frags(runs, line, state, leading, moved + left_indent, 0)
            else:
                _put_frags(runs, line, state, leading)
        else:
            moved = offset
            if not center:  # (a centred line of stretched spaces moves back, never there)
                rl.setXPos(tx, moved)
            word_space = extra / float(spaces)
            tx._code.append(f"{fp_str(word_space)} Tw")  # tx.setWordSpace
            if links:
                _put_linked_frags(runs, line, state, leading, moved + left_indent, word_space)
            else:
                _put_frags(runs, line, state, leading)
            tx._code.append("0 Tw")
        rl.setXPos(tx, -moved)
        if links:  # _do_post_text: this line's link rectangles
            for (((_, link), x1), low, high), x2 in sorted(state.links):
                rl._doLink(tx, link, (x1, cur_y + low, x2, cur_y + high))
            state.links.clear()
        cur_y -= leading
        offset = 0
    canvas.drawText(tx)
    canvas._code.append("Q")  # canvas.restoreState()


def _draw_word_lines(para: Any) -> None:
    """ReportLab's kind 0 (one font for the whole paragraph, lines of words): `drawPara`
    with `_leftDrawParaLine` / `_centerDrawParaLine`, and `setXPos` inlined."""
    canvas = para.canv
    style = para.style
    blpara = para.blPara
    lines = blpara.lines
    code = canvas._code
    code.append("q")  # canvas.saveState(): see the module's docstring
    fill = canvas._fillColorObj
    if rl.paraFontSizeHeightOffset:
        cur_y = para.height - blpara.fontSize
    else:
        cur_y = para.height - getattr(blpara, "ascent", blpara.fontSize)
    set_fill(canvas, blpara.textColor)
    tx = para.beginText(style.leftIndent, cur_y)
    tx.setFont(blpara.fontName, blpara.fontSize, style.leading)
    runs = Runs(tx)
    runs.use(blpara.fontName, blpara.fontSize)
    put = runs.put
    center = style.alignment == TA_CENTER
    offset = style.firstLineIndent
    for extra, words in lines:  # _leftDrawParaLine / _centerDrawParaLine
        simple = extra > -1e-8
        text = " ".join(words)
        spaces = 0
        if not simple:
            spaces = len(words) + text.count("\xa0") - 1
            simple = spaces <= 0
        moved = offset + 0.5 * extra if center and simple else offset
        if not simple and center:
            tx._code.append(f"{fp_str(extra / float(spaces))} Tw")  # tx.setWordSpace
        rl.setXPos(tx, moved)
        if simple:
            put(text, 1)
        else:
            if not center:
                tx._code.append(f"{fp_str(extra / float(spaces))} Tw")
            put(text, 1)
            tx._code.append("0 Tw")
        rl.setXPos(tx, -moved)
        offset = 0
    canvas.drawText(tx)
    code.append("Q")  # canvas.restoreState()
    canvas._fillColorObj = fill


def _set_leading(tx: Any, leading: float) -> None:
    """`_putFragLine` sets the style's leading on the text object when it differs, so the
    first line writes it."""
    if tx._leading != leading:
        tx._code.append(f"{fp_str(leading)} TL")  # tx.setLeading
        tx._leading = leading


def _put_frags(runs: Runs, line: Any, state: _TextState, leading: float) -> None:
    """`_putFragLine` for a line of plain-text frags in no link: a font and a colour when
    they change, then the text."""
    tx = runs.tx
    _set_leading(tx, leading)
    last = line.words[-1]
    for f in line.words:
        if tx._fontname != f.fontName or tx._fontsize != f.fontSize:
            runs.font(f.fontName, f.fontSize)
        color = f.textColor
        if state.color is not color and state.color != color:
            state.color = color
            set_fill(tx, color)
        runs.put(f.text, f is last)


def _put_linked_frags(runs: Runs, line: Any, state: _TextState, leading: float,
                      cur_x: float, word_space: float) -> None:
    """`_putFragLine` for a line of plain-text frags where links start, continue or end:
    as `_put_frags`, and where each link starts and ends on the line (ReportLab's
    `xs.links`; `state.links` for `_do_post_text`), told to the text object's `_linkRecord`."""
    tx = runs.tx
    _set_leading(tx, leading)
    link_record = getattr(tx, "_linkRecord", None)
    words = line.words
    last = words[-1]
    in_links: Any = []  # ReportLab's AL: the links the previous frag is in
    links: dict[Any, Any] = {}
    spaces = 0
    previous = None
    widths: dict[str, Any] = {}  # font name: its width function, for this line
    for f in words:
        font_size = f.fontSize
        frag_links = f.link
        changed = in_links != frag_links
        if changed:  # where the links that end here end: before the previous run's spaces
            end_x = cur_x + spaces * word_space
            if previous is not None:
                end_x -= _trailing_space(previous.text, tx)  # in the previous run's font
        if tx._fontname != f.fontName or tx._fontsize != font_size:
            runs.font(f.fontName, font_size)
        color = f.textColor
        if state.color is not color and state.color != color:
            state.color = color
            set_fill(tx, color)
        if changed:
            old, new = set(in_links), set(frag_links)
            started = new - old
            for link in old - new:
                links[link] = links[link], end_x
                if link_record:
                    link_record(link, "end")
        text = f.text
        runs.put(text, f is last)
        low = f.rise - 0.2 * font_size
        high = f.rise + font_size
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
    state.links += links.values()


def _trailing_space(text: str, tx: Any) -> float:
    """`_trailingSpaceLength`: the width of the spaces that end `text`, in the current font."""
    if not text or text[-1] not in _SPACES:
        return 0
    found = rl._wsc_end_search(text)
    return tx._canvas.stringWidth(found.group(), tx._fontname, tx._fontsize) if found else 0
