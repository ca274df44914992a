"""A build on several processes gives the serial build's bytes, and its failures."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CASES, LAYOUTS, ROOT, leaflet, pdf_bytes

from handout import parallel, pipeline
from handout.layout import PrintOptions


def test_two_processes_give_the_serial_bytes(tmp_path: Path) -> None:
    built = pipeline.build_all(leaflet(), list(LAYOUTS.values()), "all", tmp_path, jobs=2)
    assert len({(item.layout, item.paper) for item in built}) == len(CASES)
    for item in built:
        serial = pdf_bytes(item.layout, item.paper)
        if item.path.name.endswith("-imposed.pdf"):
            serial = pipeline.imposed(leaflet(), LAYOUTS[item.layout], item.paper,
                                      PrintOptions(), serial)
        assert item.pdf == serial, item.path.name


def test_tasks_run_in_other_processes_and_keep_their_order() -> None:
    results = parallel.run(list(range(6)), lambda n: (n, os.getpid()), jobs=2)
    assert [n for n, _ in results] == list(range(6))
    assert os.getpid() not in {pid for _, pid in results}


def test_a_failing_task_raises_in_the_parent() -> None:
    def fail(n: int) -> int:
        if n == 3:
            raise ValueError("task three")
        return n

    with pytest.raises(ValueError, match="task three"):
        parallel.run(list(range(5)), fail, jobs=2)


def test_the_dearest_tasks_are_handed_out_first(tmp_path: Path) -> None:
    started = tmp_path / "started"

    def note(n: int) -> int:
        with open(started, "a", encoding="ascii") as file:
            file.write(f"{n}\n")
        time.sleep(0.1)
        return n

    assert parallel.run(list(range(5)), note, jobs=2, costs=[1, 5, 3, 0, 9]) == list(range(5))
    assert set(started.read_text(encoding="ascii").split()[:2]) == {"4", "1"}


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(n) for n in path.read_text(encoding="ascii").split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_sigterm_during_a_parallel_build_ends_its_workers_and_writes_nothing(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "make_pdf.py", "--paper", "all", "--jobs", "2",
                              "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(build.pid)) < 2:
            assert build.poll() is None and time.monotonic() < deadline, "no workers seen"
            time.sleep(0.02)
        build.send_signal(signal.SIGTERM)
        _, err = build.communicate(timeout=60)
    finally:
        build.kill()
    assert build.returncode == 143, err
    assert "stopped by SIGTERM" in err and "Traceback" not in err
    assert not out.exists()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived its build"
        time.sleep(0.05)
