"""Test helpers: an instance and a roster that break every rule, and writers for roster files in
the layouts other tools export (grids with partial date headings, long tables with Norwegian
headings and clock times), besides the project's own CSV and XLSX writers."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from roster.calendar import Period
from roster.instance import Instance
from roster.schedule import Roster
from tests.conftest import change_employee, make_instance, period, roster_of

# The rules of the registry when these helpers were written; rules added later are covered by the
# tests' comparisons of whole checks, and should be broken in EVERY_RULE's roster and added here.
RULE_NAMES = {
    "one_shift_per_day", "unit_membership", "coverage", "absences", "fixed_assignments", "daily_rest",
    "weekly_rest", "max_hours", "contract_hours", "consecutive_days", "weekend_frequency", "sunday_holiday",
    "night_eligibility", "consecutive_nights", "ideal_staffing", "wishes", "fairness", "quick_returns",
    "isolated_days", "forward_rotation", "night_rest", "night_hours", "night_shares",
}  # fmt: skip

WEEKDAYS_NB = ("ma", "ti", "on", "to", "fr", "lø", "sø")

# Every rule of RULE_NAMES breaks at least once in this roster (tiny.yaml with a day team whose
# shift R the base staff may not work, and which shares the site's nights 50/50 without covering
# any; night workers averaged over 2 weeks). Day 0 is Monday 2 March 2026.
EVERY_RULE = """
e1: D+A D D D D D D N N N N N D D
e2: N A D R
e3: A A A A A A A A A A A
e5: D . D
"""


def every_rule_instance() -> Instance:
    inst = make_instance(
        sites=[
            {
                "id": "site",
                "name": "The site",
                "night_pool": {
                    "shift": "N",
                    "tolerance_nights": 0,
                    "equal_base": 0.5,
                    "services": [
                        {"unit": "base", "share": 50, "hourly_cost": 400},
                        {"unit": "team", "share": 50, "hourly_cost": 400},
                    ],
                },
            }
        ],
        rules={"night_hours": {"weeks": 2}},
        units=[
            {"id": "base", "name": "The base", "site": "site", "weekly_hours": 35.5},
            {"id": "team", "name": "Dagteamet", "site": "site", "weekly_hours": 37.5},
        ],
        shifts=[
            *make_instance().model_dump(by_alias=True)["shifts"],
            {
                "code": "R",
                "name": "Dag team",
                "unit": "team",
                "start": "08:00",
                "end": "16:00",
                "paid_hours": 7.5,
                "kind": "day",
            },
        ],
        demand=[
            *make_instance().model_dump(by_alias=True)["demand"],
            {"shift": "R", "on": ["weekday"], "min": 0},
        ],
    )
    return change_employee(
        inst,
        "e1",
        absences=[{"from": dt.date(2026, 3, 12), "to": dt.date(2026, 3, 12), "kind": "sick"}],
        fixed=[{"date": dt.date(2026, 3, 13), "shift": "off"}],
        wishes=[
            {"date": dt.date(2026, 3, 2), "want": "off", "weight": 3},
            {"date": dt.date(2026, 3, 3), "avoid": "D", "weight": 3},
        ],
    )


def every_rule_roster(inst: Instance, history_days: int = 0) -> tuple[Period, Roster]:
    p = period(inst, history_days=history_days)
    return p, roster_of(p, EVERY_RULE)


def _cells(roster: Roster, emp_id: str, day: int) -> str:
    return "/".join(s.code for s in roster.on(emp_id, day))


def write_grid_csv(path: Path, roster: Roster, by_name: bool = True) -> Path:
    """A semicolon grid as a spreadsheet exports it: a title line, headings 'ma 2' (no month), names."""
    p = roster.period
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow([f"Turnus {p.inst.name}, mars 2026"])
        writer.writerow(
            ["Navn" if by_name else "Ansattnr", "Stilling"]
            + [f"{WEEKDAYS_NB[p.date(d).weekday()]} {p.date(d).day}" for d in p.plan_days]
        )
        for emp in p.inst.employees:
            writer.writerow(
                [emp.name if by_name else emp.id, emp.position]
                + [_cells(roster, emp.id, d) for d in p.plan_days]
            )
    return path


def write_long_xlsx(path: Path, roster: Roster) -> Path:
    """A long table on a sheet 'Ark1' with Norwegian headings, names, real dates and clock times."""
    p = roster.period
    book = Workbook()
    ws = book.active
    ws.title = "Ark1"
    ws.append(["Vaktliste"])
    ws.append(["Ansatt", "Dato", "Vakt", "Fra", "Til"])
    for emp_id, shift in sorted(roster.plan(), key=lambda item: (item[1].day, item[0])):
        name = p.inst.employee_by_id[emp_id].name
        ws.append(
            [name, p.date(shift.day), shift.code, p.moment(shift.start).time(), p.moment(shift.end).time()]
        )
    book.save(path)
    return path
