"""Every phrase `dose_words` makes, exactly, without a PDF: the words the dose plan table and
the dose card print (read back from the PDFs in test_printed_dose). Exact strings, so a
changed number, word, space or full stop fails here; `.ci/mutation dose_words` scores them.

The no-break space (`NBSP`) is what the card passes: it must reach every amount of a phrase,
so "10" never ends a line apart from its "mg".
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from handout import dose_words as dw
from handout import strings
from handout.errors import Location
from handout.model import Dosing, Maximum, Regimen, Taper, TaperStep, Titration

HERE = Location("test.yaml", 1, 1)
NBSP = "\u00a0"

EN = strings.table("en")  # the English interface words


def regimen(**changes: object) -> Regimen:
    base = Regimen(name="", form="tablets", verb="take", strengths=(), per_dose=(20, 20),
                   amount="", times_a_day=(1, 1), as_needed=False, hours_between=0, when="",
                   titration=None, loc=HERE)
    return replace(base, **changes)


def titration(**changes: object) -> Titration:
    base = Titration(start=10, step=10, interval_weeks=(1, 2), up_to=40, loc=HERE)
    return replace(base, **changes)


def dosing(*regimens: Regimen, maximum: Maximum | None = None, taper: Taper | None = None,
           ) -> Dosing:
    return Dosing(unit="mg", regimens=regimens, maximum=maximum, taper=taper, cite=(),
                  loc=HERE)


def maximum(per_dose: float | None = None, per_day: float | None = None, note: str = ""
            ) -> Maximum:
    return Maximum(per_dose=per_dose, per_day=per_day, note=note, loc=HERE)


def test_amounts_with_the_space_given() -> None:
    assert dw.amount(10, "mg") == "10 mg"
    assert dw.amount(2.5, "ml", NBSP) == f"2.5{NBSP}ml"
    assert dw.amount(100.0, "mg") == "100 mg"  # no ".0"
    assert dw.amounts(EN, 10, 10, "mg") == "10 mg"
    assert dw.amounts(EN, 10, 75, "mg") == "10 mg to 75 mg"
    assert dw.amounts(EN, 10, 10, "mg", NBSP) == f"10{NBSP}mg"
    assert dw.amounts(EN, 10, 75, "mg", NBSP) == f"10{NBSP}mg to 75{NBSP}mg"


@pytest.mark.parametrize(("text", "words"), [
    ("take it", "Take it."), ("  take it  ", "Take it."), ("Done.", "Done."),
    ("stop!", "Stop!"), ("why?", "Why?"), ("", ""), ("   ", ""), ("a", "A."),
    ("ends with a comma,", "Ends with a comma,."),
])
def test_sentence_capitalises_and_ends_with_a_stop(text: str, words: str) -> None:
    assert dw.sentence(text) == words


def test_capital_changes_the_first_letter_only() -> None:
    assert dw.capital("by 10 mg") == "By 10 mg"
    assert dw.capital("bY") == "BY"
    assert dw.capital("") == ""


@pytest.mark.parametrize(("changes", "total"), [
    ({}, "20 mg a day"),
    ({"times_a_day": (2, 2)}, "40 mg a day"),
    ({"times_a_day": (3, 4)}, "60 mg to 80 mg a day"),
    ({"per_dose": (10, 20), "times_a_day": (2, 2)}, "20 mg to 40 mg a day"),
    ({"as_needed": True, "times_a_day": (1, 4)}, "at most 80 mg a day"),
    ({"per_dose": None, "amount": "a thin layer"}, ""),
])
def test_the_daily_total_is_per_dose_times_the_times_a_day(changes: dict, total: str) -> None:
    assert dw.daily_total(EN, regimen(**changes), "mg") == total
    assert dw.daily_total(EN, regimen(**changes), "mg", NBSP) == total.replace(" mg", f"{NBSP}mg")


@pytest.mark.parametrize(("changes", "words"), [
    ({}, "20 mg once a day"),
    ({"times_a_day": (2, 2)}, "20 mg twice a day (40 mg a day)"),
    ({"times_a_day": (4, 4), "per_dose": (50, 50)}, "50 mg 4 times a day (200 mg a day)"),
    ({"as_needed": True}, "20 mg when needed, up to once a day (at most 20 mg a day)"),
    ({"per_dose": None, "amount": "a thin layer", "times_a_day": (3, 3)},
     "a thin layer 3 times a day"),
])
def test_one_dose_and_how_often(changes: dict, words: str) -> None:
    assert dw.dose(EN, regimen(**changes), "mg") == words
    assert dw.dose(EN, regimen(**changes), "mg", NBSP) == words.replace(" mg", f"{NBSP}mg")


@pytest.mark.parametrize(("changes", "words"), [
    ({}, ""),
    ({"hours_between": 4}, ", at least 4 hours apart"),
    ({"hours_between": 4.5}, ", at least 4.5 hours apart"),
    ({"when": "with food."}, ", with food"),
    ({"hours_between": 6, "when": "with food"}, ", at least 6 hours apart, with food"),
    ({"when": "not before an X"}, ", not before an X"),  # only full stops are stripped
])
def test_timing_follows_the_frequency(changes: dict, words: str) -> None:
    assert dw.timing(EN, regimen(**changes)) == words


def test_how_to_with_and_without_the_verb() -> None:
    r = regimen(times_a_day=(2, 2), when="with food")
    assert dw.how_to(EN, r, "mg") == "Take 20 mg twice a day (40 mg a day), with food."
    assert dw.how_to(EN, r, "mg", NBSP, verb=False) == (
        f"20{NBSP}mg twice a day (40{NBSP}mg a day), with food.")
    assert dw.how_to(EN, replace(r, verb="apply"), "mg").startswith("Apply 20 mg")


def test_how_often_has_no_amount() -> None:
    r = regimen(when="1 to 2 hours before bed")
    assert dw.how_often(EN, r) == "Once a day, 1 to 2 hours before bed."
    assert dw.how_often(EN, replace(r, times_a_day=(2, 2), when="")) == "Twice a day."


def test_the_starting_dose_and_its_daily_total() -> None:
    r = regimen(when="at night")
    assert dw.starting(EN, r, titration(), "mg") == "10 mg once a day, at night."
    assert dw.starting(EN, replace(r, times_a_day=(2, 3)), titration(start=5), "mg") == (
        "5 mg 2 to 3 times a day (15 mg a day), at night.")


@pytest.mark.parametrize(("interval", "words"), [
    ((1, 1), "1 week"), ((2, 2), "2 weeks"), ((1, 2), "1 to 2 weeks"), ((2, 4), "2 to 4 weeks"),
])
def test_weeks(interval: tuple[int, int], words: str) -> None:
    assert dw.weeks(EN, *interval) == words


def test_going_up_says_the_step_per_dose_when_a_day_has_more_doses() -> None:
    t = titration(step=25)
    assert dw.going_up(EN, regimen(), t, "mg") == (
        "by 25 mg at a time, often every 1 to 2 weeks, as your prescriber advises")
    assert dw.going_up(EN, regimen(times_a_day=(2, 2)), t, "mg", NBSP) == (
        f"by 25{NBSP}mg a dose at a time, often every 1 to 2 weeks, as your prescriber "
        "advises")


@pytest.mark.parametrize(("changes", "words"), [
    ({"per_dose": (10, 75)}, "10 mg to 75 mg a day"),
    ({"per_dose": (10, 40), "times_a_day": (2, 2)},
     "20 mg to 80 mg a day (10 mg to 40 mg twice a day)"),
    ({"per_dose": (10, 10), "as_needed": True, "times_a_day": (1, 3)},
     "at most 30 mg a day (10 mg when needed, up to 3 times a day)"),
])
def test_the_usual_dose_is_daily_then_per_dose(changes: dict, words: str) -> None:
    assert dw.usual(EN, regimen(**changes), "mg") == words
    assert dw.usual(EN, regimen(**changes), "mg", NBSP) == words.replace(" mg", f"{NBSP}mg")


@pytest.mark.parametrize(("limit", "words", "label"), [
    (None, "", "Higher doses"),
    (maximum(per_day=150), "150 mg a day.", "Highest dose"),
    (maximum(per_dose=75), "75 mg in one dose.", "Highest dose"),
    (maximum(per_dose=75, per_day=150, note="Only on a specialist's advice."),
     "75 mg in one dose, 150 mg a day. Only on a specialist's advice.", "Highest dose"),
    (maximum(note="Only on a specialist's advice."), "Only on a specialist's advice.",
     "Higher doses"),
    (maximum(), "", "Higher doses"),
])
def test_the_highest_dose_is_the_datas(limit: Maximum | None, words: str, label: str) -> None:
    assert dw.highest(EN, limit, "mg") == words
    assert dw.highest(EN, limit, "mg", NBSP) == words.replace(" mg", f"{NBSP}mg")
    assert dw.highest_label(EN, limit) == label


def test_a_lowering_schedule_in_daily_doses() -> None:
    steps = (TaperStep(per_day=50, weeks=2, loc=HERE), TaperStep(per_day=25, weeks=1, loc=HERE))
    assert dw.schedule(EN, Taper(text="", schedule=steps, loc=HERE), "mg") == (
        "50 mg a day for 2 weeks, then 25 mg a day for 1 week.")
    assert dw.schedule(EN, Taper(text="Slowly.", schedule=(), loc=HERE), "mg") == ""
    assert dw.schedule(EN, None, "mg") == ""


def test_a_regimen_is_named_only_beside_another() -> None:
    one, two = regimen(name="Tablets"), regimen(name="Liquid")
    assert dw.label(dosing(one), one, "Usual dose") == "Usual dose"
    assert dw.label(dosing(one, two), two, "Usual dose") == "Liquid"


def test_plan_rows_of_a_titration_with_every_row() -> None:
    r = regimen(per_dose=(10, 40), times_a_day=(2, 2), titration=titration(), when="with food")
    taper = Taper(text="Do not stop suddenly.", loc=HERE,
                  schedule=(TaperStep(per_day=20, weeks=2, loc=HERE),))
    rows = dw.plan_rows(EN, dosing(r, maximum=maximum(per_day=150), taper=taper))
    assert rows == [
        ("Starting dose", "10 mg twice a day (20 mg a day), with food."),
        ("Going up", "By 10 mg a dose at a time, often every 1 to 2 weeks, as your "
                     "prescriber advises"),
        ("Usual dose", "20 mg to 80 mg a day (10 mg to 40 mg twice a day)"),
        ("Highest dose", "150 mg a day."),
        ("Stopping", "Do not stop suddenly."),
        ("Lowering the dose", "20 mg a day for 2 weeks."),
    ]


def test_plan_rows_of_two_regimens_name_each() -> None:
    fixed = regimen(name="Liquid", per_dose=(5, 5), times_a_day=(2, 2))
    titrated = regimen(name="Tablets", titration=titration(), per_dose=(10, 40))
    rows = dw.plan_rows(EN, dosing(fixed, titrated, taper=Taper(text="", schedule=(), loc=HERE)))
    assert rows == [
        ("Liquid", "Take 5 mg twice a day (10 mg a day)."),
        ("Tablets: Starting dose", "10 mg once a day."),
        ("Tablets: Going up", "By 10 mg at a time, often every 1 to 2 weeks, as your "
                              "prescriber advises"),
        ("Tablets: Usual dose", "10 mg to 40 mg a day"),
    ]


def test_plan_rows_without_a_number_print_no_highest_dose() -> None:
    rows = dw.plan_rows(EN, dosing(regimen(), maximum=maximum()))
    assert rows == [("Usual dose", "Take 20 mg once a day.")]
