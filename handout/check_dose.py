"""Dose sanity: the `dosing` data agrees with itself, and every dose the prose names is one
that data gives, under the right unit of time.

Each regimen gives amounts per dose (its `per_dose` range, its titration steps, its
strengths) and, derived from them, daily totals (per dose times `times_a_day`). A dose in the
prose is read with the words after it:

    "40 mg a day", "40 mg daily"      a daily total: must be one the data derives
    "20 mg twice a day", "... daily"  20 mg per dose, twice a day: a regimen must say so
    "20 mg a dose", "10 mg at a time" an amount per dose
    "10 mg"                           any amount the data names

So "20 mg a day" for a regimen of 20 mg twice a day is an error at its line: a per-dose figure
printed as a daily one. Anything else, such as a mistyped "1000 mg", is an error too: a leaflet
must never print a dose its own plan does not contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handout import dose_words, strings
from handout.check_text import Span, at, key_location, prose
from handout.errors import Location, Problem
from handout.model import Dosing, Leaflet, Regimen

# The checks' messages are for the author, in English, whatever the leaflet's language.
ENGLISH = strings.table("en")

# How many of the dosing unit one of each written unit is worth.
_UNITS = {"mg": {"mg": 1.0, "milligram": 1.0, "milligrams": 1.0, "g": 1000.0, "gram": 1000.0,
                 "grams": 1000.0, "mcg": 0.001, "µg": 0.001, "microgram": 0.001,
                 "micrograms": 0.001}}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_N = rf"(?:{_NUMBER})"
# "10, 25 or 50 mg", "10 and 75 mg", "10-75 mg", "10 to 75 mg", "10 mg" (a lone comma joins
# nothing: in "week 1, 10 mg" the 1 is no dose)
_AMOUNTS = (rf"{_N}(?:\s*,\s*{_N})*,?\s+(?:or|and)\s+{_N}"
            rf"|{_N}\s*(?:-|\u2013|\u2014|\bto\b)\s*{_N}|{_N}")
_COUNTS = {"once": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DAY = r"(?:a|per|each|every)\s+day\b"
_FREQUENCY = re.compile(
    rf"\s*(?P<count>once|twice|(?:\d+|two|three|four|five|six)\s+times)\s+(?:{_DAY}|daily\b)",
    re.IGNORECASE)
_DAILY = re.compile(rf"\s*(?:{_DAY}|daily\b|in\s+(?:any\s+|one\s+)?24\s+hours\b)", re.IGNORECASE)
_PER_DOSE = re.compile(r"\s*(?:(?:a|per|each)\s+dose\b|at\s+a\s+time\b|at\s+once\b)",
                       re.IGNORECASE)
# A frequency written in a regimen's `when` would be printed twice, or contradict the data.
_HOW_OFTEN = re.compile(rf"\b(?:once|twice|(?:\d+|two|three|four|five|six)\s+times)\s+"
                        rf"(?:{_DAY}|daily\b)|\bdaily\b", re.IGNORECASE)
_EPSILON = 1e-9
_SHOWN = 12  # amounts listed in a hint before "..."


@dataclass(frozen=True)
class Amounts:
    """What the data gives: amounts per dose for each regimen, and the daily totals."""

    per_dose: dict[int, frozenset[float]]  # regimen index -> amounts of one dose
    daily: frozenset[float]
    named: frozenset[float]  # strengths, titration steps, the maximum per dose

    @property
    def one_dose(self) -> frozenset[float]:
        return self.named.union(*self.per_dose.values())

    @property
    def any(self) -> frozenset[float]:
        return self.one_dose | self.daily


def amounts(dosing: Dosing) -> Amounts:
    per_dose: dict[int, frozenset[float]] = {}
    daily: set[float] = set()
    named: set[float] = set()
    for i, regimen in enumerate(dosing.regimens):
        doses = set(regimen.per_dose or ())
        if regimen.titration:
            doses |= set(regimen.titration.doses())
            named.add(regimen.titration.step)
        per_dose[i] = frozenset(doses)
        low = 1 if regimen.as_needed else regimen.times_a_day[0]
        daily |= {round(d * t, 6) for d in doses for t in range(low, regimen.times_a_day[1] + 1)}
        named |= set(regimen.strengths)
    if dosing.maximum:
        named |= {x for x in (dosing.maximum.per_dose,) if x}
        daily |= {x for x in (dosing.maximum.per_day,) if x}
    if dosing.taper:
        daily |= {s.per_day for s in dosing.taper.schedule}
    return Amounts(per_dose, frozenset(daily), frozenset(named))


def check(leaflet: Leaflet) -> list[Problem]:
    dosing = leaflet.dosing
    problems = data_problems(dosing)
    if problems or not dosing.unit:
        return problems  # prose cannot be compared with data that contradicts itself
    given = amounts(dosing)
    pattern = _dose_pattern(dosing.unit)
    factors = _UNITS.get(dosing.unit.lower(), {dosing.unit.lower(): 1.0})
    for text in prose(leaflet):
        for match in pattern.finditer(text.value):
            factor = factors[match.group("unit").lower()]
            after = text.value[match.end():]
            for number in re.finditer(_NUMBER, match.group("numbers")):
                amount = round(float(number.group().replace(",", "")) * factor, 6)
                start = match.start("numbers") + number.start()
                problem = _compare(dosing, given, amount, after,
                                   Span(text, start, match.end()), match.group())
                if problem:
                    problems.append(problem)
    return problems


def _dose_pattern(unit: str) -> re.Pattern[str]:
    names = sorted(_UNITS.get(unit.lower(), {unit.lower(): 1.0}), key=len, reverse=True)
    return re.compile(
        rf"(?<![\w.,])(?P<numbers>{_AMOUNTS})\s*"
        rf"(?P<unit>{'|'.join(re.escape(n) for n in names)})(?![\w])", re.IGNORECASE)


def _near(amount: float, values: frozenset[float]) -> bool:
    return any(abs(amount - v) < _EPSILON for v in values)


def _compare(dosing: Dosing, given: Amounts, amount: float, after: str, span: Span,
             written: str) -> Problem | None:
    u, shown = dosing.unit, " ".join(written.split())
    frequency = _FREQUENCY.match(after)
    if frequency:
        word = frequency.group("count").lower().split()[0]
        count = _COUNTS.get(word) or int(word)
        fits = [r for i, r in enumerate(dosing.regimens) if _takes(r, count)
                and _near(amount, given.per_dose[i])]
        if fits:
            return None
        phrase = f"{shown}{frequency.group(0)}"
        return at(Span(span.text, span.start, span.end + frequency.end()),
                  f"'{' '.join(phrase.split())}': no regimen in the dosing data takes "
                  f"{amount:g} {u} {' '.join(frequency.group(0).split())}",
                  hint=f"the regimens are: {_regimens(dosing)}; fix the number or the "
                       "frequency, or the 'dosing' data if the plan really includes it")
    daily = _DAILY.match(after)
    if daily:
        if _near(amount, given.daily):
            return None
        phrase = " ".join(f"{shown}{daily.group(0)}".split())
        dose_of = [r for i, r in enumerate(dosing.regimens) if _near(amount, given.per_dose[i])]
        if dose_of:
            r = dose_of[0]
            total = f"{amount * r.times_a_day[1]:g} {u} a day"
            return at(span, f"'{phrase}' prints a dose as a daily total: in the dosing "
                            f"data {amount:g} {u} is one dose ({r.label}: {amount:g} {u} "
                            f"{dose_words.frequency(ENGLISH, r)}, which is {total})",
                      hint=f"write the daily total the data derives ({total}), or say how "
                           f"often: '{amount:g} {u} {dose_words.frequency(ENGLISH, r)}'")
        return at(span, f"'{phrase}' names a daily total of {amount:g} {u}, which the dosing "
                        "data does not give",
                  hint=f"the daily totals the data gives are {_listed(given.daily, u)}; fix "
                       "the number, or the 'dosing' data if the plan really includes it")
    if _near(amount, given.one_dose if _PER_DOSE.match(after) else given.any):
        return None
    return at(span, f"'{shown}' names a dose of {amount:g} {u}, which the dosing data does "
                    "not allow",
              hint=f"the dosing data gives {_listed(given.any, u)}; fix the number, or the "
                   "'dosing' data if the plan really includes it")


def _takes(regimen: Regimen, count: int) -> bool:
    low, high = regimen.times_a_day
    return (1 if regimen.as_needed else low) <= count <= high


def _listed(values: frozenset[float], unit: str) -> str:
    ordered = [f"{v:g}" for v in sorted(values)]
    more = ", ..." if len(ordered) > _SHOWN else ""
    ordered = ordered[:_SHOWN]
    if len(ordered) == 1:
        return f"{ordered[0]} {unit}{more}"
    return f"{', '.join(ordered[:-1])} and {ordered[-1]}{more} {unit}"


def _regimens(dosing: Dosing) -> str:
    return "; ".join(f"{r.label}: {dose_words.dose(ENGLISH, r, dosing.unit)}"
                     for r in dosing.regimens)


def data_problems(dosing: Dosing) -> list[Problem]:
    """The plan against itself: a titration that starts in the usual range and never passes
    the maximum, usual doses within the maximum, a taper that only goes down."""
    u = dosing.unit
    found: list[tuple[Location, str, str, str]] = []  # location, path, message, hint
    most = dosing.maximum
    raise_it = "or raise dosing.maximum if a source says so"
    for i, r in enumerate(dosing.regimens):
        path = f"dosing.regimens[{i}]"
        if said := _HOW_OFTEN.search(r.when):
            found.append((key_location(r.loc, "when"), f"{path}.when",
                          f"'when' says how often ('{said.group()}'), "
                          f"which times_a_day already says ({dose_words.frequency(ENGLISH, r)})",
                          "write only the time of day or how to take it, e.g. '1 to 2 hours "
                          "before bed'; the frequency is printed from times_a_day"))
        if r.per_dose is not None:
            high = r.per_dose[1]
            daily = r.per_day()
            if most and most.per_dose and high > most.per_dose:
                found.append((key_location(r.loc, "per_dose"), f"{path}.per_dose",
                              f"the usual dose goes up to {high:g} {u} a dose, above the "
                              f"maximum ({most.per_dose:g} {u} a dose)",
                              f"lower per_dose to at most {most.per_dose:g}, {raise_it}"))
            if most and most.per_day and daily and daily[1] > most.per_day:
                found.append((key_location(r.loc, "per_dose"), f"{path}.per_dose",
                              f"the usual dose goes up to {daily[1]:g} {u} a day"
                              f"{_as_doses(r, high, u)}, above the maximum ({most.per_day:g} "
                              f"{u} a day)", f"check per_dose and times_a_day, {raise_it}"))
        t = r.titration
        if t is None or r.per_dose is None:
            continue
        tpath = f"{path}.titration"
        if t.start > r.per_dose[0]:
            found.append((key_location(t.loc, "start"), f"{tpath}.start",
                          f"the starting dose ({t.start:g} {u}) is above the usual range, "
                          f"which starts at {r.per_dose[0]:g} {u}",
                          "start at or below the lowest per_dose"))
        if t.up_to < t.start:
            found.append((key_location(t.loc, "up_to"), f"{tpath}.up_to",
                          f"the titration goes up to {t.up_to:g} {u}, below its starting "
                          f"dose ({t.start:g} {u})", "up_to is the highest step: write it "
                                                     "above start"))
        top = t.doses()[-1]
        where = (key_location(t.loc, "up_to") if t.up_to != r.per_dose[1]
                 else key_location(r.loc, "per_dose"))
        if most and most.per_dose and top > most.per_dose:
            found.append((where, f"{tpath}.up_to", f"the titration goes up to {top:g} {u} a "
                          f"dose, past the maximum ({most.per_dose:g} {u} a dose)",
                          f"stop the titration at {most.per_dose:g} {u} or below, {raise_it}"))
        if most and most.per_day and top * r.times_a_day[1] > most.per_day:
            limit = most.per_day / r.times_a_day[1]
            found.append((where, f"{tpath}.up_to",
                          f"the titration goes up to {top * r.times_a_day[1]:g} {u} a day"
                          f"{_as_doses(r, top, u)}, past the maximum ({most.per_day:g} {u} "
                          "a day)", f"stop the titration at {limit:g} {u} a dose or below, "
                                    f"{raise_it}"))
    if most and most.per_dose and most.per_day and most.per_dose > most.per_day:
        found.append((key_location(most.loc, "per_dose"), "dosing.maximum.per_dose",
                      f"the maximum per dose ({most.per_dose:g} {u}) is above the maximum per "
                      f"day ({most.per_day:g} {u})", "one dose cannot be more than a day's"))
    steps = dosing.taper.schedule if dosing.taper else ()
    for i, step in enumerate(steps):
        path = f"dosing.taper.schedule[{i}]"
        if most and most.per_day and step.per_day > most.per_day:
            found.append((step.loc, path, f"the taper step {step.per_day:g} {u} a day is above "
                                          f"the maximum ({most.per_day:g} {u} a day)",
                          "a taper starts at or below the maximum"))
        if i and step.per_day >= steps[i - 1].per_day:
            found.append((step.loc, path, f"the taper does not go down: {step.per_day:g} {u} "
                                          f"follows {steps[i - 1].per_day:g} {u}",
                          "list the taper's daily doses from the highest to the lowest"))
    return [Problem(loc, message, path=path, section="dosing_and_tapering", hint=hint)
            for loc, path, message, hint in found]


def _as_doses(regimen: Regimen, dose: float, unit: str) -> str:
    """" (20 mg twice a day)" when a day holds more than one dose, else ""."""
    if regimen.times_a_day[1] == 1:
        return ""
    return f" ({dose:g} {unit} {dose_words.times_a_day(ENGLISH, regimen.times_a_day[1])})"
