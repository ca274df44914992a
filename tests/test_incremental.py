"""Incremental builds: nothing changed, nothing written; one input changed, only what depends
on it rebuilt; a hand-edited or deleted PDF, or a build killed half way, is noticed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, written

from handout import incremental, output
from handout.cli import main

TWO = ["--layout", "standard", "--layout", "dose-card", "--paper", "a4"]
STANDARD_PDF = "amitriptyline-migraine-standard-a4.pdf"
CARD_PDF = "amitriptyline-migraine-dose-card-a4.pdf"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry (the record too) with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture(autouse=True)
def _printed(capsys: pytest.CaptureFixture[str]) -> None:
    global _capture
    _capture = capsys


_capture: pytest.CaptureFixture[str] | None = None  # this test's, for `build`


def build(content: Path, out: Path, *extra: str) -> list[str]:
    """Run a build; the lines naming each PDF."""
    assert main(["--content", str(content), *TWO, "--out", str(out), *extra]) == 0
    assert _capture is not None
    return [line for line in _capture.readouterr().out.splitlines() if line.endswith("KB)")]


def wrote(lines: list[str]) -> list[str]:
    return sorted(Path(line.split()[1]).name for line in lines if line.startswith("wrote "))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content.yaml"
    shutil.copy(CONTENT, copy)
    return copy


def test_a_second_build_writes_nothing_and_says_so(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert wrote(build(content, out)) == [CARD_PDF, STANDARD_PDF]
    before = snapshot(out)
    lines = build(content, out)
    assert wrote(lines) == []
    assert sorted(Path(line.split()[1]).name for line in lines) == [CARD_PDF, STANDARD_PDF]
    assert all(line.startswith("unchanged ") for line in lines)
    assert snapshot(out) == before, "bytes and modification times as they were"


def test_the_no_op_imports_no_reportlab_layout_engine(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(content, out)
    done = subprocess.run([sys.executable, "-X", "importtime", "make_pdf.py", "--content",
                           str(content), *TWO, "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert "unchanged " in done.stdout
    imported = done.stderr
    assert "handout.incremental" in imported, "the measurement works"
    for module in ("reportlab.platypus", "pikepdf", "pypdf", "handout.pipeline"):
        assert f" {module}\n" not in imported, module


def test_changed_content_rebuilds_every_output(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(content, out)
    content.write_text(content.read_text(encoding="utf-8") + "\n# reviewed again\n",
                       encoding="utf-8")
    assert wrote(build(content, out)) == [CARD_PDF, STANDARD_PDF]


def test_a_changed_layout_module_rebuilds_only_that_layout(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the keys read handout's and the layouts' files from a copy, which the test may edit
    tree = tmp_path / "tree"
    for folder in ("handout", "layouts"):
        shutil.copytree(ROOT / folder, tree / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(incremental, "_ROOT", tree)
    out = tmp_path / "out"
    build(content, out)
    card = tree / "layouts" / "dose_card.py"
    card.write_text(card.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert wrote(build(content, out)) == [CARD_PDF]
    shared = tree / "handout" / "kit.py"
    shared.write_text(shared.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert wrote(build(content, out)) == [CARD_PDF, STANDARD_PDF], "shared code: every layout"


def test_other_options_rebuild(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(content, out)
    assert wrote(build(content, out, "--crop-marks")) == [CARD_PDF, STANDARD_PDF]
    assert wrote(build(content, out, "--crop-marks")) == []
    assert wrote(build(content, out, "--crop-marks", "--force")) == [CARD_PDF, STANDARD_PDF]


@pytest.mark.parametrize("damage", ["delete", "edit"])
def test_a_pdf_deleted_or_edited_by_hand_is_rebuilt(damage: str, content: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(content, out)
    good = (out / CARD_PDF).read_bytes()
    if damage == "delete":
        (out / CARD_PDF).unlink()
    else:
        (out / CARD_PDF).write_bytes(good.replace(b"/Title", b"/Tytle", 1))
    assert wrote(build(content, out)) == [CARD_PDF]
    assert (out / CARD_PDF).read_bytes() == good


def test_a_build_killed_while_publishing_is_made_right_by_the_next(
        content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(content, out)
    content.write_text(content.read_text(encoding="utf-8") + "\n# reviewed again\n",
                       encoding="utf-8")
    reference = tmp_path / "reference"
    build(content, reference)
    # kill -9 between staging and the commit mark: the staging folder stays behind
    env = {**os.environ, output.PAUSE_ENV: "60"}
    process = subprocess.Popen([sys.executable, "make_pdf.py", "--content", str(content), *TWO,
                                "--out", str(out)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not any(p.name.startswith(output.STAGING_PREFIX) and (p / CARD_PDF).exists()
                      for p in out.iterdir()):
            assert time.monotonic() < deadline and process.poll() is None, "never staged"
            time.sleep(0.05)
        time.sleep(0.3)  # every staged file written
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert wrote(build(content, out)) == [CARD_PDF, STANDARD_PDF]
    assert written(out) == written(reference)
    assert all((out / name).read_bytes() == (reference / name).read_bytes()
               for name in written(out))
    assert incremental.Record.read(out).request == incremental.Record.read(reference).request
    assert wrote(build(content, out)) == []


def test_a_record_ahead_of_its_pdfs_rebuilds_them(content: Path, tmp_path: Path) -> None:
    """kill -9 after the commit mark with only the record moved in: its hashes do not match
    the PDFs, so the next build makes them again (after the repair moves the rest in)."""
    out = tmp_path / "out"
    build(content, out)
    record = json.loads((out / incremental.MANIFEST).read_text(encoding="utf-8"))
    for entry in record["outputs"].values():
        entry["files"] = {name: "0" * 64 for name in entry["files"]}
    (out / incremental.MANIFEST).write_text(json.dumps(record), encoding="utf-8")
    assert wrote(build(content, out)) == [CARD_PDF, STANDARD_PDF]
    assert wrote(build(content, out)) == []
    assert written(out) == [CARD_PDF, STANDARD_PDF]


def test_an_unreadable_record_means_a_full_build(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(content, out)
    (out / incremental.MANIFEST).write_bytes(b"{not json")
    assert wrote(build(content, out)) == [CARD_PDF, STANDARD_PDF]


def test_every_option_is_an_input_unless_listed_as_none(content: Path) -> None:
    """An option added later (say a language) is in the keys without touching this module;
    --out, --jobs, --force and --traceback are not; --strict only in the request's key."""
    from handout.cli import parser

    def request(*extra: str, **added: object) -> incremental.Request:
        args = parser().parse_args(["--content", str(content), *extra])
        vars(args).update(added)
        return incremental.Request.from_args(args, "2026-12-01")

    plain = request()
    assert request(lang="es").shared() != request(lang="en").shared()
    assert request("--bleed").shared() != plain.shared()
    assert request("--out", "elsewhere", "--jobs", "1", "--force").key() == plain.key()
    assert request("--strict").shared() == plain.shared()
    assert request("--strict").key() != plain.key()
