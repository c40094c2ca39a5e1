"""Solving an instance with ambulant visits in two stages: first the roster, with the staffing its
visits need; then, for that roster, the exact visit plan.

Why: planning the visits for a fixed roster is quick (CP-SAT proves a 4-week plan optimal in about a
second), while searching rosters and visit plans in one model is slow, because every change to a
shift must move the visits of that day with it. The first stage's model is the roster's with
`StaffingVariables` in place of the visit plan: a relaxation, so its bound is a valid lower bound of
the roster's cost plus the visits not made. Continuity of care is optimised in the second stage, for
the roster found: it decides who makes each visit among the staff on duty, and is not traded
against the roster's own penalties (staffing, wishes, fairness, rest).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.rules.base import Penalty
from roster.rules.visit_continuity import RULE as VISIT_CONTINUITY
from roster.rules.visits import RULE as VISITS
from roster.rules.visits import STAFFING
from roster.schedule import Roster
from roster.solver import cpsat
from roster.solver.model import Model, applicable, assignment_cost, build
from roster.solver.pipeline import search
from roster.solver.watching import SearchWatcher

CONTINUITY = VISIT_CONTINUITY.name  # priced beside the staged objective, not in it


@dataclass
class Staged:
    status: int  # CP-SAT status of the roster stage
    roster: Roster | None
    objective: float | None  # the roster's penalties plus the visits not made (continuity apart)
    bound: float | None
    penalties: dict[str, int]  # by rule, continuity included
    solver: cp_model.CpSolver  # of the roster stage
    cp: cp_model.CpModel  # the roster stage's model
    floor: Any = None  # the roster stage's floor (roster/solver/floor.py)


class Replanning(Protocol):
    """What replanning (roster/planning/repair.py) adds to both stages: the old roster and visit plan kept
    before the change, and a cost for each change from it on."""

    relax: frozenset[str]  # hard rules the replanning may miss at a cost

    def bind_roster(self, model: Model) -> Any:
        """Keep and hint the old roster in `model`; the cost of its changes (a linear expression)."""

    def bind_visits(self, m: cp_model.CpModel, visits: Any) -> list[Penalty]:
        """The same for the visit plan (`visits`: the plan's VisitVariables)."""


def uses_stages(p: Period) -> bool:
    return any(rule.name == STAFFING.name for rule in applicable(p))


def plan_seconds(time_limit: float) -> float:
    """The share of the time limit kept for the visit plan (a 4-week plan takes 0.3 s)."""
    return max(1.0, min(5.0, time_limit / 30))


def solve_staged(
    p: Period,
    history: Roster | None,
    params,
    solver_for: Callable,
    callback: SearchWatcher,
    replan: Replanning | None = None,
) -> Staged:
    """The roster stage, then the visit plan for its roster."""
    rules = [STAFFING if r.name == STAFFING.name else r for r in applicable(p) if r.name != CONTINUITY]
    first = build(p, history, rules, relax=params.relax | (replan.relax if replan else frozenset()))
    if replan is not None:
        first.cp.minimize(sum(pen.weight * pen.term for pen in first.penalties) + replan.bind_roster(first))
    plan_time = plan_seconds(params.time_limit)
    stage = dataclasses.replace(params, time_limit=max(0.1, params.time_limit - plan_time))
    outcome = search(first, stage, solver_for, callback)
    status, solver = outcome.status, outcome.solver
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Staged(status, None, None, outcome.bound, {}, solver, first.cp, outcome.floor)
    roster_costs = first.cost_by_rule(solver)
    needed = roster_costs.pop(STAFFING.name, 0)  # the first stage's estimate of the visits not made
    roster = first.v.extract(solver)
    plan_params = dataclasses.replace(params, time_limit=plan_time)
    plan = plan_visits(p, history, roster, plan_params, solver_for, replan)
    visit_costs = {
        rule: plan.penalties.get(rule, 0) for rule in (STAFFING.name, CONTINUITY) if rule in plan.penalties
    }
    # The roster's penalties, and a replanning's changes (the objective's terms beyond penalties).
    roster_cost = round(assignment_cost(first.cp, solver))
    objective = roster_cost - needed + visit_costs.get(STAFFING.name, 0)
    if status == cp_model.OPTIMAL and objective > roster_cost:
        status = cp_model.FEASIBLE  # the plan misses visits the staffing stage thought possible
    return Staged(
        status,
        plan.roster,
        objective,
        outcome.bound,
        {**roster_costs, **visit_costs},
        solver,
        first.cp,
        outcome.floor,
    )


@dataclass
class Plan:
    roster: Roster  # the given roster with its visit plan
    penalties: dict[str, int]


class _FixedRoster:
    """A finished roster as constant shift choices: all the visit encodings need of `Variables`."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.visits = None

    def options(self, emp_id: str, day: int) -> list:
        return [(shift, 1) for shift in self.roster.on(emp_id, day)]


def plan_visits(
    p: Period,
    history: Roster | None,
    roster: Roster,
    params,
    solver_for: Callable,
    replan: Replanning | None = None,
) -> Plan:
    """The best visit plan for a fixed roster: most visits made, then best continuity (a visit not
    made weighs more than all continuity penalties together); when replanning, the fewest changes
    to the old plan come before continuity."""
    m = cp_model.CpModel()
    fixed = _FixedRoster(roster.with_history(history))
    penalties = []
    for rule in applicable(p, [VISITS, VISIT_CONTINUITY]):
        penalties += rule.encode(m, fixed, p)  # visits first: it makes `fixed.visits`
    if replan is not None and fixed.visits is not None:
        penalties += replan.bind_visits(m, fixed.visits)
    m.minimize(sum(pen.weight * pen.term for pen in penalties))

    def planner(params):
        # A replanning keeps the search it is given: with the single search of a fresh plan it
        # kept no fewer of the old plan's visits than planning afresh (tests/test_repair.py: 35
        # changes either way, one worker, 5 s).
        return solver_for(params) if replan is not None else cpsat.visit_plan(solver_for(params))

    solver = planner(params)
    status = solver.solve(m)
    if status == cp_model.INFEASIBLE and replan is not None:
        # The old plan breaks the visit rules before the change (a hand-edited file): it cannot
        # be kept, so the visits are planned afresh, and every one that moves is listed.
        return plan_visits(p, history, roster, params, solver_for)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Making no visit is always a plan; only a tiny time limit on a busy machine gets here.
        solver = planner(dataclasses.replace(params, time_limit=max(10.0, 2 * params.time_limit)))
        if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError("no visit plan found for a fixed roster")
    shifts = {e: list(s) for e, s in roster.shifts.items()}
    planned = Roster(p, shifts, open=list(roster.open), visits=fixed.visits.extract(solver))
    costs: dict[str, int] = {}
    for pen in penalties:
        costs[pen.rule] = costs.get(pen.rule, 0) + pen.weight * (
            pen.term if isinstance(pen.term, int) else solver.value(pen.term)
        )
    return Plan(planned, costs)
