"""The full search beside the search over people: when its LP shows no bound, its core is handed over.

Where the full model's LP finishes, it gives the bound and guides CP-SAT's search: Curtois-Qu 4, 5
and 7 are proven within 60 s only with the LP worker beside the others. On the largest models the
first LP may not finish within the whole time limit (Curtois-Qu 13, 20 and 21: in 10 minutes their
bounds stayed below 1 % of their rosters), and the LP worker's core is better spent re-solving
blocks of people: handed over after a quarter of 10 minutes, their rosters ended 21-32 % better
(benchmarks/README.md, "Handing the LP's core to the search over people").

Which kind a model is shows only during the search, so the full search starts with all its workers.
If, after a share of the time limit, its bound is still no bound at all against the best roster so
far, it is stopped and started again with the workers the search over people does not use; the
search over people, which holds the best roster, then has their cores to itself. The first search's
bound stays.

A model too large for the full search within the memory budget (roster/solver/memory.py) is handed
over from the start (`at_once`): on Curtois-Qu 24 (1.79 M variables, 10 minutes) the full search
peaked at 11.7 GB, the second search from the start at 6.7 GB, with as good a roster
(benchmarks/README.md, "A memory budget").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ortools.sat.python import cp_model

from roster.solver.cases import Outcome, finite
from roster.solver.cpsat import lean, one_full_search
from roster.solver.improve import PeopleSearch
from roster.solver.model import Model

# The share of the time limit the full search's LP has to show a bound. The first LPs that finish
# showed theirs after 67-112 s of a 10-minute solve (Curtois-Qu 12, 15, 18), and 12's bound and
# guidance made its roster 4 % better (benchmarks/README.md, "The first LP, uncapped"); those that
# did not by 150 s showed none by 300 s either (13, 19, 20, 21).
PATIENCE = 0.25
# A bound below this share of the best roster's cost is no bound: one the LP has not lifted.
NO_BOUND = 0.01


def no_bound(bound: float | None, best: float) -> bool:
    """The search's bound says nothing yet about a roster of cost `best`."""
    return bound is None or bound < NO_BOUND * best


class Handover:
    """One search of the whole model beside `people` threads of the search over people (`helper`),
    handed over as the module says (`at_once`: from the start). `handed_at` is when it was (seconds
    from the start; None: not)."""

    def __init__(
        self,
        model: Model,
        params: Any,
        solver_for: Callable[[Any], cp_model.CpSolver],
        helper: PeopleSearch,
        people: int,
        at_once: bool = False,
    ):
        self.model, self.params, self.solver_for = model, params, solver_for
        self.helper, self.people, self.at_once = helper, people, at_once
        self.started = time.monotonic()
        self.handed_at: float | None = None
        self.bound: float | None = None

    def search(self, callback: Any, on_bound: Callable[[float], None] | None = None) -> Outcome:
        if self.at_once:
            self.handed_at = 0.0
            return self._second(self.params.time_limit, callback, on_bound)
        first = self._solver(self.params, on_bound)
        done = threading.Event()
        judge = threading.Thread(target=self._judge, args=(first, done), daemon=True)
        judge.start()
        status = first.solve(self.model.cp, callback)
        done.set()
        judge.join()
        outcome = Outcome(status, first, self._lift(first.best_objective_bound))
        if self.handed_at is None or status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            return outcome
        return self._hand_over(outcome, callback, on_bound)

    def _solver(self, params: Any, on_bound: Callable[[float], None] | None) -> cp_model.CpSolver:
        solver = self.solver_for(params)

        def record(bound: float) -> None:
            self._lift(bound)
            if on_bound is not None:
                on_bound(bound)

        solver.best_bound_callback = record
        return solver

    def _lift(self, bound: float) -> float | None:
        """The best bound of both searches, given a new one."""
        if (bound := finite(bound)) is not None and (self.bound is None or bound > self.bound):
            self.bound = bound
        return self.bound

    def _judge(self, solver: cp_model.CpSolver, done: threading.Event) -> None:
        """Once the patience is over and there is a roster to compare with: hand over, or not."""
        if done.wait(PATIENCE * self.params.time_limit):
            return
        while (best := self.helper.cost) is None:
            if done.wait(1.0):
                return
        if no_bound(self.bound, best):
            self.handed_at = time.monotonic() - self.started
            solver.stop_search()

    def _hand_over(self, first: Outcome, callback: Any, on_bound: Callable[[float], None] | None) -> Outcome:
        """The rest of the time with fewer workers."""
        left = self.params.time_limit - (time.monotonic() - self.started)
        if left <= 0:
            return first
        second = self._second(left, callback, on_bound)
        if second.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return replace(first, bound=second.bound)  # no roster of its own: the first's stands
        return second

    def _second(self, seconds: float, callback: Any, on_bound: Callable[[float], None] | None) -> Outcome:
        """The full search with the workers the search over people does not use, for `seconds`.
        Without the best roster as a hint: with one, CP-SAT 9.15 aborted the process once in eight
        10-minute runs ("Check failed: heuristics.fixed_search != nullptr", which others report with
        hints and interleaved search); without, the rosters ended better (benchmarks/README.md), and
        the search over people holds that roster anyway."""
        workers = max(1, self.params.workers - self.people)
        params = replace(self.params, workers=workers, time_limit=seconds, deterministic=False)
        second = self._solver(params, on_bound)
        if self.at_once:
            lean(second)
        elif second.parameters.interleave_search:
            # One worker interleaving CP-SAT's whole portfolio loads the model once for each of its
            # full-problem searches (Curtois-Qu 23 peaked at 12.5 GB; with one, 5.7 GB): one, without
            # the LP (which showed no bound), beside the neighbourhood searches.
            one_full_search(second)
        status = second.solve(self.model.cp, callback)
        return Outcome(status, second, self._lift(second.best_objective_bound))
