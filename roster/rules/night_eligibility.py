"""Night shifts only for staff who may work nights."""

from __future__ import annotations

from roster.i18n import ShiftOn, Text
from roster.rules.base import Rule


class NightEligibility(Rule):
    name = "night_eligibility"
    title = "night work"
    title_nb = "nattarbeid"
    law = "AML §10-11"

    def allows(self, p, emp, day, shift):
        return shift.kind != "night" or emp.nights

    def check(self, p, roster):
        out = []
        for emp_id, s in roster.plan():
            emp = p.inst.employee_by_id.get(emp_id)
            if emp is not None and s.kind == "night" and not emp.nights:
                out.append(
                    self.violation(
                        Text(
                            "{emp} may not work nights but works {shift}",
                            "{emp} skal ikke jobbe natt, men har {shift}",
                            emp=emp_id,
                            shift=ShiftOn(p, s),
                        ),
                        employee=emp_id,
                        days=(s.day,),
                        amount=1,
                        unit="shifts",
                    )
                )
        return out


RULE = NightEligibility()
