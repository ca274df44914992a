"""The dose plan table and the safety rules read back from every layout's PDF, cell by cell
and item by item, for the shipped leaflet, the fixture leaflets (two regimens; a topical
product) and a titrated variant with a numeric ceiling and a taper schedule.

Each dose plan is compared twice: with `dose_words.plan_rows` (every label and value, through
the structure tree: Table > TR > TD), and independently with the raw numbers of `dosing`:
the amounts of each row, in order, worked out here from per dose, times a day, titration,
maximum and taper. So a regression in `plan_rows` itself (a wrong daily total, a highest
dose that is not the data's, a per-dose figure printed as daily) fails here too. The amounts
are read as "<number> <unit>", with no English, so a translated leaflet is held to them as
well.

The dose card is read by position (each card's text is what is drawn inside it; only one
card is tagged), on every card of both sheets: steps, usual and highest dose, the stopping,
emergency and missed-dose blocks item by item.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest
from conftest import CASES, LAYOUTS, fixture_leaflet, fixture_pdf, leaflet, pdf_bytes, plain, squash
from pdfread import Element, marked_text, pages, structure

from handout import cards, dose_words, kit, model, pipeline, strings
from handout.layout import Context
from layouts import dose_card

FIXTURES = ("nitrofurantoin", "ibuprofen-gel")
COMPLETE = [case for case in CASES if LAYOUTS[case[0]].complete]
CARD_PAPERS = LAYOUTS["dose-card"].papers
EPSILON = 1e-9

EN = strings.table("en")  # the English interface words


# -- the leaflets ---------------------------------------------------------------------------
def titrated_twice_a_day() -> model.Leaflet:
    """The shipped leaflet taken twice a day, with a numeric ceiling (per dose and per day)
    and a taper schedule: every row and every derived number the plan can print."""
    base = leaflet()
    dosing = base.dosing
    [regimen] = dosing.regimens
    assert regimen.titration is not None and dosing.maximum is not None and dosing.taper
    twice = replace(regimen, times_a_day=(2, 2), per_dose=(10, 40),
                    titration=replace(regimen.titration, up_to=40))
    maximum = replace(dosing.maximum, per_dose=75, per_day=150, note="")
    taper = replace(dosing.taper, schedule=(
        model.TaperStep(per_day=50, weeks=2, loc=dosing.taper.loc),
        model.TaperStep(per_day=20, weeks=1, loc=dosing.taper.loc)))
    return replace(base, dosing=replace(dosing, regimens=(twice,), maximum=maximum,
                                        taper=taper))


VARIANT = "titrated-twice-a-day"
NAMES = ("shipped", *FIXTURES, VARIANT)


@cache
def content(name: str) -> model.Leaflet:
    if name == "shipped":
        return leaflet()
    if name == VARIANT:
        return titrated_twice_a_day()
    return fixture_leaflet(name)


@cache
def built(name: str, layout: str, paper: str) -> bytes:
    if name == "shipped":
        return pdf_bytes(layout, paper)
    if name == VARIANT:
        return pipeline.build_one(content(name), LAYOUTS[layout], paper)
    return fixture_pdf(name, layout, paper)


def omitted(name: str, layout: str, paper: str) -> tuple[str, ...]:
    """What the layout reported as left out or shortened (a fresh story: cheap, no PDF)."""
    spec = LAYOUTS[layout]
    ctx = Context(layout=layout, paper=paper, page_size=spec.page_sizes[paper],
                  theme=spec.theme())
    return spec.build(content(name), ctx).omitted


# The variant goes through every layout on one paper (the fixtures on both, shared with
# test_leaflets): enough to catch a layout that prints a number of its own.
LEAFLET_CASES = [(name, layout, paper) for name in NAMES for layout, paper in COMPLETE
                 if name != VARIANT or paper == "a4"]


def case_id(case: tuple[str, str, str]) -> str:
    return "-".join(case)


# -- the amounts a row must print, from the raw data ----------------------------------------
def amounts_in(text: str, unit: str) -> list[float]:
    """Every "<number> <unit>" in a text, in order (no-break spaces count as spaces)."""
    units = re.escape(unit) if unit else r"(?:mg|g|mcg|ml)"
    return [float(n) for n in re.findall(rf"(\d+(?:\.\d+)?)\s*{units}(?![A-Za-z])", text)]


def span(low: float, high: float) -> list[float]:
    return [low] if low == high else [low, high]


def once(regimen: model.Regimen) -> bool:
    return regimen.times_a_day == (1, 1) and not regimen.as_needed


def daily(regimen: model.Regimen) -> list[float]:
    """The daily total as printed: per dose times the times a day (at most, when needed)."""
    assert regimen.per_dose is not None
    low = regimen.per_dose[0] * regimen.times_a_day[0]
    high = regimen.per_dose[1] * regimen.times_a_day[1]
    return [high] if regimen.as_needed else span(low, high)


def usual(regimen: model.Regimen) -> list[float]:
    """A titrated regimen's usual dose: a day, then per dose if taken more than once."""
    assert regimen.per_dose is not None
    return daily(regimen) + ([] if once(regimen) else span(*regimen.per_dose))


def plan_amounts(dosing: model.Dosing) -> list[list[float]]:
    """The amounts of each dose plan row, in order, from the raw numbers of `dosing`."""
    rows: list[list[float]] = []
    for regimen in dosing.regimens:
        t = regimen.titration
        if t is None:
            if regimen.per_dose is None:
                rows.append([])
            else:
                rows.append(span(*regimen.per_dose) + ([] if once(regimen) else daily(regimen)))
            continue
        per_day = [] if regimen.times_a_day == (1, 1) else [t.start * regimen.times_a_day[1]]
        rows += [[t.start, *per_day], [t.step], usual(regimen)]
    m = dosing.maximum
    if m and (m.per_dose or m.per_day or m.note):
        rows.append([v for v in (m.per_dose, m.per_day) if v]
                    + amounts_in(m.note, dosing.unit))
    if dosing.taper and dosing.taper.text:
        rows.append(amounts_in(dosing.taper.text, dosing.unit))
    if dosing.taper and dosing.taper.schedule:
        rows.append([s.per_day for s in dosing.taper.schedule])
    return rows


def ladder(regimen: model.Regimen) -> list[float]:
    """The titration steps: from the start, by the step, never past the top."""
    t = regimen.titration
    if t is None:
        return []
    doses, dose = [], t.start
    while dose <= t.up_to + EPSILON:
        doses.append(dose)
        dose += t.step
    return doses


# -- reading the PDF ------------------------------------------------------------------------
def leaves(pdf: bytes) -> list[tuple[str, str]]:
    """(role, text) of every structure element that holds text itself, in reading order."""
    marked = marked_text(pdf)
    return [(e.role, e.text(marked)) for e in structure(pdf).walk()
            if not e.kids and e.content and e.role not in ("Figure", "Artifact", "Lbl")]


def dose_tables(pdf: bytes, book: model.Leaflet) -> list[Element]:
    """The tables that are not one of the content's own tables (told by their header row)."""
    marked = marked_text(pdf)
    headers = {b.header for s in book.sections for b in s.blocks if isinstance(b, model.Table)}
    return [table for table in structure(pdf).walk() if table.role == "Table"
            and tuple(cell.text(marked) for cell in table.kids[0].kids) not in headers]


def cells(pdf: bytes, table: Element) -> list[list[str]]:
    marked = marked_text(pdf)
    return [[cell.text(marked) for cell in tr.kids] for tr in table.kids]


def words(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip()


# -- the dose plan table --------------------------------------------------------------------
@pytest.mark.parametrize("item", LEAFLET_CASES, ids=case_id)
def test_the_dose_plan_table_says_the_datas_doses_cell_by_cell(
        item: tuple[str, str, str]) -> None:
    book = content(item[0])
    pdf = built(*item)
    [table] = dose_tables(pdf, book)
    header, *rows = cells(pdf, table)
    assert len(header) == 2 and all(header), f"a header row of two cells: {header}"
    expected = dose_words.plan_rows(EN, book.dosing)
    assert [tuple(row) for row in rows] == [(words(a), words(b)) for a, b in expected]
    # independently of plan_rows: each row's amounts are the data's
    wanted = plan_amounts(book.dosing)
    assert len(rows) == len(wanted), "one row for each part of the plan the data has"
    for (label, value), amounts in zip(rows, wanted, strict=True):
        assert amounts_in(value, book.dosing.unit) == amounts, f"{label}: {value}"
        assert not amounts_in(label, book.dosing.unit), label


def test_the_dose_plan_rows_are_tagged_as_table_cells(case: tuple[str, str]) -> None:
    """The plan is a table a screen reader can walk: a header row of TH, rows of TD."""
    if not LAYOUTS[case[0]].complete:
        pytest.skip("the dose card prints the plan as steps: read by position below")
    [table] = dose_tables(pdf_bytes(*case), leaflet())
    assert {tr.role for tr in table.kids} == {"TR"}
    assert [c.role for c in table.kids[0].kids] == ["TH", "TH"]
    assert {c.role for tr in table.kids[1:] for c in tr.kids} == {"TD"}
    assert len(table.kids) == len(dose_words.plan_rows(EN, leaflet().dosing)) + 1


def test_the_variant_has_every_kind_of_row_and_derived_number() -> None:
    """The variant exercises what the shipped leaflet lacks: a number for the ceiling, a
    daily total that differs from one dose, a taper schedule."""
    dosing = titrated_twice_a_day().dosing
    assert plan_amounts(dosing) == [[10, 20], [10], [20, 80, 10, 40], [75, 150], [],
                                    [50, 20]]
    assert len(dose_words.plan_rows(EN, dosing)) == 6


# -- the rules found by role ----------------------------------------------------------------
def as_printed(book: model.Leaflet, role: str, left_out: tuple[str, ...]
               ) -> model.Block | None:
    """The block with a role as the layout printed it: in full, in its short form, or None."""
    found = book.block_with_role(role)
    if found is None:
        return None
    section, block = found
    if kit.short_label(section, block) in left_out:
        return model.short_form(block)
    return None if kit.omitted_label(section, block) in left_out else block


def expected_leaves(book: model.Leaflet, block: model.Block) -> list[str]:
    """The texts a block prints, one per structure element, in order."""
    if isinstance(block, model.Callout):
        label = strings.words(book)(f"callout_{block.kind}")
        return [words(f"{label}: {block.title}"), *([words(block.text)] if block.text else []),
                *(words(i) for i in block.items)]
    if isinstance(block, model.Bullets):
        return [*([words(block.title)] if block.title else []), *(words(i) for i in block.items)]
    if isinstance(block, model.Paragraph):
        return [words(block.text)]
    raise AssertionError(f"a rule as a {type(block).__name__}")


SAFETY_ROLES = ("emergency_signs", "missed_dose", "stopping")


@pytest.mark.parametrize("item", LEAFLET_CASES, ids=case_id)
def test_the_safety_rules_are_printed_item_by_item_by_role(item: tuple[str, str, str]) -> None:
    """The emergency signs, the missed-dose rule and the stopping rule, found by role, are
    printed whole: each text and item one structure element, in order, none left out."""
    name, layout, _ = item
    book = content(name)
    texts = [text for _, text in leaves(built(*item))]
    left_out = omitted(*item)
    checked = 0
    for role in SAFETY_ROLES:
        block = as_printed(book, role, left_out)
        if block is None:
            assert book.block_with_role(role) is None, f"{layout} leaves out the {role} block"
            continue
        want = expected_leaves(book, block)
        starts = [i for i, text in enumerate(texts) if text == want[0]]
        assert starts, f"{role}: {want[0]!r} not printed as its own element"
        assert any(texts[i:i + len(want)] == want for i in starts), f"{role}: {want}"
        checked += 1
    assert checked >= 2, "the emergency signs and the missed-dose rule at least"


# -- the dose card, every card --------------------------------------------------------------
CARD_CASES = [(name, "dose-card", paper) for name in NAMES for paper in CARD_PAPERS]


def card_texts(pdf: bytes, page: int, paper: str) -> list[str]:
    """What is drawn inside each card of a page, squashed, in drawing order."""
    spec = LAYOUTS["dose-card"]
    ctx = Context(layout="dose-card", paper=paper, page_size=spec.page_sizes[paper],
                  theme=spec.theme())
    grid = dose_card.sheet(ctx)
    rects: list[cards.Rect] = grid.fronts() if page == 0 else grid.backs()
    texts = ["" for _ in rects]
    for run in pages(pdf)[page][1]:
        inside = [i for i, r in enumerate(rects) if r.contains(run.x, run.y, 0)]
        if inside:
            texts[inside[0]] += run.text
    assert all(texts), "a card with no text"
    return texts


def in_order(text: str, pieces: list[str]) -> None:
    """Each piece (squashed) follows the one before in the card's squashed text."""
    flat, at = squash(text), 0
    for piece in pieces:
        found = flat.find(squash(plain(piece)), at)
        assert found >= 0, f"not found after position {at}: {piece!r}"
        at = found + len(squash(plain(piece)))


def rule_pieces(block: model.Block) -> list[str]:
    return [p for p in (getattr(block, "title", ""), getattr(block, "text", ""),
                        *getattr(block, "items", ())) if p]


@pytest.mark.parametrize("item", CARD_CASES, ids=case_id)
def test_every_card_front_has_the_datas_doses_in_order(item: tuple[str, str, str]) -> None:
    name, _, paper = item
    book = content(name)
    d = book.dosing
    nbsp = dose_card.NBSP
    stopping = as_printed(book, "stopping", omitted(*item))
    pieces = [book.meta.title]
    wanted = amounts_in(book.meta.title, d.unit)
    for regimen in d.regimens:
        t = regimen.titration
        if t is None:
            pieces.append(dose_words.how_to(EN, regimen, d.unit, nbsp, verb=False))
            wanted += plan_amounts(replace(d, regimens=(regimen,), maximum=None, taper=None))[0]
        else:
            pieces += [dose_words.how_often(EN, regimen),
                       dose_words.going_up(EN, regimen, t, d.unit),
                       *(dose_words.amount(x, d.unit) for x in ladder(regimen))]
            wanted += [t.step, *ladder(regimen)]
    for regimen in d.titrated:
        pieces.append(dose_words.usual(EN, regimen, d.unit))
        wanted += usual(regimen)
    if highest := dose_words.highest(EN, d.maximum, d.unit):
        pieces.append(highest)
        m = d.maximum
        assert m is not None
        wanted += [v for v in (m.per_dose, m.per_day) if v] + amounts_in(m.note, d.unit)
    if stopping is not None:
        pieces += rule_pieces(stopping)
        wanted += [a for p in rule_pieces(stopping) for a in amounts_in(p, d.unit)]
    fronts = card_texts(built(*item), 0, paper)
    assert len(set(fronts)) == 1, "every card of the sheet is the same"
    for text in fronts:
        in_order(text, pieces)
        assert amounts_in(text, d.unit) == wanted, text


@pytest.mark.parametrize("item", CARD_CASES, ids=case_id)
def test_every_card_back_has_the_emergency_signs_and_missed_dose_rule_item_by_item(
        item: tuple[str, str, str]) -> None:
    name, _, paper = item
    book = content(name)
    left_out = omitted(*item)
    signs = as_printed(book, "emergency_signs", left_out)
    missed = as_printed(book, "missed_dose", left_out)
    assert signs is not None and missed is not None
    label = strings.words(book)("callout_urgent")
    pieces = [label, *rule_pieces(signs), *rule_pieces(missed)]
    backs = card_texts(built(*item), 1, paper)
    assert len(set(backs)) == 1, "every card of the sheet is the same"
    for text in backs:
        in_order(text, pieces)
        assert amounts_in(text, book.dosing.unit) == [
            a for p in pieces for a in amounts_in(p, book.dosing.unit)], text
