"""PNG previews (`--preview`): one PNG per page next to each PDF, a contact sheet per
leaflet, the same bytes for the same PDF; side-by-side pictures of changed pages."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from conftest import DATA, ROOT, four_changes, pdf_bytes, reader
from PIL import Image

from handout import pipeline, preview, registry
from handout.cli import main

MINIMAL = DATA / "minimal.yaml"
SHEET = ROOT / "docs" / "contact-sheet.png"


def chunks(png: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    found, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        found.append(kind)
        at += 12 + length
    return found


def test_one_png_per_page_next_to_each_pdf_and_a_contact_sheet(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["--content", str(MINIMAL), "--layout", "standard", "--layout", "booklet",
                 "--paper", "a4", "--out", str(out), "--preview", "--today", "2026-06-01"])
    assert code == 0, capsys.readouterr().err
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 3  # standard, booklet and the booklet's printer spreads
    for pdf in pdfs:
        pngs = sorted(out.glob(f"{pdf.stem}-page-*.png"))
        assert len(pngs) == len(reader(pdf.read_bytes()).pages), pdf.name
        first = Image.open(pngs[0])
        width_in = float(reader(pdf.read_bytes()).pages[0].mediabox.width) / 72
        assert abs(first.width - width_in * preview.DPI) <= 1  # the readable default
    sheet = Image.open(out / "test-leaflet-contact-sheet.png")
    assert sheet.height == preview.SHEET_HEIGHT + 22 + 3 * 16
    # two first pages side by side (A4 and A5 are both 1 : sqrt 2), with margins
    assert abs(sheet.width - (2 * preview.SHEET_HEIGHT / 2**0.5 + 3 * 16)) <= 2


def test_same_pdf_same_png_bytes_without_metadata():
    pdf = pdf_bytes("standard", "a4")
    first, again = preview.pages(pdf), preview.pages(pdf)
    assert first == again
    assert len(first) == len(reader(pdf).pages)
    for png in first:
        assert set(chunks(png)) <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def test_a_failed_build_writes_no_preview(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    good = MINIMAL.read_text(encoding="utf-8")
    bad.write_text(good.replace("per_day: 100", "per_day: x"), encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != good
    code = main(["--content", str(bad), "--layout", "standard", "--paper", "a4",
                 "--out", str(tmp_path / "out"), "--preview"])
    assert code == 2
    assert not (tmp_path / "out").exists()


def test_changed_pages_are_found_and_shown_side_by_side(tmp_path):
    layout = registry.discover()["standard"]
    old = pipeline.load(MINIMAL)
    new = pipeline.load(four_changes(tmp_path))
    before = preview.render(pipeline.build_one(old, layout, "a4"), preview.CHANGE_DPI)
    after = preview.render(pipeline.build_one(new, layout, "a4"), preview.CHANGE_DPI)
    assert preview.changed_pages(before, before) == []
    changed = preview.changed_pages(before, after)
    assert changed  # a removed emergency sign and a lower dose show on the page
    picture = Image.open(io.BytesIO(preview.side_by_side(before[changed[0]],
                                                          after[changed[0]], ("a", "b"))))
    assert picture.width > 2 * before[0].width
    red = picture.convert("RGB").getcolors(1 << 20)
    assert any(color == (200, 30, 30) for _, color in red)  # the changed area is boxed


def test_the_readme_shows_the_committed_contact_sheet():
    assert SHEET.stat().st_size < 300 * 1024
    assert "docs/contact-sheet.png" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert Path(SHEET).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_workflow_runs_the_readmes_commands():
    """CI has no hidden steps: every handout command of the workflow is in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "leaflets.yml").read_text(encoding="utf-8")
    commands = [line.strip().split(" >> ")[0] for line in workflow.splitlines()
                if "make_pdf.py" in line or "pip install" in line]
    assert len(commands) >= 5
    for command in commands:
        command = command.split(" && echo")[0]
        assert command in readme, command


def test_diff_images_writes_the_changed_pages(tmp_path, capsys, monkeypatch):
    standard = registry.discover()["standard"]
    monkeypatch.setattr(registry, "discover", lambda: {"standard": standard})
    out = tmp_path / "changes"
    code = main(["diff", str(MINIMAL), str(four_changes(tmp_path)),
                 "--images", str(out)])
    assert code == 0, capsys.readouterr().err
    written = sorted(p.name for p in out.iterdir())
    assert written and all(name.startswith("test-leaflet-standard-a4-page-")
                           and name.endswith("-change.png") for name in written)
    assert f"{len(written)} changed page image(s)" in capsys.readouterr().err


def test_a_translation_gets_its_own_contact_sheet(tmp_path, capsys):
    """With --lang all, the leaflet and its translation each get a sheet named like their
    PDFs (they shared one name, and the second overwrote the first)."""
    out = tmp_path / "out"
    code = main(["--content", str(ROOT / "content.yaml"), "--lang", "all", "--layout",
                 "standard", "--paper", "a4", "--out", str(out), "--preview"])
    assert code == 0, capsys.readouterr().err
    stems = sorted(p.stem.removesuffix("-standard-a4") for p in out.glob("*.pdf"))
    assert stems == ["amitriptyline-migraine", "amitriptyline-migraine-es"]
    sheets = sorted(p.name for p in out.glob("*-contact-sheet.png"))
    assert sheets == [f"{stem}-contact-sheet.png" for stem in stems]
    assert len({(out / name).read_bytes() for name in sheets}) == 2
