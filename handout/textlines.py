"""ReportLab's line breaking, without its per-word overhead, for our paragraphs.

`Paragraph.breakLines` (reportlab/platypus/paragraph.py) is the costliest step of laying
out a leaflet: for every word it calls `pdfmetrics.stringWidth` (three Python calls deep),
`getAscentDescent`, `ABag.clone` and, with space shrinkage on, re-measures the spaces of
the whole line so far. `break_lines` does the same arithmetic in the same order for the
paragraphs we make (see `_plain_style`: no hyphenation, no shaping, no bidi, no bullet
text, no images, breaks or soft hyphens) and returns the very structure ReportLab returns,
so `wrap`, `split` and `drawPara` use it unchanged:

- the same floats: each width is the same function of the same word, and every sum and
  comparison is ReportLab's, term by term (`newWidth = currentWidth + spaceWidth +
  wordWidth`, the line's shrinkable space summed word by word, in line order);
- the same objects: a frag is copied as `ABag.clone` copies it (same class, a copy of its
  attribute dict), lines are `FragLine`/`ParaLines` with the same attributes, and a
  many-frag paragraph's `frags` becomes its frag words, which `split` slices.

Anything else (a word wider than the line, which ReportLab splits; any feature above)
returns None, and the caller lets ReportLab break the paragraph. Widths are measured
afresh in every call: nothing outlives one paragraph's break.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import repeat
from typing import Any

from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as rl
from reportlab.platypus.paraparser import ParaFrag

_FK_TEXT = rl._FK_TEXT
_HSFrag = rl._HSFrag
_SOFT_HYPHEN = rl._shy
_WHITESPACE = rl.whitespace
_STRIPPED = rl._wsc  # the characters ReportLab's strip and lstrip take off


def _plain_style(para: Any) -> bool:
    """The style features whose code paths `break_lines` leaves out are all off."""
    style = para.style
    return not (para.bulletText or style.wordWrap or style.shaping or style.endDots
                or getattr(style, "hyphenationLang", "") or style.uriWasteReduce
                or style.embeddedHyphenation)


def width_function(font_name: str) -> Callable[..., float]:
    """`pdfmetrics.stringWidth(text, font_name, size)` as a function of text and size. For a
    TrueType font that is `TTFont.stringWidth`, which only hands its arguments to the C
    function; the C function is called directly, saving a Python call per word."""
    font = getFont(font_name)
    if font.__class__.stringWidth is TTFont.stringWidth:
        return partial(instanceStringWidthTTF, font)
    return font.stringWidth


# What `_rl_accel.sameFrag` compares, by getattr: a missing attribute equals only a missing one
_STYLE_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor",
               "nobr")
_ABSENT = object()


class _Metrics:
    """Widths and ascent/descent of one paragraph's fonts, looked up once per font and size
    (ReportLab's `stringWidth` finds the font by name on every call), and its frags' styles.
    """

    def __init__(self) -> None:
        self._widths: dict[str, Callable[..., float]] = {}
        self._spaces: dict[tuple[str, float], float] = {}
        self._extents: dict[tuple[str, float], tuple[float, float]] = {}
        self._styles: dict[int, tuple[Any, ...]] = {}

    def width_of(self, font_name: str) -> Callable[..., float]:
        measure = self._widths.get(font_name)
        if measure is None:
            measure = self._widths[font_name] = width_function(font_name)
        return measure

    def space(self, font_name: str, size: float) -> float:
        key = (font_name, size)
        width = self._spaces.get(key)
        if width is None:
            width = self._spaces[key] = self.width_of(font_name)(" ", size)
        return width

    def extent(self, font_name: str, size: float) -> tuple[float, float]:
        key = (font_name, size)
        found = self._extents.get(key)
        if found is None:
            found = self._extents[key] = rl.getAscentDescent(font_name, size)
        return found

    def frag_facts(self, frags: list[Any]) -> dict[int, tuple[Any, float, float, float]]:
        """For each frag object (by id, for this paragraph only): what `sameFrag` compares,
        the width of a space in its font and its ascent and descent.

        `sameFrag(f, g)` is `facts[id(f)][0] == facts[id(g)][0]` for ParaFrags of text: the
        C function gets eight attributes by name, raising and clearing an AttributeError
        for each absent one (and for the absent cbDefn and lineBreak it checks first); a
        ParaFrag keeps them in its __dict__ (its class defines none), and tuples compare
        item by item, `is` first, as sameFrag's `PyObject_RichCompareBool` does."""
        facts = {}
        for frag in frags:
            if id(frag) not in facts:
                values = frag.__dict__
                style = tuple([values.get(k, _ABSENT) for k in _STYLE_KEYS])
                name, size = values["fontName"], values["fontSize"]
                facts[id(frag)] = (style, self.space(name, size), *self.extent(name, size))
        return facts


def clone_frags(frags: list[Any]) -> list[Any]:
    """`[frag.clone() for frag in frags]`: ABag's clone, `frag.__class__(**frag.__dict__)`,
    for a ParaFrag without the keyword round trip: a new ParaFrag with a copy of the
    attributes."""
    new = object.__new__
    copies = []
    for frag in frags:
        if frag.__class__ is ParaFrag:
            copy = new(ParaFrag)
            copy.__dict__.update(frag.__dict__)
        else:
            copy = frag.clone()
        copies.append(copy)
    return copies


def break_lines(para: Any, width: Any) -> Any:
    """ReportLab's `para.breakLines(width)`, or None where ReportLab must do it."""
    if not _plain_style(para):
        return None
    frags = para.frags
    if not frags:
        return None
    max_widths = list(width) if isinstance(width, tuple | list) else [width]
    if len(frags) == 1 and not (hasattr(frags[0], "backColor") or hasattr(frags[0], "cbDefn")
                                or rl._processed_frags(frags)):
        lines = _one_frag(para, frags[0], max_widths)
    else:
        lines = _many_frags(para, frags, max_widths)
    if lines is not None:
        para.height = 0
        para._splitLongWordCount = para._hyphenations = 0
    return lines


def _one_frag(para: Any, frag: Any, max_widths: list[float]) -> Any:
    """ReportLab's kind 0 (one font for the whole paragraph): lines of plain words."""
    text = getattr(frag, "text", None)
    if text is None or _SOFT_HYPHEN in text:
        return None
    font_size = frag.fontSize
    font_name = frag.fontName
    ascent, descent = rl.getAscentDescent(font_name, font_size)
    text = text.strip(_STRIPPED)  # ReportLab's strip
    if not text:
        para._width_max = 0
        return _kind0(frag, [], ascent, descent, font_size)
    encoding = para.encoding
    measure = width_function(font_name)
    space_width = measure(" ", font_size, encoding)
    d_space_shrink = para.style.spaceShrinkage * space_width
    split_long = para.style.splitLongWords
    last = len(max_widths) - 1
    lineno = 0
    max_width = max_widths[0]
    width_max = 0
    lines = []
    line: list[str] = []
    current = -space_width  # ReportLab's start: no space before the first word
    words = text.split() if "\xa0" not in text else rl.split(text)  # ReportLab's split
    count = len(words)
    for word, word_width in zip(words, map(measure, words, repeat(font_size, count),
                                           repeat(encoding, count)), strict=True):
        new_width = current + space_width + word_width
        limit = max_width + d_space_shrink * len(line)
        if new_width > limit and split_long:
            index = min(lineno, last)
            if word_width > max(max_widths[index:index + 1]):
                return None  # a word wider than the line: ReportLab splits it
        if new_width <= limit or not line:
            if word:
                line.append(word)
            current = new_width
        else:
            if current > width_max:
                width_max = current
            lines.append((max_width - current, line))
            line = [word]
            current = word_width
            lineno += 1
            max_width = max_widths[min(last, lineno)]
    if line:
        if current > width_max:
            width_max = current
        lines.append((max_width - current, line))
    para._width_max = width_max
    return _kind0(frag, lines, ascent, descent, font_size)


def _kind0(frag: Any, lines: list[Any], ascent: float, descent: float, size: float) -> Any:
    """`frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)`."""
    lines_para = clone_frags([frag])[0]
    lines_para.__dict__.update(kind=0, lines=lines, ascent=ascent, descent=descent,
                               fontSize=size)
    return lines_para


def _frag_words(frags: list[Any], metrics: _Metrics) -> list[Any] | None:
    """ReportLab's `_getFragWords`, or None for frags it does more with than text."""
    if rl._processed_frags(frags):
        # frag words of an earlier break: plain ones are used as they are
        for word in frags:
            if word.__class__ is not list and word.__class__ is not _HSFrag:
                return None
            if word[0].__class__ is not float and word[0].__class__ is not int:
                return None
            for frag, text in word[1:]:
                if (frag.__class__ is not ParaFrag or frag.__dict__.get("_fkind") != _FK_TEXT
                        or _SOFT_HYPHEN in text):
                    return None
        return list(frags)
    for frag in frags:
        values = frag.__dict__
        text = values.get("text")
        if (frag.__class__ is not ParaFrag or not text or _SOFT_HYPHEN in text
                or "cbDefn" in values or "lineBreak" in values):
            return None
    return _text_words(frags, metrics)


def _text_words(frags: list[Any], metrics: _Metrics) -> list[Any]:
    """`_getFragWords` for frags of text only (no images, breaks or soft hyphens): each word
    `[width, (frag, text), ...]`, an `_HSFrag` if a space follows it. A word's width is
    the sum of its pieces' widths, in order, as ReportLab adds them."""
    words: list[Any] = []
    word: list[Any] = []
    width = 0
    strip_leading = True
    for f in frags:
        text = f.text
        f._fkind = _FK_TEXT
        if strip_leading:
            text = text.lstrip(_STRIPPED)  # ReportLab's lstrip
            if not text:
                continue
            strip_leading = False
        parts = text.split() if "\xa0" not in text else rl.split(text)  # ReportLab's split
        if text[0] in _WHITESPACE or not parts:
            if word:
                word.insert(0, width)
                words.append(word)  # ended by this frag's leading space, yet not an _HSFrag
                word = []
                width = 0
                parts.insert(0, "")
            elif not (words and isinstance(words[-1], _HSFrag)):
                parts.insert(0, "")
            elif not parts:
                continue
        measure = metrics.width_of(f.fontName)
        size = f.fontSize
        for part in parts[:-1]:
            word.append((f, part))
            width += measure(part, size)
            word.insert(0, width)
            words.append(_HSFrag(word))
            word = []
            width = 0
        part = parts[-1]
        word.append((f, part))
        width += measure(part, size)
        if text[-1] in _WHITESPACE:
            word.insert(0, width)
            words.append(_HSFrag(word))
            word = []
            width = 0
    if word:
        word.insert(0, width)
        words.append(word)
    if not words and frags:
        f = frags[0]
        f._fkind = _FK_TEXT
        words = [[0, (f, "")]]
    return words


def _many_frags(para: Any, frags: list[Any], max_widths: list[float]) -> Any:
    """ReportLab's kind 1 (several fonts or links): lines of frags, `para.frags` becomes the
    frag words. Names follow ReportLab's where they help to compare the two; a frag is
    copied inline as `clone_frags` copies a ParaFrag (`_frag_words` let only those in)."""
    style = para.style
    max_width = max_widths[0]
    metrics = _Metrics()
    words_in = _frag_words(frags, metrics)
    if words_in is None:
        return None
    facts = metrics.frag_facts([piece[0] for w in words_in for piece in w[1:]])
    space_of = metrics.space
    new = object.__new__
    shrinkage = style.spaceShrinkage
    split_long = style.splitLongWords
    last = len(max_widths) - 1
    lineno = 0
    width_max = 0
    lines = []
    done: list[Any] = []  # ReportLab's FW: the frag words taken so far
    words: list[Any] = []  # the current line's frags
    # each frag's spaces times its space width: ReportLab sums them again for every word
    shrinks: list[float] = []
    start = 0  # ReportLab's sFW: index in `done` of the line's first word
    n = space_width = current = 0
    max_size = max_ascent = min_descent = 0
    g = None  # the line's last frag
    g_facts: Any = None  # the facts of the frag it is a copy of
    for w in words_in:
        done.append(w)
        last_frag = w[-1][0]
        font_name = last_frag.fontName
        font_size = last_frag.fontSize
        if not words:
            n = space_width = current = 0
            max_size = font_size
            _, _, max_ascent, min_descent = facts[id(last_frag)]
        word_width = w[0]
        f = w[1][0]
        f_facts = facts[id(f)]
        new_width = current + space_width + word_width if word_width > 0 else current
        limit = max_width
        if shrinkage:
            shrink = space_width
            for term in shrinks:  # in line order, as ReportLab adds them
                if term:
                    shrink += term
            shrink *= shrinkage
            limit += shrink
        if new_width > limit and split_long:
            index = min(lineno, last)
            if word_width > max(max_widths[index:index + 1]):
                return None  # a word wider than the line: ReportLab splits it
        if not (new_width > limit and n > 0):
            text = w[1][1]
            if text:
                n += 1
            font_size = f.fontSize
            _, _, ascent, descent = f_facts
            # `if`s, not max() and min(): the same value, the first of equal ones kept
            if font_size > max_size:
                max_size = font_size
            if ascent > max_ascent:
                max_ascent = ascent
            if descent < min_descent:
                min_descent = descent
            if not words or g_facts[0] != f_facts[0]:  # ReportLab: not sameFrag(g, f)
                # the space before this word goes to the line's last frag (ReportLab walks
                # back to the last text frag: all of ours are text)
                if words and space_width and not g.text.endswith(" "):
                    g.text += " "
                    shrinks[-1] = g.text.count(" ") * g_facts[1]
                g = new(ParaFrag)
                g.__dict__.update(f.__dict__)
                g.text = text
                g_facts = f_facts
                if words:
                    words.append(g)
                    shrinks.append(text.count(" ") * f_facts[1])
                else:
                    words = [g]
                    shrinks = [text.count(" ") * f_facts[1]]
            else:
                if not space_width:
                    g.text += text
                elif not g.text.endswith(" "):
                    g.text += " " + text
                else:
                    g.text += text
                shrinks[-1] = g.text.count(" ") * g_facts[1]
            # ReportLab's quirk kept: the font of the word's last piece, the size of its first
            space_width = space_of(font_name, font_size) if isinstance(w, _HSFrag) else 0
            real = 0
            for piece_frag, piece_text in w[2:]:
                g = new(ParaFrag)
                g.__dict__.update(piece_frag.__dict__)
                g.text = piece_text
                g_facts = facts[id(piece_frag)]
                if piece_text:
                    real = 1
                words.append(g)
                shrinks.append(piece_text.count(" ") * g_facts[1])
                font_size = g.fontSize
                _, _, ascent, descent = g_facts
                if font_size > max_size:
                    max_size = font_size
                if ascent > max_ascent:
                    max_ascent = ascent
                if descent < min_descent:
                    min_descent = descent
            if not text and real:
                n += 1
            current = new_width
        else:
            if current > width_max:
                width_max = current
            lines.append(rl.FragLine(extraSpace=max_width - current, wordCount=n, lineBreak=False,
                                     words=words, fontSize=max_size, ascent=max_ascent,
                                     descent=min_descent, maxWidth=max_width, sFW=start))
            start = len(done) - 1
            lineno += 1
            max_width = max_widths[min(last, lineno)]
            space_width = space_of(font_name, font_size) if isinstance(w, _HSFrag) else 0
            current = word_width
            n = 1
            g = new(ParaFrag)
            g.__dict__.update(f.__dict__)
            g.text = w[1][1]
            g_facts = f_facts
            max_size = g.fontSize
            _, _, max_ascent, min_descent = f_facts
            words = [g]
            shrinks = [g.text.count(" ") * f_facts[1]]
            for piece_frag, piece_text in w[2:]:
                g = new(ParaFrag)
                g.__dict__.update(piece_frag.__dict__)
                g.text = piece_text
                g_facts = facts[id(piece_frag)]
                words.append(g)
                shrinks.append(piece_text.count(" ") * g_facts[1])
                font_size = g.fontSize
                _, _, ascent, descent = g_facts
                if font_size > max_size:
                    max_size = font_size
                if ascent > max_ascent:
                    max_ascent = ascent
                if descent < min_descent:
                    min_descent = descent
    if words:
        if current > width_max:
            width_max = current
        lines.append(rl.FragLine(extraSpace=max_width - current, wordCount=n, lineBreak=False,
                                 words=words, fontSize=max_size, ascent=max_ascent,
                                 descent=min_descent, maxWidth=max_width, sFW=start))
    para._width_max = width_max
    para.frags = done
    return rl.ParaLines(kind=1, lines=lines)
