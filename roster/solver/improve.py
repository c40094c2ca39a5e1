"""Large neighbourhood search over people: re-solve a few employees' whole period at a time, with
everyone else's shifts held, and keep the result whenever the roster gets no worse.

Every hard rule but staffing concerns one person, so a block of people can be solved on its own
against the staffing the others leave open (`residual_demand`): a small model that CP-SAT solves to
optimality in a fraction of a second, where the full model's own search moves slowly on large
instances. The block's cost equals the whole roster's cost up to a constant, except for rules that
compare people (`staff_scope == "group"`, e.g. fairness): when one of those applies, a move is
only kept when the independent checker finds the whole roster no worse.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.check import check
from roster.instance import Employee
from roster.schedule import Roster
from roster.solver.model import applicable, build
from roster.solver.start import first_roster, residual_demand, sub_period


@dataclass
class Move:
    ids: set[str]
    block: Roster  # the block's new shifts
    delta: int  # change of the whole roster's cost
    optimal: bool  # the block was solved to optimality


def block_roster(p: Period, roster: Roster, ids: set[str]) -> Roster:
    out = Roster(p)
    for emp_id, shift in roster.plan():
        if emp_id in ids:
            out.add(emp_id, shift)
    return out


def merged(p: Period, roster: Roster, block: Roster, ids: set[str]) -> Roster:
    """The roster with the people in `ids` replaced by their shifts in `block`."""
    out = Roster(p)
    for emp_id, shift in roster.plan():
        if emp_id not in ids:
            out.add(emp_id, shift)
    for emp_id, shift in block.plan():
        out.add(emp_id, shift)
    return out


def reoptimize(
    p: Period, roster: Roster, block: list[Employee], history: Roster | None, seconds: float, seed: int
) -> Move | None:
    """The best roster for `block` within `seconds` with everyone else held (None if none found)."""
    ids = {e.id for e in block}
    sub = sub_period(p, block, residual_demand(p, roster, ids))
    current = block_roster(sub, roster, ids)
    before = check(sub, current.with_history(history)).soft_cost
    model = build(sub, history)
    model.v.hint(current)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    # Ctrl-C belongs to the full search (roster/solver/solve.py): a helper's solver that caught it would
    # leave SIGINT unhandled when it ends, and the next Ctrl-C would kill the process.
    solver.parameters.catch_sigint_signal = False
    solver.parameters.linearization_level = 2  # blocks solved faster so (an unrecorded measurement)
    solver.parameters.random_seed = seed
    status = solver.solve(model.cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = model.v.extract(solver)
    # The checker's cost, not the objective: a soft rule's slack may be loose in a roster that is
    # not optimal, which would overstate its cost.
    after = check(sub, found.with_history(history)).soft_cost
    return Move(ids, found, after - before, status == cp_model.OPTIMAL)


def rejudge(p: Period, roster: Roster, move: Move, history: Roster | None) -> int | None:
    """The move's cost change against `roster` (the others may have changed since it was made), or
    None when the block's new shifts no longer fit (a staffing maximum the others now reach)."""
    block = [p.inst.employee_by_id[e] for e in sorted(move.ids)]
    sub = sub_period(p, block, residual_demand(p, roster, move.ids))
    after = check(sub, block_roster(sub, move.block, move.ids).with_history(history))
    if after.hard:
        return None
    return after.soft_cost - check(sub, block_roster(sub, roster, move.ids).with_history(history)).soft_cost


def _candidates(p: Period, roster: Roster, rng: random.Random) -> list[Employee]:
    """People who could help at a shift that is off its ideal headcount (else everyone)."""
    inst = p.inst
    off_ideal = [
        (day, d.shift)
        for day in p.plan_days
        for d in p.demands_on(day)
        if len(roster.staff_on(day, d.shift)) != d.target
    ]
    if not off_ideal:
        return list(inst.employees)
    day, code = rng.choice(off_ideal)
    shift = inst.shift_by_code[code]
    able = [e for e in inst.employees if inst.may_work(e, shift) and p.absence(e.id, day) is None]
    return able or list(inst.employees)


class _Search:
    """The roster being improved, shared by the search threads."""

    def __init__(self, p: Period, roster: Roster, cost: int, history: Roster | None, deadline: float):
        self.p, self.history, self.deadline = p, history, deadline
        self.grouped = any(rule.staff_scope == "group" for rule in applicable(p))
        self.roster, self.cost, self.version = roster, cost, 0
        self.lock = threading.Lock()
        self.stop = False
        self.on_improve: Callable[[Roster, int], None] | None = None

    def run(self, seed: int) -> None:
        """One thread of the search: pick a block, re-solve it, keep what is no worse."""
        rng = random.Random(seed)
        everyone = list(self.p.inst.employees)
        size, seconds = 2, 1.0
        while not self.stop and (left := self.deadline - time.monotonic()) > 0.05:
            with self.lock:
                roster, version = self.roster, self.version
            pool = _candidates(self.p, roster, rng) if rng.random() < 0.5 else everyone
            k = min(size, len(everyone))
            block = rng.sample(pool, min(k, len(pool)))
            if len(block) < k:  # fill up with others
                block += rng.sample([e for e in everyone if e not in block], k - len(block))
            move = reoptimize(self.p, roster, block, self.history, min(seconds, left), rng.randrange(1 << 30))
            if move is None:
                size = max(1, size - 1)
                continue
            size = min(len(everyone), size + 1) if move.optimal else max(1, size - 1)
            if move.delta <= 0:
                self.commit(move, version)

    def commit(self, move: Move, version: int) -> None:
        with self.lock:
            delta = (
                move.delta if version == self.version else rejudge(self.p, self.roster, move, self.history)
            )
            if delta is None or delta > 0:
                return
            roster = merged(self.p, self.roster, move.block, move.ids)
            if self.grouped:  # a rule compares people: only the whole roster's cost can tell
                report = check(self.p, roster.with_history(self.history))
                if report.hard or report.soft_cost > self.cost:
                    return
                delta = report.soft_cost - self.cost
            self.roster, self.version = roster, self.version + 1
            if delta < 0:
                self.cost += delta
                if self.on_improve is not None:
                    self.on_improve(roster, self.cost)

    def adopt(self, roster: Roster, cost: int) -> None:
        """Continue from a better roster found elsewhere."""
        with self.lock:
            if cost < self.cost:
                self.roster, self.cost, self.version = roster, cost, self.version + 1


class PeopleSearch:
    """The search over blocks of people, in background threads, alongside the full model's search.

    It starts from the first roster the full search offers, or, if none has come by the time it is
    ready, from one made a person at a time (roster/solver/start.py); better rosters the full search finds
    later are adopted too. `on_improve(roster, cost)` is told of every better roster it finds."""

    def __init__(
        self,
        p: Period,
        history: Roster | None,
        deadline: float,
        threads: int = 1,
        seed: int = 0,
        on_improve: Callable[[Roster, int], None] | None = None,
    ):
        self.p, self.history, self.deadline, self.threads, self.seed = p, history, deadline, threads, seed
        self.on_improve = on_improve
        self.search: _Search | None = None
        self.offered: tuple[Roster, int] | None = None
        self.stopped = False
        self.thread = threading.Thread(target=self._main, daemon=True)

    @property
    def cost(self) -> int | None:
        if self.search is not None:
            return self.search.cost
        return None if self.offered is None else self.offered[1]

    def start(self) -> None:
        self.thread.start()

    def offer(self, roster: Roster, cost: int) -> None:
        """A roster found elsewhere (keeps every hard rule), with its cost."""
        if self.search is not None:
            self.search.adopt(roster, cost)
        elif self.offered is None or cost < self.offered[1]:
            self.offered = (roster, cost)

    def finish(self) -> tuple[Roster, int] | None:
        """Stop the threads; the best roster and its cost (None if there is none)."""
        self.stopped = True
        if self.search is not None:
            self.search.stop = True
        self.thread.join()
        if self.search is not None:
            return self.search.roster, self.search.cost
        return self.offered

    def _main(self) -> None:
        made = first_roster(
            self.p,
            self.history,
            deadline=self.deadline,
            give_up=lambda: self.stopped or self.offered is not None,
        )
        report = None if made is None else check(self.p, made.with_history(self.history))
        if self.offered is None and report is not None and not report.hard:
            self.offered = (made, report.soft_cost)
            if self.on_improve is not None:
                self.on_improve(*self.offered)
        # A roster made a person at a time can miss staffing minimums that only several people
        # meet together: then the search waits for the full search's first roster.
        while self.offered is None and not self.stopped and time.monotonic() < self.deadline:
            time.sleep(0.05)
        if self.offered is None or self.stopped:
            return
        search = _Search(self.p, *self.offered, self.history, self.deadline)
        search.on_improve = self.on_improve
        self.search = search
        helpers = [
            threading.Thread(target=search.run, args=(self.seed + i,), daemon=True)
            for i in range(1, self.threads)
        ]
        for thread in helpers:
            thread.start()
        search.run(self.seed)
        for thread in helpers:
            thread.join()
