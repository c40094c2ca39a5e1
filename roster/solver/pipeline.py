"""The search every model goes through, stage by stage:

1. the floor (roster/solver/floor.py): the fewest open shifts, then the fewest visits not made,
   each with a proven lower bound; its roster is the first;
2. the search for the best roster under the whole objective, starting from the floor's roster:
   case by case where the model has decisions its LP cannot see and the time allows
   (roster/solver/cases.py: its looks, rosters that meet every standard, splits on counts), else
   one CP-SAT search;
3. the floor's roster is the result where that search ends with none of its own (too short a time
   after the floor), or with more open shifts, or as many and more visits not made: those come
   first.

Each stage gets the time the ones before it left of the limit; Ctrl-C ends the stage running and
skips the rest (roster/solver/stopper.py). The search over people beside the full search is
started by roster/solver/solve.py, for models without open shifts or visits, which have no floor.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from roster.solver import cases
from roster.solver.cases import Outcome
from roster.solver.floor import counts, lay
from roster.solver.model import Model
from roster.solver.parts import Parts
from roster.solver.stopper import Stopper
from roster.solver.watching import SearchWatcher

log = logging.getLogger(__name__)


def search(
    model: Model,
    params: Any,
    solver_for: Callable[[Any], cp_model.CpSolver],
    callback: SearchWatcher | None = None,
    on_bound: Callable[[float], None] | None = None,
    parts: Callable[[], Parts | None] | None = None,
) -> Outcome:
    """The best roster of `model` within `params.time_limit`, its floor first. `solver_for(params)`
    makes a configured solver; `callback` (solve.py's watcher) is told the model, each roster's
    cost and the search's rosters; `parts()` gives the organisation's parts for a first roster part
    by part where the search finds none (roster/solver/parts.py)."""
    stopper = Stopper()
    return stopper.run(lambda: _stages(model, params, solver_for, callback, on_bound, parts, stopper))


def _stages(model, params, solver_for, callback, on_bound, parts, stopper: Stopper) -> Outcome:
    if callback is not None:
        callback.watch(model)
    floor = lay(model, params, solver_for, callback.report if callback is not None else None, stopper)
    if floor is None:
        return cases.search(model, params, solver_for, callback, on_bound, parts, stopper)
    outcome = None
    if not stopper.stopped:
        rest = dataclasses.replace(params, time_limit=max(0.1, params.time_limit - floor.seconds))
        outcome = cases.search(model, rest, solver_for, callback, on_bound, parts, stopper)
        solved = outcome.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if solved and counts(model, outcome.solver) <= counts(model, floor.solver):
            return dataclasses.replace(outcome, floor=floor)
        if solved:
            log.info("the search's roster leaves more open or unmade than the floor's: the floor's is kept")
    bound = None if outcome is None else outcome.bound
    return Outcome(cp_model.FEASIBLE, floor.solver, bound, floor)
