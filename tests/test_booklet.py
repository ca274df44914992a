"""Booklet: pages in fours, padded with notes pages, imposed in saddle-stitch order."""

from __future__ import annotations

import pytest
from conftest import DATA, LAYOUTS, leaflet, pdf_bytes, reader, squash
from reportlab.lib.pagesizes import A5
from reportlab.platypus import Frame, PageTemplate, Paragraph

from handout import pipeline
from handout.impose import saddle_order
from handout.layout import Layout, PrintOptions, Story


def test_saddle_order_for_eight_pages() -> None:
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_saddle_order_uses_every_page_once() -> None:
    for pages in (4, 12, 16, 40):
        numbers = [n for side in saddle_order(pages) for n in side]
        assert sorted(numbers) == list(range(1, pages + 1))


@pytest.mark.parametrize("pages", [0, 6, 10])
def test_saddle_order_refuses_other_counts(pages: int) -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_order(pages)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_page_count_is_a_multiple_of_four_and_no_page_is_blank(paper: str) -> None:
    pages = reader(pdf_bytes("booklet", paper)).pages
    assert len(pages) % 4 == 0
    assert all(page.extract_text().strip() for page in pages)


def test_short_content_is_padded_with_notes_pages_not_blanks() -> None:
    small = pipeline.load(DATA / "minimal.yaml")
    one_page = Layout("probe", "one page of text", {"a4": A5}, page_multiple=4,
                      build=lambda leaflet, ctx: Story(
                          [PageTemplate("page", [Frame(40, 40, 300, 500)])],
                          [Paragraph("Only one page of text.", ctx.theme.styles()["body"])]))
    pages = reader(pipeline.build_one(small, one_page, "a4")).pages
    texts = [page.extract_text() for page in pages]
    assert len(pages) == 4
    assert "Only one page of text." in texts[0]
    assert all("Notes" in text for text in texts[1:])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_outline_lists_the_section_headings(paper: str) -> None:
    outline = [entry.title for entry in reader(pdf_bytes("booklet", paper)).outline]
    assert outline == [section.heading for section in leaflet().sections]


def test_imposed_sheets_hold_the_right_pages_in_order() -> None:
    pdf = pdf_bytes("booklet", "a4")
    pages = [squash(page.extract_text()) for page in reader(pdf).pages]
    sheets = reader(pipeline.imposed(leaflet(), LAYOUTS["booklet"], "a4", PrintOptions(),
                                     pdf)).pages
    order = saddle_order(len(pages))
    assert len(sheets) == len(order)
    for sheet, (left, right) in zip(sheets, order, strict=True):
        # the two pages, then the slug line (tests/test_impose.py)
        assert squash(sheet.extract_text()).startswith(pages[left - 1] + pages[right - 1])
