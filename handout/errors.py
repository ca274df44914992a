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
    severity: str = "error"

    def format(self, source_lines: list[str] | None = None) -> str:
        where = f"{self.loc}: " if self.loc else ""
        what = f"{self.path}: {self.message}" if self.path else self.message
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

