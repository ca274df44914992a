"""The one flow every build follows: load, check, render, verify, and only then write.

Every requested PDF is built in memory first; files are written only when all of them
succeeded, each by temporary file and rename. A failed build therefore leaves every earlier
PDF exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout import fonts, validate
from handout.errors import InputError, LayoutError
from handout.layout import Context, Layout
from handout.model import Leaflet
from handout.output import atomic_write
from handout.render import render
from handout.verify import verify


@dataclass(frozen=True)
class Built:
    path: Path
    pdf: bytes
    layout: str
    paper: str


def load(content: Path) -> Leaflet:
    """Validated leaflet whose every character can be drawn, or InputError."""
    leaflet = validate.load(content)
    problems = fonts.check_glyphs(leaflet.texts)
    if problems:
        raise InputError(problems)
    return leaflet


def papers_for(layout: Layout, paper: str) -> list[str]:
    if paper == "all":
        return list(layout.papers)
    return [paper] if paper in layout.papers else []


def build_one(leaflet: Leaflet, layout: Layout, paper: str) -> bytes:
    ctx = Context(layout=layout.name, paper=paper, page_size=layout.page_sizes[paper],
                  theme=layout.theme())
    pdf = render(leaflet, layout, ctx)
    verify(pdf, ctx)
    return pdf


def build(content: Path, layouts: list[Layout], paper: str, out_dir: Path) -> list[Built]:
    """Build every (layout, paper) pair, then write them all; raise on the first failure
    kind (input) or after collecting every layout failure."""
    leaflet = load(content)
    built: list[Built] = []
    failures = []
    for layout in layouts:
        for name in papers_for(layout, paper):
            path = out_dir / f"{leaflet.meta.id}-{layout.name}-{name}.pdf"
            try:
                built.append(Built(path, build_one(leaflet, layout, name), layout.name, name))
            except LayoutError as err:
                failures.extend(err.problems)
    if failures:
        raise LayoutError(failures)
    for item in built:
        atomic_write(item.path, item.pdf)
    return built
