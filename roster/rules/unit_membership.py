"""Staff work only the shifts of their own units (or of their units' site)."""

from __future__ import annotations

from roster.i18n import ShiftOn, Text
from roster.rules.base import Rule


class UnitMembership(Rule):
    name = "unit_membership"
    title = "own unit"
    title_nb = "egen enhet"

    def allows(self, p, emp, day, shift):
        return p.inst.may_work(emp, shift)

    def check(self, p, roster):
        out = []
        for emp_id, s in roster.plan():
            emp = p.inst.employee_by_id.get(emp_id)
            shift = p.inst.shift_by_code.get(s.code) if s.code else None
            if emp is not None and shift is not None and not p.inst.may_work(emp, shift):
                out.append(
                    self.violation(
                        Text(
                            "{emp} works {shift}, a shift of {owner}, not of {units}",
                            "{emp} jobber {shift}, en vakt i {owner}, ikke i {units}",
                            emp=emp_id,
                            shift=ShiftOn(p, s),
                            owner=shift.unit or shift.site,
                            units=", ".join(emp.units),
                        ),
                        employee=emp_id,
                        days=(s.day,),
                        amount=1,
                        unit="shifts",
                    )
                )
        return out


RULE = UnitMembership()
