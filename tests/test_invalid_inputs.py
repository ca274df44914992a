"""Bad content files: each must give a located message, exit code 2 and no PDF.

Every file in tests/data/invalid states what it must produce in its leading comments:

    # expect: 12:5: unknown key 'titel'      <- line:column: part of the message
    # hint: did you mean 'title'?            <- optional: part of that problem's hint line
    # expect: 30: ...                        <- column left out: any column

The expectations list every problem, in the order they are reported (by line, then column).
Cases that cannot carry such a header (not UTF-8, over 1 MiB, zero bytes, ...) are written
into a temporary directory by the tests below.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from handout.cli import main
from handout.loader import MAX_BYTES

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINIMAL = TESTS / "data" / "minimal.yaml"
INVALID = TESTS / "data" / "invalid"
FILES = sorted(INVALID.glob("*.yaml"))
MARKER = "pwned-by-yaml-tag"  # what yaml_python_tag.yaml would create if its tag ever ran

_EXPECT = re.compile(r"# expect: (?P<line>\d+)(?::(?P<column>\d+))?: (?P<message>.+)")
_HINT = re.compile(r"# hint: (?P<hint>.+)")
_HEADER = re.compile(r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                     r"(?P<message>.*)")
_SUMMARY = re.compile(r"(?P<count>\d+) input errors?; no PDF written\.")


@dataclass
class Expect:
    line: int | None  # None: a problem with no place in the file (e.g. it cannot be read)
    column: int | None
    message: str
    hint: str | None = None


@dataclass
class Reported:
    """One problem as printed: its first line, then the indented lines under it."""

    line: int | None
    column: int | None
    message: str
    body: list[str]
    severity: str = "error"

    @property
    def hint(self) -> str | None:
        return next((b[len("    hint: "):] for b in self.body if b.startswith("    hint: ")),
                    None)


def expectations(path: Path) -> list[Expect]:
    expects: list[Expect] = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.startswith("#"):
            break
        if m := _EXPECT.fullmatch(text):
            column = int(m["column"]) if m["column"] else None
            expects.append(Expect(int(m["line"]), column, m["message"]))
        elif m := _HINT.fullmatch(text):
            assert expects, f"{path.name}: '# hint:' must follow an '# expect:' line"
            expects[-1].hint = m["hint"]
    return expects


def parse_report(stderr: str, file: Path) -> list[Reported]:
    """Split stderr into problems; check the summary line that ends it."""
    lines = stderr.rstrip("\n").split("\n")
    summary = _SUMMARY.fullmatch(lines.pop())
    assert summary, f"no summary line at the end of:\n{stderr}"
    reported: list[Reported] = []
    for text in lines:
        if text.startswith("    "):
            assert reported, f"an indented line before any problem:\n{stderr}"
            reported[-1].body.append(text)
        elif m := _HEADER.fullmatch(text):
            assert m["file"] == str(file), text
            reported.append(Reported(int(m["line"]), int(m["column"]), m["message"], [],
                                     m["severity"]))
        elif text.startswith("error: "):
            reported.append(Reported(None, None, text[len("error: "):], []))
        else:
            pytest.fail(f"unexpected line {text!r} in:\n{stderr}")
    assert int(summary["count"]) == len(reported), stderr
    return reported


def source_lines(file: Path) -> list[str] | None:
    try:
        return file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


def run_and_check(file: Path, expects: list[Expect], out: Path,
                  capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command line in-process on `file`, check everything, return stderr."""
    assert expects, f"{file.name}: no '# expect:' lines: the case would check nothing"
    started = time.perf_counter()
    code = main(["--content", str(file), "--out", str(out)])
    elapsed = time.perf_counter() - started
    captured = capsys.readouterr()
    stderr = captured.err

    assert "Traceback" not in captured.out + stderr
    assert "internal error" not in stderr, stderr
    assert code == 2, stderr
    assert captured.out == "", "nothing is reported as written"
    assert elapsed < 2, f"refusing {file.name} took {elapsed:.1f} s"
    assert not out.exists() or not any(out.iterdir()), "no PDF (nor a temporary file) written"

    reported = [r for r in parse_report(stderr, file) if r.severity == "error"]
    assert len(reported) == len(expects), f"expected {len(expects)} problems, got:\n{stderr}"
    places = [(r.line or 0, r.column or 0) for r in reported]
    assert places == sorted(places), f"problems not in line order:\n{stderr}"

    shown = source_lines(file)
    for want, got in zip(expects, reported, strict=True):
        where = f"{file.name}: expected {want}\ngot:\n{stderr}"
        assert got.line == want.line, where
        if want.column is not None:
            assert got.column == want.column, where
        assert want.message in got.message, where
        if want.hint is not None:
            assert got.hint is not None and want.hint in got.hint, where
        if got.line is not None and shown and got.line <= len(shown):
            # the offending line, then a caret under the column
            assert got.body[0] == "    " + shown[got.line - 1].expandtabs(1), where
            assert got.body[1] == "    " + " " * (got.column - 1) + "^", where
    return stderr


# -- the committed cases -----------------------------------------------------------------

def test_there_are_enough_cases() -> None:
    assert len(FILES) >= 12


@pytest.mark.parametrize("file", FILES, ids=[f.stem for f in FILES])
def test_invalid_file(file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where the python-tag case would create its marker file
    run_and_check(file, expectations(file), tmp_path / "out", capsys)
    assert not (tmp_path / MARKER).exists(), "a YAML tag ran a command"


# -- cases made on the fly ---------------------------------------------------------------

def _minimal() -> bytes:
    return MINIMAL.read_bytes()


def _replace(old: bytes, new: bytes) -> Callable[[], bytes]:
    def make() -> bytes:
        data = _minimal()
        assert data.count(old) == 1
        return data.replace(old, new)
    return make


# minimal.yaml line 4 is "  title: Testmedicine for headaches"
GENERATED: dict[str, tuple[Callable[[], bytes], list[Expect]]] = {
    "not_utf8": (  # Latin-1 'é' after a real (two-byte) UTF-8 'é': the column counts characters
        _replace(b"title: Testmedicine", "title: Café Testm".encode() + b"\xe9dicine"),
        [Expect(4, 20, "the file is not UTF-8 text (byte 0xe9)", "save the file as UTF-8")]),
    "over_1_mib": (
        lambda: _minimal() + b"# padding\n" * (MAX_BYTES // 10 + 1),
        [Expect(1, 1, "a content file may be at most 1,048,576",
                "check that this is the right file")]),
    "zero_bytes": (lambda: b"", [Expect(1, 1, "the file is empty")]),
    "only_blank_lines": (lambda: b"\n  \n\n", [Expect(1, 1, "the file is empty")]),
    "control_character": (
        _replace(b"Testmedicine for", b"Testmedicine\x07 for"),
        [Expect(4, 22, "the special character U+0007 is not allowed", "delete it")]),
    "nested_too_deeply": (
        _replace(b"title: Testmedicine for headaches",
                 b"title: " + b"[" * 3000 + b"]" * 3000),
        [Expect(4, None, "the content is nested too deeply")]),
    "dosing_unit_100k_chars": (  # minimal.yaml line 24 is "  unit: mg"
        _replace(b"  unit: mg\n", b"  unit: " + b"m" * 100_000 + b"\n"),
        [Expect(24, 9, "dosing.unit: 'mmmm", "write a short unit word such as mg")]),
    "top_level_list": (
        lambda: b"- meta\n- sources\n",
        [Expect(1, 1, "expected a mapping (key: value lines), got a list")]),
}


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_invalid_file(name: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    make, expects = GENERATED[name]
    file = tmp_path / f"{name}.yaml"
    file.write_bytes(make())
    run_and_check(file, expects, tmp_path / "out", capsys)


def test_content_that_is_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "content.yaml"
    folder.mkdir()
    run_and_check(folder, [Expect(None, None, f"cannot read {folder}")], tmp_path / "out",
                  capsys)


def test_content_that_does_not_exist(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.yaml"
    run_and_check(missing, [Expect(None, None, f"cannot read {missing}")], tmp_path / "out",
                  capsys)


# -- end to end and the files already there ----------------------------------------------

def test_command_line_end_to_end(tmp_path: Path) -> None:
    """The real command in a fresh process: exit 2, a message, no traceback, nothing run."""
    file = INVALID / "yaml_python_tag.yaml"
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(ROOT / "make_pdf.py"), "--content", str(file), "--out", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    expect = expectations(file)[0]
    assert f"{file}:{expect.line}:{expect.column}: error: {expect.message}" in result.stderr
    assert result.stderr.rstrip().endswith("1 input error; no PDF written.")
    assert not (tmp_path / MARKER).exists()
    assert not out.exists()


@pytest.mark.parametrize("bad", ["several_problems.yaml", "missing_glyph.yaml"])
def test_failed_build_leaves_existing_pdf_untouched(bad: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    options = ["--layout", "standard", "--paper", "a4", "--out", str(out)]
    assert main(["--content", str(MINIMAL), *options]) == 0, capsys.readouterr().err
    pdfs = sorted(out.iterdir())
    assert [p.name for p in pdfs] == ["test-leaflet-standard-a4.pdf"]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in pdfs]
    # the bad file has the same meta.id, so a build would overwrite the same file name
    content = tmp_path / bad
    shutil.copy(INVALID / bad, content)
    assert "  id: test-leaflet\n" in content.read_text(encoding="utf-8")

    assert main(["--content", str(content), *options]) == 2
    assert "no PDF written" in capsys.readouterr().err
    assert sorted(out.iterdir()) == pdfs, "no new (or temporary) file"
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in pdfs] == before
