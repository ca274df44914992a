"""The command line: parse options, run the pipeline, turn failures into messages and codes.

No logic lives here beyond choosing what to run and how to report it.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from handout import pipeline, registry
from handout.errors import HandoutError, InputError

EXIT_CODES = """exit codes:
  0  every PDF was built and written
  1  a layout could not place the content, or a print check failed (no PDF written)
  2  the content file or the command line is wrong (no PDF written)
  3  a bug in handout itself (please report it, with --traceback output)
"""


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
    p.add_argument("--paper", choices=("a4", "letter", "all"), default="all",
                   help="paper size (default: all)")
    p.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                   help="where to write the PDFs (default: out)")
    p.add_argument("--list-layouts", action="store_true",
                   help="list the layouts with their papers, then stop")
    p.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    return p


def list_layouts() -> str:
    layouts = registry.discover()
    width = max(len(name) for name in layouts)
    return "\n".join(f"{name:<{width}}  {layout.description}  [{', '.join(layout.papers)}]"
                     for name, layout in layouts.items())


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.list_layouts:
            print(list_layouts())
            return 0
        layouts = registry.select(args.layout)
        built = pipeline.build(args.content, layouts, args.paper, args.out)
        if not built:
            raise InputError.single(f"no layout supports the paper '{args.paper}'")
        for item in built:
            print(f"wrote {item.path} ({len(item.pdf) // 1024} KB)")
        return 0
    except HandoutError as err:
        print(err.report(), file=sys.stderr)
        count = len(err.problems)
        kind = "input" if isinstance(err, InputError) else "layout"
        print(f"{count} {kind} error{'s' if count != 1 else ''}; no PDF written.",
              file=sys.stderr)
        return err.exit_code
    except Exception as err:  # a bug: say so in one line, keep the detail on request
        if args.traceback:
            traceback.print_exc()
        print(f"internal error: {type(err).__name__}: {err}\n"
              "This is a bug in handout. Run again with --traceback and report the output.",
              file=sys.stderr)
        return 3
