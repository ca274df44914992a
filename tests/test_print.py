"""Print finishing on request: bleed, page boxes, crop marks and CMYK, on the real bytes."""

from __future__ import annotations

import re

import pytest
from conftest import CASES, LAYOUTS, leaflet, reader, written
from conftest import finished as build_finished
from reportlab.lib.units import inch, mm

from handout import pipeline
from handout.layout import MARK_SPACE, PrintOptions

BLEED = {"a4": 3 * mm, "letter": 0.125 * inch}
FINISHED = PrintOptions(bleed=True, crop_marks=True, cmyk=True)


def finished(layout: str, paper: str, options: PrintOptions = FINISHED) -> bytes:
    return build_finished(layout, paper, options)


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_bleed_writes_trim_and_bleed_boxes(layout: str, paper: str) -> None:
    width, height = LAYOUTS[layout].page_sizes[paper]
    bleed, margin = BLEED[paper], BLEED[paper] + MARK_SPACE
    for page in reader(finished(layout, paper)).pages:
        # pypdf falls back to the MediaBox when a box is missing: check the keys themselves
        assert "/TrimBox" in page and "/BleedBox" in page
        trim = [float(v) for v in page["/TrimBox"]]
        assert trim == pytest.approx([margin, margin, margin + width, margin + height])
        bleed_box = [float(v) for v in page["/BleedBox"]]
        assert bleed_box == pytest.approx([trim[0] - bleed, trim[1] - bleed,
                                           trim[2] + bleed, trim[3] + bleed])
        assert float(page.mediabox.width) == pytest.approx(width + 2 * margin)


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_cmyk_sets_no_rgb_colour_and_text_is_pure_black(layout: str, paper: str) -> None:
    contents = [page.get_contents().get_data() for page in reader(finished(layout, paper)).pages]
    for content in contents:
        assert not re.search(rb"(?<![A-Za-z])(rg|RG)(?![A-Za-z])", content)
    assert b"0 0 0 1 k" in contents[0]  # body text in 100 % black


def test_without_options_trim_equals_media_and_no_marks() -> None:
    plain = pipeline.build_one(leaflet(), LAYOUTS["standard"], "a4")
    page = reader(plain).pages[0]
    assert [float(v) for v in page["/TrimBox"]] == [float(v) for v in page.mediabox]
    marked = finished("standard", "a4", PrintOptions(crop_marks=True))
    assert len(marked) > len(plain)


def test_imposed_booklet_is_written_beside_the_reader_pdf(tmp_path) -> None:
    from handout.cli import main
    assert main(["--layout", "booklet", "--paper", "a4", "--bleed", "--out",
                 str(tmp_path)]) == 0
    names = written(tmp_path)
    stem = f"{leaflet().meta.id}-booklet-a4"
    assert names == [f"{stem}-imposed.pdf", f"{stem}.pdf"]
    sheet = reader((tmp_path / f"{stem}-imposed.pdf").read_bytes()).pages[0]
    assert float(sheet.mediabox.width) == pytest.approx(320 * mm)  # SRA4 (tests/test_impose.py)
