"""A patient's own dose plan (`--patient plan.yaml`, or one row of `--batch patients.csv`):
dated steps, checked against the leaflet's dosing data.

A plan file and a CSV row give the same fields as text (`Field`: a value and where it is);
`check` turns them into a `Plan` or located problems, so both read alike. A plan may never go
above the leaflet's highest dose, climb by more than its titration step or sooner than its
shortest interval, or name a regimen the leaflet does not have; a start date in the past is a
warning. Patient details (name, prescriber) are printed, never quoted in a message: their
locations do not show the line. Schema: docs/patient-format.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from yaml.nodes import Node, ScalarNode, SequenceNode

from handout import fonts
from handout.errors import InputError, Location, Problem, did_you_mean, forget
from handout.loader import load_nodes
from handout.model import Leaflet, Regimen, Text
from handout.walker import Walker

KEYS = ("leaflet", "regimen", "start", "steps", "target", "every_weeks", "taper", "review",
        "name", "prescriber")
REQUIRED = ("leaflet", "start", "steps")
PRIVATE = ("name", "prescriber")  # printed on the page only: never quoted in a message
TITRATION = "titration"
MAX_TEXT = 60  # a name or prescriber on one line of the plan page
_STEP = re.compile(r"^(?P<dose>\d+(?:\.\d+)?)\s*(?P<unit>[a-zµ]+)?"
                   r"(?:\s+for\s+(?P<weeks>\d+)\s+weeks?|\s+from\s+(?P<date>\d{4}-\d\d-\d\d))?$")
STEP_HINT = ("write each step as 'DOSE for WEEKS weeks' or 'DOSE from YYYY-MM-DD' (e.g. "
             "'10 mg for 2 weeks', '20 mg from 2026-12-21'); the last may be just 'DOSE'")


@dataclass(frozen=True)
class Field:
    value: str
    loc: Location
    path: str  # the key or CSV column, for messages


@dataclass(frozen=True)
class Step:
    start: dt.date
    per_dose: float
    tablets: tuple[int, float] | None  # how many tablets of which strength; None: no strengths
    down: bool = False  # a taper step


@dataclass(frozen=True)
class Plan:
    leaflet_id: str
    regimen: Regimen
    unit: str
    steps: tuple[Step, ...]  # in date order: the way up (or the prescriber's steps), the taper
    review: dt.date | None
    name: str
    prescriber: str
    texts: tuple[Text, ...]  # name and prescriber, for the glyph check


def load(path: str | Path, leaflet: Leaflet, today: dt.date) -> tuple[Plan, list[Problem]]:
    """A plan file checked against `leaflet`: the plan and its warnings, or InputError. No
    message quotes a line of the file: any line may hold a name (a misspelt `nmae:`, a quote
    left open on the name's line), so each says only where, what and what to do."""
    try:
        found, warnings = _load(path, leaflet, today)
    except InputError as err:
        raise InputError([_unquoted(p) for p in err.problems]) from None
    finally:
        forget(path)  # the loader kept the text to place messages; none quotes it
    return found, [_unquoted(p) for p in warnings]


def _unquoted(problem: Problem) -> Problem:
    return replace(problem, loc=replace(problem.loc, quote=False)) if problem.loc else problem


def _load(path: str | Path, leaflet: Leaflet, today: dt.date) -> tuple[Plan, list[Problem]]:
    root = load_nodes(path)
    walker = Walker(str(path))
    fields: dict[str, list[Field]] = {}
    if not walker.unsafe_tags(root, ""):
        found = walker.mapping(root, "", REQUIRED, tuple(k for k in KEYS if k not in REQUIRED))
        for key, node in (found or {}).items():
            fields[key] = _scalars(walker, key, node)
    if walker.problems:
        raise InputError(walker.problems)
    return checked(fields, leaflet, today)


def _scalars(walker: Walker, key: str, node: Node) -> list[Field]:
    """A key's value as text fields: one, or one per item of a list (steps, taper)."""
    items = node.value if isinstance(node, SequenceNode) and key in ("steps", "taper") else [node]
    out = []
    for i, item in enumerate(items):
        path = f"{key}[{i}]" if item is not node else key
        loc = walker.loc(item)
        if key in PRIVATE:
            loc = replace(loc, quote=False)
        if not isinstance(item, ScalarNode):
            walker.problems.append(Problem(loc, "expected one value", path=path,
                                           hint="write the value on the key's line"))
            continue
        out.append(Field(str(item.value).strip(), loc, path))
    return out


def checked(fields: dict[str, list[Field]], leaflet: Leaflet,
            today: dt.date) -> tuple[Plan, list[Problem]]:
    """The plan the fields give, and its warnings; InputError with every error."""
    plan, problems = check(fields, leaflet, today)
    errors = [p for p in problems if p.severity == "error"]
    if errors or plan is None:
        raise InputError(errors)
    return plan, problems


def check(fields: dict[str, list[Field]], leaflet: Leaflet,
          today: dt.date) -> tuple[Plan | None, list[Problem]]:
    """Every problem of a plan at once (errors and warnings); the plan if it has no error."""
    problems: list[Problem] = []

    def error(f: Field, message: str, hint: str = "", severity: str = "error") -> None:
        problems.append(Problem(f.loc, message, hint=hint, path=f.path, severity=severity))

    for key in REQUIRED:  # a file's missing keys are the walker's; here: empty values
        given = fields.get(key, [])
        if given and not any(f.value for f in given):
            error(given[0], "is empty", hint=f"write the {key.replace('_', ' ')}")
        elif not given:
            problems.append(Problem(None, f"no '{key}'", hint=f"give the {key}", path=key))
    fields = {key: [f for f in given if f.value] for key, given in fields.items()}
    fields = {key: given for key, given in fields.items() if given}

    def one(key: str) -> Field | None:
        return fields[key][0] if fields.get(key) else None

    dosing = leaflet.dosing
    if (f := one("leaflet")) and f.value != leaflet.meta.id:
        error(f, f"the plan is for the leaflet '{f.value}', not '{leaflet.meta.id}'",
              hint="build the plan with the content it was written for")
    regimen = _regimen(leaflet, one("regimen") or one("leaflet"), "regimen" in fields, error)
    start = _date(one("start"), error)
    review = _date(one("review"), error)
    if start and start < today:
        error(one("start"), f"the start date {start.isoformat()} is in the past",
              hint="check the date; the plan prints it as given", severity="warning")
    if start and review and review < start:
        error(one("review"), "the review date is before the start date",
              hint="write the date of the next review, after the start")
    target = _number(one("target"), error)
    every = _number(one("every_weeks"), error, whole=True)
    texts = []
    for key in PRIVATE:
        if f := one(key):
            if len(f.value) > MAX_TEXT:
                error(f, f"is longer than {MAX_TEXT} characters",
                      hint="write initials or a short name")
            texts.append(Text(f.value, f.loc, f.path))
    problems += [replace(p, loc=replace(p.loc, quote=False)) if p.loc else p
                 for p in fonts.check_glyphs(texts)]
    if regimen is None or start is None or any(p.severity == "error" for p in problems):
        return None, problems

    steps_in = fields.get("steps", [])
    if len(steps_in) == 1 and steps_in[0].value == TITRATION:
        steps = _titration(regimen, start, steps_in[0], target, every, error)
    else:
        steps = _written(steps_in, start, dosing.unit, error)
        if target is not None:
            error(one("target"), "a target is for 'steps: titration' only",
                  hint="the prescriber's own steps end where they end: remove 'target'")
    taper = fields.get("taper", [])
    if taper and steps and steps[-1][2] is None:
        error(taper[0], "the taper starts after the last step, which has no length",
              hint="give the last step a length ('30 mg for 4 weeks')")
    elif taper and steps:
        after = steps[-1][0] + dt.timedelta(weeks=steps[-1][2])
        steps += [(d, dose, w, f, True) for d, dose, w, f, _ in
                  _written(taper, after, dosing.unit, error)]
    _against_leaflet(leaflet, regimen, steps, error)
    if any(p.severity == "error" for p in problems):
        return None, problems
    made = tuple(Step(date, dose, tablets(regimen, dose), down)
                 for date, dose, _, _, down in steps)
    name, prescriber = (one(k).value if one(k) else "" for k in PRIVATE)
    return Plan(leaflet.meta.id, regimen, dosing.unit, made, review, name, prescriber,
                tuple(texts)), problems


def tablets(regimen: Regimen, dose: float) -> tuple[int, float] | None:
    """How many tablets of one strength make the dose: the largest strength that divides it
    exactly (fewest tablets); None when the regimen lists no strengths."""
    for strength in sorted(regimen.strengths, reverse=True):
        count = dose / strength
        if abs(count - round(count)) < 1e-9 and round(count) >= 1:
            return round(count), strength
    return None


# -- the parts ------------------------------------------------------------------------------
Error = Callable[..., None]  # `check`'s error(field, message, hint="", severity="error")
Raw = tuple[dt.date, float, int | None, Field, bool]  # start, dose, weeks, where, down


def _regimen(leaflet: Leaflet, f: Field | None, given: bool, error: Error) -> Regimen | None:
    """The regimen named (by name or form); without a name, the leaflet's only one."""
    regimens = leaflet.dosing.regimens
    labels = [r.label for r in regimens]
    if not given and len(regimens) == 1:
        return regimens[0]
    if f is None or not given:
        if f is not None:
            error(f, "the leaflet has several regimens: name one in 'regimen'",
                  hint=f"write one of: {', '.join(labels)}")
        return None
    for regimen in regimens:
        if f.value.casefold() in (regimen.name.casefold(), regimen.form.casefold(),
                                  regimen.label.casefold()):
            return regimen
    error(f, f"the leaflet has no regimen '{f.value}'",
          hint=did_you_mean(f.value, labels) or f"write one of: {', '.join(labels)}")
    return None


def _date(f: Field | None, error: Error) -> dt.date | None:
    if f is None:
        return None
    try:
        return dt.date.fromisoformat(f.value)
    except ValueError:
        error(f, f"'{f.value}' is not a date", hint="write the date as YYYY-MM-DD")
        return None


def _number(f: Field | None, error: Error, whole: bool = False) -> float | None:
    if f is None or f.value == "":
        return None
    try:
        value = int(f.value) if whole else float(f.value)
    except ValueError:
        error(f, f"'{f.value}' is not a {'whole ' if whole else ''}number",
              hint="write digits only, without units")
        return None
    if not 0 < value < 10_000:
        error(f, f"{f.value} is out of range", hint="write a positive number")
        return None
    return value


def _titration(regimen: Regimen, start: dt.date, where: Field, target: float | None,
               every: float | None, error: Error) -> list[Raw]:
    """The leaflet's own steps from `start`, every `every` weeks (default: its longest
    interval, the gentler end), up to `target` (default: the top of its titration)."""
    t = regimen.titration
    if t is None:
        error(where, f"the regimen '{regimen.label}' has no titration",
              hint="write the prescriber's steps ('10 mg for 2 weeks', ...)")
        return []
    weeks = int(every) if every is not None else t.interval_weeks[1]
    doses = [d for d in t.doses() if target is None or d <= target + 1e-9]
    if target is not None and (not doses or abs(doses[-1] - target) > 1e-9):
        error(where, f"the titration from {t.start:g} by {t.step:g} never reaches {target:g}",
              hint=f"choose one of its steps: {', '.join(f'{d:g}' for d in t.doses())}")
    return [(start + dt.timedelta(weeks=weeks * i), dose, weeks, where, False)
            for i, dose in enumerate(doses)]


def _written(items: list[Field], start: dt.date, unit: str, error: Error) -> list[Raw]:
    """Steps as written: each starts on its own date, or when the one before it ends."""
    out: list[Raw] = []
    when: dt.date | None = start
    for f in items:
        match = _STEP.match(" ".join(f.value.split()))
        if not match or (match["unit"] and match["unit"] != unit):
            error(f, f"'{f.value}' is not a step", hint=STEP_HINT)
            return []
        dose = float(match["dose"])
        weeks = int(match["weeks"]) if match["weeks"] else None
        if match["date"]:
            try:
                when = dt.date.fromisoformat(match["date"])
            except ValueError:
                error(f, f"'{match['date']}' is not a date", hint="write YYYY-MM-DD")
                return []
        if when is None:
            error(f, "this step has no start: the step before it has no length",
                  hint="give the step before a length ('for 2 weeks') or this one a date")
            return []
        if out and when <= out[-1][0]:
            error(f, "this step starts on or before the step before it",
                  hint="write the steps in date order")
            return []
        out.append((when, dose, weeks, f, False))
        when = when + dt.timedelta(weeks=weeks) if weeks is not None else None
    return out


def _against_leaflet(leaflet: Leaflet, regimen: Regimen, steps: list[Raw],
                     error: Error) -> None:
    """No dose above the leaflet's highest; no climb bigger or sooner than its titration."""
    unit = leaflet.dosing.unit
    top, why = _top(leaflet, regimen)
    t = regimen.titration
    for i, (when, dose, _, f, down) in enumerate(steps):
        if top is not None and dose > top + 1e-9:
            error(f, f"{dose:g} {unit} a dose is above the leaflet's {why} ({top:g} {unit})",
                  hint="check the dose against the leaflet's dosing")
        if i == 0 and t is not None and dose > t.start + 1e-9 and not down:
            error(f, f"the plan starts at {dose:g} {unit}, above the leaflet's starting dose "
                  f"({t.start:g} {unit})", hint="start at the titration's first step")
        if i == 0:
            continue
        before_when, before = steps[i - 1][0], steps[i - 1][1]
        if down and dose >= before:
            error(f, "a taper step must lower the dose", hint="write a lower dose, or remove it")
        if dose <= before or t is None:
            continue
        if dose - before > t.step + 1e-9:
            error(f, f"the dose goes up by {dose - before:g} {unit}; the leaflet's steps are "
                  f"at most {t.step:g} {unit}", hint="add the steps in between")
        gap = (when - before_when).days
        if gap < t.interval_weeks[0] * 7:
            error(f, f"the dose goes up {gap} days after the step before; the leaflet waits at "
                  f"least {t.interval_weeks[0]} week{'s' * (t.interval_weeks[0] != 1)}",
                  hint="move this step later")


def _top(leaflet: Leaflet, regimen: Regimen) -> tuple[float | None, str]:
    """The highest dose a plan may give, and what it is called."""
    m = leaflet.dosing.maximum
    if m is not None and m.per_dose is not None:
        return m.per_dose, "highest dose"
    if m is not None and m.per_day is not None:
        return m.per_day / regimen.times_a_day[1], "highest daily dose"
    if regimen.per_dose is not None:
        return regimen.per_dose[1], "usual top dose"
    return None, ""
