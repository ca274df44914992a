"""Located problems and the three kinds of failure the command line reports.

Every message a user sees is built here, so they all share one shape:

    content.yaml:41:9: error: sections.overview.blocks[2].text: expected text, got a list
        - [one, two]
          ^
        hint: write the paragraph as one line of text
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a content file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is and what to do about it."""

    loc: Location | None
    message: str
    hint: str = ""
    path: str = ""  # the place in the content, e.g. "sections.overview.blocks[2]"
    severity: str = "error"  # or "warning": reported, fatal only with --strict
    section: str = ""  # the leaflet section the text prints in, when the path does not say

    def format(self, source_lines: list[str] | None = None) -> str:
        where = f"{self.loc}: " if self.loc else ""
        what = f"{self.path}: {self.message}" if self.path else self.message
        if self.section and self.section not in self.path.replace("[", ".").split(".")[:2]:
            what = f"[{self.section}] {what}"
        out = [f"{where}{self.severity}: {what}"]
        if self.loc and source_lines and 0 < self.loc.line <= len(source_lines):
            text = source_lines[self.loc.line - 1].rstrip("\n").expandtabs(1)
            out.append(f"    {text}")
            out.append("    " + " " * (self.loc.column - 1) + "^")
        if self.hint:
            out.append(f"    hint: {self.hint}")
        return "\n".join(out)


def sort_key(problem: Problem) -> tuple[int, int]:
    return (problem.loc.line, problem.loc.column) if problem.loc else (0, 0)


def read_lines(path: str | Path) -> list[str]:
    """The content file's lines for showing context; empty if it cannot be read as text."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def locate(loc: Location, needle: str, nth: int = 0, within: int | None = None) -> Location:
    """The exact line and column of `needle` in the file, searching from `loc` onwards.

    A folded YAML text spans several lines and the model keeps it with each run of white
    space made one space, so the search does the same: a needle may run across a line break.
    `nth` skips that many earlier matches; `within` keeps the search inside the first that
    many characters after `loc` (a text's own length), so it never lands in a later text.
    Returns `loc` itself when the needle cannot be found (e.g. behind a YAML escape).
    """
    target = " ".join(needle.split())
    lines = read_lines(loc.file)
    if not target or not 0 < loc.line <= len(lines):
        return loc
    limit = None if within is None else within + 8  # room for quotes and '>-' before a text
    chars: list[str] = []
    places: list[tuple[int, int]] = []
    for number in range(loc.line, len(lines) + 1):
        line = lines[number - 1]
        start = loc.column - 1 if number == loc.line else 0
        for column in range(start, len(line) + 1):  # the end of a line is a space too
            char = line[column] if column < len(line) else " "
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            places.append((number, column + 1))
        if limit is not None and len(chars) > limit:
            break
    stream = "".join(chars if limit is None else chars[:limit])
    found = -1
    for _ in range(nth + 1):
        found = stream.find(target, found + 1)
        if found < 0:
            return loc
    line, column = places[found]
    return Location(loc.file, line, column)


@dataclass
class HandoutError(Exception):
    """Base of the errors the command line turns into a message and an exit code."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = 1

    def __str__(self) -> str:
        return self.report()

    @classmethod
    def single(cls, message: str, hint: str = "") -> HandoutError:
        """An error with one unlocated problem, e.g. about the command line."""
        return cls([Problem(None, message, hint=hint)])

    def report(self) -> str:
        files = {p.loc.file for p in self.problems if p.loc}
        lines = {f: read_lines(f) for f in files}
        ordered = sorted(self.problems, key=sort_key)
        return "\n".join(p.format(lines.get(p.loc.file) if p.loc else None) for p in ordered)


class InputError(HandoutError):
    """The content file or the command line is wrong: exit 2, nothing written."""

    exit_code = 2


class LayoutError(HandoutError):
    """A layout could not place the content, or a print check failed: exit 1."""

    exit_code = 1

