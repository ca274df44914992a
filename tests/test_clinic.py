"""The clinic profile (--clinic): its name, phones and web address in every layout, the logo
and QR code tagged with alt text, the QR code scanning to the online version, and every bad
clinic file refused at its line."""

from __future__ import annotations

import io
import re
import shutil
from functools import cache
from pathlib import Path

import page
import pikepdf
import pytest
from conftest import DATA, LAYOUTS, ROOT, leaflet, squash, written
from pdfread import structure
from pypdf import PdfReader
from reportlab.lib.colors import HexColor, white

from handout import clinic, pipeline
from handout.cli import main
from handout.colour import contrast
from handout.errors import InputError
from handout.layout import PrintOptions

CLINICS = DATA / "clinic"
URL = "https://riverside.example.org/leaflets/amitriptyline"
BAD = sorted(p for p in CLINICS.glob("*.yaml") if not p.name.startswith("clinic"))
# Each layout is built once with a clinic: large-print with the PNG logo, the rest with SVG.
PROFILE = {"large-print": "clinic-png.yaml"}


@cache
def profile(name: str = "clinic.yaml") -> clinic.Clinic:
    return pipeline.load_clinic(CLINICS / name)


@cache
def with_clinic(layout: str, name: str = "clinic.yaml", cmyk: bool = False) -> bytes:
    return pipeline.build_one(leaflet(), LAYOUTS[layout], "a4", PrintOptions(cmyk=cmyk),
                              profile(name))


def figures(pdf: bytes) -> list[str]:
    """The Alt text of every Figure in the structure tree."""
    return [element.alt for element in structure(pdf).walk() if element.role == "Figure"]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_prints_the_clinics_name_phones_and_web_address(layout: str) -> None:
    pdf = with_clinic(layout, PROFILE.get(layout, "clinic.yaml"))
    text = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    found = profile()
    for value in (found.name, found.website, *(p.number for p in found.phones),
                  *(p.label for p in found.phones)):
        assert squash(value) in text, (layout, value)
    assert squash("write the phone number") not in text
    if layout != "dose-card":  # the card has no room for the QR code (docs/clinic-format.md)
        assert squash(f"Read this leaflet online: {URL}") in text, layout
        alts = figures(pdf)
        assert found.name in alts, layout
        assert any(URL in alt for alt in alts if alt.startswith("QR code")), layout


def test_the_qr_code_scans_to_the_online_version() -> None:
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    pdf = with_clinic("trifold")
    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=200 / 72).to_pil()
    codes = [c for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert [c.text for c in codes] == [URL]


def test_a_clinic_build_passes_pdf_ua_and_pdf_a_with_logo_and_qr_in_the_tree() -> None:
    pdf = with_clinic("large-print", "clinic-png.yaml")
    for profile_name in (page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A):
        report = page.validate_pdf_bytes(pdf, profile=profile_name)
        assert not report.failures, [f"{f.rule_id}: {f.message}" for f in report.failures]
    alts = figures(pdf)
    assert "Riverside Health Centre" in alts and any(alt.startswith("QR code") for alt in alts)
    with pikepdf.open(io.BytesIO(pdf)) as doc:  # the printed addresses are links too
        uris = {str(a.A.URI) for p in doc.pages for a in p.get("/Annots", []) if "/A" in a}
    assert {URL, "https://riverside.example.org"} <= uris


def test_the_svg_logo_stays_vector_and_a_cmyk_build_has_no_rgb() -> None:
    with pikepdf.open(io.BytesIO(with_clinic("standard"))) as doc:
        images = [k for p in doc.pages for k in p.get_images()]
    assert not images  # the SVG logo and the QR code are drawn, not pasted in as pictures
    # the SVG logo in a CMYK build: test_clinic_works_with_locale_bleed_cmyk_and_check
    press = with_clinic("standard", "clinic-png.yaml", cmyk=True)  # verify() refuses RGB
    with pikepdf.open(io.BytesIO(press)) as doc:
        content = b"".join(p.Contents.read_bytes() if isinstance(p.Contents, pikepdf.Stream)
                           else b"".join(c.read_bytes() for c in p.Contents)
                           for p in doc.pages)
        assert not re.search(rb"\brg\b|\bRG\b", content)
        spaces = [image.ColorSpace for p in doc.pages for image in p.get_images().values()]
        assert spaces == ["/DeviceCMYK"]


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
def test_a_bad_clinic_file_exits_2_at_its_line(
        bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    expect = bad.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    where, message = expect.split(": ", 1)
    path = tmp_path / bad.name
    shutil.copy(bad, path)
    for asset in ("logo.svg", "logo.png", "not-a-png.png"):
        shutil.copy(CLINICS / asset, tmp_path / asset)
    (tmp_path / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(5 * 1024 * 1024))
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert main(["--clinic", str(path), "--layout", "standard", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{where}: error: " in err and message in err, err
    assert not out.exists()


def test_a_low_contrast_colour_names_the_ratio_and_the_nearest_passing_colour() -> None:
    with pytest.raises(InputError) as raised:
        clinic.load(CLINICS / "low_contrast.yaml")
    report = raised.value.report()
    assert "1.73:1" in report and "at least 4.5:1" in report
    nearest = re.search(r"the nearest colour that passes is (#[0-9A-F]{6})", report)
    assert nearest is not None
    assert 4.5 <= contrast(HexColor(nearest.group(1)), white) < 4.7


def test_many_phone_lines_on_the_dose_card_are_refused_at_the_clinic_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (CLINICS / "clinic.yaml").read_text(encoding="utf-8").splitlines()
    at = lines.index("phones:") + 1
    extra = [f"  - label: Line {i}\n    number: 020 7946 00{i:02d}" for i in range(2, 20)]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join([*lines[:at], *extra, *lines[at:]]).replace(
        "logo: logo.svg", "") + "\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    assert main(["--clinic", str(path), "--layout", "dose-card", "--layout", "trifold",
                 "--paper", "a4", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{path}:2:1: error: layout 'dose-card' on a4: the clinic's details" in err
    assert f"{path}:2:1: error: layout 'trifold' on a4: the clinic's details do not fit" in err
    assert "fewer phone lines" in err and "spilled" not in err


def test_clinic_works_with_locale_bleed_cmyk_and_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    clinic_file = str(CLINICS / "clinic.yaml")
    assert main(["--clinic", clinic_file, "--locale", "en-US", "--layout", "trifold",
                 "--bleed", "--cmyk", "--out", str(tmp_path)]) == 0
    assert written(tmp_path) == ["amitriptyline-migraine-trifold-letter.pdf"]
    assert main(["--clinic", clinic_file, "--layout", "dose-card", "--check"]) == 0
    assert "passed" in capsys.readouterr().out
