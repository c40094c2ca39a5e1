"""Daily rest (AML §10-8 (1)): enough continuous rest between the real end of one shift and the
start of the next, across midnight and into the previous period."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Hours, ShiftOn, Text
from roster.rules.base import Params, Rule, forbid_together
from roster.rules.defaults import default


class DailyRestParams(Params):
    hours: float = Field(default("daily_rest", "hours"), ge=0, le=24)


class DailyRest(Rule):
    name = "daily_rest"
    title = "daily rest"
    title_nb = "daglig hviletid"
    law = "AML §10-8 (1)"
    Params = DailyRestParams

    def encode(self, m, v, p):
        rest = round(self.params(p.inst).hours * 60)
        for emp in v.each_employee(self):
            for day in p.days:
                for first, lit1 in v.options(emp.id, day):
                    later = day + 1
                    while later < p.n_days and p.midnight(later) < first.end + rest:
                        for second, lit2 in v.options(emp.id, later):
                            if second.start - first.end < rest and p.touches_plan((day, later)):
                                forbid_together(m, [lit1, lit2])
                        later += 1
        return []

    def check(self, p, roster):
        rest = round(self.params(p.inst).hours * 60)
        out = []
        for emp_id, shifts in roster.shifts.items():
            for first, second in zip(shifts, shifts[1:], strict=False):
                gap = second.start - first.end
                if gap < rest and p.touches_plan((first.day, second.day)):
                    out.append(
                        self.violation(
                            Text(
                                "{gap} between {first} and {second}, {short} short",
                                "{gap} hvile mellom {first} og {second}, {short} for lite",
                                gap=Hours(gap),
                                first=ShiftOn(p, first),
                                second=ShiftOn(p, second),
                                short=Hours(rest - gap),
                            ),
                            employee=emp_id,
                            days=(first.day, second.day),
                            amount=(rest - gap) / 60,
                            unit="h",
                        )
                    )
        return out


RULE = DailyRest()
