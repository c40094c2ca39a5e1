"""At least so many working days in a row: a run of working days shorter than the minimum is
forbidden, unless it touches the edge of the known days (it may go on before or after them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import Field

from roster.i18n import Day, Text
from roster.rules.base import Params, Rule, forbid_together, negate
from roster.rules.defaults import default


class MinDaysInRowParams(Params):
    days: int = Field(default("min_days_in_row", "days"), ge=1, le=366)


def forbid_short_runs(m, p, run: Callable[[int], Any], k: int) -> None:
    """No run of days where `run(day)` holds that is shorter than k and ends inside the known days.

    Inside the plan, a run starting on day d must reach d+j (j < k) or the last day: the clause
    [run(d-1) or not run(d) or run(d+j)], tighter for the LP than forbidding each short pattern.
    Runs that start in the history are forbidden pattern by pattern, and only where the plan takes
    part, so a short run wholly in the history is never blamed on the plan."""
    last = p.n_days - 1
    for d in range(p.first_day + 1, last):
        if d - 1 >= 0:
            for j in range(1, min(k, last - d + 1)):
                forbid_together(m, [negate(run(d - 1)), run(d), negate(run(d + j))])
        else:
            for length in range(max(1, -d), min(k, last - d + 1)):
                inside = [run(day) for day in range(d, d + length)]
                forbid_together(m, [negate(run(d - 1)), *inside, negate(run(d + length))])


def short_runs(p, runs: set[int], k: int) -> list[range]:
    """Maximal runs of days in `runs` shorter than k, bounded on both sides by known days outside
    the run, that touch the plan (the check's side of `forbid_short_runs`)."""
    out, day = [], p.first_day
    while day < p.n_days:
        if day not in runs:
            day += 1
            continue
        start = day
        while day < p.n_days and day in runs:
            day += 1
        if start > p.first_day and day < p.n_days and day - start < k and day >= 0:
            out.append(range(start, day))
    return out


class MinDaysInRow(Rule):
    name = "min_days_in_row"
    title = "too few days in a row"
    title_nb = "for få arbeidsdager på rad"
    Params = MinDaysInRowParams
    wording = (
        "{emp} works {n} day(s) in a row from {first}, at least {k}",
        "{emp} jobber {n} dag(er) på rad fra {first}, minst {k}",
    )

    def minimum(self, p, emp) -> int:
        """The employee's own minimum (employees[].limits, named after the rule), else the rule's."""
        return getattr(emp.limits, self.name) or self.params(p.inst).days

    def in_run(self, v, emp_id: str, day: int):
        """The literal of a day that belongs to the kind of run this rule counts: a working day."""
        return v.work(emp_id, day)

    def run_days(self, p, worked: set[int]) -> set[int]:
        """The check's side of `in_run`: of the known days, those in such runs."""
        return worked

    def encode(self, m, v, p):
        for emp in p.inst.employees:
            k = self.minimum(p, emp)
            if k > 1:
                forbid_short_runs(m, p, lambda day, e=emp.id: self.in_run(v, e, day), k)
        return []

    def check(self, p, roster):
        out = []
        for emp in p.inst.employees:
            k = self.minimum(p, emp)
            days = self.run_days(p, {s.day for s in roster.of(emp.id)})
            for run in short_runs(p, days, k) if k > 1 else []:
                out.append(
                    self.violation(
                        Text(*self.wording, emp=emp.id, n=len(run), first=Day(p, run[0]), k=k),
                        employee=emp.id,
                        days=tuple(run),
                        amount=k - len(run),
                        unit="days",
                    )
                )
        return out


RULE = MinDaysInRow()
