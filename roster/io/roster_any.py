"""Rosters from any source: a CSV file or an XLSX workbook, in grid or long form (detected, not asked),
read in two steps: the file's shifts as written (`read_roster_file`, which needs no period, so the
period can be taken from the file's dates), then matched to the instance in a period (`resolve`).

Employees are matched by id or by name; shifts by code, by clock times, or both (see roster/adhoc.py);
open shifts (nobody on them yet) are kept apart. Every problem in a file is reported at once, each
with its place (file, line or sheet and row, column); two shifts for one person on one day are not a
problem of the file but a fact about the roster, which the checker reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from roster.adhoc import timed_shift
from roster.calendar import Period, Shift
from roster.errors import InputError, Message
from roster.i18n import Text, say
from roster.instance import Employee, Instance
from roster.io.roster_entries import DAY_OFF_WORDS, FIELDS, Entry, Problems, is_reserved_day_off
from roster.io.roster_grid import find_grid_header, read_grid
from roster.io.roster_long import find_long_header, read_long
from roster.io.roster_xlsx import ABSENCE_CODES, GRID_SHEET
from roster.io.tables import Table, cell_text, read_tables
from roster.schedule import Roster

MAX_SHOWN = 10
MAX_DAY = 24 * 60


@dataclass
class ReadRoster:
    """A roster file matched to an instance: the roster, and the open shifts nobody is on yet."""

    roster: Roster
    open_shifts: list[Shift] = field(default_factory=list)


@dataclass
class RosterFile:
    """The shifts of a roster file as written, before they are matched to a period."""

    source: str
    form: str  # "grid" or "long"
    sheet: str | None  # the sheet of a workbook
    inst: Instance
    entries: list[Entry]
    dates: list[dt.date]  # every date the file covers (a grid's columns, a table's rows)

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and last date of the file (to infer the period from)."""
        if not self.dates:
            raise InputError(
                self.source,
                Text(
                    "holds no dated shifts; give --start and --weeks to check it",
                    "har ingen daterte vakter; oppgi --start og --weeks for å kontrollere den",
                ),
            )
        return min(self.dates), max(self.dates)

    def resolve(self, period: Period, history: bool = False) -> ReadRoster:
        """The roster in `period`; raises InputError listing every problem.

        With `history`, only the period's history days (before day 0) are kept: other dates and
        people who have left since are skipped. Otherwise every date must lie in the period."""
        matcher = _Matcher(period)
        found: dict[str, list[Shift]] = {}
        open_shifts, problems = [], []
        for entry in self.entries:
            placed = matcher.place(entry, history, problems)
            if placed is None:
                continue
            emp, shift = placed
            if emp is None:
                open_shifts.append(shift)
            else:
                found.setdefault(emp.id, []).append(shift)
        if problems:
            raise InputError(self.source, _once(problems))
        roster = Roster(period)
        for emp_id, shifts in found.items():
            for shift in _one_code_per_time(shifts):
                roster.add(emp_id, shift)  # two shifts on one day stay two: the checker reports them
        return ReadRoster(roster, sorted(open_shifts))


def read_roster_file(
    path: str | Path, inst: Instance, anchor: dt.date | None = None, sheet: str | None = None
) -> RosterFile:
    """Read a roster file and detect its form. `anchor` is a date near the roster's start, used
    only to place grid headings without year or month ('ma 5'); `sheet` picks a workbook's sheet."""
    tables = read_tables(path)
    if sheet is not None and tables[0].sheet is None:
        raise InputError(
            str(path),
            Text(
                "is a CSV file, which has no sheets; --sheet {sheet!r} is for workbooks",
                "er en CSV-fil, som ikke har ark; --sheet {sheet!r} gjelder arbeidsbøker",
                sheet=sheet,
            ),
        )
    if sheet is not None:
        chosen = [t for t in tables if (t.sheet or "").casefold() == sheet.casefold()]
        if not chosen:
            raise InputError(
                str(path),
                Text(
                    "has no sheet {sheet!r}; its sheets: {sheets}",
                    "har ikke arket {sheet!r}; arkene er: {sheets}",
                    sheet=sheet,
                    sheets=_sheet_names(tables),
                ),
            )
        tables = chosen
    else:  # our own workbook's grid first, then the sheets in order
        tables = sorted(tables, key=lambda t: t.sheet != GRID_SHEET)
    anchor = anchor or (inst.period.start if inst.period else dt.date.today())
    for table in tables:
        roster_file = _read_table(table, inst, anchor)
        if roster_file is not None:
            return roster_file
    raise InputError(str(path), _not_a_roster(tables))


def read_roster(
    path: str | Path, period: Period, history: bool = False, sheet: str | None = None
) -> ReadRoster:
    """Read a roster file of any form into `period` (see RosterFile.resolve for `history`)."""
    anchor = period.start - dt.timedelta(days=1) if history else period.start
    return read_roster_file(path, period.inst, anchor, sheet).resolve(period, history)


def _read_table(table: Table, inst: Instance, anchor: dt.date) -> RosterFile | None:
    long_header = find_long_header(table)
    if long_header is not None:
        entries = read_long(table, long_header)
        dates = [e.date for e in entries if e.date is not None]
        return RosterFile(table.source, "long", table.sheet, inst, entries, dates)
    grid_header = find_grid_header(table)
    if grid_header is not None:
        entries, dates, problems = read_grid(table, grid_header, inst, anchor)
        if problems:
            raise InputError(table.source, problems)
        return RosterFile(table.source, "grid", table.sheet, inst, entries, dates)
    return None


def _sheet_names(tables: list[Table]) -> str:
    return ", ".join(t.sheet or "" for t in tables)


EXPECTED_ROSTER = Text(
    "a grid (a header row of dates, a row per employee) or a table with columns employee, date and shift "
    "(or start and end)",
    "et rutenett (en overskriftsrad med datoer, en rad per ansatt) eller en tabell med kolonnene ansatt, "
    "dato og vakt (eller start og slutt)",
)


def _not_a_roster(tables: list[Table]) -> Text:
    if tables[0].sheet is None:
        first = next((row for row in tables[0].rows if any(cell_text(v) for v in row)), [])
        return Text(
            "holds no roster: expected {expected}; the first row is: {first}",
            "inneholder ingen turnus: forventet {expected}; første rad er: {first}",
            expected=EXPECTED_ROSTER,
            first=", ".join(map(cell_text, first)),
        )
    empty = [t.sheet for t in tables if not any(cell_text(v) for row in t.rows for v in row)]
    note = Text(" (empty: {empty})", " (tomme: {empty})", empty=", ".join(empty)) if empty else ""
    return Text(
        "no sheet holds a roster: expected {expected}; its sheets: {sheets}{note}",
        "ingen ark inneholder en turnus: forventet {expected}; arkene er: {sheets}{note}",
        expected=EXPECTED_ROSTER,
        sheets=_sheet_names(tables),
        note=note,
    )


def _once(problems: Problems) -> Problems:
    """Each problem told once (a grid row's unknown name is a problem of every cell in the row);
    two problems are the same when they read the same, whichever objects word them."""
    told = {}
    for where, what in problems:
        told.setdefault((say(where, "en"), say(what, "en")), (where, what))
    return list(told.values())


def _one_code_per_time(shifts: list[Shift]) -> list[Shift]:
    """An ad-hoc shift at the same times as a coded one of the same person is that shift (shifts are
    ordered by their fields, and a code cannot be compared with None)."""
    coded = {(s.day, s.start, s.end): s for s in shifts if s.code is not None}
    return [coded.get((s.day, s.start, s.end), s) if s.code is None else s for s in shifts]


class _Matcher:
    """Matches entries to the instance's employees and shifts in a period."""

    def __init__(self, period: Period):
        self.p = period
        self.inst = period.inst
        self.codes = {st.code.casefold(): st.code for st in self.inst.shifts}
        self._employees: dict[tuple[str, str], tuple[Employee | None, str | None]] = {}

    def place(self, entry: Entry, history: bool, problems: Problems) -> tuple[Employee | None, Shift] | None:
        """(employee or None for an open shift, shift), or None for a day off, a skipped entry or
        one with problems (added to `problems` in the order of the entry's fields)."""
        p, bad = self.p, dict(entry.bad)
        day = p.day_of(entry.date) if entry.date is not None else None
        if day is not None and not (p.first_day <= day < 0 if history else p.in_plan(day)):
            if history:
                return None  # a history file may hold a whole earlier roster; keep only the lookback
            bad["date"] = Text(
                "{date} is outside the planning period {start}–{end}",
                "{date} er utenfor planperioden {start}–{end}",
                date=entry.date,
                start=p.start,
                end=p.end,
            )
        emp = None
        if not entry.open:
            emp, problem = self.employee(entry.employee, entry.name)
            if problem and history:
                return None  # someone who has left since: their past shifts bind nobody in this roster
            if problem:
                bad["employee"] = problem
        if self.day_off(entry, emp, day):
            if "date" in bad:
                problems.append((entry.at("date"), bad["date"]))
            return None
        code = self.codes.get(entry.code.casefold())
        if code is None and entry.start is None and "start" not in bad and "end" not in bad:
            bad["shift"] = self.unknown_code(entry.code)
        shift = None
        if not bad:
            shift, problem = self.shift(entry, day, emp, code)
            if problem:
                bad["start"] = problem
        problems.extend((entry.at(key), bad[key]) for key in FIELDS if key in bad)
        return None if shift is None else (emp, shift)

    def day_off(self, entry: Entry, emp: Employee | None, day: int | None) -> bool:
        """A blank shift, a day-off code, or an absence code (FE, SY, ... as our grid writes them)."""
        code = entry.code
        if not code:
            return entry.start is None and not entry.bad.keys() & {"start", "end"}
        if is_reserved_day_off(code):
            return True
        is_shift = code.casefold() in self.codes
        if code in ABSENCE_CODES.values():
            absence = self.p.absence(emp.id, day) if emp is not None and day is not None else None
            # The employee's own absence code wins over a shift code that happens to be spelt alike.
            return not is_shift or (absence is not None and ABSENCE_CODES[absence] == code)
        return code.casefold() in DAY_OFF_WORDS and not is_shift

    def shift(
        self, entry: Entry, day: int, emp: Employee | None, code: str | None
    ) -> tuple[Shift | None, Message | None]:
        if entry.start is None:
            return self.p.place(day, code, emp), None
        start = self.p.minute(self.p.day_of(entry.start.date or entry.date), entry.start.clock)
        end_day = self.p.day_of(entry.end.date) if entry.end.date else day
        end = self.p.minute(end_day, entry.end.clock)
        if end <= start and entry.end.date is None:
            end = self.p.minute(day + 1, entry.end.clock)  # ends after midnight
        if entry.start.date not in (None, entry.date):
            return None, Text(
                "starts on {start}, not on the row's date {date}",
                "starter {start}, ikke på radens dato {date}",
                start=entry.start.date,
                date=entry.date,
            )
        if end <= start:
            return None, Text("ends before it starts", "slutter før den starter")
        if end - start > MAX_DAY:
            return None, Text("is longer than 24 hours", "er lengre enn 24 timer")
        paid = None if entry.hours is None else round(entry.hours * 60)
        return timed_shift(self.p, day, start, end, emp, code, paid, self.unit(entry.unit)), None

    def unit(self, text: str) -> str | None:
        for unit in self.inst.units:
            if text.casefold() in (unit.id.casefold(), unit.name.casefold()):
                return unit.id
        return None

    def unknown_code(self, code: str) -> Text:
        known = ", ".join(self.inst.shift_by_code)  # in the instance's order, as its legend lists them
        if not code:
            return Text("no shift given; known: {known}", "ingen vakt oppgitt; kjente: {known}", known=known)
        return Text(
            "unknown shift code {code!r}; known: {known}",
            "ukjent vaktkode {code!r}; kjente: {known}",
            code=code,
            known=known,
        )

    def employee(self, text: str, name: str = "") -> tuple[Employee | None, Message | None]:
        key = (text, name)
        if key not in self._employees:
            self._employees[key] = _find_employee(self.inst, text, name)
        return self._employees[key]


def _find_employee(inst: Instance, text: str, name: str = "") -> tuple[Employee | None, Message | None]:
    """The employee with this id, or else this name (case and spacing aside; 'Aune, Ingrid' too);
    with a second column's `name`, it must not name someone else."""
    emp, problem = find_employee(inst, text)
    if emp is not None and name:
        other, _ = find_employee(inst, name)
        if other is not None and other.id != emp.id:
            return None, Text(
                "{text} is {emp}, but the name column says {name!r} ({other})",
                "{text} er {emp}, men navnekolonnen sier {name!r} ({other})",
                text=text,
                emp=emp.name,
                name=name,
                other=other.id,
            )
    return emp, problem


def find_employee(inst: Instance, text: str) -> tuple[Employee | None, Message | None]:
    """The employee with this id or name, or a problem message."""
    if not text:
        return None, Text("no employee given", "ingen ansatt oppgitt")
    emp = inst.employee_by_id.get(text)
    if emp is not None:
        return emp, None
    wanted = _name_key(text)
    named = [e for e in inst.employees if _name_key(e.name) == wanted or e.id.casefold() == text.casefold()]
    if len(named) == 1:
        return named[0], None
    if named:
        return None, Text(
            "{n} employees are named {text!r}; use the id",
            "{n} ansatte heter {text!r}; bruk id-en",
            n=len(named),
            text=text,
        )
    ids = [e.id for e in inst.employees]
    more = Text(" and {n} more", " og {n} til", n=len(ids) - MAX_SHOWN) if len(ids) > MAX_SHOWN else ""
    return None, Text(
        "unknown employee {text!r}; known ids: {ids}{more}",
        "ukjent ansatt {text!r}; kjente id-er: {ids}{more}",
        text=text,
        ids=", ".join(ids[:MAX_SHOWN]),
        more=more,
    )


def _name_key(name: str) -> str:
    """'Aune, Ingrid' and ' ingrid  AUNE' both as 'ingrid aune'."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return " ".join(name.casefold().split())
