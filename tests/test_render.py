"""The render-time checks must catch what ReportLab lets through silently."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from conftest import CONTENT, DATA, reader
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Frame, FrameBreak, PageBreak, PageTemplate, Paragraph

from handout import fonts, kit, pipeline, registry, structure
from handout import render as render_module
from handout.errors import InputError, LayoutError
from handout.kit import SECTION_ATTR, in_frame
from handout.layout import Context, Layout, PrintOptions, Story
from handout.model import Leaflet
from handout.paragraph import content
from handout.render import render
from handout.theme import standard
from handout.verify import font_report, verify

LEAFLET = pipeline.load(DATA / "minimal.yaml")
SECTION = LEAFLET.sections[1]


def one_column(width: float = 300) -> list[PageTemplate]:
    return [PageTemplate("page", [Frame(50, 50, width, 700, id="main"),
                                  Frame(400, 600, 150, 40, id="small")])]


def run(flowables: list, templates: list[PageTemplate] | None = None) -> bytes:
    layout = Layout("probe", "a test layout", {"a4": A4},
                    lambda leaflet, ctx: Story(templates or one_column(), flowables))
    ctx = Context("probe", "a4", A4, layout.theme())
    return render(LEAFLET, layout, ctx).pdf


def tagged(flowable: object) -> object:
    setattr(flowable, SECTION_ATTR, SECTION)
    return flowable


def test_a_figure_wider_than_its_column_is_an_error_naming_the_section() -> None:
    wide = Drawing(420, 50)
    wide.add(Rect(0, 0, 420, 50))
    with pytest.raises(LayoutError) as err:
        run([tagged(wide)])
    message = err.value.report()
    assert "layout 'probe' on a4" in message
    assert f"section '{SECTION.heading}'" in message
    assert "wider than its column" in message
    assert f":{SECTION.loc.line}:" in message


def test_a_figure_that_fits_is_fine() -> None:
    fits = Drawing(288, 50)  # the frame is 300 wide with 6 pt padding on each side
    fits.add(Rect(0, 0, 288, 50))
    assert run([tagged(fits)]).startswith(b"%PDF")


def test_text_that_spills_out_of_its_frame_is_an_error() -> None:
    body = standard().styles()["body"]
    words = " ".join(["medicine"] * 40)
    flowables = [FrameBreak(), *in_frame([tagged(Paragraph(words, body))], "small")]
    with pytest.raises(LayoutError) as err:
        run(flowables)
    assert "meant for the 'small' area spilled" in err.value.report()


def test_a_figure_taller_than_any_page_is_an_error_not_a_traceback() -> None:
    tall = Drawing(100, 2000)
    tall.add(Rect(0, 0, 100, 2000))
    with pytest.raises(LayoutError) as err:
        run([tagged(tall)])
    assert "pt taller than a whole column on page 1 (2000 pt against" in err.value.report()


def test_unknown_glyph_in_the_leaflet_is_located(tmp_path: Path) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("used in tests.", "used in tests \u2603."), encoding="utf-8")
    with pytest.raises(InputError) as err:
        pipeline.load(bad)
    line = next(i for i, s in enumerate(bad.read_text().splitlines(), 1) if "\u2603" in s)
    assert f"bad.yaml:{line}:" in str(err.value)
    assert "U+2603" in str(err.value)


def test_greek_falls_back_to_an_embedded_font(tmp_path: Path) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    greek = tmp_path / "greek.yaml"
    greek.write_text(text.replace("used in tests.", "used in tests (αβγ)."), encoding="utf-8")
    leaflet: Leaflet = pipeline.load(greek)
    pdf = pipeline.build_one(leaflet, registry.discover()["standard"], "a4")
    pdf_reader = reader(pdf)
    assert "αβγ" in pdf_reader.pages[0].extract_text()
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        embedded = font_report(opened)
    assert any("FiraSans" in name for name in embedded)
    assert all(embedded.values())


def test_verify_refuses_a_wrong_page_count() -> None:
    """A folded sheet with a third page would be unprintable: verify says so."""
    pdf = run([tagged(Paragraph("one page", standard().styles()["body"]))])
    two_pages = Layout("probe", "must be two pages", {"a4": A4}, lambda leaflet, ctx: None,
                       exact_pages=2)
    ctx = Context("probe", "a4", A4, two_pages.theme())
    with pytest.raises(LayoutError, match="the PDF has 1 pages; this layout must have 2"):
        verify(pdf, ctx, two_pages)


def _padded_by_a_second_build(leaflet: Leaflet, layout: Layout, ctx: Context) -> bytes:
    """What render did before it padded in the same build: build the story, count its
    pages, then build it again with the notes pages that make up the multiple."""
    pdf, pages, tags = render_module._render(leaflet, layout.build(leaflet, ctx), ctx)
    short = -pages % layout.page_multiple
    if short:
        story = layout.build(leaflet, ctx)
        story = replace(story, flowables=[*story.flowables,
                                          *kit.notes_pages(short, leaflet, ctx.theme)])
        pdf, pages, tags = render_module._render(leaflet, story, ctx)
    return structure.finish(pdf, tags, leaflet.meta.lang)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_notes_pages_in_the_same_build_are_a_second_builds(paper: str) -> None:
    booklet = registry.discover()["booklet"]
    ctx = pipeline.context(booklet, paper, PrintOptions())
    for leaflet in (pipeline.load(CONTENT), LEAFLET):
        assert render(leaflet, booklet, ctx).pdf == _padded_by_a_second_build(
            leaflet, booklet, ctx)


@pytest.mark.parametrize("last", ["page break", "heading"])
def test_a_story_ending_oddly_is_padded_as_before(last: str) -> None:
    """A story that ends on an empty page (a page break last; padded by a second build, as
    it always was), or with a flowable kept with the next (kept alone, as it was)."""
    def story(leaflet: Leaflet, ctx: Context) -> Story:
        styles = standard().styles()
        end = PageBreak() if last == "page break" else tagged(Paragraph("End", styles["h2"]))
        return Story(one_column(), [tagged(Paragraph("first page", styles["body"])), end])

    layout = Layout("probe", "pages by four", {"a4": A4}, story, page_multiple=4)
    ctx = Context("probe", "a4", A4, layout.theme())
    assert render(LEAFLET, layout, ctx).pdf == _padded_by_a_second_build(LEAFLET, layout, ctx)


def test_a_build_collects_young_objects_less_often_and_gives_the_thresholds_back() -> None:
    """render.fewer_collections: a build runs with YOUNG_OBJECTS as the young threshold, also
    when it fails, and the process's own thresholds return when the last build ends."""
    import gc
    import threading

    seen: list[tuple[int, ...]] = []

    def story(leaflet: Leaflet, ctx: Context) -> Story:
        seen.append(gc.get_threshold())
        return Story(one_column(), [Paragraph("Some text.")])

    layout = Layout("probe", "a test layout", {"a4": A4}, story)
    ctx = Context("probe", "a4", A4, layout.theme())
    before = gc.get_threshold()
    gc.set_threshold(900, *before[1:])
    try:
        render(LEAFLET, layout, ctx)
        assert seen == [(render_module.YOUNG_OBJECTS, *before[1:])]
        assert gc.get_threshold() == (900, *before[1:])
        with pytest.raises(LayoutError):
            run([Drawing(2000, 10)])
        assert gc.get_threshold() == (900, *before[1:])
        # two threads building at once: the thresholds return only when both have ended
        started, release = threading.Barrier(2), threading.Event()

        def held(leaflet: Leaflet, ctx: Context) -> Story:
            started.wait()
            release.wait()
            return story(leaflet, ctx)

        slow = Layout("slow", "a test layout", {"a4": A4}, held)
        thread = threading.Thread(target=render, args=(LEAFLET, slow, ctx))
        thread.start()
        try:
            started.wait(timeout=30)
            render(LEAFLET, layout, ctx)
            assert gc.get_threshold()[0] == render_module.YOUNG_OBJECTS  # the other runs
        finally:
            release.set()
            thread.join(timeout=30)
        assert gc.get_threshold() == (900, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_a_child_forked_during_a_build_starts_without_it() -> None:
    """A process forked while another thread builds (a worker pool started meanwhile) gets
    the process's own thresholds back, and its own builds count from zero."""
    import gc
    import os

    before = gc.get_threshold()
    with render_module.fewer_collections():
        pid = os.fork()
        if pid == 0:  # the child: report by exit code, never return into pytest
            fine = gc.get_threshold() == before and render_module._builds == 0
            os._exit(0 if fine else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.get_threshold() == before


@pytest.mark.parametrize("bold_style", [False, True])
def test_fallback_characters_keep_the_bold_of_their_text(bold_style: bool) -> None:
    """A font tag sets the weight with the family, so a fallback run in **bold** text (or
    in a bold style: headings) must name the fallback's bold face, or it prints regular."""
    fonts.register()
    style = ParagraphStyle("t", fontName=fonts.BOLD if bold_style else fonts.REGULAR,
                           fontSize=11, leading=14)
    para = content("**Ωμέγα bold** and Ωμέγα plain, **→ bold again**", style)
    fallback = [(frag.text, frag.fontName) for frag in para.frags
                if frag.fontName in (fonts.FALLBACK, fonts.FALLBACK_BOLD)]
    plain = fonts.FALLBACK_BOLD if bold_style else fonts.FALLBACK
    # 'Ωμ' are in the main font; 'έγα' and '→' are not
    assert fallback == [("έγα", fonts.FALLBACK_BOLD), ("έγα", plain), ("→", fonts.FALLBACK_BOLD)]
