"""Roster grids: one row per employee, one column per date, shift codes in the cells.

What a grid may look like (the layouts GAT, Visma and hand-made spreadsheets export):
- title rows above the grid (a title that names a date, e.g. 'Turnus 5.1.2026-1.2.2026' or
  'Januar 2026', helps place headings without a year or month);
- one header row with a date per column, as real dates or as text: '2026-01-05', '05.01.2026',
  '05.01', '5.1.', 'ma 5', 'man 05.01', or bare day numbers '5'; a row of weekdays ('ma', 'ti', ...)
  just above or below it is checked against the dates; columns between the dates (week totals,
  separators) and after them (hours) are ignored; dates that lack a year or month are consecutive
  days from the nearest full date, or else the days nearest the period's start that fit them all;
- left of the dates, a name column ('Navn', 'Name', 'Ansatt') and/or an id column ('Id',
  'Ansattnr'); without such headings, the text column left of the dates is taken;
- cells: a shift code, several codes for one day ('D/A'), clock times of an ad-hoc shift
  ('08:00-16:00', '8-16'), or a day off: blank, 'off', F1..F9, an absence code (FE, SY, ...), 'fri', '-';
- rows whose name says 'Ledig' / 'Open' / 'Åpen vakt' hold open shifts; rows naming a unit, rows
  without a name, and tally rows (only numbers) are headings or sums and are skipped; an employee
  with two rows (for two units) has the shifts of both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from roster.i18n import Text
from roster.instance import Instance
from roster.io.cell_values import (
    DayHeading,
    Moment,
    date_in_title,
    parse_day_heading,
    parse_time_range,
    weekday_of,
)
from roster.io.roster_entries import Entry, Problems, is_open_shift
from roster.io.tables import Table, cell_text, is_blank

HEADER_SCAN_ROWS = 30
NAME_HEADINGS = ("navn", "name", "ansatt", "medarbeider", "employee", "ansattnavn", "employee name")
ID_HEADINGS = ("id", "ansattnr", "ansattnummer", "ansatt-id", "ansatt id", "employee id", "nr")
SEARCH_DAYS = 400  # how far from the anchor date headings without a year may be placed
_CELL_PARTS = re.compile(r"[/,+\n]")
WEEKDAY_NAMES = tuple(
    Text(en, nb)
    for en, nb in (
        ("Monday", "mandag"),
        ("Tuesday", "tirsdag"),
        ("Wednesday", "onsdag"),
        ("Thursday", "torsdag"),
        ("Friday", "fredag"),
        ("Saturday", "lørdag"),
        ("Sunday", "søndag"),
    )
)


@dataclass
class GridHeader:
    row: int  # the row with the dates
    headings: dict[int, DayHeading]  # column -> what its heading says
    weekday_row: int | None  # a row of weekday names just above or below, if any


def find_grid_header(table: Table) -> GridHeader | None:
    """The first row with at least two date headings, or one after a name or id heading."""
    for row in range(1, min(len(table.rows), HEADER_SCAN_ROWS) + 1):
        headings = {}
        for column, value in enumerate(table.rows[row - 1], 1):
            if not is_blank(value) and (heading := parse_day_heading(value)) is not None:
                headings[column] = heading
        named = headings and any(_heading_word(v) in NAME_HEADINGS + ID_HEADINGS for v in table.rows[row - 1])
        if len(headings) >= 2 or named:
            return GridHeader(row, headings, _weekday_row(table, row, headings))
    return None


def _heading_word(value) -> str:
    return " ".join(cell_text(value).lower().rstrip(".:").split())


def _weekday_row(table: Table, row: int, headings: dict[int, DayHeading]) -> int | None:
    for other in (row + 1, row - 1):
        named = sum(1 for column in headings if weekday_of(table.cell(other, column)) is not None)
        if other > 0 and 2 * named >= len(headings):
            return other
    return None


def read_grid(
    table: Table, header: GridHeader, inst: Instance, anchor: dt.date
) -> tuple[list[Entry], list[dt.date], Problems]:
    """The grid's entries, its dates (one per date column) and the problems found."""
    problems: Problems = []
    title_date = next(
        (d for r in range(1, header.row) for v in table.rows[r - 1] if (d := date_in_title(v))), None
    )
    dates = _column_dates(table, header, title_date or anchor, problems)
    id_column, name_column = _employee_columns(table, header, problems)
    if problems:
        return [], sorted(set(dates.values())), problems
    units = {u.id.lower() for u in inst.units} | {u.name.lower() for u in inst.units}
    grid = _Grid(table, header.row, dates, id_column, name_column, inst, units)
    entries = []
    for row in range(max(header.row, header.weekday_row or 0) + 1, len(table.rows) + 1):
        entries += grid.row_entries(row, problems)
    return entries, sorted(set(dates.values())), problems


@dataclass
class _Grid:
    table: Table
    header_row: int
    dates: dict[int, dt.date]  # column -> date
    id_column: int | None
    name_column: int | None
    inst: Instance
    units: set[str]  # unit ids and names, lower case: rows so named are headings

    def row_entries(self, row: int, problems: Problems) -> list[Entry]:
        """A row's shifts; none for unit headings, blank rows and sums."""
        table = self.table
        ident = cell_text(table.cell(row, self.id_column)) if self.id_column else ""
        name = cell_text(table.cell(row, self.name_column)) if self.name_column else ""
        filled = {c: text for c in self.dates if (text := cell_text(table.cell(row, c)))}
        if not filled or (ident or name).lower() in self.units or _is_tally(filled.values(), self.inst):
            return []
        employee = ident or name
        if not employee:
            problems.append(
                (
                    table.where(row, min(filled)),
                    Text(
                        "has shifts but no employee; give a name, or 'Ledig' for open shifts",
                        "har vakter, men ingen ansatt; skriv et navn, eller 'Ledig' for ledige vakter",
                    ),
                )
            )
            return []
        is_open = is_open_shift(employee)
        employee_column = self.id_column if ident else self.name_column
        who = table.where(row, employee_column, _heading_name(table, self.header_row, employee_column))
        entries = []
        for column, text in filled.items():
            heading = _heading_name(table, self.header_row, column)
            where = {
                "employee": who,
                "date": table.where(self.header_row, column, heading),
                "shift": table.where(row, column, heading),
            }
            for part in filter(None, (p.strip() for p in _CELL_PARTS.split(text))):
                entry = _cell_entry(part, self.dates[column], "" if is_open else employee, where)
                entry.name, entry.open = (name if ident else ""), is_open
                entries.append(entry)
        return entries


def _cell_entry(part: str, date: dt.date, employee: str, where: dict) -> Entry:
    """A code, or the clock times of an ad-hoc shift ('08:00-16:00')."""
    times = parse_time_range(part)
    where = {**where, "start": where["shift"], "end": where["shift"]}
    if times is None:
        return Entry(employee, date, code=part, where=where)
    return Entry(employee, date, start=Moment(times[0]), end=Moment(times[1]), where=where)


def _heading_name(table: Table, row: int, column: int) -> str:
    """'3 (ti 3)': a CSV column's number and heading, as a spreadsheet user finds it."""
    heading = cell_text(table.cell(row, column))
    return f"{column} ({heading})" if heading else str(column)


def _is_tally(texts, inst: Instance) -> bool:
    """Only numbers that are no shift codes: a row of sums, not of shifts."""
    return all(re.fullmatch(r"\d+([.,]\d+)?", t) and t not in inst.shift_by_code for t in texts)


def _column_dates(
    table: Table, header: GridHeader, anchor: dt.date, problems: Problems
) -> dict[int, dt.date]:
    """Each date column's date: full headings as they are, the others consecutive from them."""
    headings = dict(header.headings)
    if header.weekday_row is not None:
        for column, heading in headings.items():
            weekday = weekday_of(table.cell(header.weekday_row, column))
            if heading.weekday is None and weekday is not None:
                headings[column] = DayHeading(heading.day, heading.month, heading.year, weekday)
    columns = sorted(headings)
    full = [(i, headings[c].full) for i, c in enumerate(columns) if headings[c].full is not None]
    if full:
        dates = {}
        for i, column in enumerate(columns):
            nearest, date = min(full, key=lambda f: abs(f[0] - i))
            dates[column] = headings[column].full or date + dt.timedelta(days=i - nearest)
    else:
        first = _first_date(headings, columns, anchor)
        if first is None:
            problems.append(
                (
                    table.where(header.row),
                    Text(
                        "cannot tell the dates of the header row: its day numbers and weekdays fit no run "
                        "of consecutive days; write full dates such as 05.01.2026",
                        "kan ikke avgjøre datoene i overskriftsraden: dagnumrene og ukedagene passer ikke "
                        "med noen rekke av påfølgende dager; skriv hele datoer som 05.01.2026",
                    ),
                )
            )
            return {}
        dates = {column: first + dt.timedelta(days=i) for i, column in enumerate(columns)}
    seen: dict[dt.date, int] = {}
    for column in columns:
        date, heading = dates[column], headings[column]
        where = table.where(header.row, column, _heading_name(table, header.row, column))
        if not heading.fits(date):
            if heading.full == date:  # its own date, with another weekday written next to it
                problem = Text(
                    "says {said}, but {date} is a {real}",
                    "sier {said}, men {date} er en {real}",
                    said=WEEKDAY_NAMES[heading.weekday],
                    date=f"{date:%d.%m.%Y}",
                    real=WEEKDAY_NAMES[date.weekday()],
                )
            else:
                problem = Text(
                    "does not follow the dates before it (expected {date} here)",
                    "følger ikke datoene foran (forventet {date} her)",
                    date=f"{date:%d.%m.%Y}",
                )
            problems.append((where, problem))
        if date in seen:
            problems.append(
                (
                    where,
                    Text(
                        "{date} is also the date of column {other}",
                        "{date} er også datoen i kolonne {other}",
                        date=f"{date:%d.%m.%Y}",
                        other=seen[date],
                    ),
                )
            )
        seen[date] = column
    return dates


def _first_date(headings: dict[int, DayHeading], columns: list[int], anchor: dt.date) -> dt.date | None:
    """The first column's date nearest the anchor for which every heading fits consecutive days."""
    for distance in range(SEARCH_DAYS):
        for first in (anchor + dt.timedelta(days=distance), anchor - dt.timedelta(days=distance)):
            if all(headings[c].fits(first + dt.timedelta(days=i)) for i, c in enumerate(columns)):
                return first
    return None


def _employee_columns(table: Table, header: GridHeader, problems: Problems) -> tuple[int | None, int | None]:
    """(id column, name column) left of the dates, from their headings or else from their text."""
    first_date = min(header.headings)
    id_column = name_column = None
    for row in range(max(1, header.row - 3), max(header.row, header.weekday_row or 0) + 1):
        for column in range(1, first_date):
            word = _heading_word(table.cell(row, column))
            if word in ID_HEADINGS and id_column is None:
                id_column = column
            elif word in NAME_HEADINGS and name_column is None:
                name_column = column
    if id_column or name_column:
        return id_column, name_column
    texts = {
        column: sum(
            1
            for row in range(header.row + 1, len(table.rows) + 1)
            if re.search(r"[^\W\d]", cell_text(table.cell(row, column)))
        )
        for column in range(1, first_date)
    }
    best = max(texts, key=texts.get, default=None)
    if best is None or texts[best] == 0:
        problems.append(
            (
                table.where(header.row),
                Text(
                    "no column with the employees' names or ids left of the dates",
                    "ingen kolonne med de ansattes navn eller id-er til venstre for datoene",
                ),
            )
        )
    return None, best
