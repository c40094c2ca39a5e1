"""Minimum staffing and competency requirements of every shift, and shifts only on days they run."""

from __future__ import annotations

from roster.i18n import Day, Need, Term, Text
from roster.rules.base import Penalty, Rule, day_text


class Coverage(Rule):
    name = "coverage"
    title = "staffing"
    title_nb = "bemanning"

    def allows(self, p, emp, day, shift):
        return p.demand(day, shift.code) is not None

    def encode(self, m, v, p):
        inst, out = p.inst, []

        def at_least(expr, k: int, label: str) -> None:
            if self.name in v.relax:  # explaining a shortfall: count what is missing instead
                short = m.new_int_var(0, k, f"short[{label}]")
                m.add(expr + short >= k)
                out.append(Penalty(self.name, 1, short, label, "staff"))
            else:
                m.add(expr >= k)

        for day in p.plan_days:
            for demand in p.demands_on(day):
                staff = [
                    (emp, v.x[emp.id, day, demand.shift])
                    for emp in inst.employees
                    if (emp.id, day, demand.shift) in v.x
                ]
                heads = sum(x for _, x in staff)
                where = f"{demand.shift} on {day_text(p, day)}"
                if demand.min > 0:
                    at_least(heads, demand.min, f"{where}: at least {demand.min} staff")
                if demand.max is not None:
                    m.add(heads <= demand.max)
                for req in demand.requirements:
                    holders = sum(x for emp, x in staff if inst.competencies_of(emp) & set(req.of))
                    if req.at_least:
                        at_least(holders, req.at_least, f"{where}: {req.describe()}")
                    if req.at_most is not None:
                        m.add(holders <= req.at_most)
        return out

    def check(self, p, roster):
        inst, out = p.inst, []
        for emp_id, s in roster.plan():
            if s.code is not None and p.demand(s.day, s.code) is None:
                out.append(
                    self.violation(
                        Text(
                            "{emp} works {code} on {day}, but {code} is not run on {types}",
                            "{emp} jobber {code} {day}, men {code} går ikke på {types}",
                            emp=emp_id,
                            code=s.code,
                            day=Day(p, s.day),
                            types=Term(f"{p.day_type(s.day)}s"),
                        ),
                        employee=emp_id,
                        days=(s.day,),
                        amount=1,
                        unit="shifts",
                    )
                )
        for day in p.plan_days:
            for demand in p.demands_on(day):
                staff = [
                    inst.employee_by_id[e]
                    for e in roster.staff_on(day, demand.shift)
                    if e in inst.employee_by_id
                ]
                on = {"code": demand.shift, "day": Day(p, day), "n": len(staff)}
                if len(staff) < demand.min:
                    out.append(
                        self.violation(
                            Text(
                                "{code} on {day} has {n} staff, needs at least {min}",
                                "{code} {day} har {n} på vakt, trenger minst {min}",
                                min=demand.min,
                                **on,
                            ),
                            days=(day,),
                            amount=demand.min - len(staff),
                            unit="staff",
                        )
                    )
                if demand.max is not None and len(staff) > demand.max:
                    out.append(
                        self.violation(
                            Text(
                                "{code} on {day} has {n} staff, at most {max} allowed",
                                "{code} {day} har {n} på vakt, høyst {max} er tillatt",
                                max=demand.max,
                                **on,
                            ),
                            days=(day,),
                            amount=len(staff) - demand.max,
                            unit="staff",
                        )
                    )
                for req in demand.requirements:
                    n = sum(1 for emp in staff if inst.competencies_of(emp) & set(req.of))
                    on["n"] = n
                    if req.at_least and n < req.at_least:
                        out.append(
                            self.violation(
                                Text(
                                    "{code} on {day} needs {need}, has {n}",
                                    "{code} {day} trenger {need}, har {n}",
                                    need=Need(req),
                                    **on,
                                ),
                                days=(day,),
                                amount=req.at_least - n,
                                unit="staff",
                            )
                        )
                    if req.at_most is not None and n > req.at_most:
                        out.append(
                            self.violation(
                                Text(
                                    "{code} on {day} allows {need}, has {n}",
                                    "{code} {day} tillater {need}, har {n}",
                                    need=Need(req),
                                    **on,
                                ),
                                days=(day,),
                                amount=n - req.at_most,
                                unit="staff",
                            )
                        )
        return out


RULE = Coverage()
