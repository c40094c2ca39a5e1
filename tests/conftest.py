"""Shared test helpers: small instances built from tests/data/tiny.yaml with changes."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from roster.calendar import Period
from roster.instance import Instance, parse_instance
from roster.io.yaml_file import read_yaml
from roster.schedule import Roster
from roster.solver.solve import _solver

# Property tests: a bounded run by default, a longer one with HYPOTHESIS_PROFILE=long.
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def tiny_data() -> dict:
    return copy.deepcopy(read_yaml(DATA / "tiny.yaml"))


def make_instance(**changes) -> Instance:
    """tiny.yaml with top-level fields replaced; `rules` is merged rule by rule."""
    data = tiny_data()
    rules = changes.pop("rules", {})
    data.update(changes)
    for name, params in rules.items():
        data.setdefault("rules", {}).setdefault(name, {}).update(params)
    return parse_instance(data, "test instance")


def period(
    inst: Instance, start: dt.date | None = None, days: int | None = None, history_days: int = 0
) -> Period:
    start = start or inst.period.start
    return Period(inst, start, days or inst.period.weeks * 7, history_days)


def roster_of(p: Period, text: str) -> Roster:
    """A roster from lines like 'e1: D A . N' (one token per day from day 0; '.' is a day off).

    A line may start at another day with 'e1@-2: A D' (history days are negative)."""
    items = []
    for line in text.strip().splitlines():
        head, _, cells = line.partition(":")
        emp, _, first = head.strip().partition("@")
        day = int(first) if first else 0
        for token in cells.split():
            for code in token.split("+"):
                if code != ".":
                    items.append((emp, day, code))
            day += 1
    return Roster.from_codes(p, items)


@pytest.fixture
def tiny() -> Instance:
    return make_instance()


def change_employee(inst: Instance, emp_id: str, **fields) -> Instance:
    """The instance with some fields of one employee replaced (validated like a file)."""
    employees = [e.model_dump(by_alias=True) for e in inst.employees]
    for e in employees:
        if e["id"] == emp_id:
            e.update(fields)
    return inst.replace(employees=employees)


# ---- ambulant visits ----------------------------------------------------------------------------


def visit_data() -> dict:
    """tiny.yaml with recipients: r1 medication morning and evening (regulars e1, e3), r2 never
    alone (two staff, one university-educated), r3 talks at the office twice a week two days apart,
    r4 far away; 10 min to town, 30 to 'far', 2 cars that need a licence (e1, e2, e3 hold one)."""
    data = tiny_data()
    data["competencies"].append({"id": "licence", "name": "Førerkort", "kind": "authorisation"})
    for emp in data["employees"][:3]:
        emp["competencies"].append("licence")
    data["zones"] = [
        {"id": "town", "name": "Town"},
        {"id": "far", "name": "Far"},
        {"id": "office", "name": "Office"},
    ]
    data["travel"] = [
        {"from": "site", "to": "town", "minutes": 10},
        {"from": "site", "to": "far", "minutes": 30},
        {"from": "site", "to": "office", "minutes": 0, "car": False},
    ]
    data["cars"] = [{"site": "site", "count": 2, "driver": "licence"}]
    data["recipients"] = [
        {
            "id": "r1",
            "unit": "base",
            "zone": "town",
            "regular_staff": ["e1", "e3"],
            "visits": [
                {"id": "r1-med", "window": "08:00-09:30", "minutes": 20, "needs": ["med"]},
                {"id": "r1-eve", "window": "20:00-22:00", "minutes": 20, "needs": ["med"]},
            ],
        },
        {
            "id": "r2",
            "unit": "base",
            "zone": "town",
            "never_alone": True,
            "visits": [{"id": "r2-day", "window": "10:00-14:00", "minutes": 45, "needs": ["uni"]}],
        },
        {
            "id": "r3",
            "unit": "base",
            "zone": "office",
            "visits": [
                {
                    "id": "r3-talk",
                    "window": "09:00-14:00",
                    "minutes": 60,
                    "days": ["mon", "tue", "wed", "thu", "fri"],
                    "times_per_week": 2,
                    "min_gap_days": 2,
                    "holidays": False,
                }
            ],
        },
        {
            "id": "r4",
            "unit": "base",
            "zone": "far",
            "visits": [{"id": "r4-care", "window": "08:00-10:00", "minutes": 60}],
        },
    ]
    return data


def visit_instance(**changes) -> Instance:
    data = visit_data()
    data.update(changes)
    return parse_instance(data, "test instance")


def plan_of(p: Period, text: str):
    """A visit plan from lines like 'r2-day 0 10:00 e1 e4' (visit, day, start, staff)."""
    from roster.visits import Assignment, VisitPlan

    plan = VisitPlan()
    for line in text.strip().splitlines():
        visit, day, clock, *staff = line.split()
        start = p.minute(int(day), dt.time.fromisoformat(clock))
        plan.assignments += [Assignment(int(day), start, visit, emp) for emp in staff]
    return plan


# ---- searches -----------------------------------------------------------------------------------


def empty_first_look(time_limits: list[float]):
    """A `solver_for` for roster/solver/cases.py's search whose first solve stops after presolve
    (no roster, no proof: a look too short for the model); every solve's time limit is recorded."""

    def solver_for(params):
        solver = _solver(params)
        if not time_limits:
            solver.parameters.stop_after_presolve = True
        time_limits.append(params.time_limit)
        return solver

    return solver_for
