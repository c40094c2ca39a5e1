"""At most so many night shifts in a row, counting the end of the previous period."""

from __future__ import annotations

from pydantic import Field

from roster.rules.base import Params, Rule, cap
from roster.rules.consecutive_days import day_windows, run_violations
from roster.rules.defaults import default


class ConsecutiveNightsParams(Params):
    max_nights: int = Field(default("consecutive_nights", "max_nights"), ge=1, le=366)


class ConsecutiveNights(Rule):
    name = "consecutive_nights"
    title = "nights in a row"
    title_nb = "netter på rad"
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
            out += run_violations(
                self, p, emp_id, {s.day for s in shifts if s.kind == "night"}, limit, "nights"
            )
        return out


RULE = ConsecutiveNights()
