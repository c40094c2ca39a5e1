"""Rosters that meet every standard (roster/solver/standards.py): the standards held at zero, and
the case search's use of them once every case has had its first look."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from ortools.sat.python import cp_model

from roster.check import check
from roster.rules import RULES, Penalty
from roster.solver.cases import _Case, _CaseSearch, search
from roster.solver.model import build
from roster.solver.solve import SolveParams, _solver
from roster.solver.standards import UntilStalled, hold_standards
from tests.conftest import make_instance, period
from tests.test_cases import min_model

FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_ideal_staffing_is_the_one_soft_rule_that_is_a_target():
    soft = {rule.name: rule.target for rule in RULES if not rule.hard}
    assert soft.pop("ideal_staffing") is True
    assert soft and not any(soft.values())  # fair spread, wishes, visits, ...: standards


def test_held_standards_leave_rosters_that_pay_for_ideal_staffing_alone():
    """tiny.yaml's two weeks, every standard held at zero: the roster found keeps every hard rule,
    and the checker prices it by ideal staffing alone, where the model's weighted penalties
    include standards."""
    p = period(make_instance(), days=14)
    model = build(p)
    standards = [pen for pen in model.penalties if pen.rule != "ideal_staffing" and pen.weight > 0]
    assert standards and any(pen.rule == "ideal_staffing" for pen in model.penalties)
    cp = model.cp.clone()
    hold_standards(cp, model)
    solver = _solver(SolveParams(time_limit=20, workers=2, seed=0))
    assert solver.solve(cp) in FOUND
    assert all(solver.value(pen.term) == 0 for pen in standards)
    report = check(p, model.v.extract(solver))
    assert report.hard == []
    assert {rule for rule, cost in report.cost_by_rule().items() if cost} <= {"ideal_staffing"}


def test_the_case_search_keeps_a_roster_that_meets_every_standard_and_tells_its_cost():
    """A case of tiny.yaml's week searched for standards alone: its roster becomes the case's and
    the best, and a progress callback with `report` hears the cost of each roster found."""
    p = period(make_instance(), days=7)
    model = build(p)
    heard: list[float] = []
    progress = SimpleNamespace(report=heard.append)
    split = _CaseSearch(model, SolveParams(time_limit=30, workers=2, seed=0), _solver, progress, None)
    case = _Case({})
    split.cases.append(case)
    split._meet_standards(case)
    assert case.solver is not None and split.best is case
    assert heard and heard[-1] == case.objective
    report = check(p, model.v.extract(case.solver))
    assert report.hard == [] and sum(report.cost_by_rule().values()) == case.objective
    assert {rule for rule, cost in report.cost_by_rule().items() if cost} <= {"ideal_staffing"}


def test_standards_that_cannot_be_met_leave_the_search_to_find_the_optimum():
    """The toy of test_cases.py with a standard (the third worker's units, weight 3) that no roster
    meets: the search for it finds nothing, and the cases still prove the weighted optimum."""
    model, x = min_model()
    model.rules = [SimpleNamespace(name="spread", hard=False, target=False)]
    model.penalties = [Penalty("spread", 3, x[2])]
    model.cp.add(x[2] >= 1)
    outcome = search(model, SolveParams(time_limit=30, workers=2, seed=0), _solver)
    one = search(model, SolveParams(time_limit=30, workers=2, seed=0, cases=False), _solver)
    assert outcome.status == one.status == cp_model.OPTIMAL
    assert outcome.solver.objective_value == outcome.bound == one.solver.objective_value


def test_a_search_stalled_for_its_seconds_is_stopped_and_a_better_roster_restarts_the_wait():
    stopped = threading.Event()
    watch = UntilStalled(SimpleNamespace(stop_search=stopped.set), cp_model.CpModel(), 1.0)
    watch.on_solution_callback()
    assert not stopped.wait(0.3)
    watch.on_solution_callback()  # a better roster: the wait starts again
    assert not stopped.wait(0.5)  # 0.8 s after the first roster, 0.5 s after the second
    assert stopped.wait(5.0)


def test_without_seconds_nothing_stops_the_search():
    """One reproducible worker: the stall would be measured on the wall clock, so it is not."""
    stopped = threading.Event()
    watch = UntilStalled(SimpleNamespace(stop_search=stopped.set), cp_model.CpModel(), None)
    watch.on_solution_callback()
    assert not stopped.wait(0.3)
    watch.cancel()
