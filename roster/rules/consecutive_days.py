"""At most so many working days in a row, counting the end of the previous period."""

from __future__ import annotations

from pydantic import Field

from roster.rules.base import Params, Rule, breaks_cap, cap, day_text
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
    Params = ConsecutiveDaysParams

    def encode(self, m, v, p):
        limit = self.params(p.inst).max_days
        for emp in v.each_employee(self):
            for days in day_windows(p, limit + 1):
                cap(m, [(1, v.works(emp.id, d)) for d in days], limit)
        return []

    def check(self, p, roster):
        limit = self.params(p.inst).max_days
        out = []
        for emp_id, shifts in roster.shifts.items():
            worked = {s.day for s in shifts}
            for days in day_windows(p, limit + 1):
                if breaks_cap([(int(d in worked), p.in_plan(d)) for d in days], limit):
                    out.append(
                        self.violation(
                            f"{emp_id} works {limit + 1} days in a row from {day_text(p, days[0])}, "
                            f"at most {limit} allowed",
                            employee=emp_id,
                            days=tuple(days),
                            amount=1,
                            unit="days",
                        )
                    )
        return out


RULE = ConsecutiveDays()
