"""Explanations of infeasible instances: the requirements that contradict each other are named, in
a set where dropping any one gives a roster, and requirements that play no part are not named."""

from __future__ import annotations

import re

import pytest
from ortools.sat.python import cp_model

from roster.errors import Infeasible
from roster.rules import RULES
from roster.solver.explain import find_conflict
from roster.solver.model import build
from roster.solver.solve import SolveParams, solve
from tests.conftest import make_instance, period

QUICK = SolveParams(time_limit=10, workers=1, seed=0)


def weekend_instance(every: int = 3, people: int = 7):
    """The classic tension: 3 day staff every Saturday and Sunday, each person at most every
    `every`-th weekend, `people` people. Also an absence and a fixed shift that play no part."""
    employees = [
        {"id": f"e{i}", "name": f"P{i}", "units": ["base"], "position": 50, "competencies": ["nurse"]}
        for i in range(1, people + 1)
    ]
    employees[0]["absences"] = [{"from": "2026-03-03", "to": "2026-03-04", "kind": "course"}]
    employees[1]["fixed"] = [{"date": "2026-03-05", "shift": "D"}]
    return make_instance(
        employees=employees,
        demand=[
            {"shift": "D", "on": ["weekday"], "min": 1},
            {"shift": "D", "on": ["saturday", "sunday"], "min": 3},
            {"shift": "A", "on": ["weekday", "saturday", "sunday"], "min": 0, "ideal": 1},
        ],
        rules={"weekend_frequency": {"every": every}, "contract_hours": {"tolerance_hours": 200}},
    )


def assert_minimal(p, conflict, history=None):
    """Without any one of the groups, the rest has a roster."""
    model = build(p, history, rules=[r for r in RULES if r.hard], explain=True)
    model.cp.clear_objective()
    literals = model.v.groups.literals
    for left_out in conflict.groups:
        model.cp.clear_assumptions()
        model.cp.add_assumptions([literals[g] for g in conflict.groups if g != left_out])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 10
        assert solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE), left_out


def test_weekend_tension_names_the_weekend_minimum_and_every_person_s_weekend_rule():
    p = period(weekend_instance(), days=28)
    conflict = find_conflict(p, None, QUICK)
    assert conflict is not None and conflict.minimal
    rules = {g.rule for g in conflict.groups}
    assert rules == {"coverage", "weekend_frequency"}  # not the absence, the fixed day, rest, hours
    staffing = [g for g in conflict.groups if g.rule == "coverage"]
    assert all(g.shift == "D" and str(g.requirement) == "at least 3 staff" for g in staffing)
    assert all(p.day_type(g.day) in ("saturday", "sunday") for g in staffing)
    # three weekends in a row need 9 different people; with 7, one day of each weekend suffices
    weekend_of = {d: w.index for w in p.weekends for d in w.days}
    assert len(staffing) == 3 and len({weekend_of[g.day] for g in staffing}) == 3
    assert {g.employee for g in conflict.groups if g.rule == "weekend_frequency"} == {
        f"e{i}" for i in range(1, 8)
    }
    assert_minimal(p, conflict)


def test_the_explanation_says_it_in_the_instance_s_words_and_exits_as_infeasible():
    p = period(weekend_instance(), days=28)
    with pytest.raises(Infeasible) as err:
        solve(p, QUICK)
    text = str(err.value)
    assert err.value.exit_code == 3
    assert "D needs at least 3 staff on" in text and "7 people may work D" in text
    assert "weekend frequency (every 3" in text and "e1, e2, e3, e4, e5, e6, e7" in text
    assert "absence" not in text and "fixed" not in text
    assert "open shifts" in text  # and how to plan anyway
    # The unit leader's own language, dates and rule titles included (roster solve --lang nb)
    norsk = err.value.in_lang("nb")
    assert norsk.startswith("disse kravene motsier hverandre")
    assert "D trenger minst 3 ansatte" in norsk and "7 personer kan jobbe D" in norsk
    assert re.search(r"(lør|søn)\. \d+\. mars", norsk) and "ledige vakter" in norsk
    assert "needs" not in norsk and "staff" not in norsk


def test_the_same_tension_is_no_contradiction_when_enough_people_may_work_weekends():
    p = period(weekend_instance(people=9), days=28)
    assert solve(p, SolveParams(time_limit=1, workers=1)).status in ("optimal", "feasible")


def test_with_open_shifts_the_weekend_tension_leaves_only_weekend_day_shifts_open():
    p = period(weekend_instance(), days=28)
    result = solve(p, SolveParams(time_limit=2, workers=1, open_shifts=True))
    assert result.roster.open
    assert all(o.shift.code == "D" and p.day_type(o.shift.day) != "weekday" for o in result.roster.open)
    assert result.report.hard == []  # the checker counts the open shifts towards the minimum


def test_fixed_shifts_that_break_daily_rest_name_that_person_only():
    inst = make_instance(rules={"contract_hours": {"tolerance_hours": 200}})
    employees = [e.model_dump(by_alias=True) for e in inst.employees]
    employees[2]["fixed"] = [{"date": "2026-03-02", "shift": "A"}, {"date": "2026-03-03", "shift": "D"}]
    p = period(inst.replace(employees=employees), days=7)
    conflict = find_conflict(p, None, QUICK)
    assert conflict.minimal
    assert {(g.rule, g.employee) for g in conflict.groups} == {
        ("fixed_assignments", "e3"),
        ("daily_rest", "e3"),
    }
    with pytest.raises(Infeasible, match=r"daily rest \(hours 11\), The base: e3, in Mon 2 Mar") as err:
        solve(p, QUICK)
    assert "e3 (fixed A on Mon 2 Mar, D on Tue 3 Mar)" in str(err.value)


def test_sick_leave_that_empties_the_only_qualified_person_names_the_absence_and_the_requirement():
    inst = make_instance(rules={"contract_hours": {"tolerance_hours": 200}})
    employees = [e.model_dump(by_alias=True) for e in inst.employees]
    for e in employees:  # only e1 may handle medication now; D needs one every day
        e["competencies"] = ["nurse"] if e["id"] == "e1" else ["hfa"]
    employees[0]["absences"] = [{"from": "2026-03-04", "to": "2026-03-04", "kind": "sick"}]
    p = period(inst.replace(employees=employees), days=7)
    conflict = find_conflict(p, None, QUICK)
    assert conflict.minimal
    named = {(g.rule, g.employee, g.day, g.requirement and str(g.requirement)) for g in conflict.groups}
    assert named == {("absences", "e1", None, None), ("coverage", None, 2, "at least 1 with med")}


@pytest.mark.slow
def test_saltdal_with_three_weekend_day_staff_names_the_weekend_arithmetic():
    from roster.calendar import Period
    from roster.instance import load_instance
    from roster.planning.scenario import apply, load_scenario
    from tests.conftest import ROOT

    inst = load_instance(ROOT / "instances" / "saltdal-2025.yaml")
    path = ROOT / "instances" / "scenarios" / "weekend-day-staff-3.yaml"
    p = Period(apply(inst, load_scenario(path), str(path)), inst.period.start, 28)
    conflict = find_conflict(p, None, SolveParams(time_limit=60, workers=2))
    assert conflict.minimal and {g.rule for g in conflict.groups} <= {
        "coverage",
        "weekend_frequency",
        "sunday_holiday",
    }
    staffing = [g for g in conflict.groups if g.rule == "coverage"]
    assert {g.shift for g in staffing} == {"D", "A"} and all(p.day_type(g.day) != "weekday" for g in staffing)
    base = {e.id for e in inst.employees if e.units == ["vensmoen"]}
    assert {g.employee for g in conflict.groups if g.employee} == base
