"""Tagged PDF, afterwards: what ReportLab cannot write, written into its finished bytes.

`finish` opens the bytes with pikepdf and writes the structure tree and ParentTree from the
`tagging.Registry` that drawing filled (each element's kids: elements, marked-content ids,
link annotations), MarkInfo, /Lang, /Tabs, the outline from the headings, and ToUnicode
maps without U+0000; `identity.save` adds the output intent and the XMP identification and
saves. How the two halves fit: docs/architecture/tagging.md.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from handout import identity
from handout.tagging import AnnotRef, Node, Registry


def finish(pdf_bytes: bytes, reg: Registry, lang: str, pdfx: bool = False) -> bytes:
    """The tagged PDF: structure tree, identification and outline written into ReportLab's
    bytes. PDF/UA-1 always; then PDF/A-2a with an sRGB output intent, or, for a CMYK build
    (`pdfx`), PDF/X-4 with the press profile as a GTS_PDFX output intent (PDF/A is not
    claimed: its output intent would have to be the press profile too)."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    _structure(pdf, reg, links=not pdfx)
    root = pdf.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(lang)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _outline(pdf, reg.outline)
    _fix_tounicode(pdf)
    return identity.save(pdf, lang, pdfx, seed=pdf_bytes)


def _structure(pdf: pikepdf.Pdf, reg: Registry, links: bool = True) -> None:
    """The structure tree and ParentTree; with `links`, a Link annotation for each recorded
    hot spot, referenced from its Link element (without, as on the press file, no
    annotations and the URL's element is a Span). Each element is made with as few calls
    into pikepdf as it can be (kids gathered in Python, one Array each): a leaflet has
    hundreds of elements, and every call crosses into C++."""
    pages = [page.obj for page in pdf.pages]
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    elements: dict[int, Dictionary] = {}
    annots = [_annotation(pdf, pages[page], rect, url, len(pages) + i) if links else None
              for i, (page, rect, url, _) in enumerate(reg.links)]
    roles: dict[str, Name] = {}

    def build(node: Node, parent: Dictionary) -> Dictionary:
        role = "Span" if node.role == "Link" and not links else node.role
        if role not in roles:
            roles[role] = Name("/" + role)
        fields: dict[str, Any] = {"/Type": Name.StructElem, "/S": roles[role], "/P": parent}
        if node.alt:
            fields["/Alt"] = String(node.alt)
        if node.attrs:
            fields["/A"] = Dictionary({"/" + k: Name("/" + v) if isinstance(v, str) else v
                                       for k, v in node.attrs.items()})
        elem = pdf.make_indirect(Dictionary(fields))
        elements[id(node)] = elem
        kids: list[Any] = []
        home: int | None = None  # the element's /Pg; content on other pages needs an MCR
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(build(kid, elem))
            elif isinstance(kid, AnnotRef):
                annot = annots[kid.index]
                if annot is not None:
                    annot.P = pages[reg.links[kid.index][0]]
                    kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=annot.P))
            else:
                home = kid[0] if home is None else home
                kids.append(kid[1] if kid[0] == home
                            else Dictionary(Type=Name.MCR, Pg=pages[kid[0]], MCID=kid[1]))
        if home is not None:
            elem.Pg = pages[home]
        elem.K = Array(kids)
        return elem

    tree.K = build(reg.root, tree)
    nums: list[Any] = []
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = Name.S
        owners = reg.pages.get(index, [])
        nums += [index, pdf.make_indirect(Array([elements[id(n)] for n in owners]))]
    for annot, (_, _, _, node) in zip(annots, reg.links, strict=True):
        if annot is not None:
            nums += [int(annot.StructParent), elements[id(node)]]
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    tree.ParentTreeNextKey = len(pages) + len(reg.links)
    pdf.Root.StructTreeRoot = tree


def _annotation(pdf: pikepdf.Pdf, page: Dictionary, rect: tuple[float, ...], url: str,
                key: int) -> Dictionary:
    """A printable, borderless URI link (PDF/A wants the print flag) with its URL as
    /Contents (PDF/UA), added to the `page`'s /Annots."""
    annot = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([round(v, 2) for v in rect]),
        Border=Array([0, 0, 0]), F=4, Contents=String(url), StructParent=key,
        A=Dictionary(Type=Name.Action, S=Name.URI, URI=String(url))))
    if "/Annots" not in page:
        page.Annots = Array()
    page.Annots.append(annot)
    return annot


def _fix_tounicode(pdf: pikepdf.Pdf) -> None:
    """ReportLab maps unused codes (0-31 of a subset) to U+0000, which PDF/UA and PDF/A
    reject: drop those entries."""
    for font in pdf.objects:
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


def _outline(pdf: pikepdf.Pdf, entries: list[tuple[int, str, int, float, str | None]],
             ) -> None:
    """Bookmarks from the headings that asked for one, nested by heading level, all open.
    (ReportLab's own bookmarks point at pages by object, which holding pages back breaks.)"""
    if not entries:
        return
    top = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    stack: list[tuple[int, Dictionary]] = [(0, top)]
    for level, title, page, y, _ in entries:
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        item = pdf.make_indirect(Dictionary(
            Title=String(title), Parent=parent,
            Dest=Array([pdf.pages[page].obj, Name.XYZ, 0, y, 0])))
        if "/Last" in parent:
            parent.Last.Next = item
            item.Prev = parent.Last
        else:
            parent.First = item
        parent.Last = item
        for _, ancestor in stack:  # every item is open: Count is all visible descendants
            ancestor.Count = int(ancestor.get("/Count", 0)) + 1
        stack.append((level, item))
    pdf.Root.Outlines = top
