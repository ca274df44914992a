"""How a command ends: every way its work can stop, as a message and an exit code.

Input and layout errors give 2 and 1 with their report, a file that cannot be read or
written 1, Ctrl-C and SIGTERM 130 and 143 (staged files are removed on the way out), a
closed pipe 141 and, only for a real bug in handout, 3. Shared by every subcommand
(`cli`, `cli_diff`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator

from handout.errors import HandoutError, InputError, WriteError


def guarded(work: Callable[[], int], show_traceback: bool) -> int:
    """Run a command's `work` and turn every way it can end into a message and an exit code
    (see the module's docstring)."""
    _safe_streams()
    try:
        with _sigterm_unwinds():
            code = work()
            sys.stdout.flush()  # a closed pipe shows here, not after main has returned
            return code
    except BrokenPipeError:
        _quiet_after_broken_pipe()
        return 141  # what a shell reports for a program ended by SIGPIPE
    except (KeyboardInterrupt, Terminated) as err:
        name, code = ("SIGTERM", 143) if isinstance(err, Terminated) else ("Ctrl-C", 130)
        print(f"\nstopped by {name}. The output folder was not half written: a build is "
              "published all at once or not at all.", file=sys.stderr)
        return code
    except HandoutError as err:
        print(err.report(), file=sys.stderr)
        print(_summary(err), file=sys.stderr)
        return err.exit_code
    except OSError as err:  # the machine, not the content: a file that cannot be read or made
        if show_traceback:
            traceback.print_exc()
        print(f"error: {err.filename or 'a file'}: {err.strerror or err}\n"
              "    hint: check that the path exists and that you may read and write it",
              file=sys.stderr)
        return 1
    except Exception as err:  # a bug: say so in one line, keep the detail on request
        if show_traceback:
            traceback.print_exc()
        print(f"internal error: {type(err).__name__}: {err}\n"
              "This is a bug in handout. Run again with --traceback and report the output.",
              file=sys.stderr)
        return 3


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (staged files are removed on the way out)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises Terminated while `main` runs (signals reach only the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _safe_streams() -> None:
    """Any terminal can show any message: characters it cannot encode (or a lone surrogate
    from a YAML escape) print as \\x.. escapes instead of failing after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _quiet_after_broken_pipe() -> None:
    """The reader of our output went away (`| head -1`): say nothing more, not even at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.dup2(devnull, sys.stderr.fileno())


def _summary(err: HandoutError) -> str:
    errors = sum(p.severity == "error" for p in err.problems)
    warnings = len(err.problems) - errors
    if isinstance(err, WriteError):
        return f"{errors} write error{'s' if errors != 1 else ''}."
    kind = "input" if isinstance(err, InputError) else "layout"
    also = f" and {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    return f"{errors} {kind} error{'s' if errors != 1 else ''}{also}; no PDF written."
