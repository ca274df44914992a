"""Large print: the promise is about sizes measured in the PDF, not the theme's numbers."""

from __future__ import annotations

import math

from conftest import pdf_bytes, reader


def text_sizes(pdf: bytes) -> list[float]:
    """Effective size (font size x text matrix x CTM scale) of every drawn character (a URL
    is drawn in many pieces, one per break point: count characters, not pieces)."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            sizes.extend([round(size * scale, 2)] * len(text.strip()))

    for page in reader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_nothing_smaller_than_16_pt_and_body_is_18() -> None:
    for paper in ("a4", "letter"):
        sizes = text_sizes(pdf_bytes("large-print", paper))
        assert min(sizes) >= 16, f"{paper}: smallest text is {min(sizes)} pt"
        assert max(set(sizes), key=sizes.count) == 18  # most text is body text


def test_the_standard_layout_is_not_large_print() -> None:
    """Guards the measurement itself: it must see the 11 pt footer of the standard layout."""
    assert min(text_sizes(pdf_bytes("standard", "a4"))) < 16
