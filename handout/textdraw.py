"""ReportLab's text operators for a paragraph's lines, without its per-character loop.

Every run of text a paragraph draws goes through `PDFTextObject._formatText`, which asks
the TrueType font to `splitString` the run: a Python loop over each character that maps it
to its code in the font's subsets for this document, assigning a code to a character met
for the first time. Once a character has a code that loop only looks it up, so a run whose
characters all have codes in subset 0 (every run of an English leaflet after its first
lines) is `bytes` of those codes, looked up in C. That is what `fast_text` gives a text
object; any other run (a new character, a code past the first subset, a non-breaking
space, which ReportLab draws as a space, a font that is not TrueType, shaped text) goes
to ReportLab's own `_formatText`, which assigns the codes as before.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont

_fast_classes: dict[type, type] = {}


class _FastFormat:
    """Mixed in before the canvas's own text object class (ours: tagging._SpacedText)."""

    _fonts: dict[str, tuple[Any, Any]] | None = None  # font name: (font, its codes here)

    def _formatText(self: Any, text: str) -> str:
        canvas = self._canvas
        fonts = self._fonts
        if fonts is None:
            fonts = self._fonts = {}
        found = fonts.get(self._fontname)
        if found is None:
            font = getFont(self._fontname)
            state = font.state.get(canvas._doc) if getattr(font, "_dynamicFont", 0) else None
            if state is None:  # not TrueType, or no text in it yet in this document
                return super()._formatText(text)  # type: ignore[misc]
            found = fonts[self._fontname] = (font, state)
        font, state = found
        if text.__class__ is not str:  # bytes, or shaped text (ShapedStr)
            return super()._formatText(text)  # type: ignore[misc]
        try:
            # splitString's lookup: a KeyError for a character without a code (or a
            # non-breaking space, never given one), a ValueError for a code past 255
            codes = bytes(map(state.assignments.__getitem__, map(ord, text)))
        except (KeyError, ValueError):
            return super()._formatText(text)  # type: ignore[misc]
        if not codes:
            return ""
        shown = f"({canvas._escape(codes)}) Tj"
        if self._curSubset == 0:
            return shown
        self._curSubset = 0
        name = font.getSubsetInternalName(0, canvas._doc)
        return f"{name} {fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL {shown}"


def fast_text(text_object: Any) -> Any:
    """`text_object`, its class swapped for one with the faster `_formatText` (same output)."""
    cls = text_object.__class__
    fast = _fast_classes.get(cls)
    if fast is None:
        fast = _fast_classes[cls] = type(f"Fast{cls.__name__}", (_FastFormat, cls), {})
    text_object.__class__ = fast
    return text_object
