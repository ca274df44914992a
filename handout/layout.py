"""The contract between shared code and a layout module. Nothing else lives here.

A layout module in `layouts/` defines `LAYOUT = Layout(...)`. Its `build` function gets the
validated leaflet and a `Context`, and returns a `Story`: page templates (where text may go)
and flowables (what goes there). Shared code does everything else: fonts, metadata, page
numbers, file writing, and the checks that nothing was lost or drawn out of place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.lib.units import inch, mm

from handout.clinic import Clinic
from handout.errors import LayoutError, Problem
from handout.model import ROLES, Leaflet
from handout.theme import Theme

if TYPE_CHECKING:  # Platypus only for the types: the CLI lists layouts without loading it
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, PageTemplate

    from handout.plan import Plan

Size = tuple[float, float]
# Draws running text (footer, page numbers) on a finished page: (canvas, page, total pages).
Furniture = Callable[["Canvas", int, int], None]
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


# Printers' bleed: 3 mm for the ISO (A4) family, 1/8 inch for the US (Letter) family.
BLEED = {"a4": 3 * mm, "letter": 0.125 * inch}
MARK_SPACE = 20.0  # points beyond the bleed edge, where crop marks are drawn


@dataclass(frozen=True)
class PrintOptions:
    """Print finishing asked for on the command line; shared code does all of it."""

    bleed: bool = False
    crop_marks: bool = False
    cmyk: bool = False


@dataclass(frozen=True)
class Context:
    """What a layout may use, and nothing it must set up.

    A layout draws in trim coordinates: (0, 0) is the bottom-left corner of the finished
    page, `page_size` its size. Backgrounds that should print to the edge run from
    (-bleed, -bleed) to (width + bleed, height + bleed); render moves the origin for it.
    """

    layout: str
    paper: str  # "a4" or "letter"
    page_size: Size  # the trim size
    theme: Theme
    options: PrintOptions = PrintOptions()
    clinic: Clinic | None = None  # --clinic: printed in the contact area (handout/contact.py)
    patient: Plan | None = None  # one patient's dated steps (handout/plan.py): the dose card

    @property
    def bleed(self) -> float:
        return BLEED[self.paper] if self.options.bleed else 0.0

    @property
    def offset(self) -> float:
        """Distance from the sheet's corner to the trim corner."""
        return self.bleed + (MARK_SPACE if self.options.crop_marks else 0.0)

    @property
    def media_size(self) -> Size:
        return (self.page_size[0] + 2 * self.offset, self.page_size[1] + 2 * self.offset)

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return (o, o, o + self.page_size[0], o + self.page_size[1])

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.trim_box
        b = self.bleed
        return (x0 - b, y0 - b, x1 + b, y1 + b)


@dataclass(frozen=True)
class Story:
    """What `build` returns: geometry plus content, no I/O."""

    templates: list[PageTemplate]
    flowables: list[Flowable]
    furniture: Furniture | None = None
    # Blocks the layout left out, as "section-key: first words…" for the build log. A complete
    # layout may leave out only detail blocks; a companion (`Layout.complete` False) lists
    # every block it does not print, essential or not.
    omitted: tuple[str, ...] = ()
    # Frame ids in the order a reader reads them, when that is not the drawing order: a
    # folded sheet is drawn side by side (the back panel next to the cover) but read front
    # cover, inside, back panel. Every frame once; content keeps its drawing order within
    # a frame. The structure tree a screen reader follows, and the outline, take this
    # order (`tagging.read_in_order`). Empty: drawing order.
    reading_order: tuple[str, ...] = ()
    # Frames that repeat content printed in another frame (the copies of a card on a
    # sheet): drawn, but artifacts, so a screen reader hears the content once.
    copies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        frames = [frame.id for template in self.templates for frame in template.frames]
        order = self.reading_order
        if order and (sorted(order) != sorted(frames) or len(set(order)) != len(order)):
            raise ValueError(f"Story.reading_order {order} must name every frame once, and "
                             f"frames need distinct ids: {tuple(frames)}")
        if unknown := set(self.copies) - set(frames):
            raise ValueError(f"Story.copies names no frame: {sorted(unknown)}")


@dataclass(frozen=True)
class Layout:
    name: str  # the CLI name; equals the module name with '_' written as '-'
    description: str  # one line for --list-layouts
    page_sizes: Mapping[str, Size]  # paper name -> page size in points
    build: Callable[[Leaflet, Context], Story]
    theme: Callable[[], Theme] = field(default=Theme)
    # Page count must be a multiple of this; render pads with notes pages (never blanks).
    page_multiple: int = 1
    # Exactly this many pages (a folded sheet, a card sheet); verify refuses any other count.
    exact_pages: int | None = None
    # "saddle": also write 2-up printer spreads in saddle-stitch order (`-imposed.pdf`).
    impose: str | None = None
    # False for a companion that prints only part of the leaflet and says so on the page (the
    # wallet dose card): no section headings, and `Story.omitted` may list essential blocks.
    complete: bool = True
    # Roles (model.ROLES) the layout finds content by. A needed role must be in the leaflet
    # or the build fails (`check_roles`); a used one is printed specially when present
    # (e.g. on a cover) and otherwise the layout does without it.
    needs: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for role in (*self.needs, *self.uses):
            if role not in ROLES:
                raise ValueError(f"layout {self.name!r}: unknown role {role!r}")
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"layout name {self.name!r} must be lower-case letters, digits, '-'")
        if not self.description.strip():
            raise ValueError(f"layout {self.name!r} needs a one-line description")
        if not self.page_sizes:
            raise ValueError(f"layout {self.name!r} supports no paper")

    @property
    def papers(self) -> tuple[str, ...]:
        return tuple(self.page_sizes)


def check_roles(layout: Layout, leaflet: Leaflet, paper: str) -> None:
    """LayoutError naming every role `layout` needs that no block of `leaflet` has, located
    at the section where such a block usually goes (or the first section)."""
    problems = []
    for role in layout.needs:
        if leaflet.block_with_role(role) is not None:
            continue
        about, home = ROLES[role]
        section = next((s for s in leaflet.sections if s.key == home),
                       leaflet.sections[0] if leaflet.sections else None)
        problems.append(Problem(
            section.loc if section else leaflet.meta.loc,
            f"layout '{layout.name}' on {paper} needs a block with role '{role}' ({about}), "
            "and this leaflet has none",
            hint=f"add 'role: {role}' to the block that says it"
                 + (f" (usually in {home})" if home else "")
                 + ", or build the other layouts"))
    if problems:
        raise LayoutError(problems)
