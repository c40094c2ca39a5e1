"""At most so many worked weekends in the planning period (`limits.max_weekends`, or the rule's
own limit). A weekend is worked when any shift overlaps its window (weekend_frequency's `starts` and
`ends`); a weekend that begins in the previous period counts, but only the plan is blamed."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Text
from roster.rules.base import Params, Rule, breaks_cap, cap, worked_in
from roster.rules.defaults import default
from roster.rules.fairness import plan_weekends


class MaxWeekendsParams(Params):
    weekends: int | None = Field(
        default("max_weekends", "weekends"), ge=0, le=60, description="none: no limit"
    )


class MaxWeekends(Rule):
    name = "max_weekends"
    title = "weekends in the period"
    title_nb = "helger i perioden"
    Params = MaxWeekendsParams

    def limit(self, p, emp) -> int | None:
        own = emp.limits.max_weekends
        return own if own is not None else self.params(p.inst).weekends

    def encode(self, m, v, p):
        for emp in p.inst.employees:
            limit = self.limit(p, emp)
            if limit is not None:
                busy = [v.busy(emp.id, w.start, w.end) for w in plan_weekends(p)]
                cap(m, [(1, 1 if history else plan) for history, plan in busy], limit)
        return []

    def check(self, p, roster):
        out = []
        for emp in p.inst.employees:
            limit = self.limit(p, emp)
            if limit is None:
                continue
            shifts = roster.of(emp.id)
            worked = [(w, worked_in(shifts, w)) for w in plan_weekends(p)]
            terms = [(int(history or plan), plan and not history) for _, (history, plan) in worked]
            if breaks_cap(terms, limit):
                n = sum(a for a, _ in terms)
                out.append(
                    self.violation(
                        Text(
                            "{emp} works {n} weekends in the period, at most {limit}",
                            "{emp} jobber {n} helger i perioden, høyst {limit}",
                            emp=emp.id,
                            n=n,
                            limit=limit,
                        ),
                        employee=emp.id,
                        days=tuple(d for w, (h, pl) in worked if h or pl for d in w.days),
                        amount=n - limit,
                        unit="weekends",
                    )
                )
        return out


RULE = MaxWeekends()
