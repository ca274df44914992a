"""Locales: the country a leaflet is printed for, as data.

A locale is `handout/data/locales/<tag>.yaml` (en-GB, en-US): its language (which strings
table), its region (with the leaflet's language, the PDF's /Lang), the paper built by
default, the date pattern, and the safety numbers and words content names by placeholder:
`{emergency_number}`, `{emergency_department}`, `{urgent_line}`, `{poisons_line}`.

`fill` puts a locale's values into a content text while it is validated. Words that need a
value some countries lack go in `[[ ]]`, e.g. "Contact a doctor[[ or call {urgent_line}]] now
if:": the part is printed where the locale has every value it names and left out elsewhere.
Content that writes such a number or word itself ("999", "A&E") is refused by the safety
check (`literals`), so a leaflet never tells a patient in one country another's number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from handout.errors import InputError, Location, Problem
from handout.loader import load_nodes, location

DIR = Path(__file__).resolve().parent / "data" / "locales"
PAPERS = ("a4", "letter")
DATE_FIELDS = ("weekday", "day", "month", "year")
# Every value a locale may define: name -> what it is (a locale may lack any but the first
# two; content puts words that need the others in [[ ]]).
PLACEHOLDERS: dict[str, str] = {
    "emergency_number": "emergency phone number (for an ambulance)",
    "emergency_department": "word for a hospital's emergency department (A&E)",
    "urgent_line": "phone line for urgent problems that are not emergencies (NHS 111)",
    "poisons_line": "phone line for overdoses and poisoning (US Poison Help)",
}
REQUIRED = ("emergency_number", "emergency_department")
# Literal forms that no locale file holds as a value but that still name one country's
# number or place; every value of every locale file is refused as well (`literals`).
OTHER_LITERALS = {"112": "emergency_number", "emergency room": "emergency_department",
                  "NHS 111": "urgent_line"}
_TAG = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]")


@dataclass(frozen=True)
class Locale:
    tag: str  # en-GB
    language: str  # en: the strings table
    region: str  # GB
    name: str  # English (United Kingdom)
    paper: str  # a4 or letter
    date: str  # "{day} {month} {year}"
    values: Mapping[str, str]

    def lang(self, language: str) -> str:
        """The document language: the leaflet's language with this locale's region."""
        return f"{language.split('-')[0]}-{self.region}"


def available() -> tuple[str, ...]:
    """The locale tags with a file, sorted."""
    return tuple(sorted(p.stem for p in DIR.glob("*.yaml")))


@cache
def get(tag: str) -> Locale:
    """The locale `tag`; InputError (located in its file) if it is missing or malformed."""
    path = DIR / f"{tag}.yaml"
    if tag not in available():
        raise InputError([unknown_tag(tag, None)])
    root = load_nodes(path)
    fields = _mapping(path, root, ("language", "region", "name", "paper", "date", "values"))
    values = _mapping(path, fields["values"], tuple(PLACEHOLDERS), REQUIRED)
    problems = []
    if f"{fields['language'].value}-{fields['region'].value}" != tag:
        problems.append(Problem(location(str(path), fields["region"]),
                                f"language and region do not make the file's name {tag}"))
    if fields["paper"].value not in PAPERS:
        problems.append(Problem(location(str(path), fields["paper"]),
                                f"paper must be one of: {', '.join(PAPERS)}"))
    unknown = set(_PLACEHOLDER.findall(fields["date"].value)) - set(DATE_FIELDS)
    if unknown or "{day}" not in fields["date"].value:
        problems.append(Problem(location(str(path), fields["date"]),
                                f"the date pattern takes {{day}}, {{month}}, {{year}} and "
                                f"{{weekday}} only, with {{day}} (not: {', '.join(unknown)})"))
    if problems:
        raise InputError(problems)
    return Locale(tag, fields["language"].value, fields["region"].value, fields["name"].value,
                  fields["paper"].value, fields["date"].value,
                  {key: " ".join(node.value.split()) for key, node in values.items()})


def _mapping(path: Path, node: Node, allowed: tuple[str, ...],
             required: tuple[str, ...] | None = None) -> dict[str, ScalarNode]:
    """A mapping of text values with only `allowed` keys and every `required` one."""
    if not isinstance(node, MappingNode):
        raise InputError([Problem(location(str(path), node), "expected key: value lines")])
    found: dict[str, ScalarNode] = {}
    problems = []
    for key, value in node.value:
        if key.value not in allowed:
            problems.append(Problem(location(str(path), key), f"unknown key '{key.value}'",
                                    hint=f"allowed keys: {', '.join(allowed)}"))
        elif key.value != "values" and not (isinstance(value, ScalarNode) and value.value):
            problems.append(Problem(location(str(path), value), "expected text"))
        else:
            found[key.value] = value
    for key in allowed if required is None else required:
        if key not in found:
            problems.append(Problem(location(str(path), node), f"missing key '{key}'"))
    if problems:
        raise InputError(problems)
    return found


def default_tag(language: str) -> str | None:
    """The locale a leaflet in `language` gets without meta.locale: the tag itself, when it
    names a region (en-GB); None for a bare language (en)."""
    return language if _TAG.match(language) else None


@dataclass(frozen=True)
class Misfit:
    """A problem with a placeholder: `needle` (its n-th occurrence in the text) and why."""

    needle: str
    nth: int
    message: str
    hint: str = ""


def fill(value: str, locale: Locale) -> tuple[str, list[Misfit]]:
    """`value` with the locale's values in place of its placeholders, and what is wrong."""
    misfits: list[Misfit] = []

    def nth(needle: str, end: int) -> int:
        return value.count(needle, 0, end)

    for match in _PLACEHOLDER.finditer(value):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            misfits.append(Misfit(match.group(), nth(match.group(), match.start()),
                                  f"unknown placeholder '{match.group()}'",
                                  "placeholders are " + ", ".join(
                                      f"{{{n}}}" for n in PLACEHOLDERS)))
    optional_spans = [m.span() for m in _OPTIONAL.finditer(value)]
    for match in _PLACEHOLDER.finditer(value):
        name = match.group(1)
        inside = any(a < match.start() < b for a, b in optional_spans)
        if name in PLACEHOLDERS and name not in locale.values and not inside:
            misfits.append(Misfit(
                match.group(), nth(match.group(), match.start()),
                f"the locale {locale.tag} has no {name} ({PLACEHOLDERS[name]})",
                f"put the words that need it in [[ ]], e.g. 'Contact a doctor[[ or call "
                f"{{{name}}}]] now', so they are left out where there is none"))
    for match in _OPTIONAL.finditer(value):
        if not _PLACEHOLDER.search(match.group(1)):
            misfits.append(Misfit(match.group(), nth(match.group(), match.start()),
                                  "a [[ ]] part names no placeholder",
                                  "[[ ]] holds words that need a locale value, such as "
                                  "'[[ or call {urgent_line}]]'; remove the brackets"))

    def optional(match: re.Match[str]) -> str:
        names = _PLACEHOLDER.findall(match.group(1))
        return match.group(1) if all(n in locale.values for n in names) else ""

    filled = _OPTIONAL.sub(optional, value)
    filled = _PLACEHOLDER.sub(lambda m: locale.values.get(m.group(1), m.group()), filled)
    rest = _PLACEHOLDER.sub("", _OPTIONAL.sub(lambda m: _PLACEHOLDER.sub("", m.group(1)), value))
    for stray in ("[[", "]]", "{", "}"):
        if stray in rest:
            misfits.append(Misfit(stray, 0, f"a '{stray}' that is not part of a placeholder",
                                  "placeholders are written {name}, optional parts [[ ]]"))
    return " ".join(filled.split()), misfits


@cache
def literals() -> dict[str, str]:
    """Every literal that names one country's number or place -> the placeholder to write."""
    found = dict(OTHER_LITERALS)
    for tag in available():
        for name, text in get(tag).values.items():
            found.setdefault(text.removeprefix("the "), name)
    return found


def literal_pattern(text: str) -> re.Pattern[str]:
    """`text` as a whole word or number (not part of a longer one), any case."""
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])", re.IGNORECASE)


def literal_hits(value: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each literal in `value`, with the placeholder to write instead."""
    for text, name in literals().items():
        for match in literal_pattern(text).finditer(value):
            yield match, name


def unknown_tag(tag: str, loc: Location | None) -> Problem:
    return Problem(loc, f"there is no locale '{tag}'",
                   hint=f"use one of: {', '.join(available())}, or add "
                        f"handout/data/locales/{tag}.yaml (copy en-GB.yaml)")
