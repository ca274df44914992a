"""Wallet dose card: ID-1 cards, 10 on A4 or 8 on Letter, fronts and backs for duplex, cut marks.

Front: the medicine, how to take each regimen, the titration steps computed from `dosing`
with a box for the date each step started (only for a regimen with a titration), the usual and
highest dose as far as the data gives them, the block with role `stopping` (if the leaflet has
one), and write-in boxes for the date started and, when a regimen has a titration, the dose
now; a patient's card
(`Context.patient`, handout/personal.py) prints their dated steps instead of the step boxes,
the usual and highest dose, and the write-in boxes. Back: the blocks with roles
`emergency_signs` and `missed_dose` (both needed), and the clinic phone line. Everything else
is listed in `Story.omitted`. A role block is printed in full where it fits, else in its short form
(`short:`); each card side is one frame marked with `kit.in_frame`, and when a side does not fit
even so, `build` fails with the overflow in points and mm, naming the section and its YAML line:
no line is ever left off for want of room.

A screen reader hears one card: the first card's front and back are the tagged content (the
medicine as H1, the dose steps as a table); the other cards are `Story.copies`, drawn as
artifacts.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from handout import card_pages, cards, contact, dose_words, kit, model, strings
from handout.card_blocks import NBSP, CardBlocks
from handout.card_pages import Part, overflow
from handout.clinic import Clinic
from handout.errors import LayoutError, Problem
from handout.layout import Context, Layout, Story
from handout.model import Leaflet
from handout.plan import Plan
from handout.theme import Theme

SAFE = 3 * mm  # text keeps this far inside the cut edge: a cut 1-2 mm off loses nothing
COLUMN_GUTTER = 6 * mm
ROW_GUTTER = 3 * mm  # 5 rows of cards fit on A4 with 3 mm between them, 4 on Letter
MIN_MARGIN = 7 * mm  # grid to paper edge: inside what office printers can print

HINTS = {
    "front": "the card has one box per titration step, from titration.start by titration.step "
             "up to titration.up_to (or the regimen's highest per_dose): check those numbers, "
             "or use another layout (standard or large-print print the whole plan)",
    "back": "give the emergency signs or the missed-dose rule a shorter short form "
            "('short:'; a card side holds about 14 lines of 8 pt text), or use another layout "
            "(standard or large-print print everything)",
    "stopping": "give the 'stopping' block a shorter short form ('short:'; one or two lines), "
                "or use another layout (standard or large-print print everything)",
    "clinic": "the card's back prints the clinic's name, each phone line and the web address "
              "in about 5 lines of 8 pt text: give fewer phone lines or shorter labels, or "
              "build the dose card without --clinic",
}


def theme() -> Theme:
    """8 pt body on the card (nothing smaller), tight but open leading for a small face."""
    return Theme(body=8, leading=1.15, title=9.5, heading=9, subheading=8.5, small=8)


def sheet(ctx: Context) -> cards.Sheet:
    return cards.Sheet.fit(ctx.page_size, cards.ID1, COLUMN_GUTTER, ROW_GUTTER, MIN_MARGIN)


# -- finding the content ------------------------------------------------------------------
Found = tuple[model.Section, model.Block]


def dosing_section(leaflet: Leaflet) -> model.Section | None:
    """The section that holds the dose plan (or is the dosing section), to name in errors."""
    for section in leaflet.sections:
        if any(isinstance(b, model.DosePlan) for b in section.blocks):
            return section
    return next((s for s in leaflet.sections if s.key == "dosing_and_tapering"), None)


def forms(found: Found | None) -> list[Found]:
    """A role block as the card may print it: in full, then in its short form if it has one.
    The card prints words and lists only: a table or fact box only in its short form."""
    if found is None:
        return []
    section, block = found
    short = model.short_form(block)
    full = [found] if isinstance(block, model.Paragraph | model.Bullets | model.Callout) else []
    return [*full, *([(section, short)] if short else [])]


def unprintable(ctx: Context, role: str, found: Found | None) -> Problem:
    """A needed role block the card cannot print (a table or fact box without a short form)."""
    block = found[1] if found else None
    return Problem(block.loc if block else None,
                   f"layout '{ctx.layout}' on {ctx.paper}: the card prints the block with role "
                   f"'{role}' as words or a list, and this {type(block).__name__.lower()} has "
                   "neither", hint="give it a short form ('short:', a text or a list)")


def titration(regimen: model.Regimen) -> list[float]:
    """The doses of a regimen's titration, one box each; none without a titration."""
    return list(regimen.titration.doses()) if regimen.titration else []


# -- the two faces ------------------------------------------------------------------------
class Faces(CardBlocks):
    """What this card prints, from the leaflet (and a patient's plan); the blocks it is drawn
    with (bands, step boxes, write-in boxes) are `card_blocks.CardBlocks`."""

    def __init__(self, leaflet: Leaflet, theme: Theme, width: float,
                 clinic: Clinic | None = None, patient: Plan | None = None) -> None:
        super().__init__(leaflet, theme, width)
        self.leaflet = leaflet
        self.clinic = clinic
        self.patient = patient

    # front
    def title(self) -> Flowable:
        return self.heading_band(self.leaflet.meta.title)

    def how(self, regimen: model.Regimen) -> Flowable:
        """How to take it; with a titration, how the dose goes up (the boxes give the doses),
        without one, the dose itself."""
        d, t = self.leaflet.dosing, regimen.titration
        w = self.words
        lead = dose_words.label(d, regimen, w(f"card_verb_{regimen.verb}"))
        if self.patient is not None and self.patient.regimen == regimen:
            text = f"**{lead}:** {dose_words.how_often(w, regimen)} {w('card_your_steps')}"
        elif t is None:
            text = f"**{lead}:** {dose_words.how_to(w, regimen, d.unit, NBSP, verb=False)}"
        else:
            going_up = dose_words.going_up(w, regimen, t, d.unit, NBSP)
            text = (f"**{lead}:** {dose_words.how_often(w, regimen)} "
                    + w("card_going_up", words=going_up))
        return self.para(text)

    def plan(self, regimen: model.Regimen) -> Flowable | None:
        """The titration steps, each dose over a box for the date it started; a patient's
        dated steps instead on their card; None without a titration: the card never makes
        up steps."""
        if self.patient is not None and self.patient.regimen == regimen:
            return self.dated(self.patient)
        doses = titration(regimen)
        return self.step_boxes(doses, self.leaflet.dosing.unit) if doses else None

    def limits(self) -> Flowable | None:
        """The usual daily dose of each titrated regimen and the highest dose, as far as the
        data gives them; None when it gives neither."""
        d = self.leaflet.dosing
        w = self.words
        parts = [f"**{dose_words.label(d, r, w('dose_usual'))}:** "
                 f"{dose_words.usual(w, r, d.unit, NBSP)}." for r in d.titrated]
        if highest := dose_words.highest(w, d.maximum, d.unit, NBSP):
            parts.append(f"**{dose_words.highest_label(w, d.maximum)}:** {highest}")
        if not parts:
            return None
        return self.para(" ".join(parts))

    def now(self) -> Flowable:
        """Write-in boxes: when the medicine was started and, when a dose goes up step by
        step, the dose taken now (a fixed or as-needed dose has nothing to write there)."""
        labels = [self.words("card_date_started")]
        if self.leaflet.dosing.titrated:
            labels.append(self.words("card_dose_now"))
        return self.write_ins(labels)

    # back
    def phone(self) -> Flowable:
        """The clinic's number as given in meta.contact, with a line to write it on."""
        contact = self.leaflet.meta.contact.strip()
        return self.write_on(contact or self.words("card_phone"), bold=not contact)

    def contact(self) -> list[Flowable]:
        """The clinic's name, phone lines and web address (`--clinic`; no logo or QR code:
        the card has no room), or the line to write its number on."""
        if self.clinic is None:
            return [self.phone()]
        web = f" · {self.clinic.website}" if self.clinic.website else ""
        name = kit.para(f"**{self.clinic.name}**{web}", self.style("cell", spaceAfter=0))
        return [name, *contact.lines(self.blocks, self.clinic, "cell", compact=True)]


def _problem(ctx: Context, face: str, over: float, part: Part, height: float,
             hint: str = "") -> Problem:
    section, loc, _ = part
    where = (f"section '{section.heading}' ({section.key})" if section
             else "the clinic's details" if hint == "clinic" else "the leaflet")
    return Problem(loc or (section.loc if section else None),
                   f"layout '{ctx.layout}' on {ctx.paper}: {where}: the {face} of the card "
                   f"overflows by {over:.1f} pt ({over / mm:.1f} mm); the card has "
                   f"{height:.1f} pt ({height / mm:.1f} mm) for text", hint=HINTS[hint or face])


def build(leaflet: Leaflet, ctx: Context) -> Story:
    grid = sheet(ctx)
    inner = cards.Rect(0, 0, *cards.ID1).inset(SAFE)
    width, height = inner.width, inner.height
    faces = Faces(leaflet, ctx.theme, width, ctx.clinic, ctx.patient)
    problems: list[Problem] = []
    omitted: list[str] = []

    dosing = dosing_section(leaflet)
    # The layout declares `needs`, so render has already refused a leaflet without them.
    urgent = forms(leaflet.block_with_role("emergency_signs"))
    missed = forms(leaflet.block_with_role("missed_dose"))
    stopping = forms(leaflet.block_with_role("stopping"))
    for role, printable in (("emergency_signs", urgent), ("missed_dose", missed)):
        if not printable:
            problems.append(unprintable(ctx, role, leaflet.block_with_role(role)))
    if problems:
        raise LayoutError(problems)

    def front(stop: Found | None) -> list[Part]:
        plan: list[Flowable | None] = []
        for regimen in leaflet.dosing.regimens:
            plan += [faces.how(regimen), faces.plan(regimen)]
        if ctx.patient is None:  # a patient's card has their steps: room for them instead
            plan.append(faces.limits())
        parts = [(dosing, leaflet.meta.loc, [faces.title()]),
                 (dosing, leaflet.dosing.loc, [f for f in plan if f])]
        if stop is not None:
            parts.append((stop[0], stop[1].loc, [faces.rule(stop[1])]))
        if ctx.patient is not None:  # the dates are printed: nothing to write in
            return parts
        return [*parts, (dosing, leaflet.dosing.loc, [faces.now()])]

    def back(signs: Found, rule: Found) -> list[Part]:
        return [(signs[0], signs[1].loc, [faces.urgent(signs[1])]),
                (rule[0], rule[1].loc, [faces.missed(rule[1])]),
                (None, ctx.clinic.loc if ctx.clinic else leaflet.meta.loc, faces.contact())]

    # Each side: the role blocks in full where they fit, else in their short forms (the
    # missed-dose rule first, then the emergency signs); if even that does not fit, fail.
    # No line is ever left off for want of room.
    stop = next((f for f in stopping if not overflow(front(f), width, height)),
                stopping[-1] if stopping else None)
    over = overflow(front(stop), width, height)
    if over:
        plan_fits = stop is not None and not overflow(front(None), width, height)
        problems.append(_problem(ctx, "front", over[0], over[1], height,
                                 "stopping" if plan_fits else "front"))
    pairs = sorted(((u, m) for u in urgent for m in missed),
                   key=lambda pair: (pair[0] is not urgent[0], pair[1] is not missed[0]))
    signs, rule = next((p for p in pairs if not overflow(back(*p), width, height)), pairs[-1])
    over = overflow(back(signs, rule), width, height)
    if over and ctx.clinic and not overflow(back(signs, rule)[:2], width, height):
        problems.append(_problem(ctx, "back", over[0], back(signs, rule)[2], height, "clinic"))
    elif over:
        problems.append(_problem(ctx, "back", over[0], over[1], height))
    if problems:
        raise LayoutError(problems)

    printed = {found[1].role: found for found in (stop, signs, rule) if found is not None}
    for section in leaflet.sections:
        for block in section.blocks:
            if isinstance(block, model.DosePlan):
                continue
            if block.role not in printed:
                omitted.append(kit.omitted_label(section, block))
            elif printed[block.role][1] is not block:
                omitted.append(kit.short_label(section, block))
    # A taper schedule is a dose plan row the full layouts print; the card has no room for it.
    if schedule := dose_words.schedule(strings.words(leaflet), leaflet.dosing.taper,
                                      leaflet.dosing.unit):
        omitted.append(f"{dosing.key if dosing else 'dosing'}: {kit.first_words(schedule)} "
                       "(dosing.taper.schedule: the full layouts print it)")

    return Story(card_pages.templates(grid, SAFE, ctx.theme.palette),
                 card_pages.fill(grid.count, (lambda: front(stop), lambda: back(signs, rule))),
                 furniture=card_pages.slug(leaflet, ctx, grid), omitted=tuple(omitted),
                 copies=card_pages.copies(grid.count))


LAYOUT = Layout(
    name="dose-card",
    description=__doc__.splitlines()[0],
    page_sizes={"a4": A4, "letter": LETTER},
    build=build,
    exact_pages=2,
    complete=False,
    theme=theme,
    needs=("emergency_signs", "missed_dose"),
    uses=("stopping",),
)
