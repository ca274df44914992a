"""Commands load only what they need: listing layouts, help and the content checks never load
ReportLab's layout engine (Platypus), pikepdf or pypdf, and a build loads nothing it does not
use. Each runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from handout import registry

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("reportlab.platypus", "pikepdf", "pypdf")


def _loaded_after(code: str, names: tuple[str, ...] = HEAVY) -> list[str]:
    script = (f"import sys, io, contextlib, json\n{code}\n"
              f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({names!r}))))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("option", ["--help", "--list-layouts"])
def test_help_and_listing_load_no_layout_engine(option: str) -> None:
    code = ("from handout import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try: cli.main([{option!r}])\n"
            "    except SystemExit: pass")
    assert _loaded_after(code) == []


def test_content_checks_load_no_layout_engine() -> None:
    code = ("import datetime as dt, pathlib\nfrom handout import pipeline\n"
            "leaflet, report = pipeline.inspect(pathlib.Path('content.yaml'),\n"
            "                                   dt.date(2026, 12, 1))\n"
            "assert leaflet is not None and report.grades")
    assert _loaded_after(code) == []


def test_a_build_loads_them() -> None:
    """The test above can fail: a build does load them."""
    code = ("import pathlib\nfrom handout import pipeline, registry\n"
            "leaflet = pipeline.load(pathlib.Path('content.yaml'))\n"
            "pipeline.build_one(leaflet, registry.discover()['standard'], 'a4')")
    assert set(_loaded_after(code)) >= {"reportlab.platypus", "pikepdf"}


def test_a_single_build_loads_nothing_it_does_not_use() -> None:
    """A cold build pays for every import: verify reads with pikepdf (loaded for structure.finish),
    the XMP is escaped without xml.sax (which loads urllib, http and ssl), the QR code's
    barcode package waits for a clinic with a web address, one piece needs no worker pool, and
    the other layouts (the tri-fold's panels, the dose card's patient plans) stay unread."""
    code = ("import tempfile\nfrom handout import cli\n"
            "with tempfile.TemporaryDirectory() as out, \\\n"
            "        contextlib.redirect_stderr(io.StringIO()):\n"
            "    assert cli.main(['--layout', 'standard', '--paper', 'a4', '--out', out]) == 0")
    unused = ("pypdf", "urllib.request", "http", "ssl", "reportlab.graphics.barcode",
              "multiprocessing", "layouts.trifold", "layouts.dose_card", "handout.panels",
              "handout.plan")
    assert _loaded_after(code, unused) == []


def test_listing_read_from_source_equals_the_loaded_layouts() -> None:
    assert registry.listing() == [(layout.name, layout.description, layout.papers, layout.needs,
                                   layout.uses) for layout in registry.discover().values()]
