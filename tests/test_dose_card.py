"""The wallet dose card: ID-1 geometry, duplex registration, cut marks, what each side says
(computed from the model, not copied strings), nothing outside a card, loud overflow."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import (
    DATA,
    LAYOUTS,
    fixture_leaflet,
    fixture_pdf,
    leaflet,
    pdf_bytes,
    plain,
    reader,
    squash,
)
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from handout import cards, fonts, kit, model, pipeline, strings
from handout.errors import LayoutError
from handout.layout import Context
from layouts import dose_card

PAPERS = ("a4", "letter")
CARD_W, CARD_H = 85.6 * mm, 53.98 * mm


def context(paper: str) -> Context:
    layout = LAYOUTS["dose-card"]
    return Context(layout="dose-card", paper=paper, page_size=layout.page_sizes[paper],
                   theme=layout.theme())


def sheet(paper: str) -> cards.Sheet:
    return dose_card.sheet(context(paper))


# -- geometry (pure) -----------------------------------------------------------------------
def test_id1_card_size_exactly() -> None:
    assert cards.ID1[0] == pytest.approx(CARD_W, abs=0.01)
    assert cards.ID1[1] == pytest.approx(CARD_H, abs=0.01)
    for paper in PAPERS:
        for rect in (*sheet(paper).fronts(), *sheet(paper).backs()):
            assert rect.width == pytest.approx(CARD_W, abs=0.01)
            assert rect.height == pytest.approx(CARD_H, abs=0.01)


@pytest.mark.parametrize(("paper", "columns", "rows"), [("a4", 2, 5), ("letter", 2, 4)])
def test_cards_per_sheet_and_margins(paper: str, columns: int, rows: int) -> None:
    grid = sheet(paper)
    assert (grid.columns, grid.rows) == (columns, rows)
    assert min(grid.margins) >= dose_card.MIN_MARGIN - 0.01
    width, height = grid.page_size
    rects = grid.fronts()
    for i, a in enumerate(rects):
        assert a.x > 0 and a.right < width and a.y > 0 and a.top < height
        for b in rects[i + 1:]:  # no two cards overlap or touch
            assert (a.right < b.x or b.right < a.x or a.top < b.y or b.top < a.y)


def test_sheet_refuses_a_grid_that_does_not_fit() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        cards.Sheet((595, 842), cards.ID1, 2, 6, 3 * mm, 3 * mm)


@pytest.mark.parametrize("paper", PAPERS)
def test_backs_are_fronts_mirrored_for_a_long_edge_flip(paper: str) -> None:
    grid = sheet(paper)
    width = grid.page_size[0]
    for (row, column), front, back in zip(grid.cells(), grid.fronts(), grid.backs(),
                                          strict=True):
        # mirrored about the page's vertical centre line ...
        assert back.x == pytest.approx(width - front.x - front.width, abs=0.01)
        assert back.y == pytest.approx(front.y, abs=0.01)
        assert (back.width, back.height) == (front.width, front.height)
        # ... which is where column (columns - 1 - c) of the same row is printed
        _same(grid.front(row, grid.columns - 1 - column), back)


def _same(a: cards.Rect, b: cards.Rect) -> cards.Rect:
    assert (a.x, a.y, a.width, a.height) == pytest.approx((b.x, b.y, b.width, b.height),
                                                          abs=0.01)
    return b


def test_mirroring_with_an_odd_number_of_columns() -> None:
    grid = cards.Sheet((842, 595), cards.ID1, 3, 2, 5 * mm, 5 * mm)
    for row in range(2):
        for column in range(3):
            _same(grid.back(row, column), grid.front(row, 2 - column))
    _same(grid.front(0, 1), grid.back(0, 1))  # the middle column stays where it is


@pytest.mark.parametrize("paper", PAPERS)
def test_frames_sit_inside_their_cards_and_backs_register(paper: str) -> None:
    story = dose_card.build(leaflet(), context(paper))
    fronts, backs = story.templates
    grid = sheet(paper)
    for frames, rects in ((fronts.frames, grid.fronts()), (backs.frames, grid.backs())):
        assert len(frames) == grid.count
        for frame, rect in zip(frames, rects, strict=True):
            inner = rect.inset(dose_card.SAFE)
            assert (frame._x1, frame._y1, frame._width, frame._height) == pytest.approx(
                (inner.x, inner.y, inner.width, inner.height), abs=0.01)
    for front, back in zip(fronts.frames, backs.frames, strict=True):
        assert back._x1 + back._width == pytest.approx(grid.page_size[0] - front._x1)
        assert back._y1 == pytest.approx(front._y1)


@pytest.mark.parametrize("paper", PAPERS)
def test_cut_marks_at_every_corner_never_on_a_card(paper: str) -> None:
    grid = sheet(paper)
    marks = grid.cut_marks()
    width, height = grid.page_size
    for x0, y0, x1, y1 in marks:
        assert x0 == x1 or y0 == y1, "marks are horizontal or vertical"
        for x, y in ((x0, y0), (x1, y1)):
            assert cards.PAPER_EDGE - 0.01 <= x <= width - cards.PAPER_EDGE + 0.01
            assert cards.PAPER_EDGE - 0.01 <= y <= height - cards.PAPER_EDGE + 0.01
        for rect in grid.fronts():  # a mark never crosses nor touches a card
            near = rect.inset(-cards.MARK_GAP + 0.01)
            apart = (max(x0, x1) < near.x or min(x0, x1) > near.right
                     or max(y0, y1) < near.y or min(y0, y1) > near.top)
            assert apart, f"mark {(x0, y0, x1, y1)} touches a card"
    for rect in grid.fronts():
        for cx in (rect.x, rect.right):
            for cy in (rect.y, rect.top):
                vertical = [m for m in marks if m[0] == m[2] == pytest.approx(cx, abs=0.01)
                            and min(abs(m[1] - cy), abs(m[3] - cy)) <= cards.MARK_GAP + 0.01]
                horizontal = [m for m in marks if m[1] == m[3] == pytest.approx(cy, abs=0.01)
                              and min(abs(m[0] - cx), abs(m[2] - cx)) <= cards.MARK_GAP + 0.01]
                assert vertical and horizontal, f"corner {(cx, cy)} has no cut marks"


# -- what is printed ------------------------------------------------------------------------
def steps(regimen: model.Regimen) -> list[float]:
    """The titration the card must show: from start, by step, not beyond the usual top."""
    assert regimen.titration is not None and regimen.per_dose is not None
    doses, dose = [], regimen.titration.start
    while dose <= regimen.per_dose[1] + 1e-9:
        doses.append(dose)
        dose += regimen.titration.step
    return doses


def face_names() -> dict[str, str]:
    """PDF base font name (without the subset prefix) -> our registered font name."""
    return {fonts.font(name).face.name.decode(): name
            for name in (fonts.REGULAR, fonts.BOLD, fonts.FALLBACK, fonts.FALLBACK_BOLD)}


Fragment = tuple[str, float, float, float, float]  # text, x, y, width, size


def fragments(pdf: bytes, page: int) -> list[Fragment]:
    """Every drawn piece of text with its start point, its width in its own font and its
    effective size (font size x text matrix x CTM scale), in page coordinates."""
    names = face_names()
    found: list[Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None,
              size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        horizontal = abs(tm[0] * cm[1] + tm[1] * cm[3]) < 1e-6
        base = str((font or {}).get("/BaseFont", "")).lstrip("/").split("+")[-1]
        width = stringWidth(text.rstrip("\n"), names[base], size * scale) if horizontal else 0
        found.append((text, x, y, width if horizontal else -1, size * scale))

    reader(pdf).pages[page].extract_text(visitor_text=visit)
    return found


def per_card(paper: str, page: int) -> tuple[list[str], list[Fragment]]:
    """Squashed text of each card on a page (in card order), and what lies outside the text
    area of every card (start and end of each piece of text are checked)."""
    grid = sheet(paper)
    rects = grid.fronts() if page == 0 else grid.backs()
    areas = [r.inset(dose_card.SAFE) for r in rects]
    texts = ["" for _ in rects]
    outside = []
    for piece in fragments(pdf_bytes("dose-card", paper), page):
        text, x, y, width, _ = piece
        inside = [i for i, a in enumerate(areas)
                  if width >= 0 and a.contains(x, y, 0.5) and a.contains(x + width, y, 0.5)]
        if inside:
            texts[inside[0]] += squash(text)
        else:
            outside.append(piece)
    return texts, outside


@pytest.mark.parametrize("paper", PAPERS)
def test_two_pages_fronts_then_backs(paper: str) -> None:
    pdf = reader(pdf_bytes("dose-card", paper))
    assert len(pdf.pages) == 2
    assert "(fronts)" in pdf.pages[0].extract_text()
    assert "(backs)" in pdf.pages[1].extract_text()


@pytest.mark.parametrize("paper", PAPERS)
def test_every_front_has_the_steps_computed_from_the_dosing_data(paper: str) -> None:
    dosing = leaflet().dosing
    [regimen] = dosing.regimens
    assert regimen.titration and regimen.per_dose and dosing.maximum
    doses = steps(regimen)
    assert doses == dose_card.titration(regimen)
    texts, _ = per_card(paper, 0)
    for text in texts:
        assert squash(leaflet().meta.title) in text
        for dose in doses:
            assert f"{dose:g}{dosing.unit}" in text
        step = regimen.titration.step
        assert f"{doses[-1] + step:g}{dosing.unit}" not in text  # no invented step
        usual = f"{regimen.per_dose[0]:g}{dosing.unit}to{regimen.per_dose[1]:g}{dosing.unit}aday"
        assert usual in text
        if dosing.maximum.per_day:
            assert f"{dosing.maximum.per_day:g}{dosing.unit}aday" in text
        else:  # a ceiling left to a specialist: the card says so, with no number
            assert squash(f"Higher doses: {dosing.maximum.note}") in text
        assert squash("Going up:") in text
        assert squash("Date started") in text and squash("My dose now") in text


@pytest.mark.parametrize("paper", PAPERS)
def test_a_dose_now_box_only_where_the_dose_goes_up(paper: str) -> None:
    """"My dose now" means something while a dose goes up step by step: the gel (as needed,
    no titration) keeps the date-started box alone; the shipped leaflet has both on every
    card. The labels are read from the strings table, as the card prints them."""
    gel = fixture_leaflet("ibuprofen-gel")
    assert not gel.dosing.titrated and leaflet().dosing.titrated
    count = sheet(paper).count
    for found, pdf, boxes in ((gel, fixture_pdf("ibuprofen-gel", "dose-card", paper), 0),
                              (leaflet(), pdf_bytes("dose-card", paper), count)):
        words = strings.words(found)
        front = squash(reader(pdf).pages[0].extract_text())
        assert front.count(squash(words("card_date_started"))) == count
        assert front.count(squash(words("card_dose_now"))) == boxes, found.meta.id
def structure(pdf: bytes) -> tuple[str, list[tuple[str, str]]]:
    """What a screen reader follows (poppler's `pdfinfo -struct-text`): the squashed text of
    the structure tree, and (role, text) of each element that holds text directly."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        lines = subprocess.run(["pdfinfo", "-struct-text", tmp.name], capture_output=True,
                               text=True, check=True).stdout.splitlines()
    owned, role = [], ""
    for line in lines:
        if match := re.fullmatch(r'\s*"(.*)"', line):
            owned.append((role, squash(match.group(1))))
        elif not line.strip().startswith("/"):  # not an attribute: an element
            role = line.split()[0].rstrip(":")
    return "".join(text for _, text in owned), owned


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize("paper", PAPERS)
def test_a_screen_reader_hears_one_card_with_a_heading(paper: str) -> None:
    """The structure tree holds one card's text (front, then back), led by the medicine as
    an H1 and with the dose steps as table header cells; every copy is still drawn."""
    text, owned = structure(pdf_bytes("dose-card", paper))
    fronts, _ = per_card(paper, 0)
    backs, _ = per_card(paper, 1)
    assert len(fronts) == len(backs) == sheet(paper).count
    assert set(fronts) == {fronts[0]} and set(backs) == {backs[0]}  # all drawn, all alike
    assert text == fronts[0] + backs[0]
    assert owned[0] == ("H1", squash(leaflet().meta.title))
    assert [role for role, _ in owned].count("H1") == 1
    [regimen] = leaflet().dosing.regimens
    unit = leaflet().dosing.unit
    assert [t for role, t in owned if role == "TH"] == [
        f"{dose:g}{unit}" for dose in dose_card.titration(regimen)]


def test_titration_never_invents_a_step() -> None:
    [base] = leaflet().dosing.regimens
    assert base.titration is not None

    def ladder(start: float, step: float, up_to: float) -> list[float]:
        titration = replace(base.titration, start=start, step=step, up_to=up_to)
        return dose_card.titration(replace(base, titration=titration))

    assert ladder(10, 10, 75) == [10, 20, 30, 40, 50, 60, 70]
    assert ladder(25, 25, 100) == [25, 50, 75, 100]
    assert ladder(0.5, 0.25, 1) == [0.5, 0.75, 1]
    assert dose_card.titration(replace(base, titration=None)) == []


def model_blocks() -> tuple[model.Callout, model.Block]:
    """The emergency signs and the missed-dose rule: the blocks with those roles."""
    sections = {s.key: s for s in leaflet().sections}
    urgent = next(b for b in sections["side_effects"].blocks if b.role == "emergency_signs")
    missed = next(b for b in sections["dosing_and_tapering"].blocks if b.role == "missed_dose")
    return urgent, missed


@pytest.mark.parametrize("paper", PAPERS)
def test_every_back_has_the_emergency_signs_missed_dose_rule_and_phone(paper: str) -> None:
    urgent, missed = model_blocks()
    texts, _ = per_card(paper, 1)
    for text in texts:
        for piece in (urgent.title, *urgent.items, missed.title,
                      getattr(missed, "text", ""), *getattr(missed, "items", ())):
            assert squash(plain(piece)) in text, piece
        assert squash(leaflet().meta.contact or "Clinic phone:") in text


@pytest.mark.parametrize("paper", PAPERS)
def test_no_text_outside_the_cards_but_the_sheet_label(paper: str) -> None:
    """Every piece of text starts and ends inside a card's text area, except the sheet's
    label, which runs up the left margin, clear of the cut marks, and is cut away."""
    grid = sheet(paper)
    meta = leaflet().meta
    for page in (0, 1):
        _, outside = per_card(paper, page)
        label = squash("".join(text for text, *_ in outside))
        assert label.startswith(squash(meta.title))
        assert squash(f"Page {page + 1} of 2") in label
        assert squash("flip on the long edge") in label
        for text, x, _y, width, _size in outside:
            assert width < 0, f"horizontal text outside the cards: {text!r}"
            assert x < grid.margins[0] - cards.MARK_GAP - cards.MARK_LENGTH, text


@pytest.mark.parametrize("paper", PAPERS)
def test_nothing_on_a_card_is_smaller_than_8_pt(paper: str) -> None:
    for page in (0, 1):
        sizes = [size for *_, size in fragments(pdf_bytes("dose-card", paper), page)]
        assert min(sizes) >= 8 - 0.01


def test_omitted_lists_every_block_not_on_the_card() -> None:
    story = dose_card.build(leaflet(), context("a4"))
    urgent, missed = model_blocks()
    stopping = leaflet().block_with_role("stopping")
    assert stopping is not None
    shown = {id(urgent), id(missed), id(stopping[1])}
    expected = [s.key for s in leaflet().sections for b in s.blocks
                if id(b) not in shown and not isinstance(b, model.DosePlan)]
    listed = [line.split(":", 1)[0] for line in story.omitted if "short form" not in line]
    assert listed == expected
    assert all(line.split(": ", 1)[1] for line in story.omitted)
    # The stopping rule is on the card in its short form, and the log says so by name.
    assert kit.short_label(*stopping) in story.omitted


@pytest.mark.parametrize("paper", PAPERS)
def test_the_front_carries_the_stopping_rule_found_by_role(paper: str) -> None:
    found = leaflet().block_with_role("stopping")
    assert found is not None
    front = squash(reader(pdf_bytes("dose-card", paper)).pages[0].extract_text())
    assert squash(plain(found[1].title)) in front
    assert squash(plain(found[1].short)) in front


# -- overflow --------------------------------------------------------------------------------
def mutated(tmp_path: Path, old: str, new: str) -> model.Leaflet:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "card.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return pipeline.load(path)


def test_minimal_leaflet_builds_with_a_write_in_phone_line() -> None:
    small = pipeline.load(DATA / "minimal.yaml")
    for paper in PAPERS:
        pdf = reader(pipeline.build_one(small, LAYOUTS["dose-card"], paper))
        assert len(pdf.pages) == 2
        back = squash(pdf.pages[1].extract_text())
        assert squash("Clinic phone:") in back
        assert squash("Never take two doses at once.") in back
        front = squash(pdf.pages[0].extract_text())
        for dose in (10, 20, 30, 40, 50):
            assert f"{dose}mg" in front


def test_an_urgent_callout_too_long_for_the_card_fails_loudly(tmp_path: Path) -> None:
    long_items = "\n".join(
        f"          - sign number {i}, you feel very unwell in a way that is described at "
        "length here so that it cannot fit" for i in range(12))
    small = mutated(tmp_path, "        items: [Chest pain, A fit]\n",
                    f"        items:\n{long_items}\n")
    for paper in PAPERS:
        with pytest.raises(LayoutError) as err:
            pipeline.build_one(small, LAYOUTS["dose-card"], paper)
        message = err.value.report()
        assert f"layout 'dose-card' on {paper}" in message
        assert "section 'Side effects' (side_effects)" in message
        assert "the back of the card overflows by" in message
        assert " pt (" in message and " mm)" in message
        assert "card.yaml:" in message  # located: the callout's YAML line
        assert "hint:" in message


def test_long_emergency_signs_print_their_short_form(tmp_path: Path) -> None:
    text = " ".join(["This sentence explains the warning in more words than fit."] * 6)
    small = mutated(tmp_path, "        items: [Chest pain, A fit]\n",
                    f"        text: {text}\n        items: [Chest pain, A fit]\n"
                    "        short: [Chest pain, A fit]\n")
    story = dose_card.build(small, context("a4"))
    assert "side_effects: Call 999 if you have chest… (printed in its short form)" in (
        story.omitted)
    pdf = reader(pipeline.build_one(small, LAYOUTS["dose-card"], "a4"))
    back = squash(pdf.pages[1].extract_text())
    assert squash("Chest pain") in back and squash("This sentence explains") not in back


def test_long_emergency_signs_without_a_short_form_fail(tmp_path: Path) -> None:
    """Nothing is left off the card for want of room: no short form, no card."""
    text = " ".join(["This sentence explains the warning in more words than fit."] * 6)
    small = mutated(tmp_path, "        items: [Chest pain, A fit]\n",
                    f"        text: {text}\n        items: [Chest pain, A fit]\n")
    with pytest.raises(LayoutError) as err:
        dose_card.build(small, context("a4"))
    message = err.value.report()
    assert "the back of the card overflows by" in message
    assert "short form" in message


def test_a_plan_with_too_many_steps_fails_naming_the_dosing_section(tmp_path: Path) -> None:
    small = mutated(tmp_path, "step: 10,", "step: 1,")
    with pytest.raises(LayoutError) as err:
        pipeline.build_one(small, LAYOUTS["dose-card"], "a4")
    message = err.value.report()
    assert "layout 'dose-card' on a4" in message
    assert "(dosing_and_tapering): the front of the card overflows by" in message


def test_a_missing_needed_role_fails_located_naming_the_role(tmp_path: Path) -> None:
    small = mutated(tmp_path, "        role: emergency_signs\n", "")
    with pytest.raises(LayoutError) as err:
        pipeline.build_one(small, LAYOUTS["dose-card"], "letter")
    message = err.value.report()
    assert "layout 'dose-card' on letter needs a block with role 'emergency_signs'" in message
    assert "card.yaml:" in message  # located: the side_effects section
    assert "hint: add 'role: emergency_signs' to the block that says it" in message


def test_a_role_block_the_card_cannot_print_needs_a_short_form(tmp_path: Path) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("        role: missed_dose\n", "").replace(
        "      - type: table\n", "      - type: table\n        role: missed_dose\n")
    path = tmp_path / "card.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutError) as err:
        dose_card.build(pipeline.load(path), context("a4"))
    message = err.value.report()
    assert "role 'missed_dose' as words or a list, and this table has neither" in message
    assert "card.yaml:" in message and "hint: give it a short form" in message
    path.write_text(text.replace("          - [Dry mouth, Sugar-free gum]\n",
                                 "          - [Dry mouth, Sugar-free gum]\n"
                                 "        short: Take it when you remember.\n"), "utf-8")
    story = dose_card.build(pipeline.load(path), context("a4"))
    assert any(line.endswith(kit.SHORT_SUFFIX) for line in story.omitted)
