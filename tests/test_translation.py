"""The Spanish translation (content.es.yaml) built from the source leaflet: every layout in
Spanish passes PDF/UA-1 and PDF/A-2a, prints no English sentence, every number of the source,
911 in the emergency box and the Spanish interface words; and the translation checks refuse
a wrong translation at its line (each layout is rendered once, on Letter, the es-US paper)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import page
import pytest
from conftest import CONTENT, LAYOUTS, leaflet, reader, written
from test_accessibility import elements

from handout import cli, fonts, pipeline, strings, translation
from handout.check_text import sentences
from handout.model import Leaflet

SPANISH = CONTENT.with_name("content.es.yaml")
UA, PDFA = page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A


@cache
def spanish() -> Leaflet:
    return pipeline.load(CONTENT, lang="es")


@cache
def spanish_pdf(layout: str) -> bytes:
    return pipeline.produce(spanish(), LAYOUTS[layout], "letter").pdf


def text_of(layout: str) -> str:
    """The PDF's text with white space folded, for phrases across line ends."""
    pages = reader(spanish_pdf(layout)).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


@pytest.fixture(params=sorted(LAYOUTS))
def layout(request: pytest.FixtureRequest) -> str:
    return request.param


def test_every_layout_builds_in_spanish_and_passes_pdf_ua_and_pdf_a(layout: str) -> None:
    pdf = spanish_pdf(layout)
    for profile in (UA, PDFA):
        report = page.validate_pdf_bytes(pdf, profile=profile)
        assert not report.failures, [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert reader(pdf).trailer["/Root"]["/Lang"] == "es-US"


def test_no_english_sentence_is_left_on_the_page(layout: str) -> None:
    """Every sentence of four words or more of the English leaflet's texts (sources' titles
    and publishers aside: they are cited as published) and of the English interface words
    is absent from the Spanish PDF."""
    printed = text_of(layout).lower()
    english = [t for t in leaflet().texts if not t.path.startswith(("sources", "claims"))]
    phrases = [s.value for t in english for s in sentences(t)]
    phrases += [t.value for t in strings.table("en").texts()]
    left = []
    for phrase in phrases:
        plain = re.sub(r"\{[^}]*\}|\*\*", "|", phrase.lower())
        for piece in plain.split("|"):
            piece = " ".join(piece.split()).strip(" .,:;")
            if len(piece.split()) >= 4 and piece in printed:
                left.append(piece)
    assert not left, left


def test_every_number_of_the_source_is_printed() -> None:
    printed = text_of("standard")
    english = " ".join(t.as_written for t in leaflet().texts if t.path.startswith("sections"))
    numbers = set(re.findall(r"\d+(?:\.\d+)?", english))
    assert numbers and not {n for n in numbers if n not in printed}


@pytest.mark.parametrize("layout_name", ["standard", "dose-card", "trifold"])
def test_the_emergency_box_says_911_and_the_spanish_emergency_room(layout_name: str) -> None:
    assert "Busque ayuda ya: Llame al 911 o vaya a la sala de emergencias si:" in text_of(
        layout_name)


def test_the_interface_words_dates_and_review_status_are_spanish() -> None:
    printed = text_of("standard")
    for words in ("Busque ayuda ya", "Importante:", "Para quién es:", "Su plan de dosis",
                  "Dosis inicial", "Cómo se sube", "De 10 mg en 10 mg", "una vez al día",
                  "Dosis más altas", "Página 1 de", "Versión 1.1",
                  "Publicado el 1 de diciembre de 2026", "Traducido de la versión 1.1",
                  "Pendiente de revisión por un traductor médico calificado",
                  "De dónde viene esta información", "Con el medicamento:"):
        assert words in printed, words
    card = text_of("dose-card")
    assert "Tómelo:" in card and "Anote cuándo empieza cada dosis" in card


def test_the_fact_box_figure_is_described_in_spanish() -> None:
    alts = [str(e.Alt) for role, e in elements(spanish_pdf("standard")) if role == "Figure"]
    assert alts and all("44 de las 100 personas" in alt for alt in alts), alts


def test_spanish_letters_are_in_the_primary_font() -> None:
    """Neither missing nor drawn in the fallback font: the primary font has each one."""
    for char in "áéíóúñüÁÉÍÓÚÑÜ¿¡":
        assert fonts.missing_glyphs(char) == [], char
        assert "<font" not in fonts.markup(char), char


def test_every_interface_key_is_translated() -> None:
    assert set(strings.table("es").entries) == set(strings.table("en").entries)


def test_file_names_carry_a_translations_language_only(tmp_path: Path) -> None:
    code = cli.main(["--lang", "all", "--layout", "dose-card", "--paper", "letter",
                     "--out", str(tmp_path)])
    assert code == 0
    assert written(tmp_path) == [
        "amitriptyline-migraine-dose-card-letter.pdf",
        "amitriptyline-migraine-es-dose-card-letter.pdf"]
    assert pipeline.languages(CONTENT, ["en"]) == [None]
    assert pipeline.languages(CONTENT, ["en,es"]) == [None, "es"]


# -- the translation checks, each refusing a changed copy at its line ------------------------
def mutated(tmp_path: Path, old: str, new: str, source: tuple[str, str] | None = None,
            count: int = 1) -> tuple[Path, int]:
    """Copies of the source and the translation with `old` replaced in the translation (and
    `source` in the source); the line of the translation where the change is."""
    content = tmp_path / "content.yaml"
    text = CONTENT.read_text(encoding="utf-8")
    if source:
        assert source[0] in text
        text = text.replace(*source)
    content.write_text(text, encoding="utf-8")
    spanish_text = SPANISH.read_text(encoding="utf-8")
    assert spanish_text.count(old) >= 1, old
    changed = spanish_text.replace(old, new, count)
    translation.path_for(content, "es").write_text(changed, encoding="utf-8")
    line = spanish_text[:spanish_text.index(old)].count("\n") + 1
    return content, line


def refused(capsys: pytest.CaptureFixture[str], content: Path, *extra: str) -> str:
    code = cli.main(["--check", "--content", str(content), "--lang", "es", "--layout",
                     "standard", "--today", "2026-12-02", *extra])
    out = capsys.readouterr()
    assert code == 2, out.out + out.err
    return out.out + out.err


def test_a_changed_dose_is_refused_at_its_line(tmp_path: Path, capsys) -> None:
    content, line = mutated(tmp_path, "es de 10 mg una vez al día", "es de 100 mg una vez al día")
    report = refused(capsys, content)
    assert f"content.es.yaml:{line - 1}:" in report  # the item's '- >-' line
    assert "the numbers differ from the source's: the source has 1, 10, 2, this text 1, 100, 2" \
        in report


def test_a_missing_block_is_refused_at_the_blocks_list(tmp_path: Path, capsys) -> None:
    old = SPANISH.read_text(encoding="utf-8")
    start = old.index("      - source: 3141c8c9")
    content, _ = mutated(tmp_path, old[start:], "")
    report = refused(capsys, content)
    blocks_line = old[:old.index("- source: 4d61520c")].count("\n") + 1  # the list's start
    assert re.search(rf"content\.es\.yaml:{blocks_line}:\d+: error: "
                     r"sections\.dosing_and_tapering\.blocks\[12\]: block 13 of 13 \(a callout",
                     report), report
    assert "source: 3141c8c9" in report  # the hint gives the fingerprint to add


def test_an_extra_block_is_refused_at_its_line(tmp_path: Path, capsys) -> None:
    old = "          - No lo use si ya venció.\n"
    content, line = mutated(tmp_path, old, old + "      - source: 00000000\n        text: Algo"
                                                 " que el original no dice.\n")
    report = refused(capsys, content)
    assert f"content.es.yaml:{line + 1}:" in report
    assert "the source has only 13 blocks here" in report


def test_a_dropped_emergency_sign_is_refused_at_its_list(tmp_path: Path, capsys) -> None:
    old = ("          - tiene pensamientos de hacerse daño o de quitarse la vida\n"
           "          - tiene una convulsión\n")
    content, line = mutated(tmp_path, old, old.splitlines(keepends=True)[0])
    report = refused(capsys, content)
    assert re.search(rf"content\.es\.yaml:{line}:\d+: error: sections\.side_effects\.blocks\[0\]"
                     r"\.items: the source's list has 4 items; this one has 3", report), report


def test_a_dropped_placeholder_is_refused(tmp_path: Path, capsys) -> None:
    content, line = mutated(tmp_path, "Llame al {emergency_number} o vaya", "Llame o vaya")
    report = refused(capsys, content)
    assert f"content.es.yaml:{line}:" in report and "the placeholders differ" in report


def test_an_outdated_translation_warns_and_is_refused_under_strict(tmp_path: Path,
                                                                  capsys) -> None:
    source_edit = ('  version: "1.1"', '  version: "1.2"')
    content, _ = mutated(tmp_path, "translation:", "translation:", source=source_edit)
    text = content.read_text(encoding="utf-8").replace(
        "Take it every day, even when you feel well.",
        "Take it every day, even on days when you feel well.")
    content.write_text(text, encoding="utf-8")
    assert cli.main(["--check", "--content", str(content), "--lang", "es", "--layout",
                     "standard", "--today", "2026-12-02"]) == 0
    report = refused(capsys, content, "--strict")
    spanish_text = SPANISH.read_text(encoding="utf-8")
    version_line = spanish_text[:spanish_text.index("source_version")].count("\n") + 1
    block_line = spanish_text[:spanish_text.index('source: "0501728d"')].count("\n") + 1
    assert f"content.es.yaml:{version_line}:" in report
    assert "this translates version 1.1 of" in report and "which is now version 1.2" in report
    assert "changed since: sections.dosing_and_tapering.blocks[6] (line " in report
    assert re.search(rf"content\.es\.yaml:{block_line}:\d+: error: sections\.dosing_and_"
                     r"tapering\.blocks\[6\]\.source: the source block changed since", report)


def test_a_clean_translation_passes_strict(capsys) -> None:
    code = cli.main(["--check", "--lang", "es", "--layout", "standard", "--strict",
                     "--today", "2026-12-02"])
    out = capsys.readouterr().out
    assert "Fernández-Huerta" in out
    assert code == 0, out


def test_spanish_builds_are_identical_across_renders() -> None:
    assert pipeline.produce(spanish(), LAYOUTS["dose-card"], "letter").pdf == spanish_pdf(
        "dose-card")


def test_the_skeleton_tool_writes_a_translation_the_checks_accept(tmp_path: Path) -> None:
    import sys

    import yaml

    sys.path.insert(0, str(CONTENT.parent / "tools"))
    from translation_skeleton import skeleton

    start = skeleton(CONTENT, "es-US")
    start["translation"]["date"] = "2026-12-01"  # type: ignore[index]
    content = tmp_path / "content.yaml"
    content.write_text(CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    translation.path_for(content, "es").write_text(
        yaml.safe_dump(start, sort_keys=False, allow_unicode=True), encoding="utf-8")
    leaflet_es = pipeline.load(content, lang="es")
    assert leaflet_es.meta.lang == "es-US" and leaflet_es.translation is not None
    findings = leaflet_es.translation.findings
    assert findings and all(f.message == "this text is the source's, untranslated"
                            for f in findings)  # the skeleton's texts are still English


def test_a_translation_too_long_for_a_layout_is_located_in_the_translation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the missed-dose rule too long for the card in full and in its short form
    longer = " Siga luego como siempre esa noche." * 12
    content, _ = mutated(tmp_path, "para compensar.", "para compensar." + longer)
    spanish = content.with_name("content.es.yaml")
    text = spanish.read_text(encoding="utf-8")
    assert "**Nunca tome 2 dosis a la vez.**" in text
    spanish.write_text(text.replace("**Nunca tome 2 dosis a la vez.**",
                                    "**Nunca tome 2 dosis a la vez.**" + longer), encoding="utf-8")
    code = cli.main(["--content", str(content), "--lang", "es", "--layout", "dose-card",
                     "--paper", "letter", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    spanish_text = SPANISH.read_text(encoding="utf-8")
    block_line = spanish_text[:spanish_text.index("title: Si olvida una dosis")].count("\n")
    assert code == 1
    assert f"content.es.yaml:{block_line}:" in err and "the back of the card overflows" in err
