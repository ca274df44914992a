"""Wallet dose card: ID-1 cards, 10 on A4 or 8 on Letter, fronts and backs for duplex, cut marks.

Front: the medicine, how to take each regimen, the titration steps computed from `dosing`
with a box for the date each step started (only for a regimen with a titration), the usual and
highest dose as far as the data gives them, the block with role `stopping` (if the leaflet has
one), and write-in boxes for the date started and the dose now; a patient's card
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

from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, FrameBreak, PageTemplate

from handout import cards, contact, dose_words, fonts, kit, model, personal, strings, tagging
from handout.clinic import Clinic
from handout.errors import LayoutError, Location, Problem
from handout.layout import Context, Furniture, Layout, Story
from handout.model import Leaflet
from handout.plan import Plan
from handout.theme import Theme

SAFE = 3 * mm  # text keeps this far inside the cut edge: a cut 1-2 mm off loses nothing
COLUMN_GUTTER = 6 * mm
ROW_GUTTER = 3 * mm  # 5 rows of cards fit on A4 with 3 mm between them, 4 on Letter
MIN_MARGIN = 7 * mm  # grid to paper edge: inside what office printers can print
STEP_BOX = 10 * mm  # narrowest write-in box for a date
BOX_HEIGHT = 6 * mm  # tall enough to write in
SLUG_FROM_EDGE = 8 * mm  # the sheet's label runs up the left margin, outside every card
NBSP = "\u00a0"
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


def amount(value: float, unit: str) -> str:
    """"10 mg" that never breaks across lines."""
    return dose_words.amount(value, unit, NBSP)


def taper_text(dosing: model.Dosing) -> str:
    return dosing.taper.text if dosing.taper else ""


# -- the two faces ------------------------------------------------------------------------
class Faces:
    """Fresh flowables for one card's front and back (each card needs its own objects)."""

    def __init__(self, leaflet: Leaflet, theme: Theme, width: float,
                 clinic: Clinic | None = None, patient: Plan | None = None) -> None:
        self.leaflet = leaflet
        self.clinic = clinic
        self.patient = patient
        self.theme = theme
        self.width = width
        self.s = theme.styles()
        self.p = theme.palette
        self.blocks = kit.Blocks(leaflet, theme, width)
        self.words = self.blocks.words

    def style(self, name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(f"card-{name}", parent=self.s[name], **kw)

    # front
    def title(self) -> Flowable:
        band = self.style("title", fontSize=self.theme.title, leading=self.theme.title * 1.2,
                          spaceAfter=0)
        title = kit.para(self.leaflet.meta.title, band, "H1")  # the card's one heading
        table = kit.grid([[title]], [self.width], [
            ("BACKGROUND", (0, 0), (-1, -1), self.p.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ])
        table.spaceAfter = 3
        return table

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
        return kit.para(text, self.style("cell", spaceAfter=3))

    def plan(self, regimen: model.Regimen) -> Flowable | None:
        """The titration steps side by side, each dose over a box for the date it started
        (a box of at least 10 mm is wide enough for a handwritten date); None without a
        titration: the card never makes up steps. Tagged as a table: each dose a column
        header (TH), the date box under it its cell (TD, empty until written in)."""
        d = self.leaflet.dosing
        if self.patient is not None and self.patient.regimen == regimen:
            return self.dated(self.patient)
        doses = titration(regimen)
        if not doses:
            return None
        per_row = max(1, min(len(doses), int(self.width // STEP_BOX)))
        column = self.width / per_row
        head = self.style("cell_head", alignment=TA_CENTER)
        node = tagging.Node("Table")
        rows: list[list] = []
        style: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        for first in range(0, len(doses), per_row):
            chunk = doses[first:first + per_row]
            pad = [""] * (per_row - len(chunk))
            doses_row, dates_row = tagging.Node("TR", node), tagging.Node("TR", node)
            labels = [kit.para(amount(x, d.unit), head, "TH", parent=doses_row,
                               attrs={"O": "Table", "Scope": "Column"}) for x in chunk]
            boxes = [kit.para("", self.s["cell"], "TD", parent=dates_row) for _ in chunk]
            r = len(rows)
            rows += [[*labels, *pad], [*boxes, *pad]]
            style += [("GRID", (0, r + 1), (len(chunk) - 1, r + 1), 0.6, self.p.muted),
                      ("LINEBELOW", (0, r), (len(chunk) - 1, r), 1, self.p.accent)]
        table = kit.grid(rows, [column] * per_row, style)
        table._argH = [None if i % 2 == 0 else BOX_HEIGHT for i in range(len(rows))]
        table.spaceAfter = 3
        return tagging.Tagged(table, group=True, node=node)

    def dated(self, patient: Plan) -> Flowable:
        """A patient's steps: from which date (weekday and date), which dose; a table with a
        header row, each step a row."""
        words = self.words
        head, cell = self.style("cell_head"), self.style("cell")
        node = tagging.Node("Table")
        header = tagging.Node("TR", node)
        rows = [[kit.para(words(key), head, "TH", parent=header,
                          attrs={"O": "Table", "Scope": "Column"})
                 for key in ("plan_from", "plan_dose")]]
        for step in patient.steps:
            tr = tagging.Node("TR", node)
            dose = amount(step.per_dose, patient.unit)
            rows.append([kit.para(personal.day(words, step.start), cell, "TD", parent=tr),
                         kit.para(f"{dose} {words('plan_down')}" if step.down else dose,
                                  cell, "TD", parent=tr)])
        table = kit.grid(rows, [self.width * 0.62, self.width * 0.38], [
            ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ("LINEBELOW", (0, 0), (-1, 0), 1, self.p.accent),
        ])
        table.spaceAfter = 3
        return tagging.Tagged(table, group=True, node=node)

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
        return kit.para(" ".join(parts), self.style("cell", spaceAfter=3))

    def rule(self, block: model.Block) -> Flowable:
        """A rule in one run of text: its title in bold, then its text and items."""
        title = getattr(block, "title", "").strip()
        if title and title[-1].isalnum():
            title += ":"
        words = [getattr(block, "text", ""), *getattr(block, "items", ())]
        text = " ".join(w.strip() for w in words if w)
        return kit.para(f"**{title}** {text}".strip() if title else text,
                        self.style("cell", spaceAfter=3))

    def now(self) -> Flowable:
        """Write-in boxes: when the medicine was started and the dose taken now."""
        head = self.style("cell_head")
        started, now = self.words("card_date_started"), self.words("card_dose_now")
        label_w = [stringWidth(t, fonts.BOLD, self.theme.body) + 5 for t in (started, now)]
        box_w = (self.width - sum(label_w) - 6) / 2
        table = kit.grid(
            [[kit.para(started, head), "", "", kit.para(now, head), ""]],
            [label_w[0], box_w, 6, label_w[1], box_w], [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("BOX", (1, 0), (1, 0), 0.6, self.p.muted),
                ("BOX", (4, 0), (4, 0), 0.6, self.p.muted),
            ])
        return table

    # back
    def bullets(self, items: tuple[str, ...], color: Color) -> Flowable:
        """A tight list: the card has no room for the leaflet's space between items."""
        style = self.style("bullet", spaceAfter=0.6)
        indent = self.theme.body * 1.1
        return kit.tagged_list(
            items, style, item_indent=indent,
            bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
            bulletFontSize=self.theme.body, leftIndent=indent, spaceAfter=0,
            bulletColor=color)

    def urgent(self, block: model.Block) -> Flowable:
        """The emergency signs in a red band: a callout's title, or "Get help now" alone."""
        band = self.style("callout_head", textColor=self.p.white, spaceAfter=0)
        body: list[Flowable] = []
        text = getattr(block, "text", "")
        items = getattr(block, "items", ())
        if text:
            body.append(kit.para(text, self.style("cell", spaceAfter=1)))
        if items:
            body.append(self.bullets(items, self.p.urgent))
        title = getattr(block, "title", "")
        label = f"**{self.words('callout_urgent')}:**"
        rows = [[kit.para(f"{label} {title}" if title else label, band)]]
        if body:
            rows.append([body])
        table = kit.grid(rows, [self.width], [
            ("BACKGROUND", (0, 0), (-1, 0), self.p.urgent),
            ("BACKGROUND", (0, 1), (-1, -1), self.p.urgent_tint),
            ("BOX", (0, 0), (-1, -1), 1.2, self.p.urgent),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ])
        table.spaceAfter = 2.5
        return table

    def missed(self, block: model.Block) -> Flowable:
        title = getattr(block, "title", "").strip()
        if title and title[-1].isalnum():
            title += ":"
        text = getattr(block, "text", "")
        body: list[Flowable] = [kit.para(f"**{title}** {text}".strip(),
                                         self.style("cell", spaceAfter=1))]
        if getattr(block, "items", ()):
            body.append(self.bullets(block.items, self.p.ink))
        table = kit.grid([[body]], [self.width], [
            ("BACKGROUND", (0, 0), (-1, -1), self.p.warning_tint),
            ("LINEBEFORE", (0, 0), (0, -1), 3, self.p.warning),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])
        table.spaceAfter = 2.5
        return table

    def phone(self) -> Flowable:
        """The clinic's number as given in meta.contact, with a line to write it on."""
        contact = self.leaflet.meta.contact.strip()
        label = contact or self.words("card_phone")
        natural = stringWidth(label.replace("**", ""), fonts.REGULAR if contact else fonts.BOLD,
                              self.theme.body)
        label_w = min(natural + 6, self.width * 0.7)
        return kit.grid([[kit.para(label, self.s["cell"]), ""]],
                        [label_w, self.width - label_w], [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (1, 0), (1, 0), 0.6, self.p.muted),
        ])


    def contact(self) -> list[Flowable]:
        """The clinic's name, phone lines and web address (`--clinic`; no logo or QR code:
        the card has no room), or the line to write its number on."""
        if self.clinic is None:
            return [self.phone()]
        web = f" · {self.clinic.website}" if self.clinic.website else ""
        name = kit.para(f"**{self.clinic.name}**{web}", self.style("cell", spaceAfter=0))
        return [name, *contact.lines(self.blocks, self.clinic, "cell", compact=True)]


Part = tuple[model.Section | None, Location | None, list[Flowable]]


def _tag(part: Part) -> list[Flowable]:
    section, _, flowables = part
    if section is not None:
        for flowable in flowables:
            setattr(flowable, kit.SECTION_ATTR, section)
    return flowables


def _overflow(parts: list[Part], width: float, height: float) -> tuple[float, Part] | None:
    """None if the parts fit in `height`; else how much they overflow and the first part
    that crosses the bottom edge."""
    used = 0.0
    crossing: Part | None = None
    named: Part | None = None  # a fixed part without a section (the phone line) names the
    for part in parts:  # section before it: that is the content that grew
        for flowable in part[2]:
            used += flowable.getSpaceBefore() + flowable.wrap(width, 1e6)[1]
            used += flowable.getSpaceAfter()
        if part[0] is not None:
            named = part
        if used > height and crossing is None:
            crossing = part if part[0] is not None or named is None else named
    if crossing is None:
        return None
    return used - height, crossing


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
    stop = next((f for f in stopping if not _overflow(front(f), width, height)),
                stopping[-1] if stopping else None)
    over = _overflow(front(stop), width, height)
    if over:
        plan_fits = stop is not None and not _overflow(front(None), width, height)
        problems.append(_problem(ctx, "front", over[0], over[1], height,
                                 "stopping" if plan_fits else "front"))
    pairs = sorted(((u, m) for u in urgent for m in missed),
                   key=lambda pair: (pair[0] is not urgent[0], pair[1] is not missed[0]))
    signs, rule = next((p for p in pairs if not _overflow(back(*p), width, height)), pairs[-1])
    over = _overflow(back(signs, rule), width, height)
    if over and ctx.clinic and not _overflow(back(signs, rule)[:2], width, height):
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

    fronts, backs = grid.fronts(), grid.backs()

    def frames(rects: list[cards.Rect], side: str) -> list[Frame]:
        return [kit.text_frame(r.x + SAFE, r.y + SAFE, width, height, f"card-{i + 1}-{side}")
                for i, r in enumerate(rects)]

    def guides(rects: list[cards.Rect]) -> Callable[[Canvas, object], None]:
        def draw(canvas: Canvas, _doc: object) -> None:
            for rect in rects:
                cards.draw_outline(canvas, rect, ctx.theme.palette.rule)
            cards.draw_cut_marks(canvas, grid.cut_marks(), ctx.theme.palette.registration)
        return draw

    templates = [
        PageTemplate("fronts", frames(fronts, "front"), onPage=guides(fronts),
                     autoNextPageTemplate="backs"),
        PageTemplate("backs", frames(backs, "back"), onPage=guides(backs)),
    ]
    flowables: list[Flowable] = []
    for side, make in (("front", lambda: front(stop)), ("back", lambda: back(signs, rule))):
        for i in range(grid.count):
            if flowables:
                flowables.append(FrameBreak())
            card = [f for part in make() for f in _tag(part)]
            flowables += kit.in_frame(card, f"card-{i + 1}-{side}")
    # A screen reader hears one card (front, then back); the others are copies.
    copies = tuple(f"card-{i + 1}-{side}" for side in ("front", "back")
                   for i in range(1, grid.count))
    return Story(templates, flowables, furniture=slug(leaflet, ctx, grid),
                 omitted=tuple(omitted), copies=copies)


def slug(leaflet: Leaflet, ctx: Context, grid: cards.Sheet) -> Furniture:
    """The sheet's label, up the left margin (cut away with it): what it is, which side,
    page x of y, version, and how to print and cut it."""
    m = leaflet.meta
    words = strings.words(leaflet)
    size = ctx.theme.small
    style = ParagraphStyle("slug", parent=ctx.theme.styles()["small"], alignment=TA_CENTER,
                           spaceAfter=0)

    def draw(canvas: Canvas, page: int, total: int) -> None:
        side = words("card_fronts" if page == 1 else "card_backs")
        text = words("card_sheet", title=m.title, side=side, page=page, total=total,
                     version=m.version, review=words.date(m.next_review))
        line = kit.para(text, style)
        length = ctx.page_size[1] - 2 * grid.margins[1]
        _, tall = line.wrap(length, size * 3)
        canvas.saveState()
        canvas.translate(SLUG_FROM_EDGE, grid.margins[1])
        canvas.rotate(90)
        line.drawOn(canvas, 0, -tall + size)
        canvas.restoreState()

    return draw


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
