"""Working-time limits (AML §10-4, §10-5): hours per shift and hours in every 7 consecutive days.

A shift's paid hours count on the day it starts."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Day, Hours, ShiftOn, Text
from roster.rules.base import Params, Rule, breaks_cap, cap, stretches
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
    title_nb = "arbeidstid"
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
                            Text(
                                "{emp} works {hours} on {shift}, more than {limit}",
                                "{emp} jobber {hours} på {shift}, mer enn {limit}",
                                emp=emp_id,
                                hours=Hours(s.paid),
                                shift=ShiftOn(p, s),
                                limit=Hours(day_limit),
                            ),
                            employee=emp_id,
                            days=(s.day,),
                            amount=(s.paid - day_limit) / 60,
                            unit="h",
                        )
                    )
            breaches = []
            for days in week_windows(p):
                terms = [(s.paid, p.in_plan(s.day)) for s in shifts if s.day in days]
                if breaks_cap(terms, week_limit):
                    breaches.append((days, sum(a for a, _ in terms)))
            out.extend(self._week_violation(p, emp_id, group, week_limit) for group in stretches(breaches))
        return out

    def _week_violation(self, p, emp_id, group, limit):
        """One violation for overlapping 7-day periods over the limit, told by the worst of them."""
        worst_days, worst = max(group, key=lambda b: b[1])
        text = Text(
            "{emp} works {hours} in the 7 days from {day}, more than {limit}",
            "{emp} jobber {hours} i 7-dagersperioden fra {day}, mer enn {limit}",
            emp=emp_id,
            hours=Hours(worst),
            day=Day(p, worst_days[0]),
            limit=Hours(limit),
        )
        return self.stretch_violation(p, emp_id, group, text, (worst - limit) / 60, ("over", "over"))


RULE = MaxHours()
