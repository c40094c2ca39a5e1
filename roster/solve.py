"""solve(period, params) -> Result: CP-SAT with a time limit, workers and a seed; progress on a
terminal; Ctrl-C keeps the best roster found; every roster re-checked before it is returned."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.check import Report, check
from roster.errors import CheckerDisagrees, Infeasible
from roster.model import Model, applicable, build
from roster.rules import RULES
from roster.rules.base import day_text
from roster.schedule import Roster
from roster.terms import OFF


@dataclass(frozen=True)
class SolveParams:
    time_limit: float = 60.0
    workers: int = field(default_factory=lambda: min(8, os.cpu_count() or 1))
    seed: int = 0
    log: bool = False  # CP-SAT's own search log on stderr


@dataclass(frozen=True)
class Progress:
    objective: float
    bound: float
    gap: float
    elapsed: float


@dataclass
class Result:
    status: str  # optimal, feasible, infeasible or unknown (no roster in time)
    roster: Roster | None
    objective: float | None
    bound: float | None
    wall_s: float
    first_solution_s: float | None
    penalties: dict[str, int]  # objective by rule, from the model
    report: Report | None  # the independent checker's verdict on the roster
    params: SolveParams

    @property
    def gap(self) -> float | None:
        return gap(self.objective, self.bound)


def gap(objective: float | None, bound: float | None) -> float | None:
    """Relative distance between the roster's cost and the best bound (0 when proven optimal)."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Records when the first roster arrives and reports progress on every improvement."""

    def __init__(self, on_progress: Callable[[Progress], None] | None):
        super().__init__()
        self.on_progress = on_progress
        self.first: float | None = None
        self.bound = float("-inf")
        self.started = time.monotonic()

    def report(self, objective: float) -> None:
        if self.on_progress is not None:
            elapsed = time.monotonic() - self.started
            self.on_progress(Progress(objective, self.bound, gap(objective, self.bound) or 0.0, elapsed))

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = time.monotonic() - self.started
        self.bound = self.best_objective_bound
        self.report(self.objective_value)


def solve(p: Period, params: SolveParams | None = None, history: Roster | None = None,
          on_progress: Callable[[Progress], None] | None = None) -> Result:
    """The best roster for the period within the time limit, re-checked by the checker.

    Raises Infeasible (with the reason in domain words) when no roster can keep the hard rules,
    and CheckerDisagrees when the checker finds a hard violation in the solver's roster (a bug)."""
    params = params or SolveParams()
    _explain_fixed(p, history)
    model = build(p, history)
    solver = _solver(params)
    watcher = _Watcher(on_progress)
    started = time.monotonic()
    status = solver.solve(model.cp, watcher)
    wall = time.monotonic() - started
    if status == cp_model.INFEASIBLE:
        raise Infeasible(explain_infeasible(p, history, params))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result("unknown", None, None, _bound(solver), wall, None, {}, None, params)
    roster = model.v.extract(solver)
    report = check(p, roster.with_history(history))
    if report.hard:
        lines = "\n".join(f"  - {v.message}" for v in report.hard[:10])
        raise CheckerDisagrees(f"bug: the checker finds hard violations in the solver's roster:\n{lines}")
    return Result("optimal" if status == cp_model.OPTIMAL else "feasible", roster,
                  solver.objective_value, _bound(solver), wall, watcher.first,
                  model.cost_by_rule(solver), report, params)


def _solver(params: SolveParams) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = params.time_limit
    solver.parameters.num_workers = params.workers
    solver.parameters.random_seed = params.seed
    solver.parameters.log_search_progress = params.log
    solver.parameters.catch_sigint_signal = True  # Ctrl-C ends the search, keeping the best roster
    if params.log:
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    return solver


def _bound(solver: cp_model.CpSolver) -> float | None:
    bound = solver.best_objective_bound
    return bound if abs(bound) < 1e18 else None


# ---- why there is no roster ---------------------------------------------------------------------

def _explain_fixed(p: Period, history: Roster | None) -> None:
    """A fixed assignment another rule rules out can never be kept: say which rule, up front."""
    problems = []
    for emp in p.inst.employees:
        for f in emp.fixed:
            day = p.day_of(f.date)
            if not p.in_plan(day) or f.shift == OFF:
                continue
            shift = p.inst.shift_by_code[f.shift]
            blocking = [rule.title for rule in applicable(p) if not rule.allows(p, emp, day, shift)]
            if blocking:
                problems.append(f"{emp.id} is fixed to {f.shift} on {day_text(p, day)}, which breaks: "
                                f"{', '.join(blocking)}")
    if problems:
        raise Infeasible("no roster can keep the fixed assignments:\n" +
                         "\n".join(f"  - {line}" for line in problems))


def explain_infeasible(p: Period, history: Roster | None, params: SolveParams) -> str:
    """Which staffing demands cannot be met under the hard rules, in the words of the instance.

    Re-solves with the staffing minimums as counted shortfalls (all other hard rules kept) and
    names every demand that stays short. If even that fails, the other rules contradict each
    other for some employees on their own (history, absences, fixed assignments, contract)."""
    hard = [rule for rule in RULES if rule.hard]
    relaxed = build(p, history, rules=hard, relax=frozenset({"coverage"}))
    relaxed.cp.minimize(sum(pen.weight * pen.term for pen in relaxed.penalties))
    solver = _solver(SolveParams(time_limit=max(5.0, params.time_limit / 2), workers=params.workers,
                                 seed=params.seed))
    status = solver.solve(relaxed.cp)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        short = [(pen.label, solver.value(pen.term)) for pen in relaxed.penalties
                 if pen.label and solver.value(pen.term) > 0]
        proven = "" if status == cp_model.OPTIMAL else " (best found in the time limit)"
        lines = [f"  - {label}: {n} missing" for label, n in short]
        return (f"the staffing demand cannot be met within the working-time rules{proven}; "
                f"even the best roster leaves {sum(n for _, n in short)} short:\n" + "\n".join(lines))
    if status == cp_model.INFEASIBLE:
        return ("the hard rules contradict each other even with no staffing demand at all: check "
                "contracted hours against absences, fixed assignments and the previous roster "
                "(--history) for: " + ", ".join(_stuck_employees(p, history, params)))
    return "no roster found, and the time limit ran out before the reason could be found"


def _stuck_employees(p: Period, history: Roster | None, params: SolveParams) -> list[str]:
    """Employees whose own rules (without staffing) cannot be met."""
    stuck = []
    hard = [rule for rule in RULES if rule.hard and rule.name != "coverage"]
    for emp in p.inst.employees:
        alone = p.inst.replace(employees=[emp])
        single = Period(alone, p.start, p.n_days, -p.first_day)
        model = build(single, history, rules=hard)
        solver = _solver(SolveParams(time_limit=5.0, workers=1, seed=params.seed))
        if solver.solve(model.cp) == cp_model.INFEASIBLE:
            stuck.append(emp.id)
    return stuck or ["(no single employee: the combination of people and rules)"]


__all__ = ["Model", "Progress", "Result", "SolveParams", "gap", "solve"]
