"""Searching case by case on decisions the LP relaxation cannot see.

Some rules hinge on a yes-or-no decision whose LP relaxation is weak. The KS three-shift norm is
the one that matters: a night worker's hours due drop by min(credits earned, cap)
(roster/rules/contract_hours.py), and the LP of a minimum is only its chord. The LP then lets every
night worker earn credits almost for free, so CP-SAT's bound stays far below any roster, and the
search, guided by that LP, settles on rosters where night work is spread thin. Once each night
worker's side is fixed (the credits reach the cap, or they stay below it), the reduction is
linear and the LP sees it exactly. So the search splits into those cases (rules register the
decision in `Variables.split_on`) and solves each with CP-SAT:

- probing first: presolve alone shows which sides cannot hold (a night-only position always reaches
  the cap), and those decisions are settled for every case, as far as probing's share of the time
  (PROBING) goes;
- as many of the other decisions as the time limit allows each case a fair first look
  (CASE_SECONDS) are split; the rest stay with the search inside every case;
- best first: a first look at every case (FIRST_LOOKS: half the time, shared out), then always the
  open case with the lowest bound, starting from its own best roster, for twice its last turn or
  until its bound passes another's; a case closes when it is solved, or shown to hold nothing
  better than the best roster so far (its objective is cut off there);
- once every case has had its look, the case with the lowest bound is searched for a roster that
  meets every standard (roster/solver/standards.py): on Saltdal the optimum, found in seconds;
- the case with the lowest bound is split once more before its next turn, on counts its LP also sees
  fractionally (rules register them in `Variables.split_counts`: a night worker's nights, for the
  NIGHT_COUNTS smallest positions): fewer than in the best roster, as many, more. Its pieces cover
  it; most are empty or far above it, and the one that holds the best roster has a much tighter
  LP to search it by. From then on, turns to improve the best roster (not stopped by another
  case's bound) take as much time as the best-first turns;
- a model too large for the looks: when a case's turn ends on its time with no roster while none is
  known, the rest of the time goes to one search of the whole model, started from the first
  rosters of the organisation's parts where it has several (roster/solver/parts.py).

The cases cover every roster, so the lowest bound over the open cases is a bound of the whole.
Measured side by side (benchmarks/README.md, 60 s, 2 workers, medians of 3 seeds): the bound on
Saltdal 2025 rises from 293 to 340 and the gap falls from 19.5 % to 12.6 %; on Saltdal 2040 from
682 to 718 (7.1 % to 4.0 %), with rosters about 2 % worse there. With one deterministic worker,
time is counted on CP-SAT's deterministic clock, so a seed still gives the same roster every run.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from roster.schedule import Roster
from roster.solver import cpsat
from roster.solver.floor import hint as _hint
from roster.solver.model import Model, assignment_cost
from roster.solver.parts import Parts
from roster.solver.standards import UntilStalled, hold_standards
from roster.solver.stopper import Stopper
from roster.solver.tuning import CASE_SECONDS, FIRST_LOOKS, NIGHT_COUNTS, PROBING, STALL, STANDARDS
from roster.solver.watching import SearchWatcher

# Each turn and split of the search, at DEBUG level (`roster solve --log`): where a run's time went.
log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What the search ends with: CP-SAT's status for the whole, the solver that holds the best
    roster (its values are read through it), and the bound over everything searched."""

    status: int
    solver: cp_model.CpSolver
    bound: float | None
    floor: Any = None  # the floor the search started from (roster/solver/floor.py), if it had one


@dataclass(eq=False)  # a case is itself alone: `in` and `remove` go by identity
class _Case:
    fixed: dict[int, bool]  # proto index of a decision -> its side in this case
    # proto index of a decision -> the range of its count (Variables.split_counts) in this piece
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)
    bound: float = -math.inf
    seconds: float = 0.0  # the time of its next solve
    solver: cp_model.CpSolver | None = None  # of its best roster
    objective: float = math.inf
    closed: bool = False


@dataclass
class _Clock:
    """Time spent, on CP-SAT's deterministic clock for a reproducible single worker, else the wall's."""

    deterministic: bool
    limit: float
    wall_limit: float  # SolveParams.wall_limit: beside the deterministic clock, its safety net
    started: float = field(default_factory=time.monotonic)
    spent_deterministic: float = 0.0

    def spent(self) -> float:
        return self.spent_deterministic if self.deterministic else time.monotonic() - self.started

    def left(self) -> float:
        if time.monotonic() - self.started > self.wall_limit:
            return 0.0  # the wall clock's safety net
        return max(0.0, self.limit - self.spent())

    def count(self, seconds: float) -> None:
        self.spent_deterministic += seconds


def search(
    model: Model,
    params: Any,
    solver_for: Callable[[Any], cp_model.CpSolver],
    callback: SearchWatcher | None = None,
    on_bound: Callable[[float], None] | None = None,
    parts: Callable[[], Parts | None] | None = None,
    stopper: Stopper | None = None,
) -> Outcome:
    """Solve the model within `params.time_limit`: case by case where it has decisions to split
    on and the time allows, else in one search. `solver_for(params)` makes a configured solver;
    `callback` is told the model first (to price its rosters by it), and each roster;
    `parts()` gives the models of the organisation's parts, for a first roster part by part where
    the cases find none (roster/solver/parts.py); `stopper` is the Ctrl-C of the search this is
    a stage of (roster/solver/stopper.py)."""
    stopper = stopper or Stopper()
    if callback is not None:
        callback.watch(model)
    if not splits(model, params):
        return plain_search(model, params, solver_for, callback, on_bound, stopper)
    split = _CaseSearch(model, params, solver_for, callback, on_bound, parts, stopper)
    return split.run([lit.index for lit in model.v.split_on])


def splits(model: Model, params: Any) -> bool:
    """Whether `search` goes case by case: the model has decisions to split on, and the time
    allows a first look at two cases at least."""
    return bool(params.cases and model.v.split_on and splits_affordable(params.time_limit))


def splits_affordable(seconds: float) -> int:
    """How many decisions can be split in `seconds`: each case gets at least CASE_SECONDS in the
    first looks."""
    cases = FIRST_LOOKS * seconds / CASE_SECONDS
    return int(math.log2(cases)) if cases >= 2 else 0


def plain_search(model, params, solver_for, callback, on_bound=None, stopper=None) -> Outcome:
    """One CP-SAT search of the whole model."""
    solver = (stopper or Stopper()).watch(solver_for(params))
    if on_bound is not None:
        solver.best_bound_callback = on_bound
    status = solver.solve(model.cp, callback)
    return Outcome(status, solver, finite(solver.best_objective_bound))


class _CaseSearch:
    def __init__(self, model, params, solver_for, callback, on_bound, parts=None, stopper=None):
        self.model, self.params, self.solver_for = model, params, solver_for
        self.callback, self.on_bound, self.parts = callback, on_bound, parts
        self.clock = _Clock(params.reproducible, params.time_limit, params.wall_limit)
        self.cases: list[_Case] = []
        self.best: _Case | None = None
        self.stopper = stopper or Stopper()

    def run(self, decisions: list[int]) -> Outcome:
        settled, open_ = self._probe(decisions)
        splits = open_[: splits_affordable(self.clock.left())]
        for sides in itertools.product((True, False), repeat=len(splits)):  # reaching the cap first
            self.cases.append(_Case({**settled, **dict(zip(splits, sides, strict=True))}))
        for case in self.cases:
            case.seconds = FIRST_LOOKS * self.clock.left() / len(self.cases)
        counts = self._counts(splits)
        spent: dict[bool, float] | None = None  # once split on counts: improving the best roster, the bound
        looked = False  # every case has had its first look
        # Best first: the open case with the lowest bound holds the bound of the whole back, so it
        # is solved next (every case's first look comes first, its bound unknown until then).
        while not self.stopper.stopped and self.clock.left() > 0 and (todo := self._open()):
            lowest = min(todo, key=lambda c: c.bound)
            if not looked and lowest.bound > -math.inf:
                looked = True
                if self.params.standards:
                    self._meet_standards(lowest)
                continue
            # Once a case is split on counts, the time is shared equally between turns that lift
            # the lowest bound and turns that improve the best roster where another case holds it.
            improve = spent is not None and self.best in todo and self.best is not lowest
            improve = improve and spent[True] <= spent[False]
            if not improve and self._splits(lowest, counts, first=spent is None):
                self._split_counts(lowest, counts)
                spent = spent or {True: 0.0, False: 0.0}
                continue
            case = self.best if improve else lowest
            started = self.clock.spent()
            ran_out = self._solve(case, improve)
            if spent is not None:
                spent[improve] += self.clock.spent() - started
            if ran_out and self.best is None and self.clock.left() > 0:
                return self._whole(settled)
        return self._outcome()

    def _splits(self, case: _Case, counts: list[int], first: bool) -> bool:
        """Whether the case with the lowest bound is split on counts before its next turn: once it
        has had its first look, with a roster known to split around. Its pieces' looks, cut off at
        the best roster, close most of them in about a second each where that roster meets every
        standard (roster/solver/standards.py); a turn of the case lifted its bound by 0-2
        (benchmarks/README.md). The first split needs the time for its pieces' looks; the later
        ones' pieces are mostly empty or far above (presolve or a first LP closes them)."""
        if not counts or case.counts or case.bound == -math.inf or self.best is None:
            return False
        return not first or self._affords_split(3 ** len(counts))

    def _meet_standards(self, case: _Case) -> None:
        """Search the case for a roster that meets every standard (roster/solver/standards.py) and
        beats the best so far, until the search stalls or its share of the time is spent."""
        cp = self._case_model(case)
        cp.clear_hints()  # a roster that breaks standards: as a hint it held the search back
        hold_standards(cp, self.model)
        if self.best is not None:
            _cut_off(cp, self.best.objective)
        seconds = min(self.clock.left(), STANDARDS * self.clock.limit)
        solver = self.solver_for(dataclasses.replace(self.params, time_limit=max(0.1, seconds)))
        # The stall is measured on the wall clock: one reproducible worker runs its whole share.
        stall = UntilStalled(
            solver,
            cp,
            None if self.params.reproducible else STALL,
            None if self.callback is None else self.callback.report,
        )
        self.stopper.watch(solver)
        status = solver.solve(cp, stall)
        stall.cancel()
        self.clock.count(solver.response_proto.deterministic_time)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self._keep(case, assignment_cost(cp, solver), solver)
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%6.1f s meeting every standard in %s: %s, roster %s",
                self.clock.spent(),
                self._named(case),
                solver.status_name(status),
                case.objective,
            )

    def _affords_split(self, pieces: int) -> bool:
        """Whether the time left gives each piece a look (CASE_SECONDS). Before the search for rosters
        that meet every standard, the best roster needed as much again: Saltdal 2025 split at 60 s
        ended with worse rosters (median of 5 seeds 402 / 346 against 373 / 340 unsplit;
        benchmarks/README.md)."""
        return self.clock.left() >= pieces * CASE_SECONDS

    def _counts(self, splits: list[int]) -> list[int]:
        """The split decisions whose counts the cases are split on once more (NIGHT_COUNTS of them)."""
        counts = self.model.v.split_counts
        return sorted((d for d in splits if d in counts), key=lambda d: counts[d][0])[:NIGHT_COUNTS]

    def _split_counts(self, case: _Case, decisions: list[int]) -> None:
        """Replace the case by pieces that cover it: for each decision, its count fewer than in the
        best roster (the case's own, else the best so far), as many, or more. The piece that holds
        the case's roster keeps it."""
        pivot = case.solver or self.best.solver
        now = {decision: self._count(pivot, decision) for decision in decisions}
        spans = [
            [(d, span) for span in _around(now[d], len(self.model.v.split_counts[d][1]))] for d in decisions
        ]
        self.cases.remove(case)
        if log.isEnabledFor(logging.DEBUG):
            around = {self.model.cp.proto.variables[d].name: n for d, n in now.items()}
            log.debug("%6.1f s split %s on counts, around %s", self.clock.spent(), self._named(case), around)
        for combination in itertools.product(*spans):
            piece = _Case(case.fixed, dict(combination), case.bound, CASE_SECONDS)
            if case.solver is not None and self._holds(piece, case.solver):
                piece.solver, piece.objective = case.solver, case.objective
                if self.best is case:
                    self.best = piece
            self.cases.append(piece)

    def _holds(self, piece: _Case, solver: cp_model.CpSolver) -> bool:
        """Whether the roster of `solver` lies in the piece."""
        return all(lo <= self._count(solver, d) <= hi for d, (lo, hi) in piece.counts.items())

    def _count(self, solver: cp_model.CpSolver, decision: int) -> int:
        """The decision's count in the roster of `solver`."""
        return round(solver.value(self._counted(decision)))

    def _counted(self, decision: int) -> cp_model.LinearExprT:
        """The decision's count (Variables.split_counts), as a linear expression."""
        return sum(self.model.v.split_counts[decision][1])

    def _whole(self, settled: dict[int, bool]) -> Outcome:
        """The rest of the time in one search of the whole model, once a case's turn has ended on
        its time with no roster while none is known: the looks are too short for this model.
        Generated organisations of 100 staff found none in a 3-s look, nor in the turns after it
        (benchmarks/README.md, "Models too large for the first looks"). The settled decisions stay:
        presolve ruled their other side out, so they hold in every roster. Where the organisation
        has parts, it starts from their first rosters put together (unless the model has a hint of
        its own: a replanning's old roster)."""
        by_parts = None if self.model.cp.proto.solution_hint.vars else self._first_by_parts()
        start = self._completed(by_parts) if by_parts is not None else None
        if self.stopper.stopped:
            return self._outcome()
        cp = self.model.cp.clone()
        for index, side in settled.items():
            cp.add(cp.get_bool_var_from_proto_index(index) == int(side))
        if start is not None:
            _hint(cp, start)
        solver = self.solver_for(dataclasses.replace(self.params, time_limit=self.clock.left()))
        if self.callback is not None:
            self.callback.whole = lambda bound: bound
        if self.on_bound is not None:
            solver.best_bound_callback = self.on_bound
        self.stopper.watch(solver)
        status = solver.solve(cp, self.callback)
        return Outcome(status, solver, finite(solver.best_objective_bound))

    def _first_by_parts(self) -> Roster | None:
        """Each part's first roster, in an equal share of the time left, put together; None where
        the organisation is one part, or a part has no roster in its share."""
        found = self.parts() if self.parts is not None else None
        if found is None:
            return None
        solvers = []
        for i, model in enumerate(found.models):
            share = self.clock.left() / (len(found.models) - i)
            solver = self.solver_for(dataclasses.replace(self.params, time_limit=max(0.1, share)))
            solver.parameters.stop_after_first_solution = True
            self.stopper.watch(solver)
            status = solver.solve(model.cp)
            self.clock.count(solver.response_proto.deterministic_time)
            if self.stopper.stopped or status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return None
            solvers.append(solver)
        return found.roster(solvers)

    def _completed(self, roster: Roster) -> cp_model.CpSolver | None:
        """The whole model's every variable for a roster: hinted by its shifts alone, the search of
        200 generated staff found no roster in 60 s; hinted complete, it had the roster in 4 s."""
        self.model.v.hint(roster)
        cp = self.model.cp.clone()
        self.model.cp.clear_hints()
        solver = self.stopper.watch(cpsat.completing(max(0.1, self.clock.left())))
        status = solver.solve(cp)
        self.clock.count(solver.response_proto.deterministic_time)
        return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    def _probe(self, decisions: list[int]) -> tuple[dict[int, bool], list[int]]:
        """Settle the decisions one side of which presolve alone rules out (a side that cannot
        hold either is left to the case's solve, which then finds no roster), in order, a worker
        each, while probing has taken less than its share of the time (PROBING). Decisions not
        probed stay with the search inside every case, as the unsplit ones do."""
        settled: dict[int, bool] = {}
        open_: list[int] = []
        batch = max(1, self.params.workers)
        for at in range(0, len(decisions), batch):
            if self.clock.spent() >= PROBING * self.clock.limit:
                break
            with ThreadPoolExecutor(batch) as pool:
                sides = list(pool.map(self._side_left, decisions[at : at + batch]))
            for index, (side, seconds) in zip(decisions[at : at + batch], sides, strict=True):
                self.clock.count(seconds)  # in order, so that one worker's clock is the same every run
                if side is None:
                    open_.append(index)
                else:
                    settled[index] = side
        return settled, open_

    def _side_left(self, index: int) -> tuple[bool | None, float]:
        """The one side of a decision presolve leaves (None: both), and the deterministic time taken."""
        seconds = 0.0
        for side in (False, True):  # below the cap first: a night-only position always reaches it
            ruled_out, spent = self._presolve_rules_out(index, side)
            seconds += spent
            if ruled_out:
                return not side, seconds
        return None, seconds

    def _presolve_rules_out(self, index: int, side: bool) -> tuple[bool, float]:
        """Whether presolve alone rules out this side of a decision, and the deterministic time taken."""
        cp = self.model.cp.clone()
        cp.add(cp.get_bool_var_from_proto_index(index) == int(side))
        solver = cpsat.presolve_only(self.params.seed)
        ruled_out = solver.solve(cp) in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID)
        return ruled_out, solver.response_proto.deterministic_time

    def _open(self) -> list[_Case]:
        return [c for c in self.cases if not c.closed and c.bound < self._best_objective()]

    def _best_objective(self) -> float:
        return self.best.objective if self.best is not None else math.inf

    def _whole_bound(self, case: _Case | None = None, bound: float = -math.inf) -> float:
        """The bound of the whole: the lowest of the best roster's cost and the open cases' bounds,
        `case` counted at `bound` while it is being solved (a case not open cannot be lowest)."""
        bounds = (max(c.bound, bound) if c is case else c.bound for c in self._open())
        return min([self._best_objective(), *bounds])

    def _solve(self, case: _Case, improve: bool = False) -> bool:
        """One turn of the case; whether it ended on its time with no roster and nothing proven.
        A turn to `improve` the best roster goes on when the case's bound passes another's."""
        cp = self._case_model(case)
        if self.best is not None and self.best is not case:
            # Not in the case of the best roster: its hint, that roster, must stay a solution,
            # for CP-SAT's neighbourhood search starts from it.
            _cut_off(cp, self.best.objective)
        start = case.solver or (self.best.solver if self.best is not None else None)
        if start is not None:
            _hint(cp, start)
        # Twice the time at every turn: restarts from its best roster found better rosters than
        # one long search (Saltdal 2040, 60 s, seed 0: 743 and 748 against 770 and 779).
        seconds = min(case.seconds, self.clock.left())
        solver = self.solver_for(dataclasses.replace(self.params, time_limit=max(0.1, seconds)))
        if self.callback is not None:
            self.callback.whole = lambda bound: self._whole_bound(case, bound)
        others = [c.bound for c in self._open() if c is not case and c.bound > -math.inf]
        lowest_other = min(others, default=math.inf)
        passed = False

        def on_bound(bound: float) -> None:
            nonlocal passed
            if self.on_bound is not None:
                self.on_bound(self._whole_bound(case, bound))
            if bound > lowest_other and not improve:  # another case holds the whole back: it goes next
                passed = True
                solver.stop_search()

        solver.best_bound_callback = on_bound
        self.stopper.watch(solver)
        status = solver.solve(cp, self.callback)
        self.clock.count(solver.response_proto.deterministic_time)
        case.seconds *= 2
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self._keep(case, assignment_cost(cp, solver), solver)
        if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            case.closed = True  # solved, or nothing in it beats the best roster (the cut-off)
        elif (bound := finite(solver.best_objective_bound)) is not None:
            case.bound = max(case.bound, bound)
        if log.isEnabledFor(logging.DEBUG):
            self._log_turn(case, improve, solver.status_name(status))
        return status == cp_model.UNKNOWN and not passed and not self.stopper.stopped

    def _case_model(self, case: _Case) -> cp_model.CpModel:
        """The model with the case's decisions and counts."""
        cp = self.model.cp.clone()
        for index, side in case.fixed.items():
            cp.add(cp.get_bool_var_from_proto_index(index) == int(side))
        for index, (lo, hi) in case.counts.items():
            cp.add_linear_constraint(self._counted(index), lo, hi)
        return cp

    def _keep(self, case: _Case, cost: float, solver: cp_model.CpSolver) -> None:
        """The case's roster, and the best, where the roster of `solver` (costing `cost`) beats them."""
        if cost < case.objective:
            case.solver, case.objective = solver, cost
            if cost < self._best_objective():
                self.best = case

    def _log_turn(self, case: _Case, improve: bool, status: str) -> None:
        log.debug(
            "%6.1f s %s %s: %s, bound %s, roster %s (best %s; %d cases open)",
            self.clock.spent(),
            "improving" if improve else "turn of",
            self._named(case),
            status,
            case.bound,
            "none" if case.solver is None else case.objective,
            "none" if self.best is None else self.best.objective,
            len(self._open()),
        )

    def _named(self, case: _Case) -> str:
        """The case in the model's names: each decision's side, each count's range."""
        variables = self.model.cp.proto.variables
        sides = [f"{variables[i].name}={int(side)}" for i, side in case.fixed.items()]
        counts = [f"count of {variables[i].name} {lo}..{hi}" for i, (lo, hi) in case.counts.items()]
        return "[" + ", ".join(sides + counts) + "]"

    def _outcome(self) -> Outcome:
        best = self.best
        if best is None:
            status = cp_model.INFEASIBLE if all(c.closed for c in self.cases) else cp_model.UNKNOWN
            return Outcome(status, self.stopper.current or cp_model.CpSolver(), None)
        assert best.solver is not None
        bound = self._whole_bound()
        status = cp_model.FEASIBLE if self._open() else cp_model.OPTIMAL
        return Outcome(status, best.solver, None if math.isinf(bound) else bound)


def _around(now: int, most: int) -> list[tuple[int, int]]:
    """Fewer than `now`, exactly `now`, more than `now` (within 0..most), the empty ranges left out."""
    return [(lo, hi) for lo, hi in ((0, now - 1), (now, now), (now + 1, most)) if lo <= hi]


def _cut_off(cp: cp_model.CpModel, objective: float) -> None:
    """Only rosters that cost less than `objective` (an integer cost) are left in the model."""
    proto = cp.proto.objective
    scale = proto.scaling_factor or 1.0
    most = math.floor(round((objective - 1) / scale - proto.offset, 6))
    proto.domain.clear()
    proto.domain.extend([-(2**62), most])


def finite(bound: float) -> float | None:
    """CP-SAT's bound, None where it has none (it reports infinity then)."""
    return bound if abs(bound) < 1e18 else None
