"""structure.finish takes the drawn file's page object numbers and trailer from ReportLab's
document object (`handout.drawn`), not by opening the file: they must be what a reader of
those bytes finds, or the structure tree points at the wrong objects."""

from __future__ import annotations

import io

import pikepdf
import pytest
from conftest import LAYOUTS, leaflet

from handout import pipeline, render
from handout.drawn import Drawn
from handout.layout import PrintOptions


def _read(pdf: bytes) -> Drawn:
    """The same facts, read back with pikepdf."""
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        trailer = opened.trailer
        ids = " ".join(f"<{bytes(part).hex()}>" for part in trailer.ID)
        return Drawn(pages=[page.obj.objgen[0] for page in opened.pages],
                     size=int(trailer.Size),
                     trailer=f"/ID [ {ids} ] /Info {trailer.Info.objgen[0]} 0 R "
                             f"/Root {trailer.Root.objgen[0]} 0 R")


@pytest.mark.parametrize(("layout", "paper", "options"), [
    ("standard", "a4", PrintOptions()),
    ("booklet", "letter", PrintOptions()),
    ("trifold", "a4", PrintOptions(bleed=True, crop_marks=True, cmyk=True)),
])
def test_the_facts_are_what_the_bytes_say(layout: str, paper: str,
                                          options: PrintOptions) -> None:
    ctx = pipeline.context(LAYOUTS[layout], paper, options)
    story = LAYOUTS[layout].build(leaflet(), ctx)
    pdf, _, tags = render._render(leaflet(), story, ctx)
    assert tags.drawn == _read(pdf)
    assert len(tags.drawn.pages) > 1


def test_the_facts_of_a_dated_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """With SOURCE_DATE_EPOCH ReportLab is not in invariant mode: another ID, the same facts."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ctx = pipeline.context(LAYOUTS["standard"], "a4", PrintOptions())
    pdf, _, tags = render._render(leaflet(), LAYOUTS["standard"].build(leaflet(), ctx), ctx)
    assert tags.drawn == _read(pdf)
