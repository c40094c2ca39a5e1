"""At most one shift per person per day; a night belongs to the day it starts."""

from __future__ import annotations

from collections import Counter

from roster.i18n import Day, Text, Worked
from roster.rules.base import Rule


class OneShiftPerDay(Rule):
    name = "one_shift_per_day"
    title = "one shift per day"
    title_nb = "én vakt per dag"
    explainable = False  # what a roster is, not a requirement that could give way

    def encode(self, m, v, p):
        for emp in p.inst.employees:
            for day in p.plan_days:
                lits = [lit for _, lit in v.options(emp.id, day)]
                if len(lits) > 1:
                    m.add_at_most_one(lits)
        return []

    def check(self, p, roster):
        out = []
        for emp_id, shifts in roster.shifts.items():
            for day, n in sorted(Counter(s.day for s in shifts).items()):
                if n > 1 and p.in_plan(day):
                    out.append(
                        self.violation(
                            Text(
                                "{emp} has {n} shifts on {day} ({codes})",
                                "{emp} har {n} vakter {day} ({codes})",
                                emp=emp_id,
                                n=n,
                                day=Day(p, day),
                                codes=Worked(s.code for s in shifts if s.day == day),
                            ),
                            employee=emp_id,
                            days=(day,),
                            amount=n - 1,
                            unit="shifts",
                        )
                    )
        return out


RULE = OneShiftPerDay()
