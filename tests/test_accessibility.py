"""Tagged PDF: every reader-facing PDF passes PDF/UA-1 (and PDF/A-2a unless CMYK) in the
`page` validator, and its structure tree says what the leaflet says, in the same order."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from functools import cache
from itertools import accumulate, pairwise

import page
import pikepdf
import pytest
from conftest import CASES, LAYOUTS, finished, leaflet, pdf_bytes, reader, rendered
from pdfread import opened
from reportlab.platypus import (
    BaseDocTemplate,
    KeepTogether,
    ListFlowable,
    PageTemplate,
    Paragraph,
    Table,
)
from reportlab.platypus.doctemplate import ActionFlowable

from handout import fonts, kit, model, tagging
from handout.layout import Context, PrintOptions, Story
from handout.tagging import Tagged

UA, PDFA = page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A
VARIANTS = {"bleed": PrintOptions(bleed=True, crop_marks=True),
            "cmyk": PrintOptions(bleed=True, crop_marks=True, cmyk=True)}
END_MATTER = ("About this leaflet", "Notes")  # kit's H2s after the sections
needs_pdfinfo = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")


def variant(layout: str, paper: str, name: str) -> bytes:
    return finished(layout, paper, VARIANTS[name])


def failures(pdf: bytes, profile: page.ValidationProfile) -> list[str]:
    report = page.validate_pdf_bytes(pdf, profile=profile)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


@cache
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


def struct_runs(pdf: bytes, skipped: str | None = None) -> list[tuple[str, bool]]:
    """The texts of the structure tree in reading order, each with whether it is a Link's: a
    Link's pieces (one per line) are one text, as a screen reader reads them. Elements whose
    role matches `skipped` (a regex) are left out with everything inside them."""
    runs: list[tuple[str, bool]] = []
    skip, link = None, None
    for line in struct_lines(pdf):
        indent = len(line) - len(line.lstrip())
        if link is not None and indent <= link:
            link = None
        if skip is not None and indent > skip:
            continue
        skip = indent if skipped and re.match(rf"\s*({skipped})\b", line) else None
        if re.fullmatch(r"\s*Link( \(inline\))?", line):
            link = indent
            runs.append(("", True))
        match = re.fullmatch(r'\s*"(.*)"', line)
        if match and link is not None:
            runs[-1] = (runs[-1][0] + match.group(1), True)
        elif match:
            runs.append((match.group(1), False))
    return runs


def struct_words(pdf: bytes) -> list[str]:
    """Words of the structure tree in reading order, without Figure contents (their Alt
    speaks for them) and without list labels (bullets and numbers, checked elsewhere)."""
    return words(" ".join(text for text, _ in struct_runs(pdf, "Figure|Lbl"))).split()


def links(pdf: bytes) -> list[str]:
    """The text of each Link element, pieces joined, in reading order."""
    return [text for text, is_link in struct_runs(pdf) if is_link]


def plain_text(paragraph: Paragraph) -> str:
    """A paragraph's text as read: without the invisible break points (spaces in a 0.1 pt
    font) that fonts.markup puts in the sources' web addresses."""
    text = paragraph.getPlainText()
    for url in sorted((s.url for s in leaflet().sources), key=len, reverse=True):
        text = text.replace(fonts.URL_BREAK.sub(" ", url), url)  # longest first: prefixes
    return text


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def story_words(layout: str, paper: str, notes: int) -> list[str]:
    """Words of the layout's story as built, in story order (+ render's notes pages): the
    text a reader should hear, taken from the flowables, not from the tags. A story that
    declares a reading order (a folded sheet) reads frame by frame in that order; frames
    it declares copies are not heard."""
    spec = LAYOUTS[layout]
    ctx = Context(layout=layout, paper=paper, page_size=spec.page_sizes[paper],
                  theme=spec.theme())
    story = spec.build(leaflet(), ctx)
    flowables = [*story.flowables, *kit.notes_pages(notes, leaflet(), ctx.theme)]
    if story.reading_order or story.copies:
        rank = {frame: index for index, frame in enumerate(story.reading_order)}
        drawn = [(frame, f) for frame, f in drawn_in_frames(story, ctx, flowables)
                 if frame not in story.copies]
        flowables = [f for _, f in sorted(drawn, key=lambda d: rank.get(d[0], 0))]
    texts: list[str] = []
    heard: set[int] = set()

    def walk(item: object) -> None:
        if isinstance(item, list | tuple):
            for x in item:
                walk(x)
        elif isinstance(item, Tagged):
            if id(item) in heard:  # a table's header row, repeated after a split
                return
            heard.add(id(item))
            if item.node.role != "Figure":
                walk(item.f)
        elif isinstance(item, Paragraph):
            texts.append(plain_text(item))
        elif isinstance(item, Table):
            walk(item._cellvalues)
        elif isinstance(item, KeepTogether | ListFlowable):
            walk(item._content)
        elif hasattr(item, "_flowable"):  # a list item's indenter
            walk(item._flowable)
        elif isinstance(item, str):
            texts.append(item)

    walk(flowables)
    return words(" ".join(texts)).split()


def drawn_in_frames(story: Story, ctx: Context,
                    flowables: list) -> list[tuple[str, object]]:
    """Lay the flowables out in the story's page templates as ReportLab does (no tags) and
    return each flowable drawn (split parts as drawn) with the id of its frame."""
    drawn: list[tuple[str, object]] = []

    class Recorder(BaseDocTemplate):
        def afterFlowable(self, flowable: object) -> None:
            if not isinstance(flowable, ActionFlowable):  # page and frame breaks: not drawn
                drawn.append((self.frame.id, flowable))

    fonts.register()
    doc = Recorder(io.BytesIO(), pagesize=ctx.page_size)
    doc.addPageTemplates(story.templates)
    doc.build(list(flowables))
    return drawn


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
    """A CMYK build is PDF/X-4 (tests/test_pdfx.py): its one output intent is the press
    profile, so it must not claim PDF/A."""
    pdf = variant(layout, paper, "cmyk")
    assert failures(pdf, UA) == []
    doc = opened(pdf)
    assert [str(intent.S) for intent in doc.Root.OutputIntents] == ["/GTS_PDFX"]
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


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_heading_levels_are_the_standard_layouts(layout: str, paper: str) -> None:
    """A heading the standard layout also prints has the same level in every layout (the
    tri-fold's "About this leaflet" was an H3 under its contact heading)."""
    standard = dict((text, level) for level, text in headings(pdf_bytes("standard", paper)))
    found = [(level, text) for level, text in headings(pdf_bytes(layout, paper))
             if text in standard]
    assert found == [(standard[text], text) for _, text in found]
    assert found  # at least the title


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_every_figure_has_alt_text(layout: str, paper: str) -> None:
    figures = [e for role, e in elements(pdf_bytes(layout, paper)) if role == "Figure"]
    assert all(str(e.get("/Alt", "")).strip() for e in figures)
    omitted = rendered(layout, paper).omitted
    boxes = [b for s in leaflet().sections for b in s.blocks  # printed in full, as a figure
             if isinstance(b, model.FactBox) and kit.omitted_label(s, b) not in omitted
             and kit.short_label(s, b) not in omitted]
    assert len(figures) >= len(boxes), "a printed fact box without its Figure"


def test_the_fact_box_is_a_figure_with_the_contents_alt_text() -> None:
    alts = [str(e.Alt) for role, e in elements(pdf_bytes("standard", "a4")) if role == "Figure"]
    boxes = [b for s in leaflet().sections for b in s.blocks if isinstance(b, model.FactBox)]
    assert alts == [b.alt for b in boxes] and alts


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_every_list_item_has_a_label_and_a_body(layout: str, paper: str) -> None:
    for role, elem in elements(pdf_bytes(layout, paper)):
        if role == "LI":
            assert [str(k.S) for k in elem.K] == ["/Lbl", "/LBody"]


@needs_pdfinfo
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
    assert titles == expected
    # in the order of the structure tree (a folded sheet's reading order)
    assert titles == [text for _, text in headings(pdf_bytes(layout, paper)) if text in titles]


def test_reading_order_sorts_elements_and_outline_by_frame() -> None:
    """`tagging.read_in_order`: top-level elements and bookmarks by the rank of the frame
    they began in, drawing order within a frame."""
    reg = tagging.Registry()
    drawn = [("back", "Contact"), ("flap", "One"), ("front", "Title"), ("left", "Two"),
             ("flap", "One more")]
    for frame, text in drawn:
        reg.frame = frame
        node = tagging.Node("H2", outline=text)
        reg.attach(node)
        reg.outline.append((2, text, 0, 0.0, frame))
    tagging.read_in_order(reg, ("front", "flap", "left", "back"))
    want = ["Title", "One", "One more", "Two", "Contact"]
    assert [node.outline for node in reg.root.kids] == want
    assert [entry[1] for entry in reg.outline] == want


def test_a_story_must_name_every_frame_in_its_reading_order() -> None:
    frames = [kit.text_frame(0, 0, 10, 10, name) for name in ("a", "b")]
    templates = [PageTemplate("page", frames)]
    Story(templates, [], reading_order=("b", "a"))
    for wrong in (("a",), ("a", "b", "b"), ("a", "b", "c")):
        with pytest.raises(ValueError, match="reading_order"):
            Story(templates, [], reading_order=wrong)
    with pytest.raises(ValueError, match="copies"):
        Story(templates, [], copies=("c",))


def printed_urls(layout: str, paper: str) -> list[str]:
    """The sources' URLs that the layout prints (the tri-fold and the dose card print none)."""
    text = "".join(story_words(layout, paper, 0))
    return [s.url for s in leaflet().sources if s.url in text]


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_every_printed_url_is_a_tagged_link(layout: str, paper: str) -> None:
    """Each URL is a link annotation (URI = the source's url, /Contents) whose Link element
    refers to it (OBJR), and the structure text holds the URL unbroken."""
    pdf = pdf_bytes(layout, paper)
    urls = printed_urls(layout, paper)
    if layout == "standard":
        assert urls == [s.url for s in leaflet().sources]
    doc = opened(pdf)
    linked: dict[str, pikepdf.Dictionary] = {}
    for role, elem in elements(pdf):
        if role == "Link":
            for kid in elem.K:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    linked[str(kid.Obj.A.URI)] = elem
                    assert str(kid.Obj.Contents) == str(kid.Obj.A.URI)
                    parent = doc.Root.StructTreeRoot.ParentTree.Nums
                    key = int(kid.Obj.StructParent)
                    assert parent[list(parent).index(key) + 1].objgen == elem.objgen
    annotations = [annot for page in doc.pages for annot in page.obj.get("/Annots", [])]
    assert {str(a.A.URI) for a in annotations} == set(urls) == set(linked)
    assert set(urls) <= set(links(pdf))


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler's pdfinfo")
@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_urls_break_only_after_a_slash_or_before_a_dot_or_hyphen(layout: str,
                                                                  paper: str) -> None:
    found = 0
    lines = struct_lines(pdf_bytes(layout, paper))
    for index, line in enumerate(lines):
        if not re.fullmatch(r"\s*Link( \(inline\))?", line):
            continue
        depth = len(line) - len(line.lstrip())
        pieces = []
        for inner in lines[index + 1:]:
            if len(inner) - len(inner.lstrip()) <= depth:
                break
            match = re.fullmatch(r'\s*"(.*)"', inner)
            if match:
                pieces.append(match.group(1))
        for before, after in pairwise(pieces):
            found += 1
            assert before.endswith("/") or after[:1] in ".-", (before, after)
    assert found or layout in ("trifold", "dose-card")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_a_copy_of_the_text_keeps_urls_and_their_hyphens() -> None:
    """Plain text extraction (what a copy gives) loses no hyphen: a URL never breaks after
    one, so `ID=-670695391` stays whole once line breaks are taken out."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf_bytes("standard", "a4"))
        tmp.flush()
        text = subprocess.run(["pdftotext", tmp.name, "-"], capture_output=True, text=True,
                              check=True).stdout
    body = [line for line in text.splitlines()  # without the footer between two pages
            if " · Version " not in line and not re.fullmatch(r"\f?Page \d+ of \d+", line)]
    squashed = re.sub(r"\s+", "", "".join(body))
    assert [s.url for s in leaflet().sources if s.url not in squashed] == []
    assert "ID=-670695391" in squashed
