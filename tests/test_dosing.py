"""The dosing model and its words, without a PDF: frequencies, derived daily totals, the rows
of the dose plan (only those the data has), and a taper schedule."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import LAYOUTS, leaflet, reader, squash

from handout import dose_words, pipeline, strings
from handout.errors import Location
from handout.layout import Context
from handout.model import Maximum, Regimen, Taper, TaperStep, Titration

ENGLISH = strings.table("en")

HERE = Location("test.yaml", 1, 1)


def regimen(**changes: object) -> Regimen:
    base = Regimen(name="", form="tablets", verb="take", strengths=(), per_dose=(20, 20),
                   amount="", times_a_day=(2, 2), as_needed=False, hours_between=0, when="",
                   titration=None, loc=HERE)
    return replace(base, **changes)


@pytest.mark.parametrize(("changes", "words"), [
    ({}, "Take 20 mg twice a day (40 mg a day)."),
    ({"times_a_day": (1, 1), "when": "at night"}, "Take 20 mg once a day, at night."),
    ({"times_a_day": (3, 4)}, "Take 20 mg 3 to 4 times a day (60 mg to 80 mg a day)."),
    ({"per_dose": (200, 400), "times_a_day": (3, 3)},
     "Take 200 mg to 400 mg 3 times a day (600 mg to 1200 mg a day)."),
    ({"as_needed": True, "times_a_day": (4, 4), "hours_between": 4},
     "Take 20 mg when needed, up to 4 times a day (at most 80 mg a day), at least 4 hours "
     "apart."),
    ({"per_dose": None, "amount": "a thin layer", "verb": "apply", "as_needed": True,
      "times_a_day": (3, 3)}, "Apply a thin layer when needed, up to 3 times a day."),
])
def test_how_to_says_how_often_and_derives_the_daily_total(changes: dict, words: str) -> None:
    assert dose_words.how_to(ENGLISH, regimen(**changes), "mg") == words


def test_a_titration_never_goes_past_its_top() -> None:
    steps = Titration(start=10, step=25, interval_weeks=(1, 2), up_to=75, loc=HERE).doses()
    assert steps == (10, 35, 60)


def test_plan_rows_hold_only_what_the_data_has() -> None:
    dosing = leaflet().dosing
    assert [label for label, _ in dose_words.plan_rows(ENGLISH, dosing)] == [
        "Starting dose", "Going up", "Usual dose", "Higher doses", "Stopping"]
    fixed = replace(dosing, regimens=(regimen(),), maximum=None, taper=None)
    assert dose_words.plan_rows(ENGLISH, fixed) == [
        ("Usual dose", "Take 20 mg twice a day (40 mg a day).")]
    two = replace(fixed, regimens=(regimen(name="Tablets"),
                                   regimen(name="Capsules", per_dose=(40, 40),
                                           times_a_day=(1, 1))),
                  maximum=Maximum(per_dose=None, per_day=None, note="Ask a specialist.",
                                  loc=HERE))
    assert dose_words.plan_rows(ENGLISH, two) == [
        ("Tablets", "Take 20 mg twice a day (40 mg a day)."),
        ("Capsules", "Take 40 mg once a day."),
        ("Higher doses", "Ask a specialist.")]


def test_a_taper_schedule_is_printed_as_daily_doses_and_listed_by_the_card() -> None:
    base = leaflet()
    assert base.dosing.taper is not None
    taper = Taper(text=base.dosing.taper.text, loc=HERE, schedule=(
        TaperStep(per_day=50, weeks=2, loc=HERE), TaperStep(per_day=20, weeks=1, loc=HERE)))
    changed = replace(base, dosing=replace(base.dosing, taper=taper))
    pdf = reader(pipeline.build_one(changed, LAYOUTS["standard"], "a4"))
    printed = squash(" ".join(p.extract_text() for p in pdf.pages))
    assert squash("Lowering the dose 50 mg a day for 2 weeks, then 20 mg a day for 1 week.") \
        in printed
    card = LAYOUTS["dose-card"]
    story = card.build(changed, Context(layout=card.name, paper="a4",
                                        page_size=card.page_sizes["a4"], theme=card.theme()))
    assert any("dosing.taper.schedule" in line for line in story.omitted)
