"""Working-time limits (AML §10-4, §10-5): hours per shift and hours in every 7 consecutive days.

A shift's paid hours count on the day it starts."""

from __future__ import annotations

from pydantic import Field

from roster.rules.base import Params, Rule, breaks_cap, cap, day_text, hours_text, shift_text
from roster.rules.defaults import default


class MaxHoursParams(Params):
    day_hours: float = Field(default("max_hours", "day_hours"), gt=0, le=24)
    week_hours: float = Field(default("max_hours", "week_hours"), gt=0, le=168)


def week_windows(p):
    for day in range(p.first_day, p.n_days - 6):
        if p.touches_plan(range(day, day + 7)):
            yield range(day, day + 7)


class MaxHours(Rule):
    name = "max_hours"
    title = "working hours"
    law = "AML §10-4/§10-5"
    Params = MaxHoursParams

    def allows(self, p, emp, day, shift):
        return shift.paid_minutes <= round(self.params(p.inst).day_hours * 60)

    def encode(self, m, v, p):
        limit = round(self.params(p.inst).week_hours * 60)
        for emp in v.each_employee(self):
            for days in week_windows(p):
                cap(m, [(s.paid, lit) for d in days for s, lit in v.options(emp.id, d)], limit)
        return []

    def check(self, p, roster):
        params = self.params(p.inst)
        day_limit, week_limit = round(params.day_hours * 60), round(params.week_hours * 60)
        out = []
        for emp_id, shifts in roster.shifts.items():
            for s in shifts:
                if p.in_plan(s.day) and s.paid > day_limit:
                    out.append(
                        self.violation(
                            f"{emp_id} works {hours_text(s.paid)} on {shift_text(p, s)}, more than "
                            f"{hours_text(day_limit)}",
                            employee=emp_id,
                            days=(s.day,),
                            amount=(s.paid - day_limit) / 60,
                            unit="h",
                        )
                    )
            for days in week_windows(p):
                terms = [(s.paid, p.in_plan(s.day)) for s in shifts if s.day in days]
                if breaks_cap(terms, week_limit):
                    total = sum(a for a, _ in terms)
                    out.append(
                        self.violation(
                            f"{emp_id} works {hours_text(total)} in the 7 days from {day_text(p, days[0])}, "
                            f"more than {hours_text(week_limit)}",
                            employee=emp_id,
                            days=tuple(days),
                            amount=(total - week_limit) / 60,
                            unit="h",
                        )
                    )
        return out


RULE = MaxHours()
