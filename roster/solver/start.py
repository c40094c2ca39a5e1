"""A first roster, made one employee at a time: each person's own rules solved exactly, with the
staffing the people before them left open as the goal.

The full search has to satisfy every person's hard rules at once before it has any roster to
improve; on long periods (months, with tight hours and run lengths) that can take longer than the
whole time limit. One person at a time is a small model that CP-SAT solves in a fraction of a
second, and the result is a complete roster to start the full search from (a hint).

Staffing couples the people, so each one's model sees the demand that remains once the shifts of
everyone else in the roster so far are counted (`residual_demand`). Minimums and competency
minimums cannot be met by one person, so in these models they become part of the ideal headcount;
maximums stay hard. Rules that compare people (fairness) see one person and add nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.instance import Demand, Employee, Requirement
from roster.schedule import Roster
from roster.solver import cpsat
from roster.solver.model import build


def residual_demand(p: Period, roster: Roster, block: set[str], minimums: bool = True) -> list[Demand]:
    """Dated demand for every planning day that the employees in `block` still have to meet once
    everyone else's shifts in `roster` are counted.

    With `minimums`, headcount and competency minimums stay hard (what the others leave open); the
    block's model then costs exactly what the whole roster costs, up to a constant. Without, they
    are folded into the ideal headcount, for a block that cannot meet them alone."""
    inst = p.inst
    out = []
    for day in p.plan_days:
        for demand in p.demands_on(day):
            others = [
                inst.employee_by_id[e]
                for e in roster.staff_on(day, demand.shift)
                if e not in block and e in inst.employee_by_id
            ]
            n = len(others)
            out.append(
                Demand.model_construct(
                    shift=demand.shift,
                    on=[],
                    dates=[p.date(day)],
                    min=max(0, demand.min - n) if minimums else 0,
                    ideal=max(0, demand.target - n),
                    max=None if demand.max is None else max(0, demand.max - n),
                    weight_under=demand.weight_under,
                    weight_over=demand.weight_over,
                    requirements=[_residual(inst, r, others, minimums) for r in demand.requirements],
                )
            )
    return out


def _residual(inst, req: Requirement, others: list[Employee], minimums: bool) -> Requirement:
    held = sum(1 for e in others if inst.competencies_of(e) & set(req.of))
    return Requirement.model_construct(
        of=req.of,
        at_least=None if req.at_least is None or not minimums else max(0, req.at_least - held),
        at_most=None if req.at_most is None else max(0, req.at_most - held),
    )


def sub_period(p: Period, employees: list[Employee], demand: list[Demand]) -> Period:
    """The period for some of the employees only, with the given demand (no re-validation: the
    parts come from an instance that was validated already)."""
    inst = p.inst
    fields = {name: getattr(inst, name) for name in type(inst).model_fields}
    sub = type(inst).model_construct(**{**fields, "employees": employees, "demand": demand})
    return Period(sub, p.start, p.n_days, -p.first_day)


class _Enough(cp_model.CpSolverSolutionCallback):
    """Stops the search at the first roster found after `seconds` (or at `seconds` if one exists)."""

    def __init__(self, seconds: float):
        super().__init__()
        self.found = False
        self.timer = threading.Timer(seconds, self._time_up)
        self.late = False

    def _time_up(self) -> None:
        self.late = True
        if self.found:
            self.stop_search()

    def on_solution_callback(self) -> None:
        self.found = True
        if self.late:
            self.stop_search()


def solve_quickly(model, seconds: float, limit: float, seed: int) -> cp_model.CpSolver | None:
    """Solve a small model for about `seconds`, longer (up to `limit`) until a first solution
    (roster/solver/cpsat.py's `quick` search)."""
    solver = cpsat.quick(limit, seed)
    enough = _Enough(seconds)
    enough.timer.start()
    try:
        status = solver.solve(model.cp, enough)
    finally:
        enough.timer.cancel()
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def first_roster(
    p: Period,
    history: Roster | None = None,
    order: Iterable[Employee] | None = None,
    seconds_each: float = 0.2,
    seed: int = 0,
    deadline: float | None = None,
    give_up: Callable[[], bool] = lambda: False,
) -> Roster | None:
    """A roster made one employee at a time (in `order`), each solved for about `seconds_each`;
    None when some person's own rules leave them no roster (the full search then explains why), or
    the deadline (monotonic clock) passes or `give_up()` says so first."""
    roster = Roster(p)
    for emp in order if order is not None else p.inst.employees:
        if give_up():
            return None
        own = sub_period(p, [emp], residual_demand(p, roster, {emp.id}, minimums=False))
        model = build(own, history)
        left = 60.0 if deadline is None else deadline - time.monotonic()
        solver = solve_quickly(model, min(seconds_each, left), left, seed) if left > 0 else None
        if solver is None:
            return None
        for _, shift in model.v.extract(solver).plan():
            roster.add(emp.id, shift)
    return roster
