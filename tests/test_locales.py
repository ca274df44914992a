"""Locales: the shipped leaflet built for the US says 911 and the emergency room, never the UK's
999, 111 or A&E, dates the US way and defaults to Letter; placeholders and [[ ]] parts."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from conftest import CONTENT, LAYOUTS, ROOT, squash, written
from pypdf import PdfReader

from handout import locales, pipeline, strings
from handout.cli import main
from handout.model import Leaflet


@cache
def us() -> Leaflet:
    return pipeline.load(CONTENT, "en-US")


@cache
def us_pdf(layout: str) -> bytes:
    return pipeline.build_one(us(), LAYOUTS[layout], "letter")


def text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_us_build_says_911_in_the_emergency_box_and_nothing_of_the_uk(layout: str) -> None:
    printed = text(us_pdf(layout))
    for uk in ("999", "111", "A&E"):
        assert not re.search(rf"(?<![\w-]){re.escape(uk)}(?![\w-])", printed), (layout, uk)
    box = "Call 911 or go to the emergency room now if:"
    assert squash(box) in squash(printed), layout
    found = us().block_with_role("emergency_signs")
    assert found is not None and getattr(found[1], "title", "") == box


@pytest.mark.parametrize("layout", ["standard", "booklet"])
def test_a_us_build_dates_the_us_way(layout: str) -> None:
    printed = squash(text(us_pdf(layout)))
    assert squash("Published December 1, 2026. Next review due December 1, 2027.") in printed
    assert squash("1 December 2026") not in printed


def test_a_us_build_is_tagged_en_us_and_a_gb_build_en_gb() -> None:
    with pikepdf.open(io.BytesIO(us_pdf("standard"))) as pdf:
        assert str(pdf.Root.Lang) == "en-US"
        assert "<rdf:li>en-US</rdf:li>" in str(pdf.open_metadata())
    assert pipeline.load(CONTENT).meta.lang == "en-GB"


def test_the_urgent_line_is_printed_where_the_locale_has_one_and_left_out_where_not() -> None:
    gb = pipeline.load(CONTENT).block_with_role("urgent_signs")
    us_found = us().block_with_role("urgent_signs")
    assert gb is not None
    assert getattr(gb[1], "title", "") == "Contact a doctor or call 111 now if:"
    assert us_found is not None
    assert getattr(us_found[1], "title", "") == "Contact a doctor now if:"


def test_fill_marks_each_problem_and_drops_only_the_optional_part() -> None:
    gb, us_locale = locales.get("en-GB"), locales.get("en-US")
    assert locales.fill("Call {emergency_number}[[ or {urgent_line}]].", gb) == (
        "Call 999 or 111.", [])
    assert locales.fill("Call {emergency_number}[[ or {urgent_line}]].", us_locale) == (
        "Call 911.", [])
    _, misfits = locales.fill("[[no value]] {x} {urgent_line} {", us_locale)
    assert [m.needle for m in misfits] == ["{x}", "{urgent_line}", "[[no value]]", "{"]


def test_the_paper_defaults_to_the_locales_and_names_carry_the_locale_when_several(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # one locale keeps the plain names: test_clinic_works_with_locale_bleed_cmyk_and_check
    monkeypatch.chdir(ROOT)
    assert main(["--layout", "trifold", "--locale", "en-GB", "--locale", "en-US",
                 "--out", str(tmp_path / "both")]) == 0
    assert written(tmp_path / "both") == [
        "amitriptyline-migraine-en-GB-trifold-a4.pdf",
        "amitriptyline-migraine-en-US-trifold-letter.pdf"]


def test_an_unknown_locale_on_the_command_line_exits_2(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["--locale", "fr-FR", "--check"]) == 2
    assert "there is no locale 'fr-FR'" in capsys.readouterr().out


def test_check_reports_each_locale_and_json_is_a_list_of_them(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["--check", "--format", "json", "--locale", "en-GB", "--locale", "en-US",
                 "--layout", "dose-card"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert [r["passed"] for r in reports] == [True, True]


def test_a_date_pattern_may_name_the_weekday() -> None:
    words = strings.table("en")
    for pattern, expected in (("{weekday} {day} {month} {year}", "Monday 7 December 2026"),
                              ("{weekday}, {month} {day}, {year}", "Monday, December 7, 2026")):
        localized = strings.Strings("en", words.entries, pattern)
        assert localized.date(dt.date(2026, 12, 7)) == expected
