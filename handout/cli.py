"""The command line: parse options, run the pipeline, turn failures into messages and codes.

No logic lives here beyond choosing what to run and how to report it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from pathlib import Path

from handout import check, kit, locales, pipeline, registry
from handout.errors import HandoutError, InputError, LayoutError, Problem
from handout.layout import PrintOptions

EXIT_CODES = """exit codes:
  0  every PDF was built and written (--check: no error; warnings are allowed unless --strict)
  1  a layout could not place the content, or a print check failed (no PDF written)
  2  the content file or the command line is wrong, or a content check found an error
     (no PDF written)
  3  a bug in handout itself (please report it, with --traceback output)

Every build first runs the checks of --check (readability, safety, sources and dates, dose
sanity, glyphs) and refuses the content on an error; warnings are printed, and refuse it too
with --strict.
"""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date: write YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make_pdf.py",
        description="Build patient leaflets as print-ready PDFs from one YAML content file. "
                    "With no options, builds every layout on A4 and US Letter into out/.",
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
    p.add_argument("--lang", action="append", default=[], metavar="CODE",
                   help="the languages to build: the source's (e.g. en) or a translation "
                        "beside the content (content.es.yaml: es); a comma list, repeat, or "
                        "'all' (default: the source only). A translation's files carry its "
                        "language: <id>-es-<layout>-<paper>.pdf")
    p.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                   help="where to write the PDFs (default: out)")
    p.add_argument("--bleed", action="store_true",
                   help="add printers' bleed (3 mm on A4 paper, 1/8 in on Letter) and write "
                        "TrimBox and BleedBox for it")
    p.add_argument("--crop-marks", action="store_true",
                   help="draw crop marks outside the trim (and the bleed)")
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
                   help="the --check report: text for people, json for CI (default: text)")
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="judge review and publication dates as of this day (default: today)")
    p.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    return p


def list_layouts() -> str:
    layouts = registry.discover()
    width = max(len(name) for name in layouts)
    lines = []
    for name, layout in layouts.items():
        lines.append(f"{name:<{width}}  {layout.description}  [{', '.join(layout.papers)}]")
        roles = [f"{label}: {', '.join(roles)}" for label, roles in
                 (("needs roles", layout.needs), ("uses roles", layout.uses)) if roles]
        if roles:
            lines.append(f"{'':<{width}}  {'; '.join(roles)}")
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    """`--check`: every content check, then (if they pass) every layout in memory."""
    layouts = registry.select(args.layout)
    exit_code = 0
    for lang, tag in [(lang, tag) for lang in pipeline.languages(args.content, args.lang)
                      for tag in args.locale or [None]]:
        leaflet, report = pipeline.inspect(args.content, args.today, args.strict, tag, lang)
        if leaflet is not None and report.passed:
            try:
                pipeline.build_all(leaflet, layouts, args.paper, args.out, print_options(args))
            except LayoutError as err:
                report.layout_problems = err.problems
        print(check.json_report(report) if args.format == "json" else check.text_report(report))
        exit_code = max(exit_code, report.exit_code)
    return exit_code


def print_options(args: argparse.Namespace) -> PrintOptions:
    return PrintOptions(bleed=args.bleed, crop_marks=args.crop_marks, cmyk=args.cmyk)


def print_warnings(warnings: list[Problem]) -> None:
    print(InputError(warnings).report(), file=sys.stderr)
    count = len(warnings)
    print(f"{count} content warning{'s' if count != 1 else ''} (not fatal without --strict; "
          "--check shows the full report).", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.list_layouts:
            print(list_layouts())
            return 0
        if args.check:
            return run_check(args)
        layouts = registry.select(args.layout)
        built = pipeline.build(args.content, layouts, args.paper, args.out, today=args.today,
                               strict=args.strict, warn=print_warnings,
                               options=print_options(args),
                               locale_tags=tuple(dict.fromkeys(args.locale)),
                               langs=tuple(pipeline.languages(args.content, args.lang)))
        if not built:
            raise InputError.single(f"no layout supports the paper '{args.paper}'")
        for item in built:
            print(f"wrote {item.path} ({len(item.pdf) // 1024} KB)")
            shortened = [x for x in item.omitted if x.endswith(kit.SHORT_SUFFIX)]
            left_out = [x for x in item.omitted if not x.endswith(kit.SHORT_SUFFIX)]
            if left_out and not item.complete:
                print(f"  {item.layout} holds part of the leaflet; {len(left_out)} blocks "
                      "are only in the full layouts")
            elif left_out:
                print(f"  {item.layout} left out {len(left_out)} detail block(s) it has no "
                      "room for (the standard layout prints them):")
                for line in left_out:
                    print(f"    - {line}")
            if shortened:
                print(f"  {item.layout} printed {len(shortened)} block(s) in their short form "
                      "(the standard layout prints them in full):")
                for line in shortened:
                    print(f"    - {line.removesuffix(kit.SHORT_SUFFIX)}")
        return 0
    except HandoutError as err:
        print(err.report(), file=sys.stderr)
        errors = sum(p.severity == "error" for p in err.problems)
        warnings = len(err.problems) - errors
        kind = "input" if isinstance(err, InputError) else "layout"
        also = f" and {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        print(f"{errors} {kind} error{'s' if errors != 1 else ''}{also}; no PDF written.",
              file=sys.stderr)
        return err.exit_code
    except Exception as err:  # a bug: say so in one line, keep the detail on request
        if args.traceback:
            traceback.print_exc()
        print(f"internal error: {type(err).__name__}: {err}\n"
              "This is a bug in handout. Run again with --traceback and report the output.",
              file=sys.stderr)
        return 3
