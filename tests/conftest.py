"""Shared fixtures: each (layout, paper) PDF is built once per test session, in memory."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout import furniture, incremental, pipeline, registry
from handout.layout import PrintOptions
from handout.model import Leaflet
from handout.render import Rendered

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
DATA = Path(__file__).resolve().parent / "data"
LAYOUTS = registry.discover()
CASES = [(name, paper) for name, layout in LAYOUTS.items() for paper in layout.papers]


def written(folder: Path) -> list[str]:
    """The names a build wrote into `folder`, sorted, without its build record (the hidden
    `.handout-manifest.json` of incremental builds)."""
    return sorted(p.name for p in folder.iterdir() if p.name != incremental.MANIFEST)


@cache
def leaflet() -> Leaflet:
    return pipeline.load(CONTENT)


@cache
def rendered(layout: str, paper: str) -> Rendered:
    return pipeline.produce(leaflet(), LAYOUTS[layout], paper)


@cache
def finished(layout: str, paper: str, options: PrintOptions) -> bytes:
    """A build with print finishing (bleed, crop marks, CMYK), once per session."""
    return pipeline.build_one(leaflet(), LAYOUTS[layout], paper, options)


@cache
def fixture_leaflet(name: str) -> Leaflet:
    """A leaflet of tests/data/leaflets/ (see tests/test_leaflets.py)."""
    return pipeline.load(DATA / "leaflets" / f"{name}.yaml")


@cache
def fixture_pdf(name: str, layout: str, paper: str) -> bytes:
    return pipeline.build_one(fixture_leaflet(name), LAYOUTS[layout], paper)


def pdf_bytes(layout: str, paper: str) -> bytes:
    return rendered(layout, paper).pdf


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def extracted(layout: str, paper: str) -> str:
    """Squashed text of every page without its running footer, which a split paragraph
    straddles (the footer is drawn last, so it ends each page's text)."""
    pages = reader(pdf_bytes(layout, paper)).pages
    out = []
    for number, page in enumerate(pages, start=1):
        text = squash(page.extract_text())
        for piece in (furniture.footer_text(leaflet()), f"Page {number} of {len(pages)}"):
            text = text.replace(squash(piece), "")
        out.append(text)
    return "".join(out)


def squash(text: str) -> str:
    """Text with all white space removed: line breaks fall anywhere in a PDF."""
    return re.sub(r"\s+", "", text)


def plain(text: str) -> str:
    """Content text as printed: **bold** markers are not drawn."""
    return text.replace("**", "")


@pytest.fixture(params=CASES, ids=[f"{name}-{paper}" for name, paper in CASES])
def case(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param


# tests/data/minimal.yaml with four changes for `handout diff` (test_diff, test_preview): a lower
# maximum dose, a removed emergency sign, a reworded paragraph and a new source. Made from the
# file at test time, so the pair differs in exactly these four whatever else minimal.yaml holds.
FOUR_CHANGES = (
    ("100", "75"),  # on the `maximum:` line only (see four_changes)
    ("items: [Chest pain, A fit]", "items: [Chest pain]"),
    ("It changes how nerves send pain signals.",
     "It changes how your nerves pass on pain signals."),
    ("    url: https://example.org/s1\n",
     "    url: https://example.org/s1\n  - id: S2\n    title: A second test source\n"
     "    publisher: Test Publisher\n    year: 2025\n    url: https://example.org/s2\n"),
)


def four_changes(folder: Path) -> Path:
    lines = (DATA / "minimal.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  maximum:"))
    lines[at] = lines[at].replace(*FOUR_CHANGES[0])  # `maximum: 100` or `{per_day: 100}`
    text = "".join(lines)
    for old, new in FOUR_CHANGES[1:]:
        assert text.count(old) == 1, f"minimal.yaml no longer has {old!r}"
        text = text.replace(old, new)
    path = folder / "four_changes.yaml"
    path.write_text(text, encoding="utf-8")
    return path
