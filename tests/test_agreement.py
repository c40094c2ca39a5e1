"""The two faces of every rule agree on many small random instances and rosters (hypothesis).

For each random instance and roster, the CP-SAT encoding with the roster fixed is feasible exactly
when the independent checker finds no hard violation, and then the checker's soft cost equals the
model's objective. Rosters are drawn both at random (mostly breaking some rule) and as a solver's
roster with one day changed (mostly on the edge of the rules).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from roster.calendar import Period
from roster.errors import InputError
from roster.instance import parse_instance
from roster.schedule import Roster
from roster.solver.model import build
from roster.visits import Assignment, VisitPlan, occurrences
from tests.faces import assert_faces_agree, only

CODES = ["D", "A", "N", "E"]
AMBULANT = ("zones", "travel", "cars", "recipients")
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
def instances(draw, with_visits: bool | None = None) -> dict:
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
        "visits": {"weight_unplanned": draw(st.sampled_from([0, 7, 1000]))},
        "visit_continuity": {"weight": draw(st.integers(0, 3))},
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
        **(
            draw(ambulant(employees[:n]))  # the base's staff make the visits
            if (draw(st.booleans()) if with_visits is None else with_visits)
            else {}
        ),
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


@st.composite
def ambulant(draw, employees: list[dict]) -> dict:
    """Zones, travel, cars and 1-3 recipients with visits. Windows fit the shifts and competencies
    are held by someone by construction; recipients the load-time checks still refuse (a double visit
    where the unit never has two on duty, a car trip with no driver) are left out (see `cases`)."""
    held = {c for e in employees for c in e["competencies"]} | (
        {"med"} if any("nurse" in e["competencies"] for e in employees) else set()
    )
    comps = sorted(held)
    zones = ["near", "far", "office"]
    travel = [
        {"from": "site", "to": "near", "minutes": draw(st.sampled_from([5, 10]))},
        {"from": "site", "to": "far", "minutes": draw(st.sampled_from([15, 30]))},
        {"from": "site", "to": "office", "minutes": 0, "car": False},
    ]
    recipients = []
    for r in range(draw(st.integers(1, 3))):
        never_alone = draw(st.integers(0, 3)) == 0
        visits = []
        for k in range(draw(st.integers(1, 2))):
            opens = draw(st.sampled_from([8, 9, 12, 16, 20]))
            closes = min(opens + draw(st.sampled_from([1, 2, 4])), 23)
            visit = {
                "id": f"r{r}-{k}",
                "window": f"{opens:02}:00-{closes:02}:00",
                "minutes": draw(st.sampled_from([15, 30, 45])),
                "needs": draw(st.lists(st.sampled_from(comps), unique=True, max_size=1)) if comps else [],
                "holidays": draw(st.booleans()),
            }
            if draw(st.booleans()):
                visit["days"] = draw(
                    st.lists(st.sampled_from(["mon", "tue", "wed", "sat"]), unique=True, min_size=1)
                )
            if draw(st.integers(0, 2)) == 0:
                visit["times_per_week"] = draw(st.integers(1, 2))
                visit["min_gap_days"] = draw(st.integers(1, 3))
            visits.append(visit)
        recipients.append(
            {
                "id": f"r{r}",
                "unit": "base",
                "zone": draw(st.sampled_from(zones)),
                "never_alone": never_alone,
                "regular_staff": draw(
                    st.lists(st.sampled_from([e["id"] for e in employees]), unique=True, max_size=2)
                ),
                "visits": visits,
            }
        )
    cars = draw(st.integers(1, 2))
    return {
        "zones": [{"id": z, "name": z} for z in zones],
        "travel": travel,
        "cars": [{"site": "site", "count": cars, "driver": draw(st.sampled_from([None, *comps]))}],
        "recipients": recipients,
    }


def _parse_leaving_out_refused_recipients(data: dict):
    while True:
        try:
            return parse_instance(data, "random instance")
        except InputError as err:
            refused = {
                int(m[1]) for where, _ in err.problems if (m := re.match(r"recipients\[(\d+)\]", where))
            }
            kept = [r for i, r in enumerate(data["recipients"]) if i not in refused]
            if not refused or not kept:  # something else, or nobody left: the case without visits
                return parse_instance({k: v for k, v in data.items() if k not in AMBULANT}, "random instance")
            data = {**data, "recipients": kept}


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
def cases(draw, with_visits: bool | None = None):
    start = draw(st.sampled_from(STARTS))
    inst = _parse_leaving_out_refused_recipients(_dated(draw(instances(with_visits)), start))
    event("with visits" if inst.recipients else "without visits")
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
    roster.visits = _random_plan(data.draw, p, roster)
    report = assert_faces_agree(p, roster, history=history)
    event("hard violations" if report.hard else "no hard violation")
    for rule in sorted({v.rule for v in report.hard}):
        event(f"breaks {rule}")


@given(cases(with_visits=True), st.data())
def test_random_visit_plans(case, data):
    """The visit rules alone (so that a plan's faults are not hidden behind a random roster's), on
    a careful planner's plan, now and then with one change."""
    p, history = case
    assume(p.inst.recipients)
    roster = Roster.from_codes(p, _random_days(data.draw, p.inst, p.plan_days, allow_double=False))
    roster.visits = _random_plan(data.draw, p, roster)
    if data.draw(st.booleans()):
        roster.visits = _change_plan(data.draw, p, roster.visits)
    report = assert_faces_agree(p, roster, only("visits", "visit_continuity"), history=history)
    event("plan breaks a visit rule" if report.hard else "plan keeps the visit rules")
    event("some visits unmade" if any(v.rule == "visits" for v in report.soft) else "every visit made")


@given(cases(), st.data())
def test_solver_rosters_and_one_change(case, data):
    p, history = case
    solved = _solve_quickly(p, history)
    event("instance feasible" if solved is not None else "instance infeasible")
    if solved is None:
        return
    assert_faces_agree(p, solved, history=history)
    if solved.visits is not None:
        event(f"solver made {'some' if solved.visits.assignments else 'no'} visits")
    if solved.visits is not None and data.draw(st.booleans()):
        changed = Roster.from_codes(p, [(e, s.day, s.code) for e, s in solved.plan()])
        changed.visits = _change_plan(data.draw, p, solved.visits)
    else:
        day = data.draw(st.sampled_from(list(p.plan_days)))
        emp = data.draw(st.sampled_from(p.inst.employees)).id
        change = data.draw(st.sampled_from(CODES + ["off"]))
        items = [(e, s.day, s.code) for e, s in solved.plan() if not (e == emp and s.day == day)]
        if change != "off":
            items.append((emp, day, change))
        changed = Roster.from_codes(p, items)
        changed.visits = solved.visits
    report = assert_faces_agree(p, changed, history=history)
    event("changed roster breaks a rule" if report.hard else "changed roster keeps the rules")
    for rule in sorted({v.rule for v in report.hard}):
        event(f"change breaks {rule}")
    event("soft cost > 0" if report.soft_cost else "soft cost 0")


def _random_plan(draw, p, roster) -> VisitPlan | None:
    """Visits made by qualified staff on duty at a time they and a car are free, as a careful
    planner would; one plan in three has careless choices (anyone, any time, too few or many)."""
    if not p.inst.recipients:
        return None
    inst, plan = p.inst, VisitPlan()
    careless = draw(st.sampled_from([0, 0, 8]))
    busy: dict[str, list[tuple[int, int]]] = {e.id: [] for e in inst.employees}
    cars: list[tuple[int, int]] = []
    count = inst.cars[0].count
    for occ in occurrences(p):
        if draw(st.integers(0, 3)) == 0:
            continue
        if careless and draw(st.integers(0, careless)) == 0:
            people = draw(st.lists(st.sampled_from(list(busy)), min_size=1, max_size=occ.staff + 1))
            start = draw(st.integers(occ.opens - 10, occ.latest + 10))
        else:
            spans = {e: span for e in busy for s in roster.on(e, occ.day) if (span := occ.fits(s))}
            teams = [
                t
                for t in itertools.combinations(sorted(spans), occ.staff)
                if not occ.missing(inst, [inst.employee_by_id[e] for e in t])
            ]
            if not teams:
                continue
            people = draw(st.sampled_from(teams))
            low, high = max(spans[e][0] for e in people), min(spans[e][1] for e in people)
            free = [
                t
                for t in range(low, high + 1, 5)
                if not any(_meets(busy[e], *occ.trip(t)) for e in people)
                and (not occ.car or sum(_meets([c], *occ.trip(t)) for c in cars) < count)
            ]
            if not free:
                continue
            start = draw(st.sampled_from(free))
        for e in people:
            busy[e].append(occ.trip(start))
        if occ.car:
            cars.append(occ.trip(start))
        plan.assignments += [Assignment(occ.day, start, occ.visit, e) for e in people]
    return plan


def _meets(spans, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _change_plan(draw, p, plan: VisitPlan) -> VisitPlan:
    """The plan with one visit dropped, moved, given to someone else, or one visit added."""
    assignments = list(plan.assignments)
    how = draw(st.sampled_from(["drop", "move", "swap", "add"]))
    if how == "add" or not assignments:
        occ = draw(st.sampled_from(occurrences(p)))
        start = draw(st.integers(occ.opens, occ.latest))
        emp = draw(st.sampled_from(p.inst.employees)).id
        return VisitPlan(assignments + [Assignment(occ.day, start, occ.visit, emp)])
    a = draw(st.sampled_from(assignments))
    together = [b for b in assignments if (b.visit, b.day) == (a.visit, a.day)]
    rest = [b for b in assignments if (b.visit, b.day) != (a.visit, a.day)]
    if how == "drop":
        return VisitPlan(rest + [b for b in together if b != a])
    if how == "move":
        shift = draw(st.sampled_from([-30, -10, -1, 1, 10, 30]))
        return VisitPlan(rest + [Assignment(b.day, b.start + shift, b.visit, b.employee) for b in together])
    other = draw(st.sampled_from(p.inst.employees)).id
    return VisitPlan(rest + [b if b != a else Assignment(a.day, a.start, a.visit, other) for b in together])


def _solve_quickly(p, history):
    from ortools.sat.python import cp_model

    model = build(p, history)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 5
    solver.parameters.num_workers = 1
    if solver.solve(model.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return model.v.extract(solver)


# Many drawn instances have no recipient left or are not solved to optimality in time: filtered out.
@settings(max_examples=20, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(cases(with_visits=True))
def test_visit_staffing_is_a_relaxation_of_the_visit_plan(case):
    """The first stage of a solve with visits (roster/solver/staged.py) replaces the visit plan by the
    staffing it needs; its optimum must never exceed the exact model's, or its bound would lie."""
    from ortools.sat.python import cp_model

    from roster.rules import RULES
    from roster.rules.visits import STAFFING

    p, history = case
    assume(p.inst.recipients)
    exact = [rule for rule in RULES if rule.name != "visit_continuity"]
    staffing = [STAFFING if rule.name == "visits" else rule for rule in exact]
    optima = []
    for rules in (exact, staffing):
        model = build(p, history, rules)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 3
        status = solver.solve(model.cp)
        assume(status == cp_model.OPTIMAL)
        optima.append(round(solver.objective_value))  # integer weights; the float may be 2005.9999...
    event("relaxation exact" if optima[0] == optima[1] else "relaxation below")
    assert optima[1] <= optima[0]
