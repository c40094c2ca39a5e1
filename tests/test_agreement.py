"""The two faces of every rule agree on many small random instances and rosters (hypothesis).

For each random instance and roster, the CP-SAT encoding with the roster fixed is feasible exactly
when the independent checker finds no hard violation, and then the checker's soft cost equals the
model's objective. Rosters are drawn both at random (mostly breaking some rule) and as a solver's
roster with one day changed (mostly on the edge of the rules).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import event, given
from hypothesis import strategies as st

from roster.calendar import Period
from roster.instance import parse_instance
from roster.model import build
from roster.schedule import Roster
from tests.faces import assert_faces_agree

CODES = ["D", "A", "N", "E"]
STARTS = [
    dt.date(2026, 3, 2),  # an ordinary March fortnight
    dt.date(2026, 3, 23),  # across the change to summer time (29 March)
    dt.date(2026, 3, 30),  # Easter: Thursday, Friday, Sunday and Monday are holidays
    dt.date(2026, 10, 21),  # a Wednesday start, across the change to winter time (25 October)
]
SHIFTS = [
    {
        "code": "D",
        "name": "Day",
        "unit": "base",
        "start": "07:30",
        "end": "15:00",
        "paid_hours": 7.5,
        "kind": "day",
    },
    {
        "code": "A",
        "name": "Evening",
        "unit": "base",
        "start": "14:30",
        "end": "22:00",
        "paid_hours": 7.5,
        "kind": "evening",
    },
    {
        "code": "N",
        "name": "Night",
        "site": "site",
        "start": "21:45",
        "end": "07:45",
        "crosses_midnight": True,
        "paid_hours": 10,
        "kind": "night",
    },
    {
        "code": "E",
        "name": "Long evening",
        "unit": "base",
        "start": "12:00",
        "end": "23:00",
        "paid_hours": 10.5,
        "kind": "evening",
    },
]


@st.composite
def night_pool(draw, partner: bool) -> dict | None:
    """The site's shared night cover (sometimes none): shares, tolerance, extra nights, costs."""
    if draw(st.integers(0, 3)) == 0:
        return None
    # Both services share, or one alone (then the other's staff may not work the nights).
    units = draw(st.sampled_from([["base", "partner"], ["base"], ["partner"]] if partner else [["base"]]))
    first = draw(st.sampled_from([25, 50, 62.5, 80])) if len(units) == 2 else 100
    shares = [first, 100 - first][: len(units)]
    extra = [
        {"unit": draw(st.sampled_from(units)), "staff": draw(st.sampled_from([1, 1, 2])), **when}
        for when in draw(
            st.lists(
                st.one_of(
                    st.builds(lambda d: {"dates": [f"@{d}"]}, st.integers(0, 9)),
                    st.builds(lambda w: {"weekdays": [w]}, st.sampled_from(["mon", "sat", "sun"])),
                ),
                max_size=1,
            )
        )
    ]
    return {
        "shift": "N",
        "tolerance_nights": draw(st.sampled_from([0, 1, 2.5, 30, 30])),
        "equal_base": draw(st.sampled_from([0, 0.3])),
        "services": [
            {"unit": unit, "share": share, "hourly_cost": 500, "usage": draw(st.sampled_from([None, 4]))}
            for unit, share in zip(units, shares, strict=True)
        ],
        "extra": extra,
    }


@st.composite
def instances(draw) -> dict:
    n = draw(st.integers(2, 4))
    partners = draw(st.integers(0, 2))  # staff of a second service at the site, nights only
    pool = draw(night_pool(partners > 0))
    sharing = {s["unit"] for s in pool["services"]} if pool else {"base", "partner"}
    comps = ["nurse", "hfa", "med"]
    employees = []
    for i in range(n + partners):
        emp = {
            "id": f"e{i}",
            "name": f"Person {i}",
            "units": ["base"] if i < n else ["partner"],
            "position": draw(st.sampled_from([20, 50, 75, 100])),
            "competencies": draw(st.lists(st.sampled_from(comps), unique=True, max_size=2)),
            "nights": draw(st.booleans()) if i < n else draw(st.sampled_from([True, True, False])),
        }
        if draw(st.integers(0, 3)) == 0:
            first = draw(st.integers(0, 9))
            emp["absences"] = [
                {"from": f"@{first}", "to": f"@{first + draw(st.integers(0, 3))}", "kind": "vacation"}
            ]
        elif draw(st.integers(0, 3)) == 0:  # not both: a fixed shift during an absence is refused on load
            unit = emp["units"][0]
            own = [c for c in CODES if unit == "base" and c != "N" or c == "N" and unit in sharing]
            code = draw(st.sampled_from(own + ["off"]))
            emp["nights"] = emp["nights"] or code == "N"
            emp["fixed"] = [{"date": f"@{draw(st.integers(0, 9))}", "shift": code}]
        emp["wishes"] = [
            {
                "date": f"@{draw(st.integers(0, 9))}",
                draw(st.sampled_from(["want", "avoid"])): code,
                "weight": draw(st.integers(0, 5)),
            }
            for code in draw(st.lists(st.sampled_from(CODES), max_size=2))
        ]
        if draw(st.integers(0, 3)) == 0:
            emp["limits"] = _limits(draw)
        employees.append(emp)
    demand = []
    for code in CODES:
        for day_type in draw(
            st.lists(st.sampled_from(["weekday", "saturday", "sunday"]), unique=True, min_size=1)
        ):
            low = draw(st.sampled_from([0, 0, 0, 1]))
            entry = {"shift": code, "on": [day_type], "min": low, "ideal": low + draw(st.integers(0, 1))}
            if draw(st.integers(0, 3)) == 0:
                entry["requirements"] = [
                    {
                        "of": [draw(st.sampled_from(comps))],
                        draw(st.sampled_from(["at_least", "at_most"])): draw(st.integers(0, 1)),
                    }
                ]
            demand.append(entry)
        if draw(st.integers(0, 3)) == 0:  # a dated entry replaces the day type's on its date
            low = draw(st.sampled_from([0, 0, 0, 1]))
            demand.append(
                {
                    "shift": code,
                    "dates": [f"@{day}" for day in draw(st.sets(st.integers(0, 13), min_size=1, max_size=3))],
                    "min": low,
                    "ideal": low + draw(st.integers(0, 2)),
                    "weight_under": draw(st.integers(0, 9)),
                    "weight_over": draw(st.integers(0, 3)),
                }
            )
    rules = {
        "daily_rest": {"hours": draw(st.sampled_from([8, 11, 14]))},
        "weekly_rest": {
            "hours": draw(st.sampled_from([28, 35, 35, 60])),
            "window": draw(st.sampled_from(["Mon 00:00", "Wed 12:00", "rolling"])),
        },
        "max_hours": {
            "day_hours": draw(st.sampled_from([8, 10, 12.5, 12.5])),
            "week_hours": draw(st.sampled_from([20, 38, 48, 48])),
        },
        "contract_hours": {
            "tolerance_hours": draw(st.sampled_from([4, 20, 200, 200, 200])),
            "weekday_holiday_reduces": draw(st.booleans()),
            "three_shift_floor_hours": draw(st.sampled_from([20, 33.6, 40])),
            "night_hour_counts": draw(st.sampled_from([60, 75, 120])),
            "sunday_hour_counts": draw(st.sampled_from([60, 70])),
        },
        "consecutive_days": {"max_days": draw(st.integers(2, 6))},
        "weekend_frequency": {
            "every": draw(st.integers(2, 3)),
            "starts": draw(st.sampled_from(["Sat 00:00", "Fri 18:00"])),
        },
        "sunday_holiday": {"enabled": draw(st.booleans())},
        "consecutive_nights": {"max_nights": draw(st.integers(1, 3))},
        "night_rest": {"hours": draw(st.sampled_from([11, 24, 46])), "after_nights": draw(st.integers(1, 3))},
        "night_hours": {
            "average_hours": draw(st.sampled_from([3, 8, 8])),
            "weeks": draw(st.sampled_from([1, 2, 4])),
            "night_starts": draw(st.sampled_from(["21:00", "23:00"])),
        },
        "ideal_staffing": {"weight_under": draw(st.integers(0, 9)), "weight_over": draw(st.integers(0, 3))},
        "fairness": {c: draw(st.integers(0, 3)) for c in ("nights", "evenings", "weekends", "holidays")},
        "quick_returns": {
            "min_rest_hours": draw(st.sampled_from([11, 16])),
            "weight": draw(st.integers(0, 5)),
        },
        "isolated_days": {"weight_work": draw(st.integers(0, 4)), "weight_off": draw(st.integers(0, 4))},
        "forward_rotation": {"weight": draw(st.integers(0, 4))},
        "forbidden_successions": {
            "forbidden": draw(
                st.dictionaries(
                    st.sampled_from(CODES), st.lists(st.sampled_from(CODES), min_size=1, max_size=2)
                )
            )
        },
        "min_days_in_row": {"days": draw(st.sampled_from([1, 1, 1, 2, 3]))},
        "min_days_off_in_row": {"days": draw(st.sampled_from([1, 1, 1, 2]))},
        "max_weekends": {"weekends": draw(st.sampled_from([None, None, None, 1, 2]))},
        "coverage": {  # open shifts (tests/test_open_shifts.py): every open shift must cost something
            "open_weight": draw(st.sampled_from([1, 7, 100])),
            "competency_weight": draw(st.sampled_from([0, 3, 20])),
        },
    }
    return {
        "name": "random",
        "law": "none",
        "sites": [{"id": "site", "name": "Site", "night_pool": pool}],
        "units": [
            {"id": "base", "name": "Base", "site": "site", "weekly_hours": 35.5},
            {"id": "partner", "name": "Partner", "site": "site", "weekly_hours": 35.5},
        ],
        "competencies": [
            {
                "id": "nurse",
                "name": "Nurse",
                "implies": ["med"],
                "open_shift_weight": draw(st.sampled_from([None, 5])),
            },
            {"id": "hfa", "name": "Hfa"},
            {"id": "med", "name": "Medication"},
        ],
        "shifts": SHIFTS,
        "employees": employees,
        "demand": demand,
        "rules": rules,
    }


def _limits(draw) -> dict:
    """Some personal limits (each present or not)."""
    limits = {}
    if draw(st.booleans()):
        limits["max_shifts"] = draw(st.dictionaries(st.sampled_from(CODES), st.integers(0, 3), max_size=2))
    if draw(st.booleans()):
        low = draw(st.sampled_from([0, 7.5, 15, 30]))
        limits["min_hours"], limits["max_hours"] = low, low + draw(st.sampled_from([0, 10, 30, 100]))
    for field, values in (
        ("max_days_in_row", [1, 2, 4]),
        ("min_days_in_row", [1, 2, 3]),
        ("min_days_off_in_row", [1, 2, 3]),
        ("max_weekends", [0, 1, 2]),
    ):
        if draw(st.booleans()):
            limits[field] = draw(st.sampled_from(values))
    return limits


def _dated(data, start: dt.date):
    """Replace '@k' day offsets by dates from `start`."""
    if isinstance(data, dict):
        return {k: _dated(v, start) for k, v in data.items()}
    if isinstance(data, list):
        return [_dated(v, start) for v in data]
    if isinstance(data, str) and data.startswith("@"):
        return start + dt.timedelta(days=int(data[1:]))
    return data


@st.composite
def cases(draw):
    start = draw(st.sampled_from(STARTS))
    inst = parse_instance(_dated(draw(instances()), start), "random instance")
    history_days = draw(st.sampled_from([0, 0, 7, 14]))
    p = Period(inst, start, draw(st.integers(7, 14)), history_days)
    history = None
    if history_days:
        history = Roster.from_codes(p, _random_days(draw, inst, range(-history_days, 0), allow_double=False))
    return p, history


def _random_days(draw, inst, days, allow_double=True):
    items = []
    density = draw(st.sampled_from([5, 7, 8]))  # out of 10 days off
    for emp in inst.employees:
        for day in days:
            pick = draw(st.integers(0, 9))
            if pick < density:
                continue
            items.append((emp.id, day, CODES[pick % len(CODES)]))
            if allow_double and pick == 9 and draw(st.integers(0, 5)) == 0:
                items.append((emp.id, day, "D"))  # now and then two shifts on one day
    return items


@given(cases(), st.data())
def test_random_rosters(case, data):
    p, history = case
    roster = Roster.from_codes(p, _random_days(data.draw, p.inst, p.plan_days))
    report = assert_faces_agree(p, roster, history=history)
    event("hard violations" if report.hard else "no hard violation")
    for rule in sorted({v.rule for v in report.hard}):
        event(f"breaks {rule}")


@given(cases(), st.data())
def test_solver_rosters_and_one_change(case, data):
    p, history = case
    solved = _solve_quickly(p, history)
    event("instance feasible" if solved is not None else "instance infeasible")
    if solved is None:
        return
    assert_faces_agree(p, solved, history=history)
    day = data.draw(st.sampled_from(list(p.plan_days)))
    emp = data.draw(st.sampled_from(p.inst.employees)).id
    change = data.draw(st.sampled_from(CODES + ["off"]))
    items = [(e, s.day, s.code) for e, s in solved.plan() if not (e == emp and s.day == day)]
    if change != "off":
        items.append((emp, day, change))
    report = assert_faces_agree(p, Roster.from_codes(p, items), history=history)
    event("changed roster breaks a rule" if report.hard else "changed roster keeps the rules")
    for rule in sorted({v.rule for v in report.hard}):
        event(f"change breaks {rule}")
    event("soft cost > 0" if report.soft_cost else "soft cost 0")


def _solve_quickly(p, history):
    from ortools.sat.python import cp_model

    model = build(p, history)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 5
    solver.parameters.num_workers = 1
    if solver.solve(model.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return model.v.extract(solver)
