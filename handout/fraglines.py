"""ReportLab's line breaking of a paragraph of several frags (bold runs, fallback fonts, links),
without its per-word overhead: the kind-1 half of `Paragraph.breakLines`, for
handout/textlines.py, which says what stays the same and what is left to ReportLab.

Here ReportLab's `_getFragWords` turns the frags into frag words (`[width, (frag, text),
...]`, an `_HSFrag` when a space follows), and its line loop fills `FragLine`s with copies
of the frags, joining the text of neighbours of the same style (`sameFrag`). Per word it
measures a space by font name, asks `sameFrag` (which raises and clears an AttributeError
for each absent attribute), copies frags through `ABag.clone`'s keywords and recounts the
shrinkable spaces of the whole line so far; `many_frags` finds each frag's style, space
width and extent once per paragraph and keeps each line frag's shrinkable spaces as it
changes, summing them in line order as ReportLab does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
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
_STRIPPED = rl._wsc  # the characters ReportLab's lstrip takes off


def width_function(font_name: str) -> Callable[..., float]:
    """`pdfmetrics.stringWidth(text, font_name, size)` as a function of text and size. For a
    TrueType font that is `TTFont.stringWidth`, which only hands its arguments to the C
    function; the C function is called directly, saving a Python call per word."""
    font = getFont(font_name)
    if font.__class__.stringWidth is TTFont.stringWidth:
        return partial(instanceStringWidthTTF, font)
    return font.stringWidth


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


# What `_rl_accel.sameFrag` compares, by getattr: a missing attribute equals only a missing one
_STYLE_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor",
               "nobr")
_ABSENT = object()


class _Metrics:
    """Widths and ascent/descent of one paragraph's fonts, looked up once per font and size
    (ReportLab's `stringWidth` finds the font by name on every call), and its frags' facts.
    """

    def __init__(self) -> None:
        self._widths: dict[str, Callable[..., float]] = {}
        self._spaces: dict[tuple[str, float], float] = {}
        self._extents: dict[tuple[str, float], tuple[float, float]] = {}

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


def many_frags(para: Any, frags: list[Any], max_widths: list[float]) -> Any:
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
            if len(w) > 2:
                g, g_facts, real, max_size, max_ascent, min_descent = _later_pieces(
                    w, words, shrinks, facts, max_size, max_ascent, min_descent)
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
            if len(w) > 2:
                g, g_facts, _, max_size, max_ascent, min_descent = _later_pieces(
                    w, words, shrinks, facts, max_size, max_ascent, min_descent)
    if words:
        if current > width_max:
            width_max = current
        lines.append(rl.FragLine(extraSpace=max_width - current, wordCount=n, lineBreak=False,
                                 words=words, fontSize=max_size, ascent=max_ascent,
                                 descent=min_descent, maxWidth=max_width, sFW=start))
    para._width_max = width_max
    para.frags = done
    return rl.ParaLines(kind=1, lines=lines)


def _later_pieces(w: list[Any], words: list[Any], shrinks: list[float],
                  facts: dict[int, Any], size: float, ascent: float, descent: float
                  ) -> tuple[Any, Any, int, float, float, float]:
    """The pieces of a word after its first (a word across a change of font), each added to
    the line as a copy of its frag, as ReportLab adds them. Returns the last copy and its
    frag's facts, whether a piece has text, and the line's size, ascent and descent."""
    g = g_facts = None
    real = 0
    for frag, text in w[2:]:
        g = object.__new__(ParaFrag)
        g.__dict__.update(frag.__dict__)
        g.text = text
        g_facts = facts[id(frag)]
        if text:
            real = 1
        words.append(g)
        shrinks.append(text.count(" ") * g_facts[1])
        _, _, piece_ascent, piece_descent = g_facts
        if g.fontSize > size:
            size = g.fontSize
        if piece_ascent > ascent:
            ascent = piece_ascent
        if piece_descent < descent:
            descent = piece_descent
    return g, g_facts, real, size, ascent, descent
