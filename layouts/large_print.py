"""Large print: A4 or US Letter portrait, one column, 18 pt body, nothing smaller than 16 pt."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageTemplate

from handout import contact, furniture, kit
from handout.layout import Context, Layout, Story
from handout.model import Leaflet
from handout.theme import Theme

MARGIN = 20 * mm
TOP = 18 * mm
BOTTOM = 34 * mm  # two footer lines at 16 pt


def theme() -> Theme:
    """RNIB and ACB large print: 18 pt body, headings 22 pt or more, line spacing 1.5."""
    return Theme(body=18, leading=1.5, title=32, heading=26, subheading=22, small=16)


def build(leaflet: Leaflet, ctx: Context) -> Story:
    page_width, page_height = ctx.page_size
    width = page_width - 2 * MARGIN
    frame = kit.text_frame(MARGIN, BOTTOM, width, page_height - TOP - BOTTOM, "text")
    blocks = kit.Blocks(leaflet, ctx.theme, width)
    flowables: list[Flowable] = [blocks.title_band(), *blocks.key_facts(),
                                 *blocks.sections(contact.section(blocks, ctx))]
    return Story([PageTemplate("page", [frame])], flowables,
                 furniture=furniture.footer(leaflet, ctx.theme, MARGIN, page_width - MARGIN,
                                            BOTTOM - 8 * mm, blocks.styles["small"]))


LAYOUT = Layout(
    name="large-print",
    description=__doc__.splitlines()[0],
    page_sizes={"a4": A4, "letter": LETTER},
    build=build,
    theme=theme,
)
