"""The dose plan as readable fields, whatever shape the dosing model has: `flat()` turns
nested records and lists into "regimens[0].per_dose" keys, `label()` names them in words and
`value_text()` prints a value with its unit. `diff.py` compares the dose plan with them."""

from __future__ import annotations

import dataclasses
import re

# Readable names of dosing fields, by key or by "parent.key" (which names both); a field
# without one is named after its key.
DOSING_LABELS = {
    "unit": "dose unit", "start": "starting dose", "step": "dose step",
    "interval_weeks": "weeks between dose steps", "usual_range": "usual daily dose",
    "maximum": "maximum daily dose", "maximum_note": "note on the maximum dose",
    "when": "when to take it", "taper": "how to stop", "taper_steps": "doses when stopping",
    "cite": "sources of the dose plan", "per_dose": "amount per dose",
    "times_a_day": "times a day", "up_to": "highest dose of the ladder",
    "hours_between": "hours between doses", "as_needed": "only when needed",
    "maximum.per_day": "maximum dose per day", "maximum.per_dose": "maximum single dose",
    "maximum.note": "note on the maximum dose", "taper.text": "how to stop",
    "schedule.per_day": "daily dose", "schedule.weeks": "weeks",
}
_ONE_OF = {"regimens": "regimen", "schedule": "taper step", "taper_steps": "taper dose",
           "strengths": "strength"}
# Dosing fields whose numbers are amounts of the medicine (printed with the unit).
_AMOUNTS = frozenset({"start", "step", "usual_range", "maximum", "taper_steps", "per_dose",
                      "per_day", "up_to", "strengths", "max_per_day", "max_per_dose"})
_PART = re.compile(r"[^.\[\]]+|\[\d+\]")


def record(value: object) -> dict[str, object]:
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else {}  # type: ignore[arg-type]


def flat(value: object, prefix: str = "") -> dict[str, object]:
    """Leaves of nested dicts and lists of records, keyed "regimens[0].per_dose"; locations
    (where a value was written, not what it is) left out."""
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, item in value.items():
            if key != "loc":
                out.update(flat(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value):
        out = {}
        for i, item in enumerate(value):
            out.update(flat(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def label(key: str) -> str:
    """"regimens[0].titration.start" -> "regimen 1, starting dose"."""
    words: list[str] = []
    names: list[str] = []
    indexed = False  # the last word names one item of a list ("regimen 1"): keep it
    for part in _PART.findall(key):
        if part.startswith("["):
            words[-1] = f"{_ONE_OF.get(names[-1], words[-1])} {int(part[1:-1]) + 1}"
            indexed = True
            continue
        pair = f"{names[-1]}.{part}" if names else ""
        if pair in DOSING_LABELS and not indexed:
            words[-1] = DOSING_LABELS[pair]
        else:
            words.append(DOSING_LABELS.get(pair) or DOSING_LABELS.get(part)
                         or part.replace("_", " "))
        names.append(part)
        indexed = False
    return ", ".join(words)


def value_text(key: str, value: object, unit: str) -> str:
    if value is None or value == () or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        text = (f"{number(value[0])} to {number(value[1])}" if len(value) == 2
                and key.rsplit(".", 1)[-1] in ("usual_range", "interval_weeks", "per_dose",
                                                "times_a_day")
                else ", ".join(number(v) for v in value))
    else:
        text = number(value)
    amount = key.rsplit(".", 1)[-1] in _AMOUNTS and unit
    return f"{text} {unit}" if amount else text


def number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float | int) and not isinstance(value, bool) \
        else str(value)
