"""The `dosing` and `claims` parts of a content file, for `validate._Walker`.

Every amount is finite and sane for what it means: a dose between 0.01 and 100,000 of its
unit, weeks and times a day small whole numbers, a unit one short word. Daily totals are never
written: they are derived from per dose times the times a day (see `model.Regimen`).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable

from yaml.nodes import Node, ScalarNode, SequenceNode

from handout import model
from handout.check_text import quote
from handout.walker import Walker

_UNIT = re.compile(r"^[^\W\d_]{1,12}$")
_PHRASE = re.compile(r"^[^\W_][\w%'\u2019-]*(\s+[\w%'\u2019-]+){0,7}$")
AMOUNT_MIN, AMOUNT_MAX = 0.01, 100_000  # any dose outside this is a typo or the wrong unit
MAX_STEPS = 60  # a titration ladder longer than this is not a plan anyone follows


class DosingWalker(Walker):
    """The dosing and claims parsers; `validate._Walker` provides the source ids (`cites`)."""

    cites: Callable[[Node | None, str], tuple[str, ...]]

    def amount(self, node: Node | None, path: str, unit: str) -> float:
        """An amount of medicine in the dosing unit: finite, above a smallest sensible dose."""
        before = len(self.problems)
        value = self.number(node, path)
        if node is None or len(self.problems) > before:
            return 0
        if not math.isfinite(value):
            self.error(node, path, f"'{node.value}' is not a finite number",
                       hint=f"write the amount in {unit or 'the dosing unit'} as digits, e.g. 10")
            return 0
        if not AMOUNT_MIN <= value <= AMOUNT_MAX:
            hint = ("an amount of medicine is above 0" if value <= 0 else
                    "for a very small dose use a smaller unit (mcg instead of mg)"
                    if value < AMOUNT_MIN else "check the number and the unit (mg or g)")
            self.error(node, path, f"{quote(node.value, 20)} {unit} is not a sensible amount "
                       f"of medicine (from {AMOUNT_MIN:g} to {AMOUNT_MAX:,})".replace("  ", " "),
                       hint=hint)
            return 0
        return value

    def count(self, node: Node | None, path: str, low: int, high: int, what: str) -> int:
        """A small whole number: weeks, times a day."""
        if node is None:
            return 0
        if isinstance(node, ScalarNode) and node.tag.endswith(":float"):
            self.error(node, path, f"'{quote(node.value, 20)}' is not a whole number of {what}",
                       hint=f"write {what} as a whole number from {low} to {high}")
            return low
        before = len(self.problems)
        value = self.number(node, path, whole=True)
        if len(self.problems) > before:
            return low
        if not low <= value <= high:
            self.error(node, path, f"{value} is not a sensible number of {what} "
                       f"(from {low} to {high})", hint=f"write {what} as a whole number from "
                                                       f"{low} to {high}")
            return low
        return int(value)

    def span(self, node: Node | None, path: str, one: Callable[[Node | None, str], float],
             ) -> tuple[float, float]:
        """One value, or [low, high]: `10` is (10, 10)."""
        if not isinstance(node, SequenceNode):
            value = one(node, path)
            return (value, value)
        items = node.value
        if len(items) != 2:
            self.error(node, path, f"expected one number or two [low, high], got {len(items)}",
                       hint="write 10, or a range as [10, 20]")
            return (0, 0)
        before = len(self.problems)
        low, high = (one(n, f"{path}[{i}]") for i, n in enumerate(items))
        if low > high and len(self.problems) == before:  # a refused number is not compared
            self.error(node, path, f"the first number ({low:g}) is larger than the second "
                       f"({high:g})", hint="write the range as [low, high]")
        return (low, high)

    def dosing(self, node: Node) -> model.Dosing | None:
        m = self.mapping(node, "dosing", ("regimens", "cite"),
                         ("unit", "maximum", "taper"))
        if m is None:
            return None
        self.section = "dosing_and_tapering"
        unit = self.text(m.get("unit"), "dosing.unit", track=False)
        if unit and not _UNIT.match(unit):
            self.error(m["unit"], "dosing.unit", f"'{quote(unit)}' is not a unit",
                       hint="write a short unit word such as mg, mcg, g, ml or units")
            unit = ""
        regimens = tuple(r for i, n in enumerate(self.seq(m.get("regimens"), "dosing.regimens"))
                         if (r := self.regimen(n, f"dosing.regimens[{i}]", unit)) is not None)
        if "unit" not in m and any(r.per_dose or r.strengths for r in regimens):
            self.error(node, "dosing", "missing key 'unit'",
                       hint="add 'unit: mg' (the unit of every amount)")
        dosing = model.Dosing(
            unit=unit, regimens=regimens,
            maximum=self.maximum(m["maximum"], unit) if "maximum" in m else None,
            taper=self.taper(m["taper"], unit) if "taper" in m else None,
            cite=self.cites(m.get("cite"), "dosing.cite"),
            loc=self.loc(node))
        self.section = None
        return dosing

    def regimen(self, node: Node, path: str, unit: str) -> model.Regimen | None:
        m = self.mapping(node, path, ("form", "times_a_day"),
                         ("name", "verb", "strengths", "per_dose", "amount", "as_needed",
                          "hours_between", "when", "titration"))
        if m is None:
            return None
        if ("per_dose" in m) == ("amount" in m):
            self.error(node, path, "a regimen needs 'per_dose' (a number) or 'amount' (words "
                       "such as 'a thin layer'), not both" if "per_dose" in m else
                       "a regimen needs 'per_dose' or 'amount'",
                       hint="give the amount of one dose, e.g. 'per_dose: 10' or "
                            "'amount: a thin layer'")
        per_dose = (self.span(m["per_dose"], f"{path}.per_dose",
                              lambda n, p: self.amount(n, p, unit)) if "per_dose" in m else None)
        times = self.span(m.get("times_a_day"), f"{path}.times_a_day",
                          lambda n, p: self.count(n, p, 1, 24, "times a day"))
        hours = 0.0
        if "hours_between" in m:
            before = len(self.problems)
            hours = self.number(m["hours_between"], f"{path}.hours_between")
            if len(self.problems) > before:
                hours = 0.0
            elif not (math.isfinite(hours) and 1 <= hours <= 72):
                self.error(m["hours_between"], f"{path}.hours_between",
                           f"'{m['hours_between'].value}' is not a sensible number of hours "
                           "between doses (from 1 to 72)", hint="write the hours, e.g. 4")
                hours = 0.0
        regimen = model.Regimen(
            name=self.text(m.get("name"), f"{path}.name"),
            form=self.text(m.get("form"), f"{path}.form"),
            verb=self.choice(m.get("verb"), f"{path}.verb", model.VERBS, "take"),
            strengths=tuple(self.amount(n, f"{path}.strengths[{i}]", unit)
                            for i, n in enumerate(self.seq(m.get("strengths"),
                                                           f"{path}.strengths"))),
            per_dose=per_dose,
            amount=self.text(m.get("amount"), f"{path}.amount"),
            times_a_day=(int(times[0]), int(times[1])),
            as_needed=self.boolean(m.get("as_needed"), f"{path}.as_needed"),
            hours_between=hours,
            when=self.text(m.get("when"), f"{path}.when"),
            titration=None,
            loc=self.loc(node))
        if "titration" in m:
            top = per_dose[1] if per_dose else 0
            titration = self.titration(m["titration"], f"{path}.titration", unit, top)
            if per_dose is None:
                self.error(m["titration"], f"{path}.titration",
                           "a titration needs the regimen's 'per_dose'",
                           hint="give per_dose as [lowest, highest usual dose]")
            regimen = dataclasses.replace(regimen, titration=titration)
        return regimen

    def titration(self, node: Node, path: str, unit: str, top: float) -> model.Titration | None:
        m = self.mapping(node, path, ("start", "step", "interval_weeks"), ("up_to",))
        if m is None:
            return None
        start = self.amount(m.get("start"), f"{path}.start", unit)
        step = self.amount(m.get("step"), f"{path}.step", unit)
        up_to = self.amount(m["up_to"], f"{path}.up_to", unit) if "up_to" in m else top
        weeks = self.span(m.get("interval_weeks"), f"{path}.interval_weeks",
                          lambda n, p: self.count(n, p, 1, 52, "weeks"))
        if start and step and up_to and (up_to - start) / step > MAX_STEPS:
            self.error(m["step"], f"{path}.step",
                       f"a step of {step:g} {unit} makes {math.floor((up_to - start) / step)} "
                       f"steps from {start:g} to {up_to:g} {unit}; a plan has at most "
                       f"{MAX_STEPS}", hint="check the step: it is the amount a dose goes up by")
            step = 0
        if not (start and step and up_to):
            return None
        return model.Titration(start, step, (int(weeks[0]), int(weeks[1])), up_to,
                               self.loc(node))

    def maximum(self, node: Node, unit: str) -> model.Maximum | None:
        m = self.mapping(node, "dosing.maximum", (), ("per_dose", "per_day", "note"))
        if m is None:
            return None
        if not m:
            self.error(node, "dosing.maximum", "the maximum is empty",
                       hint="give per_dose, per_day or a note (e.g. only on a specialist's "
                            "advice), or leave 'maximum' out")
        return model.Maximum(
            per_dose=(self.amount(m["per_dose"], "dosing.maximum.per_dose", unit)
                      if "per_dose" in m else None),
            per_day=(self.amount(m["per_day"], "dosing.maximum.per_day", unit)
                     if "per_day" in m else None),
            note=self.text(m.get("note"), "dosing.maximum.note"),
            loc=self.loc(node))

    def taper(self, node: Node, unit: str) -> model.Taper | None:
        if isinstance(node, ScalarNode):  # the short form: prose only
            return model.Taper(self.text(node, "dosing.taper.text"), (), self.loc(node))
        m = self.mapping(node, "dosing.taper", (), ("text", "schedule"))
        if m is None:
            return None
        if not m:
            self.error(node, "dosing.taper", "the taper is empty",
                       hint="give 'text', 'schedule' or both, or leave 'taper' out")
        schedule = []
        for i, item in enumerate(self.seq(m.get("schedule"), "dosing.taper.schedule")):
            path = f"dosing.taper.schedule[{i}]"
            step = self.mapping(item, path, ("per_day", "weeks"))
            if step is not None:
                schedule.append(model.TaperStep(
                    self.amount(step.get("per_day"), f"{path}.per_day", unit),
                    self.count(step.get("weeks"), f"{path}.weeks", 1, 52, "weeks"),
                    self.loc(item)))
        return model.Taper(self.text(m.get("text"), "dosing.taper.text"), tuple(schedule),
                           self.loc(node))

    def claims(self, node: Node | None) -> tuple[model.Claim, ...]:
        """Statements this leaflet must never make about its medicine, each with a source."""
        claims: list[model.Claim] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(self.seq(node, "claims")):
            path = f"claims[{i}]"
            m = self.mapping(item, path, ("phrase", "why", "cite"), ("instead",))
            if m is None:
                continue
            phrase = self.text(m.get("phrase"), f"{path}.phrase", track=False)
            if phrase and not _PHRASE.match(phrase):
                self.error(m["phrase"], f"{path}.phrase", f"'{quote(phrase)}' is not a "
                           "phrase of 1 to 8 words", hint="write the words as a reader would "
                           "see them, e.g. 'reduces inflammation'")
            key = " ".join(phrase.lower().split())
            if key in seen:
                self.error(m["phrase"], f"{path}.phrase", f"the phrase '{phrase}' is listed "
                           f"twice (first at claims[{seen[key]}])", hint="remove one of them")
            seen.setdefault(key, i)
            claims.append(model.Claim(
                phrase, self.text(m.get("why"), f"{path}.why", track=False),
                self.text(m.get("instead"), f"{path}.instead", track=False),
                self.cites(m.get("cite"), f"{path}.cite"), self.loc(item)))
        return tuple(claims)
