"""Builds for patients: one plan file (`--patient`) or a CSV of them (`--batch`).

The shared leaflet is built once, as any build does; per patient only the plan page
(`handout.personal`) is rendered. A batch validates every row like a plan file (errors name
`patients.csv:ROW:COLUMN`, never a value), renders the good rows in worker processes
(`concurrent.futures`, `--jobs`), and publishes the leaflet and every good row's plan in one
`output.publish`: all at once or nothing. A bad row never stops the good ones; file names
carry the row number, never a name. Schema: docs/patient-format.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from handout import locales, pipeline, plan
from handout.clinic import Clinic
from handout.errors import MAX_BYTES, InputError, LayoutError, Location, Problem, remember
from handout.layout import Layout, PrintOptions
from handout.loader import read_bounded
from handout.model import Leaflet
from handout.output import check_folder, publish

Warn = Callable[[list[Problem]], None]
PROGRESS_EVERY = 100  # rows between plain progress lines when not on a terminal


CARD = "dose-card"  # when this layout is built, each patient also gets a dated card


def plan_name(leaflet: Leaflet, paper: str, row: int | None = None, kind: str = "plan") -> str:
    """`<id>-your-plan-<paper>.pdf` (or `-your-card-`; `<id>-es-...` for a translation, as
    its leaflet's files), with `-row<N>` in a batch: never a patient's detail."""
    suffix = f"-row{row}" if row is not None else ""
    return f"{pipeline.file_prefix(leaflet)}-your-{kind}-{paper}{suffix}.pdf"


def personal_files(leaflet: Leaflet, found: plan.Plan, paper: str, options: PrintOptions,
                   clinic: Clinic | None, card: bool,
                   row: int | None = None) -> dict[str, bytes]:
    """One patient's files: the plan, and their dated dose card when `card`."""
    from handout import personal, registry

    files = {plan_name(leaflet, paper, row): personal.render(leaflet, found, paper, options)}
    if card:
        files[plan_name(leaflet, paper, row, "card")] = personal.card(
            leaflet, found, registry.select([CARD])[0], paper, options, clinic)
    return files


def shared(leaflet: Leaflet, layouts: list[Layout], paper: str | None, out_dir: Path,
           options: PrintOptions, clinic: Clinic | None) -> tuple[str, dict[str, bytes]]:
    """The paper, and the shared leaflet's files: built once, whatever the patients."""
    here = paper if paper not in (None, "all") else locales.get(leaflet.meta.locale).paper
    built = pipeline.build_all(leaflet, layouts, here, out_dir, options, clinic=clinic)
    return here, {item.path.name: item.pdf for item in built}


def build_patient(content: Path, plan_file: Path, layouts: list[Layout], paper: str | None,
                  out_dir: Path, *, today: dt.date, strict: bool = False,
                  warn: Warn | None = None, options: PrintOptions = PrintOptions(),
                  clinic: Clinic | None = None, locale: str | None = None,
                  lang: str | None = None) -> list[str]:
    """The leaflet and one patient's plan (and card), published together; the names written.
    `locale` and `lang` (a translation's language) as for any build: one of each."""
    check_folder(out_dir)
    leaflet = pipeline.checked(content, today, strict, warn, locale, lang)
    found, warnings = plan.load(plan_file, leaflet, today)
    if warnings and strict:
        raise InputError(warnings)
    if warnings and warn is not None:
        warn(warnings)
    here, files = shared(leaflet, layouts, paper, out_dir, options, clinic)
    files.update(personal_files(leaflet, found, here, options, clinic,
                                any(layout.name == CARD for layout in layouts)))
    publish(out_dir, files)
    return list(files)


# -- batches --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    number: int  # the CSV line (the header is line 1)
    fields: dict[str, list[plan.Field]]
    extra: Location | None = None  # where cells beyond the header's columns start


@dataclass
class Outcome:
    written: list[str]  # every patient's files
    patients: int  # rows built
    problems: list[Problem]  # every bad row's errors (and warnings), located, without values
    rows: int


def read_rows(path: Path) -> list[Row]:
    """The CSV's rows as plan fields (an empty cell too, so a missing value has its place);
    InputError for a file that is not a usable CSV."""
    data = read_bounded(path)
    if len(data) > MAX_BYTES:
        raise InputError.single(f"{path}: the CSV is larger than {MAX_BYTES // 1024} KiB "
                                "(about 10,000 rows)", hint="split it into several batches")
    try:
        text = data.decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        records = [(reader.line_num, record) for record in reader]
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError.single(f"{path}: not a UTF-8 CSV file ({type(err).__name__})",
                                hint="save it as CSV UTF-8 (comma delimited)") from None
    unknown = [h for h in header if h not in plan.KEYS]
    missing = [k for k in plan.REQUIRED if k not in header]
    if unknown or missing:
        # the messages show the header line: keep only it, never the patients' rows below
        remember(str(path), text.split("\n", 1)[0])
        raise InputError([Problem(Location(str(path), 1, header.index(h) + 1), f"unknown column "
                                  f"'{h}'", hint=f"columns: {', '.join(plan.KEYS)}")
                          for h in unknown] + [
                          Problem(Location(str(path), 1, 1), f"missing column '{k}'",
                                  hint=f"add '{k}' to the header") for k in missing])
    rows = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        fields: dict[str, list[plan.Field]] = {}
        cells = record + [""] * (len(header) - len(record))
        for column, (key, cell) in enumerate(zip(header, cells, strict=False), start=1):
            loc = Location(str(path), line, column, quote=False)  # a row is a patient's
            parts = cell.split(";") if key in ("steps", "taper") else [cell]
            fields[key] = [plan.Field(p.strip(), loc, key) for p in parts]
        extra = (Location(str(path), line, len(header) + 1, quote=False)
                 if len(record) > len(header) and any(c.strip() for c in record[len(header):])
                 else None)
        rows.append(Row(line, fields, extra))
    return rows


@dataclass(frozen=True)
class Job:
    """What every row of a batch shares: sent to each worker once (pickled per chunk by a
    process pool, scattered to every worker by Dask)."""

    leaflet: Leaflet
    paper: str
    options: PrintOptions
    today: dt.date
    clinic: Clinic | None
    card: bool


# A pool for a batch: (workers, job) -> a context giving the executor and what to pass as the
# job argument of each task (the Job itself, or a handle the executor resolves on a worker).
Pool = Callable[[int, Job], AbstractContextManager[tuple[Executor, object]]]


def _ignore_ctrl_c() -> None:
    """Ctrl-C reaches every process of a terminal's group: only the main process acts on it
    (it cancels the rest), so a worker never prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def local_pool(workers: int, job: Job) -> Iterator[tuple[Executor, object]]:
    """Worker processes on this machine (`--jobs`). ReportLab, pikepdf and the fonts are
    loaded here first, so workers started by fork (Linux) inherit them instead of each
    loading them again."""
    from handout import fonts, personal, render, verify  # noqa: F401

    fonts.register()
    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_ctrl_c) as pool:
        try:
            yield pool, job
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def render_row(job: Job, row: Row) -> tuple[int, dict[str, bytes], list[Problem]]:
    """One row: its files, or its problems (messages without values, `quote` off)."""
    found, problems = plan.check(row.fields, job.leaflet, job.today)
    if row.extra is not None:
        found, problems = None, [*problems, Problem(
            row.extra, "more cells than the header has columns", hint="check the row's commas "
            "(a cell with a comma goes in double quotes)")]
    problems = [_anonymous(p, row.number) for p in problems]
    if found is None or any(p.severity == "error" for p in problems):
        return row.number, {}, problems
    try:
        return row.number, personal_files(job.leaflet, found, job.paper, job.options,
                                          job.clinic, job.card, row.number), problems
    except LayoutError as err:  # this row's plan does not fit its card: the row is bad
        return row.number, {}, problems + [_anonymous(p, row.number) for p in err.problems]


def _anonymous(problem: Problem, row: int) -> Problem:
    """A row's problem as "patients.csv:ROW:COLUMN: row N: ...": the message quotes no cell
    of a private column (the plan's own messages quote only dates, doses and regimens)."""
    loc = problem.loc if problem.loc and problem.loc.line else None
    return replace(problem, loc=loc, message=f"row {row}: {problem.message}")


def run_batch(content: Path, csv_file: Path, layouts: list[Layout], paper: str | None,
              out_dir: Path, *, today: dt.date, jobs: int | None = None,
              strict: bool = False, warn: Warn | None = None,
              options: PrintOptions = PrintOptions(), clinic: Clinic | None = None,
              pool: Pool = local_pool,
              progress: Callable[[int], Iterator[None]] | None = None,
              locale: str | None = None, lang: str | None = None) -> Outcome:
    """Every good row's plan and the shared leaflet, published at once; the bad rows' problems
    in the outcome. `pool` runs the rows (default: `jobs` processes here; `handout.dask_pool`
    for a Dask cluster); results are placed by row, so any pool gives the same files."""
    check_folder(out_dir)
    rows = read_rows(csv_file)
    leaflet = pipeline.checked(content, today, strict, warn, locale, lang)
    here, files = shared(leaflet, layouts, paper, out_dir, options, clinic)
    jobs = jobs or os.cpu_count() or 1
    problems: list[Problem] = []
    plans: dict[int, dict[str, bytes]] = {}
    tick = progress(len(rows)) if progress else _plain_progress(len(rows))
    card = any(layout.name == CARD for layout in layouts)
    with pool(jobs, Job(leaflet, here, options, today, clinic, card)) as (executor, job):
        for number, made, found in executor.map(render_row, [job] * len(rows), rows,
                                                chunksize=8):
            problems += found
            if made:
                plans[number] = made
            next(tick, None)
    for number in sorted(plans):
        files.update(plans[number])
    try:
        publish(out_dir, files)
    except KeyboardInterrupt:  # held through the moves: it acts once every file is in
        raise Interrupted(sum(_in_place(out_dir, made) for made in plans.values())) from None
    return Outcome(sorted(name for made in plans.values() for name in made), len(plans),
                   problems, len(rows))


class Interrupted(KeyboardInterrupt):
    """Ctrl-C once publishing had begun: `patients` is how many patients' files are in."""

    def __init__(self, patients: int) -> None:
        super().__init__(patients)
        self.patients = patients


def _in_place(out_dir: Path, made: dict[str, bytes]) -> bool:
    """Whether every file of one patient is in the folder, byte for byte."""
    return all((out_dir / name).is_file() and (out_dir / name).read_bytes() == data
               for name, data in made.items())


def _plain_progress(total: int) -> Iterator[None]:
    """One line per hundred rows on stderr (CI logs), and one at the end."""
    for done in range(1, total + 1):
        if done % PROGRESS_EVERY == 0 or done == total:
            print(f"{done} of {total} rows", file=sys.stderr, flush=True)
        yield


def bar(total: int) -> Iterator[None]:
    """A progress bar (tqdm) on a terminal."""
    from tqdm import tqdm

    with tqdm(total=total, unit="row", file=sys.stderr) as shown:
        for _ in range(total):
            shown.update(1)
            yield
