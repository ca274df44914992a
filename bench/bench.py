"""Benchmark handout against its peer, Typst, in the same run; prints figures, asserts nothing.

    python bench/bench.py            (about a minute; needs the `bench` extra for the peer:
                                      pip install -e '.[bench]')

CPU times are medians of process CPU (user + system, every thread), so other work on the
machine inflates them less than wall times; still, quote the ratios. Processes run with
compiled modules cached, as on a clinic's machine (the bench compiles handout first and
ignores a PYTHONDONTWRITEBYTECODE in its environment). The peer is
`../shared/peers/leaflet.typ` (the shipped leaflet as the standard A4 layout, written in Typst),
compiled with the PyPI `typst` package as the peer README says: as bytes, with a tiny global
edit each round, so Typst lays out every page again instead of reusing memoised work.

Figures:
- check: `check.run` (readability, safety, sources and dates, doses, glyphs) in a fresh
  process, and the content part of `--check` as a whole process (imports, YAML, checks)
- cold single layout: `make_pdf.py --layout standard --paper a4`, whole process, CPU
- cold default build: `make_pdf.py --paper all --force` (every layout, both papers), whole
  process, wall, serial (`--jobs 1`) and on every core
- no-op rebuild: `make_pdf.py` again with nothing changed (incremental), whole process, wall
- warm standard A4: `pipeline.build_one` in process, CPU, against `typst.compile` (and
  again with every paragraph's markup parsed anew)
- warm tri-fold A4 against warm standard A4
- peak memory (VmHWM) of the cold single-layout process and of a cold Typst process
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the checkout (also beside a worktree's parent folder)
PEER = next((folder / "shared" / "peers" / "leaflet.typ" for folder in ROOT.parents
             if (folder / "shared" / "peers" / "leaflet.typ").exists()),
            ROOT.parent / "shared" / "peers" / "leaflet.typ")
sys.path.insert(0, str(ROOT))


def compile_peer(round_number: int) -> bytes:
    """The peer leaflet as PDF bytes; a different tracking each round makes Typst lay out
    every page again (see the peer README)."""
    import fontpkg_atkinson_hyperlegible
    import fontpkg_fira_sans
    import typst

    source = PEER.read_text(encoding="utf-8")
    edited = source.replace("#set text(", f"#set text(tracking: {round_number}e-6pt, ", 1)
    fonts = [str(fontpkg_atkinson_hyperlegible.ROOT / "files"),
             str(fontpkg_fira_sans.ROOT / "files")]
    return typst.compile(edited.encode(), font_paths=fonts, ignore_system_fonts=True,
                         pdf_standards=["ua-1", "a-2a"])


# -- measuring -------------------------------------------------------------------------------
# Child processes run as on a clinic's machine, where Python caches compiled modules: a
# PYTHONDONTWRITEBYTECODE in the bench's environment (some CI and sandbox images set it)
# would make every cold process compile handout's sources again, about 0.3 s of CPU.
CHILD_ENV = {key: value for key, value in os.environ.items()
             if key != "PYTHONDONTWRITEBYTECODE"}


def _compile_sources() -> None:
    """Compile handout's modules once, so no measured process pays for it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "handout", "layouts", "bench"],
                   cwd=ROOT, env=CHILD_ENV, check=True)


def _process(args: list[str]) -> tuple[float, float]:
    """Run a process; its CPU seconds and wall seconds."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=CHILD_ENV)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status:
        raise SystemExit(f"{' '.join(args)} failed: {child.stderr.read().decode()}")
    child.stderr.close()
    return usage.ru_utime + usage.ru_stime, wall


def _python(code: str) -> dict[str, float]:
    """Run `code` in a fresh interpreter from the project root; it prints one JSON object."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=CHILD_ENV)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cpu(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def _median(values: list[float]) -> float:
    return statistics.median(values)


# -- the figures -----------------------------------------------------------------------------
def check_cpu(runs: int = 5) -> tuple[float, float, bool]:
    """Median CPU ms of check.run and of a whole content-check process; did pyphen load?"""
    code = """
import datetime as dt, json, pathlib, sys, time
start = time.process_time()
from handout import check, validate
leaflet = validate.load(pathlib.Path("content.yaml"))
before = time.process_time()
check.run(leaflet, dt.date(2026, 12, 1))
end = time.process_time()
print(json.dumps({"check": end - before, "pyphen": "pyphen" in sys.modules}))
"""
    rows = [_python(code) for _ in range(runs)]
    whole = [_process([sys.executable, "-c", code])[0] for _ in range(runs)]
    return (_median([r["check"] for r in rows]) * 1000, _median(whole) * 1000,
            any(r["pyphen"] for r in rows))


def cold_single(runs: int = 5) -> tuple[float, int]:
    """Median CPU s, and peak memory (KiB), of `make_pdf.py --layout standard --paper a4`."""
    with tempfile.TemporaryDirectory() as out:
        command = ["make_pdf.py", "--layout", "standard", "--paper", "a4", "--force",
                   "--out", out]
        results = [_process([sys.executable, *command]) for _ in range(runs)]
        peak = _peak(command)
    return _median([r[0] for r in results]), peak


def _peak(command: list[str]) -> int:
    """Peak memory (KiB) of `python *command`. Not ru_maxrss: Linux carries the spawning
    process's peak into its child's, so the child reports its own high-water mark."""
    done = subprocess.run([sys.executable, __file__, "--peak", *command], cwd=ROOT,
                          capture_output=True, text=True, check=True, env=CHILD_ENV)
    return int(done.stderr.strip().splitlines()[-1].split()[-1])


def _report_peak() -> None:
    status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0")
    print(f"peak KiB {peak}", file=sys.stderr)


def cold_default(jobs: int | None, runs: int = 2) -> float:
    """Median wall s of the whole build (every layout, both papers) on `jobs` processes
    (None: every core); two runs keep the bench under two minutes on a busy machine."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "make_pdf.py", "--paper", "all", "--force", "--out", out]
        command += ["--jobs", str(jobs)] if jobs else []
        return _median([_process(command)[1] for _ in range(runs)])


def no_op(runs: int = 5) -> tuple[float, float]:
    """Median wall and CPU s of `make_pdf.py` run again with nothing changed."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "make_pdf.py", "--out", out]
        _process(command)
        results = [_process(command) for _ in range(runs)]
    return _median([r[1] for r in results]), _median([r[0] for r in results])


def typst_cold(runs: int = 5) -> tuple[float, float, int]:
    """Median CPU s and wall s, and peak memory (KiB), of a whole process compiling the peer."""
    results = [_process([sys.executable, __file__, "--peer-once"]) for _ in range(runs)]
    return (_median([r[0] for r in results]), _median([r[1] for r in results]),
            _peak([__file__, "--peer-once"]))


def warm(rounds: int = 15) -> tuple[float, float | None, float, float]:
    """Median CPU ms: standard A4 build_one, typst.compile (None without the peer), tri-fold
    A4 build_one, and standard A4 with every paragraph parsed anew. Handout and Typst
    alternate round by round, so both see the same load. Typst reuses the syntax of what a
    round did not edit; handout reuses the parse of each paragraph's markup
    (`handout/paragraph.py`): the last figure is without that reuse."""
    from handout import paragraph, pipeline, registry

    peer = _has_typst()
    leaflet = pipeline.load(ROOT / "content.yaml")
    layouts = registry.discover()
    standard, trifold = layouts["standard"], layouts["trifold"]
    pipeline.build_one(leaflet, standard, "a4")  # fonts, imports, caches
    pipeline.build_one(leaflet, trifold, "a4")
    if peer:
        compile_peer(0)
    ours, theirs = [], []
    for number in range(1, rounds + 1):
        ours.append(_cpu(lambda: pipeline.build_one(leaflet, standard, "a4")))
        if peer:
            theirs.append(_cpu(lambda n=number: compile_peer(n)))
    folded = [_cpu(lambda: pipeline.build_one(leaflet, trifold, "a4")) for _ in range(3)]
    with paragraph.unremembered():  # no parse looked up or kept, as for a patient's page
        unparsed = [_cpu(lambda: pipeline.build_one(leaflet, standard, "a4")) for _ in range(5)]
    return (_median(ours) * 1000, _median(theirs) * 1000 if theirs else None,
            _median(folded) * 1000, _median(unparsed) * 1000)


def _has_typst() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return PEER.exists()


# -- report ----------------------------------------------------------------------------------
def main() -> None:
    started = time.perf_counter()
    _compile_sources()
    from reportlab.lib import rl_accel

    print(f"handout bench; ReportLab accelerator: {'on' if not rl_accel._py_funcs else 'OFF'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    peer = typst_cold() if _has_typst() else None
    if peer is None:
        print("peer: not measured (pip install -e '.[bench]' for the typst package, and "
              f"{PEER} must exist); figures below have no ratios")
    standard_ms, typst_ms, trifold_ms, unparsed_ms = warm()

    def ratio(value: float, reference: float | None, label: str) -> str:
        return f"  ({value / reference:.2f}x {label})" if reference else ""

    check_ms, whole_check_ms, pyphen = check_cpu()
    print(f"check (check.run, cold):          {check_ms:6.0f} ms CPU"
          + ratio(check_ms, typst_ms, "a warm typst.compile"))
    print(f"content check, whole process:     {whole_check_ms:6.0f} ms CPU"
          + ratio(whole_check_ms / 1000, peer and peer[0], "a cold Typst process"))
    if pyphen:
        print("  (pyphen was loaded: regenerate the syllable cache with "
              "`python -m handout.readability content.yaml`)")
    single_cpu, single_rss = cold_single()
    print(f"cold standard A4, whole process:  {single_cpu:6.2f} s CPU"
          + ratio(single_cpu, peer and peer[0], "a cold Typst process"))
    for label, jobs in (("serial, --jobs 1", 1), (f"{os.cpu_count()} processes", None)):
        wall = cold_default(jobs)
        print(f"cold build, every layout on both papers ({label}): {wall:.2f} s wall"
              + ratio(wall, peer and peer[1], "one cold Typst process"))
    noop_wall, noop_cpu = no_op()
    print(f"no-op rebuild (nothing changed), whole process: {noop_wall * 1000:.0f} ms wall, "
          f"{noop_cpu * 1000:.0f} ms CPU" + ratio(noop_wall, peer and peer[1],
                                                  "one cold Typst process"))
    print(f"warm standard A4 build_one:       {standard_ms:6.0f} ms CPU"
          + (f"  typst.compile {typst_ms:.0f} ms: {standard_ms / typst_ms:.2f}x"
             if typst_ms else ""))
    print(f"  the same, every paragraph parsed anew: {unparsed_ms:4.0f} ms CPU"
          + ratio(unparsed_ms, typst_ms, "typst.compile"))
    print(f"warm tri-fold A4 build_one:       {trifold_ms:6.0f} ms CPU  "
          f"({trifold_ms / standard_ms:.1f}x standard)"
          + ratio(trifold_ms, typst_ms, "typst.compile"))
    print(f"peak memory, cold standard A4:    {single_rss / 1024:6.0f} MiB"
          + (ratio(single_rss, peer[2], "a cold Typst process") if peer else ""))
    print(f"(bench took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--peer-once"]:  # the cold Typst process
        compile_peer(0)
    elif sys.argv[1:2] == ["--peak"]:  # run a script, then report its peak memory
        import runpy

        sys.argv = sys.argv[2:]
        try:
            runpy.run_path(sys.argv[0], run_name="__main__")
        finally:
            _report_peak()
    else:
        main()
