"""Personalised documents per second: a 200-row batch with 1 and with 2 worker processes.

    python bench/bench_patients.py       (about half a minute; prints figures, asserts nothing)

The batch is `patients.run_batch` on 200 valid rows, with no shared layout (the shared leaflet
is built once per batch whatever its size, so it is left out), in two variants: the plan page
alone, and the plan page with the patient's dated dose card (`--layout dose-card`). Each
figure is the wall time of one whole batch (pool start, every row, publishing into a fresh
folder), as patients per second; two rounds, the faster kept. On a shared machine the wall
figures follow the load, so the CPU time of one plan page in process is printed too (what
each core can do, whatever else runs).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handout import patients, registry  # noqa: E402

ROWS = 200
TODAY = dt.date(2026, 12, 2)


def csv_file(folder: Path) -> Path:
    lines = ["leaflet,start,steps,target,name\n"]
    for row in range(ROWS):
        day = (dt.date(2026, 12, 7) + dt.timedelta(days=row)).isoformat()
        steps = "titration,30" if row % 2 else "10 mg for 2 weeks; 20 mg for 4 weeks; 30 mg,"
        lines.append(f"amitriptyline-migraine,{day},{steps},P{row}\n")
    path = folder / "patients.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def per_second(rows: Path, layouts: list, jobs: int, folder: Path) -> float:
    best = float("inf")
    for round_ in range(2):
        out = folder / f"out-{jobs}-{len(layouts)}-{round_}"
        start = time.perf_counter()
        outcome = patients.run_batch(ROOT / "content.yaml", rows, layouts, "a4", out,
                                     today=TODAY, jobs=jobs, progress=lambda n: iter(()))
        best = min(best, time.perf_counter() - start)
        assert outcome.patients == ROWS, outcome.problems
    return ROWS / best


def cpu_per_plan(rows: Path) -> float:
    """CPU seconds a row of `render_row` takes (check and plan page), over 50 rows."""
    from handout import pipeline

    leaflet = pipeline.load(ROOT / "content.yaml")
    job = patients.Job(leaflet, "a4", patients.PrintOptions(), TODAY, None, False)
    batch = patients.read_rows(rows)[:50]
    patients.render_row(job, batch[0])  # fonts and imports
    start = time.process_time()
    for row in batch:
        patients.render_row(job, row)
    return (time.process_time() - start) / len(batch)


def main() -> None:
    print(f"{ROWS}-row batch on {os.cpu_count()} cores (patients a second, whole batch):")
    with tempfile.TemporaryDirectory() as tmp:
        rows = csv_file(Path(tmp))
        cpu = cpu_per_plan(rows)
        print(f"  plan page, CPU in process: {cpu * 1000:.1f} ms a patient "
              f"({1 / cpu:.0f}/s a core)")
        for label, layouts in (("plan page", []),
                               ("plan page + dated dose card", registry.select(["dose-card"]))):
            figures = [per_second(rows, layouts, jobs, Path(tmp)) for jobs in (1, 2)]
            print(f"  {label:<30} 1 job: {figures[0]:6.1f}/s   2 jobs: {figures[1]:6.1f}/s")


if __name__ == "__main__":
    main()
