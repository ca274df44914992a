"""What the content checks share: which texts are prose, sentences, and exact locations.

A finding inside a long folded text points at its own line and column, found in the file
with `errors.locate` (the same search the glyph check uses).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from handout.errors import Location, Problem, locate
from handout.model import Leaflet, Text

# Meta texts a reader reads as prose (the rest of meta is names, ids and dates).
_META_PROSE = {"meta.title", "meta.subtitle", "meta.audience", "meta.summary",
               "meta.disclaimer"}
_DOSING_PROSE = re.compile(r"dosing\.(regimens\[\d+\]\.(when|amount)|maximum\.note|taper\.text)")
_SENTENCE_END = re.compile(r"[.!?]+(?:\*\*)?[\"'\u201d\u2019)]*(?=\s|$)")
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "st.", "vs.", "approx."}
_WORD = re.compile(r"\w+(?:['\u2019.-]\w+)*")


def is_prose(text: Text) -> bool:
    """Running text a patient reads: sections, the dose plan's words, the cover."""
    return (text.path.startswith("sections.") or bool(_DOSING_PROSE.fullmatch(text.path))
            or text.path in _META_PROSE)


def group(text: Text) -> str:
    """The part of the leaflet a prose text is graded with: its section, or "meta"."""
    return text.section or text.path.split(".")[0]


def prose(leaflet: Leaflet) -> Iterator[Text]:
    return (t for t in leaflet.texts if is_prose(t))


def plain(value: str) -> str:
    """Text as printed: the **bold** marks are not drawn."""
    return value.replace("**", "")


def as_sentence(value: str) -> str:
    """A heading, list item or table cell as a sentence of its own, for the grade formula."""
    value = plain(value).strip()
    return value if value.endswith((".", "!", "?", ":")) else value + "."


def words(value: str) -> int:
    return len(_WORD.findall(plain(value)))


@dataclass(frozen=True)
class Span:
    """A piece of a text: `value[start:end]` of `text`."""

    text: Text
    start: int
    end: int

    @property
    def value(self) -> str:
        return self.text.value[self.start:self.end]

    @property
    def loc(self) -> Location:
        return where(self.text, self.start, self.end)


def sentences(text: Text) -> Iterator[Span]:
    """The sentences of a text, split after . ! or ? when the next word does not start in
    lower case and the full stop does not end a common abbreviation."""
    value, start = text.value, 0
    for end in _SENTENCE_END.finditer(value):
        rest = value[end.end():].lstrip(" *\"'\u201c\u2018(")
        token = value[:end.end()].rsplit(None, 1)[-1].lower().strip("*\"'\u201d\u2019)(")
        if (rest and rest[0].islower()) or token in _ABBREVIATIONS:
            continue
        if value[start:end.end()].strip():
            yield _trimmed(text, start, end.end())
        start = end.end()
    if value[start:].strip():
        yield _trimmed(text, start, len(value))


def _trimmed(text: Text, start: int, end: int) -> Span:
    piece = text.value[start:end]
    start += len(piece) - len(piece.lstrip())
    return Span(text, start, start + len(piece.strip()))


def where(text: Text, start: int, end: int) -> Location:
    """The file location of `text.value[start:end]`, even in a text folded over many lines."""
    needle = text.value[start:min(end, start + 40)]
    needle = needle if needle.strip() else text.value[start:end]
    earlier = text.value.count(needle, 0, start)
    return locate(text.loc, needle, nth=earlier, within=len(text.value))


def key_location(loc: Location, key: str) -> Location:
    """Where `key:` is written in the mapping that starts at `loc`."""
    return locate(loc, f"{key}:")


def at(span: Span, message: str, hint: str = "", severity: str = "error") -> Problem:
    """A finding at a piece of text."""
    return Problem(span.loc, message, hint=hint, path=span.text.path, severity=severity,
                   section=group(span.text))


def quote(value: str, limit: int = 60) -> str:
    value = " ".join(plain(value).split())
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"
