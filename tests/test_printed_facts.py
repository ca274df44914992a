"""Numbers and safety lines read back from every layout's PDF and compared with the content.

Read through the structure tree (`pdfread`): what is compared is what a screen reader gets,
and the text drawn for it. Every layout and paper gets these tests, so a new layout does too:

- the fact box: title, outcome, the two counts in words and in the picture (the shaded
  people are counted in the drawing), time frame, certainty and source;
- every urgent and warning callout (emergency signs, the missed-dose and stopping rules):
  its label and title, its text, and each item in order, as list items.

A block a layout leaves out must be listed in `Story.omitted` (a complete layout may leave
out detail only: `test_layouts.test_every_text_of_every_block_is_printed`); every block not
listed is checked here.
"""

from __future__ import annotations

import re

import pytest
from conftest import CASES, LAYOUTS, leaflet, pdf_bytes, plain, rendered
from pdfread import Element, marked_text, pages, structure

from handout import kit, model, strings

PEOPLE = re.compile(r"(?<!\d)(\d+) in 100(?!\d)")
WHITE = (1.0, 1.0, 1.0)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip()


def printed(case: tuple[str, str], kind: type[model.Block]) -> list[model.Block]:
    """The content's blocks of one type as the layout printed them: not those it reported
    as left out, and in their short form where it reported that."""
    omitted = rendered(*case).omitted
    found = []
    for section in leaflet().sections:
        for block in section.blocks:
            if kit.short_label(section, block) in omitted:
                block = model.short_form(block)
            elif kit.omitted_label(section, block) in omitted:
                continue
            if isinstance(block, kind):
                found.append(block)
    return found


def divs(pdf: bytes) -> list[Element]:
    return [e for e in structure(pdf).walk() if e.role == "Div"]


def test_the_content_has_what_these_tests_read() -> None:
    """The shipped leaflet has a fact box and urgent and warning callouts with items, so
    the tests below compare something on the layouts that print them."""
    blocks = [b for s in leaflet().sections for b in s.blocks]
    assert any(isinstance(b, model.FactBox) for b in blocks)
    kinds = {b.kind for b in blocks if isinstance(b, model.Callout) and b.items}
    assert {"urgent", "warning"} <= kinds


# -- the fact box ----------------------------------------------------------------------------
def shaded_people(pdf: bytes, figure: Element) -> tuple[int, int]:
    """People shaded in the two icon arrays drawn inside a Figure: (left, right). Each
    person is two filled shapes (head, body), white when not shaded."""
    (page, _), *_ = figure.content
    ids = {mcid for p, mcid in figure.content if p == page}
    shapes = [s for s in pages(pdf)[page][0] if s.mcid in ids and s.filled]
    assert len(shapes) == 400, f"expected 2 x 100 people of 2 shapes, found {len(shapes)}"
    middle = (min(s.bbox[0] for s in shapes) + max(s.bbox[2] for s in shapes)) / 2
    left = [s for s in shapes if s.bbox[2] < middle]
    right = [s for s in shapes if s.bbox[0] > middle]
    assert len(left) == len(right) == 200

    def count(side: list) -> int:
        shaded = [s for s in side if s.fill != pytest.approx(WHITE, abs=1e-3)]
        assert len(shaded) % 2 == 0, "a person with a shaded head but not body, or back"
        return len(shaded) // 2

    return count(left), count(right)


def test_every_printed_fact_box_says_the_contents_numbers(case: tuple[str, str]) -> None:
    pdf = pdf_bytes(*case)
    marked = marked_text(pdf)
    boxes = printed(case, model.FactBox)
    titles = {box.title for box in boxes}
    found = [d for d in divs(pdf)
             if d.kids and d.kids[0].role == "H3" and d.kids[0].text(marked) in titles]
    assert [d.kids[0].text(marked) for d in found] == [box.title for box in boxes]
    for div, box in zip(found, boxes, strict=True):
        texts = [kid.text(marked) for kid in div.kids if kid.role != "Figure"]
        (figure,) = [kid for kid in div.kids if kid.role == "Figure"]
        counts = [box.with_medicine, box.without_medicine]
        assert [int(n) for n in PEOPLE.findall(figure.text(marked))] == counts, "picture labels"
        assert shaded_people(pdf, figure) == tuple(counts), "the shaded people"
        assert figure.alt == words(box.alt)
        said = [int(n) for text in texts for n in PEOPLE.findall(text)]
        assert said == counts, "the numbers in words"
        assert words(box.outcome) in texts
        # The fixed words come from the leaflet language's strings table.
        w = strings.words(leaflet())
        assert words(w("factbox_time", time_frame=box.time_frame)) in texts
        certainty = w("certainty_" + box.certainty.replace(" ", "_"))
        assert words(w("factbox_certainty", words=certainty)) in texts
        source = leaflet().source(box.source)
        assert words(w("factbox_source", publisher=source.publisher, title=source.title,
                       year=source.year)) in texts

def test_some_layout_prints_every_fact_box() -> None:
    """The fact box is detail, so a layout may leave it out; not every layout may."""
    boxes = [b for s in leaflet().sections for b in s.blocks if isinstance(b, model.FactBox)]
    printing = {id(b): [case for case in CASES if b in printed(case, model.FactBox)]
                for b in boxes}
    assert all(printing.values()), "a fact box that no layout prints"


def test_the_fact_box_alt_text_states_both_numbers() -> None:
    """The alt text is the content's own words: it must not contradict the counts."""
    for section in leaflet().sections:
        for box in section.blocks:
            if isinstance(box, model.FactBox):
                numbers = re.findall(r"\d+", box.alt)
                assert str(box.with_medicine) in numbers, box.alt
                assert str(box.without_medicine) in numbers, box.alt


# -- emergency signs, missed doses, stopping ---------------------------------------------------
def test_every_urgent_and_warning_callout_is_printed_item_by_item(
        case: tuple[str, str]) -> None:
    if not LAYOUTS[case[0]].complete:
        pytest.skip(f"{case[0]} is a companion: its own tests check what it prints")
    pdf = pdf_bytes(*case)
    marked = marked_text(pdf)
    callouts = [b for b in printed(case, model.Callout) if b.kind in ("urgent", "warning")]
    assert callouts, "a complete layout prints the emergency signs"
    found = {d.kids[0].text(marked): d for d in divs(pdf) if d.kids}
    label = strings.words(leaflet())
    for callout in callouts:
        head = f"{label(f'callout_{callout.kind}')}: {words(callout.title)}"
        assert head in found, f"not printed as a callout: {head!r}"
        body = found[head].kids[1:]
        paragraphs = [kid.text(marked) for kid in body if kid.role == "P"]
        assert paragraphs == ([words(callout.text)] if callout.text else [])
        items = [e.text(marked) for kid in body if kid.role == "L"
                 for e in kid.walk() if e.role == "LBody"]
        assert items == [words(item) for item in callout.items], callout.title
