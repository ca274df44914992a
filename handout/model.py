"""The leaflet as plain, frozen data: what `validate.py` produces and layouts read.

No ReportLab here. Every object keeps the `Location` it came from, so a problem found while
rendering can still point at the YAML line. `Leaflet.texts` lists every piece of text with its
location, for checks that look at all of it (missing glyphs, safety lint, reading grade).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from handout.errors import Location

SECTION_KEYS = ("overview", "how_it_works", "expected_benefit", "side_effects",
                "dosing_and_tapering")
CALLOUT_KINDS = ("info", "warning", "urgent")
CERTAINTIES = ("high", "moderate", "low", "very low")
PRIORITIES = ("essential", "detail")


@dataclass(frozen=True)
class Text:
    """A piece of content text and where it is, for checks over all text."""

    value: str
    loc: Location
    path: str
    section: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    signed_off: dt.date | None = None  # reviewers: the day they approved the content
    loc: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    url: str
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Readability:
    """Flesch-Kincaid grades above which a section is a warning, and an error."""

    warn_grade: float = 8
    error_grade: float = 10


@dataclass(frozen=True)
class Meta:
    id: str
    title: str
    subtitle: str
    language: str
    audience: str
    summary: str
    disclaimer: str
    version: str
    published: dt.date
    next_review: dt.date
    authors: tuple[Person, ...]
    reviewers: tuple[Person, ...]
    contact: str
    loc: Location = field(compare=False)
    readability: Readability = Readability()
    link_domains: tuple[str, ...] = ()  # sites text may link to, besides the sources' own

    @property
    def signoffs(self) -> tuple[Person, ...]:
        """Reviewers who signed off this version: on or after its publication date."""
        return tuple(r for r in self.reviewers
                     if r.signed_off is not None and r.signed_off >= self.published)


@dataclass(frozen=True)
class Dosing:
    unit: str
    start: float
    step: float
    interval_weeks: tuple[float, float]
    usual_range: tuple[float, float]
    maximum: float
    maximum_note: str
    when: str
    taper: str
    taper_steps: tuple[float, ...]
    cite: tuple[str, ...]
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Block:
    """Fields every block has. `priority` is "essential" (always printed) or "detail"."""

    cite: tuple[str, ...]
    priority: str
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Paragraph(Block):
    text: str = ""


@dataclass(frozen=True)
class Bullets(Block):
    items: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Callout(Block):
    kind: str = "info"
    title: str = ""
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table(Block):
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class FactBox(Block):
    title: str = ""
    outcome: str = ""
    with_medicine: int = 0
    without_medicine: int = 0
    time_frame: str = ""
    certainty: str = ""
    source: str = ""
    alt: str = ""


@dataclass(frozen=True)
class DosePlan(Block):
    """Placeholder for the `dosing` data drawn as a table where the author puts it."""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Leaflet:
    meta: Meta
    sources: tuple[Source, ...]
    dosing: Dosing
    sections: tuple[Section, ...]
    texts: tuple[Text, ...] = field(compare=False, repr=False)
    file: str = ""

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
