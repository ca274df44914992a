"""Placing flowables into fixed text areas without drawing them: how `panels.fit` measures.

A fixed-panel layout must know, for each way of printing its blocks (full, short, left
out), whether the story fits its panels, by how much it overflows or how much room is left.
A trial build answers that exactly but costs as much as the real one (making every
paragraph again, drawing it, writing a PDF); fitting needs several answers per build.

So each block's flowables are made once per form (`Forms`) and `Placement.place` runs
them through the areas with ReportLab's own frame logic (`Frame.add` and `Frame.split`:
spacing, splitting, keep-with-next, callouts that never split), the way
`BaseDocTemplate.handle_flowable` does, but nothing is drawn and no document is written.
Paragraphs keep their lines from one placement to the next (`handout.paragraph`), so a
placement costs a few milliseconds (tables measuring their cells again, a few splits at
panel ends) where a trial build cost about 35. The answers are those of a trial build
(`panels.overflow`), which tests/test_fitting.py checks for every story the tri-fold
measures; what a placement does not model (page breaks) raises `Unmodelled`, and
`panels.measured` asks a trial build instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether
from reportlab.platypus.doctemplate import (
    ActionFlowable,
    FrameBreak,
    LayoutError,
    NullActionFlowable,
    PageBreak,
    _ktAllow,
)
from reportlab.platypus.flowables import DDIndenter

from handout import kit, model
from handout.kit import SECTION_ATTR
from handout.platypus import TextFrame


class _Frame(TextFrame):
    """A Frame that places a flowable (moves down by its height and spacing) without
    drawing it."""

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        own = flowable.__dict__.get("drawOn")
        flowable.__dict__["drawOn"] = _undrawn  # shadows the method for Frame._add only
        try:
            return self._add(flowable, canv, trySplit)
        finally:
            if own is None:
                del flowable.__dict__["drawOn"]
            else:
                flowable.__dict__["drawOn"] = own


def _undrawn(*_args: Any, **_kwargs: Any) -> None:
    pass


class Unplaceable(Exception):
    """ReportLab's "too large" error during a placement: `current` could not be placed."""

    def __init__(self, current: Flowable | None, section: model.Section | None) -> None:
        super().__init__()
        self.current = current
        self.section = section


class Unmodelled(Exception):
    """A flowable whose handling a placement does not copy from Platypus (a page break, a
    break before, other actions): measure that story with a trial build instead."""


def _breaks(flowable: Flowable) -> bool:
    """Whether Platypus would break a page or frame at this flowable of its own accord
    (`BaseDocTemplate.handle_breakBefore`, `PageBreak`): a placement does not model that."""
    style = getattr(flowable, "style", None)
    return isinstance(flowable, PageBreak) or any(
        getattr(flowable, name, 0) == 1 or getattr(style, name, 0) == 1
        for name in ("pageBreakBefore", "frameBreakBefore"))


class Placement:
    """Text areas of one width, each `heights[i]` tall, then an area a million points tall
    for whatever runs past them (as `panels.overflow` has)."""

    def __init__(self, width: float, heights: Sequence[float]) -> None:
        self.frames = [_Frame(0, 0, width, h, 0, 0, 0, 0, id=f"area{i}")
                       for i, h in enumerate(heights)]
        self.spill = _Frame(0, 0, width, 1e6, 0, 0, 0, 0, id="spill")
        # Flowables ask their canvas for the document (a KeepTogether peeks at the next
        # frame, and measures in a copy of the current one): that is us.
        self.canv = Canvas(io.BytesIO())
        self.canv._doctemplate = self
        self.frame: Frame = self.frames[0]

    def _peekNextFrame(self) -> Frame:
        index = self.frames.index(self.frame) if self.frame in self.frames else -1
        return self.frames[index + 1] if 0 <= index < len(self.frames) - 1 else self.spill

    def _next_frame(self) -> None:
        self.frame = self._peekNextFrame()
        self.frame._reset()

    def place(self, flowables: Sequence[Flowable]) -> tuple[float, float, model.Section | None]:
        """Place `flowables` in order, as `BaseDocTemplate.handle_flowable` would: (height
        run past the areas, room left below the last flowable in its area, the section of
        the first flowable past the areas). Raises `Unplaceable` where ReportLab would
        raise LayoutError, `Unmodelled` for a flowable it cannot place as Platypus would.
        The flowables stay usable for another placement."""
        for frame in (*self.frames, self.spill):
            frame._reset()
        self.frame = self.frames[0]
        queue = list(flowables)
        grouped: dict[int, Flowable] = {}  # keepWithNext used up (Platypus sets it to 0)
        postponed: dict[int, Flowable] = {}  # moved to the next frame once already
        section: model.Section | None = None
        first: model.Section | None = None

        def placed(flowable: Flowable) -> None:
            nonlocal section, first
            section = getattr(flowable, SECTION_ATTR, None) or section
            if self.frame is self.spill and first is None and section is not None:
                first = section

        while queue:
            current = queue[0]
            if _breaks(current):
                raise Unmodelled(f"{type(current).__name__} breaks a page or frame")
            try:
                self._keep_with_next(queue, grouped)
                flowable = queue.pop(0)
                if isinstance(flowable, ActionFlowable):
                    self._act(flowable)
                    placed(flowable)
                    continue
                frame = self.frame
                if frame.add(flowable, self.canv, trySplit=1):
                    placed(flowable)
                    continue
                parts = frame.split(flowable, self.canv)
                if parts and not isinstance(parts[0], PageBreak | ActionFlowable | DDIndenter):
                    if not frame.add(parts[0], self.canv, trySplit=0):
                        raise LayoutError("splitting error")
                    placed(parts[0])
                    queue[0:0] = parts[1:]
                elif parts:
                    queue[0:0] = parts
                elif id(flowable) in postponed:
                    raise LayoutError("too large")
                else:
                    postponed[id(flowable)] = flowable
                    queue.insert(0, flowable)
                    self._next_frame()
            except LayoutError:
                raise Unplaceable(current, section) from None
        if self.frame is self.spill:
            return self.spill._y2 - self.spill._y, 0.0, first
        return 0.0, self.frame._y - self.frame._y1, None

    def _keep_with_next(self, queue: list[Flowable], grouped: dict[int, Flowable]) -> None:
        """`BaseDocTemplate.handle_keepWithNext`: flowables kept with the next one go into
        one KeepTogether (without switching their keepWithNext off for good)."""
        count = 0
        while (count < len(queue) and id(queue[count]) not in grouped
               and queue[count].getKeepWithNext() and _ktAllow(queue[count])):
            count += 1
        if not count:
            return
        if count < len(queue) and _ktAllow(queue[count]):
            count += 1
        for flowable in queue[:count - 1]:
            grouped[id(flowable)] = flowable
        queue[0:count] = [KeepTogether(queue[:count])]

    def _act(self, action: ActionFlowable) -> None:
        """The actions a KeepTogether inserts: go to the next frame, or nothing."""
        if (isinstance(action, type(FrameBreak)) and action.action[0] == "frameEnd"
                and not getattr(action, "_ix", None)):
            self._next_frame()
        elif not isinstance(action, NullActionFlowable):
            raise Unmodelled(f"{type(action).__name__} {action.action!r}")


class Forms:
    """Each block's flowables, made once per form (full, short) for one column and kept
    for every placement, and then for the build: a placement leaves them as they were
    (`story`); `height` is a block's measured height."""

    def __init__(self, blocks: kit.Blocks) -> None:
        self.blocks = blocks
        self.made: dict[int, list[Flowable]] = {}
        self.keep: list[object] = []  # the keys' objects, alive while their ids are keys
        self.heights: dict[int, float] = {}
        self.placements: dict[tuple[float, ...], Placement] = {}

    def placement(self, width: float, heights: Sequence[float]) -> Placement:
        """A `Placement` for these areas, made once per fitting."""
        key = (width, *heights)
        if key not in self.placements:
            self.placements[key] = Placement(width, heights)
        return self.placements[key]

    def of(self, section: model.Section, form: model.Block | None) -> list[Flowable]:
        """The flowables of `form`, or of the section's heading for None, marked with the
        section (as `kit.Blocks.section` marks them)."""
        key = id(form if form is not None else section)
        if key not in self.made:
            flowables = (self.blocks.section(section, ()) if form is None
                         else self.blocks.block(form))
            for flowable in flowables:
                setattr(flowable, SECTION_ATTR, section)
            self.made[key] = flowables
            self.keep.append(form if form is not None else section)
        return self.made[key]

    def height(self, section: model.Section, form: model.Block) -> float:
        key = id(form)
        if key not in self.heights:
            self.heights[key] = kit.measure(self.of(section, form), self.blocks.width)
        return self.heights[key]

    def story(self, sections: Sequence[model.Section],
              chosen: dict[str, tuple[model.Block, ...]]) -> list[Flowable]:
        """The flowables of every section as `chosen` prints it (as `kit.Blocks.section`
        makes them), for placements and for the one build."""
        out: list[Flowable] = []
        for section in sections:
            out += self.of(section, None)
            for form in chosen[section.key]:
                out += self.of(section, form)
        return out

    def fresh(self, sections: Sequence[model.Section],
              chosen: dict[str, tuple[model.Block, ...]]) -> list[Flowable]:
        """New flowables of every section as `chosen` prints it, for a trial build (which
        uses its flowables up)."""
        out: list[Flowable] = []
        for section in sections:
            out += self.blocks.section(section, chosen[section.key])
        return out
