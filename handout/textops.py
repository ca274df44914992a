"""Text operators as ReportLab writes them, for handout.textdraw and list bullets.

A TrueType font gives each character a code in one of its subsets for a document the first
time the character is drawn (`TTFont.splitString`, a Python loop over each character);
after that the loop only looks the code up. `codes_of` does that lookup for a whole run in
C (`str.translate` with a copy of the font's codes, kept per document by `DocumentFonts`),
and answers None for any run the loop would do more for, which then goes to ReportLab as
before. `set_fill` writes an RGB fill colour as `setFillColor` does.

`draw_bullet` is ReportLab's `BulletDrawer.drawOn` for the bullets and numbers kit's lists
draw (left-aligned, a TrueType font, a character with a code already): the same operators
without its graphics-state copy, text object and width measuring.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color, toColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.textobject import _PDFColorSetter
from reportlab.platypus.flowables import _bulletFormat

Codes = dict[int, int]  # character ordinal: code, for `str.translate`

# every latin-1 character as 256, which latin-1 cannot encode: a font's table starts from
# it, so a character without a code fails to encode like one with a code past 255 (another
# subset); any other character without a code stays itself, past 255 too. (A plain dict:
# `str.translate` looks a dict subclass's items up two to three times slower.)
_UNCODED: Codes = dict.fromkeys(range(256), 256)


class DocumentFonts:
    """The codes of the TrueType fonts with text in one document (copied again when a font
    has more), and the operators that select a font's subset 0. It never holds the document
    itself: as a value of `_documents`, it would keep its own key, every document, alive."""

    def __init__(self) -> None:
        # font name: its table, the font's own codes it copies and how many they were
        self.tables: dict[str, tuple[Codes, dict[int, int], int]] = {}
        self.selects: dict[tuple[str, float, float], str] = {}

    def codes(self, font_name: str, doc: Any) -> Codes | None:
        """The font's codes in `doc`, when it is TrueType and has some; else None
        (ReportLab formats its text)."""
        found = self.tables.get(font_name)
        if found is not None and len(found[1]) == found[2]:  # codes are only ever added
            return found[0]
        font = getFont(font_name)
        state = font.state.get(doc) if getattr(font, "_dynamicFont", 0) else None
        if state is None or state.internalName is None:
            # no text drawn in it yet (a first run that drew nothing, as a URL's break point
            # does, leaves an unnamed state): ReportLab names the font with its first text
            return None
        table = _UNCODED.copy()
        table.update(state.assignments)
        self.tables[font_name] = table, state.assignments, len(state.assignments)
        return table

    def select(self, font_name: str, size: float, leading: float, doc: Any) -> str:
        """`Tf` and `TL` as `_formatText` writes them before a run in subset 0."""
        key = (font_name, size, leading)
        found = self.selects.get(key)
        if found is None:
            name = getFont(font_name).getSubsetInternalName(0, doc)
            found = self.selects[key] = f"{name} {fp_str(size)} Tf {fp_str(leading)} TL"
        return found


# each document's fonts, for as long as the document lives (a build's own)
_documents: WeakKeyDictionary[Any, DocumentFonts] = WeakKeyDictionary()


def document_fonts(doc: Any) -> DocumentFonts:
    """The fonts' codes and selecting operators of `doc`, made when it first asks."""
    fonts = _documents.get(doc)
    if fonts is None:
        fonts = _documents[doc] = DocumentFonts()
    return fonts


def codes_of(table: Codes, text: Any) -> bytes | None:
    """`text` as codes of subset 0, if every character has one there; else None (a
    character without a code, a non-breaking space, never given one, or a code past 255).
    A table missing the codes given since it was copied only sends more runs to ReportLab."""
    if text.__class__ is not str:  # bytes, or shaped text (ShapedStr)
        return None
    try:
        return text.translate(table).encode("latin-1")
    except UnicodeEncodeError:
        return None


def keeps_opacity(color: Any, canvas: Any) -> bool:
    """Setting `color` as the fill adds no ExtGState: as the canvas enforces its colour
    space, it has no alpha (`setFillColor` sets none) or the one the canvas has."""
    enforce = getattr(canvas, "_enforceColorSpace", None)
    if enforce:
        color = enforce(color)
    elif isinstance(color, str):
        color = toColor(color)
    alpha = getattr(color, "alpha", None)
    return alpha is None or alpha == canvas._extgstate.getValue("ca")


def set_fill(target: Any, color: Any) -> None:
    """`target.setFillColor(color)` (a canvas or a text object) for a colour that keeps the
    canvas's opacity (`keeps_opacity`). For an RGB `Color` without an enforced colour space
    that is its `rg` operator, and, as it has an alpha, `setFillAlpha`'s PDF version
    (the ExtGState does not change); anything else goes through ReportLab."""
    if (color.__class__ is Color and not target._enforceColorSpace
            and type(target).setFillColor is _PDFColorSetter.setFillColor):
        target._code.append(f"{fp_str(color.red, color.green, color.blue)} rg")
        target._fillColorObj = color
        if color.alpha is not None:
            target._doc.ensureMinPdfVersion("transparency")
    else:
        target.setFillColor(color)


def draw_bullet(bullet: Any, indenter: Any, canvas: Any, x: float, y: float) -> bool:
    """`bullet.drawOn(indenter, canvas, x, y)` (a `BulletDrawer`) for a left-aligned bullet
    in a TrueType font whose characters have codes already; False (nothing drawn) for any
    other. ReportLab saves the state, translates, sets the font (no operator for TrueType)
    and the fill colour, and draws the string with a new text object (`textLine`: its
    subset selected, then the text, no line-end space); then restores the state. Of the
    state, only the fill colour changes here, put back as `restoreState` would; the font
    and the translation are written, not set on the canvas."""
    value = bullet.value
    if not value:
        return True  # ReportLab draws nothing
    name, size = bullet._bulletFontName, bullet._bulletFontSize
    if (bullet._bulletAlign != "left" or bullet._bulletDir == "rtl" or not canvas.bottomup
            or not keeps_opacity(bullet._bulletColor, canvas)):
        return False
    fonts = document_fonts(canvas._doc)
    table = fonts.codes(name, canvas._doc)
    codes = None if table is None else codes_of(
        table, _bulletFormat(value, bullet._bulletType, bullet._bulletFormat))
    if not codes:
        return False
    code = canvas._code
    fill = canvas._fillColorObj
    code.append("q")
    code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")  # translate: nothing before to merge with
    set_fill(canvas, bullet._bulletColor)
    origin = fp_str(indenter._leftIndent - bullet._bulletDedent,
                    indenter.height - size + bullet._bulletOffsetY)
    select = fonts.select(name, size, size * 1.2, canvas._doc)  # setFont's leading
    code.append(f"BT 1 0 0 1 {origin} Tm {select} ({canvas._escape(codes)}) Tj T* ET")
    code.append("Q")
    canvas._fillColorObj = fill
    return True
