"""Build patient leaflets as PDFs: `python make_pdf.py --help`."""

from handout.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
