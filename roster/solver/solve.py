"""solve(period, params) -> Result: CP-SAT with a time limit, workers and a seed; progress on a
terminal; Ctrl-C keeps the best roster found; every roster re-checked before it is returned."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.check import Report, check
from roster.errors import CheckerDisagrees, Infeasible, Message
from roster.i18n import Day, Lines, Listing, Text
from roster.schedule import Roster
from roster.solver.cases import splits
from roster.solver.cpsat import full as _solver
from roster.solver.cpsat import lean
from roster.solver.explain import explain
from roster.solver.handover import Handover
from roster.solver.improve import PeopleSearch
from roster.solver.memory import too_large
from roster.solver.model import Model, applicable, assignment_cost, build
from roster.solver.params import SolveParams
from roster.solver.parts import parts_of
from roster.solver.pipeline import search
from roster.solver.staged import CONTINUITY, Replanning, solve_staged, uses_stages
from roster.solver.watching import SearchWatcher
from roster.terms import OFF
from roster.visits import unplanned_count


@dataclass(frozen=True)
class Progress:
    objective: float
    bound: float
    gap: float
    elapsed: float
    # The returned roster's own cost, settled after the search where it differs from the search's
    # price: the visit plan makes more or fewer visits than the roster stage counted on, or the
    # checker prices a soft rule's loose slack lower (solve_in_stages, _without_loose_slack).
    settled: bool = False


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
    build_s: float | None = None  # time to build the model, before the search
    handover_s: float | None = None  # when the LP's core went to the search over people (handover.py)
    # No lawful roster leaves fewer shifts open, or fewer visits not made (roster/solver/floor.py);
    # None where the search did not prove one (no roster, or a model without visits for the latter).
    open_shifts_bound: int | None = None
    visits_unplanned_bound: int | None = None

    @property
    def gap(self) -> float | None:
        return gap(self.objective, self.bound)


def gap(objective: float | None, bound: float | None) -> float | None:
    """Relative distance between the roster's cost and the best bound (0 when proven optimal)."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


class _Watcher(SearchWatcher):
    """Records when the first roster arrives, reports progress on every improvement (from the full
    search or the search over people), and passes the full search's rosters to the other."""

    def __init__(
        self,
        on_progress: Callable[[Progress], None] | None,
        helper: PeopleSearch | None = None,
    ):
        super().__init__()
        self.on_progress = on_progress
        self.helper = helper
        self.model: Model | None = None  # the model searched, told by the search before its first roster
        self.first: float | None = None
        self.best = float("inf")
        self.bound = float("-inf")
        self.lock = threading.Lock()
        self.started = time.monotonic()

    def watch(self, model: Model) -> None:
        """The model being searched: its rosters are priced by it (roster/solver/cases.py calls
        this, so a staged solve's progress shows its first stage's own cost)."""
        self.model = model

    def report(self, objective: float) -> None:
        """A roster of this cost was found (by either search): progress, if it is better."""
        with self.lock:
            if objective >= self.best:
                return
            self.best = objective
            elapsed = time.monotonic() - self.started
            if self.first is None:
                self.first = elapsed
            self._show(elapsed)

    def on_bound(self, bound: float) -> None:
        """A better bound without a better roster: the gap still narrows on screen."""
        with self.lock:
            self.bound = max(self.bound, bound)
            if self.best < float("inf"):
                self._show(time.monotonic() - self.started)

    def settle(self, objective: float) -> None:
        """The returned roster costs this: the last progress shows it, so the screen ends on the
        roster the user gets."""
        with self.lock:
            if objective != self.best:
                self.best = objective
                self._show(time.monotonic() - self.started, settled=True)

    def _show(self, elapsed: float, settled: bool = False) -> None:
        if self.on_progress is not None:
            # Every penalty is non-negative; CP-SAT's first bound can be below 0 all the same when
            # the objective has `1 - x` terms (a visit not made), before it propagates the offset.
            bound = max(self.bound, 0.0)
            self.on_progress(Progress(self.best, bound, gap(self.best, bound) or 0.0, elapsed, settled))

    def on_solution_callback(self) -> None:
        self.bound = max(self.bound, self.whole(self.best_objective_bound))
        objective = assignment_cost(self.model.cp, self)
        # At equal cost too: the checker may price the roster lower than the model (loose slack).
        if self.helper is not None and objective <= (self.helper.cost or float("inf")):
            self.helper.offer(self.model.v.extract(self))
        self.report(objective)


def solve(
    p: Period,
    params: SolveParams | None = None,
    history: Roster | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Result:
    """The best roster for the period within the time limit, re-checked by the checker.

    With `params.open_shifts`, staffing minimums the staff cannot meet lawfully are left as open
    shifts (`roster.open`) instead of making the instance infeasible.

    Raises Infeasible (naming the requirements that contradict each other) when no roster can keep
    the hard rules, and CheckerDisagrees when the checker finds a hard violation in the solver's
    roster (a bug)."""
    params = params or SolveParams()
    _explain_fixed(p, history)
    if uses_stages(p):  # ambulant visits: the roster first, then its visit plan (roster/solver/staged.py)
        return solve_in_stages(p, params, history, on_progress)
    building = time.monotonic()
    model = build(p, history, relax=params.relax, implied=params.implied)
    build_s = time.monotonic() - building
    # The search over people re-solves blocks of this model's rules; open shifts are not among
    # them (a block cannot leave a shift open), so it runs only without them.
    people = 0
    if params.people_search and params.workers >= 2 and not params.relax and not splits(model, params):
        people = max(1, params.workers // 2)
    result = solve_model(p, model, params, history, on_progress, people=people)
    return replace(result, build_s=build_s)


def solve_model(
    p: Period,
    model: Model,
    params: SolveParams,
    history: Roster | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    why: Callable[[], Message] | None = None,
    missable: frozenset[str] = frozenset(),
    people: int = 0,
) -> Result:
    """`solve` for a model already built (and perhaps extended, as replanning does); `why` says
    why it has no roster (default: the conflicting requirements of the period's hard rules), and
    `missable` names hard rules the model was built to miss at a cost (relaxed, other than
    coverage, whose open shifts the roster carries). `people` threads search over parts of the roster
    (roster/solver/improve.py) beside the full model's workers: only for a model `build` made as it
    is, searched in one piece (`solve` starts them only where the search does not go case by case)."""
    started = time.monotonic()
    helper = None
    if people:
        helper = PeopleSearch(p, history, started + params.time_limit, people, params.seed)
    watcher = _Watcher(on_progress, helper)
    on_bound = watcher.on_bound if on_progress is not None else None
    if helper is not None:
        helper.on_improve = lambda roster, cost: watcher.report(cost)
        helper.start()
    handover = None
    over_budget = too_large(model, params)
    if helper is not None and params.handover:
        handover = Handover(model, params, _solver, helper, people, at_once=over_budget)
    try:
        if handover is not None:
            watcher.watch(model)
            outcome = handover.search(watcher, on_bound)
        else:
            solver_for = (lambda params: lean(_solver(params))) if over_budget else _solver
            parts = partial(parts_of, p, history, params.relax)
            outcome = search(model, params, solver_for, watcher, on_bound, parts)
    finally:
        by_people = helper.finish() if helper is not None else None
    wall = time.monotonic() - watcher.started
    status, solver = outcome.status, outcome.solver
    _raise_unless_solved(p, history, params, status, model.cp, why)
    solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    cost = assignment_cost(model.cp, solver) if solved else None
    if by_people is not None and (cost is None or by_people[1] < cost):
        found = by_people[0], by_people[1], None  # its cost by rule: the checker's
    elif cost is not None:
        found = model.v.extract(solver), cost, model.cost_by_rule(solver)
    else:
        return Result("unknown", None, None, sane_bound(outcome.bound), wall, None, {}, None, params)
    result = _result(p, history, params, status, outcome.bound, wall, watcher, found, missable, outcome.floor)
    return replace(result, handover_s=handover.handed_at if handover is not None else None)


def solve_in_stages(
    p: Period,
    params: SolveParams,
    history: Roster | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    replan: Replanning | None = None,
    why: Callable[[], Message] | None = None,
) -> Result:
    """`solve` for an instance with ambulant visits: the roster with the staffing its visits need,
    then the visit plan for that roster (roster/solver/staged.py); `replan` and `why` as replanning
    (roster/planning/repair.py) gives them."""
    watcher = _Watcher(on_progress)
    staged = solve_staged(p, history, params, _solver, watcher, replan)
    wall = time.monotonic() - watcher.started
    _raise_unless_solved(p, history, params, staged.status, staged.cp, why)
    if staged.roster is None:
        return Result("unknown", None, None, sane_bound(staged.bound), wall, None, {}, None, params)
    found = staged.roster, staged.objective, staged.penalties
    missable = replan.relax if replan is not None else frozenset()
    # Continuity is priced beside the staged objective, not in it (roster/solver/staged.py).
    beside = frozenset({CONTINUITY})
    return _result(
        p, history, params, staged.status, staged.bound, wall, watcher, found, missable, staged.floor, beside
    )


def _raise_unless_solved(p, history, params, status: int, cp: cp_model.CpModel, why) -> None:
    if status == cp_model.INFEASIBLE:
        if why is None:
            raise Infeasible(explain(p, history, params, params.relax))
        raise Infeasible(why())
    if status == cp_model.MODEL_INVALID:
        raise CheckerDisagrees(f"bug: the CP-SAT model is invalid: {cp.validate()}")


def _result(
    p, history, params, status: int, bound, wall: float, watcher, found, missable, floor, beside=frozenset()
) -> Result:
    """The solver's roster, re-checked by the checker; `found` is (roster, objective, penalties),
    penalties None for a roster of the search over people; `floor` is the search's (floor.py) or
    None; `beside` names rules among the penalties that the objective does not count."""
    roster, objective, penalties = found
    report = check(p, roster.with_history(history))
    broken = [v for v in report.hard if v.rule not in missable]
    if broken:
        lines = "\n".join(f"  - {v.message}" for v in broken[:10])
        raise CheckerDisagrees(f"bug: the checker finds hard violations in the solver's roster:\n{lines}")
    if penalties is None:
        penalties = report.cost_by_rule()
    else:
        objective, penalties = _without_loose_slack(objective, penalties, report, beside)
    watcher.settle(objective)
    open_bound, unplanned_bound = _floor_bounds(p, params, roster, floor)
    bound = sane_bound(bound, objective)
    # The search over people may reach the bound the full search proved without knowing it.
    proven = status == cp_model.OPTIMAL or (bound is not None and objective <= bound)
    # Optimal means nothing left to the time limit: the open shifts and visits not made proven too.
    proven = proven and at_floor(roster, open_bound, unplanned_bound, p)
    return Result(
        "optimal" if proven else "feasible",
        roster,
        objective,
        bound,
        wall,
        watcher.first,
        penalties,
        report,
        params,
        open_shifts_bound=open_bound,
        visits_unplanned_bound=unplanned_bound,
    )


def sane_bound(bound: float | None, objective: float = math.inf) -> float | None:
    """The search's bound as a user may see it: every penalty is non-negative, so no roster costs
    less than 0 (CP-SAT's bound can be far below before it propagates the objective's offset:
    -127 663 on Saltdal 2025 over 8 weeks), and none costs less than the roster it proved."""
    return None if bound is None else min(max(bound, 0.0), objective)


def _floor_bounds(p: Period, params: SolveParams, roster: Roster, floor) -> tuple[int | None, int | None]:
    """(fewest open shifts, fewest visits not made) any lawful roster can have, as far as proven.
    Without open shifts allowed, none can be open; a model with nothing to floor has none open."""
    if floor is None:
        return (0 if not params.relax or not roster.open else None), None
    unplanned = floor.unplanned_bound if roster.visits is not None else None
    return floor.open_bound, unplanned


def at_floor(roster: Roster, open_bound: int | None, unplanned_bound: int | None, p: Period) -> bool:
    """Whether the roster's open shifts and visits not made are at their proven bounds."""
    if open_bound is None or len(roster.open) > open_bound:
        return False
    if roster.visits is None:
        return True
    return unplanned_bound is not None and unplanned_count(p, roster) <= unplanned_bound


def _without_loose_slack(
    objective: float, penalties: dict[str, int], report: Report, beside: frozenset[str] = frozenset()
) -> tuple[float, dict[str, int]]:
    """The model's price of its roster, rule by rule no higher than the checker's. A roster CP-SAT
    stopped improving on its time limit can carry a soft rule's slack looser than the roster needs
    (a one-worker 2-s solve: forward rotation priced 1 by the model, 0 by the checker); the roster
    costs what the checker says. The objective keeps its terms beyond the rules (a replanning's
    changes) and does not move for the rules it does not count (`beside`)."""
    checked = report.cost_by_rule()
    tight = {rule: min(cost, checked.get(rule, 0)) for rule, cost in penalties.items()}
    slack = sum(penalties[rule] - tight[rule] for rule in penalties if rule not in beside)
    return objective - slack, tight


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
            blocking = [rule for rule in applicable(p) if not rule.allows(p, emp, day, shift)]
            if blocking:
                problems.append(
                    Text(
                        "  - {emp} is fixed to {shift} on {day}, which breaks: {rules}",
                        "  - {emp} har fast {shift} {day}, som bryter: {rules}",
                        emp=emp.id,
                        shift=f.shift,
                        day=Day(p, day),
                        rules=Listing(Text.literal(r.title, r.title_nb) for r in blocking),
                    )
                )
    if problems:
        head = Text("no roster can keep the fixed assignments:", "ingen turnus kan holde de faste vaktene:")
        raise Infeasible(Lines([head, *problems]))


__all__ = ["Model", "Progress", "Result", "SolveParams", "gap", "solve"]
