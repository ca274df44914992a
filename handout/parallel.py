"""Run a build's independent pieces (one layout on one paper) on every core, with processes.

    run(tasks, work, jobs, costs)   [work(task) for task in tasks], in that order, on `jobs`
                                    processes, the dearest tasks (by `costs`) handed out first

ReportLab holds the interpreter lock while it lays out a page, so threads would not help.
Workers are forked: they start in a few milliseconds with everything the parent has already
imported and registered (the fonts, the layouts, the checked leaflet), and the tasks stay in
the parent's memory instead of being pickled; only each result travels back. A task's result
does not depend on which process ran it or what it ran before, so a parallel build's bytes are
a serial build's (tests/test_parallel.py compares them).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from typing import Any

_pending: tuple[Sequence[Any], Callable[[Any], Any]] | None = None  # read by forked workers


def cores() -> int:
    """The cores this process may run on (the default for --jobs)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def run(tasks: Sequence[Any], work: Callable[[Any], Any], jobs: int,
        costs: Sequence[float] = ()) -> list[Any]:
    """`[work(task) for task in tasks]`, spread over at most `jobs` processes. Tasks are
    handed out dearest first (`costs`, e.g. last build's seconds; none: in order), so a long
    one does not start last while the other workers idle. An exception in a task is raised
    here, as the serial loop would. Ctrl-C or SIGTERM in the parent ends the workers with it
    (leaving the pool terminates them)."""
    jobs = min(jobs, len(tasks))
    if jobs > 1:
        import multiprocessing  # only for a pool: a one-piece build does without it
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(task) for task in tasks]
    global _pending
    _pending = (tasks, work)
    # A stop while the pool starts would leave its first workers running with no one to end
    # them: hold Ctrl-C and SIGTERM until the pool is entered (leaving it ends the workers).
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals) as pool:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            order = sorted(range(len(tasks)), key=lambda i: -costs[i] if costs else 0)
            done = dict(zip(order, pool.map(_one, order, chunksize=1), strict=True))
            return [done[index] for index in range(len(tasks))]
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        _pending = None

def _one(index: int) -> Any:
    assert _pending is not None  # set before the fork
    tasks, work = _pending
    return work(tasks[index])


def _worker_signals() -> None:
    """The parent handles Ctrl-C and SIGTERM (and terminates the pool); a worker only dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # forked held
