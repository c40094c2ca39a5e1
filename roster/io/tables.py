"""The cells of a CSV file or of an XLSX workbook's sheets, with the words that name a cell's place;
and plain tables written as CSV or XLSX.

Readers of roster files work on these tables and never on the file type, so a grid or a long table
reads the same from CSV and from XLSX; only the place names differ ('line 4, column date' in a CSV,
'sheet Turnus, row 4, column E' in a workbook, each in the reader's language: roster/io/places.py).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from roster.errors import InputError
from roster.i18n import Text
from roster.io import places
from roster.io.atomic import write_atomic
from roster.io.text_file import A_FOLDER, NO_SUCH_FILE, check_size, read_utf8

if TYPE_CHECKING:  # pandas is imported by the writers' callers; readers start faster without it
    import pandas as pd

XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITER_SCAN_LINES = 30
SAVE_AS_CSV_UTF8 = Text(
    "save the file as UTF-8 (in Excel: CSV UTF-8)", "lagre filen som UTF-8 (i Excel: CSV UTF-8)"
)


@dataclass
class Table:
    """The rows of one CSV file or one sheet; cells are text (CSV) or typed values (XLSX)."""

    source: str
    rows: list[list[Any]]
    sheet: str | None = None  # None for a CSV file

    def cell(self, row: int, column: int) -> Any:
        """The value at a 1-based row and column, None outside the table."""
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else []
        return cells[column - 1] if 0 < column <= len(cells) else None

    def where(self, row: int, column: int | None = None, name: str | None = None) -> Text:
        """The place of a cell as its file type names it; `name` is the column's heading."""
        if self.sheet is None:
            return places.line(row, None if column is None else name or column)
        return places.sheet_row(self.sheet, row, None if column is None else get_column_letter(column))

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def read_tables(path: str | Path) -> list[Table]:
    """One table for a CSV file, one per sheet for a workbook (decided by the file's suffix)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), NO_SUCH_FILE)
    if not path.is_file():
        raise InputError(str(path), A_FOLDER)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _workbook_tables(path)
    return [_csv_table(path)]


def _workbook_tables(path: Path) -> list[Table]:
    check_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise InputError(
            str(path),
            Text(
                "cannot be read as an .xlsx workbook ({why})",
                "kan ikke leses som en .xlsx-arbeidsbok ({why})",
                why=str(exc),
            ),
        ) from None
    try:
        return [
            Table(str(path), [list(row) for row in ws.iter_rows(values_only=True)], ws.title)
            for ws in book.worksheets
        ]
    finally:
        book.close()


def _csv_table(path: Path) -> Table:
    text = read_text(path)
    lines = text.splitlines()[:DELIMITER_SCAN_LINES]
    # Excel with Norwegian settings saves CSV with semicolons; a title line may have no separator.
    delimiter = max((",", ";", "\t"), key=lambda d: sum(line.count(d) for line in lines))
    rows = [
        [cell.strip() for cell in row]
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ]
    return Table(str(path), rows)


def read_text(path: Path) -> str:
    """A text file as UTF-8 (with or without Excel's byte-order mark); empty files are refused."""
    text = read_utf8(path, SAVE_AS_CSV_UTF8)
    if not text.strip():
        raise InputError(
            str(path),
            Text(
                "is empty; expected a roster (a grid of dates, or rows of shifts)",
                "er tom; forventet en turnus (et rutenett av datoer, eller rader med vakter)",
            ),
        )
    return text


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text; whole numbers without '.0' (an id typed as 1001 is read as 1001.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---- writing ---------------------------------------------------------------------------------
def write_csv(path: str | Path, columns: Sequence[str], rows: Sequence[Sequence[Any]], force: bool) -> None:
    """A CSV file of `rows` under a heading row, written atomically, never overwriting without `force`."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            writer.writerows(rows)

    write_atomic(Path(path), write, force)


def write_table(path: str | Path, frame: pd.DataFrame, force: bool, sheet: str) -> None:
    """Write a table to `path` (.csv or .xlsx, sheet `sheet`), never overwriting without `force`.
    Missing values are empty cells."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":

        def write(tmp: Path) -> None:
            frame.to_csv(tmp, index=False, encoding="utf-8")

    elif suffix == ".xlsx":

        def write(tmp: Path) -> None:
            book = Workbook()
            fill_sheet(book.active, sheet, frame)
            book.save(tmp)

    else:
        raise InputError(
            str(path),
            Text(
                "unknown table format; use a .csv or .xlsx file name",
                "ukjent tabellformat; bruk et filnavn som slutter på .csv eller .xlsx",
            ),
        )
    write_atomic(path, write, force)


def fill_sheet(ws, title: str, frame: pd.DataFrame) -> None:
    """A worksheet with a bold header row, the rows, and columns wide enough to read."""
    ws.title = title
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    cells = frame.astype(object).where(frame.notna(), None)
    for row in cells.itertuples(index=False):
        ws.append(list(row))
    for i, name in enumerate(frame.columns):
        width = max([len(str(name))] + [len(str(v)) for v in cells.iloc[:, i] if v is not None])
        ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = min(60, width + 2)
    ws.freeze_panes = "A2"
