"""Everyday handout: A4 or US Letter portrait, title band, two columns, footer on every page."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, FrameBreak, PageTemplate

from handout import contact, furniture, kit
from handout.layout import Context, Layout, Story
from handout.model import Leaflet

MARGIN = 17 * mm  # outer margins: at least 10 mm (Hartley), room for the printer's grip
TOP = 15 * mm
BOTTOM = 22 * mm  # the footer sits in here
GUTTER = 8 * mm


def build(leaflet: Leaflet, ctx: Context) -> Story:
    page_width, page_height = ctx.page_size
    width = page_width - 2 * MARGIN
    column = (width - GUTTER) / 2
    height = page_height - TOP - BOTTOM

    # Page 1: the title and key facts across the full width, measured to fit exactly.
    front = kit.Blocks(leaflet, ctx.theme, width)
    opening: list[Flowable] = [front.title_band(), *front.key_facts()]
    top_height = kit.measure(opening, width) + 2  # slack for rounding in ReportLab's sums
    below = height - top_height

    def columns(y_top: float, h: float, prefix: str) -> list[Frame]:
        return [kit.text_frame(MARGIN + i * (column + GUTTER), y_top - h, column, h,
                               f"{prefix}{i}") for i in range(2)]

    title_frame = kit.text_frame(MARGIN, page_height - TOP - top_height, width, top_height,
                                 "title")
    templates = [
        PageTemplate("first", [title_frame, *columns(page_height - TOP - top_height, below,
                                                     "first-column-")],
                     autoNextPageTemplate="later"),
        PageTemplate("later", columns(page_height - TOP, height, "column-")),
    ]
    body = front.at_width(column)
    flowables: list[Flowable] = [*kit.in_frame(opening, "title"), FrameBreak(),
                                 *body.sections(contact.section(body, ctx))]
    return Story(templates, flowables,
                 furniture=furniture.footer(leaflet, ctx.theme, MARGIN, page_width - MARGIN,
                                            BOTTOM - 7 * mm, body.styles["small"]))


LAYOUT = Layout(
    name="standard",
    description=__doc__.splitlines()[0],
    page_sizes={"a4": A4, "letter": LETTER},
    build=build,
)
