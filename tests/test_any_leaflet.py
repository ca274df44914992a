"""Issue 8: any valid leaflet builds on every complete layout, or fails with a located,
actionable message. A short complete leaflet (tests/data/leaflets/short.yaml, about 300 words,
a made-up cream) and one three times the shipped leaflet's length (made from content.yaml by
repeating its blocks) on standard, booklet, large-print and trifold, both papers."""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, DATA, LAYOUTS, plain, reader, squash

from handout import furniture, kit, model, pipeline
from handout.errors import LayoutError
from handout.model import Leaflet

SHORT = DATA / "leaflets" / "short.yaml"
COMPLETE = [(name, paper) for name, layout in LAYOUTS.items() if layout.complete
            for paper in layout.papers]
IDS = [f"{name}-{paper}" for name, paper in COMPLETE]
# Words of the shipped leaflet's topic that a leaflet about something else must never show.
TOPIC = ("amitriptyline", "migraine", "headache", "999", "A&E")


@cache
def short() -> Leaflet:
    return pipeline.load(SHORT)


@cache
def long(tmp: Path) -> Leaflet:
    """content.yaml with every section's blocks four times, so that the whole leaflet (with
    its sources) is three times as long (the copies without roles: a role names one block)."""
    data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    for section in data["sections"].values():
        copies = [{k: v for k, v in b.items() if k != "role"}
                  for b in section["blocks"] if b["type"] != "dose_plan"]
        section["blocks"] += [copy.deepcopy(b) for _ in range(3) for b in copies]
    path = tmp / "long.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return pipeline.load(path)


@pytest.fixture(scope="module")
def long_leaflet(tmp_path_factory: pytest.TempPathFactory) -> Leaflet:
    return long(tmp_path_factory.mktemp("long"))


def words(leaflet: Leaflet) -> int:
    return sum(len(t.value.split()) for t in leaflet.texts)


def text_of(pdf: bytes, leaflet: Leaflet | None = None) -> str:
    """The text of every page; with `leaflet`, without the running footer, which a
    paragraph split across two pages straddles."""
    pages = reader(pdf).pages
    out = []
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        if leaflet is not None:
            text = squash(text)
            for piece in (furniture.footer_text(leaflet), f"Page {number} of {len(pages)}"):
                text = text.replace(squash(piece), "")
        out.append(text)
    return " ".join(out)


def test_the_fixtures_are_what_they_say(long_leaflet: Leaflet) -> None:
    assert 200 <= words(short()) <= 350
    assert words(long_leaflet) >= 3 * words(pipeline.load(CONTENT))


@pytest.mark.parametrize(("layout", "paper"), COMPLETE, ids=IDS)
def test_a_short_leaflet_builds_whole_without_stray_topic_words(layout: str, paper: str) -> None:
    pdf = pipeline.build_one(short(), LAYOUTS[layout], paper)
    pages = reader(pdf).pages
    if LAYOUTS[layout].exact_pages:
        assert len(pages) == LAYOUTS[layout].exact_pages
    text = squash(text_of(pdf))
    for section in short().sections:
        assert squash(section.heading) in text
        for block in section.blocks:
            for piece in (getattr(block, "text", ""), getattr(block, "title", ""),
                          *getattr(block, "items", ())):
                assert squash(plain(piece)) in text, piece
    for topic in TOPIC:
        assert not re.search(rf"\b{re.escape(topic)}\b", text_of(pdf), re.IGNORECASE), topic


@pytest.mark.parametrize("paper", ("a4", "letter"))
def test_a_short_trifold_is_two_planned_sides(paper: str) -> None:
    """Little content: the sections start inside and the flap is a notes panel, not an
    error and not a blank page."""
    pdf = pipeline.build_one(short(), LAYOUTS["trifold"], paper)
    outside, inside = (squash(p.extract_text()) for p in reader(pdf).pages)
    assert squash("Notes") in outside
    assert squash(short().sections[0].heading) in inside
    assert squash(short().sections[0].heading) not in outside


@pytest.mark.parametrize("paper", ("a4", "letter"))
def test_a_short_leaflet_makes_a_dose_card(paper: str) -> None:
    pdf = pipeline.build_one(short(), LAYOUTS["dose-card"], paper)
    back = squash(reader(pdf).pages[1].extract_text())
    assert squash("your face or throat swells") in back and squash("If you forget") in back


@pytest.mark.parametrize(("layout", "paper"), COMPLETE, ids=IDS)
def test_a_long_leaflet_builds_or_fails_located(long_leaflet: Leaflet, layout: str,
                                               paper: str) -> None:
    try:
        rendered = pipeline.produce(long_leaflet, LAYOUTS[layout], paper)
    except LayoutError as err:
        message = err.report()
        assert "bug" not in message
        assert "long.yaml:" in message and "hint:" in message
        assert LAYOUTS[layout].exact_pages, f"{layout} grows with its content: it must build"
        return
    text = squash(text_of(rendered.pdf, long_leaflet))
    labels = [line for line in rendered.omitted if not line.endswith(kit.SHORT_SUFFIX)]
    for section in long_leaflet.sections:
        assert squash(section.heading) in text
        for block in section.blocks:
            if block.priority == "essential" and isinstance(block, model.Paragraph) and (
                    kit.omitted_label(section, block) not in labels):
                form = (model.short_form(block) if kit.short_label(section, block)
                        in rendered.omitted else block)
                assert form is not None and squash(plain(form.text)) in text
