"""Type scale and colours as named tokens. Paragraph styles are built here and only here.

A layout picks a theme (`standard()`; a large-print layout would pass bigger numbers) and
never sets a font size itself, so every layout keeps the same typographic rules: ragged right,
no hyphenation, no widows or orphans, headings kept with what follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from handout import colour, fonts


@dataclass(frozen=True)
class Palette:
    """Every colour the leaflet prints. Each one is in `CONTRAST` (text 7:1, graphics 3:1)
    or in `DECORATIVE`; tests/test_contrast.py holds both palettes to it."""

    ink: Color = HexColor("#1D2A33")  # body text
    accent: Color = HexColor("#00478F")  # title band, bullets, rules, filled icons
    accent_dark: Color = HexColor("#003087")  # section headings
    muted: Color = HexColor("#3E5060")  # footer, captions and sources (small text)
    outline: Color = HexColor("#768692")  # edges of unfilled icons (the fact box's people)
    rule: Color = HexColor("#AEB7BD")  # hairlines that only separate (table rows, footer)
    urgent: Color = HexColor("#880E15")  # the "Get help now" band, under white text
    urgent_tint: Color = HexColor("#FCEDEE")
    warning: Color = HexColor("#FFB81C")
    warning_tint: Color = HexColor("#FFF7E0")
    info_tint: Color = HexColor("#EAF2FB")
    white: Color = HexColor("#FFFFFF")
    registration: Color = HexColor("#000000")  # crop marks; all four inks in CMYK

    def cmyk(self) -> Palette:
        """The palette for the press (FOGRA39 through littleCMS, `handout.colour`): text in
        100 % black, marks in all four inks, every other colour converted."""
        converted = {name: colour.to_press(value) for name, value in vars(self).items()}
        converted["ink"] = CMYKColor(0, 0, 0, 1)
        converted["registration"] = CMYKColor(1, 1, 1, 1)
        return Palette(**converted)


# Every pair of colours the leaflet prints one on the other: (foreground, background).
# Text needs 7:1 (WCAG 2 AAA), graphics that carry meaning 3:1 (WCAG 1.4.11).
CONTRAST = {
    "text": (
        ("ink", "white"), ("ink", "urgent_tint"), ("ink", "warning_tint"),
        ("ink", "info_tint"),  # body, callouts, table headers
        ("accent_dark", "white"),  # section headings
        ("muted", "white"),  # footer, captions, sources
        ("white", "accent"),  # the title band, the dose card's band
        ("white", "urgent"),  # the "Get help now" band
        ("accent", "white"), ("accent", "urgent_tint"), ("accent", "warning_tint"),
        ("accent", "info_tint"),  # bullets
        ("urgent", "urgent_tint"),  # the dose card's urgent bullets
    ),
    "graphic": (
        ("outline", "white"),  # unfilled people in the fact box
        ("accent", "white"),  # filled people, the fact box's frame
        ("accent", "info_tint"), ("white", "accent"),  # the "i" icon
        ("white", "urgent"), ("urgent", "white"),  # the stop-sign icon
        ("ink", "warning"), ("ink", "white"),  # the warning triangle and its "!"
        ("muted", "white"),  # write-in boxes on the dose card
        ("registration", "white"),  # crop, fold and cut marks
    ),
}
# Colours that never carry meaning alone: hairlines and the warning stripe next to an icon
# and words that say the same.
DECORATIVE = ("rule", "warning")
MINIMUM = {"text": 7.0, "graphic": 3.0}


@dataclass(frozen=True)
class Theme:
    body: float = 12
    leading: float = 1.45  # multiple of the font size
    title: float = 26
    heading: float = 17
    subheading: float = 13.5
    small: float = 11  # nothing a patient needs is set smaller than this
    palette: Palette = Palette()
    spacing: float = 1.0  # multiplies the space around paragraphs, headings and list items
    # Narrow fixed panels: callout messages run under the icon and never split, cells are
    # padded less, and two-column tables give the label column less room.
    compact: bool = False

    def styles(self) -> dict[str, ParagraphStyle]:
        fonts.register()
        p = self.palette
        base = ParagraphStyle(
            "body", fontName=fonts.REGULAR, fontSize=self.body,
            leading=self.body * self.leading, textColor=p.ink, alignment=TA_LEFT,
            spaceAfter=self.body * 0.6 * self.spacing, allowWidows=0, allowOrphans=0,
            hyphenationLang="", splitLongWords=1, bulletFontName=fonts.REGULAR,
        )

        def derive(name: str, **kw: object) -> ParagraphStyle:
            return ParagraphStyle(name, parent=base, **kw)

        return {
            "body": base,
            "title": derive("title", fontName=fonts.BOLD, fontSize=self.title,
                            leading=self.title * 1.15, textColor=p.white, spaceAfter=4),
            "subtitle": derive("subtitle", fontSize=self.subheading,
                               leading=self.subheading * 1.3, textColor=p.white, spaceAfter=0),
            "h2": derive("h2", fontName=fonts.BOLD, fontSize=self.heading,
                         leading=self.heading * 1.25, textColor=p.accent_dark,
                         spaceBefore=self.body * 1.1 * self.spacing,
                         spaceAfter=self.body * 0.5 * self.spacing,
                         keepWithNext=1),
            "h3": derive("h3", fontName=fonts.BOLD, fontSize=self.subheading,
                         leading=self.subheading * 1.3, textColor=p.ink,
                         spaceBefore=self.body * 0.4 * self.spacing,
                         spaceAfter=self.body * 0.3 * self.spacing,
                         keepWithNext=1),
            "bullet": derive("bullet", spaceAfter=self.body * 0.25 * self.spacing),
            "cell": derive("cell", spaceAfter=0),
            "cell_head": derive("cell_head", fontName=fonts.BOLD, spaceAfter=0),
            "callout_head": derive("callout_head", fontName=fonts.BOLD, spaceAfter=2),
            "callout_band": derive("callout_band", fontName=fonts.BOLD, textColor=p.white,
                                   spaceAfter=2),  # on the urgent callout's solid band
            "small": derive("small", fontSize=self.small, leading=self.small * 1.4,
                            textColor=p.muted, spaceAfter=self.small * 0.4 * self.spacing),
            "figure": derive("figure", fontSize=self.small, leading=self.small * 1.35,
                             spaceAfter=2),
        }


def standard() -> Theme:
    return Theme()
