"""Staff work only the shifts of their own units (or of their units' site)."""

from __future__ import annotations

from roster.rules.base import Rule, shift_text


class UnitMembership(Rule):
    name = "unit_membership"
    title = "own unit"

    def allows_shift(self, p, emp, shift):
        return p.inst.may_work(emp, shift)

    def check(self, p, roster):
        out = []
        for emp_id, s in roster.plan():
            emp = p.inst.employee_by_id.get(emp_id)
            shift = p.inst.shift_by_code.get(s.code) if s.code else None
            if emp is not None and shift is not None and not p.inst.may_work(emp, shift):
                owner = shift.unit or shift.site
                out.append(
                    self.violation(
                        f"{emp_id} works {shift_text(p, s)}, a shift of {owner}, "
                        f"not of {', '.join(emp.units)}",
                        employee=emp_id,
                        days=(s.day,),
                        amount=1,
                        unit="shifts",
                    )
                )
        return out


RULE = UnitMembership()
