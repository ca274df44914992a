"""Leaflets other than the shipped one, in every layout and paper: the dose words come from
each leaflet's own dosing data, and nothing is printed that the data does not have.

tests/data/leaflets/ holds real, sourced leaflets:
- nitrofurantoin.yaml: prescription-only, two regimens (100 mg twice a day, or 50 mg 4 times
  a day), no titration, no taper;
- ibuprofen-gel.yaml: general sale, used on the skin "when needed, up to 3 times a day", no
  amount in mg, no titration, no taper.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import page
import pytest
from conftest import CASES, DATA, LAYOUTS, fixture_leaflet, fixture_pdf, reader, squash

from handout import pipeline
from handout.cli import main

LEAFLETS = DATA / "leaflets"
NAMES = ("nitrofurantoin", "ibuprofen-gel")
# What the dose plan and the dose card must say, as squashed lower-case text; the daily
# totals are derived (100 mg x 2, 50 mg x 4), never written in the data.
DOSE_WORDS = {
    "nitrofurantoin": ("100mgtwiceaday(200mgaday),withfoodormilk",
                       "50mg4timesaday(200mgaday),withfoodormilk,spreadevenly",
                       "400mgaday.onlyforasevereinfection"),
    "ibuprofen-gel": ("athinlayerwhenneeded,upto3timesaday,atleast4hoursapart,andgently",),
}
# Rows and lines that exist only for a titration, a taper or a maximum.
NEVER = {
    "nitrofurantoin": ("goingup", "startingdose", "writethedateyoustarteachdose", "stopping"),
    "ibuprofen-gel": ("goingup", "startingdose", "writethedateyoustarteachdose", "stopping",
                      "highest"),
}


leaflet = fixture_leaflet
built = fixture_pdf  # built once per session, shared with test_printed_dose


@cache
def text(name: str, layout: str, paper: str) -> str:
    pdf = reader(built(name, layout, paper))
    return squash(" ".join(p.extract_text() for p in pdf.pages)).lower()


@pytest.mark.parametrize("name", NAMES)
def test_each_leaflet_passes_check_strict(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--check", "--strict", "--content", str(LEAFLETS / f"{name}.yaml"),
                 "--layout", "standard", "--paper", "a4"])
    assert code == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("layout", "paper"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_every_layout_prints_the_dose_words_of_the_data_and_nothing_else(
        name: str, layout: str, paper: str) -> None:
    printed = text(name, layout, paper)
    for words in DOSE_WORDS[name]:
        assert words in printed, words
    for words in NEVER[name]:
        assert words not in printed, words
    if LAYOUTS[layout].complete:
        for section in leaflet(name).sections:
            assert squash(section.heading).lower() in printed, section.heading


@pytest.mark.parametrize("name", NAMES)
def test_every_layout_stays_pdf_ua_1_and_pdf_a_2a(name: str) -> None:
    for layout in LAYOUTS:
        for profile in (page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2A):
            report = page.validate_pdf_bytes(built(name, layout, "a4"), profile=profile)
            assert not report.failures, (layout, profile, report.failures[:3])


def test_a_topical_product_prints_no_amount_in_mg() -> None:
    for layout, paper in CASES:
        assert not re.search(r"\d(mg|g)\b", text("ibuprofen-gel", layout, paper)), layout


def test_the_daily_total_is_derived_from_the_dose_and_the_times_a_day() -> None:
    """Change only how often: the printed daily total follows (100 mg x 3 = 300 mg)."""
    base = leaflet("nitrofurantoin")
    first = replace(base.dosing.regimens[0], times_a_day=(3, 3))
    changed = replace(base, dosing=replace(base.dosing,
                                           regimens=(first, *base.dosing.regimens[1:])))
    for layout in ("standard", "dose-card"):
        pdf = reader(pipeline.build_one(changed, LAYOUTS[layout], "a4"))
        printed = squash(" ".join(p.extract_text() for p in pdf.pages)).lower()
        assert "100mg3timesaday(300mgaday)" in printed, layout
        assert "100mgtwiceaday(200mgaday)" not in printed, layout


def test_the_shipped_titration_still_goes_up() -> None:
    """The contrast: amitriptyline has a titration, so its plan has the rows the others lack."""
    pdf = reader(pipeline.build_one(pipeline.load(Path("content.yaml")), LAYOUTS["standard"],
                                    "a4"))
    printed = squash(" ".join(p.extract_text() for p in pdf.pages)).lower()
    assert "startingdose10mgonceaday,1to2hoursbeforebed." in printed
    assert "goingupby10mgatatime" in printed
    assert "usualdose10mgto75mgaday" in printed


@pytest.mark.parametrize("note", ["", "Higher doses only on a specialist's advice."])
def test_a_maximum_may_be_only_a_note_or_absent(note: str) -> None:
    """A ceiling left to a specialist: the plan prints the note alone, or no highest dose."""
    base = pipeline.load(Path("content.yaml"))
    assert base.dosing.maximum is not None
    maximum = replace(base.dosing.maximum, per_dose=None, per_day=None, note=note) if note \
        else None
    changed = replace(base, dosing=replace(base.dosing, maximum=maximum))
    for layout in ("standard", "dose-card"):
        pdf = reader(pipeline.build_one(changed, LAYOUTS[layout], "a4"))
        printed = squash(" ".join(p.extract_text() for p in pdf.pages)).lower()
        assert "goingupby10mg" in printed.replace(":", ""), layout
        assert "150mgaday." not in printed, layout  # the prose may still name it; not the plan
        if note:
            assert re.search("higherdoses:?" + re.escape(squash(note).lower()), printed), layout
            assert "highestdose" not in printed and "highest:" not in printed, layout
        else:
            assert "highestdose" not in printed and "highest:" not in printed, layout
