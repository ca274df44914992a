"""handout.texts.tagged_list: the items and bullets ReportLab's own ListFlowable makes."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.colors import red
from reportlab.platypus import ListFlowable, ListItem

from handout import fonts, kit, theme
from handout.paragraph import Paragraph

ITEMS = ("One", "Two, a longer item that needs more than one line in a narrow column.", "3")
OPTIONS = [
    # kit.Blocks.bullet_list, the dose card's tight list, kit.Blocks.about's sources
    dict(bulletType="bullet", start="•", bulletFontName=fonts.REGULAR, bulletFontSize=12,
         leftIndent=15.6, bulletColor=red, spaceAfter=6, spaceBefore=0),
    dict(bulletType="bullet", start="•", bulletFontSize=9, leftIndent=9.9, spaceAfter=0,
         spaceBefore=4),
    dict(bulletType="1", bulletFontName=fonts.REGULAR, bulletFontSize=11, leftIndent=22),
    dict(bulletType="1", start="3", bulletDedent=4, rightIndent=5, bulletOffsetY=-1,
         bulletFormat="%s.", bulletDir="ltr"),
]


def _state(value: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(value).items() if k not in ("_flowable", "_bullet")}


@pytest.mark.parametrize("options", OPTIONS)
def test_a_lists_items_and_bullets_are_reportlabs(options: dict[str, Any]) -> None:
    """As ReportLab makes them from ListItems indented like the list (as kit did) and
    from bare items: the same indenters, each with the same bullet."""
    style = theme.standard().styles()["bullet"]
    ours = kit.tagged_list(ITEMS, style, **options).f._content
    indent = {"leftIndent": options["leftIndent"]} if "leftIndent" in options else {}
    for items in ([ListItem(Paragraph(text, style), **indent) for text in ITEMS],
                  [Paragraph(text, style) for text in ITEMS]):
        theirs = ListFlowable(items, **options)._content
        assert len(ours) == len(theirs) == len(ITEMS)
        for mine, reportlabs in zip(ours, theirs, strict=True):
            assert _state(mine) == _state(reportlabs)
            assert vars(mine._bullet.bullet) == vars(reportlabs._bullet)
