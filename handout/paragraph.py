"""ReportLab's Paragraph, parsed once per text and style, laid out once per width.

Parsing: ReportLab turns a paragraph's markup into "frags" (runs of text with their font,
size and colour) with an HTML parser, the costliest step of making a story. The frags depend
only on the text and the style's values, and the same texts come back in every layout and on
every paper of a build (and in the tri-fold's fitting). So the first parse is kept, keyed by
the text and every value of the style (as a number given to those values, found once per
style object: `_style_number`), and a later paragraph gets copies of its frags (each
frag copied: ReportLab assigns to a frag's attributes when it splits a paragraph). The memo
is bounded (`_PARSED_MAX` entries) and cleared when full. Inside `unremembered()` (a
patient's pages) nothing is looked up or kept: a name or a plan never outlives its build, not
even in memory.

Content text (plain, with **bold**: what a leaflet says) becomes markup by `fonts.markup`
(escaping, bold, links, fallback-font runs), which depends on the text alone. `content`
makes such a paragraph and keys the memo by the content text itself (marked as content, so
it never meets markup of the same characters): a remembered text is neither marked up nor
parsed again.

Wrapping: Platypus wraps most paragraphs two to four times at the same width (a table
measures its cells, the frame places the table, a list measures its items...), and breaking a
paragraph into lines is ReportLab's costliest layout step. The lines depend only on the width:
text and style never change after construction. So a second wrap at the same width keeps the
first's lines, as long as ReportLab's own line state (`blPara`) is still the one that wrap
made: `split` deletes or replaces it, and then the paragraph is broken again, as ReportLab
would.

Breaking and drawing: ReportLab's own algorithms, without their per-word overhead, for the
paragraphs we make (handout/textlines.py, handout/drawlines.py, handout/textdraw.py); each
hands anything else back to ReportLab.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph

from handout import fonts
from handout.drawlines import draw_lines, draw_on
from handout.fraglines import clone_frags
from handout.textdraw import fast_text
from handout.textlines import break_lines

_PARSED_MAX = 4096  # texts of a few leaflets in several layouts; more only in a long batch
_parsed: dict[tuple[Any, ...], tuple[list[Any], Any]] = {}
_remember: ContextVar[bool] = ContextVar("remember", default=True)  # per thread and task
_CONTENT = "content"  # a key's second item: the text is content text, not markup
_STYLES_MAX = 256  # style objects numbered (a few dozen a build), and distinct values
_styles: dict[int, tuple[ParagraphStyle, dict[str, Any], int]] = {}  # by id(style)
_numbers: dict[tuple[Any, ...], int] = {}  # a style's values (all but its parent) -> number
_counter = itertools.count()  # numbers are never given twice, also after a clear


@contextlib.contextmanager
def unremembered() -> Iterator[None]:
    """Paragraphs made inside parse anew and leave nothing in the memo (patient data)."""
    token = _remember.set(False)
    try:
        yield
    finally:
        _remember.reset(token)


def _style_number(style: ParagraphStyle) -> int:
    """The number of `style`'s values (all but its parent; equal values, equal numbers), the
    third item of a memo key: hashing some 40 values for every paragraph cost more than the
    rest of a remembered parse. Each style object's number is found once, and used again
    while its values are still the ones it was found for. TypeError for a value that cannot
    be a key."""
    seen = _styles.get(id(style))  # the entry keeps its style alive: ids are not reused
    if seen is not None and seen[0] is style and seen[1] == style.__dict__:
        return seen[2]
    values = dict(style.__dict__)
    values.pop("parent", None)  # left out, as the parse does not depend on it
    items = tuple(values.items())
    number = _numbers.get(items)
    if number is None:
        if len(_numbers) >= _STYLES_MAX:
            _numbers.clear()
        number = _numbers[items] = next(_counter)
    if len(_styles) >= _STYLES_MAX:
        _styles.clear()
    _styles[id(style)] = (style, dict(style.__dict__), number)
    return number


def content(text: str, style: ParagraphStyle) -> Paragraph:
    """Content text (plain, with **bold**) as a Paragraph of its markup (`fonts.markup`),
    remembered by the content text: a remembered one is not marked up again."""
    para = Paragraph.__new__(Paragraph)
    para._marks_up = True
    para.__init__(text, style)
    return para


class Paragraph(paragraph.Paragraph):
    _wrapped: tuple[float, object, tuple[float, float]] | None = None
    _marks_up = False  # the text is content text, marked up before parsing (`content`)

    def _setup(self, text: str, style: ParagraphStyle, bulletText: Any, frags: Any,
               cleaner: Any) -> None:
        key = None  # stays None for nothing to parse, a bullet's own text, a patient's page
        if frags is None and bulletText is None and _remember.get():
            kind = _CONTENT if self._marks_up else self.caseSensitive
            try:
                key = (text, kind, _style_number(style))
            except TypeError:  # a style value that cannot be a key (a list): parse every time
                key = None
        done = _parsed.get(key) if key is not None else None
        if done is not None:
            self.text, self.style, self.bulletText, self.debug = done[1], style, None, 0
            self.frags = clone_frags(done[0])
            return
        if self._marks_up and frags is None:
            text = fonts.markup(text, bold=style.fontName == fonts.BOLD)
        super()._setup(text, style, bulletText, frags, cleaner)
        if key is not None and self.style is style and self.bulletText is None:
            # kept unless the markup changed the style (a <para> attribute); the copies kept
            # are the memo's own, this paragraph keeps the frags it parsed
            if len(_parsed) >= _PARSED_MAX:
                _parsed.clear()
            _parsed[key] = (clone_frags(self.frags), self.text)

    def breakLines(self, width: Any) -> Any:
        lines = break_lines(self, width)
        return super().breakLines(width) if lines is None else lines

    def drawPara(self, debug: int = 0) -> None:
        if debug or not draw_lines(self):
            super().drawPara(debug)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if not draw_on(self, canvas, x, y, _sW):
            super().drawOn(canvas, x, y, _sW)

    def beginText(self, x: float, y: float) -> Any:
        return fast_text(super().beginText(x, y))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        done = self._wrapped
        if (done is not None and done[0] == available_width
                and self.__dict__.get("blPara") is done[1]):
            self.width, self.height = done[2]
            return done[2]
        size = super().wrap(available_width, available_height)
        if available_width >= paragraph._FUZZ:  # below it ReportLab breaks no lines
            self._wrapped = (available_width, self.blPara, size)
        return size
