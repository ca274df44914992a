"""The command line: parse options, run the pipeline, report what it did.

No logic lives here beyond choosing what to run and how to report it; how a command ends
(every failure as a message and an exit code) is `handout.guard`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handout import guard
from handout.errors import InputError, LayoutError, Problem, sort_key

if TYPE_CHECKING:
    from handout.layout import PrintOptions

EXIT_CODES = """exit codes:
  0    every PDF was built and written (--check: no error; warnings are allowed unless --strict)
  1    a layout could not place the content, a print check failed, or the output folder
       could not be written (no PDF written; earlier files are left as they were)
  2    the content file or the command line is wrong (including an unusable --out), or a
       content check found an error (no PDF written)
  3    a bug in handout itself (please report it, with --traceback output)
  130  stopped by Ctrl-C, 143 stopped by SIGTERM: the output folder gets all of a build's
       files or none of them
  141  the reader of the output went away (| head); nothing more is printed

Every build first runs the checks of --check (readability, safety, sources and dates, dose
sanity, glyphs) and refuses the content on an error; warnings are printed, and refuse it too
with --strict.
"""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date: write YYYY-MM-DD") from None


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of processes: write 1 "
                                         "or more")
    return int(value)


def jobs(args: argparse.Namespace) -> int:
    """--jobs, or every core this process may use."""
    from handout import parallel

    return args.jobs or parallel.cores()


def parser() -> argparse.ArgumentParser:
    from handout import locales  # a directory listing: the shipped locales for --help

    p = argparse.ArgumentParser(  # prog: the name it was run by (make_pdf.py or handout)
        description="Build patient leaflets as print-ready PDFs from one YAML content file. "
                    "With no options, builds every layout on the locale's paper into out/. "
                    "'make_pdf.py diff --help': what changed between two versions.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, default=Path("content.yaml"), metavar="FILE",
                   help="the leaflet to build (default: content.yaml)")
    p.add_argument("--layout", action="append", default=[], metavar="NAME",
                   help="a layout to build; repeat for more, or 'all' (default: all)")
    p.add_argument("--paper", choices=("a4", "letter", "all"), default=None,
                   help="paper size (default: the locale's: a4 for en-GB, letter for en-US)")
    p.add_argument("--locale", action="append", default=[], metavar="TAG",
                   help="the country to build for: its emergency numbers, dates, words and "
                        "paper; repeat for more (default: the content's meta.locale; "
                        f"shipped: {', '.join(locales.available())})")
    p.add_argument("--clinic", type=Path, default=None, metavar="FILE",
                   help="the clinic's details, logo and QR code to print in the contact area "
                        "(docs/clinic-format.md); without it, a write-in box")
    p.add_argument("--lang", action="append", default=[], metavar="CODE",
                   help="the languages to build: the source's (e.g. en) or a translation "
                        "beside the content (content.es.yaml: es); a comma list, repeat, or "
                        "'all' (default: the source only). A translation's files carry its "
                        "language: <id>-es-<layout>-<paper>.pdf")
    p.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                   help="where to write the PDFs (default: out)")
    p.add_argument("--bleed", action="store_true",
                   help="add printers' bleed (3 mm on A4 paper, 1/8 in on Letter) and write "
                        "TrimBox and BleedBox for it; the booklet's -imposed.pdf sheets then "
                        "grow from A4/Letter (which two pages fill) to the press sheet that "
                        "holds bleed and marks: SRA4 320 x 225 mm, or tabloid 17 x 11 in")
    p.add_argument("--crop-marks", action="store_true",
                   help="draw crop marks outside the trim (and the bleed); imposed sheets "
                        "grow as with --bleed")
    p.add_argument("--cmyk", action="store_true",
                   help="PDF/X-4 for offset printing on coated paper (FOGRA39): every colour "
                        "converted to CMYK through the press profile, body text in 100%% black")
    p.add_argument("--list-layouts", action="store_true",
                   help="list the layouts with their papers, then stop")
    p.add_argument("--check", action="store_true",
                   help="check the content (and lay it out in memory) without writing a PDF; "
                        "prints a report with the reading grade of each section")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings as errors, in --check and in builds")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="the --check report: text for people, json for CI (default: text); "
                        "only with --check")
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="judge review and publication dates as of this day (default: today)")
    p.add_argument("--base", metavar="GIT_REV",
                   help="with --check: refuse content that changed since the commit GIT_REV "
                        "without a new version and published date ('handout diff' shows the "
                        "changes)")
    p.add_argument("--preview", action="store_true",
                   help="also write a PNG of every page next to each PDF, and a contact sheet "
                        "of every layout's first page (<leaflet-id>-contact-sheet.png)")
    p.add_argument("--patient", type=Path, default=None, metavar="PLAN",
                   help="also build one patient's dated dose plan (docs/patient-format.md) "
                        "beside the leaflet: <id>-your-plan-<paper>.pdf")
    p.add_argument("--batch", type=Path, default=None, metavar="CSV",
                   help="build the leaflet once and a dose plan for every row of a CSV "
                        "(docs/patient-format.md): <id>-your-plan-<paper>-row<N>.pdf; bad rows "
                        "are listed and the good ones built (exit 1 if any row was bad)")
    p.add_argument("--executor", default=None, metavar="dask://HOST:PORT",
                   help="with --batch: run the rows on a Dask cluster instead of local "
                        "processes (needs handout[dask] here and on the workers)")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="build on N processes at once (default: every core; with --batch, the "
                        "rows); the PDFs are the same bytes whatever N is")
    p.add_argument("--force", action="store_true",
                   help="build every PDF again, even those unchanged since the last build "
                        "(by default only what changed is rebuilt: out/.handout-manifest.json)")
    p.add_argument("--traceback", action="store_true",
                   help="on an internal error (exit 3), print the Python traceback too")
    return p


def list_layouts() -> str:
    from handout import registry

    rows = registry.listing()
    width = max(len(row[0]) for row in rows)
    lines = []
    for name, description, papers, needs, uses in rows:
        lines.append(f"{name:<{width}}  {description}  [{', '.join(papers)}]")
        roles = [f"{label}: {', '.join(roles)}" for label, roles in
                 (("needs roles", needs), ("uses roles", uses)) if roles]
        if roles:
            lines.append(f"{'':<{width}}  {'; '.join(roles)}")
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    """`--check`: every content check, then (if they pass) every layout in memory."""
    from handout import check, check_review, pipeline, registry

    layouts = registry.select(args.layout)
    clinic = pipeline.load_clinic(args.clinic) if args.clinic else None
    exit_code, shown = 0, []
    tags = list(dict.fromkeys(args.locale)) or [None]
    runs = [(lang, tag) for lang in pipeline.languages(args.content, args.lang) for tag in tags]
    for lang, tag in runs:  # one report per language and locale: the text checked differs
        leaflet, report = pipeline.inspect(args.content, args.today, args.strict, tag, lang)
        if args.base and leaflet is not None:
            report.findings = sorted([*report.findings, *check_review.against_base(
                leaflet, args.content, args.base)], key=sort_key)
        if leaflet is not None and report.passed:
            try:
                pipeline.build_all(leaflet, layouts, args.paper, args.out, print_options(args),
                                   clinic=clinic, jobs=jobs(args))
            except LayoutError as err:
                report.layout_problems = err.problems
        shown.append(check.json_report(report) if args.format == "json"
                     else check.text_report(report))
        exit_code = max(exit_code, report.exit_code)
    several_json = args.format == "json" and len(runs) > 1
    print("[" + ",\n".join(shown) + "]" if several_json else "\n".join(shown))
    return exit_code


def print_options(args: argparse.Namespace) -> PrintOptions:
    from handout.layout import PrintOptions

    return PrintOptions(bleed=args.bleed, crop_marks=args.crop_marks, cmyk=args.cmyk)


def print_warnings(warnings: list[Problem]) -> None:
    print(InputError(warnings).report(), file=sys.stderr)
    count = len(warnings)
    print(f"{count} content warning{'s' if count != 1 else ''} (not fatal without --strict; "
          "--check shows the full report).", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff"]:
        from handout import cli_diff

        return cli_diff.main(argv[1:])
    p = parser()
    args = p.parse_args(argv)
    if args.format == "json" and not args.check:
        p.error("--format json is for the --check report: add --check (a build prints its "
                "messages as text)")
    return guard.guarded(lambda: run(args), args.traceback)


def run(args: argparse.Namespace) -> int:
    """What the options ask for: list the layouts, check, or build."""
    if args.list_layouts:
        print(list_layouts())
        return 0
    if args.check:
        return run_check(args)
    if args.base:
        raise InputError.single("--base works with --check",
                                hint=f"python make_pdf.py --check --strict --base {args.base}")

    if args.patient or args.batch or args.executor:  # no build record: every patient is new
        return run_patients(args)
    from handout import incremental  # the standard library only: a no-op stays fast

    today = args.today or dt.date.today()
    request = incremental.Request.from_args(args, today.isoformat())
    unchanged = None if args.force else incremental.up_to_date(args.out, request)
    if unchanged is not None:
        for entry in unchanged:
            for index, name in enumerate(sorted(entry["files"], key=_reader_first)):
                if name.endswith(".pdf"):
                    path = args.out / name
                    report_file(path, path.stat().st_size,
                                entry["about"] if index == 0 else incremental.NOTHING_LEFT_OUT,
                                "unchanged", args.preview)
        return 0

    from handout import pipeline, registry  # here: --help and --list-layouts need none

    layouts = registry.select(args.layout)
    built = pipeline.build(args.content, layouts, args.paper, args.out, today=today,
                           strict=args.strict, warn=print_warnings,
                           options=print_options(args), preview=args.preview,
                           locale_tags=tuple(dict.fromkeys(args.locale)),
                           langs=tuple(pipeline.languages(args.content, args.lang)),
                           clinic=pipeline.load_clinic(args.clinic) if args.clinic else None,
                           jobs=jobs(args), request=request, force=args.force)
    if not built:
        raise InputError.single(f"no layout supports the paper '{args.paper}'",
                                hint="run --list-layouts to see each layout's papers")
    for item in built:
        report_file(item.path, len(item.pdf), pipeline.about(item),
                    "wrote" if item.written else "unchanged", args.preview)
    return 0


def run_patients(args: argparse.Namespace) -> int:
    """`--patient` or `--batch`: the leaflet once, and each patient's plan beside it."""
    from handout import patients, pipeline, registry

    if args.executor and not args.batch:
        raise InputError.single("--executor is for a batch: add --batch patients.csv")
    if args.preview:  # a preview of a plan page would be one more copy of the patient's name
        raise InputError.single("--preview does not work with --patient or --batch",
                                hint="build the previews in a separate run without patients")
    langs = pipeline.languages(args.content, args.lang)
    tags = list(dict.fromkeys(args.locale))
    if len(langs) > 1 or len(tags) > 1:
        raise InputError.single("a patient's plan is built in one language for one country",
                                hint="give one --lang and at most one --locale (a run each "
                                     "for the others)")
    if args.patient and args.batch:
        raise InputError.single("--patient and --batch do not go together",
                                hint="put the patient in the batch CSV, or build it alone")
    common = {"today": args.today or dt.date.today(), "strict": args.strict,
              "warn": print_warnings, "options": print_options(args),
              "clinic": pipeline.load_clinic(args.clinic) if args.clinic else None,
              "locale": tags[0] if tags else None, "lang": langs[0]}
    layouts = registry.select(args.layout)
    if args.patient:
        for name in patients.build_patient(args.content, args.patient, layouts, args.paper,
                                           args.out, **common):
            print(f"wrote {args.out / name}")
        return 0
    if args.executor:
        from handout import dask_pool

        common["pool"] = dask_pool.pool(args.executor)
    try:
        outcome = patients.run_batch(
            args.content, args.batch, layouts, args.paper, args.out, jobs=jobs(args),
            progress=patients.bar if sys.stderr.isatty() else None, **common)
    except KeyboardInterrupt as err:
        written = err.patients if isinstance(err, patients.Interrupted) else 0
        what = f"the plans of {written} patients written" if written else "no plan written"
        print(f"\nstopped by Ctrl-C: {what} (a batch is published all at once).",
              file=sys.stderr)
        return 130
    if outcome.problems:
        print(InputError(outcome.problems).report(), file=sys.stderr)
    bad = len({p.loc.line for p in outcome.problems if p.severity == "error" and p.loc})
    print(f"wrote the plans of {outcome.patients} patients of {outcome.rows} rows "
          f"({len(outcome.written)} files) into {args.out}"
          + (f"; {bad} bad row{'s' * (bad != 1)} listed above" if bad else ""))
    return 1 if bad else 0


def _reader_first(name: str) -> tuple[bool, str]:
    return name.endswith("-imposed.pdf"), name


def report_file(path: Path, size: int, about: dict[str, Any], verb: str,
                preview: bool) -> None:
    """One line per PDF, then what its layout left out or shortened (`about`:
    `pipeline.about` of the reader PDF, or as the build record kept it)."""
    print(f"{verb} {path} ({size // 1024} KB)" + (", with PNG previews" if preview else ""))
    layout, left_out, shortened = about["layout"], about["left_out"], about["shortened"]
    if left_out and not about["complete"]:
        print(f"  {layout} holds part of the leaflet; {len(left_out)} blocks "
              "are only in the full layouts")
    elif left_out:
        print(f"  {layout} left out {len(left_out)} detail block(s) it has no "
              "room for (the standard layout prints them):")
        for line in left_out:
            print(f"    - {line}")
    if shortened:
        print(f"  {layout} printed {len(shortened)} block(s) in their short form "
              "(the standard layout prints them in full):")
        for line in shortened:
            print(f"    - {line}")
