"""Large neighbourhood search over people and days: re-solve part of the roster with the rest held,
and keep the result whenever the roster gets no worse. The parts:

- a few employees' whole period. Every hard rule but staffing concerns one person, so a block of
  people can be solved on its own against the staffing the others leave open (`residual_demand`): a
  small model that CP-SAT solves to optimality in a fraction of a second, where the full model's
  own search moves slowly on large instances. The block's cost equals the whole roster's cost up to
  a constant, except for rules that compare people (`staff_scope == "group"`, e.g. fairness): when
  one of those applies, a move is only kept when the independent checker finds the whole roster no
  worse.
- with `spans` (an experiment that lost, for benchmarks/neighbourhoods.py only; not in `solve`), a
  few employees over a span of days instead, their other days held: the same small model with most
  of it fixed, so that more people fit in a block solved to optimality. From the same roster it
  gained 1.5-2.2 times what blocks over the whole period gained on Curtois-Qu 12, 13, 19, 20 and 21
  (as much on 15), but whole 10-minute solves came out worse on 12, 15 and 20, better on 19 (one
  seed; benchmarks/README.md).
- given the full model (the same: an experiment for benchmarks only), a few days for everyone: the
  full model with every other day of the roster fixed (`Window`). Staff can then trade shifts on
  the same days, which no block of a few people can do when many people each hold part of the
  trade; from the same roster on Curtois-Qu Instance12, 13 and 15 it gained several times what
  blocks of people gained in the same minute, but not in whole solves (benchmarks/README.md).
"""

from __future__ import annotations

import math
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
from roster.solver import cpsat
from roster.solver.model import Model, applicable, build
from roster.solver.start import first_roster, residual_demand, sub_period

# Seconds each part of the roster is solved for: long enough for blocks of a few people and windows
# of a few days to be solved to optimality on the Curtois-Qu files.
SECONDS = 1.0
# The shortest span of days a block of people re-solves; the smallest such block is one person
# over it (WEEK person-days).
WEEK = 7


@dataclass
class Move:
    ids: set[str]
    block: Roster  # the block's new shifts
    delta: int  # change of the whole roster's cost
    optimal: bool  # the block was solved to optimality
    days: range | None = None  # the days re-solved (None: the whole period)


def _inside(emp_id: str, day: int, ids: set[str], days: range | None) -> bool:
    return emp_id in ids and (days is None or day in days)


def block_roster(p: Period, roster: Roster, ids: set[str], days: range | None = None) -> Roster:
    """The shifts of the people in `ids` on `days` (a night belongs to the day it starts)."""
    out = Roster(p)
    for emp_id, shift in roster.plan():
        if _inside(emp_id, shift.day, ids, days):
            out.add(emp_id, shift)
    return out


def merged(p: Period, roster: Roster, block: Roster, ids: set[str], days: range | None = None) -> Roster:
    """The roster with the people in `ids` on `days` given their shifts in `block`."""
    out = Roster(p)
    for emp_id, shift in roster.plan():
        if not _inside(emp_id, shift.day, ids, days):
            out.add(emp_id, shift)
    for emp_id, shift in block.plan():
        out.add(emp_id, shift)
    return out


def reoptimize(
    p: Period,
    roster: Roster,
    block: list[Employee],
    history: Roster | None,
    seconds: float,
    seed: int,
    days: range | None = None,
) -> Move | None:
    """The best roster for `block` within `seconds` with everyone else held, and the block's own
    shifts held outside `days` (None: the whole period); None if none found."""
    ids = {e.id for e in block}
    sub = sub_period(p, block, residual_demand(p, roster, ids))
    current = block_roster(sub, roster, ids)
    before = check(sub, current.with_history(history)).soft_cost
    model = build(sub, history)
    model.v.hint(current)
    if days is not None:
        _hold_outside(model.cp, [(key, var.index) for key, var in model.v.x.items()], current, days)
    solver = cpsat.part(seconds, seed)
    status = solver.solve(model.cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = model.v.extract(solver)
    # The checker's cost, not the objective: a soft rule's slack may be loose in a roster that is
    # not optimal, which would overstate its cost.
    after = check(sub, found.with_history(history)).soft_cost
    return Move(ids, found, after - before, status == cp_model.OPTIMAL)


class Window:
    """The full model, re-solved for everyone on a few days with every other day of the roster
    fixed. It keeps a copy of the model, made before the full search starts, so that the two never
    share a model while one of them is being solved."""

    def __init__(self, model: Model, cp: cp_model.CpModel):
        self.cp = cp
        self.v = model.v  # its variables' indices are the copy's too
        self.shifts = [(key, var.index) for key, var in model.v.x.items()]

    @classmethod
    def of(cls, model: Model) -> Window | None:
        """The windows of the model, or None where the model is too large for them: each window
        hands CP-SAT the whole model (fixed but for the window), so where copying it alone takes a
        tenth of a part's time, CP-SAT would spend the part loading it (on Curtois-Qu Instance24,
        1.8 M variables, its presolve takes 83 s)."""
        started = time.monotonic()
        cp = model.cp.clone()
        if time.monotonic() - started > SECONDS / 10:
            return None
        return cls(model, cp)

    def reoptimize(
        self,
        roster: Roster,
        cost: int,
        days: range,
        history: Roster | None,
        seconds: float,
        seed: int,
    ) -> Move | None:
        """The best roster within `seconds` that changes only `days` (None if none found); `cost` is
        `roster`'s."""
        p = self.v.p
        ids = {e.id for e in p.inst.employees}
        cp = self.cp.clone()
        cp.clear_hints()
        free = _hold_outside(cp, self.shifts, roster, days)
        cp.proto.solution_hint.vars.extend(index for index, _ in free)
        cp.proto.solution_hint.values.extend(value for _, value in free)
        solver = cpsat.part(seconds, seed)
        status = solver.solve(cp)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        found = self.v.extract(solver)  # by index: the copy's solution
        report = check(p, found.with_history(history))
        if report.hard:  # the checker disagrees with the model: not a roster to keep
            return None
        return Move(
            ids, block_roster(p, found, ids, days), report.soft_cost - cost, status == cp_model.OPTIMAL, days
        )


def _hold_outside(
    cp: cp_model.CpModel, shifts: list[tuple[tuple, int]], roster: Roster, days: range
) -> list[tuple[int, int]]:
    """Fix the shift variables (key, proto index) of days outside `days` to `roster`'s values, in
    their domains, so that presolve drops them at once; the others' indices and `roster`'s values."""
    chosen = roster.codes()
    variables = cp.proto.variables
    free = []
    for key, index in shifts:
        value = int(key in chosen)
        if key[1] in days:
            free.append((index, value))
        else:
            domain = variables[index].domain
            domain.clear()
            domain.extend((value, value))
    return free


def rejudge(p: Period, roster: Roster, move: Move, history: Roster | None, cost: int) -> int | None:
    """The move's cost change against `roster` of cost `cost` (others may have changed it since the
    move was made), or None when the move's new shifts no longer fit (a staffing maximum the others
    now reach)."""
    if move.days is not None:  # rules across the window's edges: only the whole roster can tell
        report = check(p, merged(p, roster, move.block, move.ids, move.days).with_history(history))
        return None if report.hard else report.soft_cost - cost
    block = [p.inst.employee_by_id[e] for e in sorted(move.ids)]
    sub = sub_period(p, block, residual_demand(p, roster, move.ids))
    after = check(sub, block_roster(sub, move.block, move.ids).with_history(history))
    if after.hard:
        return None
    return after.soft_cost - check(sub, block_roster(sub, roster, move.ids).with_history(history)).soft_cost


def _candidates(p: Period, roster: Roster, rng: random.Random) -> tuple[list[Employee], int | None]:
    """People who could help at a shift that is off its ideal headcount, and its day (else
    everyone, and no day)."""
    inst = p.inst
    off_ideal = [
        (day, d.shift)
        for day in p.plan_days
        for d in p.demands_on(day)
        if len(roster.staff_on(day, d.shift)) != d.target
    ]
    if not off_ideal:
        return list(inst.employees), None
    day, code = rng.choice(off_ideal)
    shift = inst.shift_by_code[code]
    able = [e for e in inst.employees if inst.may_work(e, shift) and p.absence(e.id, day) is None]
    return (able, day) if able else (list(inst.employees), None)


@dataclass
class _Sizes:
    """How large one search thread's parts are lately."""

    people: int = 2  # in a block over the whole period
    reach: float = 0.0  # person-days in a block over a span of days
    width: float = 7.0  # days in a window for everyone: to start, a week


def _solved(move: Move | None) -> bool:
    """The part was solved to optimality within its time: the next of its kind may be larger."""
    return move is not None and move.optimal


class _Search:
    """The roster being improved, shared by the search threads."""

    def __init__(
        self,
        p: Period,
        roster: Roster,
        cost: int,
        history: Roster | None,
        deadline: float,
        window: Window | None = None,
        blocks: bool = True,
        spans: bool = False,
    ):
        self.p, self.history, self.deadline, self.window = p, history, deadline, window
        self.blocks = blocks  # blocks of people are searched (benchmarks/neighbourhoods.py: windows alone)
        self.spans = spans  # a block of people spans some days, its shifts held outside them
        self.grouped = any(rule.staff_scope == "group" for rule in applicable(p))
        self.roster, self.cost, self.version = roster, cost, 0
        self.lock = threading.Lock()
        self.stop = False
        self.on_improve: Callable[[Roster, int], None] | None = None

    def run(self, seed: int) -> None:
        """One thread of the search: pick a part of the roster, re-solve it, keep what is no worse.

        Parts are blocks of people or windows of days, each growing while it is solved to
        optimality within its time and shrinking when it is not. Mostly the kind gaining most per
        second lately is taken, and either kind one time in five, to notice when that changes: from
        the Curtois-Qu files' first rosters blocks of people gain faster, from good rosters windows
        do (benchmarks/README.md)."""
        rng = random.Random(seed)
        sizes = _Sizes(reach=2.0 * self.p.n_days)
        rate = {}  # gain per second of each kind of part lately; untried kinds first
        if self.blocks:
            rate["people"] = math.inf
        if self.window is not None:
            rate["days"] = math.inf
        while not self.stop and (left := self.deadline - time.monotonic()) > 0.05:
            with self.lock:
                roster, cost, version = self.roster, self.cost, self.version
            seconds, solve_seed = min(SECONDS, left), rng.randrange(1 << 30)
            best = max(rate.values())
            kind = rng.choice(list(rate) if rng.random() < 0.2 else [k for k in rate if rate[k] == best])
            started = time.monotonic()
            if kind == "days":
                move = self._days(roster, cost, rng, sizes, seconds, solve_seed)
            elif self.spans:
                move = self._people_over_days(roster, rng, sizes, seconds, solve_seed)
            else:
                move = self._people(roster, rng, sizes, seconds, solve_seed)
            gain = max(0, -move.delta) / max(1e-3, time.monotonic() - started) if move is not None else 0.0
            rate[kind] = gain if rate[kind] == math.inf else 0.7 * rate[kind] + 0.3 * gain
            if move is not None and move.delta <= 0:
                self.commit(move, version)

    def _days(
        self, roster: Roster, cost: int, rng: random.Random, sizes: _Sizes, seconds: float, seed: int
    ) -> Move | None:
        """A window of days for everyone."""
        days = self._window(rng, round(sizes.width))
        move = self.window.reoptimize(roster, cost, days, self.history, seconds, seed)
        sizes.width = (
            min(self.p.n_days, sizes.width * 1.25) if _solved(move) else max(1.0, sizes.width / 1.25)
        )
        return move

    def _people(
        self, roster: Roster, rng: random.Random, sizes: _Sizes, seconds: float, seed: int
    ) -> Move | None:
        """A block of people over the whole period."""
        block, _ = self._block(roster, rng, sizes.people)
        move = reoptimize(self.p, roster, block, self.history, seconds, seed)
        most = len(self.p.inst.employees)
        sizes.people = min(most, sizes.people + 1) if _solved(move) else max(1, sizes.people - 1)
        return move

    def _people_over_days(
        self, roster: Roster, rng: random.Random, sizes: _Sizes, seconds: float, seed: int
    ) -> Move | None:
        """A block of people over a span of days that holds one staffing gap, if there is one. The
        block's size in person-days grows and shrinks like the others; how it splits into people and
        days is drawn at random, so that both few people over many days and many over few are tried."""
        n, most = self.p.n_days, len(self.p.inst.employees)
        shortest = min(WEEK, n)
        span = rng.randint(shortest, max(shortest, min(n, int(sizes.reach))))
        block, day = self._block(roster, rng, max(1, min(most, round(sizes.reach / span))))
        days = self._window(rng, span, day)
        move = reoptimize(self.p, roster, block, self.history, seconds, seed, None if span == n else days)
        sizes.reach = min(most * n, sizes.reach * 1.25) if _solved(move) else max(WEEK, sizes.reach / 1.25)
        return move

    def _block(self, roster: Roster, rng: random.Random, size: int) -> tuple[list[Employee], int | None]:
        """`size` people, half the time most of them able to help where staffing is off its ideal
        on a day (returned with them; else None)."""
        everyone = list(self.p.inst.employees)
        pool, day = _candidates(self.p, roster, rng) if rng.random() < 0.5 else (everyone, None)
        block = rng.sample(pool, min(size, len(pool)))
        if len(block) < size:  # fill up with others
            block += rng.sample([e for e in everyone if e not in block], size - len(block))
        return block, day

    def _window(self, rng: random.Random, width: int, day: int | None = None) -> range:
        """`width` consecutive days (holding `day`, if given).

        A window of days is re-solved for everyone, not a sample: a trade of shifts on the same days
        may need any of them (from the same roster, samples of people over 2-7 days gained less on
        Curtois-Qu 13 and 15 in a minute: benchmarks/README.md)."""
        lo, hi = 0, self.p.n_days - width
        if day is not None:
            lo, hi = max(lo, day - width + 1), min(hi, day)
        first = rng.randint(lo, hi)
        return range(first, first + width)

    def commit(self, move: Move, version: int) -> None:
        with self.lock:
            if version == self.version:
                delta = move.delta
            else:
                delta = rejudge(self.p, self.roster, move, self.history, self.cost)
            if delta is None or delta > 0:
                return
            roster = merged(self.p, self.roster, move.block, move.ids, move.days)
            if self.grouped and move.days is None:  # a rule compares people: only the whole roster can tell
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
    """The search over blocks of people (and, given the full model, windows of days), in background
    threads, alongside the full model's search.

    It starts from the first roster the full search offers, or, if none has come by the time it is
    ready, from one made a person at a time (roster/solver/start.py); better rosters the full search finds
    later are adopted too. `on_improve(roster, cost)` is told of every better roster it finds.
    `model` must be the period's model as `build` makes it, whose objective is the checker's cost;
    it is copied here, before the full search starts."""

    def __init__(
        self,
        p: Period,
        history: Roster | None,
        deadline: float,
        threads: int = 1,
        seed: int = 0,
        on_improve: Callable[[Roster, int], None] | None = None,
        model: Model | None = None,
        spans: bool = False,
    ):
        self.p, self.history, self.deadline, self.threads, self.seed = p, history, deadline, threads, seed
        self.spans = spans
        self.on_improve = on_improve
        self.window = Window.of(model) if model is not None else None
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

    def offer(self, roster: Roster) -> None:
        """A roster found elsewhere (keeps every hard rule).

        Priced by the checker, not by the model that found it: in a roster CP-SAT has not finished
        improving, a soft rule's slack can be looser than the roster needs (a generated unit whose
        roster the model priced at 516 and the checker at 468), and the search compares costs."""
        cost = check(self.p, roster.with_history(self.history)).soft_cost
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
        if self.search is not None:  # its threads have all ended
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
        search = _Search(self.p, *self.offered, self.history, self.deadline, self.window, spans=self.spans)
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
