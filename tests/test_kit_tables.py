"""kit.grid sets its cells' styles as ReportLab's own `Table.setStyle` would."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import LAYOUTS
from conftest import leaflet as shipped_leaflet
from reportlab.lib.colors import red
from reportlab.platypus import Table, TableStyle

from handout import fonts, kit, pipeline
from handout.layout import PrintOptions


def _state(table: Table) -> dict[str, Any]:
    """Everything a table holds, its cell styles as their values."""
    values = dict(vars(table))
    values["_cellStyles"] = [[vars(cell) for cell in row] for row in table._cellStyles]
    values.pop("_measured", None)  # Grid's own note of its measuring
    return values


def _reportlabs(rows: list, widths: list[float], style: list[tuple],
                repeat_rows: int = 0) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=repeat_rows)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR), *style]))
    return table


@pytest.mark.parametrize("layout", ["standard", "dose-card", "trifold"])
def test_every_table_of_a_build_is_styled_as_reportlab(layout: str, monkeypatch) -> None:
    made = []
    grid = kit.grid

    def recorded(rows: list, widths: list[float], style: list[tuple],
                 repeat_rows: int = 0) -> Any:
        table = grid(rows, widths, style, repeat_rows)
        # compared at once: measuring the table later changes its cell values in place
        made.append(_state(table) == _state(_reportlabs(rows, widths, style, repeat_rows)))
        return table

    monkeypatch.setattr(kit, "grid", recorded)
    ctx = pipeline.context(LAYOUTS[layout], "a4", PrintOptions())
    LAYOUTS[layout].build(shipped_leaflet(), ctx)
    assert len(made) > 3
    assert all(made)


def test_every_kind_of_command_is_styled_as_reportlab() -> None:
    """Commands kit passes on to ReportLab (a FONT with a size, colours, special rows), and
    ranges past the table's edges, mixed with the ones it sets itself, in order."""
    rows = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (1, 0), (1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, 0), fonts.BOLD, 14), ("TEXTCOLOR", (0, 1), (-1, -1), red),
        ("LEFTPADDING", (-5, -5), (9, 9), 2), ("RIGHTPADDING", (2, 0), (0, 2), 7),
        ("TOPPADDING", (0, "splitfirst"), (-1, "splitfirst"), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1, "ignored"), ("ALIGN", (0, 2), (-1, 2), "RIGHT"),
        ("FONTNAME", (2, 2), (2, 2), fonts.BOLD), ("BACKGROUND", (0, 0), (-1, 0), red),
        ("LINEBELOW", (0, 0), (-1, 0), 1, red), ("SPAN", (0, 2), (1, 2)),
        ("LEFTPADDING", (0, -1), (0, -7), 4), ("NOSPLIT", (0, 0), (-1, -1)),
    ]
    assert _state(kit.grid(rows, [20, 30, 40], style, 1)) == _state(
        _reportlabs(rows, [20, 30, 40], style, 1))


def test_a_column_named_by_a_string_is_refused_as_reportlab_refuses_it() -> None:
    with pytest.raises(ValueError, match="bad style command"):
        kit.grid([["a", "b"]], [20, 30], [("VALIGN", ("splitfirst", 0), (-1, -1), "TOP")])


def test_a_font_name_after_a_sized_font_wins_as_in_reportlab() -> None:
    """A header row in bold at a size (FONT with a size: given to setStyle), then one cell
    back to regular (FONTNAME: set directly): applied in their order, as ReportLab does
    (found by review: the direct one was set first, and lost)."""
    rows = [["a", "b"], ["c", "d"]]
    style = [("FONT", (0, 0), (-1, 0), fonts.BOLD, 14),
             ("FONTNAME", (0, 0), (0, 0), fonts.REGULAR)]
    ours = kit.grid(rows, [20, 30], style)
    theirs = _reportlabs(rows, [20, 30], style)
    assert theirs._cellStyles[0][0].fontname == fonts.REGULAR
    assert _state(ours) == _state(theirs)
