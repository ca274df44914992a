"""The part of a patient's handout that is theirs: the "Your plan" PDF and their dose card.

The shared leaflet is built once (it is the same for every patient); per patient only this
one small page is rendered: a heading, who it is for, a dated table (from which date, which
dose, how many tablets of which strength, when in the day), the next review and a line
naming the leaflet it goes with. It runs through the same render, tagging and verify steps as
every layout (a `Layout` made for the plan), so it is PDF/UA-1 and PDF/A-2a like the leaflet.
When the dose card is built, the patient also gets a card sheet whose fronts carry their dated
steps (`card`: the dose-card layout with `Context.patient`). The metadata of both is the
leaflet's (title, summary, authors): the patient's name is on the page only, never in the
Info dictionary, XMP or outline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageTemplate

from handout import dose_words, furniture, kit, model, strings
from handout.clinic import Clinic
from handout.layout import Context, Layout, PrintOptions, Story
from handout.model import Leaflet
from handout.plan import Plan, Step

MARGIN = 17 * mm
TOP = 15 * mm
BOTTOM = 22 * mm  # the footer sits in here
NAME = "your-plan"


def layout(plan: Plan) -> Layout:
    """The plan page as a layout of its own (not in the registry: it needs a plan)."""
    return Layout(name=NAME, description="A patient's dated dose plan",
                  page_sizes={"a4": A4, "letter": LETTER}, build=partial(story, plan))


def render(leaflet: Leaflet, plan: Plan, paper: str,
           options: PrintOptions = PrintOptions()) -> bytes:
    """The plan PDF, rendered and verified like any layout."""
    from handout.paragraph import unremembered
    from handout.pipeline import build_one  # ReportLab: only when a plan is rendered

    with unremembered():  # the patient's name and steps are parsed, never kept
        return build_one(leaflet, layout(plan), paper, options)


def card(leaflet: Leaflet, plan: Plan, dose_card: Layout, paper: str,
         options: PrintOptions = PrintOptions(), clinic: Clinic | None = None) -> bytes:
    """The dose-card layout with the patient's dated steps on each front (`Context.patient`)
    instead of the write-in boxes."""
    from handout.paragraph import unremembered
    from handout.pipeline import context
    from handout.render import render as run
    from handout.verify import verify

    ctx = replace(context(dose_card, paper, options, clinic), patient=plan)
    with unremembered():
        pdf = run(leaflet, dose_card, ctx).pdf
    verify(pdf, ctx, dose_card)
    return pdf


def rows(leaflet: Leaflet, plan: Plan) -> list[tuple[str, ...]]:
    """The table's rows: date with weekday, dose, tablets (if the regimen has strengths), when."""
    words = strings.words(leaflet)
    regimen = plan.regimen
    when = dose_words.capital(dose_words.frequency(words, regimen)
                              + dose_words.timing(words, regimen))
    out = []
    for step in plan.steps:
        date = day(words, step.start)
        dose = dose_words.amount(step.per_dose, plan.unit)
        if step.down:
            dose = f"{dose} {words('plan_down')}"
        row = [date, dose, *([tablet_words(words, step, plan.unit)] if has_tablets(plan)
                             else []), when]
        out.append(tuple(row))
    return out


def day(words: strings.Strings, date: dt.date) -> str:
    """"Monday 7 December 2026": the locale's date with its weekday."""
    return words("plan_date", weekday=words(f"weekday_{date.isoweekday()}"),
                 date=words.date(date))


def has_tablets(plan: Plan) -> bool:
    return bool(plan.regimen.strengths)


def tablet_words(words: strings.Strings, step: Step, unit: str) -> str:
    if step.tablets is None:
        return "—"
    count, strength = step.tablets
    return words("plan_count", count=count, strength=dose_words.amount(strength, unit))


def story(plan: Plan, leaflet: Leaflet, ctx: Context) -> Story:
    page_width, page_height = ctx.page_size
    width = page_width - 2 * MARGIN
    blocks = kit.Blocks(leaflet, ctx.theme, width)
    words, s, m = blocks.words, blocks.styles, leaflet.meta
    head = kit.para(words("plan_title"), s["title"], "H1", outline=words("plan_title"))
    band = kit.grid([[[head, kit.para(m.title, s["subtitle"])]]], [width], [
        ("BACKGROUND", (0, 0), (-1, -1), blocks.palette.accent),
        ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, -1), 12), ("BOTTOMPADDING", (0, 0), (-1, -1), 14),
    ])
    band.spaceAfter = ctx.theme.body * 0.8
    flowables: list[Flowable] = [band]
    if plan.name:
        flowables.append(kit.para(words("plan_for", name=plan.name), s["body"]))
    if plan.prescriber:
        flowables.append(kit.para(words("plan_prescriber", name=plan.prescriber), s["body"]))
    header = (words("plan_from"), words("plan_dose"),
              *([words("plan_tablets")] if has_tablets(plan) else []), words("plan_when"))
    table = model.Table(cite=(), priority="essential", loc=leaflet.dosing.loc,
                        header=header, rows=tuple(rows(leaflet, plan)))
    shares = [0.3, 0.17, 0.2, 0.33] if has_tablets(plan) else [0.34, 0.2, 0.46]
    flowables += blocks.table(table, [width * share for share in shares])
    if plan.review:
        flowables.append(kit.para(words("plan_review", date=day(words, plan.review)),
                                  s["body"]))
    flowables.append(kit.para(words("plan_about", title=m.title, version=m.version),
                              s["body"]))
    frame = kit.text_frame(MARGIN, BOTTOM, width, page_height - TOP - BOTTOM, "plan")
    return Story([PageTemplate("plan", [frame])], flowables,
                 furniture=furniture.footer(leaflet, ctx.theme, MARGIN, page_width - MARGIN,
                                      BOTTOM - 7 * mm))
