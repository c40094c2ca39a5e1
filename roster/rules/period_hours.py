"""Hours in the period: personal minimum and maximum paid hours over the planning period
(`limits.min_hours`, `limits.max_hours`), for example a benchmark's or a contract's band."""

from __future__ import annotations

from roster.i18n import Hours, Text
from roster.rules.base import Params, Rule, weighted_sum


def band(emp) -> tuple[int | None, int | None]:
    """(minimum, maximum) paid minutes in the period; None where there is no limit."""
    low, high = emp.limits.min_hours, emp.limits.max_hours
    return (None if low is None else round(low * 60), None if high is None else round(high * 60))


class PeriodHours(Rule):
    name = "period_hours"
    title = "hours in the period"
    title_nb = "timer i perioden"
    Params = Params

    def encode(self, m, v, p):
        for emp in p.inst.employees:
            low, high = band(emp)
            if low is None and high is None:
                continue
            options = [option for d in p.plan_days for option in v.options(emp.id, d)]
            paid = [s.paid for s, _ in options]
            planned = weighted_sum([lit for _, lit in options], paid)
            if low is not None and low > 0:
                m.add(planned >= low)
            if high is not None and high < sum(paid):
                m.add(planned <= high)
        return []

    def check(self, p, roster):
        out = []
        for emp in p.inst.employees:
            low, high = band(emp)
            planned = sum(s.paid for s in roster.of(emp.id) if p.in_plan(s.day))
            if low is not None and planned < low:
                out.append(self._breach(emp.id, planned, low, ("at least", "minst")))
            if high is not None and planned > high:
                out.append(self._breach(emp.id, planned, high, ("at most", "høyst")))
        return out

    def _breach(self, emp_id: str, planned: int, limit: int, words: tuple[str, str]):
        return self.violation(
            Text(
                "{emp} is planned {planned}, " + words[0] + " {limit}",
                "{emp} er satt opp med {planned}, " + words[1] + " {limit}",
                emp=emp_id,
                planned=Hours(planned),
                limit=Hours(limit),
            ),
            employee=emp_id,
            amount=abs(planned - limit) / 60,
            unit="h",
        )


RULE = PeriodHours()
