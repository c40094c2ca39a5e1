"""Rosters as long-form CSV (one row per worked shift), for spreadsheets, tools and --history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from roster.calendar import Period, Shift
from roster.errors import InputError
from roster.instance import Employee, Instance
from roster.io.atomic import write_atomic
from roster.schedule import Roster
from roster.terms import OFF

COLUMNS = ("employee", "name", "unit", "date", "shift", "start", "end", "hours")
REQUIRED = ("employee", "date", "shift")
MAX_IDS_SHOWN = 10

Problems = list[tuple[str, str]]


# ---- writing --------------------------------------------------------------------------------
def write_roster_csv(path: str | Path, roster: Roster, force: bool = False) -> None:
    """Write the planning days of `roster`, sorted by date, unit and employee."""
    rows = [_csv_row(roster.period, emp_id, s) for emp_id, s in _by_date_unit_employee(roster)]

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            writer.writerows(rows)

    write_atomic(Path(path), write, force)


def _by_date_unit_employee(roster: Roster) -> list[tuple[str, Shift]]:
    # Employees keep the instance's order (as the unit leader listed them), not the ids' text order.
    rank = {e.id: i for i, e in enumerate(roster.period.inst.employees)}
    return sorted(
        roster.plan(),
        key=lambda item: (
            item[1].day,
            item[1].unit or "",
            rank.get(item[0], len(rank)),
            item[0],
            item[1].start,
        ),
    )


def _csv_row(period: Period, emp_id: str, shift: Shift) -> list[str]:
    emp = period.inst.employee_by_id.get(emp_id)
    return [
        emp_id,
        emp.name if emp else "",
        shift.unit or "",
        period.date(shift.day).isoformat(),
        shift.code or "",
        _local_time(period, shift.start),
        _local_time(period, shift.end),
        hours_text(shift.paid),
    ]


def _local_time(period: Period, minute: int) -> str:
    return period.moment(minute).strftime("%Y-%m-%dT%H:%M")


def hours_text(minutes: int) -> str:
    """Paid minutes as hours without trailing zeros: 450 -> '7.5', 600 -> '10'."""
    return f"{round(minutes / 60, 2):g}"


# ---- reading --------------------------------------------------------------------------------
def read_roster_csv(path: str | Path, period: Period, history: bool = False) -> Roster:
    """Read a long-form roster CSV; every problem in the file is reported at once.

    With `history`, only the rows of the period's history days (before day 0, from
    `period.first_day`) are kept and other dates are skipped; otherwise every date must lie in
    the planning period. Rows with a day-off code (`off`, F1..F9) are days off and skipped.
    """
    source = str(path)
    reader = _csv_reader(_read_text(Path(path)))
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        found = ", ".join(name for name in header if name) or "none"
        raise InputError(source, [("line 1", f"missing column(s) {', '.join(missing)}; found: {found}")])
    columns = {name: header.index(name) for name in REQUIRED}
    roster, problems = Roster(period), []
    for cells in reader:
        line = reader.line_num
        values = {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets often save empty trailing rows
        placed = _placed_shift(period, values, line, history, problems)
        if placed is None:
            continue
        roster.add(*placed)  # a double booking is a fact about the roster: the checker reports it
    if problems:
        raise InputError(source, problems)
    return roster


def roster_dates(path: str | Path) -> tuple[dt.date, dt.date]:
    """The first and last date in a roster CSV (to infer its period); bad rows are left for
    `read_roster_csv` to report."""
    reader = _csv_reader(_read_text(Path(path)))
    header = [name.strip().lower() for name in next(reader)]
    if "date" not in header:
        raise InputError(str(path), [("line 1", f"missing column date; found: {', '.join(header)}")])
    column = header.index("date")
    dates = [d for cells in reader if column < len(cells) and (d := parse_date(cells[column].strip()))]
    if not dates:
        raise InputError(str(path), "holds no shifts with a valid date")
    return min(dates), max(dates)


def _placed_shift(
    period: Period, values: dict[str, str], line: int, history: bool, problems: Problems
) -> tuple[str, Shift] | None:
    """The row's (employee id, shift), or None for a skipped row or one with problems."""

    def where(column: str) -> str:
        return f"line {line}, column {column}"

    found: Problems = []
    date = parse_date(values["date"])
    if date is None:
        found.append((where("date"), f"malformed date {values['date']!r}; expected YYYY-MM-DD"))
    elif not _day_wanted(period, period.day_of(date), history):
        if history:
            return None  # a history file may hold a whole earlier roster; keep only the lookback
        found.append((where("date"), f"{date} is outside the planning period {period.start}–{period.end}"))
    if is_day_off(values["shift"]):
        problems.extend(found)
        return None
    emp, emp_problem = find_employee(period.inst, values["employee"])
    if emp_problem and history and date is not None:
        return None  # someone who has left since: their past shifts bind nobody in this roster
    if emp_problem:
        found.append((where("employee"), emp_problem))
    code_problem = shift_code_problem(period.inst, values["shift"])
    if code_problem:
        found.append((where("shift"), code_problem))
    problems.extend(found)
    if found or emp is None or date is None:
        return None
    return emp.id, period.place(period.day_of(date), values["shift"], emp)


def _day_wanted(period: Period, day: int, history: bool) -> bool:
    return period.first_day <= day < 0 if history else period.in_plan(day)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            str(path), [(f"line {line}", "is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)")]
        ) from None
    if not text.strip():
        raise InputError(str(path), f"is empty; expected a header row such as {','.join(COLUMNS)}")
    return text


def _csv_reader(text: str):
    # Excel with Norwegian settings saves CSV with semicolons, so take the header's separator.
    header = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


# ---- shared with the XLSX reader ------------------------------------------------------------
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(text: str) -> dt.date | None:
    """An ISO date (2026-03-02) or a Norwegian one (2.3.2026, as Excel re-saves it), else None."""
    match = _NORWEGIAN_DATE.fullmatch(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def is_day_off(code: str) -> bool:
    """`off` and F1..F9 are reserved for days off by the instance format (never shift codes)."""
    return code.lower() == OFF or re.fullmatch(r"[Ff]\d", code) is not None


def find_employee(inst: Instance, text: str) -> tuple[Employee | None, str | None]:
    """The employee with this id (or, failing that, this exact name), or a problem message."""
    if not text:
        return None, "no employee given"
    emp = inst.employee_by_id.get(text)
    if emp is not None:
        return emp, None
    named = [e for e in inst.employees if e.name == text]
    if len(named) == 1:
        return named[0], None
    if named:
        return None, f"{len(named)} employees are named {text!r}; use the id"
    ids = [e.id for e in inst.employees]
    more = f" and {len(ids) - MAX_IDS_SHOWN} more" if len(ids) > MAX_IDS_SHOWN else ""
    return None, f"unknown employee {text!r}; known ids: {', '.join(ids[:MAX_IDS_SHOWN])}{more}"


def shift_code_problem(inst: Instance, code: str) -> str | None:
    if code in inst.shift_by_code:
        return None
    known = ", ".join(inst.shift_by_code)
    if not code:
        return f"no shift given; known: {known}"
    return f"unknown shift code {code!r}; known: {known}"
