"""Shared fixtures: each (layout, paper) PDF is built once per test session, in memory."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout import kit, pipeline, registry
from handout.layout import PrintOptions
from handout.model import Leaflet
from handout.render import Rendered

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
DATA = Path(__file__).resolve().parent / "data"
LAYOUTS = registry.discover()
CASES = [(name, paper) for name, layout in LAYOUTS.items() for paper in layout.papers]


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
        for piece in (kit.footer_text(leaflet()), f"Page {number} of {len(pages)}"):
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
