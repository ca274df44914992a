"""`--check` on a generated 5,000-item leaflet; prints figures, asserts nothing (target: < 5 s).
Run: python bench/bench_check_large.py [items]

- baseline: the shipped leaflet plus one list item with that character (process start-up,
  imports and the fixed cost of the checks)
- located: every item holds a character no font has, so each of the 5,000 errors is located
  in the file (the locator indexes the file once: this was 81 s when it rescanned per error)
- valid: the same items without it, so --check also lays out every layout in memory

Each figure is the wall and CPU time of a whole `python make_pdf.py --check` process: the median
of 3, one run for `valid` (minutes: ten layout and paper builds of a long leaflet).
"""

from __future__ import annotations

import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTION = re.compile(r"  side_effects:\n    heading: [^\n]*\n    blocks:\n")  # the list goes first


def leaflet(items: int, odd: str) -> str:
    content = (ROOT / "content.yaml").read_text(encoding="utf-8")
    found = SECTION.search(content)
    assert found, "content.yaml changed: update SECTION"
    lines = "".join(f"          - Side effect number {i} is rare{odd}.\n" for i in range(items))
    block = (f"      - type: bullets\n        priority: detail\n        items:\n{lines}"
             "        cite: [NHS1]\n")
    return content[:found.end()] + block + content[found.end():]


def timed(content: str, runs: int = 3) -> tuple[float, float, int]:
    """Median wall and CPU seconds (the CPU time does not grow when the machine is busy)."""
    walls, cpus, code = [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(content, encoding="utf-8")
        for _ in range(runs):
            before = _child_cpu()
            start = time.perf_counter()
            code = subprocess.run([sys.executable, "make_pdf.py", "--check", "--content",
                                   str(path)], cwd=ROOT, capture_output=True,
                                  check=False).returncode
            walls.append(time.perf_counter() - start)
            cpus.append(_child_cpu() - before)
    return statistics.median(walls), statistics.median(cpus), code


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    for name, count, odd, runs in (("baseline", 1, " \U0001F600", 3),
                                   ("located", items, " \U0001F600", 3),
                                   ("valid", items, "", 1)):
        wall, cpu, code = timed(leaflet(count, odd), runs)
        print(f"--check, {count:,} list items, {name}: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"(exit {code}; {'median of 3' if runs == 3 else 'one run'})", flush=True)


if __name__ == "__main__":
    main()
