"""Fixed-panel layouts (tri-fold, cards): panel geometry, fold marks, and fitting content
into a fixed number of panels by priority, measured by the same machinery that prints it.

A fixed-panel layout cannot grow: ReportLab would silently flow extra text onto another
page. So before the real build the layout measures its story in its text areas
(`measured`: each block's flowables made once, placed without drawing by
`handout.fitting`), and while that is not enough (`fit`) prints blocks in their short forms
(`short:`) and leaves out `priority: detail` blocks that have none; it fails with a located
`LayoutError` (`too_long`) when even that does not fit. A trial build (`overflow`) answers
the same question at the cost of a build: fitting uses it only for what a placement does
not model.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

from handout import kit, model
from handout.errors import LayoutError, Problem
from handout.fitting import Forms, Unmodelled, Unplaceable
from handout.kit import SECTION_ATTR
from handout.layout import Context

# Safe zone: text keeps at least this far from every fold and trimmed edge.
SAFE = {"a4": 5 * mm, "letter": 0.125 * inch}
_log = logging.getLogger(__name__)


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
    """What did not fit: its height in points and the section it starts in; when everything
    fit, `free` is the height left below the last flowable in the area it ends in (not
    counting the areas after that one, as a trial build has always reported it: `fit` tries
    a block's longer form only when the extra height fits there)."""

    height: float
    section: model.Section | None
    free: float = 0.0

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
        frames = trial.pageTemplate.frames
        current = frames.index(trial.frame) if trial.frame in frames else len(frames) - 1
        rest = sum(f._height for f in frames[current + 1:])
        return Overflow(0.0, None, trial.frame._y - trial.frame._y1 + rest)
    spill = trial.spill
    return Overflow(spill._y2 - spill._y, trial.first)


Choice = dict[str, tuple[model.Block, ...]]  # section key -> the blocks to print
Placed = tuple[model.Section, model.Block]


@dataclass(frozen=True)
class Fit:
    chosen: Choice  # blocks as printed: a shortened block is its `model.short_form`
    omitted: tuple[Placed, ...]  # left out (detail blocks without a short form)
    shortened: tuple[Placed, ...]  # printed in their short forms
    overflow: Overflow  # empty when everything chosen fits

    def labels(self) -> tuple[str, ...]:
        """For `Story.omitted`: each block left out, then each printed short, by name."""
        return (*(kit.omitted_label(*placed) for placed in self.omitted),
                *(kit.short_label(*placed) for placed in self.shortened))


def fit(sections: Sequence[model.Section], forms: Forms, areas: Sequence[Area]) -> Fit:
    """Choose how to print each block so the story fits `areas`. Each block steps down from
    its full form to its short form (if it has one) and, for a detail block without one, to
    nothing: detail blocks first, then essential ones, warnings last (`_tier`). While the
    story overflows, take the smallest step that alone covers the overflow, or else the
    largest; then step back up any block that fits after all (warnings first). The result
    may still overflow: check `Fit.overflow`.

    Steps are measured (`Forms.height`), and each round is confirmed by placing the blocks'
    flowables, made once, in the areas without drawing them (`measured`): no trial build. A
    section heading never stands alone: a section whose blocks could all be left out keeps
    its first block, or else its shortest, when the story still fits with it."""
    def trial(chosen: Choice) -> Overflow:
        return measured(forms, sections, chosen, areas)

    bare = [s for s in sections
            if s.blocks and all(len(_forms(b, ())) > 1 and _forms(b, ())[-1] is None
                                for b in s.blocks)]
    ways = [tuple(s.blocks[0] for s in bare),
            tuple(min(s.blocks, key=lambda b, s=s: forms.height(s, b)) for s in bare), ()]
    result = None
    for keep in dict.fromkeys(ways):
        result = _fit(sections, trial, forms.height, keep)
        if not result.overflow:
            break
    assert result is not None
    return result


def measured(forms: Forms, sections: Sequence[model.Section], chosen: Choice,
             areas: Sequence[Area]) -> Overflow:
    """What `overflow` says of the sections as `chosen` prints them in `areas` (all of one
    width), found by placing the blocks' flowables, made once (`forms`), without drawing
    (`handout.fitting`). A story with something the placement does not model (a page
    break, say) gets a trial build instead, logged."""
    widths = {a.width for a in areas}
    if len(widths) != 1:
        raise ValueError("fitting needs text areas of one width")
    placement = forms.placement(widths.pop(), [a.height for a in areas])
    try:
        height, free, section = placement.place(forms.story(sections, chosen))
    except Unplaceable as err:
        # One block is taller than a whole panel and cannot split: report by how much.
        tallest = max(a.height for a in areas)
        block = err.current
        need = kit.measure([block], areas[0].width) if block else tallest
        return Overflow(max(need - tallest, 1.0), getattr(block, SECTION_ATTR, None)
                        or err.section)
    except Unmodelled as err:
        _log.warning("fitting by a trial build: the placement does not model %s", err)
        return overflow(forms.fresh(sections, chosen), areas)
    return Overflow(height, section, free)


def _forms(block: model.Block, keep: tuple[model.Block, ...]) -> list[model.Block | None]:
    """How a block may print, from full to least: itself, its short form, nothing."""
    short = model.short_form(block)
    droppable = block.priority == "detail" and short is None and not any(
        block is k for k in keep)
    return [block, *([short] if short else []), *([None] if droppable else [])]


def _tier(block: model.Block) -> int:
    """Which blocks step down first: detail (0), other essential blocks (1), and warnings
    (essential warning and urgent callouts) only when nothing else is left (2)."""
    if block.priority == "detail":
        return 0
    return 2 if isinstance(block, model.Callout) and block.kind != "info" else 1


def _fit(sections: Sequence[model.Section], trial: Callable[[Choice], Overflow],
         height: Callable[[model.Section, model.Block], float],
         keep: tuple[model.Block, ...]) -> Fit:
    placed = [(s, b) for s in sections for b in s.blocks]
    forms = {id(b): _forms(b, keep) for _, b in placed}
    step = {id(b): 0 for _, b in placed}  # index into forms: 0 is the full block
    heights: dict[int, float] = {}

    def tall(section: model.Section, form: model.Block | None) -> float:
        if form is None:
            return 0.0
        if id(form) not in heights:
            heights[id(form)] = height(section, form)
        return heights[id(form)]

    def choice() -> Choice:
        return {s.key: tuple(f for b in s.blocks if (f := forms[id(b)][step[id(b)]])
                             is not None) for s in sections}

    def saving(section: model.Section, block: model.Block) -> float:
        now, then = forms[id(block)][step[id(block)]:step[id(block)] + 2]
        return tall(section, now) - tall(section, then)

    # If even the shortest form of everything does not fit, nothing will: say so at once.
    step.update({id(b): len(forms[id(b)]) - 1 for _, b in placed})
    over = trial(choice())
    if not over:
        step.update(dict.fromkeys(step, 0))
        over = trial(choice())
    while over:
        need, changed = over.height, False
        while need > 0:
            for tier in range(3):
                steps = [(s, b, saving(s, b)) for s, b in placed if _tier(b) == tier
                         and step[id(b)] + 1 < len(forms[id(b)])]
                if steps:
                    break
            if not steps:
                break
            covering = [x for x in steps if x[2] >= need]
            section, block, saved = (min(covering, key=lambda x: x[2]) if covering
                                     else max(steps, key=lambda x: x[2]))
            step[id(block)] += 1
            need -= max(saved, 1.0)
            changed = True
        if not changed:
            break
        over = trial(choice())
    if not over:
        # A warning printed short comes back in full if everything else stepping down as
        # far as it can makes room for it.
        for _, block in placed:
            if _tier(block) < 2 or step[id(block)] == 0:
                continue
            before = dict(step)
            for _, other in placed:
                if _tier(other) < 2:
                    step[id(other)] = len(forms[id(other)]) - 1
            step[id(block)] -= 1
            tried = trial(choice())
            if tried:
                step.update(before)
            else:
                over = tried
        # Step back up whatever fits after all, warnings first, then other essential
        # blocks, then detail, each in reading order (measured room first, then a placement
        # to be sure).
        for section, block in sorted(placed, key=lambda p: -_tier(p[1])):
            while step[id(block)] > 0:
                now, up = forms[id(block)][step[id(block)]], forms[id(block)][step[id(block)] - 1]
                if tall(section, up) - tall(section, now) > over.free:
                    break
                step[id(block)] -= 1
                tried = trial(choice())
                if tried:
                    step[id(block)] += 1
                    break
                over = tried
    omitted = tuple((s, b) for s, b in placed if forms[id(b)][step[id(b)]] is None)
    shortened = tuple((s, b) for s, b in placed
                      if forms[id(b)][step[id(b)]] not in (None, b))
    return Fit(choice(), omitted, shortened, over)


def too_long(layout: str, paper: str, over: Overflow, line: float, room: str) -> LayoutError:
    """The error for essential content that does not fit, located at its section."""
    section = over.section
    where = f"section '{section.heading}' ({section.key})" if section else "the leaflet"
    lines = -(-over.height // line)
    return LayoutError([Problem(
        section.loc if section else None,
        f"layout '{layout}' on {paper}: {where}: the essential content is {over.height:.0f} pt "
        f"(about {lines:.0f} lines of body text) too long for {room}",
        hint="shorten it, give long blocks a short form ('short:'), mark blocks that can go "
             "with 'priority: detail', or use another layout (standard or large-print print "
             "everything)")])
