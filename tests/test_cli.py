"""The command line as clinic staff and CI use it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, LAYOUTS, ROOT, leaflet, written

from handout.cli import main


def test_default_build_writes_every_layout_on_the_locales_paper(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["--out", str(tmp_path)]) == 0
    stems = [(f"{leaflet().meta.id}-{name}-a4", layout.impose)  # en-GB: A4
             for name, layout in LAYOUTS.items()]
    expected = sorted([f"{stem}.pdf" for stem, _ in stems]
                      + [f"{stem}-imposed.pdf" for stem, impose in stems if impose])
    assert written(tmp_path) == expected
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if line.startswith("wrote ")]) == len(expected)
    # the tri-fold names the detail blocks it left out, one line each
    trifold = next(i for i, line in enumerate(out) if "-trifold-a4.pdf" in line)
    assert "trifold left out" in out[trifold + 1]
    assert out[trifold + 2].startswith("    - ")
    # ... and each block it printed in its short form, by name; so does the dose card
    printed_short = [i for i, line in enumerate(out) if "in their short form" in line]
    assert any(out[i].startswith("  trifold printed") and out[i + 1].startswith("    - ")
               for i in printed_short)
    card = next(i for i, line in enumerate(out) if "-dose-card-a4.pdf" in line)
    assert "dose-card printed 1 block(s) in their short form" in out[card + 2]
    assert out[card + 3] == "    - dosing_and_tapering: Do not stop suddenly"


def test_one_layout_one_paper(tmp_path: Path) -> None:
    assert main(["--content", str(CONTENT), "--layout", "standard", "--paper", "letter",
                 "--out", str(tmp_path)]) == 0
    assert written(tmp_path) == [
        f"{leaflet().meta.id}-standard-letter.pdf"]


def test_list_layouts_names_description_and_papers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-layouts"]) == 0
    out = capsys.readouterr().out
    for name, layout in LAYOUTS.items():
        line = next(x for x in out.splitlines() if x.startswith(name + " "))
        assert layout.description in line
        assert all(paper in line for paper in layout.papers)
    # each layout's roles, on the line under it (issue 8: a new leaflet knows what to add)
    lines = out.splitlines()
    card = lines.index(next(x for x in lines if x.startswith("dose-card ")))
    assert "needs roles: emergency_signs, missed_dose; uses roles: stopping" in lines[card + 1]


def test_unknown_layout_suggests_and_lists(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(CONTENT), "--layout", "standrad", "--out",
                 str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown layout 'standrad'" in err
    assert "did you mean 'standard'?" in err
    assert "available: " in err
    assert not list(tmp_path.iterdir())


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 "):
        assert f"\n  {code}" in out


def test_help_names_the_command_and_lists_every_option(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/handout"])  # the console script
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: handout ")
    assert "--traceback" in out and "--format {text,json}" in out
    for code in ("130", "141"):
        assert f"\n  {code} " in out
    assert "143 stopped by SIGTERM" in out


def test_json_format_without_check_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--format", "json"])
    assert exit_.value.code == 2
    assert "--format json is for the --check report: add --check" in capsys.readouterr().err


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--paper", "a3"])
    assert exit_.value.code == 2


def test_bytes_are_identical_across_processes(tmp_path: Path) -> None:
    """Two fresh interpreters with different hash seeds write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run([sys.executable, "make_pdf.py", "--layout", "standard", "--paper", "a4",
                        "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
        outputs.append([p.read_bytes() for p in sorted(out.glob("*.pdf"))])
    assert outputs[0] == outputs[1]
