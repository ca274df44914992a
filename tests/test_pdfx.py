"""PDF/X-4 (ISO 15930-7) for `--cmyk` builds: one test per requirement we implement, on the
real bytes of every layout and paper (ARCHITECTURE.md lists which requirements are tested).
There is no PDF/X validator on the registries we reach; these tests are the check."""

from __future__ import annotations

import io
import re
from functools import cache

import pikepdf
import pytest
from conftest import CASES, finished

from handout import colour
from handout.layout import PrintOptions
from handout.theme import Palette

PRESS = PrintOptions(bleed=True, crop_marks=True, cmyk=True)
TRIM_ONLY = PrintOptions(cmyk=True)  # no bleed asked: boxes must still be written


@cache
def opened(layout: str, paper: str, options: PrintOptions = PRESS) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(finished(layout, paper, options)))


def xmp(doc: pikepdf.Pdf) -> str:
    return doc.Root.Metadata.read_bytes().decode("utf-8")


def operators(doc: pikepdf.Pdf) -> list[tuple[str, list[object]]]:
    """(operator, operands) of every page's content and every form XObject's, parsed (a
    regular expression would also match bytes inside text strings)."""
    found = []
    sources = [page.obj for page in doc.pages]
    sources += [obj for obj in doc.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"]
    for source in sources:
        for item in pikepdf.parse_content_stream(source):
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                continue
            found.append((str(item.operator), list(item.operands)))
    return found


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_output_intent_is_gts_pdfx_with_an_embedded_cmyk_profile(layout: str,
                                                                  paper: str) -> None:
    intents = opened(layout, paper).Root.OutputIntents
    assert [str(i.S) for i in intents] == ["/GTS_PDFX"]
    intent = intents[0]
    profile = intent.DestOutputProfile.read_bytes()
    assert profile == colour.press_profile()
    assert intent.DestOutputProfile.N == 4
    assert profile[12:16] == b"prtr" and profile[16:20] == b"CMYK"  # an output profile
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert str(intent.Info)


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_identification_and_trapped_in_info_and_xmp(layout: str, paper: str) -> None:
    doc = opened(layout, paper)
    meta = xmp(doc)
    assert doc.trailer.Info.Trapped == pikepdf.Name("/False")
    assert "<pdf:Trapped>False</pdf:Trapped>" in meta
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in meta
    for tag in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass",
                "xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate", "dc:title"):
        assert re.search(rf"<{tag}>.+</{tag}>", meta, re.S), tag
    assert "pdfaid:part" not in meta  # PDF/A is not claimed with a CMYK intent


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_file_is_pdf_1_6_with_an_id_and_nothing_forbidden(layout: str, paper: str) -> None:
    pdf = finished(layout, paper, PRESS)
    doc = opened(layout, paper)
    assert pdf.startswith(b"%PDF-1.6\n")
    assert len(doc.trailer.ID) == 2
    assert "/Encrypt" not in doc.trailer
    names = {str(k) for obj in doc.objects if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream)
             for k in obj.keys()}  # noqa: SIM118 (pikepdf objects)
    assert not names & {"/JavaScript", "/AA", "/OpenAction", "/TR", "/TR2", "/HTP", "/SMask",
                        "/AcroForm", "/OCProperties", "/EmbeddedFiles"}


@pytest.mark.parametrize("options", [PRESS, TRIM_ONLY], ids=["bleed", "trim-only"])
@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_every_page_has_trim_and_bleed_boxes_nested(layout: str, paper: str,
                                                    options: PrintOptions) -> None:
    for page in opened(layout, paper, options).pages:
        assert "/TrimBox" in page.obj and "/BleedBox" in page.obj
        assert "/ArtBox" not in page.obj  # TrimBox or ArtBox, never both
        media, bleed, trim = ([float(v) for v in page.obj[key]]
                              for key in ("/MediaBox", "/BleedBox", "/TrimBox"))
        for inner, outer in ((trim, bleed), (bleed, media)):
            assert inner[0] >= outer[0] and inner[1] >= outer[1]
            assert inner[2] <= outer[2] and inner[3] <= outer[3]


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_no_rgb_anywhere(layout: str, paper: str) -> None:
    doc = opened(layout, paper)
    used = {operator for operator, _ in operators(doc)}
    assert not used & {"rg", "RG", "sc", "SC", "scn", "SCN", "cs", "CS"}
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Array) and len(obj) == 2 and obj[0] == "/ICCBased":
            assert obj[1].N != 3  # no ICC-based RGB colour space
        if isinstance(obj, pikepdf.Name):
            assert obj != "/DeviceRGB"
    raw = finished(layout, paper, PRESS)
    assert b"/DeviceRGB" not in raw  # also not inside a compressed stream dictionary
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            assert "/DeviceRGB" not in repr(obj)


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_no_transparency(layout: str, paper: str) -> None:
    doc = opened(layout, paper)
    for page in doc.pages:
        assert "/Group" not in page.obj
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/ExtGState":
            assert float(obj.get("/ca", 1)) == 1 and float(obj.get("/CA", 1)) == 1
            assert str(obj.get("/BM", "/Normal")) in ("/Normal", "/Compatible")


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_no_annotations_on_the_press_file(layout: str, paper: str) -> None:
    """PDF/X-1a and X-3 refuse annotations inside the bleed box; we do not rely on X-4
    being kinder: the press file has no link annotations (the URLs are printed)."""
    assert all("/Annots" not in page.obj for page in opened(layout, paper).pages)


@pytest.mark.parametrize(("layout", "paper"), CASES)
def test_colours_are_littlecms_conversions_of_the_palette(layout: str, paper: str) -> None:
    """Every colour set on a page is a palette colour through the FOGRA39 profile (or 100 %
    black text, or registration), within ReportLab's rounding of the numbers it writes."""
    screen = Palette()
    expected = [colour.to_press(value) for value in vars(screen).values()]
    expected += [Palette().cmyk().ink, Palette().cmyk().registration]
    targets = [(c.cyan, c.magenta, c.yellow, c.black) for c in expected]
    seen = set()
    for operator, operands in operators(opened(layout, paper)):
        if operator not in ("k", "K"):
            continue
        value = tuple(float(v) for v in operands)
        assert any(all(abs(a - b) <= 0.0005 for a, b in zip(value, target, strict=True))
                   for target in targets), value
        seen.add(value)
    assert (0.0, 0.0, 0.0, 1.0) in seen  # body text in 100 % black


def test_the_palette_is_what_littlecms_makes_of_it() -> None:
    """Independently of handout.colour: Pillow's ImageCms on the shipped profile."""
    from PIL import Image, ImageCms

    press = ImageCms.ImageCmsProfile(io.BytesIO(colour.press_profile()))
    transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), press, "RGB", "CMYK",
                                        ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                        ImageCms.Flags.BLACKPOINTCOMPENSATION)
    screen, converted = Palette(), Palette().cmyk()
    for name in ("accent", "accent_dark", "muted", "urgent", "urgent_tint", "info_tint"):
        rgb = getattr(screen, name).bitmap_rgb()
        want = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), transform).getpixel((0, 0))
        got = getattr(converted, name)
        assert [round(v * 255) for v in (got.cyan, got.magenta, got.yellow, got.black)] == \
            list(want), name
    assert (converted.ink.cyan, converted.ink.black) == (0, 1)
