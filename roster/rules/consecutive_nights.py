"""At most so many night shifts in a row, counting the end of the previous period."""

from __future__ import annotations

from pydantic import Field

from roster.rules.base import Params, Rule, breaks_cap, cap, day_text
from roster.rules.consecutive_days import day_windows
from roster.rules.defaults import default


class ConsecutiveNightsParams(Params):
    max_nights: int = Field(default("consecutive_nights", "max_nights"), ge=1, le=366)


class ConsecutiveNights(Rule):
    name = "consecutive_nights"
    title = "nights in a row"
    Params = ConsecutiveNightsParams

    def encode(self, m, v, p):
        limit = self.params(p.inst).max_nights
        for emp in v.each_employee(self):
            for days in day_windows(p, limit + 1):
                cap(
                    m, [(1, lit) for d in days for s, lit in v.options(emp.id, d) if s.kind == "night"], limit
                )
        return []

    def check(self, p, roster):
        limit = self.params(p.inst).max_nights
        out = []
        for emp_id, shifts in roster.shifts.items():
            nights = {s.day for s in shifts if s.kind == "night"}
            for days in day_windows(p, limit + 1):
                if breaks_cap([(int(d in nights), p.in_plan(d)) for d in days], limit):
                    out.append(
                        self.violation(
                            f"{emp_id} works {limit + 1} nights in a row from {day_text(p, days[0])}, "
                            f"at most {limit} allowed",
                            employee=emp_id,
                            days=tuple(days),
                            amount=1,
                            unit="nights",
                        )
                    )
        return out


RULE = ConsecutiveNights()
