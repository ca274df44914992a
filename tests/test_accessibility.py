"""Tagged PDF: every reader-facing PDF passes PDF/UA-1 (and PDF/A-2a unless CMYK) in the
`page` validator, and its structure tree says what the leaflet says, in the same order."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from functools import cache
from itertools import accumulate

import page
import pikepdf
import pytest
from conftest import CASES, LAYOUTS, leaflet, pdf_bytes, reader
from reportlab.platypus import KeepTogether, ListFlowable, Paragraph, Table

from handout import kit, model, pipeline
from handout.layout import Context, PrintOptions
from handout.tagging import Tagged

UA, PDFA = page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A
VARIANTS = {"bleed": PrintOptions(bleed=True, crop_marks=True),
            "cmyk": PrintOptions(bleed=True, crop_marks=True, cmyk=True)}
END_MATTER = ("About this leaflet", "Notes")  # kit's H2s after the sections


@cache
def variant(layout: str, paper: str, name: str) -> bytes:
    return pipeline.build_one(leaflet(), LAYOUTS[layout], paper, VARIANTS[name])


def failures(pdf: bytes, profile: page.ValidationProfile) -> list[str]:
    report = page.validate_pdf_bytes(pdf, profile=profile)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


@cache
def opened(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))  # kept open: its objects die with it


def elements(pdf: bytes) -> list[tuple[str, pikepdf.Dictionary]]:
    """Every structure element (role, element) in tree order."""
    doc = opened(pdf)
    found: list[tuple[str, pikepdf.Dictionary]] = []

    def walk(elem: pikepdf.Dictionary) -> None:
        found.append((str(elem.S)[1:], elem))
        kids = elem.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid)

    walk(doc.Root.StructTreeRoot.K)
    return found


def headings(pdf: bytes) -> list[tuple[int, str]]:
    """(level, text) of every H1 to H6, in tree order, with the text drawn for it."""
    texts = iter(heading_texts(pdf))
    return [(int(role[1]), next(texts)) for role, _ in elements(pdf)
            if re.fullmatch(r"H[1-6]", role)]


@cache
def struct_lines(pdf: bytes) -> list[str]:
    """poppler's text of the structure tree: one line per element or text, indented."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        return subprocess.run(["pdfinfo", "-struct-text", tmp.name], capture_output=True,
                              text=True, check=True).stdout.splitlines()


def heading_texts(pdf: bytes) -> list[str]:
    lines = struct_lines(pdf)
    return [words(lines[i + 1].strip().strip('"')) for i, line in enumerate(lines)
            if re.fullmatch(r"\s*H[1-6]( \(block\))?", line)]


def struct_words(pdf: bytes) -> list[str]:
    """Words of the structure tree in reading order, without Figure contents (their Alt
    speaks for them) and without list labels (bullets and numbers, checked elsewhere)."""
    texts, skip = [], None
    for line in struct_lines(pdf):
        indent = len(line) - len(line.lstrip())
        if skip is not None and indent > skip:
            continue
        skip = indent if re.match(r"\s*(Figure|Lbl)\b", line) else None
        match = re.fullmatch(r'\s*"(.*)"', line)
        if match:
            texts.append(match.group(1))
    return words(" ".join(texts)).split()


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def story_words(layout: str, paper: str, notes: int) -> list[str]:
    """Words of the layout's story as built, in story order (+ render's notes pages): the
    text a reader should hear, taken from the flowables, not from the tags."""
    spec = LAYOUTS[layout]
    ctx = Context(layout=layout, paper=paper, page_size=spec.page_sizes[paper],
                  theme=spec.theme())
    story = spec.build(leaflet(), ctx)
    texts: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, list | tuple):
            for x in item:
                walk(x)
        elif isinstance(item, Tagged):
            if item.node.role != "Figure":
                walk(item.f)
        elif isinstance(item, Paragraph):
            texts.append(item.getPlainText())
        elif isinstance(item, Table):
            walk(item._cellvalues)
        elif isinstance(item, KeepTogether | ListFlowable):
            walk(item._content)
        elif hasattr(item, "_flowable"):  # a list item's indenter
            walk(item._flowable)
        elif isinstance(item, str):
            texts.append(item)

    walk([*story.flowables, *kit.notes_pages(notes, ctx.theme)])
    return words(" ".join(texts)).split()


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_pdf_ua_1(layout: str, paper: str) -> None:
    assert failures(pdf_bytes(layout, paper), UA) == []


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_pdf_a_2a(layout: str, paper: str) -> None:
    assert failures(pdf_bytes(layout, paper), PDFA) == []


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_bleed_build_passes_both(layout: str, paper: str) -> None:
    pdf = variant(layout, paper, "bleed")
    assert failures(pdf, UA) == []
    assert failures(pdf, PDFA) == []


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_cmyk_build_is_pdf_ua_and_claims_no_pdf_a(layout: str, paper: str) -> None:
    """A CMYK build has no sRGB output intent, so it must not claim PDF/A."""
    pdf = variant(layout, paper, "cmyk")
    assert failures(pdf, UA) == []
    doc = opened(pdf)
    assert "/OutputIntents" not in doc.Root
    assert b"pdfaid:part" not in doc.Root.Metadata.read_bytes()


def test_pdf_ua_failures_are_noticed() -> None:
    """The zero above means something: untagged ReportLab output fails."""
    assert failures(pdf_bytes("standard", "a4").replace(b"/StructTreeRoot", b"/StructTreeRooX"),
                    UA)


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_headings_follow_the_leaflet_without_skipped_levels(layout: str, paper: str) -> None:
    found = headings(pdf_bytes(layout, paper))
    levels = [level for level, _ in found]
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False)), levels
    if not LAYOUTS[layout].complete:
        return  # a companion (dose card) prints part of the leaflet, without headings
    sections = [s.heading for s in leaflet().sections]
    assert [text for level, text in found if level == 1] == [leaflet().meta.title]
    assert found[0] == (1, leaflet().meta.title)
    assert [text for level, text in found if level == 2 and text in sections] == sections


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_every_figure_has_alt_text(layout: str, paper: str) -> None:
    figures = [e for role, e in elements(pdf_bytes(layout, paper)) if role == "Figure"]
    assert all(str(e.get("/Alt", "")).strip() for e in figures)


def test_the_fact_box_is_a_figure_with_the_contents_alt_text() -> None:
    alts = [str(e.Alt) for role, e in elements(pdf_bytes("standard", "a4")) if role == "Figure"]
    boxes = [b for s in leaflet().sections for b in s.blocks if isinstance(b, model.FactBox)]
    assert alts == [b.alt for b in boxes] and alts


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_every_list_item_has_a_label_and_a_body(layout: str, paper: str) -> None:
    for role, elem in elements(pdf_bytes(layout, paper)):
        if role == "LI":
            assert [str(k.S) for k in elem.K] == ["/Lbl", "/LBody"]


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_structure_reads_like_the_leaflet(layout: str, paper: str) -> None:
    """Same text, same order; no two words joined across a line end or a page. (A word
    that was too long for its line, like a URL, may come out in pieces.)"""
    pdf = pdf_bytes(layout, paper)
    notes = [text for _, text in headings(pdf)].count("Notes")
    want, got = story_words(layout, paper, notes), struct_words(pdf)
    assert "".join(got) == "".join(want)
    ends = set(accumulate(len(w) for w in got))
    joined = [w for w, end in zip(want, accumulate(len(w) for w in want), strict=True)
              if end not in ends]
    assert joined == []
    extra = [w for w in want if len(w) < 25 and w not in got]
    assert extra == []


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_outline_is_the_section_headings(layout: str, paper: str) -> None:
    pdf = reader(pdf_bytes(layout, paper))
    titles = [entry.title for entry in pdf.outline]
    expected = [s.heading for s in leaflet().sections] if LAYOUTS[layout].complete else []
    if len(pdf.pages) > 1:
        assert titles == expected
