"""Open shifts: where the staff cannot meet a minimum lawfully, substitutes fill it. Both faces of
coverage count them, and the weights by competency decide which shift is left open."""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.check import check
from roster.rules.night_shares import staff_by_service
from roster.schedule import OpenShift, Roster
from roster.solver.model import build
from roster.solver.solve import SolveParams, solve
from tests.conftest import make_instance, period, roster_of
from tests.faces import only
from tests.test_agreement import _random_days, cases

RELAXED = frozenset({"coverage"})


def with_open(p: Period, text: str, *open_shifts: tuple[int, str, tuple]) -> Roster:
    roster = roster_of(p, text)
    roster.open = [OpenShift(p.place(day, code), needs) for day, code, needs in open_shifts]
    return roster


def test_open_shifts_fill_the_minimum_in_the_check_and_cost_their_hours():
    p = period(make_instance(), days=1)  # D needs 1 with med, A 1, N 0
    coverage = only("coverage")
    bare = roster_of(p, "e5: D")  # e5 lacks med; nobody on A
    assert len(check(p, bare, coverage).hard) == 2
    filled = with_open(p, "e5: D", (0, "D", (("med",),)), (0, "A", ()))
    report = check(p, filled, coverage)
    assert report.hard == []
    costs = sorted(v.cost for v in report.soft if v.rule == "coverage")
    # 7.5 h x 100 for each open shift, and 7.5 h x 20 more for the one that needs medication handling
    assert costs == [750, 750 + 150]
    wrong = with_open(p, "e5: D", (0, "D", ()), (0, "A", ()))  # an open D, but not one with med
    assert any("at least 1 with med" in v.message for v in check(p, wrong, coverage).hard)


def minimal_open(p: Period, roster: Roster) -> dict[tuple[int, str], int]:
    """Per (day, shift), the fewest substitutes that meet every minimum (and every service's own extra
    night staff), computed directly."""
    out = {}
    for day in p.plan_days:
        for demand in p.demands_on(day):
            staff = [p.inst.employee_by_id[e] for e in roster.staff_on(day, demand.shift)]
            short = [demand.min - len(staff)] + [
                r.at_least - sum(1 for e in staff if p.inst.competencies_of(e) & set(r.of))
                for r in demand.requirements
                if r.at_least
            ]
            if demand.shift in p.inst.pools:  # a service's own extra night staff, short of its staff
                own = staff_by_service(p, roster, demand.shift, day)
                short.append(sum(max(0, k - len(own[u])) for u, k in p.extra_night_staff(day, demand.shift)))
            if max(short) > 0:
                out[day, demand.shift] = max(short)
    return out


@settings(max_examples=60)
@given(cases(), st.data())
def test_relaxed_coverage_agrees_with_the_check_on_random_rosters(case, data):
    """With a roster fixed, the model leaves open exactly the fewest shifts the minimums need,
    and the check of the roster with those open shifts finds no hard violation exactly when the
    model has a solution, at the model's cost."""
    p, history = case
    roster = Roster.from_codes(p, _random_days(data.draw, p.inst, p.plan_days))
    model = build(p, history, relax=RELAXED)
    if not model.v.fix(roster):
        return
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    status = solver.solve(model.cp)
    assert status != cp_model.UNKNOWN
    if status == cp_model.INFEASIBLE:
        assert check(p, roster.with_history(history)).hard  # some other hard rule is broken
        event("breaks another rule")
        return
    solved = model.v.extract(solver)
    counts: dict[tuple[int, str], int] = {}
    for o in solved.open:
        counts[o.shift.day, o.shift.code] = counts.get((o.shift.day, o.shift.code), 0) + 1
    assert counts == minimal_open(p, roster)
    report = check(p, solved.with_history(history))
    assert report.hard == []
    assert report.soft_cost == round(solver.objective_value)
    event("open shifts" if solved.open else "no open shift")


def one_nurse_two_shifts(nurse_weight: int | None, evening_hours: float):
    """One day, D needs a nurse and A anyone, and only one nurse may work: one shift stays open."""
    inst = make_instance(
        demand=[
            {"shift": "D", "on": ["weekday"], "min": 1, "requirements": [{"of": ["nurse"], "at_least": 1}]},
            {"shift": "A", "on": ["weekday"], "min": 1},
        ],
        rules={"coverage": {"competency_weight": 0}, "contract_hours": {"tolerance_hours": 200}},
    )
    data = inst.model_dump(by_alias=True)
    data["employees"] = [e for e in data["employees"] if e["id"] == "e1"]
    for c in data["competencies"]:
        if c["id"] == "nurse":
            c["open_shift_weight"] = nurse_weight
    for s in data["shifts"]:
        if s["code"] == "A":
            s["start"], s["end"], s["paid_hours"] = "12:00", "23:00", evening_hours
    from roster.instance import parse_instance

    return period(parse_instance(data, "test"), days=1)


def test_the_shift_that_needs_a_scarce_competency_is_filled_first():
    # An open D needs a nurse substitute: 7.5 h x (100 + 60) = 1200 against an open A's 10 h x 100
    p = one_nurse_two_shifts(nurse_weight=60, evening_hours=10)
    result = solve(p, SolveParams(time_limit=5, workers=1, open_shifts=True))
    assert [o.shift.code for o in result.roster.open] == ["A"]
    assert result.report.soft_cost == round(result.objective) == 1000 + 20  # ideal staffing: one short


def test_without_a_competency_weight_the_shorter_open_shift_is_left():
    p = one_nurse_two_shifts(nurse_weight=None, evening_hours=10)  # the rule's default: 0 here
    result = solve(p, SolveParams(time_limit=5, workers=1, open_shifts=True))
    [open_d] = result.roster.open
    assert open_d.shift.code == "D" and open_d.needs == (("nurse",),)
    assert result.report.soft_cost == round(result.objective) == 750 + 20
