"""`output` without a build: `publish` and its steps called directly on a folder, with a fault
injected at each write step, and every file and folder left on disk compared exactly.

tests/test_output.py stops real builds (signals, kill -9, concurrent runs); this file is the
fast one `.ci/mutation output` scores (docs/mutation.md).
"""

from __future__ import annotations

import errno
import fcntl
import io
import os
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from handout import output
from handout.errors import HandoutError, InputError, WriteError

OLD = {"a.pdf": b"old a", "notes.txt": b"the user's own file"}
NEW = {"a.pdf": b"new a", "b.pdf": b"new b"}
NOTHING_CHANGED = "nothing in {out} was changed; fix the cause and run again"
MOVING = ("the new files were being moved into {out} when this happened; run the same "
          "command again: it finishes that first")
LOCK_HOLDER = "another handout build has been writing into {out} for over 60 s (it holds {lock})"


def tree(folder: Path) -> dict[str, bytes | str]:
    """Everything below `folder`, hidden entries too: file -> bytes, folder -> "<folder>"."""
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else "<folder>"
            for p in sorted(folder.rglob("*"))}


def filled(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def said(error: pytest.ExceptionInfo[HandoutError]) -> tuple[str, str]:
    [problem] = error.value.problems
    return problem.message, problem.hint


def staging_folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.name.startswith(output.STAGING_PREFIX))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding an earlier build and a file of the user's."""
    return filled(tmp_path / "out", OLD)


@pytest.fixture
def notes() -> list[str]:
    return []


# -- a publish that works ---------------------------------------------------------------------
def test_publish_replaces_and_adds_files_and_leaves_nothing_else(out: Path,
                                                                 notes: list[str]) -> None:
    output.publish(out, NEW, notes.append)
    assert tree(out) == {**OLD, **NEW}  # no staging folder, no lock file, no commit mark
    assert notes == []


def test_published_files_are_readable_by_everyone_whatever_the_umask(out: Path) -> None:
    strict = os.umask(0o077)
    try:
        output.publish(out, NEW, print)
    finally:
        os.umask(strict)
    assert {name: stat.S_IMODE((out / name).stat().st_mode) for name in NEW} == {
        "a.pdf": 0o644, "b.pdf": 0o644}


def test_publish_makes_the_folder_and_its_parents(tmp_path: Path) -> None:
    output.publish(tmp_path / "new" / "out", NEW, print)
    assert tree(tmp_path) == {"new": "<folder>", "new/out": "<folder>", "new/out/a.pdf": b"new a",
                              "new/out/b.pdf": b"new b"}


def test_the_lock_is_held_on_the_file_that_is_there_while_publishing(
        out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another build opening `.handout.lock` meanwhile would wait; afterwards it is gone."""
    lock = out / output.LOCK_NAME
    held = []
    stage = output._stage

    def staging_and_checking(folder: Path, files: dict[str, bytes]) -> Path:
        held.append(_taken(lock))
        return stage(folder, files)

    monkeypatch.setattr(output, "_stage", staging_and_checking)
    output.publish(out, NEW, print)
    assert held == [True]
    assert not lock.exists()


def test_a_lock_file_removed_by_the_build_before_is_locked_anew(
        out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build before us removes `.handout.lock` just as we lock the file we opened: we
    must lock the new file, or a third build could lock that one and write beside us."""
    lock = out / output.LOCK_NAME
    flock, calls, held = fcntl.flock, [], []

    def removed_first(fd: int, operation: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            lock.unlink()
        flock(fd, operation)

    stage = output._stage

    def staging_and_checking(folder: Path, files: dict[str, bytes]) -> Path:
        held.append(_taken(lock))
        return stage(folder, files)

    monkeypatch.setattr(output.fcntl, "flock", removed_first)
    monkeypatch.setattr(output, "_stage", staging_and_checking)
    opened = descriptors(monkeypatch)
    output.publish(out, NEW, print)
    assert held == [True]
    assert tree(out) == {**OLD, **NEW}
    assert opened == {}, "the removed file's lock closed too"


def descriptors(monkeypatch: pytest.MonkeyPatch) -> dict[int, str]:
    """The descriptors `os.open` gives and `os.close` has not closed yet, with their paths."""
    opened: dict[int, str] = {}
    real_open, real_close = os.open, os.close

    def opening(path: str | Path, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        opened[fd] = str(path)
        return fd

    def closing(fd: int) -> None:
        opened.pop(fd, None)
        real_close(fd)

    monkeypatch.setattr(output.os, "open", opening)
    monkeypatch.setattr(output.os, "close", closing)
    return opened


def _taken(lock: Path) -> bool:
    """Whether `lock` exists and someone holds it alone (another open of it cannot even
    share it)."""
    if not lock.exists():
        return False
    with open(lock) as other:
        try:
            fcntl.flock(other, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(other, fcntl.LOCK_UN)
        return False


# -- another build holds the folder -----------------------------------------------------------
@pytest.fixture
def holder(out: Path) -> Iterator[io.TextIOWrapper]:
    """Another build's lock on the folder."""
    with open(out / output.LOCK_NAME, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield handle


def test_a_build_waits_for_the_lock_and_says_so_once(
        out: Path, holder: io.TextIOWrapper, notes: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 3:
            holder.close()  # the other build is done

    monkeypatch.setattr(output.time, "sleep", nap)
    opened = descriptors(monkeypatch)
    output.publish(out, NEW, notes.append)
    assert notes == [f"waiting for another handout build to finish writing into {out} ..."]
    assert naps == [0.1, 0.1, 0.1]
    assert tree(out) == {**OLD, **NEW}
    assert opened == {}, "each try's lock file closed"


def test_a_lock_held_too_long_is_an_error_that_changes_nothing(
        out: Path, holder: io.TextIOWrapper, notes: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(1000))
    monkeypatch.setattr(output.time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(output.time, "sleep", lambda seconds: None)
    before = tree(out)
    with pytest.raises(WriteError) as error:
        output.publish(out, NEW, notes.append)
    assert said(error) == (LOCK_HOLDER.format(out=out, lock=out / output.LOCK_NAME),
                           "wait for it to finish, or choose another --out")
    assert next(clock) == 62, "a try each second: the 61st, after 60 s, gave up"
    assert len(notes) == 1
    assert tree(out) == before, "the other build's lock file stays"


# -- a fault at each write step ---------------------------------------------------------------
def fail_at(monkeypatch: pytest.MonkeyPatch, name: str, nth: int, fault: OSError) -> None:
    """Make the `nth` call of `output.os.<name>` (fsync, replace) raise `fault`."""
    real = getattr(os, name)
    calls = []

    def faulty(*args: object) -> object:
        calls.append(args)
        if len(calls) == nth:
            raise fault
        return real(*args)

    monkeypatch.setattr(output.os, name, faulty)


FULL = OSError(errno.ENOSPC, "No space left on device")


# fsync, in order: a.pdf, b.pdf, the staging folder, the commit mark, the output folder
@pytest.mark.parametrize("nth", [1, 2, 3, 4], ids=["file1", "file2", "staged", "commit"])
def test_a_fault_before_the_commit_changes_nothing(nth: int, out: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(out)
    fail_at(monkeypatch, "fsync", nth, FULL)
    with pytest.raises(WriteError) as error:
        output.publish(out, NEW, print)
    assert said(error) == (f"could not write {out}: No space left on device",
                           NOTHING_CHANGED.format(out=out))
    assert tree(out) == before


@pytest.mark.parametrize("nth", [1, 4])
def test_a_fault_before_the_commit_removes_a_folder_it_made(
        nth: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_at(monkeypatch, "fsync", nth, FULL)
    with pytest.raises(WriteError):
        output.publish(tmp_path / "out", NEW, print)
    assert tree(tmp_path) == {}


def test_a_fault_keeps_an_empty_folder_that_was_there(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").mkdir()
    fail_at(monkeypatch, "fsync", 1, FULL)
    with pytest.raises(WriteError):
        output.publish(tmp_path / "out", NEW, print)
    assert tree(tmp_path) == {"out": "<folder>"}


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt, whatever the process running the tests set."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("ctrl_c")
def test_a_signal_before_the_commit_changes_nothing(out: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(out)
    monkeypatch.setattr(output, "_pause_for_tests",
                        lambda: os.kill(os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        output.publish(out, NEW, print)
    assert tree(out) == before


@pytest.mark.usefixtures("ctrl_c")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_the_commit_waits_until_every_file_is_in(
        signum: int, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With another thread running, as beside a Dask client: the kernel may hand the signal
    to that thread, and Python still runs the handler in the main thread."""
    commit, handlers = output._commit, {}

    class Terminated(Exception):
        pass

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    def committing_and_interrupted(staging: Path) -> None:
        commit(staging)
        handlers.update((s, signal.getsignal(s)) for s in (signal.SIGINT, signal.SIGTERM))
        os.kill(os.getpid(), signum)  # held back until the files are in

    monkeypatch.setattr(output, "_commit", committing_and_interrupted)
    previous = signal.signal(signal.SIGTERM, terminate)
    other = threading.Event()
    threading.Thread(target=other.wait, daemon=True).start()
    try:
        with pytest.raises(KeyboardInterrupt if signum == signal.SIGINT else Terminated):
            output.publish(out, NEW, print)
    finally:
        other.set()
        signal.signal(signal.SIGTERM, previous)
    assert tree(out) == {**OLD, **NEW}
    assert handlers[signal.SIGINT] is not signal.default_int_handler, "its own while held"
    assert handlers[signal.SIGTERM] is not terminate
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler, "restored"


def test_a_publish_from_another_thread(out: Path) -> None:
    """Signals stop only the main thread: one publishing elsewhere needs nothing held."""
    worker = threading.Thread(target=output.publish, args=(out, NEW, print))
    worker.start()
    worker.join()
    assert tree(out) == {**OLD, **NEW}


@pytest.mark.parametrize(("name", "nth", "moved"), [
    ("replace", 1, []), ("replace", 2, ["a.pdf"]), ("fsync", 5, ["a.pdf", "b.pdf"])],
    ids=["move1", "move2", "synced"])
def test_a_fault_after_the_commit_is_finished_by_the_next_publish(
        name: str, nth: int, moved: list[str], out: Path, notes: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fail_at(monkeypatch, name, nth, OSError(errno.EIO, "Input/output error", "x.pdf"))
    with pytest.raises(WriteError) as error:
        output.publish(out, NEW, print)
    assert said(error) == ("could not write x.pdf: Input/output error", MOVING.format(out=out))
    [staging] = staging_folders(out)
    assert tree(out) == {**OLD, **{n: NEW[n] for n in moved}, staging.name: "<folder>",
                         f"{staging.name}/{output.COMMIT_MARK}": b"",
                         **{f"{staging.name}/{n}": NEW[n] for n in NEW if n not in moved}}

    monkeypatch.undo()
    output.publish(out, {"c.pdf": b"new c"}, notes.append)
    assert notes == [f"{out}: finished publishing the files of a build that was killed while "
                     "publishing"]
    assert tree(out) == {**OLD, **NEW, "c.pdf": b"new c"}


def test_a_cleanup_that_finds_nothing_to_clean_does_not_hide_the_first_error(
        out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone empties the folder while it is staged: the error names the file that could
    not be written, not the staging folder that could not be removed."""
    before = tree(out)
    commit = output._commit

    def removed_then_committed(staging: Path) -> None:
        shutil.rmtree(staging)
        commit(staging)

    monkeypatch.setattr(output, "_commit", removed_then_committed)
    with pytest.raises(WriteError) as error:
        output.publish(out, NEW, print)
    message, _ = said(error)
    assert message.startswith(f"could not write {out}/{output.STAGING_PREFIX}")
    assert message.endswith(f"/{output.COMMIT_MARK}: No such file or directory")
    assert tree(out) == before

    monkeypatch.undo()
    fsync = os.fsync

    def removed_while_staging(fd: int) -> None:
        fsync(fd)
        for staging in staging_folders(out):
            shutil.rmtree(staging)

    monkeypatch.setattr(output.os, "fsync", removed_while_staging)
    with pytest.raises(WriteError) as error:
        output.publish(out, NEW, print)
    message, _ = said(error)
    assert message.endswith("/a.pdf: No such file or directory")  # its chmod, after its fsync
    assert tree(out) == before


def test_a_refused_target_changes_nothing(out: Path) -> None:
    (out / "b.pdf").mkdir()
    before = tree(out)
    with pytest.raises(InputError) as error:
        output.publish(out, NEW, print)
    assert said(error) == (f"cannot write {out / 'b.pdf'}: a folder (or other non-file) has "
                           "that name", "move it away, or choose another --out")
    assert tree(out) == before


def test_an_output_folder_that_cannot_be_made(tmp_path: Path) -> None:
    file = filled(tmp_path, {"a-file": b"keep me"}) / "a-file"
    with pytest.raises(WriteError) as error:
        output.publish(file / "out", NEW, print)
    assert said(error) == (f"could not write {file / 'out'}: Not a directory",
                           NOTHING_CHANGED.format(out=file / "out"))
    assert tree(tmp_path) == {"a-file": b"keep me"}


def test_an_output_folder_so_deep_that_a_staged_file_passes_the_path_limit(
        tmp_path: Path) -> None:
    name = "x" * 250 + ".pdf"
    # <out>/<name> stays 20 characters within the limit; its staged path is 27 longer
    want = os.pathconf(tmp_path, "PC_PATH_MAX") - 1 - 20 - len(f"/{name}")
    deep = tmp_path
    while len(str(deep)) + 201 < want - 1:
        deep /= "d" * 200
    deep /= "d" * (want - len(str(deep)) - 1)
    deep.mkdir(parents=True)
    assert len(str(deep)) == want
    output.check_targets(deep, [name])
    with pytest.raises(WriteError) as error:
        output.publish(deep, {name: b"x"}, print)
    message, hint = said(error)
    assert message.startswith(f"could not write {deep}/{output.STAGING_PREFIX}")
    assert message.endswith(".pdf: File name too long")
    assert hint == f"nothing in {deep} was changed; choose a shorter --out path"
    assert list(deep.iterdir()) == []


def test_a_write_error_without_a_file_name_or_a_reason() -> None:
    error = output._write_error(Path("out"), OSError("disk gone"), committed=False)
    assert [(p.message, p.hint) for p in error.problems] == [
        ("could not write out: disk gone", "nothing in out was changed; fix the cause and run "
                                           "again")]


# -- repair: what a killed build left ---------------------------------------------------------
def staged(out: Path, files: dict[str, bytes], committed: bool) -> Path:
    staging = output._stage(out, files)
    if committed:
        output._commit(staging)
    return staging


def test_repair_leaves_everything_that_is_not_a_killed_build(out: Path) -> None:
    filled(out / "folder", {"x.pdf": b"x"})
    filled(out / ".folder.tmp", {"y": b"y"})
    filled(out, {".hidden": b"h", ".handout-manifest.json": b"{}", "plain.tmp": b"t",
                 f"{output.STAGING_PREFIX}file": b"a file, not a staging folder"})
    before = tree(out)
    assert output.repair(out) == ""
    assert tree(out) == before


def test_repair_removes_what_was_never_committed(out: Path) -> None:
    staged(out, NEW, committed=False)
    staged(out, {}, committed=False)
    filled(out, {".a.pdf.tmp": b"half", ".b.pdf.tmp": b"half"})
    assert output.repair(out) == "removed 4 unfinished file(s) or folder(s) of a killed build"
    assert tree(out) == OLD
    staged(out, NEW, committed=False)
    assert output.repair(out) == "removed 1 unfinished file(s) or folder(s) of a killed build"
    assert tree(out) == OLD


def test_repair_finishes_what_was_committed(out: Path) -> None:
    staged(out, NEW, committed=True)
    assert output.repair(out) == ("finished publishing the files of a build that was killed "
                                  "while publishing")
    assert tree(out) == {**OLD, **NEW}
    staged(out, {"c.pdf": b"c"}, committed=True)
    staged(out, {}, committed=False)
    filled(out, {".c.pdf.tmp": b"half"})
    assert output.repair(out) == (
        "finished publishing the files of a build that was killed while publishing; removed 2 "
        "unfinished file(s) or folder(s) of a killed build")
    assert tree(out) == {**OLD, **NEW, "c.pdf": b"c"}


def test_a_move_stopped_half_way_can_run_again(out: Path) -> None:
    """Stopped after the mark was removed, or with some files moved: the same call ends it."""
    staging = staged(out, NEW, committed=True)
    os.replace(staging / "a.pdf", out / "a.pdf")
    output._move_in(staging, out)
    assert tree(out) == {**OLD, **NEW}
    staging = staged(out, {}, committed=False)
    output._move_in(staging, out)
    assert tree(out) == {**OLD, **NEW}


def test_the_staging_folder_is_a_marked_folder_in_the_output_folder(out: Path) -> None:
    staging = output._stage(out, NEW)
    assert staging.parent == out and staging.name.startswith(output.STAGING_PREFIX)
    assert tree(staging) == NEW


def test_publish_says_what_it_repaired(out: Path, notes: list[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    filled(out, {".a.pdf.tmp": b"half"})
    output.publish(out, NEW, notes.append)
    assert notes == [f"{out}: removed 1 unfinished file(s) or folder(s) of a killed build"]
    filled(out, {".a.pdf.tmp": b"half"})
    stderr = buffered(monkeypatch)
    output.publish(out, NEW)  # by default on standard error, at once
    assert stderr.getvalue() == (f"{out}: removed 1 unfinished file(s) or folder(s) of a killed "
                                 "build\n").encode()
    assert tree(out) == {**OLD, **NEW}


# -- notes on standard error ------------------------------------------------------------------
def buffered(monkeypatch: pytest.MonkeyPatch) -> io.BytesIO:
    """Standard error as a buffered stream: what is not flushed does not reach the bytes."""
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(raw, encoding="utf-8"))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    return raw


def test_a_note_reaches_standard_error_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = buffered(monkeypatch)
    output._to_stderr("waiting")
    assert stderr.getvalue() == b"waiting\n"


def test_the_test_pause_says_so_before_it_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = buffered(monkeypatch)
    seen: list[tuple[float, bytes]] = []
    monkeypatch.setattr(output.time, "sleep",
                        lambda seconds: seen.append((seconds, stderr.getvalue())))
    monkeypatch.delenv(output.PAUSE_ENV, raising=False)
    output._pause_for_tests()
    assert seen == []
    monkeypatch.setenv(output.PAUSE_ENV, "0.25")
    output._pause_for_tests()
    assert seen == [(0.25, f"{output.PAUSE_ENV}: pausing 0.25 s before publishing\n".encode())]


# -- check_folder and check_targets: before anything is rendered ------------------------------
def test_a_folder_that_is_there_or_can_be_made_is_accepted(tmp_path: Path) -> None:
    output.check_folder(tmp_path)
    output.check_folder(tmp_path / "new" / "deeper")
    assert tree(tmp_path) == {}, "nothing is made before the build"


GIVE_A_FOLDER = "give --out the path of a folder (it is made if it does not exist)"


def test_an_output_that_is_a_file_or_below_one(tmp_path: Path) -> None:
    file = filled(tmp_path, {"a-file": b"keep me"}) / "a-file"
    with pytest.raises(InputError) as error:
        output.check_folder(file)
    assert said(error) == (f"cannot write into {file}: it is a file, not a folder",
                           GIVE_A_FOLDER)
    with pytest.raises(InputError) as error:
        output.check_folder(file / "leaflets" / "here")
    assert said(error) == (f"cannot write into {file / 'leaflets' / 'here'}: {file} is a file, "
                           "so no folder can be made below it", GIVE_A_FOLDER)


def test_an_output_path_too_long(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300) / "out"
    with pytest.raises(InputError) as error:
        output.check_folder(long)
    assert said(error) == (f"cannot write into {long}: File name too long",
                           "choose a shorter --out path")


def test_publishing_into_a_path_too_long_is_a_write_error(tmp_path: Path) -> None:
    """publish itself, not only check_folder: `handout diff --images` publishes without it."""
    long = tmp_path / ("x" * 300) / "out"
    with pytest.raises(WriteError) as error:
        output.publish(long, {"a.pdf": b"x"}, print)
    assert said(error)[0].endswith("File name too long")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lacking", [os.W_OK, os.X_OK], ids=["write", "enter"])
def test_a_folder_without_permission(lacking: int, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """As root every folder is writable, so os.access answers as for a user without the
    write (or search) permission."""
    asked: list[str] = []

    def access(path: str, mode: int) -> bool:
        asked.append(str(path))
        return not mode & lacking

    monkeypatch.setattr(output.os, "access", access)
    with pytest.raises(InputError) as error:
        output.check_folder(tmp_path / "new" / "out")
    assert said(error) == (f"cannot write into {tmp_path}: permission denied",
                           "choose a folder you can write to with --out")
    assert asked == [str(tmp_path)]


def test_check_targets_refuses_only_a_non_file(out: Path) -> None:
    output.check_targets(out, ["a.pdf", "new.pdf"])
    (out / "new.pdf").mkdir()
    with pytest.raises(InputError) as error:
        output.check_targets(out, ["a.pdf", "new.pdf"])
    assert said(error) == (f"cannot write {out / 'new.pdf'}: a folder (or other non-file) has "
                           "that name", "move it away, or choose another --out")

