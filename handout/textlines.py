"""ReportLab's line breaking, without its per-word overhead, for our paragraphs.

`Paragraph.breakLines` (reportlab/platypus/paragraph.py) is the costliest step of laying
out a leaflet: for every word it calls `pdfmetrics.stringWidth` (three Python calls deep),
`getAscentDescent`, `ABag.clone` and, with space shrinkage on, re-measures the spaces of
the whole line so far. `break_lines` does the same arithmetic in the same order for the
paragraphs we make (see `_plain_style`: no hyphenation, no shaping, no bidi, no bullet
text, no images, breaks or soft hyphens) and returns the very structure ReportLab returns,
so `wrap`, `split` and `drawPara` use it unchanged:

- the same floats: each width is the same float of the same word (summed from the font's
  own widths, see `fontwidths.width_function`), and every sum and comparison is
  ReportLab's, term by term (`newWidth = currentWidth + spaceWidth + wordWidth`, the
  line's shrinkable space summed word by word, in line order, wherever it decides);
- the same objects: a frag is copied as `ABag.clone` copies it (same class, a copy of its
  attribute dict), lines are `FragLine`/`ParaLines` with the same attributes, and a
  many-frag paragraph's `frags` becomes its frag words, which `split` slices.

Anything else (a word wider than the line, which ReportLab splits; any feature above)
returns None, and the caller lets ReportLab break the paragraph. Widths are measured
afresh in every call: nothing outlives one paragraph's break but each font's table of
widths by character (font data, the same for every leaflet). A one-font paragraph (kind 0)
is broken here, one of several frags (kind 1) in handout/fraglines.py.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import paragraph as rl
from reportlab.platypus.paraparser import ParaFrag

from handout.fontwidths import extent_function, widths_function
from handout.fraglines import clone_frags, many_frags

_SOFT_HYPHEN = rl._shy
_STRIPPED = rl._wsc  # the characters ReportLab's strip takes off
_SEQUENCES = (tuple, list)  # made once: `tuple | list` makes a new union on every call


def _plain_style(para: Any) -> bool:
    """The style features whose code paths `break_lines` leaves out are all off, and the
    spaces shrink rather than stretch (the line may hold a little more than its width,
    never less: a word within the width fits, and the shrinkage need not be summed)."""
    style = para.style
    return not (para.bulletText or style.wordWrap or style.shaping or style.endDots
                or getattr(style, "hyphenationLang", "") or style.uriWasteReduce
                or style.embeddedHyphenation or style.spaceShrinkage < 0)


def break_lines(para: Any, width: Any) -> Any:
    """ReportLab's `para.breakLines(width)`, or None where ReportLab must do it."""
    if not _plain_style(para):
        return None
    frags = para.frags
    if not frags:
        return None
    max_widths = list(width) if isinstance(width, _SEQUENCES) else [width]
    if len(frags) == 1 and _one_style(frags):
        lines = _one_frag(para, frags[0], max_widths)
    else:
        lines = many_frags(para, frags, max_widths)
    if lines is not None:
        para.height = 0
        para._splitLongWordCount = para._hyphenations = 0
    return lines


def _one_style(frags: list[Any]) -> bool:
    """ReportLab's test for kind 0: the one frag has no background or callback, and is not a
    frag word of an earlier break. A ParaFrag's class has neither attribute (`hasattr` looks
    in its __dict__) and cannot be indexed (ReportLab's `_processed_frags` is false)."""
    frag = frags[0]
    if frag.__class__ is ParaFrag:
        values = frag.__dict__
        return "backColor" not in values and "cbDefn" not in values
    return not (hasattr(frag, "backColor") or hasattr(frag, "cbDefn")
                or rl._processed_frags(frags))


def _one_frag(para: Any, frag: Any, max_widths: list[float]) -> Any:
    """ReportLab's kind 0 (one font for the whole paragraph): lines of plain words."""
    text = getattr(frag, "text", None)
    if text.__class__ is not str or _SOFT_HYPHEN in text:
        return None
    font_size = frag.fontSize
    font_name = frag.fontName
    ascent, descent = extent_function(font_name)(font_size)
    text = text.strip(_STRIPPED)  # ReportLab's strip
    if not text:
        para._width_max = 0
        return _kind0(frag, [], ascent, descent, font_size)
    measure = widths_function(font_name)  # the encoding is for bytes: our texts are str
    space_width = measure([" "], font_size)[0]
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
    for word, word_width in zip(words, measure(words, font_size), strict=True):
        new_width = current + space_width + word_width
        # ReportLab's `new_width <= max_width + d_space_shrink * len(line)`, which holds
        # anyway when the word is within the width
        if new_width <= max_width or new_width <= max_width + d_space_shrink * len(line):
            if word:
                line.append(word)
            current = new_width
            continue
        if split_long:
            index = min(lineno, last)
            if word_width > max(max_widths[index:index + 1]):
                return None  # a word wider than the line: ReportLab splits it
        if not line:
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
