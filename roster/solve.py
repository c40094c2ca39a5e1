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
from roster.rules.base import day_text, hours_text
from roster.schedule import Roster
from roster.staged import solve_staged, uses_stages
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
    objective: float | None  # with visits: the roster's penalties and visits not made (continuity apart)
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


def solve(
    p: Period,
    params: SolveParams | None = None,
    history: Roster | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Result:
    """The best roster for the period within the time limit, re-checked by the checker.

    Raises Infeasible (with the reason in domain words) when no roster can keep the hard rules,
    and CheckerDisagrees when the checker finds a hard violation in the solver's roster (a bug)."""
    params = params or SolveParams()
    _explain_fixed(p, history)
    watcher = _Watcher(on_progress)
    started = time.monotonic()
    if uses_stages(p):  # ambulant visits: the roster first, then its visit plan (roster/staged.py)
        staged = solve_staged(p, history, params, _solver, watcher)
        status, solver = staged.status, staged.solver
    else:
        model = build(p, history)
        solver = _solver(params)
        status = solver.solve(model.cp, watcher)
    wall = time.monotonic() - started
    if status == cp_model.INFEASIBLE:
        raise Infeasible(explain_infeasible(p, history, params))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result("unknown", None, None, _bound(solver), wall, None, {}, None, params)
    if uses_stages(p):
        roster, objective, penalties = staged.roster, staged.objective, staged.penalties
    else:
        roster, objective, penalties = (
            model.v.extract(solver),
            solver.objective_value,
            model.cost_by_rule(solver),
        )
    report = check(p, roster.with_history(history))
    if report.hard:
        lines = "\n".join(f"  - {v.message}" for v in report.hard[:10])
        raise CheckerDisagrees(f"bug: the checker finds hard violations in the solver's roster:\n{lines}")
    return Result(
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        roster,
        objective,
        _bound(solver),
        wall,
        watcher.first,
        penalties,
        report,
        params,
    )


def _solver(params: SolveParams) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = params.workers
    if params.workers == 1:
        # Stop on CP-SAT's deterministic clock, so the same seed gives the same roster however busy
        # the machine is; the wall clock is only a safety net.
        solver.parameters.max_deterministic_time = params.time_limit
        solver.parameters.max_time_in_seconds = 3 * params.time_limit
    else:
        solver.parameters.max_time_in_seconds = params.time_limit
    if 2 <= params.workers <= 3:
        # With few workers CP-SAT's default portfolio has no strong LP worker and its bound stalls
        # (median gap 4.4 % after 60 s on Saltdal 2025 against 0.8 % with these: benchmarks/README.md).
        solver.parameters.subsolvers.extend(["max_lp", "core"])
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
                problems.append(
                    f"{emp.id} is fixed to {f.shift} on {day_text(p, day)}, which breaks: "
                    f"{', '.join(blocking)}"
                )
    if problems:
        raise Infeasible(
            "no roster can keep the fixed assignments:\n" + "\n".join(f"  - {line}" for line in problems)
        )


def explain_infeasible(p: Period, history: Roster | None, params: SolveParams) -> str:
    """Why no roster keeps the hard rules, in the words of the instance.

    Re-solves with the staffing minimums counted as shortfalls instead of required (every other
    hard rule kept) and names each demand that stays short; if that is not enough, contracted
    hours are relaxed too; if even that fails, names the employees whose own rules (absences,
    fixed assignments, history) contradict each other."""
    limit = SolveParams(time_limit=max(5.0, params.time_limit / 2), workers=params.workers, seed=params.seed)
    both = frozenset({"coverage", "contract_hours"})
    for relax, intro in (
        (frozenset({"coverage"}), "the staffing demand cannot be met within the working-time rules"),
        (both, "contracted hours and staffing cannot both be met"),
    ):
        status, lines = _relaxed(p, history, relax, limit)
        if status == "unknown":
            return "no roster found, and the time limit ran out before the reason could be found"
        if status != "infeasible":
            note = "" if status == "optimal" else " (the best found within the time limit)"
            return f"{intro}{note}; the closest roster still misses:\n" + "\n".join(lines)
    stuck = [
        emp.id
        for emp in p.inst.employees
        if _relaxed(
            Period(p.inst.replace(employees=[emp]), p.start, p.n_days, -p.first_day), history, both, limit
        )[0]
        == "infeasible"
    ]
    who = ", ".join(stuck) or "no single employee (the combination of people and rules)"
    return (
        "the rules contradict each other for some employees on their own: check their "
        f"absences, fixed assignments and the previous roster (--history): {who}"
    )


def _relaxed(
    p: Period, history: Roster | None, relax: frozenset[str], params: SolveParams
) -> tuple[str, list[str]]:
    """Solve the hard rules with `relax`ed minimums: (status, one line per shortfall)."""
    model = build(p, history, rules=[rule for rule in RULES if rule.hard], relax=relax)
    # A missing person weighs like a shift's worth of missing contract minutes.
    model.cp.minimize(sum((450 if pen.unit == "staff" else 1) * pen.term for pen in model.penalties))
    solver = _solver(params)
    status = solver.solve(model.cp)
    if status == cp_model.INFEASIBLE:
        return "infeasible", []
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "unknown", []
    lines = []
    for pen in model.penalties:
        value = solver.value(pen.term)
        if value > 0:
            amount = f"{value} missing" if pen.unit == "staff" else hours_text(value)
            lines.append(f"  - {pen.label}: {amount}")
    return ("optimal" if status == cp_model.OPTIMAL else "feasible"), lines


__all__ = ["Model", "Progress", "Result", "SolveParams", "gap", "solve"]
