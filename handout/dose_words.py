"""The dosing data in words, for the dose plan table and the dose card.

Every phrase is made from the data only: a frequency from `times_a_day`, a daily total from
per dose times the times a day, a "Going up" line only for a regimen with a titration, a
highest dose only when the data has one. Nothing here guesses a number the data lacks.
Every word comes from the interface strings table `w` (`dose_*`, `times_*` keys), so the
plan prints in the leaflet's language.
"""

from __future__ import annotations

from handout.model import Dosing, Maximum, Regimen, Taper, Titration
from handout.strings import Strings


def amount(value: float, unit: str, space: str = " ") -> str:
    """"10 mg"; pass a no-break space for a card, where "10" must never end a line."""
    return f"{value:g}{space}{unit}"


def amounts(w: Strings, low: float, high: float, unit: str, space: str = " ") -> str:
    """"10 mg", or "10 mg to 75 mg"."""
    if low == high:
        return amount(low, unit, space)
    return w("dose_range", low=amount(low, unit, space), high=amount(high, unit, space))


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """The first letter in upper case and a full stop at the end."""
    text = capital(text.strip())
    if not text:
        return ""
    return text if text.endswith((".", "!", "?")) else text + "."


def times_a_day(w: Strings, count: int) -> str:
    """"once a day", "twice a day", "3 times a day"."""
    return w(f"times_{count}") if count in (1, 2) else w("times_n", count=count)


def frequency(w: Strings, regimen: Regimen) -> str:
    """"once a day", "twice a day", "3 to 4 times a day", "when needed, up to 4 times a
    day": the words for `times_a_day`."""
    low, high = regimen.times_a_day
    if regimen.as_needed:
        return w("times_when_needed", times=times_a_day(w, high))
    return times_a_day(w, low) if low == high else w("times_range", low=low, high=high)


def daily_total(w: Strings, regimen: Regimen, unit: str, space: str = " ") -> str:
    """"200 mg a day" (derived: per dose times the times a day); "" without amounts."""
    per_day = regimen.per_day()
    if per_day is None:
        return ""
    if regimen.as_needed:
        return w("dose_at_most_a_day", amount=amount(per_day[1], unit, space))
    return w("dose_a_day", amount=amounts(w, *per_day, unit, space))


def dose(w: Strings, regimen: Regimen, unit: str, space: str = " ") -> str:
    """One dose and how often, with the daily total when it differs from one dose:
    "100 mg twice a day (200 mg a day)", "a thin layer when needed, up to 3 times a day"."""
    if regimen.per_dose is None:
        return f"{regimen.amount} {frequency(w, regimen)}"
    text = f"{amounts(w, *regimen.per_dose, unit, space)} {frequency(w, regimen)}"
    if regimen.times_a_day != (1, 1) or regimen.as_needed:
        text += f" ({daily_total(w, regimen, unit, space)})"
    return text


def timing(w: Strings, regimen: Regimen) -> str:
    """What follows the frequency: ", at least 4 hours apart, with food"."""
    parts = []
    if regimen.hours_between:
        parts.append(w("dose_hours_apart", hours=f"{regimen.hours_between:g}"))
    if regimen.when:
        parts.append(regimen.when.rstrip("."))
    return "".join(f", {p}" for p in parts)


def how_to(w: Strings, regimen: Regimen, unit: str, space: str = " ",
           verb: bool = True) -> str:
    """The whole instruction: "Take 100 mg twice a day (200 mg a day), with food."; without
    the verb where a label says it ("Take it: 100 mg twice a day ...")."""
    lead = f"{w(f'verb_{regimen.verb}')} " if verb else ""
    return sentence(f"{lead}{dose(w, regimen, unit, space)}{timing(w, regimen)}")


def how_often(w: Strings, regimen: Regimen) -> str:
    """Frequency and timing without the amount (the titration gives the amounts):
    "Once a day, 1 to 2 hours before bed."."""
    return sentence(f"{frequency(w, regimen)}{timing(w, regimen)}")


def starting(w: Strings, regimen: Regimen, titration: Titration, unit: str) -> str:
    """"10 mg once a day, 1 to 2 hours before bed." (and the daily total if it differs)."""
    text = f"{amount(titration.start, unit)} {frequency(w, regimen)}"
    if regimen.times_a_day != (1, 1):
        text += " (" + w("dose_a_day", amount=amount(titration.start * regimen.times_a_day[1],
                                                     unit)) + ")"
    return sentence(text + timing(w, regimen))


def weeks(w: Strings, low: int, high: int | None = None) -> str:
    """"1 week", "2 weeks", "1 to 2 weeks"."""
    if high is not None and low != high:
        return w("weeks_range", low=low, high=high)
    return w("weeks_1") if low == 1 else w("weeks_n", count=low)


def going_up(w: Strings, regimen: Regimen, titration: Titration, unit: str,
             space: str = " ") -> str:
    """"by 10 mg at a time, often every 1 to 2 weeks, as your prescriber advises"; the step
    is per dose, and says so when a day holds more than one dose."""
    key = "dose_going_up_words" if regimen.times_a_day == (1, 1) else "dose_going_up_each"
    return w(key, amount=amount(titration.step, unit, space),
             weeks=weeks(w, *titration.interval_weeks))


def usual(w: Strings, regimen: Regimen, unit: str, space: str = " ") -> str:
    """The usual daily dose of a titrated regimen: "10 mg to 75 mg a day", and per dose when
    it is taken more than once a day: "20 mg to 40 mg a day (10 mg to 20 mg twice a day)"."""
    text = daily_total(w, regimen, unit, space)
    if regimen.per_dose is not None and (regimen.times_a_day != (1, 1) or regimen.as_needed):
        text += f" ({amounts(w, *regimen.per_dose, unit, space)} {frequency(w, regimen)})"
    return text


def highest(w: Strings, maximum: Maximum | None, unit: str, space: str = " ") -> str:
    """"150 mg a day. Only on a specialist's advice." or "" when the data has no maximum."""
    if maximum is None:
        return ""
    parts = []
    if maximum.per_dose:
        parts.append(w("dose_in_one_dose", amount=amount(maximum.per_dose, unit, space)))
    if maximum.per_day:
        parts.append(w("dose_a_day", amount=amount(maximum.per_day, unit, space)))
    limit = sentence(", ".join(parts)) if parts else ""
    return " ".join(p for p in (limit, maximum.note) if p)


def highest_label(w: Strings, maximum: Maximum | None) -> str:
    """"Highest dose" for a number; "Higher doses" when the data says only who decides."""
    has_number = maximum and (maximum.per_dose or maximum.per_day)
    return w("dose_highest" if has_number else "dose_higher")


def schedule(w: Strings, taper: Taper | None, unit: str) -> str:
    """"50 mg a day for 2 weeks, then 25 mg a day for 1 week." or ""."""
    if taper is None or not taper.schedule:
        return ""
    steps = [w("dose_taper_step", amount=amount(s.per_day, unit), weeks=weeks(w, s.weeks))
             for s in taper.schedule]
    text = steps[0]
    for step in steps[1:]:
        text = w("dose_then", before=text, after=step)
    return sentence(text)


def label(dosing: Dosing, regimen: Regimen, single: str) -> str:
    """`single` ("Usual dose") when the leaflet has one regimen, else the regimen's name."""
    return single if len(dosing.regimens) == 1 else regimen.label


def plan_rows(w: Strings, dosing: Dosing) -> list[tuple[str, str]]:
    """The dose plan table: (label, words) for each row the data has."""
    u = dosing.unit
    rows: list[tuple[str, str]] = []
    for regimen in dosing.regimens:
        name = label(dosing, regimen, "")
        t = regimen.titration
        if t is None:
            rows.append((name or w("dose_usual"), how_to(w, regimen, u)))
            continue
        prefix = f"{name}: " if name else ""
        rows += [(prefix + w("dose_starting"), starting(w, regimen, t, u)),
                 (prefix + w("dose_going_up"), capital(going_up(w, regimen, t, u))),
                 (prefix + w("dose_usual"), usual(w, regimen, u))]
    if limit := highest(w, dosing.maximum, u):
        rows.append((highest_label(w, dosing.maximum), limit))
    if dosing.taper and dosing.taper.text:
        rows.append((w("dose_stopping"), dosing.taper.text))
    if steps := schedule(w, dosing.taper, u):
        rows.append((w("dose_lowering"), steps))
    return rows
