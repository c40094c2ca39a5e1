"""No shifts while absent (vacation, sick leave, leave, courses)."""

from __future__ import annotations

from roster.i18n import ShiftOn, Term, Text
from roster.rules.base import Rule


class Absences(Rule):
    name = "absences"
    title = "absence"
    title_nb = "fravær"
    allows_per_employee = True

    def allows(self, p, emp, day, shift):
        return p.absence(emp.id, day) is None

    def check(self, p, roster):
        out = []
        for emp_id, s in roster.plan():
            kind = p.absence(emp_id, s.day)
            if kind is not None:
                out.append(
                    self.violation(
                        Text(
                            "{emp} works {shift} during {kind}",
                            "{emp} jobber {shift} under {kind}",
                            emp=emp_id,
                            shift=ShiftOn(p, s),
                            kind=Term(kind),
                        ),
                        employee=emp_id,
                        days=(s.day,),
                        amount=1,
                        unit="shifts",
                    )
                )
        return out


RULE = Absences()
