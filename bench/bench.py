"""Benchmark the build; prints figures, asserts nothing. Run: python bench/bench.py

- cold: wall time of a whole `python make_pdf.py` process (default build), median of 3
- warm: in-process milliseconds per layout build on A4, median of 20 (loading excluded)
- size: PDF size per layout on A4
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handout import pipeline, registry  # noqa: E402 (after the path is set)


def cold(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([sys.executable, "make_pdf.py", "--out", out], cwd=ROOT, check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(layout_name: str, runs: int = 20) -> tuple[float, int]:
    leaflet = pipeline.load(ROOT / "content.yaml")
    layout = registry.discover()[layout_name]
    pdf = pipeline.build_one(leaflet, layout, "a4")  # warm caches: fonts, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = pipeline.build_one(leaflet, layout, "a4")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(pdf)


def main() -> None:
    print(f"cold default build (whole process, all layouts and papers): {cold():.2f} s")
    for name in registry.discover():
        ms, size = warm(name)
        print(f"warm {name} A4 build: {ms:.0f} ms (median of 20); PDF {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
