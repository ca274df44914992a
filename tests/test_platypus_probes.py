"""What Platypus probes on handout's wrappers (`Tagged`, list items) is answered as the long
way through their `__getattr__` answers it: platypus.Wrapping, platypus.holder and
render's break-before check."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer
from reportlab.platypus.doctemplate import BaseDocTemplate, FrameBreak, PageBreak
from reportlab.platypus.flowables import Flowable

from handout import kit, render, theme
from handout.paragraph import Paragraph
from handout.platypus import holder
from handout.tagging import Tagged

FRAME_BREAK = type(FrameBreak)  # ReportLab's FrameBreak is an instance
PROBES = {"_SPACETRANSFER": False, "_ZEROSIZE": False, "__split_only__": None}
MARKS = ("_skipMeNextTime", "pageBreakBefore", "frameBreakBefore", "style", "keepWithNext",
         "_handout_section", "_width", "width", "spaceBefore")


class _Transfer(Spacer):
    """A flowable with every probed attribute set (as ReportLab's own helpers have)."""

    _SPACETRANSFER = True
    _ZEROSIZE = 1
    __split_only__ = 1


def _long_way(flowable: Flowable, name: str, default: Any) -> Any:
    """getattr(flowable, name, default) as it was found before the quick answers: the
    flowable's own dict, then its wrapped flowable through `Tagged.__getattr__`."""
    if name in vars(flowable):
        return vars(flowable)[name]
    try:
        return Tagged.__getattr__(flowable, name)
    except AttributeError:
        return default


def _flowables() -> list[Flowable]:
    """Tagged paragraphs, a table, a list and a spacer, some with marks on the wrapper or on
    the wrapped flowable; and the list's items (LIIndenters around Tagged paragraphs)."""
    styles = theme.standard().styles()
    keeping = ParagraphStyle("keeping", parent=styles["body"], keepWithNext=1)
    breaking = ParagraphStyle("breaking", parent=styles["body"], frameBreakBefore=1)
    plain = kit.para("Take one tablet.", styles["body"])
    heading = kit.para("What it is for", styles["h2"])
    kept = kit.para("Kept.", styles["h2"])  # a heading, kept with what follows
    kept.__dict__["keepWithNext"] = 0  # as Platypus sets it on what it keeps together
    inner_mark = kit.para("Inner.", styles["body"])
    inner_mark.f.keepWithNext = 1
    inner_mark.f.pageBreakBefore = 0
    inner_mark.f._handout_section = "a section"
    listed = kit.tagged_list(("One", "Two"), styles["bullet"], bulletType="bullet", start="•")
    table = kit.grid([[kit.para("a", styles["body"]), "b"]], [100, 100], [])
    return [plain, heading, kept, inner_mark, Tagged(Paragraph("k", keeping)),
            Tagged(Paragraph("b", breaking)), Tagged(table), listed, Tagged(_Transfer(1, 2)),
            *listed.f._content]


def test_tagged_answers_platypus_probes_as_the_long_way() -> None:
    for flowable in _flowables():
        if not isinstance(flowable, Tagged):
            continue
        for name, default in PROBES.items():
            assert getattr(flowable, name, default) == _long_way(flowable, name, default)
        assert flowable.getKeepWithNext() == Flowable.getKeepWithNext(flowable)
    transfer = Tagged(_Transfer(1, 2))
    assert [getattr(transfer, name) for name in PROBES] == [True, 1, 1]
    assert [f.getKeepWithNext() for f in _flowables()[:5]] == [0, 1, 0, 1, 1]


def test_the_holder_has_the_wrappers_attributes() -> None:
    flowables = _flowables()
    flowables[0]._skipMeNextTime = 1  # on the wrapper: the wrapper holds it
    for flowable in flowables:
        for name in MARKS:
            held = holder(flowable, (name,))
            assert hasattr(held, name) == hasattr(flowable, name), (flowable, name)
            assert getattr(held, name, None) == getattr(flowable, name, None)
    assert holder(flowables[0], ("_skipMeNextTime",)) is flowables[0]
    assert holder(flowables[1], ("pageBreakBefore",)) is flowables[1].f
    item = flowables[-1]
    assert holder(item, ("style",)) is item._flowable.f  # through the item and its Tagged
    assert holder(item, ("width",)) is item  # an indenter's own attribute
    for name in type(item).KEEPS:  # an indenter's, found or not: never its flowable's
        assert holder(item, (name,)) is item


def _reportlabs_break(flowables: list[Flowable]) -> list[Flowable]:
    BaseDocTemplate.handle_breakBefore(object.__new__(render._Doc), flowables)
    return flowables


@pytest.mark.parametrize("where", ["none", "inner", "wrapper", "style", "skip", "frame"])
def test_breaks_before_are_made_as_reportlab_makes_them(where: str) -> None:
    def story() -> list[Flowable]:
        styles = theme.standard().styles()
        style = ParagraphStyle("s", parent=styles["body"],
                               **({"pageBreakBefore": 1} if where == "style" else {}))
        first = Tagged(Paragraph("Text.", style))
        if where == "inner":
            first.f.frameBreakBefore = 1
        if where == "wrapper":
            first.frameBreakBefore = 1
        if where == "skip":
            first._skipMeNextTime = 1  # as ReportLab sets it, after a break it made
        item = kit.tagged_list(("One",), styles["bullet"]).f._content[0]
        if where == "frame":
            item._flowable.f.frameBreakBefore = 1  # a list item's paragraph
            return [item, first]
        return [first, item]

    ours, theirs = story(), _reportlabs_break(story())
    render._Doc.handle_breakBefore(object.__new__(render._Doc), ours)
    assert [type(f) for f in ours] == [type(f) for f in theirs]
    assert ([hasattr(f, "_skipMeNextTime") for f in ours]
            == [hasattr(f, "_skipMeNextTime") for f in theirs])
    made = {"none": None, "inner": FRAME_BREAK, "wrapper": FRAME_BREAK, "style": PageBreak,
            "skip": None, "frame": FRAME_BREAK}[where]
    assert (type(ours[0]) is made) if made else isinstance(ours[0], Tagged)
