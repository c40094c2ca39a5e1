"""Fixed assignments: a given shift, or a given day off, that the roster must keep."""

from __future__ import annotations

from roster.i18n import Day, Term, Text, Worked
from roster.rules.base import Rule
from roster.terms import OFF


def _fixed(p, emp, day) -> str | None:
    for f in emp.fixed:
        if p.day_of(f.date) == day:
            return f.shift
    return None


class FixedAssignments(Rule):
    name = "fixed_assignments"
    title = "fixed assignment"
    title_nb = "fast vakt"
    allows_per_employee = True

    def allows(self, p, emp, day, shift):
        fixed = _fixed(p, emp, day)
        return fixed is None or fixed == shift.code

    def encode(self, m, v, p):
        for emp in v.each_employee(self):
            for f in emp.fixed:
                day = p.day_of(f.date)
                if p.in_plan(day) and f.shift != OFF:
                    var = v.x.get((emp.id, day, f.shift))
                    # Another rule may rule the shift out (absence, rest, a shift not run that day).
                    m.add(var == 1) if var is not None else m.add_bool_or([])
        return []

    def check(self, p, roster):
        out = []
        for emp in p.inst.employees:
            for f in emp.fixed:
                day = p.day_of(f.date)
                if not p.in_plan(day):
                    continue
                worked = [s.code for s in roster.on(emp.id, day)]
                if (f.shift == OFF and worked) or (f.shift != OFF and worked != [f.shift]):
                    out.append(
                        self.violation(
                            Text(
                                "{emp} is fixed to {fixed} on {day}, has {has}",
                                "{emp} skal ha {fixed} {day}, har {has}",
                                emp=emp.id,
                                fixed=Term(OFF) if f.shift == OFF else f.shift,
                                day=Day(p, day),
                                has=Worked(worked),
                            ),
                            employee=emp.id,
                            days=(day,),
                            amount=1,
                            unit="days",
                        )
                    )
        return out


RULE = FixedAssignments()
