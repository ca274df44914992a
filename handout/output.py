"""Write a build's files into the output folder all at once, or not at all.

    check_folder(out)        before rendering: --out is (or can become) a folder we may write
    publish(out, files)      under the folder's lock: repair, stage, commit, move in

`publish` is the only function that changes the output folder. It holds `<out>/.handout.lock`
(an `flock`, so a killed holder never leaves it held) while it

1. repairs what a killed build left: a staging folder with a commit mark is moved in (that
   build had started publishing), any other staging folder is deleted, with old `.*.tmp` files;
2. stages every file in a fresh `<out>/.handout-staging-XXXX/` (written and fsynced);
3. commits: writes `.commit` in the staging folder; from here the new files win;
4. moves each staged file over its final name (`os.replace`, atomic per file) and removes the
   staging folder.

A failure or signal before step 3 deletes the staging folder and leaves every earlier file as
it was. SIGINT and SIGTERM are held back during steps 3 and 4, so only `kill -9` or a crash
can stop a publish half way; the next publish (step 1) then finishes it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from handout.errors import InputError, WriteError

LOCK_NAME = ".handout.lock"
STAGING_PREFIX = ".handout-staging-"
COMMIT_MARK = ".commit"
LOCK_WAIT_SECONDS = 60.0  # how long a build waits for another one writing into the same folder
# Test-only hook (tests/test_output.py): pause this many seconds after staging, before the
# commit, so a test can signal or kill the process in the middle of the write phase.
PAUSE_ENV = "HANDOUT_TEST_PAUSE_BEFORE_PUBLISH"

Notify = Callable[[str], None]


def check_folder(out: Path) -> None:
    """InputError unless `out` is a folder we can write into, or can be made as one. Runs
    before anything is rendered, so a wrong --out is reported at once."""
    existing = out
    try:
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
    except OSError as err:  # a name over 255 bytes, a path over 4,096, a symlink loop
        raise InputError.single(f"cannot write into {out}: {err.strerror}",
                                hint="choose a shorter --out path") from None
    if not existing.is_dir():
        why = ("it is a file, not a folder" if existing == out
               else f"{existing} is a file, so no folder can be made below it")
        raise InputError.single(f"cannot write into {out}: {why}",
                                hint="give --out the path of a folder (it is made if it does "
                                     "not exist)")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError.single(f"cannot write into {existing}: permission denied",
                                hint="choose a folder you can write to with --out")


def check_targets(out: Path, names: list[str]) -> None:
    """InputError when a file to be written is in the way as something else (a folder)."""
    for name in names:
        target = out / name
        if target.exists() and not target.is_file():
            raise InputError.single(f"cannot write {target}: a folder (or other non-file) has "
                                    "that name", hint="move it away, or choose another --out")


def publish(out: Path, files: dict[str, bytes], notify: Notify | None = None) -> None:
    """Put `files` (name -> bytes) into `out` together; see the module docstring. `notify`
    gets one-line notes (waiting for the lock, a repair); default: standard error."""
    notify = notify or _to_stderr
    made = committed = False
    try:
        made = not out.exists()  # a name too long raises OSError too
        out.mkdir(parents=True, exist_ok=True)
        with _locked(out, notify):
            repaired = repair(out)
            if repaired:
                notify(f"{out}: {repaired}")
            check_targets(out, list(files))
            staging = _stage(out, files)
            try:
                _pause_for_tests()
                with _signals_held():
                    _commit(staging)
                    committed = True
                    _move_in(staging, out)
            except BaseException:
                if not committed:
                    shutil.rmtree(staging, ignore_errors=True)
                raise
    except BaseException as err:
        if made and not committed:
            with contextlib.suppress(OSError):
                out.rmdir()  # only if empty: a folder this build made, holding nothing
        if isinstance(err, OSError):
            raise _write_error(out, err, committed) from None
        raise


def repair(out: Path) -> str:
    """Finish or undo what a killed build left in `out`; say what was done ('' if nothing).
    Call only while holding the folder's lock: then no staging folder is in use."""
    finished = removed = 0
    for entry in sorted(out.iterdir()):
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir():
            if (entry / COMMIT_MARK).exists():
                _move_in(entry, out)
                finished += 1
            else:
                shutil.rmtree(entry)
                removed += 1
        elif entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
            entry.unlink()  # a temporary file of handout before staging folders
            removed += 1
    done = []
    if finished:
        done.append("finished publishing the files of a build that was killed while publishing")
    if removed:
        done.append(f"removed {removed} unfinished file(s) or folder(s) of a killed build")
    return "; ".join(done)


# -- steps ---------------------------------------------------------------------------------
@contextlib.contextmanager
def _locked(out: Path, notify: Notify) -> Iterator[None]:
    """Hold `<out>/.handout.lock`, waiting up to LOCK_WAIT_SECONDS for another build."""
    path = out / LOCK_NAME
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise WriteError.single(
                    f"another handout build has been writing into {out} for over "
                    f"{LOCK_WAIT_SECONDS:.0f} s (it holds {path})",
                    hint="wait for it to finish, or choose another --out") from None
            if not told:
                notify(f"waiting for another handout build to finish writing into {out} ...")
                told = True
            time.sleep(0.1)
            continue
        if _same_file(fd, path):
            break
        os.close(fd)  # the holder before us removed the file we locked: lock the new one
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # before unlocking, so a waiter sees the file is gone
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _stage(out: Path, files: dict[str, bytes]) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        for name, data in files.items():
            with open(staging / name, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(staging / name, 0o644)
        _sync_folder(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _pause_for_tests() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        print(f"{PAUSE_ENV}: pausing {seconds} s before publishing", file=sys.stderr,
              flush=True)
        time.sleep(float(seconds))


def _commit(staging: Path) -> None:
    (staging / COMMIT_MARK).touch()
    _sync_folder(staging)


def _move_in(staging: Path, out: Path) -> None:
    """Move every staged file over its final name, then remove the staging folder. Safe to
    run again after it was stopped half way (files already moved are simply gone)."""
    for staged in sorted(staging.iterdir()):
        if staged.name != COMMIT_MARK:
            os.replace(staged, out / staged.name)
    _sync_folder(out)
    (staging / COMMIT_MARK).unlink(missing_ok=True)
    staging.rmdir()


def _sync_folder(folder: Path) -> None:
    """Make renames and new names in `folder` durable (a power cut keeps them)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (then act as usual). Their handlers
    only note them meanwhile: blocking them in this thread would not do, as the kernel hands
    a signal to any thread that does not block it (a Dask client's, a pool's) and Python then
    runs the handler here all the same."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python runs signal handlers in the main thread only: none can stop this one
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, _frame: caught.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            # None: a handler set outside Python (an embedding program), which cannot be
            # put back from here; the default action is the nearest
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if caught:
            signal.raise_signal(caught[0])


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _write_error(out: Path, err: OSError, committed: bool) -> WriteError:
    where = err.filename or out
    if committed:
        hint = (f"the new files were being moved into {out} when this happened; run the "
                "same command again: it finishes that first")
    elif err.errno == errno.ENAMETOOLONG:
        hint = f"nothing in {out} was changed; choose a shorter --out path"
    else:
        hint = f"nothing in {out} was changed; fix the cause and run again"
    return WriteError.single(f"could not write {where}: {err.strerror or err}", hint=hint)
