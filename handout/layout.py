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

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageTemplate

from handout.model import Leaflet
from handout.theme import Theme

Size = tuple[float, float]
# Draws running text (footer, page numbers) on a finished page: (canvas, page, total pages).
Furniture = Callable[[Canvas, int, int], None]
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Context:
    """What a layout may use, and nothing it must set up."""

    layout: str
    paper: str  # "a4" or "letter"
    page_size: Size
    theme: Theme


@dataclass(frozen=True)
class Story:
    """What `build` returns: geometry plus content, no I/O."""

    templates: list[PageTemplate]
    flowables: list[Flowable]
    furniture: Furniture | None = None


@dataclass(frozen=True)
class Layout:
    name: str  # the CLI name; equals the module name with '_' written as '-'
    description: str  # one line for --list-layouts
    page_sizes: Mapping[str, Size]  # paper name -> page size in points
    build: Callable[[Leaflet, Context], Story]
    theme: Callable[[], Theme] = field(default=Theme)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"layout name {self.name!r} must be lower-case letters, digits, '-'")
        if not self.description.strip():
            raise ValueError(f"layout {self.name!r} needs a one-line description")
        if not self.page_sizes:
            raise ValueError(f"layout {self.name!r} supports no paper")

    @property
    def papers(self) -> tuple[str, ...]:
        return tuple(self.page_sizes)
