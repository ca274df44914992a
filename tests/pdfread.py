"""Read back what a PDF page draws, for tests: the painted shapes in page coordinates and
the text of every structure element (what a printer and a screen reader get).

A small content-stream interpreter over pikepdf: it follows the graphics state (q/Q, cm,
dash, line width, colours), marked content (BDC/BMC/EMC) and text (fonts decoded through
their ToUnicode maps), and runs a form XObject where `Do` draws it (the repeated icons).
It knows what ReportLab writes, nothing more: no shading, images or clipping (not even to a
form's box; a test fails loudly if an image shows up where it counts).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
STROKING = {"S", "s", "B", "B*", "b", "b*"}
FILLING = {"f", "F", "f*", "B", "B*", "b", "b*"}


@dataclass(frozen=True)
class Shape:
    """One painted path: its subpaths as points in page coordinates (curves by their end
    and control points), how it was painted and in which marked content."""

    op: str
    subpaths: tuple[tuple[Point, ...], ...]
    dash: tuple[float, ...]
    line_width: float
    fill: tuple[float, ...]
    stroke: tuple[float, ...]
    mcid: int | None  # None: drawn outside any marked content with an MCID (an artifact)

    @property
    def stroked(self) -> bool:
        return self.op in STROKING

    @property
    def filled(self) -> bool:
        return self.op in FILLING

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [x for path in self.subpaths for x, _ in path]
        ys = [y for path in self.subpaths for _, y in path]
        return min(xs), min(ys), max(xs), max(ys)

    def segments(self) -> list[tuple[Point, Point]]:
        """Straight pieces of a stroked path drawn with moveto/lineto (crop marks, rules)."""
        return [(a, b) for path in self.subpaths for a, b in pairwise(path)]


@dataclass(frozen=True)
class Run:
    """A piece of text as shown by one text operator, with where its line starts."""

    text: str
    x: float
    y: float
    mcid: int | None


@dataclass
class Element:
    """A structure element with the text drawn in its marked content (in content order)."""

    role: str
    alt: str
    # In tree order: marked content as (page index, MCID), or a child element.
    content: list[tuple[int, int] | Element] = field(default_factory=list)

    @property
    def kids(self) -> list[Element]:
        return [item for item in self.content if isinstance(item, Element)]

    def text(self, marked: dict[tuple[int, int], str]) -> str:
        """The words drawn for this element and everything inside it, in tree order."""
        parts = [item.text(marked) if isinstance(item, Element) else marked.get(item, "")
                 for item in self.content]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def walk(self) -> list[Element]:
        """This element and every element inside it, in tree order."""
        return [self, *(e for kid in self.kids for e in kid.walk())]


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _cmap(font: pikepdf.Dictionary) -> dict[int, str]:
    """Byte -> text from a simple font's ToUnicode map (bfchar and bfrange entries)."""
    if "/ToUnicode" not in font:
        return {}
    data = font.ToUnicode.read_bytes().decode("latin-1")
    table: dict[int, str] = {}

    def text(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            table[int(src, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(start + i)
    return table


def _colour(operands: list) -> tuple[float, ...]:
    return tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))


def draw(page: pikepdf.Page) -> tuple[list[Shape], list[Run]]:
    """Every painted shape and every shown piece of text on the page, in drawing order."""
    fonts = page.Resources.get("/Font", {})
    cmaps = {str(name): _cmap(font) for name, font in fonts.items()}
    shapes: list[Shape] = []
    runs: list[Run] = []
    ctm, dash, width, fill, stroke = IDENTITY, (), 1.0, (0.0,), (0.0,)
    stack: list[tuple] = []
    marked: list[int | None] = []  # MCID of each open marked-content sequence (or None)
    path: list[list[Point]] = []
    font: dict[int, str] = {}
    line = IDENTITY  # the text line matrix: runs keep where their line starts
    leading = 0.0

    def mcid() -> int | None:
        return next((m for m in reversed(marked) if m is not None), None)

    def show(raw: bytes) -> None:
        x, y = _apply(_multiply(line, ctm), 0, 0)
        runs.append(Run("".join(font.get(b, "") for b in raw), x, y, mcid()))

    for operands, operator in _operators(page.obj, page.Resources):
        op = str(operator)
        if op == "q":
            stack.append((ctm, dash, width, fill, stroke))
        elif op == "Q":
            ctm, dash, width, fill, stroke = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op == "d":
            dash = tuple(float(v) for v in operands[0])
        elif op == "w":
            width = float(operands[0])
        elif op in ("rg", "g", "k", "sc", "scn"):
            fill = _colour(operands)
        elif op in ("RG", "G", "K", "SC", "SCN"):
            stroke = _colour(operands)
        elif op == "BDC":
            props = operands[1]
            marked.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary)
                          and "/MCID" in props else None)
        elif op == "BMC":
            marked.append(None)
        elif op == "EMC":
            marked.pop()
        elif op == "m":
            path.append([_apply(ctm, float(operands[0]), float(operands[1]))])
        elif op in ("l", "c", "v", "y"):
            values = [float(v) for v in operands]
            path[-1] += [_apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)]
        elif op == "h":
            path[-1].append(path[-1][0])
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            path.append([_apply(ctm, *p) for p in ((x, y), (x + w, y), (x + w, y + h),
                                                   (x, y + h), (x, y))])
        elif op in PAINT:
            if op != "n":
                shapes.append(Shape(op, tuple(tuple(p) for p in path), dash, width, fill,
                                    stroke, mcid()))
            path = []
        elif op == "BT":
            line = IDENTITY
        elif op == "Tf":
            font = cmaps.get(str(operands[0]), {})
        elif op == "TL":
            leading = float(operands[0])
        elif op == "Tm":
            line = tuple(float(v) for v in operands)
        elif op in ("Td", "TD"):
            if op == "TD":
                leading = -float(operands[1])
            line = _multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
        elif op == "T*":
            line = _multiply((1, 0, 0, 1, 0, -leading), line)
        elif op == "Tj":
            show(bytes(operands[0]))
        elif op == "TJ":
            show(b"".join(bytes(v) for v in operands[0] if isinstance(v, pikepdf.String)))
        elif op in ("'", '"'):
            line = _multiply((1, 0, 0, 1, 0, -leading), line)
            show(bytes(operands[-1]))
    return shapes, runs


def _operators(content: pikepdf.Object, resources: pikepdf.Dictionary) -> Iterator[tuple]:
    """(operands, operator) of a page or form, each form it draws run in its place as a
    reader runs it: state saved, the form's matrix applied, its operators, state restored."""
    for operands, operator in pikepdf.parse_content_stream(content):
        if str(operator) != "Do":
            yield operands, operator
            continue
        form = resources.get("/XObject", {}).get(str(operands[0]))
        if form is None or form.get("/Subtype") != "/Form":
            raise NotImplementedError("only form XObjects are read, not images")
        yield [], "q"
        yield list(form.get("/Matrix", IDENTITY)), "cm"
        yield from _operators(form, form.get("/Resources", resources))
        yield [], "Q"


@cache
def opened(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))  # kept open: its objects die with it


@cache
def pages(pdf: bytes) -> tuple[tuple[list[Shape], list[Run]], ...]:
    return tuple(draw(page) for page in opened(pdf).pages)


def marked_text(pdf: bytes) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn in that marked content."""
    found: dict[tuple[int, int], str] = {}
    for index, (_, runs) in enumerate(pages(pdf)):
        for run in runs:
            if run.mcid is not None:
                key = (index, run.mcid)
                found[key] = found.get(key, "") + run.text
    return found


def structure(pdf: bytes) -> Element:
    """The structure tree from its root element, each element with its marked content."""
    doc = opened(pdf)
    page_index = {page.obj.objgen: i for i, page in enumerate(doc.pages)}

    def build(elem: pikepdf.Dictionary, page: int | None) -> Element:
        if "/Pg" in elem:
            page = page_index[elem.Pg.objgen]
        node = Element(str(elem.S)[1:], str(elem.get("/Alt", "")))
        kids = elem.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                assert page is not None, f"MCID {kid} of {node.role} without a page"
                node.content.append((page, kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                where = page_index[kid.Pg.objgen] if "/Pg" in kid else page
                assert where is not None
                node.content.append((where, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                node.content.append(build(kid, page))
        return node

    return build(doc.Root.StructTreeRoot.K, None)
