"""The clinic's details on the page: name, department, phone lines, address, web address,
logo and a QR code for the online version of the leaflet (`--clinic`, `handout/clinic.py`).

Everything comes out tagged: the logo is a Figure whose alt text is the clinic's name, the QR
code a Figure that says where it leads, and its address is printed as text (a link) as well,
for readers who cannot scan it. The logo stays vector when it is an SVG (svglib). In a
`--cmyk` build every colour, the logo's included, goes through the press profile.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from handout import colour, kit
from handout.clinic import Clinic, Logo, svg_drawing
from handout.errors import LayoutError, Problem
from handout.layout import Context
from handout.tagging import Tagged

QR_SIZE = 22 * mm  # scans from a phone at reading distance; its quiet zone is inside
LOGO_HEIGHT = 12 * mm


def section(blocks: kit.Blocks, ctx: Context, *, qr_size: float = QR_SIZE,
            style: str = "body") -> list[Flowable]:
    """The contact area: a heading, the invitation to ask, and the clinic's details (in
    `style`); nothing without a clinic file."""
    if ctx.clinic is None:
        return []
    s, w = blocks.styles, blocks.words
    return [kit.para(w("contact_heading"), s["h2"]), kit.para(w("contact_ask"), s["body"]),
            *details(blocks, ctx.clinic, ctx.options.cmyk, qr_size=qr_size, style=style)]


def check_fits(flowables: list[Flowable], width: float, height: float, ctx: Context,
               where: str) -> None:
    """LayoutError at the clinic file when the clinic's details make `flowables` taller
    than the fixed area `where` (a tri-fold panel): never clipped, never spilled."""
    need = kit.measure(flowables, width)
    if ctx.clinic is not None and need > height:
        over = need - height
        raise LayoutError([Problem(
            ctx.clinic.loc, f"layout '{ctx.layout}' on {ctx.paper}: the clinic's details do "
            f"not fit on {where}: {over:.1f} pt ({over / mm:.1f} mm) too tall",
            hint="give fewer phone lines, shorter labels or a shorter address, or build "
                 "another layout with --clinic (standard, large-print, booklet)")])


def details(blocks: kit.Blocks, clinic: Clinic, cmyk: bool, *, qr_size: float = QR_SIZE,
            logo_height: float = LOGO_HEIGHT, style: str = "body") -> list[Flowable]:
    """The clinic's name, department, phones, address and web address beside its logo and
    the QR code, then the online version's address: the contact area of a layout. The two
    columns are one Div (a layout grid, not a data table), read left then right."""
    s, w = blocks.styles, blocks.words
    name_style = s[style].clone("clinic_name", textColor=brand(clinic, blocks, cmyk))
    left = [kit.para(f"**{clinic.name}**", name_style), *lines(blocks, clinic, style)]
    side = qr_size if clinic.leaflet_url else min(blocks.width * 0.3, 30 * mm)
    right: list[Flowable] = []
    if clinic.logo is not None:
        right += [logo(clinic.logo, logo_height, side, cmyk, clinic.name), Spacer(1, 3)]
    if clinic.leaflet_url:
        right.append(qr(clinic.leaflet_url, qr_size, blocks))
    gap = 3 * mm
    row = kit.grid([[left, right]] if right else [[left]],
                   [blocks.width - side - gap, side + gap] if right else [blocks.width], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (1, 0), (1, 0), gap),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ])
    row.spaceAfter = 3
    out: list[Flowable] = [Tagged(row, "Div", group=True)]
    if clinic.leaflet_url:
        out.append(kit.para(w("clinic_online", url=clinic.leaflet_url), s[style]))
    return out


def lines(blocks: kit.Blocks, clinic: Clinic, style: str, *,
          compact: bool = False) -> list[Flowable]:
    """Department, one line per phone, address and web address; `compact` gives the phone
    lines only (the dose card prints the web address beside the name)."""
    s, w = blocks.styles, blocks.words
    texts = [clinic.department] if clinic.department and not compact else []
    texts += [w("clinic_phone", label=p.label, number=p.number) for p in clinic.phones]
    texts += [t for t in (clinic.address, clinic.website) if t and not compact]
    return [kit.para(t, s[style]) for t in texts]


def brand(clinic: Clinic, blocks: kit.Blocks, cmyk: bool) -> Color:
    """The clinic's colour for its name (the theme's text colour without one)."""
    if clinic.colour is None:
        return blocks.palette.ink
    return colour.to_press(clinic.colour) if cmyk else clinic.colour


def logo(found: Logo, height: float, max_width: float, cmyk: bool, name: str) -> Tagged:
    """The logo scaled to `height` (narrower if it would be wider than `max_width`), as a
    Figure whose alt text is the clinic's name."""
    natural_w, natural_h = found.size
    scale = min(height / natural_h, max_width / natural_w)
    if found.kind == "svg":
        drawing = svg_drawing(found.data)
        if cmyk:
            _recolour(drawing, colour.to_press)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = natural_w * scale, natural_h * scale
        return Tagged(drawing, "Figure", alt=name)
    return Tagged(_Bitmap(found.data, natural_w * scale, natural_h * scale, cmyk), "Figure",
                  alt=name)


def qr(url: str, size: float, blocks: kit.Blocks) -> Tagged:
    """A QR code for `url` (ReportLab's widget, error correction M), as a Figure, drawn in
    the theme's text colour (the press palette's black in a CMYK build)."""
    # ReportLab's barcode package costs 20 ms to import: only a clinic with a web address pays
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(url, barLevel="M", barFillColor=blocks.palette.ink,
                          barStrokeColor=blocks.palette.ink)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return Tagged(drawing, "Figure", alt=blocks.words("clinic_qr_alt", url=url))


def _recolour(node: object, convert: Callable[[Color], CMYKColor]) -> None:
    """Every RGB fill and stroke of an svglib drawing, converted (for the press file)."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if isinstance(value, Color) and not isinstance(value, CMYKColor):
            setattr(node, attr, convert(value))
    if isinstance(node, Group | Drawing):
        for child in node.contents:
            _recolour(child, convert)


class _Bitmap(Flowable):
    """A PNG logo, flattened onto white (no transparency in print files), in CMYK through
    the press profile for a `--cmyk` build."""

    def __init__(self, data: bytes, width: float, height: float, cmyk: bool) -> None:
        super().__init__()
        from PIL import Image, ImageCms

        with Image.open(io.BytesIO(data)) as opened:
            rgba = opened.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        self.image = (ImageCms.applyTransform(flat, colour.rgb_to_press_transform())
                      if cmyk else flat)
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.lib.utils import ImageReader

        self.canv.drawImage(ImageReader(self.image), 0, 0, self.width, self.height)
