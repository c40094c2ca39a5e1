"""The place of a problem in an input file, worded in the reader's language: 'line 3, column date' /
'linje 3, kolonne date', 'sheet Turnus, row 4, column E' / 'ark Turnus, rad 4, kolonne E'.

Every reader names its places here, so a line or a cell is called the same in every message. Column
names and sheet names stay as the file spells them."""

from __future__ import annotations

from roster.i18n import Text


def line(number: int, column: object = None) -> Text:
    """'line 12' / 'linje 12'; with a column (its heading or its number) 'line 3, column date'."""
    if column is None:
        return Text("line {line}", "linje {line}", line=number)
    return Text("line {line}, column {column}", "linje {line}, kolonne {column}", line=number, column=column)


def sheet_row(sheet: str, row: int, column: str | None = None) -> Text:
    """'sheet Turnus, row 4' / 'ark Turnus, rad 4'; with a column letter '..., column E'."""
    if column is None:
        return Text("sheet {sheet}, row {row}", "ark {sheet}, rad {row}", sheet=sheet, row=row)
    return Text(
        "sheet {sheet}, row {row}, column {column}",
        "ark {sheet}, rad {row}, kolonne {column}",
        sheet=sheet,
        row=row,
        column=column,
    )
