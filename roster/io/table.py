"""Plain tables (a header row and rows) as CSV or XLSX, chosen by the file's extension."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from roster.errors import InputError
from roster.io.atomic import write_atomic


def write_table(
    path: str | Path, columns: Sequence[str], rows: Sequence[Sequence[Any]], force: bool, sheet: str
) -> None:
    """Write `rows` under `columns` to `path` (.csv or .xlsx), never overwriting without `force`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":

        def write(tmp: Path) -> None:
            with tmp.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(columns)
                writer.writerows(["" if cell is None else cell for cell in row] for row in rows)

    elif suffix == ".xlsx":

        def write(tmp: Path) -> None:
            book = Workbook()
            fill_sheet(book.active, sheet, columns, rows)
            book.save(tmp)

    else:
        raise InputError(str(path), "unknown table format; use a .csv or .xlsx file name")
    write_atomic(path, write, force)


def fill_sheet(ws, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A worksheet with a bold header row, the rows, and columns wide enough to read."""
    ws.title = title
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for i, name in enumerate(columns):
        width = max([len(str(name))] + [len(str(row[i])) for row in rows if row[i] is not None])
        ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = min(60, width + 2)
    ws.freeze_panes = "A2"
