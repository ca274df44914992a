"""The output folder changes all at once or not at all: signals, kill -9, concurrent builds,
a full disk, a held lock, a wrong --out, closed pipes and odd terminals.

Signals and concurrency run the real command in a subprocess. `HANDOUT_TEST_PAUSE_BEFORE_PUBLISH`
(handout/output.py) makes it pause after staging every file, before the commit, and say so on
stderr, so a test can stop it in the middle of the write phase.
"""

from __future__ import annotations

import errno
import fcntl
import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from handout import incremental, output, registry
from handout.cli import main
from handout.errors import WriteError
from handout.validate import ID_LENGTH

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
# A4 and Letter: two files, so a half publish would show
STANDARD = ["--layout", "standard", "--paper", "all"]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry (hidden ones too) with its bytes and modification time."""
    return {p.name: (p.read_bytes() if p.is_file() else b"<folder>", p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding an earlier build of the minimal leaflet."""
    out = tmp_path_factory.mktemp("earlier") / "out"
    assert main(["--content", str(MINIMAL), *STANDARD, "--out", str(out)]) == 0
    return out


@pytest.fixture
def out(earlier: Path, tmp_path: Path) -> Path:
    """A copy of the earlier build, with its modification times."""
    folder = tmp_path / "out"
    folder.mkdir()
    for file in earlier.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
        os.utime(folder / file.name, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns))
    return folder


def changed_content(tmp_path: Path) -> Path:
    """The minimal leaflet with the same id and a different title: other bytes, same names."""
    content = tmp_path / "changed.yaml"
    content.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "title: Testmedicine for headaches", "title: Testmedicine for migraine"),
        encoding="utf-8")
    return content


STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_process_left() -> Iterator[None]:
    """A failing test must not leave a paused build running for a minute."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.communicate()


def _default_sigint() -> None:
    # a shell's background job starts with SIGINT ignored; the build must get Ctrl-C
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(content: Path, out: Path, pause: float | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != output.PAUSE_ENV}
    if pause is not None:
        env[output.PAUSE_ENV] = str(pause)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_pdf.py"), "--content", str(content), *STANDARD,
         "--force", "--out", str(out)], cwd=ROOT, env=env, text=True, preexec_fn=_default_sigint,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    STARTED.append(process)
    return process


def wait_for_pause(process: subprocess.Popen[str]) -> None:
    """Read stderr until the process says it is pausing before the publish."""
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(f"{output.PAUSE_ENV}: pausing"):
            return
    pytest.fail(f"never paused; exit {process.wait()}")


def staging_folders(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith(output.STAGING_PREFIX)]


# -- signals and kill -9 ------------------------------------------------------------------

@pytest.mark.parametrize(("signum", "code", "name"), [(signal.SIGTERM, 143, "SIGTERM"),
                                                      (signal.SIGINT, 130, "Ctrl-C")])
def test_a_signal_in_the_write_phase_stops_cleanly(signum: int, code: int, name: str, out: Path,
                                                    tmp_path: Path) -> None:
    before = snapshot(out)
    process = start(changed_content(tmp_path), out, pause=60)
    wait_for_pause(process)
    assert staging_folders(out), "every file is staged before the pause"
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr
    assert f"stopped by {name}" in stderr
    assert "Traceback" not in stdout + stderr
    assert stdout == "", "nothing reported as written"
    assert snapshot(out) == before, "the folder is byte for byte as it was, staging removed"


def test_kill_9_in_the_write_phase_is_repaired_by_the_next_run(
        out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(out)
    content = changed_content(tmp_path)
    process = start(content, out, pause=60)
    wait_for_pause(process)
    process.kill()
    process.communicate(timeout=30)
    # what kill -9 can leave: the staging folder and the lock file, beside untouched PDFs
    left = snapshot(out)
    assert {n: v for n, v in left.items() if n.endswith(".pdf")} == {
        n: v for n, v in before.items() if n.endswith(".pdf")}
    assert staging_folders(out)

    code = main(["--content", str(content), *STANDARD, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "removed 1 unfinished file(s) or folder(s) of a killed build" in err
    assert sorted(p.name for p in out.iterdir()) == sorted(before), "no staging, no lock"
    assert all(snapshot(out)[n][0] != before[n][0] for n in before), "the new build is in"


def test_a_publish_killed_half_way_is_finished_by_the_next_run(out: Path) -> None:
    """kill -9 after the commit mark, one file moved in: the next run moves in the rest."""
    names = sorted(p.name for p in out.iterdir())
    new = {name: f"new {name}".encode() for name in names}
    staging = output._stage(out, new)
    output._commit(staging)
    os.replace(staging / names[0], out / names[0])  # the first rename happened, then kill -9
    assert (out / names[0]).read_bytes() == new[names[0]]
    assert (out / names[1]).read_bytes() != new[names[1]], "a mix, as kill -9 can leave"

    done = output.repair(out)
    assert "finished publishing" in done
    assert snapshot(out).keys() == set(names)
    assert {n: v[0] for n, v in snapshot(out).items()} == new


# -- concurrent builds ----------------------------------------------------------------------

def test_concurrent_builds_into_one_folder_take_turns(out: Path, tmp_path: Path) -> None:
    first = start(MINIMAL, out, pause=60)
    wait_for_pause(first)  # the first build holds the lock, its files staged
    second = start(changed_content(tmp_path), out)
    assert second.stderr is not None
    waiting = second.stderr.readline()
    assert waiting.startswith(f"waiting for another handout build to finish writing into {out}")
    first.send_signal(signal.SIGTERM)  # the first gives up; the second goes on at once
    first.communicate(timeout=30)
    _, second_err = second.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (143, 0), second_err
    # the second build's files, whole, and nothing else (no staging folder, no lock file)
    reference = tmp_path / "reference"
    assert main(["--content", str(changed_content(tmp_path)), *STANDARD,
                 "--out", str(reference)]) == 0
    assert snapshot(out).keys() == snapshot(reference).keys()
    assert {n: v[0] for n, v in snapshot(out).items() if n != incremental.MANIFEST} == \
        {n: v[0] for n, v in snapshot(reference).items() if n != incremental.MANIFEST}


def test_a_lock_held_too_long_is_a_clear_error(out: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(out)
    monkeypatch.setattr(output, "LOCK_WAIT_SECONDS", 0.3)
    with open(out / output.LOCK_NAME, "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)  # another build, writing into the same folder
        code = main(["--content", str(MINIMAL), *STANDARD, "--force", "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 1, err
        assert "another handout build has been writing into" in err
        assert "hint: wait for it to finish, or choose another --out" in err
        assert snapshot(out) == {**before, output.LOCK_NAME: snapshot(out)[output.LOCK_NAME]}
    (out / output.LOCK_NAME).unlink()
    assert snapshot(out) == before


# -- the file system says no ------------------------------------------------------------------

def test_a_full_disk_while_staging_changes_nothing(out: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    before = snapshot(out)
    writes = []

    def full(fd: int) -> None:
        writes.append(fd)
        if len(writes) == 2:  # the first file is staged, the second does not fit
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    code = main(["--content", str(changed_content(tmp_path)), *STANDARD, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "error: could not write" in err and "No space left on device" in err
    assert f"hint: nothing in {out} was changed" in err
    assert "Traceback" not in err
    assert snapshot(out) == before


@pytest.mark.parametrize("where", ["file", "below_file"])
def test_out_that_is_not_a_folder(where: str, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "a-file"
    file.write_text("keep me", encoding="utf-8")
    target = file if where == "file" else file / "leaflets"
    assert main(["--content", str(MINIMAL), *STANDARD, "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"error: cannot write into {target}: " in err
    assert "hint: give --out the path of a folder" in err
    assert file.read_text(encoding="utf-8") == "keep me"


def test_out_with_a_name_too_long(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / ("x" * 300) / "out"
    assert main(["--content", str(MINIMAL), *STANDARD, "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "error: cannot write into " in err and "File name too long" in err
    assert "hint: choose a shorter --out path" in err
    assert list(tmp_path.iterdir()) == []


def test_out_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    # as root a read-only folder can still be written, so ask os.access to say no
    monkeypatch.setattr(output.os, "access", lambda path, mode: False)
    assert main(["--content", str(MINIMAL), *STANDARD, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"error: cannot write into {tmp_path}: permission denied" in err
    assert "hint: choose a folder you can write to with --out" in err
    assert not (tmp_path / "o").exists()


def test_a_folder_where_a_pdf_goes_is_refused_before_anything_changes(
        out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (out / "test-leaflet-standard-letter.pdf").unlink()
    (out / "test-leaflet-standard-letter.pdf").mkdir()
    before = snapshot(out)
    assert main(["--content", str(MINIMAL), *STANDARD, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {out / 'test-leaflet-standard-letter.pdf'}: a folder" in err
    assert snapshot(out) == before, "the A4 file was not replaced either"


def test_a_failed_publish_removes_a_folder_it_made(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "x")

    monkeypatch.setattr(output, "_stage", refuse)
    with pytest.raises(WriteError):
        output.publish(tmp_path / "new" / "out", {"a.pdf": b"a"})
    assert not (tmp_path / "new" / "out").exists()


def test_the_longest_id_gives_file_names_every_file_system_takes() -> None:
    layouts = registry.discover().values()
    longest = max(len(f"-{layout.name}-{paper}-imposed.pdf")
                  for layout in layouts for paper in layout.papers)
    assert ID_LENGTH + longest < 255 // 2, "and room to spare for a longer layout name"


# -- pipes and terminals ------------------------------------------------------------------------

def test_a_closed_pipe_ends_quietly() -> None:
    """`handout --list-layouts | head -0`: the reader is gone before the first line."""
    process = subprocess.Popen([sys.executable, str(ROOT / "make_pdf.py"), "--list-layouts"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert stderr == b""


def test_a_terminal_that_cannot_show_a_character(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """PYTHONIOENCODING=latin-1, and a lone surrogate escape in a text: --check still reports."""
    content = tmp_path / "odd.yaml"
    content.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "text: Testmedicine is a medicine used in tests.",
        'text: "Testmedicine \\ud800 is a medicine used in tests (≥ 1 …)."'), encoding="utf-8")
    buffers = {name: io.BytesIO() for name in ("stdout", "stderr")}
    streams = {name: io.TextIOWrapper(buffer, encoding="latin-1")
               for name, buffer in buffers.items()}
    for name, stream in streams.items():
        monkeypatch.setattr(sys, name, stream)
    assert main(["--check", "--content", str(content)]) == 2
    for stream in streams.values():
        stream.flush()
    report = b"".join(b.getvalue() for b in buffers.values()).decode("latin-1")
    assert "\\ud800" in report and "is in no font we embed" in report
    assert "\\u2265 1 \\u2026" in report, "characters latin-1 lacks are escaped, not fatal"
