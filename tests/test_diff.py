"""`handout diff` and the review record: the change report lists exactly what changed, safety
first, in text, Markdown and JSON; `--check --base` refuses changed content without a new
version; "Reviewed by" is printed only from a sign-off of this version."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DATA, four_changes, reader

from handout import diff, diff_report, pipeline, registry
from handout.cli import main

OLD = DATA / "minimal.yaml"
# The four changes of `four_changes()`, in the order the report must list them: safety first.
EXPECTED = [
    (True, "changed", "Dose plan", "maximum daily dose", "100 mg", "75 mg"),
    (True, "removed", 'Side effects > "Get help now" box "Call 999 if you have chest pain."',
     "emergency sign", "A fit", None),
    (False, "reworded", "How does it work? > paragraph 1", "text",
     "It changes how nerves send pain signals.",
     "It changes how your nerves pass on pain signals."),
    (False, "added", "Sources", "source S2", None,
     "Test Publisher: A second test source (2025). https://example.org/s2"),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_exactly_the_four_changes_safety_first(capsys, tmp_path):
    code, out, _ = run(capsys, "diff", OLD, four_changes(tmp_path), "--format", "json")
    assert code == 0
    report = json.loads(out)
    got = [(c["safety"], c["kind"], c["where"], c["what"], c["before"], c["after"])
           for c in report["changes"]]
    assert got[0][3].startswith("maximum")  # "maximum daily dose" (or "... per day")
    assert got == [EXPECTED[0][:3] + got[0][3:4] + EXPECTED[0][4:], *EXPECTED[1:]]
    assert report["safety_changes"] == 2
    words = report["changes"][2]["words"]
    assert {"op": "-", "text": "send"} in words and {"op": "+", "text": "pass on"} in words
    grades = {g["part"]: (g["before"], g["after"]) for g in report["grades"]}
    assert set(grades) >= {"how_it_works", "side_effects", "leaflet"}


def test_text_report_marks_safety_and_words(capsys, tmp_path):
    code, out, _ = run(capsys, "diff", OLD, four_changes(tmp_path))
    assert code == 0
    lines = [line.strip() for line in out.splitlines()
             if line.startswith(("  !", "  -"))]
    assert re.fullmatch(r"! Dose plan: Changed maximum [a-z ]+: 100 mg -> 75 mg", lines[0])
    assert lines[1:] == [
        '! Side effects > "Get help now" box "Call 999 if you have chest pain.": '
        'Removed emergency sign: "A fit"',
        '- How does it work? > paragraph 1: Reworded text: '
        '"It changes how {+your+} nerves [-send-] {+pass on+} pain signals."',
        '- Sources: Added source S2: '
        '"Test Publisher: A second test source (2025). https://example.org/s2"',
    ]
    assert out.index("SAFETY: 2 changes") < out.index("Other changes: 2")
    assert "How does it work?" in out.split("Reading grade")[1]


def test_markdown_report_for_a_pull_request(capsys, tmp_path):
    code, out, _ = run(capsys, "diff", OLD, four_changes(tmp_path), "--format", "markdown")
    assert code == 0
    items = [line for line in out.splitlines() if line.startswith("- ")]
    assert len(items) == 4
    assert all(line.startswith("- **SAFETY**") for line in items[:2])
    assert not any("SAFETY" in line for line in items[2:])
    assert ": 100 mg → 75 mg" in items[0]
    assert "~~send~~ **pass on**" in items[2]
    assert "| How does it work? | 0.5 | 0.6 |" in out


def test_no_change(capsys):
    code, out, _ = run(capsys, "diff", OLD, OLD, "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == []


def test_bad_revision_is_an_input_error(capsys, tmp_path):
    repo = _repo(tmp_path)
    code, _, err = run(capsys, "diff", "--base", "no-such-branch", repo / "content.yaml")
    assert code == 2 and "cannot read" in err and "no-such-branch" in err
    assert "Traceback" not in err


# -- the version rule against a committed base -------------------------------------------
def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "clinic"
    repo.mkdir()
    shutil.copy(OLD, repo / "content.yaml")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q",
         "--allow-empty", "-m", "empty")
    _git(repo, "add", "content.yaml")
    _git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q",
         "-m", "leaflet 0.1")
    return repo


def _strict_base(capsys, content: Path) -> tuple[int, dict]:
    code, out, _ = run(capsys, "--check", "--strict", "--base", "main", "--content", content,
                       "--format", "json", "--today", "2026-06-01", "--layout", "standard",
                       "--paper", "a4")
    return code, json.loads(out)


def test_changed_content_without_a_new_version_is_refused_at_the_version_line(capsys,
                                                                              tmp_path):
    repo = _repo(tmp_path)
    content = repo / "content.yaml"
    content.write_text(four_changes(tmp_path).read_text(encoding="utf-8"), encoding="utf-8")
    code, report = _strict_base(capsys, content)
    assert code == 2
    found = [f for f in report["findings"] if f["path"] == "meta.version"]
    assert len(found) == 1, report["findings"]
    version_line = next(i for i, line in enumerate(content.read_text().splitlines(), 1)
                        if line.startswith("  version:"))
    assert (found[0]["line"], found[0]["column"]) == (version_line, 3)
    assert "changed since main (4 changes, 2 touching safety)" in found[0]["message"]


def test_changed_content_with_a_new_version_is_accepted(capsys, tmp_path):
    repo = _repo(tmp_path)
    content = repo / "content.yaml"
    content.write_text(OLD.read_text(encoding="utf-8").replace("per_day: 100", "per_day: 75")
                       .replace('version: "0.1"', 'version: "0.2"')
                       .replace("published: 2026-01-01", "published: 2026-02-01"),
                       encoding="utf-8")
    code, report = _strict_base(capsys, content)
    assert code == 0, report["findings"]


def test_a_new_version_needs_a_later_published_date(capsys, tmp_path):
    repo = _repo(tmp_path)
    content = repo / "content.yaml"
    content.write_text(OLD.read_text(encoding="utf-8").replace("per_day: 100", "per_day: 75")
                       .replace('version: "0.1"', 'version: "0.2"'), encoding="utf-8")
    code, report = _strict_base(capsys, content)
    assert code == 2
    assert [f["path"] for f in report["findings"]] == ["meta.published"]


def test_unchanged_content_passes_against_its_base(capsys, tmp_path):
    repo = _repo(tmp_path)
    code, report = _strict_base(capsys, repo / "content.yaml")
    assert code == 0, report["findings"]


# -- the review record ---------------------------------------------------------------------
def _with_signoff(tmp_path: Path, signed: str) -> Path:
    path = tmp_path / "signed.yaml"
    path.write_text(OLD.read_text(encoding="utf-8").replace(
        "    - {name: Test Reviewer, role: Pharmacist}",
        f"    - {{name: Test Reviewer, role: Pharmacist, signed_off: {signed}}}"),
        encoding="utf-8")
    return path


def _about_text(content: Path) -> str:
    pdf = pipeline.build_one(pipeline.load(content), registry.discover()["standard"], "a4")
    return " ".join(" ".join(p.extract_text().split()) for p in reader(pdf).pages)


def test_reviewed_by_is_printed_only_from_a_signoff_of_this_version(tmp_path):
    signed = _about_text(_with_signoff(tmp_path, "2026-01-05"))
    assert "Reviewed by Test Reviewer (Pharmacist) on 5 January 2026." in signed
    unsigned = _about_text(OLD)
    assert "Reviewed by" not in unsigned
    assert "Written and checked by: Test Author (Author); Test Reviewer (Pharmacist)." \
        in unsigned


def test_a_signoff_older_than_the_version_is_refused_under_strict(capsys, tmp_path):
    path = _with_signoff(tmp_path, "2025-12-01")
    code, out, _ = run(capsys, "--check", "--strict", "--content", path, "--format", "json",
                       "--today", "2026-06-01", "--layout", "standard", "--paper", "a4")
    findings = json.loads(out)["findings"]
    assert code == 2
    assert [(f["path"], f["line"]) for f in findings] == [("meta.reviewers[0].signed_off", 16)]
    assert "older than version 0.1 (published 2026-01-01)" in findings[0]["message"]
    assert "Reviewed by" not in _about_text(path)


def test_a_signoff_in_the_future_is_an_error(capsys, tmp_path):
    path = _with_signoff(tmp_path, "2026-07-01")
    code, out, _ = run(capsys, "--check", "--content", path, "--format", "json",
                       "--today", "2026-06-01", "--layout", "standard", "--paper", "a4")
    findings = json.loads(out)["findings"]
    assert code == 2
    assert [(f["severity"], f["path"]) for f in findings] == [
        ("error", "meta.reviewers[0].signed_off")]


# -- the dose plan is compared field by field, whatever its shape ------------------------------
@dataclasses.dataclass(frozen=True)
class _Regimen:
    name: str
    per_dose: tuple[float, float] | None
    times_a_day: tuple[int, int]


@dataclasses.dataclass(frozen=True)
class _Dosing:
    unit: str
    regimens: tuple[_Regimen, ...]
    maximum: float


def test_nested_dosing_records_are_compared_field_by_field():
    base = pipeline.load(OLD)
    old = dataclasses.replace(base, dosing=_Dosing("mg", (_Regimen("tablets", (10, 20), (1, 1)),),
                                                   100))
    new = dataclasses.replace(base, dosing=_Dosing("mg", (_Regimen("tablets", (10, 25), (1, 2)),
                                                          _Regimen("liquid", None, (1, 1))), 100))
    got = [(c.safety, c.kind, c.what, c.before, c.after) for c in diff.compare(old, new).changes]
    assert got == [
        (True, "changed", "regimen 1, amount per dose", "10 to 20 mg", "10 to 25 mg"),
        (True, "changed", "regimen 1, times a day", "1 to 1", "1 to 2"),
        (True, "added", "regimen 2, name", "", "liquid"),
        (True, "added", "regimen 2, amount per dose", "", "none"),
        (True, "added", "regimen 2, times a day", "", "1 to 1"),
    ]


def test_a_dose_reworded_in_any_section_is_a_safety_change(tmp_path):
    def leaflet(dose: str):
        path = tmp_path / f"{dose}.yaml"
        path.write_text(OLD.read_text(encoding="utf-8").replace(
            "Testmedicine is a medicine used in tests.",
            f"Testmedicine is a medicine used in tests. Most people take {dose} mg."),
            encoding="utf-8")
        return pipeline.load(path)

    changes = diff.compare(leaflet("10"), leaflet("20")).changes
    assert [(c.safety, c.kind, c.where) for c in changes] == [
        (True, "reworded", "What is testmedicine? > paragraph 1")]


def test_citations_and_reworded_items_read_as_one_change_each(tmp_path):
    path = tmp_path / "new.yaml"
    path.write_text(four_changes(tmp_path).read_text(encoding="utf-8").replace(
        "items: [Chest pain]", "items: [Sudden chest pain, A fit]\n        cite: [S1, S2]").replace(
        "        cite: [S1]\n      - type: table", "      - type: table"), encoding="utf-8")
    changes = [(c.kind, c.what, c.before, c.after)
               for c in diff.compare(pipeline.load(OLD), pipeline.load(path)).changes
               if c.where.startswith("Side effects")]
    assert changes == [("reworded", "emergency sign", "Chest pain", "Sudden chest pain"),
                       ("cited", "sources cited", "", "S2")]


def test_a_markdown_report_too_long_for_one_comment_keeps_safety_first(tmp_path):
    report = diff.compare(pipeline.load(OLD), pipeline.load(four_changes(tmp_path)))
    full = diff_report.markdown_report(report)
    short = diff_report.markdown_report(report, limit=len(full) - 100)
    assert len(short) < len(full)
    items = [line for line in short.splitlines() if line.startswith("- ")]
    assert 0 < len(items) < 4  # the first ones in order: safety first, none skipped
    assert items == [line for line in full.splitlines() if line.startswith("- ")][:len(items)]
    assert f"*{4 - len(items)} more change" in short and "not shown here" in short
