"""Tri-fold: panel geometry, text kept inside its panel and away from folds, the reading
order, detail blocks left out by measuring, and loud failure when essentials do not fit.

The layout module is `layouts.trifold.py` (not yet registered: the shipped content does not
fit, see its docstring). Content that fits is made from tests/data/minimal.yaml.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, DATA, pdf_bytes, plain, reader, squash
from conftest import leaflet as shipped
from reportlab.lib.units import inch, mm

from handout import furniture, kit, model, panels, pipeline
from handout.errors import LayoutError
from handout.layout import Context, PrintOptions
from handout.model import Leaflet
from handout.render import render
from layouts.trifold import LAYOUT, geometry

PAPERS = ("a4", "letter")
FILLER = ("Take this medicine every evening and tell your doctor how you feel, so that "
          "together you can decide if it is working for you. ")


def content(tmp: Path, essential: int = 0, detail: int = 0, huge: int = 0) -> Leaflet:
    """minimal.yaml with filler: `essential` and `detail` paragraphs of 3 filler sentences
    in the overview and `huge` sentences in one essential side-effects paragraph."""
    data = yaml.safe_load((DATA / "minimal.yaml").read_text(encoding="utf-8"))
    overview = data["sections"]["overview"]["blocks"]
    for i in range(max(essential, detail)):
        if i < essential:
            overview.append({"type": "paragraph", "text": f"Essential {i}. " + FILLER * 3})
        if i < detail:
            overview.append({"type": "paragraph", "priority": "detail",
                             "text": f"Detail {i}. " + FILLER * 3})
    if huge:
        data["sections"]["side_effects"]["blocks"].append(
            {"type": "paragraph", "text": "Huge. " + FILLER * huge})
    path = tmp / f"leaflet-{essential}-{detail}-{huge}.yaml"
    path.write_text(yaml.safe_dump(copy.deepcopy(data), sort_keys=False), encoding="utf-8")
    return pipeline.load(path)


@cache
def fitting(paper: str) -> tuple[Leaflet, bytes, tuple[str, ...]]:
    """A leaflet that fills the panels: all essentials fit, some detail does not."""
    tmp = Path(tempfile.mkdtemp())
    leaflet = content(tmp, essential=9, detail=14)
    rendered = render(leaflet, LAYOUT, context(paper))
    return leaflet, rendered.pdf, rendered.omitted


def context(paper: str, **options: bool) -> Context:
    return Context(layout=LAYOUT.name, paper=paper, page_size=LAYOUT.page_sizes[paper],
                   theme=LAYOUT.theme(), options=PrintOptions(**options))


def text_runs(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Per page: (x in trim coordinates, text) of every drawn piece of text."""
    pages = []
    for page in reader(pdf).pages:
        runs: list[tuple[float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  runs: list = runs) -> None:
            if text.strip():
                runs.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4], text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def printed(leaflet: Leaflet, pdf: bytes) -> str:
    """Squashed text of both pages without the footer, which a split paragraph straddles."""
    pages = reader(pdf).pages
    out = []
    for number, page in enumerate(pages, start=1):
        text = squash(page.extract_text())
        for piece in (furniture.footer_text(leaflet), f"Page {number} of {len(pages)}"):
            text = text.replace(squash(piece), "")
        out.append(text)
    return "".join(out)


# -- geometry ----------------------------------------------------------------------------
@pytest.mark.parametrize("paper", PAPERS)
def test_panel_widths_and_order(paper: str) -> None:
    outside, inside = geometry(paper)
    wide, narrow = ((100 * mm, 97 * mm) if paper == "a4" else (3.6875 * inch, 3.625 * inch))
    assert [p.name for p in outside] == ["flap", "back", "front"]
    assert [p.name for p in inside] == ["left", "middle", "right"]
    assert [p.width for p in outside] == pytest.approx([narrow, wide, wide])
    assert [p.width for p in inside] == pytest.approx([wide, wide, narrow])
    for side in (outside, inside):
        assert side[-1].x1 == pytest.approx(LAYOUT.page_sizes[paper][0])
    # The flap backs the inside right panel: mirrored, their folds line up.
    page_width = LAYOUT.page_sizes[paper][0]
    assert [page_width - x for x in panels.folds(inside)][::-1] == pytest.approx(
        list(panels.folds(outside)))


@pytest.mark.parametrize("paper", PAPERS)
def test_landscape_two_pages(paper: str) -> None:
    _, pdf, _ = fitting(paper)
    pages = reader(pdf).pages
    assert len(pages) == 2
    width, height = LAYOUT.page_sizes[paper]
    assert width > height
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            (width, height), abs=0.01)


@pytest.mark.parametrize("paper", PAPERS)
def test_text_stays_in_its_panel_and_off_the_folds(paper: str) -> None:
    _, pdf, _ = fitting(paper)
    safe = panels.SAFE[paper]
    for side, runs in zip(geometry(paper), text_runs(pdf), strict=True):
        assert runs
        for x, text in runs:
            assert any(p.x0 + safe <= x + 0.01 and x < p.x1 - safe for p in side), (
                f"{text!r} starts at {x / mm:.1f} mm, within {safe / mm:.1f} mm of a fold "
                f"or edge")
        # Every panel holds text (the fitting content fills the leaflet).
        for p in side:
            assert any(p.x0 <= x < p.x1 for x, _ in runs), f"panel {p.name} is empty"


# -- reading order -------------------------------------------------------------------------
@pytest.mark.parametrize("paper", PAPERS)
def test_the_sheet_is_drawn_outside_first(paper: str) -> None:
    """The drawing (page text): page 1 the outside (cover, back, flap), page 2 the inside.
    What a screen reader follows is the structure tree, in reading order (next tests)."""
    leaflet, pdf, _ = fitting(paper)
    pages = [squash(page.extract_text()) for page in reader(pdf).pages]
    text = "".join(pages)
    order = [leaflet.meta.title, leaflet.meta.summary, "Questions? Contact your clinic",
             "Where this information comes from",
             *(section.heading for section in leaflet.sections)]
    positions = [text.find(squash(plain(s))) for s in order]
    assert -1 not in positions, order[positions.index(-1)]
    assert positions == sorted(positions)
    # The sections start on the flap (page 1) and end inside (page 2).
    assert squash(leaflet.sections[0].heading) in pages[0]
    assert squash(leaflet.sections[-1].heading) in pages[1]
    # The front cover's title is drawn in the front cover panel.
    front = geometry(paper)[0][2]
    x, first = text_runs(pdf)[0][0]
    assert first.strip() and first.strip() in leaflet.meta.title
    assert front.x0 < x < front.x1


def structure(pdf: bytes) -> str:
    """What a screen reader follows (poppler's `pdfinfo -struct-text`): the squashed text of
    the structure tree in order."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        lines = subprocess.run(["pdfinfo", "-struct-text", tmp.name], capture_output=True,
                               text=True, check=True).stdout.splitlines()
    texts = [m.group(1) for line in lines if (m := re.fullmatch(r'\s*"(.*)"', line))]
    return squash("".join(texts))


def assert_reads_in_order(text: str, pieces: list[str]) -> None:
    positions = [text.find(squash(plain(piece))) for piece in pieces]
    assert -1 not in positions, pieces[positions.index(-1)]
    read = [piece for _, piece in sorted(zip(positions, pieces, strict=True))]
    assert positions == sorted(positions), read


def back_panel() -> list[str]:
    return ["Questions? Contact your clinic", "About this leaflet",
            "Where this information comes from"]


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize("paper", PAPERS)
def test_structure_reads_cover_then_inside_then_back(paper: str) -> None:
    """As the folded leaflet opens: front cover, the sections (flap, then inside left to
    right), the back panel last; nothing of the back panel before the last section."""
    for leaflet, pdf in (fitting(paper)[:2], (shipped(), pdf_bytes("trifold", paper))):
        text = structure(pdf)
        sections = [s.heading for s in leaflet.sections]
        assert_reads_in_order(text, [leaflet.meta.title, leaflet.meta.summary, *sections,
                                     *back_panel()])
        last = leaflet.sections[-1].blocks[-1]
        assert_reads_in_order(text, [getattr(last, "text", "") or last.title, back_panel()[0]])


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize("paper", PAPERS)
def test_little_content_reads_notes_after_the_inside(paper: str) -> None:
    """With little content the flap holds the notes: read after the sections, as in the
    standard layout, and before the back panel."""
    leaflet = pipeline.load(DATA / "leaflets" / "short.yaml")
    text = structure(render(leaflet, LAYOUT, context(paper)).pdf)
    assert_reads_in_order(text, [leaflet.meta.title, *(s.heading for s in leaflet.sections),
                                 "Notes", *back_panel()])


# -- what is left out ----------------------------------------------------------------------
@pytest.mark.parametrize("paper", PAPERS)
def test_only_detail_is_left_out_and_reported(paper: str) -> None:
    leaflet, pdf, omitted = fitting(paper)
    text = printed(leaflet, pdf)
    assert omitted, "the fitting content is meant to need some detail left out"
    assert len(omitted) < 10, "not every detail block should be left out"
    for section in leaflet.sections:
        for block in section.blocks:
            body = getattr(block, "text", "")
            label = kit.omitted_label(section, block)
            if block.priority == "essential":
                assert label not in omitted
                if body:
                    assert squash(plain(body)) in text
            elif label in omitted:
                assert squash(plain(body)) not in text
            else:
                assert squash(plain(body)) in text
    assert all(label.startswith("overview: Detail") and label.endswith("…")
               for label in omitted)


def test_everything_kept_when_it_fits(tmp_path: Path) -> None:
    leaflet = content(tmp_path, essential=1, detail=1)
    assert LAYOUT.build(leaflet, context("a4")).omitted == ()


# -- overflow is never silent --------------------------------------------------------------
@pytest.mark.parametrize("paper", PAPERS)
def test_essential_overflow_fails_loudly(tmp_path: Path, paper: str) -> None:
    leaflet = content(tmp_path, huge=120)
    with pytest.raises(LayoutError) as caught:
        render(leaflet, LAYOUT, context(paper))
    (problem,) = caught.value.problems
    message = problem.message
    assert f"layout 'trifold' on {paper}" in message
    assert "section 'Side effects' (side_effects)" in message
    assert " pt (about " in message and "lines of body text) too long" in message
    assert problem.loc is not None and problem.loc.line > 1  # the section's YAML line
    assert "priority: detail" in problem.hint and "another layout" in problem.hint


def block_texts(block: model.Block) -> list[str]:
    return [t for t in (getattr(block, "text", ""), getattr(block, "title", ""),
                        *getattr(block, "items", ())) if t]


@pytest.mark.parametrize("paper", PAPERS)
def test_the_shipped_leaflet_keeps_every_section_and_warning(paper: str) -> None:
    """Every essential block of content.yaml is printed, in full or in its short form; only
    detail blocks without a short form are left out; each is reported by name; no section
    heading stands alone; every warning is printed in full."""
    leaflet = pipeline.load(CONTENT)
    ctx = context(paper)
    omitted = LAYOUT.build(leaflet, ctx).omitted
    pdf = render(leaflet, LAYOUT, ctx).pdf
    assert len(reader(pdf).pages) == 2
    text = printed(leaflet, pdf)
    labels = {kit.omitted_label(s, b): b for s in leaflet.sections for b in s.blocks}
    shortened = {x.removesuffix(kit.SHORT_SUFFIX) for x in omitted
                 if x.endswith(kit.SHORT_SUFFIX)}
    left_out = {x for x in omitted if not x.endswith(kit.SHORT_SUFFIX)}
    assert left_out and all(labels[x].priority == "detail" and not labels[x].short
                            for x in left_out)
    for section in leaflet.sections:
        assert squash(section.heading) in text
        assert any(kit.omitted_label(section, b) not in left_out for b in section.blocks), (
            f"{section.key}: heading without a block")
        for block in section.blocks:
            label = kit.omitted_label(section, block)
            if label in left_out:
                continue
            form = model.short_form(block) if label in shortened else block
            assert form is not None
            for piece in block_texts(form):
                assert squash(plain(piece)) in text, piece
            if isinstance(block, model.Callout) and block.kind != "info" and (
                    block.priority == "essential"):
                assert label not in shortened, f"warning {label} printed short"


@pytest.mark.parametrize("paper", PAPERS)
def test_the_shipped_trifold_tells_what_to_expect(paper: str) -> None:
    """Issue 8: the benefit in numbers out of 100 against a dummy pill, the time to work,
    the four common side effects, who must check first, pregnancy and breastfeeding."""
    text = printed(pipeline.load(CONTENT), render(pipeline.load(CONTENT), LAYOUT,
                                                  context(paper)).pdf)
    for words in ("44 in 100", "dummy pill", "28 in 100", "weeks", "2 to 3 months",
                  "sleepy", "dry mouth", "constipation", "weight gain",
                  "Check with your doctor first if you:", "pregnant", "breastfeeding",
                  "breast milk"):
        assert squash(words) in text, words


# -- print finishing -----------------------------------------------------------------------
def test_fold_marks_only_with_crop_marks(tmp_path: Path) -> None:
    leaflet = content(tmp_path, essential=1)

    def streams(**options: bool) -> list[bytes]:
        pdf = render(leaflet, LAYOUT, context("a4", **options)).pdf
        return [page.get_contents().get_data() for page in reader(pdf).pages]

    assert not any(b"[2 2] 0 d" in s for s in streams())
    assert all(b"[2 2] 0 d" in s for s in streams(crop_marks=True, bleed=True))


def test_cover_band_runs_into_the_bleed(tmp_path: Path) -> None:
    leaflet = content(tmp_path, essential=1)
    ctx = context("a4", bleed=True)
    pdf = render(leaflet, LAYOUT, ctx).pdf
    front = geometry("a4")[0][2]
    width = ctx.page_size[0] + ctx.bleed - front.x0
    data = reader(pdf).pages[0].get_contents().get_data().decode("latin-1")
    assert f"{front.x0:.4f}" in data and f"{width:.4f}" in data  # the band: x and width
