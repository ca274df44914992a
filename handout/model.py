"""The leaflet as plain, frozen data: what `validate.py` produces and layouts read.

No ReportLab here. Every object keeps the `Location` it came from, so a problem found while
rendering can still point at the YAML line. `Leaflet.texts` lists every piece of text with its
location, for checks that look at all of it (missing glyphs, safety lint, reading grade).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from handout.errors import Location, Problem

SECTION_KEYS = ("overview", "how_it_works", "expected_benefit", "side_effects",
                "dosing_and_tapering")
CALLOUT_KINDS = ("info", "warning", "urgent")
CERTAINTIES = ("high", "moderate", "low", "very low")
PRIORITIES = ("essential", "detail")
# What a block is for, so layouts find content by meaning, never by title text or position.
# Each role names at most one block in a leaflet. Layouts declare the roles they need and
# use (`handout.layout.Layout`); `docs/content-format.md` lists them with examples.
ROLES: dict[str, tuple[str, str]] = {  # role -> (what the block says, its usual section)
    "key_points": ("the leaflet's main messages in one short list", "overview"),
    "benefit": ("how much the medicine helps, in numbers out of 100", "expected_benefit"),
    "time_to_work": ("when to expect it to work and when to judge it", "expected_benefit"),
    "common_side_effects": ("the common side effects and what helps", "side_effects"),
    "emergency_signs": ("when to call an ambulance or go to an emergency department now",
                        "side_effects"),
    "urgent_signs": ("when to contact a doctor or helpline now", "side_effects"),
    "overdose": ("what to do if someone takes too much", "side_effects"),
    "interactions": ("other medicines, remedies and drugs to mention or avoid",
                     "side_effects"),
    "contraindications": ("who must not take it", "dosing_and_tapering"),
    "check_first": ("who must check with their doctor before taking it",
                    "dosing_and_tapering"),
    "pregnancy": ("pregnancy and breastfeeding", "dosing_and_tapering"),
    "how_to_take": ("how and when to take each dose", "dosing_and_tapering"),
    "missed_dose": ("what to do after a missed dose", "dosing_and_tapering"),
    "stopping": ("how to stop safely (for most medicines: never suddenly)",
                 "dosing_and_tapering"),
    "withdrawal": ("what stopping or lowering the dose can feel like", "dosing_and_tapering"),
    "storage": ("how to store it and keep it away from children", "dosing_and_tapering"),
}
# How a medicine is supplied (meta.supply), with local terms people use for each.
SUPPLY = ("prescription-only", "pharmacy", "general-sale")
SUPPLY_TERMS = {"pom": "prescription-only", "rx": "prescription-only",
                "prescription": "prescription-only", "p": "pharmacy",
                "pharmacy-only": "pharmacy", "gsl": "general-sale", "otc": "general-sale"}
VERBS = ("take", "apply", "use")


@dataclass(frozen=True)
class Text:
    """A piece of content text and where it is, for checks over all text."""

    value: str
    loc: Location
    path: str
    section: str | None = None
    written: str = ""  # the text as written, when it had locale placeholders ({emergency_number})

    @property
    def as_written(self) -> str:
        return self.written or self.value


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
    supply: str = "prescription-only"  # one of SUPPLY; decides which lint rules apply
    locale: str = "en-GB"  # the locale tag (handout/data/locales) its placeholders were filled from

    @property
    def lang(self) -> str:
        """The document language (/Lang): the leaflet's language with the locale's region."""
        return f"{self.language.split('-')[0]}-{self.locale.split('-')[-1]}"

    @property
    def signoffs(self) -> tuple[Person, ...]:
        """Reviewers who signed off this version: on or after its publication date."""
        return tuple(r for r in self.reviewers
                     if r.signed_off is not None and r.signed_off >= self.published)


@dataclass(frozen=True)
class Claim:
    """A statement this leaflet must never make about its medicine, and the source that says
    it is wrong (`claims:`); the safety lint refuses it like a shared rule."""

    phrase: str
    why: str
    instead: str
    cite: tuple[str, ...]
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Titration:
    """Start low and step up. Amounts are per dose of the regimen it belongs to."""

    start: float
    step: float
    interval_weeks: tuple[int, int]
    up_to: float  # the top of the ladder: `up_to` if given, else the regimen's highest dose
    loc: Location = field(compare=False)

    def doses(self) -> tuple[float, ...]:
        """Every step from `start` by `step`, never past `up_to` (no invented step)."""
        count = math.floor((self.up_to - self.start) / self.step + 1e-9) + 1
        return tuple(round(self.start + i * self.step, 6) for i in range(max(count, 1)))


@dataclass(frozen=True)
class Regimen:
    """One way to take the medicine: a form, an amount per dose (or words for one, such as
    "a thin layer"), how many times a day, and when. Daily totals are derived, never written."""

    name: str
    form: str
    verb: str  # take, apply or use
    strengths: tuple[float, ...]
    per_dose: tuple[float, float] | None  # [low, high] in the dosing unit; None: no amount
    amount: str  # words for a dose without a number
    times_a_day: tuple[int, int]
    as_needed: bool
    hours_between: float  # 0: not given
    when: str
    titration: Titration | None
    loc: Location = field(compare=False)

    @property
    def label(self) -> str:
        return self.name or self.form[:1].upper() + self.form[1:]

    def per_day(self) -> tuple[float, float] | None:
        """The daily total this regimen gives: per dose times the times a day."""
        if self.per_dose is None:
            return None
        return (round(self.per_dose[0] * self.times_a_day[0], 6),
                round(self.per_dose[1] * self.times_a_day[1], 6))


@dataclass(frozen=True)
class Maximum:
    """The most a person may take; either number may be absent ("specialist only")."""

    per_dose: float | None
    per_day: float | None
    note: str
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class TaperStep:
    per_day: float
    weeks: int
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Taper:
    """How the dose comes down when stopping: prose, a schedule of daily doses, or both."""

    text: str
    schedule: tuple[TaperStep, ...]
    loc: Location = field(compare=False)

    @property
    def signoffs(self) -> tuple[Person, ...]:
        """Reviewers who signed off this version: on or after its publication date."""
        return tuple(r for r in self.reviewers
                     if r.signed_off is not None and r.signed_off >= self.published)


@dataclass(frozen=True)
class Dosing:
    unit: str  # the unit of every amount ("" when no regimen gives an amount)
    regimens: tuple[Regimen, ...]
    maximum: Maximum | None
    taper: Taper | None
    cite: tuple[str, ...]
    loc: Location = field(compare=False)

    @property
    def titrated(self) -> tuple[Regimen, ...]:
        return tuple(r for r in self.regimens if r.titration is not None)


@dataclass(frozen=True)
class Block:
    """Fields every block has. `priority` is "essential" (always printed) or "detail";
    `role` is one of `ROLES` or empty; `short` is the block's short form (a text or a list
    of texts; empty if it has none), printed by compact layouts where the block does not
    fit: see `short_form`."""

    cite: tuple[str, ...]
    priority: str
    loc: Location = field(compare=False)
    role: str = ""
    short: str | tuple[str, ...] = ""


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


def short_form(block: Block) -> Block | None:
    """The block as its short form would print, or None if it has none: the same title,
    kind, role, cites and place, with `short` as its only text or items. A table or fact box
    becomes a paragraph (a text) or a list (items), led by the fact box's title."""
    short = block.short
    if not short:
        return None
    common = {"cite": block.cite, "priority": block.priority, "loc": block.loc,
              "role": block.role}
    text, items = (short, ()) if isinstance(short, str) else ("", short)
    if isinstance(block, Callout):
        return Callout(**common, kind=block.kind, title=block.title, text=text, items=items)
    title = getattr(block, "title", "")
    if items:
        return Bullets(**common, title=title, items=items)
    return Paragraph(**common, text=f"**{title}** {text}" if title else text)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]
    loc: Location = field(compare=False)


@dataclass(frozen=True)
class Translation:
    """Where a translated leaflet's texts come from (`handout/translation.py`): its file,
    translators and reviewers (printed with the source's people), the source version it
    translates, and what changed in the source since (warnings for `--check`)."""

    file: str
    source: str
    language: str
    locale: str
    source_version: str
    date: dt.date
    translators: tuple[Person, ...]
    reviewers: tuple[Person, ...]
    loc: Location = field(compare=False)
    findings: tuple[Problem, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Leaflet:
    meta: Meta
    sources: tuple[Source, ...]
    dosing: Dosing
    sections: tuple[Section, ...]
    texts: tuple[Text, ...] = field(compare=False, repr=False)
    file: str = ""
    claims: tuple[Claim, ...] = ()
    translation: Translation | None = None  # set for a leaflet built from a translation

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def block_with_role(self, role: str) -> tuple[Section, Block] | None:
        """The block that plays `role` (one of `ROLES`), with its section; None if no block
        does. Validation makes sure at most one block has each role."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        for section in self.sections:
            for block in section.blocks:
                if block.role == role:
                    return section, block
        return None
