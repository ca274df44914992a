"""ReportLab's text operators for a paragraph's lines, without its per-character and
per-run machinery.

Every run of text a paragraph draws goes through `PDFTextObject._formatText`, which asks
the TrueType font to `splitString` the run: a Python loop over each character that maps it
to its code in the font's subsets for this document, assigning a code to a character met
for the first time. Once a character has a code that loop only looks it up, so a run whose
characters all have codes in subset 0 (every run of an English leaflet after its first
lines) is those codes, looked up in C (`str.translate` with a copy of the font's codes,
`textops.codes_of`). Any other run (a new character, a code past the first subset, a non-breaking
space, which ReportLab draws as a space, a font that is not TrueType, shaped text) goes to
ReportLab's own `_formatText`, which assigns the codes as before.

`fast_text` gives a text object that faster `_formatText` (ReportLab's paragraph drawing
uses it). `Runs` goes further for handout.drawlines: it writes a run's operator into the
text object's code as `_SpacedText._textOut` -> `PDFTextObject._textOut` -> `_formatText`
would, in one call instead of four, keeping the text object's own state (font, subset, the
last run for `_linkRecord`) as they keep it, so link tagging works unchanged.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.textobject import PDFTextObject

from handout.tagging import _SpacedText
from handout.textops import Codes, codes_of, document_fonts

_fast_classes: dict[type, type] = {}


class _FastFormat:
    """Mixed in before the canvas's own text object class (ours: tagging._SpacedText)."""

    _fonts: dict[str, Codes] | None = None  # font name: its codes in this document

    def _formatText(self: Any, text: str) -> str:
        canvas = self._canvas
        fonts = self._fonts
        if fonts is None:
            fonts = self._fonts = {}
        table = fonts.get(self._fontname)
        if table is None:
            table = document_fonts(canvas._doc).codes(self._fontname, canvas._doc)
            if table is None:  # not TrueType, or no text in it yet in this document
                return super()._formatText(text)  # type: ignore[misc]
            fonts[self._fontname] = table
        codes = codes_of(table, text)
        if codes is None:
            del fonts[self._fontname]  # ReportLab may give codes: copy the table again
            return super()._formatText(text)  # type: ignore[misc]
        if not codes:
            return ""
        shown = f"({canvas._escape(codes)}) Tj"
        if self._curSubset == 0:
            return shown
        self._curSubset = 0
        select = document_fonts(canvas._doc).select(self._fontname, self._fontsize,
                                                    self._leading, canvas._doc)
        return f"{select} {shown}"


def fast_text(text_object: Any) -> Any:
    """`text_object`, its class swapped for one with the faster `_formatText` (same output),
    unless its class formats text its own way."""
    cls = text_object.__class__
    if cls._formatText is not PDFTextObject._formatText:
        return text_object
    fast = _fast_classes.get(cls)
    if fast is None:
        fast = _fast_classes[cls] = type(f"Fast{cls.__name__}", (_FastFormat, cls), {})
    text_object.__class__ = fast
    return text_object


class Runs:
    """The runs of text of one paragraph, written into its text object `tx` (made by
    `fast_text`) as `tx._textOut(text, star)` writes them, with the leading `tx._leading`
    fixed for the whole paragraph. A text object of another kind (a canvas's own text
    object class with its own `_textOut`, `_formatText` or `_setFont`) gets those called."""

    def __init__(self, tx: Any) -> None:
        self.tx = tx
        self.code = tx._code
        self.escape = tx._canvas._escape
        self.doc = tx._canvas._doc
        self.spaced = isinstance(tx, _SpacedText)
        cls = type(tx)
        if (cls._textOut is not (_SpacedText._textOut if self.spaced else PDFTextObject._textOut)
                or cls._formatText not in (_FastFormat._formatText, PDFTextObject._formatText)
                or cls._setFont is not PDFTextObject._setFont):
            self.put = tx._textOut  # type: ignore[method-assign]
            self.font = tx._setFont  # type: ignore[method-assign]
        self.fonts = document_fonts(self.doc)
        # (font name, size): its codes and the operators that select its subset 0
        self.known: dict[tuple[str, float], tuple[Codes | None, str]] = {}
        self.table: Codes | None = None  # the current font's codes, None: ReportLab's
        self.select = ""  # the operators that select the current font's subset 0

    def font(self, name: str, size: float) -> None:
        """`tx._setFont(name, size)`, and the font's codes for the runs that follow."""
        found = self.known.get((name, size))
        if found is None:
            found = self.use(name, size)
        tx = self.tx
        if found[0] is None:  # ReportLab's: a Tf now for a font that is not TrueType
            tx._setFont(name, size)
        else:  # _setFont for a TrueType font: the next run selects its subset
            tx._fontname, tx._fontsize, tx._curSubset = name, size, -1
        self.table, self.select = found

    def use(self, name: str, size: float) -> tuple[Codes | None, str]:
        """Look the font's codes up again (they may be new) for the runs that follow."""
        table = self.fonts.codes(name, self.doc)
        select = "" if table is None else self.fonts.select(name, size, self.tx._leading,
                                                             self.doc)
        self.table, self.select = table, select
        self.known[name, size] = table, select
        return table, select

    def put(self, text: str, star: int) -> None:
        """`tx._textOut(text, star)`: `_SpacedText._textOut`'s line-end space and its
        record of the last run, then the run's `Tj` as `_FastFormat._formatText` writes it
        (a `Tf` first when the subset was not selected since the last font change)."""
        tx = self.tx
        code = self.code
        if self.spaced:
            if tx._fontsize < 1:  # a URL's break point (fonts._BREAK_POINT)
                text = text.replace(" ", "")
            spaced = star and not text.endswith(" ") and not tx._in_link
            at = tx._before_text = len(code)
            tx._respace = (at, text, star, tx._curSubset) if spaced else None
            if spaced:
                text += " "
        # (no text, as at a URL's break point: ReportLab writes nothing)
        codes = None if self.table is None else codes_of(self.table, text) if text else b""
        if codes is None:
            shown = tx._formatText(text)  # ReportLab's, which may give characters codes
            self.use(tx._fontname, tx._fontsize)
        elif not codes:
            shown = ""
        elif tx._curSubset == 0:
            shown = f"({self.escape(codes)}) Tj"
        else:
            tx._curSubset = 0
            shown = f"{self.select} ({self.escape(codes)}) Tj"
        code.append(f"{shown} T*" if star else shown)
