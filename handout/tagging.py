"""Tagged PDF (PDF/UA-1, PDF/A-2a) for ReportLab, which has no tagging of its own.

Two halves:

- While drawing: `Tagged` wraps a flowable and brackets what it draws with
  `/Role <</MCID n>> BDC ... EMC`, recording which structure element owns each marked-content
  id on which page (`Registry`). `TaggedCanvas` holds every page until the end (so furniture
  can say "page x of y"), draws furniture untagged, and then wraps every untagged run of page
  content in `/Artifact BMC ... EMC`: nothing on a page is left neither content nor artifact.
- Afterwards: `handout.structure.finish` writes, from the `Registry` this half filled, what
  ReportLab cannot: the structure tree and ParentTree, MarkInfo, /Tabs, the outline from the
  headings, and ToUnicode maps without U+0000.

Shared code (`kit`, `render`) does all of it; a layout that uses `kit` never sees this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, ListFlowable
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import DDIndenter, _ContainerSpace

from handout.drawn import Drawn, drawn, encode_stream
from handout.platypus import Wrapping
from handout.textops import draw_bullet

McRef = tuple[int, int]  # (page index, marked-content id)


@dataclass(frozen=True)
class AnnotRef:
    """A Link element's kid: its annotation, the `index`-th of `Registry.links`."""

    index: int


@dataclass(eq=False)
class Node:
    """A structure element. `kids` holds Nodes and McRefs in reading order."""

    role: str
    parent: Node | None = None
    alt: str | None = None
    attrs: dict[str, Any] | None = None
    outline: str | None = None  # the bookmark text, for headings that go in the outline
    kids: list[Node | McRef | AnnotRef] = field(default_factory=list)
    attached: bool = False
    frame: str | None = None  # for a top-level element: the frame it began in


class Registry:
    """What was drawn where: the tree, each page's MCID owners, and the outline entries."""

    def __init__(self) -> None:
        self.root = Node("Document", attached=True)
        self.stack = [self.root]  # open grouping elements (callout, list, table)
        self.pages: dict[int, list[Node]] = {}  # page index -> owner of MCID 0, 1, ...
        # level, title, page, y, and the frame the heading is in
        self.outline: list[tuple[int, str, int, float, str | None]] = []
        self.furniture = False  # while True, tagged flowables draw as artifacts
        self.frame: str | None = None  # the frame being filled (`enter_frame`)
        self.open: Node | None = None  # whose marked content is open (drawing a Tagged)
        # Link elements by URL, and each link's hot spots: (page, rect, url, Link node)
        self.link_nodes: dict[str, Node] = {}
        self.links: list[tuple[int, tuple[float, ...], str, Node]] = []
        self.drawn: Drawn | None = None  # the saved file's object numbers (TaggedCanvas.save)

    def attach(self, node: Node) -> None:
        """Hook a node into the tree when it first draws, so the tree follows drawing order."""
        if not node.attached:
            node.parent = node.parent or self.stack[-1]
            if node.parent is self.root:
                node.frame = self.frame
            self.attach(node.parent)
            node.parent.kids.append(node)
            node.attached = True

    def mcid(self, node: Node, page: int) -> int:
        owners = self.pages.setdefault(page, [])
        owners.append(node)
        node.kids.append((page, len(owners) - 1))
        return len(owners) - 1


# -- frames: reading order and copies (Story.reading_order, Story.copies) -----------------
def enter_frame(canv: Canvas, frame_id: str | None, copy: bool = False) -> None:
    """Render starts filling frame `frame_id`: top-level elements drawn from now on began
    there (for `read_in_order`). In a `copy` frame (a card repeated on a sheet) everything is
    drawn as an artifact, so a screen reader hears the content once, not once per copy."""
    reg: Registry | None = getattr(canv, "tags", None)
    if reg is not None:
        reg.frame = frame_id
        reg.furniture = copy


def read_in_order(reg: Registry, order: tuple[str, ...]) -> None:
    """Put the top-level elements, and the outline, in the order of the frames they began
    in (`order`: frame ids as a reader reads them), drawing order within a frame. For a
    folded sheet drawn side by side (cover and back on one side) but read cover, inside,
    back. Empty `order`: drawing order."""
    if not order:
        return
    rank = {frame: index for index, frame in enumerate(order)}
    last = len(rank)  # anything drawn outside a named frame reads after the rest
    reg.root.kids.sort(key=lambda kid: rank.get(getattr(kid, "frame", None), last))
    reg.outline.sort(key=lambda entry: rank.get(entry[4], last))


class _Mark(str):
    """A marked-content operator in canv._code, with its nesting step (+1 opens, -1 closes)."""

    depth: int

    def __new__(cls, text: str, depth: int) -> _Mark:
        mark = super().__new__(cls, text)
        mark.depth = depth
        return mark


def _begin(canv: Canvas, node: Node) -> None:
    reg: Registry = canv.tags
    reg.attach(node)
    mcid = reg.mcid(node, canv.getPageNumber() - 1)
    canv._code.append(_Mark(f"/{node.role} <</MCID {mcid}>> BDC", 1))
    reg.open = node


def _end(canv: Canvas) -> None:
    canv._code.append(_Mark("EMC", -1))
    canv.tags.open = None


def _hex(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _tagging(canv: Canvas) -> bool:
    """False on a canvas without a registry (kit.measure's) and while drawing furniture."""
    reg = getattr(canv, "tags", None)
    return reg is not None and not reg.furniture


class Tagged(Wrapping):
    """`Tagged(flowable, "P")`: the flowable's drawing is one element's marked content.

    `group=True` makes a grouping element (Div, L, Table, TR): tagged flowables drawn inside
    become its kids; everything else it draws (boxes, tints, rules) becomes an Artifact.
    Parts of a split flowable share the node, so a paragraph across two pages stays one P.
    Unknown attributes (spaceBefore, keepWithNext, render's section and frame marks) are
    read from the wrapped flowable (`Wrapping`, which also answers Platypus's probes)."""

    def __new__(cls, flowable: Flowable, *args: Any, **kwargs: Any) -> Tagged:
        # Platypus tells containers (lists) by class: keepWithNext never pulls one into a
        # KeepTogether. A wrapped container must stay one, or pages break differently.
        return super().__new__(_TaggedContainer if isinstance(flowable, _ContainerSpace)
                               else cls)

    def __init__(self, flowable: Flowable, role: str = "P", *, alt: str | None = None,
                 attrs: dict[str, Any] | None = None, parent: Node | None = None,
                 outline: str | None = None, group: bool = False,
                 node: Node | None = None) -> None:
        self.f = flowable
        self.group = group
        self.node = node or Node(role, parent, alt, attrs, outline)

    def _sync(self) -> None:
        """Platypus sets canv and _frame on the flowable it handles: that is us."""
        own = self.__dict__
        if "canv" in own:
            self.f.canv = own["canv"]
        if "_frame" in own:
            self.f._frame = own["_frame"]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._sync()
        self.width, self.height = self.f.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._sync()
        # A list splits into its item indenters, which Platypus handles by their type:
        # those stay bare (kit gives every list node an explicit parent, so none is lost).
        return [part if isinstance(part, DDIndenter | ActionFlowable)
                else Tagged(part, group=self.group, node=self.node)
                for part in self.f.split(available_width, available_height)]

    def identity(self, maxLen: int | None = None) -> str:
        return f"Tagged({self.f.identity(maxLen)})"

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if not _tagging(canv):
            self.f.drawOn(canv, x, y, _sW)
            return
        reg: Registry = canv.tags
        if self.group:
            reg.attach(self.node)
            reg.stack.append(self.node)
            self.f.drawOn(canv, x, y, _sW)
            reg.stack.pop()
            return
        if self.__dict__.get("_drawn"):
            # The same object drawn again is a table's repeated header row: an artifact,
            # else a screen reader would hear the header once per page.
            self.f.drawOn(canv, x, y, _sW)
            return
        self._drawn = True
        if self.node.outline and not self.node.kids:
            level = int(self.node.role[1:]) if self.node.role[1:].isdigit() else 1
            _, top = canv.absolutePosition(x, y + self.height)  # past the bleed offset
            reg.outline.append((level, self.node.outline, canv.getPageNumber() - 1, top,
                                reg.frame))
        _begin(canv, self.node)
        self.f.drawOn(canv, x, y, _sW)
        _end(canv)


class _TaggedContainer(Tagged, _ContainerSpace):
    pass


class _Label:
    """A list item's bullet or number, tagged Lbl inside its LI."""

    def __init__(self, bullet: Any, node: Node) -> None:
        self.bullet = bullet
        self.node = node

    def __getattr__(self, name: str) -> Any:
        if name == "bullet":
            raise AttributeError(name)
        return getattr(self.bullet, name)

    def drawOn(self, indenter: Flowable, canv: Canvas, x: float, y: float,
               _sW: float = 0) -> None:
        tagging = _tagging(canv)
        if tagging:
            _begin(canv, self.node)
        if not draw_bullet(self.bullet, indenter, canv, x, y):
            self.bullet.drawOn(indenter, canv, x, y, _sW)
        if tagging:
            _end(canv)


def tag_list(lst: ListFlowable, items: list[Node]) -> ListFlowable:
    """Tag the bullets of `lst` as Lbl, each in the LI node of its item."""
    indenters = [c for c in lst._content if hasattr(c, "_bullet")]
    for indenter, item in zip(indenters, items, strict=True):
        if indenter._bullet:
            indenter._bullet = _Label(indenter._bullet, Node("Lbl", item))
    return lst


class _SpacedText(PDFTextObject):
    """Each text line (T*) ends with a space, so words at a line end never join in the text
    a screen reader extracts.

    Links (`<a href>` in paragraph markup, from `fonts.markup`): ReportLab reports where
    each link's text starts and ends on a line (`_linkRecord`); each such run becomes
    marked content of a Link element inside the paragraph's element. The first run carries
    the whole URL as /ActualText and later runs an empty one, so a URL broken over lines
    (and the zero-width break points in it) reads back as one unbroken URL."""

    _in_link = False
    # the last text, if a line-end space was added: where its code starts, the text, its T*
    # and the font subset selected before it (-1: none since the last font change)
    _respace: tuple[int, str, int, int] | None = None

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if self._fontsize < 1:  # a URL's break point (fonts._BREAK_POINT): nothing to draw
            text = text.replace(" ", "")
        spaced = TStar and not text.endswith(" ") and not self._in_link
        self._before_text = len(self._code)
        self._respace = (self._before_text, text, TStar, self._curSubset) if spaced else None
        # also a line that ends with a font change; never inside a URL
        super()._textOut(text + " " if spaced else text, TStar)

    def _linkRecord(self, link: tuple[int, str], what: str) -> None:
        self._in_link = what == "start"
        if what == "start" and self._respace and self._respace[0] == len(self._code) - 1:
            # ReportLab reports a start after drawing the link's first text: a line-end
            # space added to it belongs to the URL, so draw that text again without it, with
            # the subset selection (Tf) it made, if it made one
            index, text, star, self._curSubset = self._respace
            del self._code[index:]
            super()._textOut(text, star)
        reg: Registry | None = getattr(self._canvas, "tags", None)
        if reg is None or reg.furniture or reg.open is None:
            return
        owner = reg.open if reg.open.role != "Link" else reg.open.parent
        if what == "end":
            if reg.open.role == "Link":
                mcid = reg.mcid(owner, self._canvas.getPageNumber() - 1)
                self._code += ["EMC", f"/{owner.role} <</MCID {mcid}>> BDC"]
                reg.open = owner
            return
        url = link[1]
        node = reg.link_nodes.get(url)
        first = node is None or node.parent is not owner
        if first:
            node = Node("Link", owner)
            reg.link_nodes[url] = node
            reg.attach(node)
        mcid = reg.mcid(node, self._canvas.getPageNumber() - 1)
        actual = _hex(url) if first else "()"
        self._code[self._before_text:self._before_text] = [
            "EMC", f"/Link <</MCID {mcid} /ActualText {actual}>> BDC"]
        reg.open = node


class TaggedCanvas(Canvas):
    """Holds every page until save(); then draws `furniture` on each (untagged) and wraps
    everything untagged in /Artifact. The registry is `canv.tags`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.tags = Registry()
        self._held: list[dict] = []
        super().__init__(*args, **kwargs)

    def furniture(self, page: int, total: int) -> None:
        """Draw running text, page numbers and marks on page `page` of `total`."""

    def beginText(self, x: float = 0, y: float = 0,
                  direction: str | None = None) -> PDFTextObject:
        return _SpacedText(self, x, y, direction=direction)

    def linkURL(self, url: str, rect: tuple[float, ...], relative: int = 0,
                *args: Any, **kwargs: Any) -> None:
        """Record a link's hot spot; `finish` writes the annotation with its tags."""
        node = self.tags.link_nodes.get(url)
        if node is not None and not self.tags.furniture:
            node.kids.append(AnnotRef(len(self.tags.links)))
            self.tags.links.append((self.getPageNumber() - 1, tuple(self._absRect(rect, relative)),
                                    url, node))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.tags.furniture = True
            self.furniture(number, total)
            self.tags.furniture = False
            self._code[:] = _artifacts(self._code)
            super().showPage()
            encode_stream(self._doc.Pages.pages[-1])
        super().save()
        self.tags.drawn = drawn(self._doc)


def _artifacts(code: list[str]) -> list[str]:
    """Wrap every run of operators outside marked content in /Artifact BMC ... EMC. The
    marks are found by type with list.index, a scan in C: a page has thousands of operators,
    a few hundred of them marks, often one right after another (no run between)."""
    kinds = list(map(type, code))
    find = kinds.index
    out: list[str] = []
    depth = start = 0  # marked-content nesting; the first operator not yet in `out`
    while True:
        try:
            at = find(_Mark, start)
        except ValueError:
            break
        if at > start:
            run = code[start:at]
            out += _artifact(run) if depth == 0 else run
        mark = code[at]
        out.append(mark)
        depth += mark.depth
        start = at + 1
    rest = code[start:]
    return out + (_artifact(rest) if depth == 0 else rest)


def _artifact(run: list[str]) -> list[str]:
    return ["/Artifact BMC", *run, "EMC"] if any(map(str.strip, run)) else run
