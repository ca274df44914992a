"""The test reader `pdfread` checked against poppler (structure text and roles) and against a
page drawn by hand: the read-back tests are only as good as it is."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile

import pytest
from conftest import CASES, pdf_bytes
from pdfread import draw, marked_text, opened, structure
from reportlab.pdfgen.canvas import Canvas

from handout import fonts


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize(("layout", "paper"), CASES[::3])
def test_structure_text_is_poppler_s(layout: str, paper: str) -> None:
    pdf = pdf_bytes(layout, paper)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        lines = subprocess.run(["pdfinfo", "-struct-text", tmp.name], capture_output=True,
                               text=True, check=True).stdout.splitlines()
    poppler = "".join(m.group(1) for line in lines if (m := re.fullmatch(r'\s*"(.*)"', line)))
    ours = structure(pdf).text(marked_text(pdf))
    assert re.sub(r"\s+", "", ours) == re.sub(r"\s+", "", poppler)
    roles = [m.group(1) for line in lines if (m := re.fullmatch(r"\s*(\w+)( \(\w+\))?:?", line))]
    assert [e.role for e in structure(pdf).walk()] == roles


def test_shapes_and_text_in_page_coordinates() -> None:
    """Nested transforms, saved and restored state, dashes, colours and text positions."""
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    canvas.translate(10, 20)
    canvas.saveState()
    canvas.scale(2, 2)
    canvas.setFillColorRGB(1, 0, 0)
    canvas.rect(1, 1, 3, 4, stroke=0, fill=1)
    canvas.restoreState()
    canvas.setDash(2, 2)
    canvas.setLineWidth(0.5)
    canvas.line(0, 0, 5, 0)
    canvas.setFont(fonts.REGULAR, 10)
    canvas.drawString(5, 6, "Take 10 mg")
    canvas.showPage()
    canvas.save()
    (rect, line), (run,) = draw(opened(buffer.getvalue()).pages[0])
    assert rect.op == "f*" and rect.filled and not rect.stroked
    assert rect.bbox == pytest.approx((12, 22, 18, 30))
    assert rect.fill == (1, 0, 0) and rect.dash == ()
    assert line.op == "S" and line.segments() == [((10, 20), (15, 20))]
    assert line.dash == (2, 2) and line.line_width == 0.5 and line.fill == (0,)
    assert (run.text, run.x, run.y) == ("Take 10 mg", 15, 26)
    assert rect.mcid is line.mcid is run.mcid is None
