"""A5 booklet (half-letter on Letter paper): cover, one column, saddle-stitched in 4s."""

from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import inch, mm
from reportlab.platypus import Flowable, PageBreak, PageTemplate

from handout import contact, furniture, kit
from handout.layout import Context, Layout, Story
from handout.model import Leaflet
from handout.theme import Theme

HALF_LETTER = (5.5 * inch, 8.5 * inch)
MARGIN = 14 * mm
TOP = 14 * mm
BOTTOM = 20 * mm  # footer


def theme() -> Theme:
    """A small page, so a slightly smaller scale than the standard handout, body still 11.5 pt."""
    return Theme(body=11.5, leading=1.45, title=22, heading=15, subheading=12.5, small=11)


def build(leaflet: Leaflet, ctx: Context) -> Story:
    page_width, page_height = ctx.page_size
    width = page_width - 2 * MARGIN
    frame = kit.text_frame(MARGIN, BOTTOM, width, page_height - TOP - BOTTOM, "text")
    blocks = kit.Blocks(leaflet, ctx.theme, width)
    # The cover page holds the title and key facts; the sections start on page 2.
    flowables: list[Flowable] = [blocks.title_band(), *blocks.key_facts(), PageBreak(),
                                 *blocks.sections(contact.section(blocks, ctx))]
    return Story([PageTemplate("page", [frame])], flowables,
                 furniture=furniture.footer(leaflet, ctx.theme, MARGIN, page_width - MARGIN,
                                            BOTTOM - 6 * mm, blocks.styles["small"]))


LAYOUT = Layout(
    name="booklet",
    description=__doc__.splitlines()[0],
    page_sizes={"a4": A5, "letter": HALF_LETTER},
    build=build,
    theme=theme,
    page_multiple=4,
    impose="saddle",
)
