"""ReportLab's line breaking of a paragraph of several frags (bold runs, fallback fonts, links),
without its per-word overhead: the kind-1 half of `Paragraph.breakLines`, for
handout/textlines.py, which says what stays the same and what is left to ReportLab.

Here ReportLab's `_getFragWords` turns the frags into frag words (`[width, (frag, text),
...]`, an `_HSFrag` when a space follows), and its line loop fills `FragLine`s with copies
of the frags, joining the text of neighbours of the same style (`sameFrag`). Per word it
measures the word and a space through `stringWidth` (by font name), asks `sameFrag` (which
raises and clears an AttributeError for each absent attribute), copies frags through
`ABag.clone`'s keywords and recounts the shrinkable spaces of the whole line so far.
`many_frags` finds each frag's style, space width and extent once per paragraph, measures
words with the font's own widths (handout/fontwidths.py), and sums the line's shrinkable
spaces, in line order as ReportLab does, only for a word that does not fit without them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import paragraph as rl
from reportlab.platypus.paraparser import ParaFrag

from handout.fontwidths import font_measures

_FK_TEXT = rl._FK_TEXT
_HSFrag = rl._HSFrag
_FragLine = rl.FragLine
_SOFT_HYPHEN = rl._shy
_WHITESPACE = rl.whitespace
_STRIPPED = rl._wsc  # the characters ReportLab's lstrip takes off


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
_ABSENTS = (object(),) * len(_STYLE_KEYS)


_FontFacts = tuple[Callable[..., Any], Callable[..., float], float, float, float]


class _Fonts(dict[tuple[str, float], _FontFacts]):
    """One paragraph's fonts by name and size: the widths and width functions, the width of
    a space, the ascent and the descent, each looked up once (ReportLab's `stringWidth` and
    `getAscentDescent` find the font by name on every call)."""

    def __missing__(self, key: tuple[str, float]) -> _FontFacts:
        name, size = key
        _, measure, measure_all, extent = font_measures(name)
        found = self[key] = (measure_all, measure, measure(" ", size), *extent(size))
        return found


def _facts(frag: Any, fonts: _Fonts) -> tuple[Any, float, float, float]:
    """What `sameFrag` compares of a frag, the width of a space in its font, its ascent and
    its descent (made inline in `_text_words` too).

    `sameFrag(f, g)` is `facts(f)[0] == facts(g)[0]` for ParaFrags of text: the C function
    gets eight attributes by name, raising and clearing an AttributeError for each absent
    one (and for the absent cbDefn and lineBreak it checks first); a ParaFrag keeps them in
    its __dict__ (its class defines none), and tuples compare item by item, `is` first, as
    sameFrag's `PyObject_RichCompareBool` does."""
    values = frag.__dict__
    _, _, space, ascent, descent = fonts[values["fontName"], values["fontSize"]]
    return tuple(map(values.get, _STYLE_KEYS, _ABSENTS)), space, ascent, descent


def _frag_words(frags: list[Any], fonts: _Fonts) -> tuple[list[Any], dict[int, Any]] | None:
    """ReportLab's `_getFragWords`, with the facts (`_facts`) of the frags in the words by
    id (for this paragraph only), or None for frags it does more with than text."""
    if frags[0].__class__ is not ParaFrag and rl._processed_frags(frags):
        # frag words of an earlier break: plain ones are used as they are
        facts = {}
        for word in frags:
            if word.__class__ is not list and word.__class__ is not _HSFrag:
                return None
            if word[0].__class__ is not float and word[0].__class__ is not int:
                return None
            for frag, text in word[1:]:
                if (frag.__class__ is not ParaFrag or frag.__dict__.get("_fkind") != _FK_TEXT
                        or _SOFT_HYPHEN in text):
                    return None
                facts[id(frag)] = _facts(frag, fonts)
        return list(frags), facts
    for frag in frags:
        values = frag.__dict__
        text = values.get("text")
        if (frag.__class__ is not ParaFrag or not text or _SOFT_HYPHEN in text
                or "cbDefn" in values or "lineBreak" in values):
            return None
    return _text_words(frags, fonts)


def _text_words(frags: list[Any], fonts: _Fonts) -> tuple[list[Any], dict[int, Any]]:
    """`_getFragWords` for frags of text only (no images, breaks or soft hyphens): each word
    `[width, (frag, text), ...]`, an `_HSFrag` if a space follows it. A word's width is
    the sum of its pieces' widths, in order, as ReportLab adds them."""
    words: list[Any] = []
    word: list[Any] = []
    width = 0
    strip_leading = True
    facts = {}
    for f in frags:
        values = f.__dict__
        # _facts(f, fonts), inline
        facts[id(f)] = (tuple(map(values.get, _STYLE_KEYS, _ABSENTS)),
                        *fonts[values["fontName"], values["fontSize"]][2:])
        text = values["text"]
        values["_fkind"] = _FK_TEXT
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
        size = values["fontSize"]
        if len(parts) > 1:
            widths = fonts[values["fontName"], size][0](parts, size)
            # ReportLab adds the part to the word, adds its width and ends the word
            words.append(_HSFrag([width + widths[0], *word, (f, parts[0])]))
            if len(parts) > 2:
                # a word of one part between: its width is 0 + the part's, the part's
                words += [_HSFrag([part_width, (f, part)])
                          for part, part_width in zip(parts[1:-1], widths[1:-1], strict=True)]
            word = [(f, parts[-1])]
            width = widths[-1]
        else:
            word.append((f, parts[0]))
            width += fonts[values["fontName"], size][1](parts[0], size)
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
    return words, facts


def many_frags(para: Any, frags: list[Any], max_widths: list[float]) -> Any:
    """ReportLab's kind 1 (several fonts or links): lines of frags, `para.frags` becomes the
    frag words. Names follow ReportLab's where they help to compare the two; a frag is
    copied inline as `clone_frags` copies a ParaFrag (`_frag_words` let only those in).

    Where ReportLab sums the line's shrinkable spaces for every word, this sums them (in
    the same order) only for a word that passes the line's width: the shrinkage is never
    negative (see textlines._plain_style), so a word within the width fits either way."""
    style = para.style
    max_width = max_widths[0]
    fonts = _Fonts()
    found = _frag_words(frags, fonts)
    if found is None:
        return None
    words_in, facts = found
    new = object.__new__
    shrinkage = style.spaceShrinkage
    split_long = style.splitLongWords
    last = len(max_widths) - 1
    lineno = 0
    width_max = 0
    lines = []
    words: list[Any] = []  # the current line's frags
    words_facts: list[Any] = []  # the facts of the frag each is a copy of
    start = 0  # ReportLab's sFW: index in the frag words of the line's first word
    n = space_width = current = 0
    max_size = max_ascent = min_descent = 0
    g = None  # the line's last frag
    g_facts: Any = None  # the facts of the frag it is a copy of
    for index, w in enumerate(words_in):
        first = w[1]
        f = first[0]
        f_facts = facts[id(f)]
        last_frag = w[-1][0]
        if not words:
            n = space_width = current = 0
            max_size = last_frag.fontSize
            _, _, max_ascent, min_descent = facts[id(last_frag)]
        word_width = w[0]
        new_width = current + space_width + word_width if word_width > 0 else current
        fits = True
        if new_width > max_width:
            limit = max_width
            if shrinkage:
                shrink = space_width
                for wi, wi_facts in zip(words, words_facts, strict=True):  # in line order
                    spaces = wi.text.count(" ")
                    if spaces:
                        shrink += spaces * wi_facts[1]
                shrink *= shrinkage
                limit += shrink
            if new_width > limit:
                if split_long:
                    at = min(lineno, last)
                    if word_width > max(max_widths[at:at + 1]):
                        return None  # a word wider than the line: ReportLab splits it
                fits = n == 0
        if fits:
            text = first[1]
            if text:
                n += 1
            # a word of the frag the line ends with: its size, ascent and descent are in the
            # line's already, and `sameFrag(g, f)` holds
            ends_frag = f_facts is g_facts
            if not ends_frag:
                font_size = f.fontSize
                _, _, ascent, descent = f_facts
                # `if`s, not max() and min(): the same value, the first of equal ones kept
                if font_size > max_size:
                    max_size = font_size
                if ascent > max_ascent:
                    max_ascent = ascent
                if descent < min_descent:
                    min_descent = descent
            if ends_frag or (words and g_facts[0] == f_facts[0]):  # ReportLab: sameFrag(g, f)
                if not space_width:
                    g.text += text
                elif not g.text.endswith(" "):
                    g.text += " " + text
                else:
                    g.text += text
            else:
                # the space before this word goes to the line's last frag (ReportLab walks
                # back to the last text frag: all of ours are text)
                if words and space_width and not g.text.endswith(" "):
                    g.text += " "
                g = new(ParaFrag)
                g.__dict__.update(f.__dict__)
                g.text = text
                g_facts = f_facts
                words.append(g)
                words_facts.append(f_facts)
            if w.__class__ is _HSFrag:
                # ReportLab's quirk kept: the font of the word's last piece, the size of its
                # first
                space_width = (f_facts[1] if last_frag is f
                               else fonts[last_frag.fontName, f.fontSize][2])
            else:
                space_width = 0
            if len(w) > 2:
                g, g_facts, real, max_size, max_ascent, min_descent = _later_pieces(
                    w, words, words_facts, facts, max_size, max_ascent, min_descent)
                if not text and real:
                    n += 1
            current = new_width
        else:
            if current > width_max:
                width_max = current
            lines.append(_FragLine(extraSpace=max_width - current, wordCount=n, lineBreak=False,
                                   words=words, fontSize=max_size, ascent=max_ascent,
                                   descent=min_descent, maxWidth=max_width, sFW=start))
            start = index
            lineno += 1
            max_width = max_widths[min(last, lineno)]
            space_width = facts[id(last_frag)][1] if w.__class__ is _HSFrag else 0
            current = word_width
            n = 1
            g = new(ParaFrag)
            g.__dict__.update(f.__dict__)
            g.text = first[1]
            g_facts = f_facts
            max_size = g.fontSize
            _, _, max_ascent, min_descent = f_facts
            words = [g]
            words_facts = [f_facts]
            if len(w) > 2:
                g, g_facts, _, max_size, max_ascent, min_descent = _later_pieces(
                    w, words, words_facts, facts, max_size, max_ascent, min_descent)
    if words:
        if current > width_max:
            width_max = current
        lines.append(_FragLine(extraSpace=max_width - current, wordCount=n, lineBreak=False,
                               words=words, fontSize=max_size, ascent=max_ascent,
                               descent=min_descent, maxWidth=max_width, sFW=start))
    para._width_max = width_max
    para.frags = words_in  # ReportLab's FW: every frag word, taken in order
    return rl.ParaLines(kind=1, lines=lines)


def _later_pieces(w: list[Any], words: list[Any], words_facts: list[Any],
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
        words_facts.append(g_facts)
        _, _, piece_ascent, piece_descent = g_facts
        if g.fontSize > size:
            size = g.fontSize
        if piece_ascent > ascent:
            ascent = piece_ascent
        if piece_descent < descent:
            descent = piece_descent
    return g, g_facts, real, size, ascent, descent
