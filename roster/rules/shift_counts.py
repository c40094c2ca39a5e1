"""Shift counts: a personal maximum of each shift type in the period (`limits.max_shifts`); a maximum
of 0 means the employee never works that shift."""

from __future__ import annotations

from roster.i18n import Text
from roster.rules.base import Params, Rule, cap


class ShiftCounts(Rule):
    name = "shift_counts"
    title = "shifts of one type"
    title_nb = "vakter av én type"
    Params = Params

    def allows_shift(self, p, emp, shift):
        return emp.limits.max_shifts.get(shift.code) != 0

    def encode(self, m, v, p):
        for emp in p.inst.employees:
            limits = emp.limits.max_shifts
            by_code: dict[str, list] = {code: [] for code in limits}
            for d in p.plan_days if limits else []:
                for s, lit in v.options(emp.id, d):
                    if s.code in by_code:
                        by_code[s.code].append((1, lit))
            for code, terms in by_code.items():
                cap(m, terms, limits[code])
        return []

    def check(self, p, roster):
        out = []
        for emp in p.inst.employees:
            plan = [s for s in roster.of(emp.id) if p.in_plan(s.day)]
            for code, limit in emp.limits.max_shifts.items():
                days = tuple(s.day for s in plan if s.code == code)
                if len(days) > limit:
                    out.append(
                        self.violation(
                            Text(
                                "{emp} works {n} {code} shifts, at most {limit}",
                                "{emp} jobber {n} {code}-vakter, høyst {limit}",
                                emp=emp.id,
                                n=len(days),
                                code=code,
                                limit=limit,
                            ),
                            employee=emp.id,
                            days=days,
                            amount=len(days) - limit,
                            unit="shifts",
                        )
                    )
        return out


RULE = ShiftCounts()
