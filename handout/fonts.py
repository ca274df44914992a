"""Fonts: register the embedded TTFs once, check every character, and mark up text.

Body text is Atkinson Hyperlegible (designed for low vision). Characters it lacks (Greek,
Cyrillic, much of Latin Extended) fall back, run by run, to Fira Sans. A character neither
font has is an error naming the character, its code point and its YAML line: ReportLab would
otherwise draw an empty box or nothing at all, without a word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from html import escape
from pathlib import Path

import fontpkg_atkinson_hyperlegible
import fontpkg_fira_sans
from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handout.errors import Problem, locate
from handout.model import Text

REGULAR = "Atkinson"
BOLD = "Atkinson-Bold"
FALLBACK = "FiraSans"
FALLBACK_BOLD = "FiraSans-Bold"

_FILES = {
    REGULAR: fontpkg_atkinson_hyperlegible.ROOT / "files" / "AtkinsonHyperlegible-Regular.ttf",
    BOLD: fontpkg_atkinson_hyperlegible.ROOT / "files" / "AtkinsonHyperlegible-Bold.ttf",
    FALLBACK: fontpkg_fira_sans.ROOT / "files" / "FiraSans-Regular.ttf",
    FALLBACK_BOLD: fontpkg_fira_sans.ROOT / "files" / "FiraSans-Bold.ttf",
}
_IGNORED = set("\n\t")  # layout characters, never drawn as glyphs
_BOLD_MARK = re.compile(r"\*\*(.+?)\*\*")
# A web address in (escaped) text: as check_safety finds them, without trailing punctuation.
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'()\[\]{}*]+?(?=[.,;:!?]*(?:\s|$))",
                  re.IGNORECASE)
# Where a URL may break: after a slash (not inside "://"), before a dot or a hyphen (so a
# line never ends in a hyphen that text extraction would take for hyphenation). ReportLab
# breaks lines only at spaces; a space in a 0.1 pt font is never seen, and tagging draws it
# as nothing (`tagging._SpacedText`), so a reader and a copy get the URL unbroken.
URL_BREAK = re.compile(r"(?<=[^:/]/)(?=[^/])|(?<=[^/])(?=[.-])")
_BREAK_POINT = '<font size="0.1"> </font>'


@functools.cache
def font_file(name: str = REGULAR) -> Path:
    """The TTF file of one of our fonts (previews label their images with it)."""
    return _FILES[name]


def register() -> None:
    """Register both families with ReportLab (idempotent). Italics map to upright on purpose:
    clear-print guidance says to avoid italics, and a stray <i> must not pull in Helvetica."""
    _parsed()
    for family, regular, bold in ((REGULAR, REGULAR, BOLD), (FALLBACK, FALLBACK, FALLBACK_BOLD)):
        addMapping(family, 0, 0, regular)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, regular)
        addMapping(family, 1, 1, bold)
    # Drawings and bare canvases start with these, Helvetica by default, and name it on the
    # page even when no string uses it.
    rl_config.defaultGraphicsFontName = REGULAR
    rl_config.canvas_basefontname = REGULAR


@functools.cache
def _parsed(*names: str) -> None:
    """Parse and register TTFs once per process (every render and theme asks): a TTFont
    keeps its subsets per document, so one serves every build. The fallback pair waits
    until a text needs it (9 ms of a cold build that most leaflets never use)."""
    for name in names or (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(Path(_FILES[name]))))


def font(name: str) -> TTFont:
    """One of our fonts, registered (the fallback pair parsed on first use)."""
    register()
    if name in (FALLBACK, FALLBACK_BOLD):
        _parsed(FALLBACK, FALLBACK_BOLD)
    return pdfmetrics.getFont(name)


@functools.cache
def _coverage(*names: str) -> frozenset[int]:
    """Code points that every named font can draw."""
    maps = [set(font(n).face.charToGlyph) for n in names]
    return frozenset(set.intersection(*maps))


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that no registered font can draw, in order, once each."""
    primary = _coverage(REGULAR, BOLD)
    return [char for char in dict.fromkeys(text) if ord(char) not in primary
            and char not in _IGNORED and ord(char) not in _coverage(FALLBACK, FALLBACK_BOLD)]


def check_glyphs(texts: Iterable[Text]) -> list[Problem]:
    problems = []
    for text in texts:
        for char in missing_glyphs(text.value):
            name = unicodedata.name(char, "unnamed character")
            problems.append(Problem(
                locate(text.loc, char),
                f"the character '{char}' (U+{ord(char):04X} {name}) is in no font we embed",
                hint="replace it with a plain character (e.g. '>=' for '≥'), or remove it",
                path=text.path))
    return problems


def markup(text: str, bold: bool = False) -> str:
    """Content text as ReportLab paragraph markup: XML escaped, **bold** as <b>, runs of
    characters the main font lacks wrapped in the fallback font (its bold face in bold
    text, or everywhere in a `bold` style), web addresses as links."""
    out = escape(text, quote=False)
    out = _BOLD_MARK.sub(r"<b>\1</b>", out)
    return _links(_wrap_fallback(out, bold))


def _links(marked: str) -> str:
    """Each web address as a link (`<a href>`) that breaks only at its slashes, dots and
    hyphens."""
    def link(match: re.Match[str]) -> str:
        url = match.group(0)
        target = url if "://" in url else "https://" + url
        shown = URL_BREAK.sub(_BREAK_POINT, url)
        return f'<a href="{target}">{shown}</a>'

    return _URL.sub(link, marked)


def _wrap_fallback(marked: str, bold: bool) -> str:
    """Runs of characters the main font lacks in `<font name>` tags of the fallback font.
    A font tag sets the weight as well as the family (ReportLab reads it from the name), so
    inside `<b>`, or in a `bold` style, the run names the fallback's bold face."""
    primary = _coverage(REGULAR, BOLD)
    if primary.issuperset(map(ord, marked)):  # nearly every text: nothing to wrap
        return marked
    font(FALLBACK)  # the runs below draw in it
    pieces: list[str] = []
    run: list[str] = []
    tag: list[str] = []  # the tag being read
    in_bold = 0  # <b> tags open

    def wrap() -> None:
        face = FALLBACK_BOLD if bold or in_bold else FALLBACK
        pieces.append(f'<font name="{face}">{"".join(run)}</font>')
        run.clear()

    for char in marked:
        if char == "<" or tag:
            tag.append(char)
        elif ord(char) not in primary and char not in _IGNORED:
            run.append(char)
            continue
        if run:
            wrap()
        pieces.append(char)
        if char == ">" and tag:
            name = "".join(tag)
            in_bold += (name == "<b>") - (name == "</b>")
            tag.clear()
    if run:
        wrap()
    return "".join(pieces)
