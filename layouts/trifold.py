"""Tri-fold: one A4 or US Letter landscape sheet, two sides, three panels each, roll fold.

Panels, left to right. Outside (page 1): fold-in flap (narrow) | back cover | front cover.
Inside (page 2): left | middle | right (narrow; the back of the flap).

Reading order (`Story.reading_order`, what a screen reader follows): front cover, then the
sections in mission order through the flap, inside left, inside middle and inside right,
and the back cover last, as the folded leaflet opens: opening the cover shows the flap,
lying where the cover was; unfolding the flap shows the three inside panels. The back cover
holds the clinic contact, sources and dates (and the storage block, below). The sheet is
drawn as ReportLab needs it, outside side first (page 1: cover, back, flap), so plain text
extraction, which goes page by page, still gives the back cover before the sections.

A tri-fold holds four panels of sections. `panels.fit` measures the story against them and,
where needed, prints blocks in their short forms (`short:`) and leaves out `priority: detail`
blocks that have none (each named in `Story.omitted`): detail blocks first, then essential
ones, warnings last. It measures each block's forms once and places them without drawing
(`handout.fitting`), so the tri-fold is one ReportLab build, like the other layouts. It
fails with a located error, naming the section and by how much, when even the shortest
forms do not fit. Content that fits the three inside panels starts there, and the flap
becomes a notes panel: both sides stay planned pages. The block with role
`storage` (storing it safely) goes on the back cover above the clinic contact when it fits
there: it reads on its own, and the back is the panel a patient sees last when the leaflet
lies folded.

Type is 9 pt on 11.25 pt lines (standard: 12 pt on 1.45), the smallest we allow: the
essential content of the shipped leaflet (safety warnings, emergency signs, dosing and
stopping; about 1,100 words) does not fit four panels at 10 pt. An 87 mm column at 9 pt
still gives 50 to 60 characters a line, within the range for easy reading; do not go below
9 pt, shorten the content instead. Only sources and dates are smaller (8.5 pt). Text keeps
the 5 mm (1/8 in) minimum from folds and edges, spacing is tighter and the theme is compact
(`Theme(spacing=0.6, compact=True)`): callouts run their message under the icon across
the whole box and never split between panels (a heading at the foot of one panel and its
message on the next).
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, FrameBreak, PageTemplate, Spacer

from handout import contact, fitting, furniture, kit, model, panels
from handout.layout import Context, Furniture, Layout, Story
from handout.model import Leaflet
from handout.theme import Theme

# Roll fold: the fold-in panel is narrower so it tucks in without buckling.
WIDTHS = {"a4": (100 * mm, 100 * mm, 97 * mm),
          "letter": (3.6875 * inch, 3.6875 * inch, 3.625 * inch)}
# Text keeps this far from folds and edges (at least panels.SAFE: 5 mm, 1/8 in).
INSET = panels.SAFE
WRITE_IN = 20 * mm  # height of the clinic's write-in box (a phone number and a name)
QR_SIZE = 18 * mm  # the QR code on the back cover: still scans, leaves room for the rest


def theme() -> Theme:
    """Smaller than standard (12 pt) for panel columns; see the module docstring."""
    return Theme(body=9, leading=1.25, title=20, heading=12, subheading=9.5, small=8.5,
                 spacing=0.6, compact=True)


def geometry(paper: str) -> tuple[tuple[panels.Panel, ...], tuple[panels.Panel, ...]]:
    """Outside and inside panels, each left to right, in trim coordinates."""
    wide, _, narrow = WIDTHS[paper]
    return (panels.strip(("flap", "back", "front"), (narrow, wide, wide)),
            panels.strip(("left", "middle", "right"), (wide, wide, narrow)))


def build(leaflet: Leaflet, ctx: Context) -> Story:
    page_height = ctx.page_size[1]
    outside, inside = geometry(ctx.paper)
    flap, back, front = outside
    inset = INSET[ctx.paper]
    column = min(p.width for p in (*outside, *inside)) - 2 * inset
    top, bottom = page_height - inset, inset
    blocks = kit.Blocks(leaflet, ctx.theme, column)
    styles = blocks.styles

    # Front cover: a colour band with the title, then who it is for, the key message and
    # the disclaimer.
    title = [kit.para(leaflet.meta.title, styles["title"])]
    if leaflet.meta.subtitle:
        title.append(kit.para(leaflet.meta.subtitle, styles["subtitle"]))
    title_height = kit.measure(title, column) + 2
    band_bottom = min(page_height * 0.56, top - inset - title_height)
    title_area = front.area(column, band_bottom + inset, top, "front-title")
    facts = blocks.key_facts()
    facts_area = front.area(column, bottom, band_bottom - inset, "front")
    cover = [Spacer(1, title_area.height - title_height), *title]

    # The footer (furniture.footer) sits at the foot of the back cover and of the inside right.
    rule = bottom + footer_height(leaflet, blocks, column)
    above_footer = rule + 3 * mm

    # Back cover: clinic contact with a write-in box, sources in short, version and dates.
    # When it fits there, the block with role `storage` (storing it safely) goes on the
    # back cover too, above the contact: it reads on its own, and the back is the panel a
    # patient sees last when the leaflet lies folded.
    back_area = back.area(column, above_footer, top, "back")
    sections, closing = back_cover_block(leaflet, blocks, column, back_area.height, ctx)
    back_cover = closing + back_matter(leaflet, blocks, column, ctx)
    if ctx.clinic is not None:
        contact.check_fits(back_cover, column, back_area.height, ctx, "the back panel")

    # Sections: flap, then inside left, middle and right (above page 2's footer).
    flow = [flap.area(column, bottom, top), inside[0].area(column, bottom, top),
            inside[1].area(column, bottom, top),
            inside[2].area(column, above_footer, top)]

    # Little content fits the three inside panels: it starts there, and the flap (the
    # first panel a patient opens to) holds a notes panel, so both sides are planned pages.
    # Each block's forms are made and measured once (`fitting.Forms`), then placed in the
    # panels without drawing as often as fitting asks; the chosen ones are printed (one
    # build, with the lines each paragraph was broken into while measuring).
    forms = fitting.Forms(blocks)
    everything = {s.key: s.blocks for s in sections}
    little = not panels.measured(forms, sections, everything, flow[1:])
    fit = panels.fit(sections, forms, flow[1:] if little else flow)
    if fit.overflow:
        raise panels.too_long(ctx.layout, ctx.paper, fit.overflow,
                              ctx.theme.body * ctx.theme.leading,
                              "the four text panels (flap and inside)")
    flap_notes = [*kit.in_frame(blocks.notes(), "flap"), FrameBreak()]

    outside_frames = [a.frame() for a in (title_area, facts_area, back_area, flow[0])]
    templates = [
        PageTemplate("outside", outside_frames, onPage=lambda c, d: cover_band(c, ctx, front,
                                                                               band_bottom),
                     autoNextPageTemplate="inside"),
        PageTemplate("inside", [a.frame() for a in flow[1:]]),
    ]
    story: list[Flowable] = [
        *kit.in_frame(cover, "front-title"), FrameBreak(),
        *kit.in_frame(facts, "front"), FrameBreak(),
        *kit.in_frame(back_cover, "back"), FrameBreak(),
        *(flap_notes if little else []),
        *forms.story(sections, fit.chosen),
    ]
    # Read as the folded leaflet opens: front cover, the inside (flap first, or last when
    # it holds the notes), back panel last. The sheet is drawn outside side first.
    inside_ids = [a.id for a in flow[1:]]
    sections_read = [*inside_ids, flow[0].id] if little else [flow[0].id, *inside_ids]
    return Story(templates, story,
                 furniture=sheet_furniture(leaflet, ctx, (back_area, flow[3]), rule, outside,
                                           inside, styles["small"]),
                 omitted=fit.labels(),
                 reading_order=(title_area.id, facts_area.id, *sections_read, back_area.id))


def back_cover_block(leaflet: Leaflet, blocks: kit.Blocks, column: float, room: float,
                     ctx: Context) -> tuple[tuple[model.Section, ...], list[Flowable]]:
    """The sections without the block with role `storage`, and that block's flowables for
    the back cover, when it fits above the back matter and is not its section's only block
    (a heading never stands alone); else the sections as they are and nothing."""
    found = leaflet.block_with_role("storage")
    if found is None or len(found[0].blocks) < 2:
        return leaflet.sections, []
    section, block = found
    need = kit.measure([*blocks.block(block), *back_matter(leaflet, blocks, column, ctx)],
                       column)
    if need > room:
        return leaflet.sections, []
    flowables = blocks.block(block)
    for flowable in flowables:
        setattr(flowable, kit.SECTION_ATTR, section)
    rest = replace(section, blocks=tuple(b for b in section.blocks if b is not block))
    return tuple(rest if s is section else s for s in leaflet.sections), flowables


def back_matter(leaflet: Leaflet, blocks: kit.Blocks, column: float,
                ctx: Context) -> list[Flowable]:
    """The contact area (the clinic's details, or a box to write its number in), then
    the dates, the people and the sources in short."""
    m, s, p, w = leaflet.meta, blocks.styles, blocks.palette, blocks.words
    publishers = dict.fromkeys(src.publisher for src in leaflet.sources)
    end = [
        kit.para(w("about_heading"), s["h2"]),
        blocks.dates(),
        kit.para(blocks.credits(), s["small"]),
        kit.para(w("sources_heading"), s["h3"]),
        kit.para(w("sources_in_short", publishers="; ".join(publishers)), s["small"]),
    ]
    if ctx.clinic is not None:
        return [*contact.section(blocks, ctx, qr_size=QR_SIZE, style="small"), *end]
    label = kit.para(m.contact or w("contact_write_in"), s["small"])
    box = kit.grid([[[label, Spacer(1, WRITE_IN)]]],
                   [column], [
        ("BOX", (0, 0), (-1, -1), 1.2, p.accent),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ])
    box.spaceAfter = blocks.theme.body
    return [kit.para(w("contact_heading"), s["h2"]), kit.para(w("contact_ask"), s["body"]),
            box, *end]


def cover_band(canvas: Canvas, ctx: Context, front: panels.Panel, bottom: float) -> None:
    """The front cover's colour band, from the fold to the sheet's edge and into the bleed
    (never across the fold onto the back cover)."""
    width, height = ctx.page_size
    canvas.saveState()
    canvas.setFillColor(ctx.theme.palette.accent)
    canvas.rect(front.x0, bottom, width + ctx.bleed - front.x0, height + ctx.bleed - bottom,
                stroke=0, fill=1)
    canvas.restoreState()


def footer_height(leaflet: Leaflet, blocks: kit.Blocks, column: float) -> float:
    """Height of furniture.footer's text below its rule in a column (it wraps in a panel)."""
    small = blocks.theme.small
    text = kit.para(furniture.footer_text(leaflet), blocks.styles["small"])
    return text.wrap(column - small * 7, 1e6)[1] + small * 0.4


def sheet_furniture(leaflet: Leaflet, ctx: Context, areas: tuple[panels.Area, panels.Area],
                    rule: float, outside: tuple[panels.Panel, ...],
                    inside: tuple[panels.Panel, ...], style: ParagraphStyle) -> Furniture:
    """Footer (version, review date, page x of y) under the back cover's and the inside
    right panel's text; fold marks outside the trim when crop marks are on."""
    feet = [furniture.footer(leaflet, ctx.theme, a.x, a.x + a.width, rule, style)
            for a in areas]

    def draw(canvas: Canvas, page: int, total: int) -> None:
        side = outside if page == 1 else inside
        feet[0 if page == 1 else 1](canvas, page, total)
        panels.fold_marks(canvas, ctx, panels.folds(side))

    return draw


LAYOUT = Layout(
    name="trifold",
    description=__doc__.splitlines()[0],
    page_sizes={"a4": landscape(A4), "letter": landscape(LETTER)},
    build=build,
    exact_pages=2,
    theme=theme,
    uses=("storage",),
)
