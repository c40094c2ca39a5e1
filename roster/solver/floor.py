"""The floor: the fewest open shifts and the fewest visits not made, each with a proven lower bound,
established before the search spends time on anything softer.

Why: under one weighted objective the search trades a few open shifts against many softer
penalties while it has not yet found good rosters, and on a short limit, one worker, a long horizon
or an unfamiliar unit it ended with open shifts and visits not made that no rule required (issue 30:
24 open shifts in a what-if baseline whose `solve` left none). Those are what leaders and planners
act on, so they come first and are proved: the floor solves the model for them alone, first the
open shifts' count, then, with that count held, the visits not made. Without the soft rules the
model is much easier, and CP-SAT's bound on each count says how many are unavoidable.

The search after it starts from the floor's roster. It is not held to the floor's counts by
constraints: with every minimum hard and every visit required, CP-SAT found first rosters in the
search case by case far harder, and Saltdal 2025 at 60 s ended at 437 and 44 360 instead of 360
(benchmarks/README.md, "One search for every unit", Decisions). The weights keep the counts: an
open shift or a visit not made costs more than the soft rules gain from it (rules/defaults.yaml),
and the search only ever moves to cheaper rosters. Where its roster still ends with more than the
floor's, the floor's roster is the result (roster/solver/pipeline.py): fewer open shifts and visits
come first.

What the floor counts is what the model counts: an open shift is one substitute (roster/rules/
coverage.py); a visit not made is one occurrence, or one short of a weekly need, that the roster
stage's staffing of visits cannot make (roster/rules/visits.py). That staffing is a relaxation of
the exact visit plan, so its bound is a bound of the plan's visits not made too.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from roster.solver.model import Model
from roster.solver.standards import UntilStalled
from roster.solver.stopper import Stopper
from roster.solver.tuning import FLOOR_OPEN, FLOOR_VISITS


@dataclass(frozen=True)
class Floor:
    """What the floor found and proved: the counts in its roster, and the fewest any lawful roster
    can have (visits: among the rosters with at most `open_shifts` open)."""

    open_shifts: int
    open_bound: int
    unplanned: int | None  # visits not made, as the roster stage counts them; None: no visits
    unplanned_bound: int | None
    seconds: float  # time taken, on the search's clock (deterministic for one reproducible worker)
    solver: Any = field(repr=False, compare=False)  # of its roster (values by the model's proto indices)


def open_shifts(model: Model) -> list[Any]:
    """The count of open shifts of each (day, shift); empty when coverage is not relaxed."""
    return [count for count, _ in model.v.open.values()]


def unmade(model: Model) -> list[Any]:
    """The terms that count visits not made; empty without visits."""
    return [pen.term for pen in model.penalties if pen.unit == "visits"]


def counts(model: Model, values: Any) -> tuple[int, int]:
    """(open shifts, visits not made) in the roster `values` holds (a solver of the model)."""

    def value(term: Any) -> int:
        return term if isinstance(term, int) else round(values.value(term))

    return sum(value(n) for n in open_shifts(model)), sum(value(t) for t in unmade(model))


def lay(
    model: Model,
    params: Any,
    solver_for: Callable[[Any], cp_model.CpSolver],
    report: Callable[[float], None] | None = None,
    stopper: Stopper | None = None,
) -> Floor | None:
    """Find the floor of `model` in shares of `params.time_limit` (FLOOR_OPEN, FLOOR_VISITS), each
    longer only until its first roster; then start the model from its roster (unless it has a start
    of its own: a replanning's old roster). `report` is told each roster's cost under the model's
    objective. None where the model has nothing to floor, or no roster came within the time limit."""
    opens, visits = open_shifts(model), unmade(model)
    if not opens and not visits:
        return None
    search = _Least(model, params, solver_for, report, stopper or Stopper())
    found = {}
    for name, terms, share in (("open", opens, FLOOR_OPEN), ("visits", visits, FLOOR_VISITS)):
        if terms and not search.stopper.stopped and search.least(sum(terms), share):
            found[name] = search.found_and_bound()
            search.cp.add(sum(terms) <= found[name][0])
    if search.solver is None or (opens and "open" not in found):
        return None
    if not model.cp.proto.solution_hint.vars:
        hint(model.cp, search.solver)
    opened, open_bound = found.get("open", (0, 0))
    unplanned, unplanned_bound = found.get("visits", (None, None))
    return Floor(opened, open_bound, unplanned, unplanned_bound, search.spent, search.solver)


class _Least:
    """Successive searches for the least of a count, in a copy of the model, each starting from the
    roster of the one before."""

    def __init__(self, model: Model, params: Any, solver_for: Callable, report: Callable | None, stopper):
        self.model, self.params, self.solver_for, self.report = model, params, solver_for, report
        self.stopper = stopper
        self.cp = model.cp.clone()
        self.spent = 0.0
        self.solver: cp_model.CpSolver | None = None  # of the latest roster
        self.status = cp_model.UNKNOWN

    def least(self, count: Any, share: float) -> bool:
        """Minimise `count` for `share` of the time limit (longer, up to the limit, until a first
        roster); whether a roster came."""
        cp = self.cp.clone()
        cp.minimize(count)
        if self.solver is not None:
            hint(cp, self.solver)
        solver, status = self._solve(cp, min(share * self.params.time_limit, self._left()), first=False)
        if status == cp_model.UNKNOWN and self._left() > 0 and not self.stopper.stopped:
            solver, status = self._solve(cp, self._left(), first=True)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self.solver, self.status = solver, status
        return True

    def found_and_bound(self) -> tuple[int, int]:
        """The count in the latest roster, and the least any roster can have."""
        solver = self.solver
        found = round(solver.objective_value)
        if self.status == cp_model.OPTIMAL:
            return found, found
        return found, max(0, min(found, math.ceil(solver.best_objective_bound - 1e-6)))

    def _left(self) -> float:
        return max(0.0, self.params.time_limit - self.spent)

    def _solve(self, cp: cp_model.CpModel, seconds: float, first: bool) -> tuple[cp_model.CpSolver, int]:
        solver = self.stopper.watch(
            self.solver_for(dataclasses.replace(self.params, time_limit=max(0.1, seconds)))
        )
        solver.parameters.stop_after_first_solution = first
        watch = UntilStalled(solver, self.model.cp, None, self.report)
        status = solver.solve(cp, watch)
        deterministic = getattr(self.params, "reproducible", False)
        self.spent += solver.response_proto.deterministic_time if deterministic else solver.wall_time
        return solver, status


def hint(cp: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """Start `cp` from the roster of `solver` (a solve of the same variables)."""
    hints = cp.proto.solution_hint
    hints.vars.clear()
    hints.values.clear()
    values = solver.response_proto.solution
    hints.vars.extend(range(len(values)))
    hints.values.extend(values)
