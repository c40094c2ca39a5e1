"""Visit plans as long-form CSV: one row per staff member per visit, then one row per visit not made
with the reason; read back (the staff rows) to check a plan with `roster check --visits`."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from roster.calendar import Period
from roster.errors import InputError
from roster.i18n import Text
from roster.io import places
from roster.io.cell_values import parse_date
from roster.io.roster_any import find_employee
from roster.io.roster_csv import local_time
from roster.io.tables import read_text, write_csv
from roster.schedule import Roster
from roster.visits import Assignment, VisitPlan, staff_plan, unmade

COLUMNS = (
    "employee",
    "name",
    "unit",
    "date",
    "shift",
    "departure",
    "recipient",
    "visit",
    "zone",
    "start",
    "end",
    "return",
    "car",
    "with",
    "reason",
)
REQUIRED = ("employee", "date", "visit", "start")


def write_visits_csv(path: str | Path, roster: Roster, force: bool = False) -> None:
    """Write the roster's visit plan, and every visit it does not make with the reason."""
    p = roster.period
    rows = []
    for line in staff_plan(p, roster):
        occ, trip = line.trip.occurrence, line.trip
        emp = p.inst.employee_by_id.get(line.employee)
        rows.append(
            [
                line.employee,
                emp.name if emp else "",
                occ.unit,
                p.date(occ.day).isoformat(),
                line.shift,
                local_time(p, trip.depart),
                occ.recipient,
                occ.visit,
                occ.zone,
                local_time(p, trip.start),
                local_time(p, trip.start + occ.minutes),
                local_time(p, trip.back),
                "" if trip.car is None else str(trip.car),
                " ".join(line.others),
                "",
            ]
        )
    for u in unmade(p, roster):
        reason = u.reason if u.week is None else f"{u.count} missing in week {u.week}: {u.reason}"
        rows.append(
            ["", "", "", p.date(u.days[0]).isoformat(), "", "", u.recipient, u.visit] + [""] * 6 + [reason]
        )
    write_csv(path, COLUMNS, rows, force)


def read_visits_csv(path: str | Path, period: Period) -> VisitPlan:
    """Read the staff rows of a visit plan CSV (rows without an employee are visits not made).

    Only employee, date, visit and start are read: departure, end, return and car follow from the
    instance's durations and travel times, so the check judges the plan by those."""
    source = str(path)
    text = read_text(Path(path))
    # Excel with Norwegian settings saves CSV with semicolons, so take the header's separator.
    delimiter = max((",", ";", "\t"), key=text.splitlines()[0].count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(
            source,
            [
                (
                    places.line(1),
                    Text(
                        "missing column(s) {missing}; found: {found}",
                        "mangler kolonne(r) {missing}; fant: {found}",
                        missing=", ".join(missing),
                        found=", ".join(header),
                    ),
                )
            ],
        )
    columns = {name: header.index(name) for name in REQUIRED}
    visit_ids = {need.id for r in period.inst.recipients for need in r.visits}
    plan, problems = VisitPlan(), []
    for cells in reader:
        values = {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}
        if not values["employee"]:
            continue
        line = reader.line_num
        found = len(problems)
        emp, problem = find_employee(period.inst, values["employee"])
        if problem:
            problems.append((places.line(line, "employee"), problem))
        date = parse_date(values["date"])
        if date is None or not period.in_plan(period.day_of(date)):
            problems.append((places.line(line, "date"), _not_in_period(values["date"], period)))
        if values["visit"] not in visit_ids:
            problems.append((places.line(line, "visit"), _unknown_visit(values["visit"], visit_ids)))
        start = _parse_time(values["start"], date)
        if start is None:
            problems.append((places.line(line, "start"), _malformed_time(values["start"])))
        if len(problems) == found:
            minute = period.minute(period.day_of(start.date()), start.time())
            plan.assignments.append(Assignment(period.day_of(date), minute, values["visit"], emp.id))
    if problems:
        raise InputError(source, problems)
    plan.assignments.sort()
    return plan


def _not_in_period(text: str, period: Period) -> Text:
    return Text(
        "{text!r} is not a date of the period {start}–{end}",
        "{text!r} er ikke en dato i perioden {start}–{end}",
        text=text,
        start=period.start,
        end=period.end,
    )


def _unknown_visit(visit: str, known: set[str]) -> Text:
    return Text(
        "unknown visit {visit!r}; known: {known}",
        "ukjent besøk {visit!r}; kjente: {known}",
        visit=visit,
        known=", ".join(sorted(known)),
    )


def _malformed_time(text: str) -> Text:
    return Text(
        "malformed time {text!r}; expected HH:MM or YYYY-MM-DDTHH:MM",
        "ugyldig klokkeslett {text!r}; forventet tt:mm (som 08:00) eller dato og tid (som 2026-03-02T08:00)",
        text=text,
    )


def _parse_time(text: str, date: dt.date | None) -> dt.datetime | None:
    try:
        if "T" in text:
            return dt.datetime.fromisoformat(text)
        if date is not None:
            return dt.datetime.combine(date, dt.time.fromisoformat(text))
    except ValueError:
        pass
    return None
