"""A sheet of cards as ReportLab pages: fronts on page 1, backs on page 2 for duplex.

`cards.Sheet` gives the geometry; here it becomes page templates (one frame per card side,
`safe` inside the cut edge, the card outlines and cut marks drawn on every page), the story
(each card's flowables kept in its own frame; the first card is the tagged content a screen
reader hears, the others `Story.copies`), the sheet's label up the left margin, and the
measure that tells a layout whether a face's parts fit and which part crosses the bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, FrameBreak, PageTemplate

from handout import cards, kit, model, strings
from handout.errors import Location
from handout.layout import Context, Furniture
from handout.model import Leaflet
from handout.theme import Palette

SIDES = ("front", "back")
SLUG_FROM_EDGE = 8 * mm  # the sheet's label runs up the left margin, outside every card

# A part of a card face: the section it prints (None for fixed furniture such as the phone
# line), where to point an overflow message, and its flowables.
Part = tuple[model.Section | None, Location | None, list[Flowable]]


def frame_id(card: int, side: str) -> str:
    """The frame of card `card` (0-based) on `side`, "front" or "back"."""
    return f"card-{card + 1}-{side}"


def templates(grid: cards.Sheet, safe: float, palette: Palette) -> list[PageTemplate]:
    """The fronts page, then the backs page: a frame `safe` inside each card's edge, and on
    each page every card's outline and the cut marks."""
    fronts, backs = grid.fronts(), grid.backs()

    def frames(rects: list[cards.Rect], side: str) -> list[Frame]:
        return [kit.text_frame(r.x + safe, r.y + safe, r.width - 2 * safe,
                               r.height - 2 * safe, frame_id(i, side))
                for i, r in enumerate(rects)]

    def guides(rects: list[cards.Rect]) -> Callable[[Canvas, object], None]:
        def draw(canvas: Canvas, _doc: object) -> None:
            for rect in rects:
                cards.draw_outline(canvas, rect, palette.rule)
            cards.draw_cut_marks(canvas, grid.cut_marks(), palette.registration)
        return draw

    return [
        PageTemplate("fronts", frames(fronts, "front"), onPage=guides(fronts),
                     autoNextPageTemplate="backs"),
        PageTemplate("backs", frames(backs, "back"), onPage=guides(backs)),
    ]


def tag(part: Part) -> list[Flowable]:
    """The part's flowables, marked with its section (so render's messages can name it)."""
    section, _, flowables = part
    if section is not None:
        for flowable in flowables:
            setattr(flowable, kit.SECTION_ATTR, section)
    return flowables


def fill(count: int, faces: Sequence[Callable[[], list[Part]]]) -> list[Flowable]:
    """Every card's fronts, then every card's backs (`faces`: make the front's parts, make
    the back's; fresh flowables each call), each card in its own frame."""
    flowables: list[Flowable] = []
    for side, make in zip(SIDES, faces, strict=True):
        for i in range(count):
            if flowables:
                flowables.append(FrameBreak())
            card = [f for part in make() for f in tag(part)]
            flowables += kit.in_frame(card, frame_id(i, side))
    return flowables


def copies(count: int) -> tuple[str, ...]:
    """A screen reader hears one card (front, then back); the others are copies."""
    return tuple(frame_id(i, side) for side in SIDES for i in range(1, count))


def overflow(parts: list[Part], width: float, height: float) -> tuple[float, Part] | None:
    """None if the parts fit in `height`; else how much they overflow and the first part
    that crosses the bottom edge."""
    used = 0.0
    crossing: Part | None = None
    named: Part | None = None  # a fixed part without a section (the phone line) names the
    for part in parts:  # section before it: that is the content that grew
        for flowable in part[2]:
            used += flowable.getSpaceBefore() + flowable.wrap(width, 1e6)[1]
            used += flowable.getSpaceAfter()
        if part[0] is not None:
            named = part
        if used > height and crossing is None:
            crossing = part if part[0] is not None or named is None else named
    if crossing is None:
        return None
    return used - height, crossing


def slug(leaflet: Leaflet, ctx: Context, grid: cards.Sheet) -> Furniture:
    """The sheet's label, up the left margin (cut away with it): what it is, which side,
    page x of y, version, and how to print and cut it."""
    m = leaflet.meta
    words = strings.words(leaflet)
    size = ctx.theme.small
    style = ParagraphStyle("slug", parent=ctx.theme.styles()["small"], alignment=TA_CENTER,
                           spaceAfter=0)

    def draw(canvas: Canvas, page: int, total: int) -> None:
        side = words("card_fronts" if page == 1 else "card_backs")
        text = words("card_sheet", title=m.title, side=side, page=page, total=total,
                     version=m.version, review=words.date(m.next_review))
        line = kit.para(text, style)
        length = ctx.page_size[1] - 2 * grid.margins[1]
        _, tall = line.wrap(length, size * 3)
        canvas.saveState()
        canvas.translate(SLUG_FROM_EDGE, grid.margins[1])
        canvas.rotate(90)
        line.drawOn(canvas, 0, -tall + size)
        canvas.restoreState()

    return draw
