"""Shared building blocks: content blocks as flowables, the title band, the footer.

Layouts compose these; they never style text themselves. Every flowable made for a section
carries that section (`SECTION_ATTR`) so render-time checks can name it in an error.

Every block comes out tagged for PDF/UA (`handout.tagging`): headings H1/H2/H3, paragraphs P,
lists L/LI/Lbl/LBody, tables Table/TR/TH/TD, callouts and the fact box as a Div, the fact box
drawing as a Figure with its alt text. Boxes, tints, rules and icons are artifacts.
"""

from __future__ import annotations

import copy
import io
import threading

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from handout import dose_words, fonts, furniture, model, strings
from handout.cells import set_cells
from handout.iconarray import callout_icon, icon_arrays
from handout.platypus import Grid, TextFrame
from handout.tagging import Node, Tagged
from handout.texts import para, tagged_list  # content text; layouts use them as kit.*
from handout.theme import Theme

SECTION_ATTR = "_handout_section"
FRAME_ATTR = "_handout_frame"


def text_frame(x: float, y: float, width: float, height: float, frame_id: str) -> TextFrame:
    """A Frame without ReportLab's default 6 pt padding: layouts give exact text areas."""
    return TextFrame(x, y, width, height, id=frame_id, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)


def in_frame(flowables: list[Flowable], frame_id: str) -> list[Flowable]:
    """Mark flowables that must land in one frame; render fails if one spills elsewhere."""
    for flowable in flowables:
        setattr(flowable, FRAME_ATTR, frame_id)
    return flowables


_SCRATCH = threading.local()


def measure(flowables: list[Flowable], width: float) -> float:
    """Height the flowables need in a column of `width`, with their spacing. Unlike a plain
    wrap sum it looks inside KeepTogether (whose wrap always answers 'too tall'). A thread
    measures on one canvas (making one costs more than measuring a block; nothing is drawn
    on it, and a wrap leaves it as it found it)."""
    canvas = _SCRATCH.canvas = getattr(_SCRATCH, "canvas", None) or Canvas(io.BytesIO())
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            total += measure(flowable._content, width)
            continue
        total += flowable.wrapOn(canvas, width, 1e6)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def grid(rows: list, widths: list[float], style: list[tuple], repeat_rows: int = 0) -> Grid:
    """A Table with explicit column widths (a None width overruns its column silently) and
    our font as the cell default (ReportLab's default names Helvetica on the page)."""
    table = Grid(rows, colWidths=widths, repeatRows=repeat_rows)
    set_cells(table, [("FONT", (0, 0), (-1, -1), fonts.REGULAR), *style])
    return table


def first_words(text: str, count: int = 6) -> str:
    """The start of a text for a log line: "Stopping suddenly can cause extra…"."""
    words = text.replace("**", "").split()
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(".,;:") + "…"


def omitted_label(section: model.Section, block: model.Block) -> str:
    """How `Story.omitted` and the build log name a block: "section-key: first words…"."""
    if isinstance(block, model.Paragraph):
        text = block.text
    elif isinstance(block, (model.Callout, model.FactBox)):
        text = block.title
    elif isinstance(block, model.Bullets):
        text = block.title or block.items[0]
    elif isinstance(block, model.Table):
        text = block.caption or " ".join(block.header)
    else:
        text = type(block).__name__
    return f"{section.key}: {first_words(text)}"


SHORT_SUFFIX = " (printed in its short form)"


def short_label(section: model.Section, block: model.Block) -> str:
    """How `Story.omitted` names a block printed in its short form, not in full."""
    return omitted_label(section, block) + SHORT_SUFFIX


class Blocks:
    """Turns model blocks into flowables for one theme and one column width."""

    def __init__(self, leaflet: model.Leaflet, theme: Theme, width: float) -> None:
        self.leaflet = leaflet
        self.theme = theme
        self.width = width
        self.styles = theme.styles()
        self.palette = theme.palette
        self.words = strings.words(leaflet)
        self.icons: dict[str, Flowable] = {}  # callout icons by kind, made once per build

    def at_width(self, width: float) -> Blocks:
        """These blocks for a column of another width, with the same styles, words and
        callout icons (made once per build, not once per width)."""
        blocks = copy.copy(self)
        blocks.width = width
        return blocks

    # -- sections ----------------------------------------------------------------------
    def section(self, section: model.Section, blocks: tuple[model.Block, ...] | None = None,
                ) -> list[Flowable]:
        """The heading and blocks of one section, each flowable tagged with the section."""
        # Section headings, and only they, are the outline (bookmarks).
        heading = para(section.heading, self.styles["h2"], outline=section.heading)
        flowables: list[Flowable] = [heading]
        for block in section.blocks if blocks is None else blocks:
            flowables.extend(self.block(block))
        for flowable in flowables:
            setattr(flowable, SECTION_ATTR, section)
        return flowables

    def sections(self, contact: list[Flowable] | None = None) -> list[Flowable]:
        """Every section in mission order, the clinic's contact area (`contact.section`),
        then the sources and dates: the whole leaflet after its opening, for layouts that
        print everything."""
        flowables: list[Flowable] = []
        for section in self.leaflet.sections:
            flowables += self.section(section)
        return flowables + (contact or []) + self.about()

    def block(self, block: model.Block) -> list[Flowable]:
        if isinstance(block, model.Paragraph):
            return [para(block.text, self.styles["body"])]
        if isinstance(block, model.Bullets):
            return self.bullets(block)
        if isinstance(block, model.Callout):
            return [self.callout(block)]
        if isinstance(block, model.Table):
            return self.table(block)
        if isinstance(block, model.FactBox):
            return [self.factbox(block)]
        if isinstance(block, model.DosePlan):
            return self.dose_plan()
        raise TypeError(f"no flowable for {type(block).__name__}")

    # -- simple blocks -----------------------------------------------------------------
    def bullet_list(self, items: tuple[str, ...], node: Node | None = None,
                    space_after: float | None = None) -> Tagged:
        """A bulleted list, tagged L; pass the `node` of an earlier part to continue it."""
        style = self.styles["bullet"]
        return tagged_list(
            items, style, node, bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
            bulletFontSize=style.fontSize, leftIndent=style.fontSize * 1.3,
            bulletColor=self.palette.accent,
            spaceAfter=style.fontSize * 0.5 if space_after is None else space_after)

    def bullets(self, block: model.Bullets) -> list[Flowable]:
        if not block.title:
            return [self.bullet_list(block.items)]
        # A lead-in line must never end a column alone: keep it with the first item.
        # (keepWithNext alone lets a long list split right after the heading.)
        more = len(block.items) > 1
        first = self.bullet_list(block.items[:1], space_after=0 if more else None)
        rest = [self.bullet_list(block.items[1:], first.node)] if more else []
        return [KeepTogether([para(block.title, self.styles["h3"]), first]), *rest]

    def table(self, block: model.Table, widths: list[float] | None = None) -> list[Flowable]:
        """A table with a header row (tagged TH, column scope), repeated on each page."""
        s, p = self.styles, self.palette
        columns = len(block.header)
        if widths is None and self.theme.compact and columns == 2:
            widths = [self.width * 0.36, self.width * 0.64]  # short labels, longer advice
        pad = (3, 2, 3) if self.theme.compact else (4, 4, 5)  # sides, top, bottom
        node = Node("Table")
        rows = []
        for r, row in enumerate((block.header, *block.rows)):
            tr = Node("TR", node)
            role, style = ("TH", s["cell_head"]) if r == 0 else ("TD", s["cell"])
            attrs = {"O": "Table", "Scope": "Column"} if r == 0 else None
            rows.append([para(cell, style, role, parent=tr, attrs=attrs) for cell in row])
        table = grid(rows, widths or [self.width / columns] * columns, [
            ("BACKGROUND", (0, 0), (-1, 0), p.info_tint),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, p.accent),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, p.rule),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), pad[1]),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad[2]),
            ("LEFTPADDING", (0, 0), (-1, -1), pad[0]),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad[0]),
        ], repeat_rows=1)
        caption = [para(block.caption, s["small"])] if block.caption else []
        return [Tagged(table, group=True, node=node), *caption,
                Spacer(1, self.theme.body * 0.6 * self.theme.spacing)]

    # -- callouts ----------------------------------------------------------------------
    def callout(self, block: model.Callout) -> Tagged:
        """A boxed message. Urgent ones get a solid heading band, a heavy border, a stop-sign
        icon and the words "Get help now"; the kinds differ by shape and words, not colour."""
        s, p = self.styles, self.palette
        body: list[Flowable] = []
        if block.text:
            body.append(para(block.text, s["cell"]))
        if block.items:
            body.append(self.bullet_list(block.items))
        label = self.words(f"callout_{block.kind}")
        head = para(f"**{label}:** {block.title}",
                    s["callout_band" if block.kind == "urgent" else "callout_head"])
        if block.kind not in self.icons:  # an artifact (the label says it), drawn alike anywhere
            self.icons[block.kind] = callout_icon(block.kind, self.theme.body * 2, p)
        icon = self.icons[block.kind]
        if self.theme.compact:
            # In a narrow panel the message runs under the icon, across the whole box, and
            # a callout is never split: no heading at the foot of one panel alone.
            rows = [[icon, head], [body, ""]]
            layout = [("SPAN", (0, 1), (1, 1)), ("NOSPLIT", (0, 0), (-1, -1))]
            pad = (4, 3, 3)  # sides, top, bottom
        else:
            rows = [[icon, head], ["", body]]
            layout = [("SPAN", (0, 0), (0, 1)) if block.kind != "urgent"
                      else ("SPAN", (0, 1), (0, 1))]
            pad = (6, 5, 6)
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            *layout,
            ("LEFTPADDING", (0, 0), (-1, -1), pad[0]),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad[0]),
            ("TOPPADDING", (0, 0), (-1, -1), pad[1]),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad[2]),
        ]
        if block.kind == "urgent":
            style += [("BACKGROUND", (0, 0), (-1, 0), p.urgent),
                      ("BACKGROUND", (0, 1), (-1, -1), p.urgent_tint),
                      ("BOX", (0, 0), (-1, -1), 2.5, p.urgent)]
        elif block.kind == "warning":
            style += [("BACKGROUND", (0, 0), (-1, -1), p.warning_tint),
                      ("LINEBEFORE", (0, 0), (0, -1), 5, p.warning),
                      ("VALIGN", (0, 0), (0, -1), "TOP")]
        else:
            style += [("BACKGROUND", (0, 0), (-1, -1), p.info_tint),
                      ("VALIGN", (0, 0), (0, -1), "TOP")]
        table = grid(rows, [self.theme.body * 2.8, self.width - self.theme.body * 2.8], style)
        table.spaceAfter = self.theme.body * 0.8 * self.theme.spacing
        table.spaceBefore = self.theme.body * 0.3 * self.theme.spacing
        return Tagged(table, "Div", group=True)

    # -- fact box ----------------------------------------------------------------------
    def factbox(self, block: model.FactBox) -> Tagged:
        """Benefit as two 100-person icon arrays, with numbers, time frame, certainty and
        source in words beside them (the figure never carries meaning alone)."""
        s, p = self.styles, self.palette
        source = self.leaflet.source(block.source)
        w = self.words
        arrays = icon_arrays(block.with_medicine, block.without_medicine, self.width - 16,
                             self.theme, w)
        alt = block.alt or w("factbox_alt", outcome=block.outcome,
                             with_medicine=block.with_medicine,
                             without_medicine=block.without_medicine)
        certainty = w("certainty_" + block.certainty.replace(" ", "_"))
        lines = [
            para(block.title, s["h3"]),
            para(block.outcome, s["figure"]),
            Tagged(arrays, "Figure", alt=alt),
            para(f"{w('factbox_with', count=block.with_medicine)} "
                 f"{w('factbox_without', count=block.without_medicine)}", s["figure"]),
            para(w("factbox_time", time_frame=block.time_frame), s["figure"]),
            para(w("factbox_certainty", words=certainty), s["figure"]),
            para(w("factbox_source", publisher=source.publisher, title=source.title,
                   year=source.year), s["small"]),
        ]
        box = grid([[lines]], [self.width], [
            ("BOX", (0, 0), (-1, -1), 1, p.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ])
        box.spaceAfter = self.theme.body
        box.spaceBefore = self.theme.body * 0.3
        return Tagged(box, "Div", group=True)

    # -- dose plan ---------------------------------------------------------------------
    def dose_plan(self) -> list[Flowable]:
        """The dosing data as a table: only the rows the data has (no "Going up" without a
        titration, no "Highest dose" without a maximum)."""
        d = self.leaflet.dosing
        rows = dose_words.plan_rows(self.words, d)
        table = model.Table(cite=d.cite, priority="essential", loc=d.loc,
                            header=(self.words("dose_plan_step"),
                                    self.words("dose_plan_heading")), rows=tuple(rows))
        # labels need less room than plans, but a word of a label is never broken
        cell = self.styles["cell"]
        longest = max(stringWidth(word, cell.fontName, cell.fontSize)
                      for label, _ in rows for word in label.split())
        pad = 2 * (3 if self.theme.compact else 4) + 1
        first = min(max(self.width * 0.3, longest + pad), self.width * 0.5)
        return self.table(table, [first, self.width - first])

    # -- front matter and end matter ---------------------------------------------------
    def title_band(self) -> Grid:
        m, s, p = self.leaflet.meta, self.styles, self.palette
        inner = [para(m.title, s["title"])]
        if m.subtitle:
            inner.append(para(m.subtitle, s["subtitle"]))
        band = grid([[inner]], [self.width], [
            ("BACKGROUND", (0, 0), (-1, -1), p.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 12), ("BOTTOMPADDING", (0, 0), (-1, -1), 14),
        ])
        band.spaceAfter = self.theme.body * 0.8
        return band

    def key_facts(self) -> list[Flowable]:
        """Who it is for, the key message and the disclaimer, under the title."""
        m, s, w = self.leaflet.meta, self.styles, self.words
        return [para(w("who_for", audience=m.audience), s["body"]),
                para(m.summary, s["body"]),
                self.callout(model.Callout(
                    cite=(), priority="essential", loc=m.loc, kind="info",
                    title=w("disclaimer_title"), text=m.disclaimer))]

    def credits(self) -> str:
        """Who wrote and who reviewed the content. "Reviewed by ... on ..." comes only from a
        reviewer's `signed_off` date for this version; until one exists the reviewers are
        listed as written (e.g. the placeholder "Pending clinical review"). A translation's
        translators and reviewers come last (its review status is one of them)."""
        m, w, t = self.leaflet.meta, self.words, self.leaflet.translation
        extra = (*t.translators, *t.reviewers) if t else ()

        def names(people: tuple[model.Person, ...]) -> str:
            return "; ".join(w("person", name=x.name, role=x.role) for x in people)

        signed = m.signoffs
        if not signed:
            return w("about_people", people=names((*m.authors, *m.reviewers, *extra)))
        pending = tuple(r for r in m.reviewers if r not in signed)
        return " ".join([w("about_written", people=names(m.authors)),
                         *(w("about_reviewed", name=r.name, role=r.role,
                             date=w.date(r.signed_off)) for r in signed if r.signed_off),
                         *([w("about_pending", people=names(pending))] if pending else []),
                         *([w("about_people", people=names(extra))] if extra else [])])

    def dates(self) -> Tagged:
        """Version, publication and next review, in small type."""
        m, w, t = self.leaflet.meta, self.words, self.leaflet.translation
        text = w("about_dates", version=m.version, published=w.date(m.published),
                 next_review=w.date(m.next_review))
        if t:
            text += " " + w("about_translation", version=t.source_version, date=w.date(t.date))
        return para(text, self.styles["small"])

    def about(self) -> list[Flowable]:
        """Sources, authors, reviewers, version and dates: where the content comes from."""
        s, w = self.styles, self.words
        sources = [f"{src.publisher}: {src.title} ({src.year}). {src.url}"
                   for src in self.leaflet.sources]
        return [
            para(w("about_heading"), s["h2"]),
            self.dates(),
            para(self.credits(), s["small"]),
            para(w("sources_heading"), s["h3"]),
            tagged_list(sources, s["small"], Node("L", attrs={"O": "List",
                                                              "ListNumbering": "Decimal"}),
                        whole_items=True, bulletType="1", bulletFontName=fonts.REGULAR,
                        bulletFontSize=self.theme.small, leftIndent=self.theme.small * 2),
        ]

    def notes(self) -> list[Flowable]:
        """A notes heading, its prompt and writing lines filling the rest of the frame."""
        s, w = self.styles, self.words
        return [para(w("notes_heading"), s["h2"]), para(w("notes_prompt"), s["small"]),
                furniture.RuledLines(self.theme.body * 2.2, self.palette.rule)]


def notes_pages(count: int, leaflet: model.Leaflet, theme: Theme) -> list[Flowable]:
    """`count` notes pages (`Blocks.notes`), each starting a new page."""
    blocks = Blocks(leaflet, theme, 0)
    pages: list[Flowable] = []
    for _ in range(count):
        pages += [PageBreak(), *blocks.notes()]
    return pages
