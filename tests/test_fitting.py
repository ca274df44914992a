"""Fitting by measuring (handout/fitting.py, issue 12 item 4): placing the blocks' flowables
without drawing says what a trial build says, for every way of printing the blocks that the
tri-fold tries; a tri-fold is one ReportLab build; what the placement does not model goes to
a trial build, logged. What the tri-fold chooses is pinned in test_trifold_choices.py."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from functools import cache
from pathlib import Path

import pytest
from conftest import CONTENT, LAYOUTS
from reportlab.platypus import BaseDocTemplate, PageBreak

from handout import model, panels, pipeline
from handout.errors import LayoutError
from handout.fitting import Forms, Placement, Unmodelled
from handout.layout import PrintOptions
from handout.model import Leaflet
from handout.render import render

LAYOUT = LAYOUTS["trifold"]


def tried(leaflet: Leaflet, paper: str, monkeypatch: pytest.MonkeyPatch,
          ) -> list[tuple[panels.Overflow, panels.Overflow]]:
    """For every story the tri-fold measures while it fits `leaflet`: (what the placement
    said, what a trial build of the same story says)."""
    pairs = []
    measured = panels.measured

    def both(forms: Forms, sections: tuple[model.Section, ...], chosen: panels.Choice,
             areas: list[panels.Area]) -> panels.Overflow:
        placed = measured(forms, sections, chosen, areas)
        pairs.append((placed, panels.overflow(forms.fresh(sections, chosen), areas)))
        return placed

    monkeypatch.setattr(panels, "measured", both)
    with contextlib.suppress(LayoutError):  # too long: its stories were measured all the same
        LAYOUT.build(leaflet, pipeline.context(LAYOUT, paper, PrintOptions()))
    return pairs


@cache
def leaflets() -> list[tuple[str, Leaflet, str]]:
    from test_trifold import content

    with tempfile.TemporaryDirectory() as folder:  # the generated files, loaded at once
        tmp = Path(folder)
        return [("shipped", pipeline.load(CONTENT), "a4"),
                ("shipped", pipeline.load(CONTENT), "letter"),
                ("Spanish", pipeline.load(CONTENT, lang="es"), "letter"),
                ("Spanish, too long", pipeline.load(CONTENT, lang="es"), "a4"),
                ("fills the panels", content(tmp, essential=9, detail=14), "a4"),
                ("too long", content(tmp, huge=120), "letter")]


@pytest.mark.parametrize(("name", "leaflet", "paper"), leaflets(),
                         ids=[f"{n}-{p}" for n, _, p in leaflets()])
def test_placing_says_what_a_trial_build_says(name: str, leaflet: Leaflet, paper: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = tried(leaflet, paper, monkeypatch)
    assert len(pairs) >= 2
    for placed, built in pairs:
        assert placed.height == pytest.approx(built.height, abs=0.01)
        assert placed.free == pytest.approx(built.free, abs=0.01)
        assert placed.section is built.section
    assert any(placed for placed, _ in pairs)  # every one overflows in full
    if "too long" not in name:
        assert any(not placed for placed, _ in pairs)  # what is printed fits


def test_a_trifold_is_one_reportlab_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped leaflet shortens and leaves out blocks on both papers, with one build."""
    builds = []
    real = BaseDocTemplate.build

    def counted(self: BaseDocTemplate, *args: object, **kwargs: object) -> None:
        builds.append(type(self).__name__)
        real(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    for paper in LAYOUT.papers:
        builds.clear()
        rendered = render(pipeline.load(CONTENT), LAYOUT,
                          pipeline.context(LAYOUT, paper, PrintOptions()))
        assert rendered.omitted
        assert builds == ["_Doc"], paper


def test_a_page_break_is_measured_by_a_trial_build(caplog: pytest.LogCaptureFixture) -> None:
    """The placement copies Platypus for what blocks are made of; a page break (no block
    makes one today) is not that: it says so, and fitting asks a trial build instead."""
    leaflet = pipeline.load(CONTENT)
    ctx = pipeline.context(LAYOUT, "a4", PrintOptions())
    from handout import kit

    blocks = kit.Blocks(leaflet, ctx.theme, 200)
    heading = blocks.section

    def broken(section: model.Section, chosen: tuple[model.Block, ...] | None = None) -> list:
        return [*heading(section, chosen), PageBreak()]

    blocks.section = broken  # type: ignore[method-assign]
    forms = Forms(blocks)
    sections = leaflet.sections[:2]
    chosen = {s.key: s.blocks for s in sections}
    with pytest.raises(Unmodelled):
        forms.placement(200, [300, 300]).place(forms.story(sections, chosen))
    areas = [panels.Area(f"a{i}", 0, 0, 200, 300) for i in range(2)]
    with caplog.at_level(logging.WARNING, logger="handout.panels"):
        over = panels.measured(forms, sections, chosen, areas)
    assert [r.getMessage() for r in caplog.records] == [
        "fitting by a trial build: the placement does not model PageBreak breaks a page or "
        "frame"]
    assert over.height == pytest.approx(
        panels.overflow(forms.fresh(sections, chosen), areas).height)


def test_a_placement_leaves_its_flowables_as_they_were() -> None:
    """Placing the same flowables twice gives the same answer (keep-with-next, splits)."""
    leaflet = pipeline.load(CONTENT)
    ctx = pipeline.context(LAYOUT, "a4", PrintOptions())
    from handout import kit

    forms = Forms(kit.Blocks(leaflet, ctx.theme, 270))
    chosen = {s.key: s.blocks for s in leaflet.sections}
    placement = Placement(270, [500, 500, 500])
    story = forms.story(leaflet.sections, chosen)
    first = placement.place(story)
    assert first[0] > 0
    assert placement.place(story) == first


@pytest.mark.parametrize("paper", LAYOUT.papers)
def test_printing_the_measured_flowables_prints_what_new_ones_print(
        paper: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tri-fold prints the flowables it placed while measuring; with new ones for
    every placement and for the build, the bytes are the same."""
    leaflet = pipeline.load(CONTENT)
    ctx = pipeline.context(LAYOUT, paper, PrintOptions())
    reused = render(leaflet, LAYOUT, ctx).pdf
    monkeypatch.setattr(Forms, "story", Forms.fresh)
    assert render(leaflet, LAYOUT, ctx).pdf == reused
