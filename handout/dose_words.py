"""The dosing data in words, for the dose plan table and the dose card.

Every phrase is made from the data only: a frequency from `times_a_day`, a daily total from
per dose times the times a day, a "Going up" line only for a regimen with a titration, a
highest dose only when the data has one. Nothing here guesses a number the data lacks.
"""

from __future__ import annotations

from handout.model import Dosing, Maximum, Regimen, Taper, Titration


def amount(value: float, unit: str, space: str = " ") -> str:
    """"10 mg"; pass a no-break space for a card, where "10" must never end a line."""
    return f"{value:g}{space}{unit}"


def amounts(low: float, high: float, unit: str, space: str = " ") -> str:
    """"10 mg", or "10 mg to 75 mg"."""
    if low == high:
        return amount(low, unit, space)
    return f"{amount(low, unit, space)} to {amount(high, unit, space)}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """The first letter in upper case and a full stop at the end."""
    text = capital(text.strip())
    if not text:
        return ""
    return text if text.endswith((".", "!", "?")) else text + "."


def daily_total(regimen: Regimen, unit: str, space: str = " ") -> str:
    """"200 mg a day" (derived: per dose times the times a day); "" without amounts."""
    per_day = regimen.per_day()
    if per_day is None:
        return ""
    if regimen.as_needed:
        return f"at most {amount(per_day[1], unit, space)} a day"
    return f"{amounts(*per_day, unit, space)} a day"


def dose(regimen: Regimen, unit: str, space: str = " ") -> str:
    """One dose and how often, with the daily total when it differs from one dose:
    "100 mg twice a day (200 mg a day)", "a thin layer when needed, up to 3 times a day"."""
    if regimen.per_dose is None:
        return f"{regimen.amount} {regimen.frequency()}"
    text = f"{amounts(*regimen.per_dose, unit, space)} {regimen.frequency()}"
    if regimen.times_a_day != (1, 1) or regimen.as_needed:
        text += f" ({daily_total(regimen, unit, space)})"
    return text


def timing(regimen: Regimen) -> str:
    """What follows the frequency: ", at least 4 hours apart, with food"."""
    parts = []
    if regimen.hours_between:
        parts.append(f"at least {regimen.hours_between:g} hours apart")
    if regimen.when:
        parts.append(regimen.when.rstrip("."))
    return "".join(f", {p}" for p in parts)


def how_to(regimen: Regimen, unit: str, space: str = " ", verb: bool = True) -> str:
    """The whole instruction: "Take 100 mg twice a day (200 mg a day), with food."; without
    the verb where a label says it ("Take it: 100 mg twice a day ...")."""
    lead = f"{regimen.verb} " if verb else ""
    return sentence(f"{lead}{dose(regimen, unit, space)}{timing(regimen)}")


def how_often(regimen: Regimen) -> str:
    """Frequency and timing without the amount (the titration gives the amounts):
    "Once a day, 1 to 2 hours before bed."."""
    return sentence(f"{regimen.frequency()}{timing(regimen)}")


def starting(regimen: Regimen, titration: Titration, unit: str) -> str:
    """"10 mg once a day, 1 to 2 hours before bed." (and the daily total if it differs)."""
    text = f"{amount(titration.start, unit)} {regimen.frequency()}"
    if regimen.times_a_day != (1, 1):
        text += f" ({amount(titration.start * regimen.times_a_day[1], unit)} a day)"
    return sentence(text + timing(regimen))


def weeks(titration: Titration) -> str:
    low, high = titration.interval_weeks
    if low == high:
        return "1 week" if low == 1 else f"{low} weeks"
    return f"{low} to {high} weeks"


def going_up(regimen: Regimen, titration: Titration, unit: str, space: str = " ") -> str:
    """"by 10 mg at a time, often every 1 to 2 weeks, as your prescriber advises"; the step
    is per dose, and says so when a day holds more than one dose."""
    each = "" if regimen.times_a_day == (1, 1) else " a dose"
    return (f"by {amount(titration.step, unit, space)}{each} at a time, often every "
            f"{weeks(titration)}, as your prescriber advises")


def usual(regimen: Regimen, unit: str, space: str = " ") -> str:
    """The usual daily dose of a titrated regimen: "10 mg to 75 mg a day", and per dose when
    it is taken more than once a day: "20 mg to 40 mg a day (10 mg to 20 mg twice a day)"."""
    text = daily_total(regimen, unit, space)
    if regimen.per_dose is not None and (regimen.times_a_day != (1, 1) or regimen.as_needed):
        text += f" ({amounts(*regimen.per_dose, unit, space)} {regimen.frequency()})"
    return text


def highest(maximum: Maximum | None, unit: str, space: str = " ") -> str:
    """"150 mg a day. Only on a specialist's advice." or "" when the data has no maximum."""
    if maximum is None:
        return ""
    parts = []
    if maximum.per_dose:
        parts.append(f"{amount(maximum.per_dose, unit, space)} in one dose")
    if maximum.per_day:
        parts.append(f"{amount(maximum.per_day, unit, space)} a day")
    limit = sentence(", ".join(parts)) if parts else ""
    return " ".join(p for p in (limit, maximum.note) if p)


def highest_label(maximum: Maximum | None) -> str:
    """"Highest dose" for a number; "Higher doses" when the data says only who decides."""
    return "Highest dose" if maximum and (maximum.per_dose or maximum.per_day) else "Higher doses"


def schedule(taper: Taper | None, unit: str) -> str:
    """"50 mg a day for 2 weeks, then 25 mg a day for 1 week." or ""."""
    if taper is None or not taper.schedule:
        return ""
    steps = [f"{amount(s.per_day, unit)} a day for {s.weeks} week{'s' if s.weeks != 1 else ''}"
             for s in taper.schedule]
    return sentence(", then ".join(steps))


def label(dosing: Dosing, regimen: Regimen, single: str) -> str:
    """`single` ("Usual dose") when the leaflet has one regimen, else the regimen's name."""
    return single if len(dosing.regimens) == 1 else regimen.label


def plan_rows(dosing: Dosing) -> list[tuple[str, str]]:
    """The dose plan table: (label, words) for each row the data has."""
    u = dosing.unit
    rows: list[tuple[str, str]] = []
    for regimen in dosing.regimens:
        name = label(dosing, regimen, "")
        t = regimen.titration
        if t is None:
            rows.append((name or "Usual dose", how_to(regimen, u)))
            continue
        prefix = f"{name}: " if name else ""
        rows += [(prefix + "Starting dose", starting(regimen, t, u)),
                 (prefix + "Going up", capital(going_up(regimen, t, u))),
                 (prefix + "Usual dose", usual(regimen, u))]
    if limit := highest(dosing.maximum, u):
        rows.append((highest_label(dosing.maximum), limit))
    if dosing.taper and dosing.taper.text:
        rows.append(("Stopping", dosing.taper.text))
    if steps := schedule(dosing.taper, u):
        rows.append(("Lowering the dose", steps))
    return rows
