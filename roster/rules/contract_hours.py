"""Contracted hours: planned hours over the period match the position within a tolerance."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Hours, Text
from roster.rules.base import Params, Penalty, Rule, hours_text
from roster.rules.defaults import default


class ContractHoursParams(Params):
    tolerance_hours: float = Field(default("contract_hours", "tolerance_hours"), ge=0, le=200)
    weekday_holiday_reduces: bool = default("contract_hours", "weekday_holiday_reduces")


class ContractHours(Rule):
    name = "contract_hours"
    title = "contracted hours"
    title_nb = "avtalt arbeidstid"
    Params = ContractHoursParams

    def encode(self, m, v, p):
        tolerance, out = round(self.params(p.inst).tolerance_hours * 60), []
        for emp in v.each_employee(self):
            target = p.contract_minutes(emp)
            planned = sum(s.paid * lit for d in p.plan_days for s, lit in v.options(emp.id, d))
            if self.name in v.relax:  # replanning: the miss is allowed at a cost per minute
                due = f"{emp.id}: contracted {hours_text(target)} ± {hours_text(tolerance)}"
                for sign, word in ((1, "short"), (-1, "over")):
                    miss = m.new_int_var(0, 100 * 60 * 24, f"{word}[{emp.id}]")
                    m.add(sign * (target - planned) - tolerance <= miss)
                    out.append(Penalty(self.name, 1, miss, f"{due}, {word}", "min"))
            else:
                m.add(planned >= target - tolerance)
                m.add(planned <= target + tolerance)
        return out

    def check(self, p, roster):
        tolerance = round(self.params(p.inst).tolerance_hours * 60)
        out = []
        for emp in p.inst.employees:
            target = p.contract_minutes(emp)
            planned = sum(s.paid for s in roster.of(emp.id) if p.in_plan(s.day))
            off = planned - target
            if abs(off) > tolerance:
                over = off > 0
                out.append(
                    self.violation(
                        Text(
                            "{emp} is planned {planned} against {due} due (± {tolerance}): {off} "
                            + ("over" if over else "short"),
                            "{emp} har {planned} i turnus mot {due} etter avtalen (± {tolerance}): {off} "
                            + ("for mye" if over else "for lite"),
                            emp=emp.id,
                            planned=Hours(planned),
                            due=Hours(target),
                            tolerance=Hours(tolerance),
                            off=Hours(abs(off)),
                        ),
                        employee=emp.id,
                        amount=(abs(off) - tolerance) / 60,
                        unit="h",
                    )
                )
        return out


RULE = ContractHours()
