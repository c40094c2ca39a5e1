"""At most so many working days in a row, counting the end of the previous period."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Day, Term, Text
from roster.rules.base import Params, Rule, cap, runs
from roster.rules.defaults import default


class ConsecutiveDaysParams(Params):
    max_days: int = Field(default("consecutive_days", "max_days"), ge=1, le=366)


def day_windows(p, length: int):
    for day in range(p.first_day, p.n_days - length + 1):
        if p.touches_plan(range(day, day + length)):
            yield range(day, day + length)


class ConsecutiveDays(Rule):
    name = "consecutive_days"
    title = "days in a row"
    title_nb = "dager på rad"
    Params = ConsecutiveDaysParams

    def limit(self, p, emp) -> int:
        return emp.limits.max_days_in_row or self.params(p.inst).max_days

    def encode(self, m, v, p):
        for emp in v.each_employee(self):
            limit = self.limit(p, emp)
            for days in day_windows(p, limit + 1):
                cap(m, [(1, v.work(emp.id, d)) for d in days], limit)
        return []

    def check(self, p, roster):
        # A window of limit + 1 days breaks the cap (and the plan adds to it) exactly when it lies
        # in a run of working days longer than the limit that reaches into the plan; the run is
        # reported once, however many windows it spans.
        out = []
        for emp_id, shifts in roster.shifts.items():
            emp = p.inst.employee_by_id.get(emp_id)
            limit = self.params(p.inst).max_days if emp is None else self.limit(p, emp)
            out += run_violations(self, p, emp_id, {s.day for s in shifts}, limit, "days")
        return out


def too_long_runs(p, days: set[int], limit: int) -> list[range]:
    """Runs of more than `limit` of these days within the known days that reach into the plan."""
    known = {d for d in days if p.first_day <= d < p.n_days}
    return [run for run in runs(known) if len(run) > limit and p.touches_plan(run)]


def run_violations(rule: Rule, p, emp_id: str, days: set[int], limit: int, unit: str) -> list:
    """One violation of `rule` for each run of more than `limit` of the employee's `days` (working
    days, or nights: `unit`)."""
    return [
        rule.violation(
            Text(
                "{emp} works {n} {unit} in a row from {first} to {last}, at most {limit} allowed",
                "{emp} jobber {n} {unit} på rad fra {first} til {last}, høyst {limit} er tillatt",
                emp=emp_id,
                n=len(run),
                unit=Term(unit),
                first=Day(p, run[0]),
                last=Day(p, run[-1]),
                limit=limit,
            ),
            employee=emp_id,
            days=tuple(run),
            amount=len(run) - limit,
            unit=unit,
        )
        for run in too_long_runs(p, days, limit)
    ]


RULE = ConsecutiveDays()
