"""`handout diff`: the clinical change report between two versions of a content file.

    handout diff OLD.yaml NEW.yaml
    handout diff --base origin/main content.yaml     # against the committed version
    handout diff --base origin/main content.yaml --format markdown --images out/changes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handout import check_review, diff, diff_report, guard, pipeline
from handout.errors import InputError
from handout.output import publish


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make_pdf.py diff",
        description="What changed between two versions of a leaflet, for the clinician who "
                    "reviews it: dosing, warnings, emergency signs and the rest, safety first.",
        epilog="exit codes: 0 the report was printed; 2 a content file, the revision or the "
               "command line is wrong; 1 a layout could not place the content (--images).")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="OLD.yaml NEW.yaml, or with --base only NEW.yaml")
    p.add_argument("--base", metavar="GIT_REV",
                   help="compare with the file as committed in GIT_REV (git show REV:FILE)")
    p.add_argument("--format", choices=tuple(diff_report.REPORTS), default="text",
                   help="text for a terminal, markdown for a pull-request comment, json for "
                        "tools (default: text)")
    p.add_argument("--images", type=Path, metavar="DIR",
                   help="also build both versions of every layout (on its first paper) and "
                        "write before/after PNGs of each page whose picture changed into DIR")
    p.add_argument("--traceback", action="store_true",
                   help="on an internal error (exit 3), print the Python traceback too")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    return guard.guarded(lambda: report(args), args.traceback)


def report(args: argparse.Namespace) -> int:
    """Print the change report (and write its pictures); raise HandoutError for bad input."""
    if args.base:
        if len(args.files) != 1:
            raise InputError.single("with --base, give one file: the new version",
                                    hint=f"handout diff --base {args.base} content.yaml")
        new = pipeline.load(args.files[0])
        old = check_review.base_leaflet(args.files[0], args.base)
        if old is None:  # CI runs this on every leaflet, new ones too
            print(f"{args.files[0]} is new since {args.base}: every part of it needs "
                  "review.")
            return 0
    elif len(args.files) == 2:
        old, new = (pipeline.load(f) for f in args.files)
    else:
        raise InputError.single("give two files (OLD.yaml NEW.yaml), or one with --base",
                                hint="handout diff --base origin/main content.yaml")
    print(diff_report.REPORTS[args.format](diff.compare(old, new)), end="")
    if args.images:
        from handout import preview  # renders PDFs: only when asked for pictures

        files = preview.visual_changes(old, new)
        publish(args.images, files)
        print(f"{len(files)} changed page image(s) written to {args.images}",
              file=sys.stderr)
    return 0
