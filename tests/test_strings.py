"""Interface words are data: every fixed word on the page comes from the strings table of the
leaflet's language, is checked for glyphs like content, and says nothing about one medicine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, LAYOUTS, reader, squash

from handout import pipeline, strings
from handout.errors import InputError

EN = strings.DIR / "en.yaml"
# Changed interface words, each unlike anything in the content or the English table.
CHANGED = {
    "notes_heading": "Zznotes",
    "notes_prompt": "Zzprompt for your notes.",
    "page_of": "Zzpage {page}/{total}",
    "callout_urgent": "Zzhelp",
    "about_heading": "Zzabout",
    "month_1": "Zzjanuary",
    "card_date_started": "Zzstarted",
    "contact_heading": "Zzquestions",
}


@pytest.fixture
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of en.yaml as the only table, with the CHANGED words."""
    text = EN.read_text(encoding="utf-8")
    for key, value in CHANGED.items():
        text, count = re.subn(rf"^{key}: .*$", f'{key}: "{value}"', text, flags=re.M)
        assert count == 1, key
    (tmp_path / "en.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(strings, "DIR", tmp_path)
    strings.table.cache_clear()
    yield tmp_path / "en.yaml"
    strings.table.cache_clear()


def pages(layout: str, paper: str = "a4") -> list[str]:
    leaflet = pipeline.load(DATA / "minimal.yaml")
    pdf = reader(pipeline.build_one(leaflet, LAYOUTS[layout], paper))
    return [squash(page.extract_text()) for page in pdf.pages]


def test_layouts_print_the_words_of_the_table(table: Path) -> None:
    booklet = pages("booklet")
    assert squash("Zzpage 1/4") in booklet[0]
    assert squash("Zzhelp:") in "".join(booklet)
    assert squash("Zzabout") in "".join(booklet)
    assert squash("1 Zzjanuary 2026") in "".join(booklet)  # minimal.yaml: published 2026-01-01
    assert "Page1of" not in "".join(booklet) and "Gethelpnow" not in "".join(booklet)
    # minimal.yaml is short: the tri-fold's flap is a notes panel
    trifold = "".join(pages("trifold", "letter"))
    assert squash("Zzquestions") in trifold
    assert squash("Zznotes") in trifold and squash("Zzprompt for your notes.") in trifold
    card = pages("dose-card")
    assert squash("Zzstarted") in card[0] and squash("Zzhelp") in card[1]


def test_a_missing_glyph_in_the_table_is_refused_at_its_line(table: Path) -> None:
    text = table.read_text(encoding="utf-8").replace('"Zznotes"', '"Zznotes \u2603"')
    table.write_text(text, encoding="utf-8")
    strings.table.cache_clear()
    with pytest.raises(InputError) as err:
        pipeline.load(DATA / "minimal.yaml")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if x.startswith("notes_heading"))
    assert f"en.yaml:{line}:" in err.value.report()
    assert "U+2603" in err.value.report()


def test_the_table_holds_nothing_about_one_medicine() -> None:
    words = " ".join(t.value for t in strings.table("en").texts()).lower()
    for topic in ("amitriptyline", "migraine", "headache", "tablet", "mg", "999", "nhs"):
        assert not re.search(rf"\b{topic}\b", words), topic


def test_every_key_the_code_asks_for_is_in_the_table() -> None:
    root = Path(strings.__file__).resolve().parent.parent
    code = "".join(p.read_text(encoding="utf-8") for folder in ("handout", "layouts")
                   for p in (root / folder).glob("*.py"))
    asked = set(re.findall(r"""(?:words|\bw)\(\s*["']([a-z_0-9]+)["'][,)]""", code))
    known = set(strings.table("en").entries)
    assert asked and asked <= known, asked - known
