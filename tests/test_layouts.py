"""Every discovered layout on every paper: check the real PDF, not our intentions."""

from __future__ import annotations

import io

import pikepdf
import pytest
from conftest import LAYOUTS, extracted, leaflet, pdf_bytes, plain, reader, rendered, squash

from handout import kit, model, paragraph, pipeline
from handout.verify import BASE14, font_report

SHORT = kit.SHORT_SUFFIX


def block_texts(block: model.Block) -> list[str]:
    """The strings of a block that a reader must find in the PDF."""
    if isinstance(block, model.Paragraph):
        return [block.text]
    if isinstance(block, model.Bullets):
        return [block.title, *block.items]
    if isinstance(block, model.Callout):
        return [block.title, block.text, *block.items]
    if isinstance(block, model.Table):
        return [*block.header, *(cell for row in block.rows for cell in row), block.caption]
    if isinstance(block, model.FactBox):
        return [block.title, block.outcome, block.time_frame]
    return []


def test_section_headings_in_mission_order(case: tuple[str, str]) -> None:
    if not LAYOUTS[case[0]].complete:
        pytest.skip(f"{case[0]} is a companion: it prints part of the leaflet, no headings")
    text = extracted(*case)
    position = -1
    for section in leaflet().sections:
        found = text.find(squash(section.heading), position + 1)
        assert found > position, f"heading {section.heading!r} missing or out of order"
        position = found


def test_every_text_of_every_block_is_printed(case: tuple[str, str]) -> None:
    """Every text is printed, or its block is reported in `Story.omitted` under its section
    (left out, or printed in its short form: then the short form is printed); a complete
    layout may leave out detail blocks only."""
    text = extracted(*case)
    omitted = rendered(*case).omitted
    reported = [line.split(":", 1)[0] for line in omitted if not line.endswith(SHORT)]
    shortened = {line.removesuffix(SHORT) for line in omitted if line.endswith(SHORT)}

    def printed_as(section: model.Section, block: model.Block) -> model.Block:
        """A block reported as printed in its short form must show that form."""
        if kit.omitted_label(section, block) in shortened:
            short = model.short_form(block)
            assert short is not None
            return short
        return block

    missing = [(section, block, s) for section in leaflet().sections
               for block in section.blocks for s in block_texts(printed_as(section, block))
               if s and squash(plain(s)) not in text]
    if LAYOUTS[case[0]].complete:
        essential = [s for _, block, s in missing if block.priority != "detail"]
        assert not essential, f"{len(essential)} essential texts missing, first: {essential[0]!r}"
    for section in leaflet().sections:
        blocks = {id(block) for sec, block, _ in missing if sec is section}
        assert len(blocks) <= reported.count(section.key), (
            f"{section.key}: {len(blocks)} blocks not printed, "
            f"{reported.count(section.key)} reported in Story.omitted")


def test_dose_plan_numbers_are_printed(case: tuple[str, str]) -> None:
    text = extracted(*case)
    dosing = leaflet().dosing
    [regimen] = dosing.regimens
    assert regimen.titration and regimen.per_dose and dosing.maximum
    for dose in (regimen.titration.start, *regimen.per_dose, dosing.maximum.per_day):
        if dose is not None:
            assert f"{dose:g}{dosing.unit}" in text
    if dosing.maximum.per_day is None and LAYOUTS[case[0]].complete:
        assert squash(dosing.maximum.note) in text  # who decides on a higher dose


def test_metadata_and_footer(case: tuple[str, str]) -> None:
    pdf = reader(pdf_bytes(*case))
    meta = leaflet().meta
    assert pdf.metadata.title == meta.title
    assert pdf.metadata.subject == meta.summary
    assert meta.authors[0].name in pdf.metadata.author
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == meta.language
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    pages = len(pdf.pages)
    assert pages >= 1
    for number, page in enumerate(pdf.pages, start=1):
        page_text = squash(page.extract_text())
        assert squash(f"Page {number} of {pages}") in page_text
        assert squash(f"Version {meta.version}") in page_text


def test_page_size(case: tuple[str, str]) -> None:
    expected = LAYOUTS[case[0]].page_sizes[case[1]]
    for page in reader(pdf_bytes(*case)).pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(expected, abs=0.01)


def test_every_font_embedded_and_none_base14(case: tuple[str, str]) -> None:
    with pikepdf.open(io.BytesIO(pdf_bytes(*case))) as pdf:
        fonts = font_report(pdf)
    assert fonts, "no fonts found at all"
    assert all(fonts.values()), f"not embedded: {[f for f, e in fonts.items() if not e]}"
    assert not [f for f in fonts if f.lstrip("/").split("+")[-1].split("-")[0] in BASE14]
    assert b"/Helvetica" not in pdf_bytes(*case)


def test_same_input_gives_identical_bytes(case: tuple[str, str]) -> None:
    """Also whatever handout.paragraph remembers: the session's first build of a case may
    have taken other cases' parses; this one parses every paragraph anew."""
    paragraph._parsed.clear()
    again = pipeline.build_one(leaflet(), LAYOUTS[case[0]], case[1])
    assert again == pdf_bytes(*case)
