"""Content text as tagged flowables: paragraphs (`para`) and lists (`tagged_list`).

Layouts use them through `handout.kit` (`kit.para`, `kit.tagged_list`), with the theme's
styles; text in a heading style is tagged as that heading, any other as a P.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus.flowables import BulletDrawer

from handout import paragraph
from handout.platypus import ItemIndenter, List
from handout.tagging import Node, Tagged, tag_list

# Paragraph styles that are headings (theme names); text in any other style is a P.
HEADING_ROLES = {"title": "H1", "h2": "H2", "h3": "H3"}


def para(text: str, style: ParagraphStyle, role: str | None = None,
         **tag: Any) -> Tagged:
    """Content text (plain, with **bold**) as a Paragraph with fallback fonts applied, tagged
    as `role`: by default a heading for the theme's heading styles, else P. `tag` goes to
    `Tagged` (parent, attrs, outline)."""
    role = role or HEADING_ROLES.get(style.name, "P")
    return Tagged(paragraph.content(text, style), role, **tag)


def tagged_list(items: Sequence[str], style: ParagraphStyle, node: Node | None = None,
                whole_items: bool = False, **options: Any) -> Tagged:
    """A ListFlowable of content texts, tagged L > LI > Lbl + LBody. `options` go to
    ListFlowable (bullet, font, indents); pass the `node` of an earlier part to continue one
    list across two flowables; `whole_items` keeps each item in one column (a source with its
    URL: a copy then gets the URL in one piece). Layouts that style their own lists use this,
    not ListFlowable."""
    node = node or Node("L")
    entries = [Node("LI", node) for _ in items]

    def body(item: str, entry: Node) -> Flowable:
        text = para(item, style, "LBody", parent=entry)
        if whole_items:
            text.split = lambda _width, _height: []  # never split: move to the next column
        return text

    # Items as bare flowables, not ListItems: each is indented by the list's leftIndent.
    flowable = TextList([body(item, entry) for item, entry in zip(items, entries, strict=True)],
                        **options)
    return Tagged(tag_list(flowable, entries), group=True, node=node)


class TextList(List):
    """A list of bare items (no ListItem), whose bullets all take the list's own values.

    ReportLab's `_makeBullet` finds each of a bullet's nine values through a closure that
    would look in the item's parameters first; a bare item has none, so each value is the
    list's attribute (`getattr(self, "_" + name)`), read here directly. Each item is an
    `ItemIndenter` holding what `LIIndenter.__init__` sets, put in its dict at once
    (LIIndenter's `__setattr__` is a Python call per value)."""

    def _makeLIIndenter(self, flowable: Flowable, bullet: Any,
                        params: dict[str, Any] | None = None) -> ItemIndenter:
        params = params or {}
        item = ItemIndenter.__new__(ItemIndenter)
        item.__dict__.update(
            _flowable=flowable, _bullet=bullet,
            _leftIndent=params.get("leftIndent", self._leftIndent),
            _rightIndent=params.get("rightIndent", self._rightIndent), width=None, height=None)
        for space in ("spaceBefore", "spaceAfter"):
            if params.get(space) is not None:
                item.__dict__[space] = params[space]
        return item

    def _makeBullet(self, value: Any, params: dict[str, Any] | None = None) -> BulletDrawer:
        if params is not None:
            return super()._makeBullet(value, params)
        return BulletDrawer(
            value=value, bulletAlign=self._bulletAlign, bulletType=self._bulletType,
            bulletColor=self._bulletColor, bulletFontName=self._bulletFontName,
            bulletFontSize=self._bulletFontSize, bulletOffsetY=self._bulletOffsetY,
            bulletDedent=self._calcBulletDedent, bulletDir=self._bulletDir,
            bulletFormat=self._bulletFormat)
