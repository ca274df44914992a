"""The content quality gate: `--check`, and every build running the same checks first.

Most cases are data: each file in tests/data/check/ is a leaflet with one thing wrong, and its
header says what must be found:

    # expect: error 44:45: 'canadian pharmacy': online-pharmacy    <- severity line:column: message
    # expect: nothing                                                <- a clean case
    # today: 2026-06-01                                              <- check as of this day
    # args: --strict                                                 <- more options

A case passes when the findings are exactly the expected ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import CONTENT, DATA, written

from handout import check_safety, pipeline
from handout.cli import main
from handout.errors import LayoutError, Location, Problem, locate

CASES = sorted((DATA / "check").glob("*.yaml"))
CLEAN = DATA / "check" / "clean.yaml"
TODAY = "2026-06-01"
# Keep the layout dry run of a passing --check to one PDF: the layouts have their own tests.
ONE_LAYOUT = ["--layout", "standard", "--paper", "a4"]
_EXPECT = re.compile(r"^# expect: (error|warning) (\d+)(?::(\d+))?: (.+)$")


def header(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[2:].partition(": ")
        found.setdefault(key, []).append(value.strip())
    return found


def run_check(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, dict]:
    code = main(["--check", "--content", str(content), "--format", "json", *ONE_LAYOUT,
                 *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = header(case)
    args = head.get("args", [""])[0].split()
    code, report = run_check(capsys, case, "--today", head["today"][0], *args)

    expected = [_EXPECT.match("# expect: " + e) for e in head["expect"] if e != "nothing"]
    assert all(expected), f"{case.name}: a malformed '# expect:' line"
    unmatched = list(report["findings"])
    for want in expected:
        assert want is not None
        severity, line, column, message = want.groups()
        hit = next((f for f in unmatched if f["severity"] == severity
                    and f["line"] == int(line) and (column is None or f["column"] == int(column))
                    and message in f["message"]), None)
        assert hit is not None, f"{case.name}: not found: {want.group(0)}\ngot: {unmatched}"
        unmatched.remove(hit)
    assert not unmatched, f"{case.name}: unexpected findings: {unmatched}"

    errors = any(w.group(1) == "error" for w in expected if w)
    assert code == (2 if errors else 0)
    assert report["passed"] is not errors
    for finding in report["findings"]:
        assert finding["file"] == str(case)
        assert finding["section"], finding
        assert finding["hint"], finding


def test_every_case_file_states_what_it_expects() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        head = header(case)
        assert head.get("expect"), case.name
        assert head.get("today"), case.name


# -- the text report --------------------------------------------------------------------------
def test_text_report_has_the_grade_table_and_the_hardest_sentences(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--content", str(CLEAN), "--today", TODAY, *ONE_LAYOUT]) == 0
    out = capsys.readouterr().out
    table = out[out.index("Reading grade"):out.index("Hardest sentences")]
    for row in ("meta", "overview", "how_it_works", "expected_benefit", "side_effects",
                "dosing_and_tapering", "whole leaflet"):
        assert re.search(rf"^  {row} +\d+\.\d ", table, re.MULTILINE), row
    hardest = out[out.index("Hardest sentences"):]
    assert re.findall(r"^  \d\. grade \d+\.\d, \d+ words, .+:\d+:\d+ \(\w+\)$", hardest,
                      re.MULTILINE).__len__() == 3
    assert out.rstrip().endswith("passed: 0 errors, 0 warnings (dates as of 2026-06-01)")


def test_text_report_shows_the_line_a_caret_and_the_hint(
        capsys: pytest.CaptureFixture[str]) -> None:
    case = DATA / "check" / "dose_1000mg.yaml"
    assert main(["--check", "--content", str(case), "--today", TODAY]) == 2
    out = capsys.readouterr().out
    assert (f"{case}:43:34: error: sections.overview.blocks[0].text: '1000 mg a day' names a "
            "daily total of 1000 mg, which the dosing data does not give") in out
    assert "\n              them. Most people take 1000 mg a day." in out
    assert "\n" + " " * 37 + "^\n" in out
    assert "hint: the daily totals the data gives are 10, 20, 30, 40, 50 and 100 mg" in out
    assert out.rstrip().endswith("refused: 1 error, 0 warnings (dates as of 2026-06-01)")


def test_json_report_lists_findings_grades_and_hardest_sentences(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_check(capsys, DATA / "check" / "review_soon.yaml", "--today", TODAY)
    assert code == 0
    assert report["passed"] is True
    assert (report["errors"], report["warnings"]) == (0, 1)
    [finding] = report["findings"]
    assert finding == {
        "severity": "warning", "kind": "content", "file": str(DATA / "check" / "review_soon.yaml"),
        "line": 14, "column": 3, "section": "meta", "path": "meta.next_review",
        "message": "the review date 2026-07-15 is in 44 days (within 90 days of 2026-06-01)",
        "hint": finding["hint"]}
    assert [g["group"] for g in report["grades"]] == [
        "meta", "overview", "how_it_works", "expected_benefit", "side_effects",
        "dosing_and_tapering", "leaflet"]
    assert all(isinstance(g["grade"], float) for g in report["grades"])
    assert len(report["hardest_sentences"]) == 3
    assert report["limits"] == {"warn_grade": 8, "error_grade": 10}


def test_content_that_does_not_validate_is_reported_in_json_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CLEAN.read_text().replace("  version: \"0.1\"\n", "  version: 0.1\n"))
    code, report = run_check(capsys, bad, "--today", TODAY)
    assert code == 2
    [finding] = report["findings"]
    assert finding["path"] == "meta.version"
    assert "expected text" in finding["message"]
    assert report["grades"] == []


# -- builds run the same checks first ---------------------------------------------------------
def test_a_build_refuses_content_with_an_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    case = DATA / "check" / "spam_click_here_to_buy.yaml"
    assert main(["--content", str(case), "--today", TODAY, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{case}:50:56: error: sections.how_it_works.blocks[0].text: 'Click HERE'" in err
    assert err.rstrip().endswith("2 input errors; no PDF written.")
    assert not list(tmp_path.iterdir())


def test_a_build_prints_warnings_and_builds(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    case = DATA / "check" / "review_soon.yaml"
    assert main(["--content", str(case), "--today", TODAY, "--out", str(tmp_path),
                 *ONE_LAYOUT]) == 0
    captured = capsys.readouterr()
    assert "warning: meta.next_review: the review date 2026-07-15 is in 44 days" in captured.err
    assert "1 content warning" in captured.err
    assert written(tmp_path) == ["check-case-standard-a4.pdf"]


def test_strict_build_refuses_a_warning(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    case = DATA / "check" / "review_soon.yaml"
    assert main(["--content", str(case), "--today", TODAY, "--strict", "--out",
                 str(tmp_path)]) == 2
    assert "error: meta.next_review: the review date" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_check_writes_no_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--check", "--content", str(CLEAN), "--today", TODAY, "--out", str(out)]) == 0
    assert not out.exists()


def test_check_reports_a_layout_failure_with_exit_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise LayoutError([Problem(None, "layout 'standard' on a4: the table does not fit")])

    monkeypatch.setattr(pipeline, "build_all", fail)
    code, report = run_check(capsys, CLEAN, "--today", TODAY)
    assert code == 1
    assert report["findings"][-1]["kind"] == "layout"
    assert report["passed"] is False


def test_dates_are_judged_against_the_real_today_by_default(
        capsys: pytest.CaptureFixture[str]) -> None:
    # clean.yaml was reviewed by 2027-01-01; this long after it, the review has passed
    code, report = run_check(capsys, CLEAN, "--today", "2030-01-01")
    assert code == 2
    code, report = run_check(capsys, CLEAN)
    today = dt.date.today()
    assert report["today"] == today.isoformat()
    review = dt.date(2027, 1, 1)
    assert code == (2 if today > review else 0)  # near the review date: a warning only
    assert report["warnings"] == (1 if 0 <= (review - today).days <= 90 else 0)


def test_a_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--check", "--today", "2026-13-01"])
    assert exit_.value.code == 2
    assert "'2026-13-01' is not a date" in capsys.readouterr().err


# -- metadata that tunes the checks -----------------------------------------------------------
@pytest.mark.parametrize(("meta", "message"), [
    ("  readability: {warn_grade: 12, error_grade: 9}\n",
     "the warning grade (12) is above the error grade (9)"),
    ("  readability: {warn: 12}\n", "unknown key 'warn'"),
    ("  link_domains: [https://nhs.uk/]\n", "'https://nhs.uk/' is not a domain name"),
])
def test_bad_check_settings_are_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             meta: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CLEAN.read_text().replace("  version: \"0.1\"\n",
                                             "  version: \"0.1\"\n" + meta))
    code, report = run_check(capsys, bad, "--today", TODAY)
    assert code == 2
    assert [f["line"] for f in report["findings"]] == [14]
    assert message in report["findings"][0]["message"]


# -- the pieces -------------------------------------------------------------------------------
def test_the_phrase_list_has_every_required_phrase_with_a_reason() -> None:
    rules = {rule.phrase: rule for rule in check_safety.rules()}
    for phrase in ("buy", "order online", "click here", "no prescription",
                   "without a prescription", "miracle", "guaranteed", "cure", "cures"):
        assert phrase in rules, phrase
    assert all(len(rule.reason) > 20 for rule in rules.values())
    assert rules["cure"].negatable and not rules["buy"].negatable
    assert rules["buy"].supply == ("prescription-only",)


def test_no_shared_rule_names_a_medicine_or_a_source() -> None:
    """The shared list holds only what is true for every leaflet: a rule that names one
    medicine, condition or source (a source id in capitals) belongs in that leaflet's claims."""
    for rule in check_safety.rules():
        words = f"{rule.phrase} {rule.reason} {rule.instead}"
        for name in ("amitriptyline", "migraine", "headache", "inflammat", "mood", "nhs"):
            assert name not in words.lower(), (rule.phrase, name)
        assert not re.search(r"\b[A-Z]{2,}\d*\b", words.replace("HTML", "")), rule.phrase


def test_locate_follows_a_needle_across_a_folded_line_break(tmp_path: Path) -> None:
    source = tmp_path / "x.yaml"
    source.write_text("text: >-\n  one two\n  three two\n  three\nnext: two three\n")
    start = Location(str(source), 1, 7)
    assert locate(start, "two three") == Location(str(source), 2, 7)
    assert locate(start, "two three", nth=1) == Location(str(source), 3, 9)
    assert locate(start, "two three", nth=2, within=24) == start  # not in the next text
    assert locate(start, "two three", nth=2) == Location(str(source), 5, 7)


@pytest.mark.skipif(not CONTENT.exists(), reason="content.yaml is not written yet")
def test_the_shipped_content_passes_check_strict(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--check", "--strict", "--content", str(CONTENT), *ONE_LAYOUT])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "whole leaflet" in out


@pytest.mark.parametrize(("added", "message"), [
    ("It reduces inflammation.", "'reduces inflammation': the leaflet's claims list says this "
                                 "is false: amitriptyline is not an anti-inflammatory"),
    ("It may also improve your mood.", "'improve your mood': the leaflet's claims list says"),
    ("Buy it from a canadian pharmacy.", "'canadian pharmacy': online-pharmacy spam"),
    ("You can get it without a prescription.", "'without a prescription': meta.supply says"),
])
def test_the_shipped_leaflet_refuses_the_seed_claims_through_its_own_data(
        added: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The source document's false claims and spam stay refused: the medicine's own claims
    from content.yaml's `claims:`, the spam from the shared list, 'without a prescription'
    because its meta.supply is prescription-only."""
    text = CONTENT.read_text(encoding="utf-8")
    anchor = "      Do not stop suddenly."  # dosing.taper.text, a prose text like any other
    assert text.count(anchor) == 1
    bad = tmp_path / "content.yaml"
    bad.write_text(text.replace(anchor, f"{anchor} {added}"), encoding="utf-8")
    code, report = run_check(capsys, bad, "--today", TODAY)
    assert code == 2
    hits = [f for f in report["findings"] if message in f["message"]]
    assert hits, report["findings"]
    assert all(f["hint"] and f["path"] == "dosing.taper.text" for f in hits)
