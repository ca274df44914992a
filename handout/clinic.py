"""The clinic profile (`--clinic clinic.yaml`): who hands the leaflet out, and how to reach them.

Validated like content, with the generic walker (`walker.Walker`): every problem at once,
located in the clinic file, unknown keys refused with "did you mean". Phone numbers and web
addresses are checked, the logo is opened and parsed (a PNG or an SVG, at most
`MAX_LOGO_BYTES`), and a brand colour must keep `MIN_CONTRAST` with white: the clinic's name is
printed in it. Schema: docs/clinic-format.md. What the layouts print: `handout/contact.py`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reportlab.lib.colors import Color, HexColor, white
from yaml.nodes import Node

from handout.colour import contrast
from handout.errors import InputError, Location
from handout.loader import load_nodes
from handout.model import Text
from handout.walker import Walker, is_domain

if TYPE_CHECKING:  # a Drawing is a Platypus flowable: loaded only when a logo is read
    from reportlab.graphics.shapes import Drawing

MAX_LOGO_BYTES = 1024 * 1024
MIN_CONTRAST = 4.5  # WCAG AA for text: the clinic's name is printed in the brand colour
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]*[0-9]$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Phone:
    label: str  # "Pharmacy advice line, Mon to Fri 9 to 5"
    number: str


@dataclass(frozen=True)
class Logo:
    kind: str  # "svg" or "png"
    data: bytes
    size: tuple[float, float]  # natural width and height (points for SVG, pixels for PNG)


@dataclass(frozen=True)
class Clinic:
    name: str
    department: str
    phones: tuple[Phone, ...]
    address: str
    website: str
    leaflet_url: str  # the online version of this leaflet: the QR code points here
    logo: Logo | None
    colour: Color | None
    loc: Location
    texts: tuple[Text, ...]  # every printed text, for the glyph check


def load(path: str | Path) -> Clinic:
    """Read and validate a clinic file; InputError listing every problem."""
    root = load_nodes(path)
    walker = _ClinicWalker(str(path))
    clinic = walker.clinic(root)
    if walker.problems or clinic is None:
        raise InputError(walker.problems)
    return clinic


def nearest_passing(colour: Color) -> Color:
    """The colour darkened in 1 % steps until it keeps MIN_CONTRAST with white."""
    for step in range(101):
        shade = Color(*(v * (1 - step / 100) for v in colour.rgb()))
        if contrast(shade, white) >= MIN_CONTRAST:
            return shade
    return Color(0, 0, 0)


def _hex(colour: Color) -> str:
    return "#" + "".join(f"{round(v * 255):02X}" for v in colour.rgb())


class _ClinicWalker(Walker):
    def clinic(self, root: Node) -> Clinic | None:
        if self.unsafe_tags(root, ""):
            return None
        m = self.mapping(root, "", ("name", "phones"),
                         ("department", "address", "website", "leaflet_url", "logo", "colour"))
        if m is None:
            return None
        phones = []
        for i, item in enumerate(self.seq(m.get("phones"), "phones")):
            p = self.mapping(item, f"phones[{i}]", ("label", "number"))
            if p is None:
                continue
            number = self.text(p.get("number"), f"phones[{i}].number")
            digits = sum(c.isdigit() for c in number)
            if number and not (_PHONE.match(number) and 5 <= digits <= 15):
                self.error(p["number"], f"phones[{i}].number",
                           f"'{number}' is not a phone number",
                           hint="write digits, spaces, ( ) . - and a leading + only, 5 to 15 "
                                "digits (e.g. 020 7946 0000); put hours in the label")
            phones.append(Phone(self.text(p.get("label"), f"phones[{i}].label"), number))
        return Clinic(
            name=self.text(m.get("name"), "name"),
            department=self.text(m.get("department"), "department"),
            phones=tuple(phones),
            address=self.text(m.get("address"), "address"),
            website=self.url(m.get("website"), "website"),
            leaflet_url=self.url(m.get("leaflet_url"), "leaflet_url"),
            logo=self.logo(m.get("logo")),
            colour=self.colour(m.get("colour")),
            loc=self.loc(root),
            texts=tuple(self.texts),
        )

    def url(self, node: Node | None, path: str) -> str:
        value = self.text(node, path)
        if not value:
            return ""
        parts = urlsplit(value)
        if (parts.scheme != "https" or not is_domain(parts.hostname or "")
                or " " in value):
            self.error(node, path, f"'{value}' is not a web address",
                       hint="write it in full with https://, e.g. https://example.org/leaflets")
        return value

    def colour(self, node: Node | None) -> Color | None:
        value = self.text(node, "colour", track=False)
        if not value:
            return None
        if not _COLOUR.match(value):
            self.error(node, "colour", f"'{value}' is not a colour",
                       hint="write it as #RRGGBB, e.g. #005EB8")
            return None
        colour = HexColor(value)
        ratio = contrast(colour, white)
        if ratio < MIN_CONTRAST:
            self.error(node, "colour",
                       f"the brand colour {value} has a contrast of {ratio:.2f}:1 with white; "
                       f"text in it needs at least {MIN_CONTRAST}:1 (WCAG)",
                       hint=f"the nearest colour that passes is "
                            f"{_hex(nearest_passing(colour))}")
            return None
        return colour

    def logo(self, node: Node | None) -> Logo | None:
        name = self.text(node, "logo", track=False)
        if not name:
            return None
        path = Path(self.file).parent / name
        try:
            size = path.stat().st_size
            if size > MAX_LOGO_BYTES:
                self.error(node, "logo", f"the logo is {size / 1024 / 1024:.1f} MiB; at most "
                           f"{MAX_LOGO_BYTES // 1024 // 1024} MiB",
                           hint="export a smaller PNG (600 px wide is plenty) or an SVG")
                return None
            data = path.read_bytes()
        except OSError as err:
            self.error(node, "logo", f"cannot read the logo '{name}': {err.strerror}",
                       hint="the path is relative to the clinic file")
            return None
        suffix = path.suffix.lower()
        try:
            if suffix == ".png":
                return Logo("png", data, _png_size(data))
            if suffix == ".svg":
                return Logo("svg", data, svg_drawing(data).wrap(0, 0))
        except ValueError as err:
            self.error(node, "logo", f"the logo '{name}' is not a real {suffix[1:].upper()} "
                       f"image ({err})", hint="export it again from the original artwork")
            return None
        self.error(node, "logo", f"the logo '{name}' is neither a .png nor an .svg file",
                   hint="use a PNG or, better, an SVG (it stays sharp in print)")
        return None


def _png_size(data: bytes) -> tuple[float, float]:
    if not data.startswith(_PNG):
        raise ValueError("no PNG signature")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return float(image.width), float(image.height)
    except (OSError, SyntaxError) as err:
        raise ValueError(str(err) or "unreadable") from None


def svg_drawing(data: bytes) -> Drawing:
    """The SVG as a ReportLab Drawing (vector); ValueError if it is not a drawable SVG."""
    from lxml import etree
    from svglib.svglib import svg2rlg

    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5]
    if head not in (b"<?xml", b"<svg ", b"<svg>", b"<!--", b"<!DOC") and not head.startswith(
            b"<svg"):
        raise ValueError("it does not start like an SVG file")
    try:
        drawing = svg2rlg(io.BytesIO(data))
    except (etree.XMLSyntaxError, ValueError, AttributeError, TypeError) as err:
        raise ValueError(str(err) or "unreadable") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise ValueError("it has no size or no drawing")
    return drawing
