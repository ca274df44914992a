"""The content quality gate: every check `--check` runs and every build runs first.

    readability   check_reading   grade per section, sentence lengths, hardest sentences
    safety        check_safety    allowed links, selling (data/lint.yaml), own claims, HTML
    sources/dates check_sources   citations both ways, review and publication dates
    review record check_review    sign-off dates; with --base, a version bump for changed content
    dose sanity   check_dose      the dose plan against itself, and every dose in the prose
    glyphs        fonts           every character in a font we embed (the build's own check)

Each finding is a `Problem` with a severity ("error" or "warning"), its file:line:column, the
section and a hint. Errors refuse the content; warnings do too under `--strict`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field

from handout import (
    check_dose,
    check_reading,
    check_review,
    check_safety,
    check_sources,
    fonts,
    strings,
)
from handout.check_reading import Grade, Scale, Sentence
from handout.errors import Problem, read_lines, shorten, sort_key
from handout.model import Leaflet, Readability


@dataclass
class Report:
    file: str
    today: dt.date
    strict: bool
    findings: list[Problem] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    hardest: list[Sentence] = field(default_factory=list)
    limits: Readability = field(default_factory=Readability)
    layout_problems: list[Problem] = field(default_factory=list)  # from a dry run of --check
    scale: Scale | None = None  # the readability formula and limits (None: Flesch-Kincaid)

    @property
    def reading(self) -> Scale:
        return self.scale or Scale("Flesch-Kincaid", check_reading.grade_of,
                                   self.limits.warn_grade, self.limits.error_grade)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.findings if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.findings if p.severity != "error"]

    @property
    def passed(self) -> bool:
        """No error (under --strict, warnings were made errors when the report was made)."""
        return not self.errors

    @property
    def exit_code(self) -> int:
        """2 for content errors, 1 when only a layout failed, 0 when clean."""
        return 2 if self.errors else 1 if self.layout_problems else 0


def run(leaflet: Leaflet, today: dt.date, strict: bool = False) -> Report:
    """Every content check on a validated leaflet."""
    reading, grades, hardest = check_reading.check(leaflet)
    glyphs = fonts.check_glyphs([*leaflet.texts, *strings.words(leaflet).texts()])
    sections = {t.path: t.section or t.path.split(".")[0] for t in leaflet.texts}
    glyphs = [dataclasses.replace(p, section=sections.get(p.path, "")) for p in glyphs]
    findings = [*check_sources.check(leaflet, today), *check_review.signoff(leaflet, today),
                *check_dose.check(leaflet), *check_safety.check(leaflet), *reading, *glyphs,
                *(leaflet.translation.findings if leaflet.translation else ())]
    return Report(leaflet.file, today, strict, _ordered(findings, strict), grades, hardest,
                  leaflet.meta.readability, scale=check_reading.scale_for(leaflet))


def refused(file: str, problems: list[Problem], today: dt.date, strict: bool) -> Report:
    """The report for content that did not even validate: its problems, no grades."""
    return Report(file, today, strict, _ordered(problems, strict))


def _ordered(findings: list[Problem], strict: bool) -> list[Problem]:
    if strict:
        findings = [dataclasses.replace(p, severity="error") for p in findings]
    return sorted(findings, key=sort_key)


# -- reports -----------------------------------------------------------------------------------
def text_report(report: Report) -> str:
    """For people: the grade table, the hardest sentences, each finding with its line, a total."""
    out = []
    if report.grades:
        out += [f"Reading grade ({report.reading.describe()})", ""]
        out += _grade_table(report)
        out += ["", "Hardest sentences:"]
        for i, s in enumerate(report.hardest, 1):
            out.append(f"  {i}. {report.reading.measure} {s.grade:.1f}, {s.words} words, {s.loc} "
                       f"({s.section})")
            out.append(f"     \"{shorten(s.text)}\"")
        out.append("")
    quoted = {p.loc.file for p in report.findings if p.loc and p.loc.quote}
    lines = {f: read_lines(f) for f in quoted}
    for problem in report.findings + report.layout_problems:
        out += [problem.format(lines.get(problem.loc.file) if problem.loc else None), ""]
    out.append(_summary(report))
    return "\n".join(out)


def _grade_table(report: Report) -> list[str]:
    rows = [("section", report.reading.measure, "words", "sentences", "longest", "")]
    for g in report.grades:
        scale = report.reading
        flag = ("" if g.group == "leaflet" or not scale.harder(g.grade, scale.warn)
                else "  ERROR" if scale.harder(g.grade, scale.error) else "  warning")
        name = "whole leaflet" if g.group == "leaflet" else g.group
        rows.append((name, f"{g.grade:.1f}", str(g.words), str(g.sentences), str(g.longest),
                     flag))
    width = max(len(r[0]) for r in rows)
    return [f"  {r[0]:<{width}}  {r[1]:>5}  {r[2]:>5}  {r[3]:>9}  {r[4]:>7}{r[5]}"
            for r in rows]


def _summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    counts = (f"{errors} error{'s' if errors != 1 else ''}, "
              f"{warnings} warning{'s' if warnings != 1 else ''}")
    strict = "; --strict: warnings count as errors" if report.strict else ""
    layouts = (f"; {len(report.layout_problems)} layout problem"
               f"{'s' if len(report.layout_problems) != 1 else ''}"
               if report.layout_problems else "")
    verdict = "refused" if report.exit_code else "passed"
    return (f"{report.file}: {verdict}: {counts}{layouts} (dates as of {report.today}"
            f"{strict})")


def json_report(report: Report) -> str:
    """For CI: every finding and every grade, as one JSON object."""
    def finding(p: Problem, kind: str) -> dict[str, object]:
        return {"severity": p.severity, "kind": kind,
                "file": p.loc.file if p.loc else None,
                "line": p.loc.line if p.loc else None,
                "column": p.loc.column if p.loc else None,
                "section": p.section or None, "path": p.path or None,
                "message": p.message, "hint": p.hint or None}

    return json.dumps({
        "file": report.file,
        "today": report.today.isoformat(),
        "strict": report.strict,
        "passed": report.exit_code == 0,
        "exit_code": report.exit_code,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "findings": [finding(p, "content") for p in report.findings]
                    + [finding(p, "layout") for p in report.layout_problems],
        "grades": [dataclasses.asdict(g) for g in report.grades],
        "limits": dataclasses.asdict(report.limits),
        "hardest_sentences": [{"text": s.text, "grade": s.grade, "words": s.words,
                               "section": s.section, "file": s.loc.file,
                               "line": s.loc.line, "column": s.loc.column}
                              for s in report.hardest],
    }, indent=2, ensure_ascii=False)
