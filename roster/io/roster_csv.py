"""Rosters as long-form CSV (one row per worked shift), for spreadsheets, tools and --history."""

from __future__ import annotations

from pathlib import Path

from roster.calendar import Period, Shift
from roster.io.roster_any import read_roster
from roster.io.tables import write_csv
from roster.schedule import Roster

COLUMNS = ("employee", "name", "unit", "date", "shift", "start", "end", "hours")


# ---- writing --------------------------------------------------------------------------------
def write_roster_csv(path: str | Path, roster: Roster, force: bool = False) -> None:
    """Write the planning days of `roster`, sorted by date, unit and employee."""
    rows = [_csv_row(roster.period, emp_id, s) for emp_id, s in _by_date_unit_employee(roster)]
    write_csv(path, COLUMNS, rows, force)


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
        local_time(period, shift.start),
        local_time(period, shift.end),
        hours_text(shift.paid),
    ]


def local_time(period: Period, minute: int) -> str:
    """'2026-01-05T21:45': a minute of the period as an ISO date-time on the local clock."""
    return period.moment(minute).strftime("%Y-%m-%dT%H:%M")


def hours_text(minutes: int) -> str:
    """Paid minutes as hours without trailing zeros: 450 -> '7.5', 600 -> '10'."""
    return f"{round(minutes / 60, 2):g}"


# ---- reading --------------------------------------------------------------------------------
def read_roster_csv(path: str | Path, period: Period, history: bool = False) -> Roster:
    """Read a roster file into the period: this CSV, or any form roster.io.roster_any reads.

    With `history`, only the period's history days are kept; otherwise every date must lie in the
    planning period. Every problem in the file is reported at once."""
    return read_roster(path, period, history).roster
