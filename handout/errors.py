"""Located problems and the kinds of failure the command line reports.

Every message a user sees is built here, so they all share one shape:

    content.yaml:41:9: error: sections.overview.blocks[2].text: expected text, got a list
        - [one, two]
          ^
        hint: write the paragraph as one line of text
"""

from __future__ import annotations

import difflib
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 1024 * 1024  # the largest content file we read, and the most we ever read of one
SHOWN_COLUMNS = 100  # a longer source line is shown as a window around the caret
SHOWN_MESSAGE = 300  # a message or hint quoting a huge value is cut to this many characters


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a content file. `quote` False: never show the line (it
    may hold a patient's details, `handout.plan`)."""

    file: str
    line: int
    column: int
    quote: bool = field(default=True, compare=False)

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
        out = [f"{where}{self.severity}: {shorten(what)}"]
        if self.loc and self.loc.quote and source_lines and 0 < self.loc.line <= len(source_lines):
            text = source_lines[self.loc.line - 1].rstrip("\n").expandtabs(1)
            text, caret = _window(text, self.loc.column - 1)
            out.append(f"    {text}")
            out.append("    " + " " * caret + "^")
        if self.hint:
            out.append(f"    hint: {shorten(self.hint)}")
        return "\n".join(out)


def shorten(text: str) -> str:
    """`text`, cut to SHOWN_MESSAGE characters in the middle (a message never repeats a huge
    value whole, and keeps its start and its end, where the reason often is)."""
    if len(text) <= SHOWN_MESSAGE:
        return text
    half = (SHOWN_MESSAGE - 1) // 2
    return text[:half] + "…" + text[-half:]


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A hint naming the choice closest to a misspelt `word`, or "" when none is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _window(line: str, caret: int) -> tuple[str, int]:
    """At most SHOWN_COLUMNS characters of `line` around `caret`, marked with '…' where cut,
    and the caret's place in what is shown."""
    if len(line) <= SHOWN_COLUMNS:
        return line, caret
    start = min(max(0, caret - SHOWN_COLUMNS // 2), len(line) - SHOWN_COLUMNS)
    start = max(0, start)
    shown = line[start:start + SHOWN_COLUMNS]
    before = "…" if start > 0 else ""
    after = "…" if start + SHOWN_COLUMNS < len(line) else ""
    return before + shown + after, caret - start + len(before)


def sort_key(problem: Problem) -> tuple[int, int]:
    return (problem.loc.line, problem.loc.column) if problem.loc else (0, 0)


class _Source:
    """One content file's text, with an index for `locate` built the first time it is asked:
    the file as one stream with each run of white space made one space (line ends too), and
    the line and column each character of the stream came from."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._stream: str | None = None
        self._places = array("q")  # line * 2**21 + column, ascending

    def stream(self) -> tuple[str, array]:
        if self._stream is None:
            chars: list[str] = []
            for number, line in enumerate(self.lines, start=1):
                for column, char in enumerate(line + " ", start=1):  # a line end is a space
                    if char.isspace():
                        if not chars or chars[-1] == " ":
                            continue
                        char = " "
                    chars.append(char)
                    self._places.append(_place(number, column))
            self._stream = "".join(chars)
        return self._stream, self._places


def _place(line: int, column: int) -> int:
    return (line << 21) | column  # a column is at most MAX_BYTES + 1 < 2**21


_SOURCES: dict[str, _Source] = {}


def remember(file: str | Path, text: str) -> None:
    """Keep the text the loader parsed, so messages show and search exactly that (and the
    file is never read again, nor read whole if it was too large to parse)."""
    if len(_SOURCES) >= 16:
        _SOURCES.clear()
    _SOURCES[str(file)] = _Source(text)


def forget(file: str | Path) -> None:
    """Drop a file's kept text: a patient's plan must not outlive its build, even in memory."""
    _SOURCES.pop(str(file), None)


def _source(file: str | Path) -> _Source:
    name = str(file)
    if name not in _SOURCES:
        remember(name, _read_text(Path(name)))
    return _SOURCES[name]


def _read_text(path: Path) -> str:
    """At most MAX_BYTES of a regular file as text ('' when it is larger or unreadable)."""
    try:
        if not path.is_file():
            return ""
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return ""
    return "" if len(data) > MAX_BYTES else data.decode("utf-8", errors="replace")


def read_lines(path: str | Path) -> list[str]:
    """The content file's lines for showing context; empty if it cannot be read as text."""
    return _source(path).lines


def locate(loc: Location, needle: str, nth: int = 0, within: int | None = None) -> Location:
    """The exact line and column of `needle` in the file, searching from `loc` onwards.

    A folded YAML text spans several lines and the model keeps it with each run of white
    space made one space, so the search does the same: a needle may run across a line break.
    `nth` skips that many earlier matches; `within` keeps the search inside the first that
    many characters after `loc` (a text's own length), so it never lands in a later text.
    Returns `loc` itself when the needle cannot be found (e.g. behind a YAML escape).
    The file is indexed once, so locating every text of a long file stays linear.
    """
    target = " ".join(needle.split())
    source = _source(loc.file)
    if not target or not 0 < loc.line <= len(source.lines):
        return loc
    stream, places = source.stream()
    start = bisect_left(places, _place(loc.line, loc.column))
    if start < len(stream) and stream[start] == " ":
        start += 1  # the search starts at the first character that is not white space
    end = len(stream) if within is None else start + within + 8  # room for quotes and '>-'
    found = start - 1
    for _ in range(nth + 1):
        found = stream.find(target, found + 1, end)
        if found < 0:
            return loc
    line, column = divmod(places[found], 1 << 21)
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
        files = {p.loc.file for p in self.problems if p.loc and p.loc.quote}
        lines = {f: read_lines(f) for f in files}
        ordered = sorted(self.problems, key=sort_key)
        return "\n".join(p.format(lines.get(p.loc.file) if p.loc else None) for p in ordered)


class InputError(HandoutError):
    """The content file or the command line is wrong: exit 2, nothing written."""

    exit_code = 2


class WriteError(HandoutError):
    """The output folder could not be written (full disk, permissions, another build holding
    it): exit 1; what was there before is left as it was."""

    exit_code = 1


class LayoutError(HandoutError):
    """A layout could not place the content, or a print check failed: exit 1."""

    exit_code = 1

