"""`check_dose` without a PDF or a file: the amounts the dosing data gives, each dose the prose
names compared with them (per dose, a day, how often, other units), and the plan checked
against itself; every message and hint exactly, since they tell an author what to fix.
`.ci/mutation check_dose` scores these (with tests/data/check/dose*.yaml through --check)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from conftest import DATA

from handout import check_dose as cd
from handout import pipeline
from handout.errors import Location
from handout.model import Dosing, Leaflet, Maximum, Regimen, Taper, TaperStep, Text, Titration

HERE = Location("nowhere.yaml", 1, 1)  # no file: findings keep this location
PATH = "sections.overview.blocks[0].text"


@cache
def minimal() -> Leaflet:
    return pipeline.load(DATA / "minimal.yaml")


def regimen(**changes: object) -> Regimen:
    base = Regimen(name="", form="tablets", verb="take", strengths=(), per_dose=(20, 20),
                   amount="", times_a_day=(2, 2), as_needed=False, hours_between=0, when="",
                   titration=None, loc=HERE)
    return replace(base, **changes)


def titration(**changes: object) -> Titration:
    return replace(Titration(start=10, step=10, interval_weeks=(1, 2), up_to=30, loc=HERE),
                   **changes)


def dosing(*regimens: Regimen, maximum: Maximum | None = None, taper: Taper | None = None,
           unit: str = "mg") -> Dosing:
    return Dosing(unit=unit, regimens=regimens or (regimen(),), maximum=maximum, taper=taper,
                  cite=(), loc=HERE)


def most(per_dose: float | None = None, per_day: float | None = None) -> Maximum:
    return Maximum(per_dose=per_dose, per_day=per_day, note="", loc=HERE)


def taper(*per_day: float) -> Taper:
    return Taper(text="", loc=HERE,
                 schedule=tuple(TaperStep(per_day=d, weeks=1, loc=HERE) for d in per_day))


def findings(sentence: str, data: Dosing | None = None) -> list[tuple[str, str]]:
    """(message, hint) of each finding for one sentence of prose in the overview."""
    text = Text(sentence, HERE, PATH, "overview")
    leaflet = replace(minimal(), dosing=data or dosing(), texts=(text,))
    found = cd.check(leaflet)
    for problem in found:
        assert (problem.path, problem.section, problem.loc) == (PATH, "overview", HERE)
        assert problem.severity == "error"
    return [(p.message, p.hint) for p in found]


# -- what the data gives ----------------------------------------------------------------------
def test_amounts_per_dose_daily_and_named() -> None:
    data = dosing(
        regimen(per_dose=(10, 30), times_a_day=(1, 2), strengths=(10, 25),
                titration=titration(start=5, step=10, up_to=30)),
        regimen(per_dose=(50, 50), times_a_day=(3, 3), as_needed=True),
        maximum=most(per_dose=60, per_day=200), taper=taper(40, 20))
    given = cd.amounts(data)
    assert given.per_dose == {0: {10, 30, 5, 15, 25}, 1: {50}}
    assert given.named == {10, 25, 60}  # the step, the strengths, the maximum per dose
    assert given.daily == {5, 10, 15, 25, 30, 20, 50, 60, 100, 150, 200, 40}
    assert given.one_dose == {5, 10, 15, 25, 30, 50, 60}
    assert given.any == given.one_dose | given.daily


def test_an_as_needed_regimen_gives_one_dose_a_day_upwards() -> None:
    """When needed: one dose is already a day's total (no other regimen gives 50 here)."""
    given = cd.amounts(dosing(regimen(per_dose=(50, 50), times_a_day=(3, 3), as_needed=True)))
    assert given.daily == {50, 100, 150}


def test_fractional_doses_keep_their_decimals() -> None:
    half = dosing(regimen(per_dose=(2.5, 2.5), times_a_day=(1, 1)))
    assert cd.amounts(half).daily == {2.5}
    assert findings("Take 2.5 mg a day.", half) == []
    assert findings("Take 2.5 mg.", half) == []
    assert [m for m, _ in findings("Take 3 mg.", half)] == [
        "'3 mg' names a dose of 3 mg, which the dosing data does not allow"]


def test_amounts_without_a_maximum_or_a_taper() -> None:
    given = cd.amounts(dosing(regimen(per_dose=None, amount="a thin layer")))
    assert given == cd.Amounts({0: frozenset()}, frozenset(), frozenset())


# -- the prose against the data ---------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "Take 20 mg twice a day.", "Take 20 mg twice daily.", "That is 40 mg a day.",
    "40 mg daily", "40 mg per day", "40 mg in 24 hours", "20 mg a dose", "20 mg at a time",
    "20 mg at once", "20 mg", "40 mg", "0.04 g a day", "20000 micrograms", "20,000 mcg",
    "20 or 40 mg", "20 and 40 mg", "20-40 mg", "20 to 40 mg", "a dose of 20mg",
    "20 MG twice a day", "v.30 mg", "a30 mg", "30 mgs", "twice 3 times",
])
def test_prose_that_agrees_with_the_data(sentence: str) -> None:
    assert findings(sentence) == []


def test_a_dose_written_as_a_daily_total() -> None:
    assert findings("Take 20 mg a day.") == [(
        "'20 mg a day' prints a dose as a daily total: in the dosing data 20 mg is one dose "
        "(Tablets: 20 mg twice a day, which is 40 mg a day)",
        "write the daily total the data derives (40 mg a day), or say how often: '20 mg "
        "twice a day'")]
    three = dosing(regimen(name="Liquid", times_a_day=(2, 3)))
    assert findings("20 mg  each\nday", three) == [(
        "'20 mg each day' prints a dose as a daily total: in the dosing data 20 mg is one "
        "dose (Liquid: 20 mg 2 to 3 times a day, which is 60 mg a day)",
        "write the daily total the data derives (60 mg a day), or say how often: '20 mg 2 to "
        "3 times a day'")]


def test_a_daily_total_the_data_does_not_give() -> None:
    assert findings("Up to 50 mg a day.") == [(
        "'50 mg a day' names a daily total of 50 mg, which the dosing data does not give",
        "the daily totals the data gives are 40 mg; fix the number, or the 'dosing' data if "
        "the plan really includes it")]


def test_a_frequency_no_regimen_has() -> None:
    assert findings("Take 20 mg 3 times a day.") == [(
        "'20 mg 3 times a day': no regimen in the dosing data takes 20 mg 3 times a day",
        "the regimens are: Tablets: 20 mg twice a day (40 mg a day); fix the number or the "
        "frequency, or the 'dosing' data if the plan really includes it")]
    assert findings("Take 40 mg twice a day.") != []  # a daily total taken twice
    assert findings("Take 20 mg once a day.") != []
    as_needed = dosing(regimen(as_needed=True, times_a_day=(3, 3)))
    assert findings("Take 20 mg once a day.", as_needed) == []  # when needed: 1 to 3
    assert findings("Take 20 mg four times a day.", as_needed) != []
    assert findings("Take 20 mg two times a day.") == []
    two = dosing(regimen(name="Tablets"),
                 regimen(name="Liquid", per_dose=(5, 5), times_a_day=(1, 1)))
    assert [h for _, h in findings("Take 20 mg 3 times a day.", two)] == [
        "the regimens are: Tablets: 20 mg twice a day (40 mg a day); Liquid: 5 mg once a day; "
        "fix the number or the frequency, or the 'dosing' data if the plan really includes it"]


def test_an_amount_the_data_does_not_name() -> None:
    assert findings("Never take 1000 mg.") == [(
        "'1000 mg' names a dose of 1000 mg, which the dosing data does not allow",
        "the dosing data gives 20 and 40 mg; fix the number, or the 'dosing' data if the "
        "plan really includes it")]
    assert findings("40 mg a dose") == [(
        "'40 mg' names a dose of 40 mg, which the dosing data does not allow",
        "the dosing data gives 20 and 40 mg; fix the number, or the 'dosing' data if the "
        "plan really includes it")]
    assert [m for m, _ in findings("1 g")] == [
        "'1 g' names a dose of 1000 mg, which the dosing data does not allow"]
    assert [m for m, _ in findings("10,500 mg")] == [
        "'10,500 mg' names a dose of 10500 mg, which the dosing data does not allow"]


def test_each_number_of_a_list_is_checked() -> None:
    found = [m for m, _ in findings("20, 30 or 50 mg")]
    assert found == ["'20, 30 or 50 mg' names a dose of 30 mg, which the dosing data does "
                     "not allow",
                     "'20, 30 or 50 mg' names a dose of 50 mg, which the dosing data does "
                     "not allow"]


def test_the_allowed_amounts_are_listed_sorted_and_cut_short() -> None:
    assert cd._listed(frozenset({40.0}), "mg") == "40 mg"
    assert cd._listed(frozenset({40.0, 2.5, 10.0}), "mg") == "2.5, 10 and 40 mg"
    many = frozenset(float(v) for v in range(1, 15))
    assert cd._listed(many, "mg") == "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 12, ... mg"
    twelve = frozenset(float(v) for v in range(1, 13))
    assert cd._listed(twelve, "mg") == "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 12 mg"


def test_without_a_unit_or_with_bad_data_the_prose_is_not_compared() -> None:
    assert findings("Never take 1000 mg.", dosing(unit="")) == []
    bad = dosing(regimen(per_dose=(20, 20)), maximum=most(per_dose=10))
    text = Text("Never take 1000 mg.", HERE, PATH, "overview")
    found = cd.check(replace(minimal(), dosing=bad, texts=(text,)))
    assert [p.message for p in found] == [
        "the usual dose goes up to 20 mg a dose, above the maximum (10 mg a dose)"]


def test_another_unit_is_read_as_written() -> None:
    drops = dosing(regimen(per_dose=(2, 2), times_a_day=(1, 1)), unit="drops")
    assert findings("Use 2 drops.", drops) == []
    assert [m for m, _ in findings("Use 3 Drops.", drops)] == [
        "'3 Drops' names a dose of 3 drops, which the dosing data does not allow"]


# -- the data against itself ------------------------------------------------------------------
def problems(data: Dosing) -> list[tuple[str, str, str]]:
    found = cd.data_problems(data)
    assert all(p.section == "dosing_and_tapering" and p.severity == "error" for p in found)
    return [(p.path, p.message, p.hint) for p in found]


RAISE = "or raise dosing.maximum if a source says so"


def test_a_consistent_plan_has_no_problems() -> None:
    plan = dosing(regimen(per_dose=(10, 30), times_a_day=(1, 1), titration=titration()),
                  maximum=most(per_dose=30, per_day=30), taper=taper(30, 20, 10))
    assert problems(plan) == []
    assert problems(dosing(regimen(per_dose=None, amount="a little"))) == []


def test_when_must_not_say_how_often() -> None:
    assert problems(dosing(regimen(when="twice daily with food"))) == [(
        "dosing.regimens[0].when",
        "'when' says how often ('twice daily'), which times_a_day already says "
        "(twice a day)",
        "write only the time of day or how to take it, e.g. '1 to 2 hours before bed'; the "
        "frequency is printed from times_a_day")]
    assert problems(dosing(regimen(when="1 to 2 hours before bed"))) == []


def test_usual_doses_above_the_maximum() -> None:
    assert problems(dosing(regimen(per_dose=(10, 40)), maximum=most(per_dose=30,
                                                                    per_day=60))) == [
        ("dosing.regimens[0].per_dose",
         "the usual dose goes up to 40 mg a dose, above the maximum (30 mg a dose)",
         f"lower per_dose to at most 30, {RAISE}"),
        ("dosing.regimens[0].per_dose",
         "the usual dose goes up to 80 mg a day (40 mg twice a day), above the maximum "
         "(60 mg a day)", f"check per_dose and times_a_day, {RAISE}")]
    once = regimen(per_dose=(10, 40), times_a_day=(1, 1))
    assert problems(dosing(once, maximum=most(per_day=30)))[0][1] == (
        "the usual dose goes up to 40 mg a day, above the maximum (30 mg a day)")
    at_the_limit = dosing(regimen(per_dose=(10, 30)), maximum=most(per_dose=30, per_day=60))
    assert problems(at_the_limit) == []


def test_a_titration_that_starts_high_or_goes_down() -> None:
    r = regimen(per_dose=(10, 30), titration=titration(start=20, up_to=15))
    assert problems(dosing(r)) == [
        ("dosing.regimens[0].titration.start",
         "the starting dose (20 mg) is above the usual range, which starts at 10 mg",
         "start at or below the lowest per_dose"),
        ("dosing.regimens[0].titration.up_to",
         "the titration goes up to 15 mg, below its starting dose (20 mg)",
         "up_to is the highest step: write it above start")]
    assert problems(dosing(regimen(per_dose=(10, 30), titration=titration(start=10,
                                                                           up_to=10)))) == []


def test_a_regimen_without_a_titration_does_not_end_the_checks() -> None:
    plain = regimen(per_dose=(10, 30))
    late = regimen(per_dose=(10, 30), titration=titration(start=20))
    assert [path for path, _, _ in problems(dosing(plain, late))] == [
        "dosing.regimens[1].titration.start"]


def test_a_titration_past_the_maximum() -> None:
    r = regimen(per_dose=(10, 20), titration=titration(up_to=40))
    assert problems(dosing(r, maximum=most(per_dose=30, per_day=60))) == [
        ("dosing.regimens[0].titration.up_to",
         "the titration goes up to 40 mg a dose, past the maximum (30 mg a dose)",
         f"stop the titration at 30 mg or below, {RAISE}"),
        ("dosing.regimens[0].titration.up_to",
         "the titration goes up to 80 mg a day (40 mg twice a day), past the maximum "
         "(60 mg a day)", f"stop the titration at 30 mg a dose or below, {RAISE}")]
    at_the_limit = regimen(per_dose=(10, 30), titration=titration(up_to=30))
    assert problems(dosing(at_the_limit, maximum=most(per_dose=30, per_day=60))) == []


def test_a_maximum_per_dose_above_the_maximum_per_day() -> None:
    r = regimen(per_dose=(10, 10), times_a_day=(1, 1))
    assert problems(dosing(r, maximum=most(per_dose=50, per_day=40))) == [(
        "dosing.maximum.per_dose",
        "the maximum per dose (50 mg) is above the maximum per day (40 mg)",
        "one dose cannot be more than a day's")]
    assert problems(dosing(r, maximum=most(per_dose=40, per_day=40))) == []


def test_a_taper_goes_down_and_starts_within_the_maximum() -> None:
    r = regimen(per_dose=(10, 10), times_a_day=(1, 1))
    assert problems(dosing(r, maximum=most(per_day=40), taper=taper(50, 20, 20, 30))) == [
        ("dosing.taper.schedule[0]", "the taper step 50 mg a day is above the maximum (40 mg "
                                     "a day)", "a taper starts at or below the maximum"),
        ("dosing.taper.schedule[2]", "the taper does not go down: 20 mg follows 20 mg",
         "list the taper's daily doses from the highest to the lowest"),
        ("dosing.taper.schedule[3]", "the taper does not go down: 30 mg follows 20 mg",
         "list the taper's daily doses from the highest to the lowest")]
    assert problems(dosing(r, maximum=most(per_day=40), taper=taper(40, 20))) == []


def test_doses_in_a_day_are_named_only_when_a_day_has_more() -> None:
    assert cd._as_doses(regimen(times_a_day=(1, 1)), 20, "mg") == ""
    assert cd._as_doses(regimen(times_a_day=(1, 3)), 20, "mg") == " (20 mg 3 times a day)"


def test_each_problem_points_at_its_own_key(tmp_path: Path) -> None:
    """An author is sent to the line of the key to change (each record in its own file
    here, each key below the record's first line, where a key that is not found lands)."""
    files = {"regimen": "name: Tablets\nwhen: twice daily\nper_dose: [10, 40]\n",
             "titration": "step: 10\nstart: 20\nup_to: 15\n",
             "maximum": "note: x\nper_day: 5\nper_dose: 30\n"}
    loc = {}
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
        loc[name] = Location(str(tmp_path / f"{name}.yaml"), 1, 1)

    def lines(r: Regimen, limit: Maximum | None = None) -> list[tuple[str, str, int]]:
        found = cd.data_problems(dosing(r, maximum=limit))
        return [(p.path.rsplit(".", 1)[-1], Path(p.loc.file).stem, p.loc.line) for p in found
                if p.loc]

    r = regimen(per_dose=(10, 40), when="twice daily", loc=loc["regimen"],
                titration=titration(start=20, up_to=15, loc=loc["titration"]))
    limit = replace(most(per_dose=30, per_day=5), loc=loc["maximum"])
    assert lines(r, limit) == [
        ("when", "regimen", 2), ("per_dose", "regimen", 3), ("per_dose", "regimen", 3),
        ("start", "titration", 2), ("up_to", "titration", 3), ("up_to", "titration", 3),
        ("per_dose", "maximum", 3)]
    # a titration that runs to the top of the usual range: the range is what to change
    to_the_top = replace(r, when="", titration=titration(up_to=40, loc=loc["titration"]))
    assert lines(to_the_top, replace(most(per_dose=30), loc=loc["maximum"])) == [
        ("per_dose", "regimen", 3), ("up_to", "regimen", 3)]


def test_a_finding_points_at_its_dose_in_the_file(tmp_path: Path) -> None:
    """The line and column of the number, well inside its text, for each kind of finding."""
    source = tmp_path / "leaflet.yaml"
    source.write_text("text: Most people who start take 20 mg 3 times a day.\n"
                      "more: On bad days some take 20 mg a day.\n", encoding="utf-8")
    texts = (Text("Most people who start take 20 mg 3 times a day.",
                  Location(str(source), 1, 7), PATH, "overview"),
             Text("On bad days some take 20 mg a day.", Location(str(source), 2, 7), PATH,
                  "overview"))
    found = cd.check(replace(minimal(), dosing=dosing(), texts=texts))
    assert [(p.loc.line, p.loc.column) for p in found] == [(1, 34), (2, 29)]
