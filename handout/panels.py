"""Fixed-panel layouts (tri-fold, cards): panel geometry, fold marks, and fitting content
into a fixed number of panels by priority, measured by the same machinery that prints it.

A fixed-panel layout cannot grow: ReportLab would silently flow extra text onto another
page. So before the real build the layout runs its story through copies of its text areas
(`overflow`), leaves out `priority: detail` blocks while that is not enough (`fit`), and
fails with a located `LayoutError` (`too_long`) when even the essential blocks do not fit.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

from handout import kit, model
from handout.errors import LayoutError, Problem
from handout.kit import SECTION_ATTR
from handout.layout import Context

# Safe zone: text keeps at least this far from every fold and trimmed edge.
SAFE = {"a4": 5 * mm, "letter": 0.125 * inch}


@dataclass(frozen=True)
class Panel:
    """One panel of a folded sheet, in trim coordinates: x from the sheet's left edge."""

    name: str
    x0: float
    width: float

    @property
    def x1(self) -> float:
        return self.x0 + self.width

    def area(self, column: float, bottom: float, top: float, id: str | None = None) -> Area:
        """A text area `column` wide, centred in the panel, from `bottom` to `top`."""
        return Area(id or self.name, self.x0 + (self.width - column) / 2, bottom, column,
                    top - bottom)


@dataclass(frozen=True)
class Area:
    """A rectangle text goes into; `frame()` makes a fresh, unpadded Frame for it
    (Frames keep state while a document is built, so each build needs new ones)."""

    id: str
    x: float
    y: float
    width: float
    height: float

    def frame(self) -> Frame:
        return kit.text_frame(self.x, self.y, self.width, self.height, self.id)


def strip(names: Sequence[str], widths: Sequence[float]) -> tuple[Panel, ...]:
    """Panels side by side, left to right, from their widths."""
    panels, x = [], 0.0
    for name, width in zip(names, widths, strict=True):
        panels.append(Panel(name, x, width))
        x += width
    return tuple(panels)


def folds(panels: Sequence[Panel]) -> tuple[float, ...]:
    """x of every fold: the edges where one panel meets the next."""
    return tuple(p.x1 for p in panels[:-1])


def fold_marks(canvas: Canvas, ctx: Context, xs: Sequence[float]) -> None:
    """Short dashed marks on each fold line, outside the trim and the bleed, drawn only
    when crop marks are asked for (dashed, so the finisher never cuts along them)."""
    if not ctx.options.crop_marks:
        return
    height = ctx.page_size[1]
    start = ctx.bleed + 3
    end = ctx.offset - 2
    canvas.saveState()
    canvas.setStrokeColor(ctx.theme.palette.registration)
    canvas.setLineWidth(0.25)
    canvas.setDash(2, 2)
    for x in xs:
        canvas.line(x, -start, x, -end)
        canvas.line(x, height + start, x, height + end)
    canvas.restoreState()


@dataclass(frozen=True)
class Overflow:
    """What did not fit: its height in points and the section it starts in."""

    height: float
    section: model.Section | None

    def __bool__(self) -> bool:
        return self.height > 0


class _Trial(BaseDocTemplate):
    def __init__(self, areas: Sequence[Area]) -> None:
        width = max(a.x + a.width for a in areas)
        self.spill = kit.text_frame(0, 0, max(a.width for a in areas), 1e6, "spill")
        height = max(1e6, *(a.y + a.height for a in areas))
        super().__init__(io.BytesIO(), pagesize=(width, height), invariant=1)
        self.addPageTemplates([
            PageTemplate("panels", [a.frame() for a in areas], autoNextPageTemplate="spill"),
            PageTemplate("spill", [self.spill])])
        self.section: model.Section | None = None  # of the last flowable placed
        self.first: model.Section | None = None  # of the first one that spilled
        self.current: Flowable | None = None  # being placed, for "too tall for any panel"

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables:
            self.current = flowables[0]
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        # A split paragraph's second half is a new object without the section mark: it
        # belongs to the last section placed before it. (Never mark flowables here:
        # ReportLab reuses some action flowables between documents.)
        section = getattr(flowable, SECTION_ATTR, None) or self.section
        if self.frame is self.spill and self.first is None and section is not None:
            self.first = section
        self.section = section


def overflow(flowables: list[Flowable], areas: Sequence[Area]) -> Overflow:
    """Flow `flowables` through fresh frames for `areas`, in order, exactly as a build
    would (splitting, keep-with-next, spacing), and report what ran past the last one.
    The flowables are used up: make new ones for the real build."""
    trial = _Trial(areas)
    try:
        trial.build(flowables)
    except RLLayoutError:
        # One block is taller than a whole panel and cannot split: report by how much.
        block = trial.current
        section = getattr(block, SECTION_ATTR, None) or trial.section
        tallest = max(a.height for a in areas)
        height = kit.measure([block], max(a.width for a in areas)) if block else tallest
        return Overflow(max(height - tallest, 1.0), section)
    if trial.page < 2:
        return Overflow(0.0, None)
    spill = trial.spill
    return Overflow(spill._y2 - spill._y, trial.first)


Choice = dict[str, tuple[model.Block, ...]]  # section key -> the blocks to print


@dataclass(frozen=True)
class Fit:
    chosen: Choice
    omitted: tuple[tuple[model.Section, model.Block], ...]
    overflow: Overflow  # empty when everything chosen fits

    def labels(self) -> tuple[str, ...]:
        return tuple(kit.omitted_label(section, block) for section, block in self.omitted)


def fit(sections: Sequence[model.Section], make: Callable[[Choice], list[Flowable]],
        areas: Sequence[Area], height: Callable[[model.Section, model.Block], float]) -> Fit:
    """Choose blocks so the story fits `areas`: every essential block, and as many detail
    blocks as there is room for. While it overflows, leave out the smallest detail block
    that alone covers the overflow, or else the largest one; then try to put back, in
    reading order, any block left out that fits after all. The result may still overflow
    (if the essential blocks alone do not fit): check `Fit.overflow`.

    A section heading never stands alone: a section with only detail blocks keeps its first
    block, or else its shortest, when the story still fits with it."""
    bare = [s for s in sections if s.blocks and all(b.priority == "detail" for b in s.blocks)]
    ways = [tuple(s.blocks[0] for s in bare),
            tuple(min(s.blocks, key=lambda b, s=s: height(s, b)) for s in bare), ()]
    result = None
    for keep in dict.fromkeys(ways):
        result = _fit(sections, make, areas, height, keep)
        if not result.overflow:
            break
    assert result is not None
    return result


def _fit(sections: Sequence[model.Section], make: Callable[[Choice], list[Flowable]],
         areas: Sequence[Area], height: Callable[[model.Section, model.Block], float],
         keep: tuple[model.Block, ...]) -> Fit:
    chosen: Choice = {s.key: s.blocks for s in sections}
    dropped: list[tuple[model.Section, model.Block]] = []
    over = overflow(make(chosen), areas)
    while over:
        details = [(s, b, height(s, b)) for s in sections for b in chosen[s.key]
                   if b.priority == "detail" and not any(b is k for k in keep)]
        if not details:
            break
        covering = [d for d in details if d[2] >= over.height]
        section, block, _ = (min(covering, key=lambda d: d[2]) if covering
                             else max(details, key=lambda d: d[2]))
        chosen[section.key] = tuple(b for b in chosen[section.key] if b is not block)
        dropped.append((section, block))
        over = overflow(make(chosen), areas)
    if not over:
        for section, block in sorted(dropped, key=lambda d: _order(sections, *d)):
            again = dict(chosen)
            again[section.key] = tuple(b for b in section.blocks
                                       if b is block or b in chosen[section.key])
            if not overflow(make(again), areas):
                chosen = again
                dropped.remove((section, block))
    dropped.sort(key=lambda d: _order(sections, *d))
    return Fit(chosen, tuple(dropped), over)


def _order(sections: Sequence[model.Section], section: model.Section,
           block: model.Block) -> tuple[int, int]:
    return (list(sections).index(section), section.blocks.index(block))


def too_long(layout: str, paper: str, over: Overflow, line: float, room: str) -> LayoutError:
    """The error for essential content that does not fit, located at its section."""
    section = over.section
    where = f"section '{section.heading}' ({section.key})" if section else "the leaflet"
    lines = -(-over.height // line)
    return LayoutError([Problem(
        section.loc if section else None,
        f"layout '{layout}' on {paper}: {where}: the essential content is {over.height:.0f} pt "
        f"(about {lines:.0f} lines of body text) too long for {room}",
        hint="shorten it, mark blocks that can go with 'priority: detail', or use another "
             "layout (standard or large-print print everything)")])
