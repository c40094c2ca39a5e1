"""Long roster tables: one row per shift, with the employee, the date, and a shift code or the start
and end times (or both), under a header row that may follow a title.

Column headings are matched without regard to case, in English or Norwegian (see COLUMNS); the
order of the columns does not matter and other columns are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.i18n import Text
from roster.io.cell_values import parse_date, parse_moment
from roster.io.roster_entries import Entry, is_open_shift
from roster.io.tables import Table, cell_text, is_blank

HEADER_SCAN_ROWS = 30
COLUMNS = {
    "employee": (
        "employee",
        "employee id",
        "ansatt",
        "ansattnr",
        "ansattnummer",
        "ansatt-id",
        "ansatt id",
        "id",
    ),
    "name": ("name", "navn", "employee name", "ansattnavn", "medarbeider"),
    "date": ("date", "dato"),
    "shift": ("shift", "shift code", "vakt", "vaktkode", "kode", "code"),
    "start": ("start", "start time", "from", "fra", "starttid", "fra kl", "begin"),
    "end": ("end", "end time", "to", "til", "slutt", "sluttid", "til kl"),
    "hours": ("hours", "paid hours", "timer", "betalte timer"),
    "unit": ("unit", "enhet", "avdeling"),
}
_HEADING = {word: column for column, words in COLUMNS.items() for word in words}
NO_DATE = Text("no date", "ingen dato")
# A row that gives only one of the two times: told at the time it gives.
ONE_TIME = {
    "start": Text("gives a start time but no end time", "har starttid, men ingen sluttid"),
    "end": Text("gives a end time but no start time", "har sluttid, men ingen starttid"),
}


@dataclass
class LongHeader:
    row: int
    columns: dict[str, int]  # field -> 1-based column
    names: dict[str, str]  # field -> the heading as written


def find_long_header(table: Table) -> LongHeader | None:
    """The first row whose headings name a date, a shift (code or start and end) and an employee."""
    for row in range(1, min(len(table.rows), HEADER_SCAN_ROWS) + 1):
        columns, names = {}, {}
        for column, value in enumerate(table.rows[row - 1], 1):
            text = cell_text(value)
            key = _HEADING.get(" ".join(text.lower().replace("_", " ").rstrip(".:").split()))
            if key is not None and key not in columns:
                columns[key], names[key] = column, text
        has_shift = "shift" in columns or {"start", "end"} <= columns.keys()
        if "date" in columns and has_shift and columns.keys() & {"employee", "name"}:
            return LongHeader(row, columns, names)
    return None


def read_long(table: Table, header: LongHeader) -> list[Entry]:
    """Every row below the header as an entry (blank rows are skipped); a cell that cannot be read
    is noted in the entry's `bad`, so that all of a row's problems are told together."""
    entries = []
    for row in range(header.row + 1, len(table.rows) + 1):
        if not all(is_blank(value) for value in table.rows[row - 1]):  # spreadsheets save empty rows
            entries.append(_entry(table, header, row))
    return entries


def _entry(table: Table, header: LongHeader, row: int) -> Entry:
    def value(key: str):
        return table.cell(row, header.columns[key]) if key in header.columns else None

    where = {key: table.where(row, column, header.names[key]) for key, column in header.columns.items()}
    bad = {}
    employee, name = cell_text(value("employee")), cell_text(value("name"))
    date = parse_date(value("date"))
    if date is None:
        text = cell_text(value("date"))
        bad["date"] = _malformed_date(text) if text else NO_DATE
    moments = {}
    for key in ("start", "end"):
        if not is_blank(value(key)):
            moments[key] = parse_moment(value(key))
            if moments[key] is None:
                bad[key] = Text(
                    "malformed time {text!r}; expected a clock time such as 07:30",
                    "ugyldig klokkeslett {text!r}; forventet et klokkeslett som 07:30",
                    text=cell_text(value(key)),
                )
    if len(moments) == 1:
        given = next(iter(moments))
        bad[given] = ONE_TIME[given]
    hours = None
    if not is_blank(value("hours")):
        try:
            hours = float(cell_text(value("hours")).replace(",", "."))
        except ValueError:
            bad["hours"] = Text(
                "malformed hours {text!r}; expected a number such as 7.5",
                "ugyldig timetall {text!r}; forventet et tall som 7,5",
                text=cell_text(value("hours")),
            )
    who = employee or name
    return Entry(
        employee="" if is_open_shift(who) else who,
        name=name if employee else "",
        date=date,
        code=cell_text(value("shift")),
        start=moments.get("start"),
        end=moments.get("end"),
        hours=hours,
        unit=cell_text(value("unit")),
        open=not who or is_open_shift(who),
        where=where,
        bad=bad,
    )


def _malformed_date(text: str) -> Text:
    return Text(
        "malformed date {text!r}; expected a date such as 2026-03-02 or 2.3.2026",
        "ugyldig dato {text!r}; forventet en dato som 2026-03-02 eller 2.3.2026",
        text=text,
    )
