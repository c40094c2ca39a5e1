"""At least so many days off in a row: a run of days off shorter than the minimum is forbidden,
unless it touches the edge of the known days (it may go on before or after them)."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Day, Text
from roster.rules.base import Params, Rule, negate
from roster.rules.defaults import default
from roster.rules.min_days_in_row import forbid_short_runs, short_runs


class MinDaysOffInRowParams(Params):
    days: int = Field(default("min_days_off_in_row", "days"), ge=1, le=366)


class MinDaysOffInRow(Rule):
    name = "min_days_off_in_row"
    title = "too few days off in a row"
    title_nb = "for få fridager på rad"
    Params = MinDaysOffInRowParams

    def minimum(self, p, emp) -> int:
        return emp.limits.min_days_off_in_row or self.params(p.inst).days

    def encode(self, m, v, p):
        for emp in p.inst.employees:
            k = self.minimum(p, emp)
            if k > 1:
                forbid_short_runs(m, p, lambda day, e=emp.id: negate(v.work(e, day)), k)
        return []

    def check(self, p, roster):
        out = []
        for emp in p.inst.employees:
            k = self.minimum(p, emp)
            worked = {s.day for s in roster.of(emp.id)}
            off = {day for day in p.days if day not in worked}
            for run in short_runs(p, off, k) if k > 1 else []:
                out.append(
                    self.violation(
                        Text(
                            "{emp} has {n} day(s) off in a row from {first}, at least {k}",
                            "{emp} har {n} fridag(er) på rad fra {first}, minst {k}",
                            emp=emp.id,
                            n=len(run),
                            first=Day(p, run[0]),
                            k=k,
                        ),
                        employee=emp.id,
                        days=tuple(run),
                        amount=k - len(run),
                        unit="days",
                    )
                )
        return out


RULE = MinDaysOffInRow()
