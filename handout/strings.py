"""Interface words: every fixed word a layout prints, from a table per language.

`handout/data/strings/<language>.yaml` maps a key to a text (see `en.yaml`); the table is
the language of the leaflet's locale (en-GB and en-US -> en.yaml), which also gives the date
pattern (`handout/locales.py`): month and weekday names are words, their order is the
country's. Layouts and kit ask
`words(leaflet)("notes_heading")`, never write English themselves, so a leaflet in another
language needs one new file and no code. The texts go through the same glyph check as the
content (`texts`), located in the table's file.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode

from handout import locales
from handout.errors import InputError, Problem
from handout.loader import load_nodes, location
from handout.model import Leaflet, Text

DIR = Path(__file__).resolve().parent / "data" / "strings"


def available() -> tuple[str, ...]:
    """The languages with a table (primary subtags), sorted."""
    return tuple(sorted(p.stem for p in DIR.glob("*.yaml")))


def primary(language: str) -> str:
    return language.split("-")[0].lower()


class Strings:
    """One language's table: `strings(key, **fields)` is the text with its fields filled in."""

    def __init__(self, language: str, entries: dict[str, Text],
                 date_pattern: str = "{day} {month} {year}") -> None:
        self.language = language
        self.entries = entries
        self.date_pattern = date_pattern

    def __call__(self, key: str, **fields: object) -> str:
        return self.entries[key].value.format(**fields)

    def texts(self) -> tuple[Text, ...]:
        return tuple(self.entries.values())

    def date(self, date: dt.date) -> str:
        """A date with the month in words, in the locale's order ("1 November 2026",
        "November 1, 2026"): unambiguous everywhere."""
        return self.date_pattern.format(
            weekday=self(f"weekday_{date.isoweekday()}"), day=date.day,
            month=self(f"month_{date.month}"), year=date.year)


@cache
def table(language: str) -> Strings:
    """The table for `language` (a tag such as en-GB); InputError if there is none."""
    path = DIR / f"{primary(language)}.yaml"
    if not path.is_file():
        raise InputError([Problem(None, f"no interface words for the language '{language}'",
                                  hint=f"add {path.name} to {DIR} (copy en.yaml), or use "
                                       f"one of: {', '.join(available())}")])
    root = load_nodes(path)
    entries: dict[str, Text] = {}
    problems = []
    if not isinstance(root, MappingNode):
        raise InputError([Problem(location(str(path), root), "expected key: text lines")])
    for key, value in root.value:
        if not (isinstance(value, ScalarNode) and isinstance(key, ScalarNode)):
            problems.append(Problem(location(str(path), value), "expected key: text"))
            continue
        entries[key.value] = Text(" ".join(value.value.split()), location(str(path), value),
                                  f"strings.{key.value}")
    if problems:
        raise InputError(problems)
    return Strings(language, entries)


def for_locale(tag: str) -> Strings:
    """The interface words and date order of the locale `tag` (en-GB, en-US)."""
    locale = locales.get(tag)
    language = table(locale.language)
    return Strings(language.language, language.entries, locale.date)


def words(leaflet: Leaflet) -> Strings:
    """The interface words for the leaflet's locale."""
    return for_locale(leaflet.meta.locale)
