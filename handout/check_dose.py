"""Dose sanity: the `dosing` data agrees with itself, and every dose the prose names is one
that data allows.

Allowed doses are the start, each start + k * step up to the maximum, the step itself ("go up
by 10 mg"), both ends of the usual range, the maximum and the taper steps. Anything else, such
as a mistyped "1000 mg", is an error at its line: a leaflet must never print a dose its own
plan does not contain.
"""

from __future__ import annotations

import re

from handout.check_text import Span, at, key_location, prose
from handout.errors import Problem
from handout.model import Dosing, Leaflet

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
_LADDER_LIMIT = 1000
_EPSILON = 1e-9


def check(leaflet: Leaflet) -> list[Problem]:
    problems = data_problems(leaflet.dosing)
    if problems:
        return problems  # prose cannot be compared with data that contradicts itself
    allowed = allowed_doses(leaflet.dosing)
    pattern = _dose_pattern(leaflet.dosing.unit)
    factors = _UNITS.get(leaflet.dosing.unit.lower(), {leaflet.dosing.unit.lower(): 1.0})
    for text in prose(leaflet):
        for match in pattern.finditer(text.value):
            factor = factors[match.group("unit").lower()]
            for number in re.finditer(_NUMBER, match.group("numbers")):
                amount = float(number.group().replace(",", "")) * factor
                if not any(abs(amount - a) < _EPSILON for a in allowed):
                    start = match.start("numbers") + number.start()
                    problems.append(_not_allowed(
                        Span(text, start, match.end()), match.group(), amount, leaflet.dosing,
                        allowed))
    return problems


def _dose_pattern(unit: str) -> re.Pattern[str]:
    names = sorted(_UNITS.get(unit.lower(), {unit.lower(): 1.0}), key=len, reverse=True)
    return re.compile(
        rf"(?<![\w.,])(?P<numbers>{_AMOUNTS})\s*"
        rf"(?P<unit>{'|'.join(re.escape(n) for n in names)})(?![\w])", re.IGNORECASE)


def allowed_doses(dosing: Dosing) -> list[float]:
    allowed = [dosing.start, dosing.step, *dosing.usual_range, dosing.maximum,
               *dosing.taper_steps]
    dose = dosing.start
    for _ in range(_LADDER_LIMIT):
        dose += dosing.step
        if dose > dosing.maximum + _EPSILON:
            break
        allowed.append(dose)
    return sorted(set(allowed))


def _not_allowed(span: Span, written: str, amount: float, dosing: Dosing,
                 allowed: list[float]) -> Problem:
    u = dosing.unit
    ladder = (f"{dosing.start:g} {u}, then steps of {dosing.step:g} {u} up to "
              f"{dosing.maximum:g} {u}")
    others = [a for a in allowed if not _on_ladder(a, dosing)]
    extra = f"; also {', '.join(f'{a:g}' for a in others)} {u}" if others else ""
    return at(span, f"'{' '.join(written.split())}' names a dose of {amount:g} {u}, which the "
                    "dosing data does not allow",
              hint=f"the dosing data allows {ladder}{extra}; fix the number, or the 'dosing' "
                   "data if the plan really includes it")


def _on_ladder(amount: float, dosing: Dosing) -> bool:
    k = (amount - dosing.start) / dosing.step
    return k >= -_EPSILON and abs(k - round(k)) < _EPSILON and amount <= dosing.maximum


def data_problems(dosing: Dosing) -> list[Problem]:
    """The plan against itself: positive numbers, start <= usual range <= maximum, a taper
    that only goes down."""
    u = dosing.unit
    low, high = dosing.usual_range
    checks = [
        ("start", dosing.start > 0, f"the starting dose ({dosing.start:g} {u}) must be above 0"),
        ("step", dosing.step > 0, f"the step ({dosing.step:g} {u}) must be above 0"),
        ("interval_weeks", min(dosing.interval_weeks) > 0,
         "the weeks between steps must be above 0"),
        ("start", dosing.start <= low,
         f"the starting dose ({dosing.start:g} {u}) is above the usual range, which starts at "
         f"{low:g} {u}"),
        ("usual_range", high <= dosing.maximum,
         f"the usual range goes up to {high:g} {u}, above the maximum ({dosing.maximum:g} {u})"),
        ("maximum", dosing.start <= dosing.maximum,
         f"the maximum ({dosing.maximum:g} {u}) is below the starting dose "
         f"({dosing.start:g} {u})"),
    ]
    steps = dosing.taper_steps
    for i, dose in enumerate(steps):
        if dose <= 0 or dose > dosing.maximum:
            checks.append(("taper_steps", False, f"the taper step {dose:g} {u} is not between "
                                                 f"0 and the maximum ({dosing.maximum:g} {u})"))
        if i and dose >= steps[i - 1]:
            checks.append(("taper_steps", False, f"the taper does not go down: {dose:g} {u} "
                                                 f"follows {steps[i - 1]:g} {u}"))
    return [Problem(key_location(dosing.loc, key), message, path=f"dosing.{key}",
                    section="dosing_and_tapering",
                    hint="the dose plan must run: 0 < start <= usual range <= maximum, with "
                         "steps above 0 and a taper that goes down")
            for key, ok, message in checks if not ok]
