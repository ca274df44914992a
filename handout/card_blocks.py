"""Small building blocks for a wallet card's face (ID-1, 8 pt text), each as wide as the face.

What a card says is the layout's choice (`layouts/dose_card.py`); how it looks is here: a
heading band, a one-run rule, titration step boxes to write dates in, a patient's dated steps,
write-in boxes and a write-on line, the emergency signs in a red band, the missed-dose rule in
an amber one. Tables with a header are tagged as tables (TH with a column scope, TD); every
fixed word comes from the strings table (`kit.Blocks.words`).
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from handout import dose_words, fonts, kit, model, personal, tagging
from handout.model import Leaflet
from handout.plan import Plan
from handout.theme import Theme

STEP_BOX = 10 * mm  # narrowest write-in box for a date
BOX_HEIGHT = 6 * mm  # tall enough to write in
BOX_GAP = 6  # points between one write-in box and the next label
WRITE_IN_MAX = 30 * mm  # a write-in box is for a date or a dose: wider only invites more
NBSP = "\u00a0"


def amount(value: float, unit: str) -> str:
    """"10 mg" that never breaks across lines."""
    return dose_words.amount(value, unit, NBSP)


def _lead(block: model.Block) -> str:
    """A block's title as the bold lead of a run of text: "Missed a dose:"."""
    title = getattr(block, "title", "").strip()
    return title + ":" if title and title[-1].isalnum() else title


class CardBlocks:
    """Fresh flowables for one card face (each card on a sheet needs its own objects)."""

    def __init__(self, leaflet: Leaflet, theme: Theme, width: float) -> None:
        self.theme = theme
        self.width = width
        self.blocks = kit.Blocks(leaflet, theme, width)
        self.s = self.blocks.styles
        self.derived: dict[tuple, ParagraphStyle] = {}  # `style`'s, by name and changes
        self.p = theme.palette
        self.words = self.blocks.words

    def style(self, name: str, **kw: object) -> ParagraphStyle:
        """The theme's style `name` with `kw` changed, derived once per card: every
        paragraph that asks for the same one shares it (a style is never changed)."""
        key = (name, *kw.items())
        if key not in self.derived:
            self.derived[key] = ParagraphStyle(f"card-{name}", parent=self.s[name], **kw)
        return self.derived[key]

    def para(self, text: str) -> Flowable:
        """One paragraph of card text (markup: **bold**)."""
        return kit.para(text, self.style("cell", spaceAfter=3))

    def heading_band(self, text: str) -> Flowable:
        """The card's one heading (H1), white on the accent colour."""
        band = self.style("title", fontSize=self.theme.title, leading=self.theme.title * 1.2,
                          spaceAfter=0)
        title = kit.para(text, band, "H1")
        table = kit.grid([[title]], [self.width], [
            ("BACKGROUND", (0, 0), (-1, -1), self.p.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ])
        table.spaceAfter = 3
        return table

    def rule(self, block: model.Block) -> Flowable:
        """A rule in one run of text: its title in bold, then its text and items."""
        title = _lead(block)
        words = [getattr(block, "text", ""), *getattr(block, "items", ())]
        text = " ".join(w.strip() for w in words if w)
        return self.para(f"**{title}** {text}".strip() if title else text)

    def step_boxes(self, doses: list[float], unit: str) -> Flowable:
        """Titration steps side by side, each dose over a box for the date it started (a box
        of at least STEP_BOX is wide enough for a handwritten date), in as many rows as
        needed. Tagged as a table: each dose a column header (TH), the date box under it its
        cell (TD, empty until written in)."""
        per_row = max(1, min(len(doses), int(self.width // STEP_BOX)))
        column = self.width / per_row
        head = self.style("cell_head", alignment=TA_CENTER)
        node = tagging.Node("Table")
        rows: list[list] = []
        style: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        for first in range(0, len(doses), per_row):
            chunk = doses[first:first + per_row]
            pad = [""] * (per_row - len(chunk))
            doses_row, dates_row = tagging.Node("TR", node), tagging.Node("TR", node)
            labels = [kit.para(amount(x, unit), head, "TH", parent=doses_row,
                               attrs={"O": "Table", "Scope": "Column"}) for x in chunk]
            boxes = [kit.para("", self.s["cell"], "TD", parent=dates_row) for _ in chunk]
            r = len(rows)
            rows += [[*labels, *pad], [*boxes, *pad]]
            style += [("GRID", (0, r + 1), (len(chunk) - 1, r + 1), 0.6, self.p.muted),
                      ("LINEBELOW", (0, r), (len(chunk) - 1, r), 1, self.p.accent)]
        table = kit.grid(rows, [column] * per_row, style)
        table._argH = [None if i % 2 == 0 else BOX_HEIGHT for i in range(len(rows))]
        table.spaceAfter = 3
        return tagging.Tagged(table, group=True, node=node)

    def dated(self, patient: Plan) -> Flowable:
        """A patient's steps: from which date (weekday and date), which dose; a table with a
        header row, each step a row."""
        words = self.words
        head, cell = self.style("cell_head"), self.style("cell")
        node = tagging.Node("Table")
        header = tagging.Node("TR", node)
        rows = [[kit.para(words(key), head, "TH", parent=header,
                          attrs={"O": "Table", "Scope": "Column"})
                 for key in ("plan_from", "plan_dose")]]
        for step in patient.steps:
            tr = tagging.Node("TR", node)
            dose = amount(step.per_dose, patient.unit)
            rows.append([kit.para(personal.day(words, step.start), cell, "TD", parent=tr),
                         kit.para(f"{dose} {words('plan_down')}" if step.down else dose,
                                  cell, "TD", parent=tr)])
        table = kit.grid(rows, [self.width * 0.62, self.width * 0.38], [
            ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ("LINEBELOW", (0, 0), (-1, 0), 1, self.p.accent),
        ])
        table.spaceAfter = 3
        return tagging.Tagged(table, group=True, node=node)

    def write_ins(self, labels: list[str]) -> Flowable:
        """One line of write-in boxes, each after its bold label, from the left; the boxes
        share the width the labels leave, each at most WRITE_IN_MAX wide."""
        head = self.style("cell_head")
        label_w = [stringWidth(t, fonts.BOLD, self.theme.body) + 5 for t in labels]
        box_w = min(WRITE_IN_MAX,
                    (self.width - sum(label_w) - BOX_GAP * (len(labels) - 1)) / len(labels))
        cells: list = []
        widths: list[float] = []
        style: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for label, width in zip(labels, label_w, strict=True):
            if cells:
                cells.append("")
                widths.append(BOX_GAP)
            cells += [kit.para(label, head), ""]
            widths += [width, box_w]
            style.append(("BOX", (len(cells) - 1, 0), (len(cells) - 1, 0), 0.6, self.p.muted))
        table = kit.grid([cells], widths, style)
        table.hAlign = "LEFT"  # narrower than the face when the boxes are capped
        return table

    def write_on(self, label: str, bold: bool) -> Flowable:
        """`label` (markup), then a line to write on to the right edge."""
        natural = stringWidth(label.replace("**", ""), fonts.BOLD if bold else fonts.REGULAR,
                              self.theme.body)
        label_w = min(natural + 6, self.width * 0.7)
        return kit.grid([[kit.para(label, self.s["cell"]), ""]],
                        [label_w, self.width - label_w], [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (1, 0), (1, 0), 0.6, self.p.muted),
        ])

    def bullets(self, items: tuple[str, ...], color: Color) -> Flowable:
        """A tight list: the card has no room for the leaflet's space between items."""
        style = self.style("bullet", spaceAfter=0.6)
        indent = self.theme.body * 1.1
        return kit.tagged_list(
            items, style, bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
            bulletFontSize=self.theme.body, leftIndent=indent, spaceAfter=0,
            bulletColor=color)

    def urgent(self, block: model.Block) -> Flowable:
        """The emergency signs in a red band: a callout's title, or "Get help now" alone."""
        band = self.style("callout_head", textColor=self.p.white, spaceAfter=0)
        body: list[Flowable] = []
        text = getattr(block, "text", "")
        items = getattr(block, "items", ())
        if text:
            body.append(kit.para(text, self.style("cell", spaceAfter=1)))
        if items:
            body.append(self.bullets(items, self.p.urgent))
        title = getattr(block, "title", "")
        label = f"**{self.words('callout_urgent')}:**"
        rows = [[kit.para(f"{label} {title}" if title else label, band)]]
        if body:
            rows.append([body])
        table = kit.grid(rows, [self.width], [
            ("BACKGROUND", (0, 0), (-1, 0), self.p.urgent),
            ("BACKGROUND", (0, 1), (-1, -1), self.p.urgent_tint),
            ("BOX", (0, 0), (-1, -1), 1.2, self.p.urgent),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ])
        table.spaceAfter = 2.5
        return table

    def missed(self, block: model.Block) -> Flowable:
        """The missed-dose rule beside an amber bar: its title in bold, text, then items."""
        title = _lead(block)
        text = getattr(block, "text", "")
        body: list[Flowable] = [kit.para(f"**{title}** {text}".strip(),
                                         self.style("cell", spaceAfter=1))]
        if getattr(block, "items", ()):
            body.append(self.bullets(block.items, self.p.ink))
        table = kit.grid([[body]], [self.width], [
            ("BACKGROUND", (0, 0), (-1, -1), self.p.warning_tint),
            ("LINEBEFORE", (0, 0), (0, -1), 3, self.p.warning),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])
        table.spaceAfter = 2.5
        return table
