"""Table style commands that set one value of each cell in a range, set in one pass.

`kit.grid` gives every table ten or so style commands; ReportLab's `Table.setStyle` checks
each, branches on its name, and calls `_setCellStyle` (another chain of branches) for every
cell of its range. For the commands that only store one value in each cell's style (font
name, alignment, paddings) `set_cells` stores it directly; everything else goes to
`setStyle`, and all in their order (a FONT with a size also sets the font name that a later
FONTNAME sets again). `tests/test_kit_tables.py` holds the tables of three layouts' stories,
and every kind of command, to ReportLab's own.
"""

from __future__ import annotations

from reportlab.platypus import Table

# Style commands that set one value of each cell in a range: the cell style's attribute
_CELL_VALUES = {"FONT": "fontname", "FONTNAME": "fontname", "FACE": "fontname",
                "VALIGN": "valign", "ALIGN": "alignment", "ALIGNMENT": "alignment",
                "LEFTPADDING": "leftPadding", "RIGHTPADDING": "rightPadding",
                "TOPPADDING": "topPadding", "BOTTOMPADDING": "bottomPadding"}


def set_cells(table: Table, commands: list[tuple]) -> None:
    """`table.setStyle(commands)`: the one-value cell commands stored in the cell styles as
    ReportLab's `_setCellStyle` stores them cell by cell (FONT with a name alone sets only
    the name), without its checks and branches per command and cell; the others (sizes,
    colours, backgrounds, lines, spans, special rows, bad ranges) given to `setStyle`, each
    run of them before the next command set here, so every value is set in ReportLab's order."""
    pending: list[tuple] = []
    for command in commands:
        name = _CELL_VALUES.get(command[0]) if len(command) == 4 else None
        if name is not None:  # special rows ("splitfirst"...) and bad ranges: setStyle's
            (col0, row0), (col1, row1) = command[1], command[2]
            if (isinstance(row0, str) or isinstance(row1, str) or isinstance(col0, str)
                    or isinstance(col1, str)):
                name = None
        if name is None:
            pending.append(command)
            continue
        if pending:
            table.setStyle(pending)
            pending = []
        col0, col1, row0, row1 = table.normCellRange(col0, col1, row0, row1)
        for i in range(row0, row1 + 1):
            cells = table._cellStyles[i]
            for j in range(col0, col1 + 1):
                setattr(cells[j], name, command[3])
    if pending:
        table.setStyle(pending)
