"""Tagged PDF, afterwards: what ReportLab cannot write, written into its finished bytes.

`finish` writes the structure tree and ParentTree from the `tagging.Registry` that drawing
filled (each element's kids: elements, marked-content ids, link annotations), the link
annotations and the outline from the headings as PDF text appended to the bytes (`_Update`),
opens them with pikepdf, hooks those objects to the catalog and pages, sets MarkInfo, /Lang
and /Tabs, and drops U+0000 from the ToUnicode maps; `identity.save` adds the output intent
and the XMP identification and saves. How the two halves fit: docs/architecture/tagging.md.
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from handout import identity
from handout.drawn import Drawn
from handout.tagging import AnnotRef, Node, Registry


def finish(pdf_bytes: bytes, reg: Registry, lang: str, pdfx: bool = False) -> bytes:
    """The tagged PDF: structure tree, identification and outline written into ReportLab's
    bytes. PDF/UA-1 always; then PDF/A-2a with an sRGB output intent, or, for a CMYK build
    (`pdfx`), PDF/X-4 with the press profile as a GTS_PDFX output intent (PDF/A is not
    claimed: its output intent would have to be the press profile too)."""
    if reg.drawn is None:
        raise ValueError("finish needs the facts of ReportLab's save: draw on a TaggedCanvas")
    pages = reg.drawn.pages
    update = _Update(pdf_bytes, reg.drawn)
    links = not pdfx
    tree, annots = _structure(update, reg, pages, links)
    outline = _outline(update, reg.outline, pages)
    # Nothing to push down to the pages (ReportLab's page tree has nothing they inherit):
    # not walking them, qpdf builds no page cache
    with pikepdf.open(io.BytesIO(pdf_bytes + update.text()),
                      inherit_page_attributes=False) as pdf:
        _hook(pdf, tree, outline, annots, pages)
        if pdf.get_warnings():  # qpdf had to repair what _Update wrote: a bug here
            raise RuntimeError(f"the structure tree read back with repairs: "
                               f"{pdf.get_warnings()}")
        root = pdf.Root
        root.MarkInfo = Dictionary(Marked=True)
        root.Lang = String(lang)
        root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        _fix_tounicode(pdf, update.first)
        # ReportLab's objects are the only streams but the ones identity makes
        return identity.save(pdf, lang, pdfx, seed=pdf_bytes, streams=range(1, update.first))


def _hook(pdf: pikepdf.Pdf, tree: int, outline: int | None, annots: dict[int, int],
          pages: list[int]) -> None:
    """The structure tree and outline on the catalog; each page's ParentTree key, tab
    order and link annotations."""
    root = pdf.Root
    root.StructTreeRoot = pdf.get_object(tree, 0)
    if outline is not None:
        root.Outlines = pdf.get_object(outline, 0)
    # by number: `pdf.pages` would build the page cache after all
    for index, number in enumerate(pages):
        page = pdf.get_object(number, 0)
        page.StructParents = index
        page.Tabs = Name.S
        if annots.get(index):
            holder = pdf.get_object(annots[index], 0)  # [ a 0 R b 0 R ... ], to copy
            page.Annots = (Array([*page.Annots, *holder]) if "/Annots" in page
                           else copy.copy(holder))


class _Update:
    """New objects written as PDF text and appended to ReportLab's file as an incremental
    update, for qpdf to parse in C++: the structure tree of a leaflet is hundreds of
    objects, and making each through pikepdf's Python API cost most of `finish`. qpdf
    renumbers every object as it saves and writes each value in its own form (strings from
    their bytes, dictionary keys sorted), so the saved file is the one the same objects made
    through pikepdf give; only a real keeps the text it is written with (`_real`)."""

    def __init__(self, pdf_bytes: bytes, drawn: Drawn) -> None:
        self.start = len(pdf_bytes)
        self.startxref = int(pdf_bytes[pdf_bytes.rindex(b"startxref"):].split()[1])
        self.first = drawn.size
        self.trailer = drawn.trailer  # /Root, /Info and /ID (ReportLab's file has no /Encrypt)
        self.objects: list[str] = []

    def new(self, text: str = "") -> int:
        """A new object's number; its `text` now, or later through `put`."""
        self.objects.append(text)
        return self.first + len(self.objects) - 1

    def put(self, number: int, text: str) -> None:
        self.objects[number - self.first] = text

    def text(self) -> bytes:
        """The objects in one object stream, with a cross-reference stream and trailer
        pointing back to ReportLab's table. qpdf reads an object stream in one piece and
        parses it from memory; objects on their own would each cost it a seek and a read
        through Python's file object (pikepdf reads a BytesIO that way), more than the
        objects are worth. Everything but the cross-reference data is ASCII (strings are printable
        ASCII or hex), so a character is a byte and offsets are string lengths."""
        header: list[str] = []
        at = 0
        for index, text in enumerate(self.objects):
            header.append(f"{self.first + index} {at}")
            at += len(text) + 1
        head = " ".join(header) + "\n"
        data = head + "\n".join(self.objects) + "\n"
        stream = self.first + len(self.objects)  # the object stream, then the xref stream
        xref = stream + 1
        body = (f"{stream} 0 obj\n<< /Type /ObjStm /N {len(self.objects)} /First {len(head)} "
                f"/Length {len(data)} >>\nstream\n{data}endstream\nendobj\n").encode("ascii")
        at = self.start + len(body)
        # Entries of 1 + 4 + 4 bytes (/W): type 2, an object in the object stream (its
        # number, the index in it); type 1, an object at an offset (the two streams)
        entries = b"".join(b"\x02" + stream.to_bytes(4, "big") + index.to_bytes(4, "big")
                           for index in range(len(self.objects)))
        entries += b"".join(b"\x01" + offset.to_bytes(4, "big") + bytes(4)
                            for offset in (self.start, at))
        return body + (f"{xref} 0 obj\n<< /Type /XRef /Size {xref + 1} /W [ 1 4 4 ] "
                       f"/Index [ {self.first} {xref + 1 - self.first} ] {self.trailer} "
                       f"/Prev {self.startxref} /Length {len(entries)} >>\nstream\n"
                       ).encode("ascii") + entries + (f"\nendstream\nendobj\nstartxref\n"
                                                     f"{at}\n%%EOF\n").encode("ascii")


def _ref(number: int) -> str:
    return f"{number} 0 R"


def _string(text: str) -> str:
    """What pikepdf's String(text) holds: printable ASCII is itself, written as a literal
    string (qpdf reads it in half the characters of hex: hex strings, the URLs twice in each
    link, were a third of the text); anything else in hex, PDFDocEncoding when every
    character has a code, else UTF-16BE with a byte order mark (qpdf decides)."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return f"<{bytes(String(text)).hex()}>"


def _real(value: float) -> str:
    """A Python float as pikepdf writes it: six decimals, trailing zeros dropped (qpdf's
    QUtil::double_to_string), so 12.5 is 12.5 and 786.0 is 786."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _name(name: str) -> str:
    """A PDF name from its text: characters outside the regular ones as #xx, which qpdf
    reads back to the same name."""
    if name.isascii() and name.isalnum():  # every role and attribute we write
        return "/" + name
    return "/" + "".join(c if (c.isascii() and c.isalnum()) or c in "-_.+*:" else
                         "".join(f"#{b:02X}" for b in c.encode()) for c in name)


def _value(value: Any) -> str:
    """An attribute value: a name for a str, as pikepdf makes it from Python."""
    if isinstance(value, str):
        return _name(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _real(value)
    return "[ " + " ".join(_value(v) for v in value) + " ]"


def _structure(update: _Update, reg: Registry, pages: list[int],
               links: bool = True) -> tuple[int, dict[int, int]]:
    """The structure tree and ParentTree, returning the StructTreeRoot's number; with
    `links`, a Link annotation for each recorded hot spot, referenced from its Link element
    (without, as on the press file, no annotations and the URL's element is a Span), and,
    per page index, an array of that page's annotations for its /Annots."""
    tree = update.new()
    refs: dict[int, str] = {}  # id(node) -> a reference to its element
    annots = ([update.new() for _ in reg.links] if links else [])
    owner_page: dict[int, int] = {}  # annotation index -> its page, once an OBJR names it
    page_refs = [_ref(number) for number in pages]
    names: dict[str, str] = {}  # role -> its PDF name: a few roles for hundreds of elements

    def build(node: Node, parent: str) -> str:
        elem = update.new()
        ref = refs[id(node)] = _ref(elem)
        role = "Span" if node.role == "Link" and not links else node.role
        name = names.get(role) or names.setdefault(role, _name(role))
        text = f"<< /Type /StructElem /S {name} /P {parent}"
        if node.alt:
            text += f" /Alt {_string(node.alt)}"
        if node.attrs:
            text += " /A << " + " ".join(f"{_name(k)} {_value(v)}"
                                         for k, v in node.attrs.items()) + " >>"
        kids: list[str] = []
        home: int | None = None  # the element's /Pg; content on other pages needs an MCR
        for kid in node.kids:
            if type(kid) is tuple:  # marked content (page, MCID), most kids: asked first
                page, mcid = kid
                if home is None:
                    home = page
                kids.append(str(mcid) if page == home else
                            f"<< /Type /MCR /Pg {page_refs[page]} /MCID {mcid} >>")
            elif isinstance(kid, Node):
                kids.append(build(kid, ref))
            elif isinstance(kid, AnnotRef):
                if links:  # (a press file has no annotations)
                    page = pages[reg.links[kid.index][0]]
                    owner_page[kid.index] = page
                    kids.append(f"<< /Type /OBJR /Obj {_ref(annots[kid.index])} "
                                f"/Pg {_ref(page)} >>")
            else:  # nothing else is drawn into the registry: a kid lost here is a bug
                raise TypeError(f"a structure element's kid of no known kind: {kid!r}")
        if home is not None:
            text += f" /Pg {page_refs[home]}"
        update.put(elem, f"{text} /K [ {' '.join(kids)} ] >>")
        return ref

    root = build(reg.root, _ref(tree))
    nums: list[str] = []
    for index in range(len(pages)):
        owners = " ".join([refs[id(n)] for n in reg.pages.get(index, [])])
        nums.append(f"{index} {_ref(update.new(f'[ {owners} ]'))}")
    on_page: dict[int, list[str]] = {}
    for i, number in enumerate(annots):
        page, rect, url, node = reg.links[i]
        key = len(pages) + i
        update.put(number, _annotation(rect, url, key, owner_page.get(i)))
        on_page.setdefault(page, []).append(_ref(number))
        nums.append(f"{key} {refs[id(node)]}")
    parent_tree = update.new("<< /Nums [ " + " ".join(nums) + " ] >>")
    update.put(tree, f"<< /Type /StructTreeRoot /K {root} /ParentTree "
                     f"{_ref(parent_tree)} /ParentTreeNextKey {len(pages) + len(reg.links)} >>")
    return tree, {page: update.new("[ " + " ".join(annots_there) + " ]")
                  for page, annots_there in on_page.items()}


def _annotation(rect: tuple[float, ...], url: str, key: int, page: int | None) -> str:
    """A printable, borderless URI link (PDF/A wants the print flag) with its URL as
    /Contents (PDF/UA), on `page` once its Link element names it."""
    text = _string(url)
    return ("<< /Type /Annot /Subtype /Link /Rect [ "
            + " ".join(_real(round(v, 2)) for v in rect)
            + f" ] /Border [ 0 0 0 ] /F 4 /Contents {text} /StructParent {key} "
            f"/A << /Type /Action /S /URI /URI {text} >>"
            + (f" /P {_ref(page)}" if page is not None else "") + " >>")


def _fix_tounicode(pdf: pikepdf.Pdf, drawn: int) -> None:
    """ReportLab maps unused codes (0-31 of a subset) to U+0000, which PDF/UA and PDF/A
    reject: drop those entries. Fonts are among ReportLab's objects (numbers below
    `drawn`), not the hundreds `finish` adds."""
    for number in range(1, drawn):
        font = pdf.get_object(number, 0)
        if not (isinstance(font, Dictionary) and font.get("/Type") == Name.Font
                and "/ToUnicode" in font):
            continue
        cmap = font.ToUnicode.read_bytes().decode("latin-1")
        head, found, rest = cmap.partition("beginbfchar")
        if not found:
            continue
        body, _, tail = rest.partition("endbfchar")
        pairs = [line for line in body.split("\n")
                 if line.strip() and not line.rstrip().endswith("<0000>")]
        blocks = [f"{len(pairs[i:i + 100])} beginbfchar\n" + "\n".join(pairs[i:i + 100])
                  + "\nendbfchar" for i in range(0, len(pairs), 100)]  # 100 per block at most
        head = re.sub(r"\d+\s*$", "", head.rstrip())
        font.ToUnicode.write(f"{head}\n{chr(10).join(blocks)}{tail}".encode("latin-1"))


def _outline(update: _Update, entries: list[tuple[int, str, int, float, str | None]],
             pages: list[int]) -> int | None:
    """Bookmarks from the headings that asked for one, nested by heading level, all open;
    the number of the /Outlines dictionary, or None without headings.
    (ReportLab's own bookmarks point at pages by object, which holding pages back breaks.)"""
    if not entries:
        return None
    top: dict[str, Any] = {"/Type": "/Outlines", "/Count": 0}
    items = [top]  # each a dictionary whose dictionary values are references to items
    stack: list[tuple[int, dict[str, Any]]] = [(0, top)]
    for level, title, page, y, _ in entries:
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        item = {"/Title": _string(title), "/Parent": parent,
                "/Dest": f"[ {_ref(pages[page])} /XYZ 0 {_real(y)} 0 ]"}
        items.append(item)
        if "/Last" in parent:
            parent["/Last"]["/Next"] = item
            item["/Prev"] = parent["/Last"]
        else:
            parent["/First"] = item
        parent["/Last"] = item
        for _, ancestor in stack:  # every item is open: Count is all visible descendants
            ancestor["/Count"] = ancestor.get("/Count", 0) + 1
        stack.append((level, item))
    numbers = {id(item): update.new() for item in items}
    for item in items:
        update.put(numbers[id(item)], "<< " + " ".join(
            f"{key} {_ref(numbers[id(value)]) if isinstance(value, dict) else value}"
            for key, value in item.items()) + " >>")
    return numbers[id(top)]
