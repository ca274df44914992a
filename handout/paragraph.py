"""ReportLab's Paragraph, laid out once per width.

Platypus wraps most paragraphs two to four times at the same width (a table measures its
cells, the frame places the table, a list measures its items...), and breaking a paragraph
into lines is ReportLab's costliest step. The lines depend only on the width: text and style
never change after construction. So a second wrap at the same width keeps the first's lines,
as long as ReportLab's own line state (`blPara`) is still the one that wrap made: `split`
deletes or replaces it, and then the paragraph is broken again, as ReportLab would.
"""

from __future__ import annotations

from reportlab.platypus import paragraph


class Paragraph(paragraph.Paragraph):
    _wrapped: tuple[float, object, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        done = self._wrapped
        if (done is not None and done[0] == available_width
                and self.__dict__.get("blPara") is done[1]):
            self.width, self.height = done[2]
            return done[2]
        size = super().wrap(available_width, available_height)
        if available_width >= paragraph._FUZZ:  # below it ReportLab breaks no lines
            self._wrapped = (available_width, self.blPara, size)
        return size
