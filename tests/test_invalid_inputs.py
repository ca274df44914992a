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

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import written

from handout.cli import main
from handout.errors import SHOWN_COLUMNS
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
    """The lines of a regular file up to the size limit (a FIFO or /dev/zero is never read)."""
    try:
        if not file.is_file():
            return None
        with file.open("rb") as handle:
            return handle.read(MAX_BYTES).decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


def assert_line_and_caret(got: Reported, line: str, where: str) -> None:
    """The offending line (a window of it when it is long), then a caret under the column."""
    shown, caret = got.body[0][4:], got.body[1][4:]
    assert got.body[0].startswith("    ") and caret.strip() == "^", where
    if len(line) <= SHOWN_COLUMNS:
        assert shown == line, where
        assert len(caret) == got.column, where
    else:  # a window of the line, cut with '…' on the side(s) left out
        assert len(shown) <= SHOWN_COLUMNS + 2, where
        assert shown.strip("…") in line, where
    if got.column <= len(line):
        assert shown[len(caret) - 1] == line[got.column - 1], where


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
    assert elapsed < 10, f"refusing {file.name} took {elapsed:.1f} s: a hang?"
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
        assert got.hint, f"every problem has a hint: {where}"
        if want.hint is not None:
            assert want.hint in got.hint, where
        if got.line is not None and shown and got.line <= len(shown):
            assert_line_and_caret(got, shown[got.line - 1].expandtabs(1), where)
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
    "zero_bytes": (lambda: b"", [Expect(1, 1, "the file holds no content", "start with")]),
    "only_blank_lines": (lambda: b"\n  \n\n", [Expect(1, 1, "the file holds no content")]),
    "only_document_start": (lambda: b"---\n", [Expect(1, 4, "the file holds no content")]),
    "only_a_comment": (lambda: b"# to do\n", [Expect(1, 1, "the file holds no content")]),
    "open_quote_at_end": (
        lambda: _minimal() + b"extra: \"not closed\n",
        [Expect(MINIMAL.read_bytes().count(b"\n") + 1, 8, "found unexpected end of stream",
                "close the quote")]),
    "control_character": (
        _replace(b"Testmedicine for", b"Testmedicine\x07 for"),
        [Expect(4, 22, "the special character U+0007 is not allowed", "delete it")]),
    "nested_too_deeply": (
        _replace(b"title: Testmedicine for headaches",
                 b"title: " + b"[" * 3000 + b"]" * 3000),
        [Expect(4, None, "the content is nested too deeply")]),
    "dosing_unit_100k_chars": (  # minimal.yaml line 24 is "  unit: mg"
        _replace(b"  unit: mg\n", b"  unit: " + b"m" * 100_000 + b"\n"),
        [Expect(24, 9, "dosing.unit: the text is 100,000 characters long", "split it")]),
    "maximum_infinite": (
        _replace(b"maximum: {per_day: 100}", b"maximum: {per_day: .inf}"),
        [Expect(31, 22, "'.inf' is not a finite number", "write an ordinary number")]),
    "range_not_a_number": (
        _replace(b"per_dose: [10, 50]", b"per_dose: [10, .nan]"),
        [Expect(27, 22, "'.nan' is not a finite number", "write an ordinary number")]),
    "float_overflow": (
        _replace(b"{start: 10,", b"{start: 1.0e+400,"),
        [Expect(30, 26, "is not a finite number")]),
    "number_out_of_range": (
        _replace(b"year: 2024", b"year: 20240000000000000000000"),
        [Expect(21, 11, "is out of range (at most 1,000,000", "extra digits")]),
    "id_too_long": (
        _replace(b"id: test-leaflet", b"id: " + b"a" * 65),
        [Expect(3, 7, "is not a valid id", "at most 64")]),
    "empty_list": (
        _replace(b"items: [Chest pain, A fit]", b"items: []"),
        [Expect(67, 16, "the list is empty", "add at least one item")]),
    "kind_without_close_match": (
        _replace(b"kind: urgent", b"kind: zzzz"),
        [Expect(65, 15, "'zzzz' is not one of", "write one of: ")]),
    "list_for_a_text": (
        _replace(b"heading: Side effects", b"heading: [Side, effects]"),
        [Expect(61, 14, "expected text, got a list", "write one text")]),
    "long_line_shown_as_a_window": (
        _replace(b"text: Testmedicine is a medicine used in tests.",
                 b"text: " + b"word " * 60_000 + b"\x07"),
        [Expect(39, 300_015, "the special character U+0007", "delete it")]),
    "text_too_long": (
        _replace(b"text: Testmedicine is a medicine used in tests.",
                 b"text: " + b"Take it at night. " * 20_000),
        [Expect(39, 15, "the text is 359,999 characters long; one text may have at most 20,000",
                "split it")]),
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


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_content_that_is_not_a_regular_file(kind: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO would wait for ever for a writer, /dev/zero never ends: refused unread."""
    if kind == "fifo":
        path = tmp_path / "content.yaml"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    run_and_check(path, [Expect(None, None, f"cannot read {path}: it is not a regular file")],
                  tmp_path / "out", capsys)


def test_a_huge_sparse_file_is_refused_without_reading_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2 GiB on paper, nothing on disk: refused after reading 1 MiB + 1 byte, and the error
    shows its first line without reading the rest."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"meta:\n")
        handle.truncate(2 * 1024**3)
    stderr = run_and_check(path, [Expect(1, 1, f"larger than {MAX_BYTES:,} bytes")],
                           tmp_path / "out", capsys)
    assert "    meta:\n    ^\n" in stderr


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
    pdfs = sorted(out.iterdir())  # with the build record
    assert written(out) == ["test-leaflet-standard-a4.pdf"]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in pdfs]
    # the bad file has the same meta.id, so a build would overwrite the same file name
    content = tmp_path / bad
    shutil.copy(INVALID / bad, content)
    assert "  id: test-leaflet\n" in content.read_text(encoding="utf-8")

    assert main(["--content", str(content), *options]) == 2
    assert "no PDF written" in capsys.readouterr().err
    assert sorted(out.iterdir()) == pdfs, "no new (or temporary) file"
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in pdfs] == before
