"""Patients (issue 11): a plan file's dated steps on the real "Your plan" PDF, the plan's checks
against the leaflet, batches from a CSV, and no patient detail anywhere but on the page."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import page
import pikepdf
import pytest
from conftest import ROOT
from pdfread import marked_text, structure

from handout import errors, paragraph, personal, plan, registry
from handout.errors import InputError

TODAY = dt.date(2026, 12, 2)
NAME = "Zebediah Quixmoor"  # planted: found on the plan page and nowhere else


@cache
def strengths_content(tmp: Path) -> Path:
    """The shipped leaflet with tablet strengths, so the plan counts tablets."""
    text = (ROOT / "content.yaml").read_text(encoding="utf-8")
    path = tmp / "content.yaml"
    path.write_text(text.replace("      per_dose: [10, 75]\n",
                                 "      per_dose: [10, 75]\n      strengths: [10, 25, 50]\n", 1),
                    encoding="utf-8")
    return path


def plan_file(tmp: Path, body: str) -> Path:
    path = tmp / "plan.yaml"
    path.write_text("leaflet: amitriptyline-migraine\n" + body, encoding="utf-8")
    return path


def table_rows(pdf: bytes) -> list[list[str]]:
    """The plan table as a screen reader gets it: one list of cell texts per TR."""
    marked = marked_text(pdf)
    return [[cell.text(marked) for cell in row.kids]
            for row in structure(pdf).walk() if row.role == "TR"]


def load(tmp: Path, body: str, content: Path | None = None) -> tuple[plan.Plan, object]:
    from handout import pipeline

    found = pipeline.load(content or ROOT / "content.yaml")
    return plan.load(plan_file(tmp, body), found, TODAY)[0], found


@pytest.mark.parametrize(("start", "dates"), [
    ("2026-11-23", ["Monday 23 November 2026", "Monday 7 December 2026",
                    "Monday 21 December 2026"]),  # a month end
    ("2026-12-21", ["Monday 21 December 2026", "Monday 4 January 2027",
                    "Monday 18 January 2027"]),  # a year end
    ("2028-02-15", ["Tuesday 15 February 2028", "Tuesday 29 February 2028",
                    "Tuesday 14 March 2028"]),  # a leap day
])
def test_plan_table_dates_doses_and_tablets(tmp_path: Path, start: str,
                                             dates: list[str]) -> None:
    content = strengths_content(tmp_path)
    found, lf = load(tmp_path, f"start: {start}\nsteps:\n  - 10 mg for 2 weeks\n"
                                f"  - 20 mg for 2 weeks\n  - 30 mg\n", content)
    rows = table_rows(personal.render(lf, found, "a4"))
    assert rows[0] == ["From", "Dose", "How many", "When"]
    when = "Once a day, 1 to 2 hours before bed"
    times = "\u00d7"  # the multiplication sign
    assert rows[1:] == [[dates[0], "10 mg", f"1 {times} 10 mg", when],
                        [dates[1], "20 mg", f"2 {times} 10 mg", when],
                        [dates[2], "30 mg", f"3 {times} 10 mg", when]]


def test_titration_plan_follows_the_leaflet_to_the_target(tmp_path: Path) -> None:
    found, lf = load(tmp_path, "start: 2026-12-07\nsteps: titration\nevery_weeks: 1\n"
                               "target: 30\nreview: 2027-01-18\n")
    pdf = personal.render(lf, found, "a4")
    assert [r[:2] for r in table_rows(pdf)[1:]] == [
        ["Monday 7 December 2026", "10 mg"], ["Monday 14 December 2026", "20 mg"],
        ["Monday 21 December 2026", "30 mg"]]
    assert "Monday 18 January 2027" in " ".join(marked_text(pdf).values())


@pytest.mark.parametrize(("body", "message"), [
    ("start: 2026-12-07\nsteps: [10 mg for 2 weeks, 90 mg]\n",
     "above the leaflet's usual top dose (75 mg)"),
    ("start: 2026-12-07\nsteps: [10 mg for 2 weeks, 30 mg]\n", "goes up by 20 mg"),
    ("start: 2026-12-07\nsteps: [10 mg for 2 weeks, 20 mg from 2026-12-10]\n",
     "goes up 3 days after"),
    ("start: 2026-12-07\nsteps: [25 mg]\n", "above the leaflet's starting dose"),
    ("regimen: patches\nstart: 2026-12-07\nsteps: titration\n", "no regimen 'patches'"),
    ("start: 2026-12-07\nsteps: [ten mg]\n", "is not a step"),
])
def test_a_plan_the_leaflet_does_not_allow_is_a_located_error(
        tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load(tmp_path, body)
    report = err.value.report()
    assert message in report
    assert f"{tmp_path / 'plan.yaml'}:" in report and "hint:" in report


def test_cli_refuses_a_bad_plan_and_writes_nothing(tmp_path: Path) -> None:
    path = plan_file(tmp_path, f"start: 2026-12-07\nsteps: [90 mg]\nname: {NAME}\n")
    done = run_cli("--patient", str(path), "--out", str(tmp_path / "out"),
                   "--layout", "dose-card", "--today", TODAY.isoformat())
    assert done.returncode == 2, done.stderr
    assert "steps[0]" in done.stderr and NAME not in done.stderr + done.stdout
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("body", [
    f"start: 2026-12-07\nsteps: titration\nnmae: {NAME}\n",  # a misspelt key
    f'start: 2026-12-07\nsteps: titration\nname: "{NAME}\n',  # a quote left open
    f"start: 2026-12-07\nsteps: titration\nname: {NAME}\n\tprescriber: Dr X\n",  # a tab
])
def test_no_message_about_a_plan_quotes_a_line(tmp_path: Path, body: str) -> None:
    """Any line of a plan may hold the patient's name: messages say where, never the line."""
    path = plan_file(tmp_path, body)
    done = run_cli("--patient", str(path), "--out", str(tmp_path / "out"),
                   "--today", TODAY.isoformat())
    assert done.returncode == 2, done.stderr
    assert f"{path}:" in done.stderr and "hint:" in done.stderr
    assert "Zebediah" not in done.stderr + done.stdout


def test_a_start_in_the_past_is_a_warning(tmp_path: Path) -> None:
    from handout import pipeline

    path = plan_file(tmp_path, "start: 2026-10-01\nsteps: titration\n")
    _, warnings = plan.load(path, pipeline.load(ROOT / "content.yaml"), TODAY)
    assert [w.severity for w in warnings] == ["warning"]
    assert "in the past" in warnings[0].message


def test_plan_pdf_is_pdf_ua_and_pdf_a(tmp_path: Path) -> None:
    found, lf = load(tmp_path, f"start: 2026-12-07\nsteps: titration\nname: {NAME}\n")
    pdf = personal.render(lf, found, "letter")
    for profile in (page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A):
        report = page.validate_pdf_bytes(pdf, profile=profile)
        assert not report.failures, [f.message for f in report.failures]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "make_pdf.py"), *args],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120)


def metadata_text(pdf: bytes) -> str:
    """Info, XMP and outline titles: what a file says about itself."""
    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        parts = [str(v) for v in doc.docinfo.values()]
        parts.append(bytes(doc.Root.Metadata.read_bytes()).decode("utf-8", "replace"))
        with doc.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                parts.append(item.title)
                stack += item.children
    return "\n".join(parts)


def test_a_planted_name_is_on_the_page_and_nowhere_else(tmp_path: Path) -> None:
    path = plan_file(tmp_path, f"start: 2026-12-07\nsteps: titration\nname: {NAME}\n")
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    done = run_cli("--patient", str(path), "--out", str(out), "--layout", "dose-card",
                   "--today", TODAY.isoformat(), env={"TMPDIR": str(tmp)})
    assert done.returncode == 0, done.stderr
    names = [p.name for p in out.rglob("*")] + [p.name for p in tmp.rglob("*")]
    assert names and not any("zebediah" in n.lower() or "quixmoor" in n.lower() for n in names)
    assert NAME not in done.stdout + done.stderr
    mine = out / "amitriptyline-migraine-your-plan-a4.pdf"
    pdf = mine.read_bytes()
    assert f"For: {NAME}" in " ".join(marked_text(pdf).values())
    for file in out.iterdir():
        assert NAME not in metadata_text(file.read_bytes()), file.name
    assert not list(tmp.rglob("*"))  # nothing written outside the output folder


def test_a_patients_pages_leave_nothing_in_the_paragraph_memo(tmp_path: Path) -> None:
    """handout.paragraph remembers parsed texts between builds: never a patient's."""
    found, lf = load(tmp_path, f"start: 2026-12-07\nsteps: titration\nname: {NAME}\n")
    personal.render(lf, found, "a4")
    personal.card(lf, found, registry.discover()["dose-card"], "a4")
    assert not [key for key in paragraph._parsed if NAME in str(key[0])]


def test_a_plan_files_text_is_not_kept_after_loading(tmp_path: Path) -> None:
    """The loader keeps each file's text to place its messages (handout.errors): a plan's,
    which holds a name, is dropped as soon as it is read, whether it loads or is refused."""
    good = f"start: 2026-12-07\nsteps: titration\nname: {NAME}\n"
    load(tmp_path, good)
    with pytest.raises(InputError):
        load(tmp_path, good.replace("name:", "nmae:"))
    assert not [text for text in errors._SOURCES.values() if NAME in "\n".join(text.lines)]


# -- batches ---------------------------------------------------------------------------------
HEADER = "leaflet,regimen,start,steps,target,every_weeks,taper,review,name,prescriber\n"
BAD = {  # CSV line -> (a row the leaflet does not allow, the column its error names)
    12: (f"amitriptyline-migraine,,2026-12-07,10 mg for 2 weeks; 90 mg,,,,,{NAME},", 4),
    50: ("amitriptyline-migraine,,2026-13-07,titration,,,,,,", 3),
    99: ("amitriptyline-migraine,patches,2026-12-07,titration,,,,,,", 2),
    150: (f"amitriptyline-migraine,,2026-12-07,10 mg for 2 weeks; 30 mg,,,,,{NAME},", 4),
    201: ("amitriptyline-migraine,,2026-12-07,titration,,9x,,,,", 6),
}


def batch_csv(tmp: Path, rows: int = 200) -> Path:
    """`rows` patients on lines 2..rows+1; the lines in BAD are bad, the others vary."""
    lines = [HEADER]
    start = dt.date(2026, 12, 7)
    for line in range(2, rows + 2):
        if line in BAD:
            lines.append(BAD[line][0] + "\n")
            continue
        day = (start + dt.timedelta(days=line)).isoformat()
        steps = "titration" if line % 3 else "10 mg for 2 weeks; 20 mg for 4 weeks; 30 mg"
        target = "30" if line % 3 else ""
        lines.append(f"amitriptyline-migraine,,{day},{steps},{target},,,,{NAME} {line},\n")
    path = tmp / "patients.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_batch_builds_the_good_rows_and_locates_the_bad_ones(tmp_path: Path) -> None:
    csv_file = batch_csv(tmp_path)
    runs = []
    for out in (tmp_path / "first", tmp_path / "second"):
        done = run_cli("--batch", str(csv_file), "--out", str(out), "--layout", "standard",
                       "--jobs", "2", "--today", TODAY.isoformat())
        assert done.returncode == 1, done.stderr
        runs.append(done)
    done = runs[0]
    plans = sorted((tmp_path / "first").glob("*-your-plan-*.pdf"))
    assert len(plans) == 195
    assert not any(f"-row{line}.pdf" in p.name for p in plans for line in BAD)
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert {int(e.removeprefix(f"{csv_file}:").split(":")[0]) for e in errors} == set(BAD)
    for line, (_, column) in BAD.items():
        assert any(e.startswith(f"{csv_file}:{line}:{column}: error:") and f"row {line}" in e
                   for e in errors), (line, errors)
    assert "wrote the plans of 195 patients of 200 rows" in done.stdout
    assert "5 bad rows" in done.stdout
    assert done.stderr.count(" of 200 rows") == 2  # one line per hundred rows, off a terminal
    log = done.stdout + done.stderr
    assert NAME not in log and "Quixmoor" not in log
    for first in (tmp_path / "first").iterdir():  # the same batch again: the same bytes
        assert (tmp_path / "second" / first.name).read_bytes() == first.read_bytes(), first
    assert not any("quixmoor" in p.name.lower() for p in (tmp_path / "first").iterdir())
    row2 = (tmp_path / "first" / "amitriptyline-migraine-your-plan-a4-row2.pdf").read_bytes()
    assert NAME not in metadata_text(row2)
    assert f"For: {NAME} 2" in " ".join(marked_text(row2).values())


def test_one_job_two_jobs_and_a_dask_cluster_give_the_same_bytes(tmp_path: Path) -> None:
    """11 rows (line 12 is bad) with dated cards: the same files and the same located error
    from one process, two processes and a real local Dask cluster (loopback only)."""
    from distributed import LocalCluster

    from handout import dask_pool, patients

    csv_file = batch_csv(tmp_path, rows=11)

    def batch(name: str, **how: object) -> tuple[dict[str, bytes], list[str]]:
        out = tmp_path / name
        outcome = patients.run_batch(ROOT / "content.yaml", csv_file,
                                     [pipeline_layout("dose-card")], None, out, today=TODAY,
                                     **how)
        assert outcome.patients == 10
        return ({p.name: p.read_bytes() for p in out.iterdir()},
                [p.format() for p in outcome.problems])

    one = batch("jobs1", jobs=1)
    assert len([n for n in one[0] if "-your-card-" in n]) == 10  # a dated card per patient
    assert [e.split(": error:")[0] for e in one[1]] == [f"{csv_file}:12:4"] * len(one[1])
    assert batch("jobs2", jobs=2) == one
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None, processes=True) as cluster:
        port = cluster.scheduler_address.rsplit(":", 1)[1]
        assert batch("dask", pool=dask_pool.pool(f"dask://127.0.0.1:{port}")) == one


def test_executor_must_be_a_dask_address(tmp_path: Path) -> None:
    done = run_cli("--batch", str(batch_csv(tmp_path, rows=2)), "--executor", "tcp://x:1",
                   "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "dask://HOST:PORT" in done.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--executor", "dask://127.0.0.1:1"], "--executor is for a batch"),
    (["--patient", "plan.yaml", "--preview"], "--preview does not work with --patient"),
    (["--patient", "plan.yaml", "--lang", "all"], "one language for one country"),
    (["--batch", "rows.csv", "--locale", "en-US", "--locale", "en-GB"],
     "one language for one country"),
])
def test_options_a_patient_build_cannot_honour_are_refused(
        args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from handout.cli import main

    assert main([*args, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_spanish_plan_for_the_us(tmp_path: Path) -> None:
    """--lang es: the plan, its card and the leaflet in Spanish, for the translation's
    country (es-US: Letter, US dates in Spanish), every file named like the leaflet's."""
    path = plan_file(tmp_path, f"start: 2026-12-07\nsteps: titration\nname: {NAME}\n")
    out = tmp_path / "out"
    done = run_cli("--patient", str(path), "--lang", "es", "--layout", "standard",
                   "--layout", "dose-card", "--out", str(out), "--today", TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    prefix = "amitriptyline-migraine-es"
    assert sorted(p.name for p in out.iterdir()) == [
        f"{prefix}-{kind}-letter.pdf" for kind in ("dose-card", "standard", "your-card",
                                                   "your-plan")]
    words = " ".join(marked_text((out / f"{prefix}-your-plan-letter.pdf").read_bytes())
                     .values())
    assert "Su plan" in words and f"Para: {NAME}" in words
    assert "lunes 7 de diciembre de 2026" in words and "10 mg" in words
    assert NAME not in done.stdout + done.stderr


def pipeline_layout(name: str) -> object:
    from handout import registry

    return registry.discover()[name]


def test_the_dose_card_shows_the_dated_steps(tmp_path: Path) -> None:
    from handout import registry

    found, lf = load(tmp_path, f"start: 2026-12-28\nsteps: [10 mg for 2 weeks, 20 mg]\n"
                               f"taper: []\nname: {NAME}\n".replace("taper: []\n", ""))
    pdf = personal.card(lf, found, registry.select(["dose-card"])[0], "a4")
    assert table_rows(pdf) == [["From", "Dose"], ["Monday 28 December 2026", "10 mg"],
                               ["Monday 11 January 2027", "20 mg"]]
    text = " ".join(marked_text(pdf).values())
    assert "Date started" not in text and "Your steps:" in text
    assert NAME not in metadata_text(pdf) and NAME not in text  # the card has no name
    for profile in (page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A):
        report = page.validate_pdf_bytes(pdf, profile=profile)
        assert not report.failures, [f.message for f in report.failures]


def test_ctrl_c_stops_a_batch_cleanly(tmp_path: Path) -> None:
    import signal

    csv_file = batch_csv(tmp_path)
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    build = subprocess.Popen(
        [sys.executable, str(ROOT / "make_pdf.py"), "--batch", str(csv_file), "--out", str(out),
         "--layout", "standard", "--jobs", "2", "--today", TODAY.isoformat()],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp)})
    try:
        first = build.stderr.readline()  # "100 of 200 rows": the workers are busy
        assert "of 200 rows" in first, first
        build.send_signal(signal.SIGINT)
        _, stderr = build.communicate(timeout=60)
    finally:
        build.kill()
    assert build.returncode == 130, stderr
    assert "stopped by Ctrl-C: no plan written" in stderr and "Traceback" not in stderr
    assert not out.exists() or not list(out.iterdir())  # no PDF, no staging folder, no lock
    assert not list(tmp.iterdir())


def test_rows_with_an_empty_or_an_extra_cell_are_bad_rows(tmp_path: Path) -> None:
    from handout import pipeline
    from handout.layout import PrintOptions
    from handout.patients import Job, read_rows, render_row

    path = tmp_path / "patients.csv"
    path.write_text(HEADER + f"amitriptyline-migraine,,,titration,,,,,{NAME},\n"
                    "amitriptyline-migraine,,2026-12-07,titration,,,,,,,surplus\n",
                    encoding="utf-8")
    job = Job(pipeline.load(ROOT / "content.yaml"), "a4", PrintOptions(), TODAY, None, False)
    results = [render_row(job, row) for row in read_rows(path)]
    assert [(number, made) for number, made, _ in results] == [(2, {}), (3, {})]
    first, second = (InputError(problems).report() for _, _, problems in results)
    assert f"{path}:2:3: error: start: row 2: is empty" in first
    assert f"{path}:3:11: error: row 3: more cells than the header has columns" in second
    assert NAME not in first + second and "surplus" not in second


def test_a_csv_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    from handout.patients import read_rows

    path = tmp_path / "patients.csv"
    path.write_bytes(HEADER.encode() + "amitriptyline-migraine,,2026-12-07,titration,,,,,Jos\xe9,\n"
                     .encode("latin-1"))
    with pytest.raises(InputError) as err:
        read_rows(path)
    assert "not a UTF-8 CSV file" in err.value.report()


def test_a_bad_header_is_shown_and_the_rows_below_are_not_kept(tmp_path: Path) -> None:
    """A header error quotes the header line; the patients' rows are never kept in memory
    to show it (handout.errors keeps the text it shows lines from)."""
    from handout.patients import read_rows

    path = tmp_path / "patients.csv"
    path.write_text(HEADER.replace("name", "nmae")
                    + f"amitriptyline-migraine,,2026-12-07,titration,,,,,{NAME},\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_rows(path)
    report = err.value.report()
    assert "unknown column 'nmae'" in report and HEADER.replace("name", "nmae").strip() in report
    assert NAME not in report
    assert not [text for text in errors._SOURCES.values() if NAME in "\n".join(text.lines)]


def test_ctrl_c_while_a_batch_is_staged_writes_nothing(tmp_path: Path) -> None:
    import signal

    from handout import output

    out = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, str(ROOT / "make_pdf.py"), "--batch", str(batch_csv(tmp_path, 3)),
         "--out", str(out), "--layout", "standard", "--jobs", "1", "--today",
         TODAY.isoformat()], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, output.PAUSE_ENV: "30"})
    try:
        for line in build.stderr:  # every file staged, the commit not yet made
            if line.startswith(f"{output.PAUSE_ENV}: pausing"):
                break
        build.send_signal(signal.SIGINT)
        _, stderr = build.communicate(timeout=60)
    finally:
        build.kill()
    assert build.returncode == 130, stderr
    assert "stopped by Ctrl-C: no plan written" in stderr
    assert not out.exists() or not list(out.iterdir())
