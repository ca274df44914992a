"""Run a layout's story through ReportLab into PDF bytes, in memory, and check what it did.

ReportLab does not complain when a table or figure is wider than its column: it draws past
the edge. `_Doc.afterFlowable` measures every placed flowable against its frame and turns
each overrun into an error that names the layout, the paper and the section.

The canvas records the tags of the flowables it draws (`handout.tagging`); `render` ends by
writing the structure tree, identification and outline into the bytes (`structure.finish`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError
from reportlab.platypus.flowables import _ContainerSpace

from handout import __version__, fonts, kit, structure, tagging
from handout.errors import LayoutError, Problem
from handout.kit import FRAME_ATTR, SECTION_ATTR
from handout.layout import Context, Furniture, Layout, Story, check_roles
from handout.model import Leaflet, Section
from handout.platypus import StateCanvas, holder

TOLERANCE = 0.5  # points; rounding in ReportLab's own width sums
YOUNG_OBJECTS = 50_000  # allocations between young collections while a build runs


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    omitted: tuple[str, ...]  # what the layout left out, from its Story, for the build log


def render(leaflet: Leaflet, layout: Layout, ctx: Context) -> Rendered:
    """Build the layout for one paper and return the PDF, or raise LayoutError.

    When the layout needs a multiple of N pages, enough notes pages follow the story: a
    patient gets somewhere to write, a printer gets no stray blank. They are added in the
    same build, once the story is placed (`_Doc.handle_flowable`); only a story that ends
    on an empty page (a page break last) is built alone first, to count its pages, and
    then again with them.

    The result is tagged PDF/UA-1, and PDF/A-2a too; a CMYK build is PDF/X-4 instead of
    PDF/A (its output intent is the press profile, `handout.colour`)."""
    with fewer_collections():
        return _render_layout(leaflet, layout, ctx)


def _render_layout(leaflet: Leaflet, layout: Layout, ctx: Context) -> Rendered:
    fonts.register()
    check_roles(layout, leaflet, ctx.paper)
    story = layout.build(leaflet, ctx)
    omitted = story.omitted
    try:
        pdf, pages, tags = _render(leaflet, story, ctx, layout.page_multiple)
    except _EndsOnEmptyPage:  # the story alone, to count its pages (the flowables are used)
        story = layout.build(leaflet, ctx)
        pdf, pages, tags = _render(leaflet, story, ctx)
    short = -pages % layout.page_multiple
    if short:
        story = layout.build(leaflet, ctx)
        padded = replace(story, flowables=[*story.flowables,
                                           *kit.notes_pages(short, leaflet, ctx.theme)])
        pdf, pages, tags = _render(leaflet, padded, ctx)
    tagging.read_in_order(tags, story.reading_order)
    finished = structure.finish(pdf, tags, leaflet.meta.lang, pdfx=ctx.options.cmyk)
    return Rendered(finished, omitted)


_builds = 0  # renders running in this process (threads), under `_builds_lock`
_builds_lock = threading.Lock()
_thresholds: tuple[int, ...] = ()  # the process's own, while a build runs


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect Python's young objects every YOUNG_OBJECTS allocations while any build runs,
    instead of every 700. A build makes some hundred thousand short-lived objects, many in
    reference cycles (ReportLab's canvas and document, the structure tree's parents and
    kids): the default collects young objects about 17 times a build and promotes what is
    still referenced at that moment, so full collections (55 ms) follow every few builds.
    This takes about a ninth off a warm build (the same reason mypy raises the threshold).
    The process's own thresholds are back when the last build ends."""
    global _builds, _thresholds
    with _builds_lock:
        if _builds == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(YOUNG_OBJECTS, *_thresholds[1:])
        _builds += 1
    try:
        yield
    finally:
        with _builds_lock:
            _builds -= 1
            if _builds == 0:
                gc.set_threshold(*_thresholds)


def _forked() -> None:
    """A child forked while another thread was building has no build of its own running:
    it starts with the process's thresholds and a fresh lock."""
    global _builds, _builds_lock
    if _builds:
        gc.set_threshold(*_thresholds)
    _builds, _builds_lock = 0, threading.Lock()


os.register_at_fork(after_in_child=_forked)


def _render(leaflet: Leaflet, story: Story, ctx: Context,
            page_multiple: int = 1) -> tuple[bytes, int, tagging.Registry]:
    buffer = io.BytesIO()
    doc = _Doc(buffer, leaflet, ctx, frozenset(story.copies), page_multiple)
    doc.addPageTemplates(story.templates)
    flowables = [*story.flowables, *([doc.story_end] if page_multiple > 1 else [])]
    try:
        doc.build(flowables, canvasmaker=_canvas_maker(story.furniture, ctx))
    except RLLayoutError:
        raise LayoutError([doc.problem(doc.current, doc.too_tall(),
                                       "shorten it or split it into smaller blocks (a long "
                                       "list into two callouts, say), or use another "
                                       "layout")]) from None
    except ValueError as err:
        if "Non CMYK" not in str(err):
            raise
        raise LayoutError([doc.problem(doc.current, f"uses an RGB colour in a CMYK build "
                                       f"({err})", "give every colour of the layout through "
                                       "the theme's palette")]) from None
    if doc.problems:
        raise LayoutError(doc.problems)
    return buffer.getvalue(), doc.page, doc.canv.tags


class _Canvas(StateCanvas, tagging.TaggedCanvas):
    """A tagging canvas (it holds each page until the end, so furniture can say "page x of
    y") that draws the layout's furniture and, when asked, crop marks: both artifacts.
    One class for every build (`_canvas_maker` gives it the build's furniture)."""

    def __init__(self, *args: Any, draw_furniture: Furniture | None, ctx: Context,
                 **kwargs: Any) -> None:
        self.draw_furniture = draw_furniture
        self.ctx = ctx
        super().__init__(*args, **kwargs)

    def furniture(self, page: int, total: int) -> None:
        if self.draw_furniture is not None:
            self.draw_furniture(self, page, total)
        if self.ctx.options.crop_marks:
            crop_marks(self, self.ctx)


def _canvas_maker(furniture: Furniture | None, ctx: Context) -> Callable[..., Canvas]:
    """What Platypus calls to make the build's canvas."""
    return functools.partial(_Canvas, draw_furniture=furniture, ctx=ctx)


def crop_marks(canvas: Canvas, ctx: Context) -> None:
    """Eight marks on the trim lines, outside the bleed, in registration colour."""
    width, height = ctx.page_size
    start = ctx.bleed + 3  # a small gap so a mark never prints inside the bleed
    end = ctx.offset - 2
    canvas.saveState()
    canvas.setStrokeColor(ctx.theme.palette.registration)
    canvas.setLineWidth(0.25)
    for x in (0, width):
        for y, sign in ((0, -1), (height, 1)):
            canvas.line(x, y + sign * start, x, y + sign * end)
    for y in (0, height):
        for x, sign in ((0, -1), (width, 1)):
            canvas.line(x + sign * start, y, x + sign * end, y)
    canvas.restoreState()


_BREAK_MARKS = ("_skipMeNextTime", "pageBreakBefore", "frameBreakBefore", "style")
_PLACED_MARKS = (FRAME_ATTR, "_width")


class _StoryEnd(_ContainerSpace, Flowable):
    """A marker after the story. A container to Platypus, so keep-with-next never takes it
    into a KeepTogether with the story's last flowable (which it keeps alone, as at the
    end of a story without the marker)."""


class _EndsOnEmptyPage(Exception):
    """The story ended with a page begun and left empty, which a build of the story alone
    would not print: its pages are counted by such a build instead."""


class _Doc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, leaflet: Leaflet, ctx: Context,
                 copies: frozenset[str] = frozenset(), page_multiple: int = 1) -> None:
        m = leaflet.meta
        self.ctx = ctx
        self.leaflet = leaflet
        self.page_multiple = page_multiple
        self.story_end = _StoryEnd()  # after the story: pad with notes pages there
        self.copies = copies  # Story.copies: frames drawn as artifacts
        self.problems: list[Problem] = []
        self.current: Flowable | None = None
        self.section: Section | None = None  # of the last marked flowable handled
        super().__init__(
            buffer,
            pagesize=ctx.media_size,
            trimBox=ctx.trim_box,
            bleedBox=ctx.bleed_box,
            enforceColorSpace="cmyk" if ctx.options.cmyk else None,
            title=m.title,
            author="; ".join(p.name for p in m.authors),
            subject=m.summary,
            creator=f"handout {__version__}, layout {ctx.layout}",
            producer=f"handout {__version__} (ReportLab)",
            keywords=f"{m.id}, version {m.version}",
            lang=m.lang,
            displayDocTitle=True,
            initialFontName=fonts.REGULAR,  # otherwise every page names Helvetica
            pageCompression=0,  # structure.finish deflates every stream once, as it is saved
            # Same input, same bytes: SOURCE_DATE_EPOCH dates the file when set (releases);
            # otherwise ReportLab's invariant mode fixes dates and the file ID.
            invariant=0 if os.environ.get("SOURCE_DATE_EPOCH") else 1,
        )

    def handle_pageBegin(self) -> None:
        # Layouts draw in trim coordinates; bleed and the crop-mark margin sit around them.
        self.canv.translate(self.ctx.offset, self.ctx.offset)
        super().handle_pageBegin()

    def handle_frameBegin(self, *args: object, **kwargs: object) -> None:
        super().handle_frameBegin(*args, **kwargs)
        tagging.enter_frame(self.canv, self.frame.id, self.frame.id in self.copies)

    def handle_breakBefore(self, flowables: list[Flowable]) -> None:
        """ReportLab's, asked only of a flowable that has one of its marks: a page or frame
        break before it (on it or its style) or a break just made for it. Its probes are
        asked of the flowable inside handout's wrappers (`platypus.holder`): the same
        answers, without a miss raised through each wrapper."""
        held = holder(flowables[0], _BREAK_MARKS)
        style = getattr(held, "style", None)
        if (any(hasattr(held, mark) for mark in _BREAK_MARKS[:3])
                or any(hasattr(style, mark) for mark in _BREAK_MARKS[1:3])):
            super().handle_breakBefore(flowables)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables and flowables[0] is self.story_end:
            del flowables[0]
            # The story is placed and ends on page self.page, with content on it: as many
            # pages as a build of the story alone has. The notes pages follow it, as they
            # follow it in a second build.
            if not self._curPageFlowableCount:  # a page begun after the story, empty
                raise _EndsOnEmptyPage
            short = -self.page % self.page_multiple
            flowables[0:0] = kit.notes_pages(short, self.leaflet, self.ctx.theme)
            return
        if flowables:
            self.current = flowables[0]
            # Split halves are new objects without the mark: they belong to the last section.
            held = holder(self.current, (SECTION_ATTR,))  # inside the wrappers
            self.section = getattr(held, SECTION_ATTR, None) or self.section
        super().handle_flowable(flowables)

    def too_tall(self) -> str:
        """ReportLab's "too large" error, in words: the block and by how much."""
        frame = self.frame
        room = frame._aH if frame is not None else 0
        height = kit.measure([self.current], frame._aW) if self.current and frame else 0
        return (f"a block is {height - room:.0f} pt taller than a whole "
                f"{'column' if frame is not None else 'page'} on page {self.page} "
                f"({height:.0f} pt against {room:.0f} pt) and cannot be split")

    def afterFlowable(self, flowable: Flowable) -> None:
        frame = self.frame
        if frame is None:
            return
        held = holder(flowable, _PLACED_MARKS)  # asked of the flowable inside the wrappers
        expected = getattr(held, FRAME_ATTR, None)
        if expected is not None and getattr(frame, "id", None) != expected:
            self.problems.append(self.problem(
                flowable, f"a {type(flowable).__name__.lower()} meant for the '{expected}' "
                f"area spilled into '{frame.id}' on page {self.page}",
                "shorten this text or use another layout"))
        available = frame._getAvailableWidth()
        width = getattr(held, "_width", None) or getattr(flowable, "width", 0)
        if width > available + TOLERANCE:
            self.problems.append(self.problem(
                flowable, f"a {type(flowable).__name__.lower()} is {width - available:.1f} pt "
                f"wider than its column on page {self.page} and would be drawn outside it",
                "shorten the longest words or cells, or use another layout"))

    def problem(self, flowable: Flowable | None, message: str, hint: str) -> Problem:
        section: Section | None = getattr(flowable, SECTION_ATTR, None) or self.section
        where = f"section '{section.heading}' ({section.key})" if section else "the leaflet"
        return Problem(section.loc if section else None,
                       f"layout '{self.ctx.layout}' on {self.ctx.paper}: {where}: {message}",
                       hint=hint)

