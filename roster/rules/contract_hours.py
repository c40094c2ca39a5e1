"""Contracted hours: planned hours over the period match the position within a tolerance."""

from __future__ import annotations

from pydantic import Field

from roster.rules.base import Params, Penalty, Rule, hours_text
from roster.rules.defaults import default


class ContractHoursParams(Params):
    tolerance_hours: float = Field(default("contract_hours", "tolerance_hours"), ge=0, le=200)
    weekday_holiday_reduces: bool = default("contract_hours", "weekday_holiday_reduces")


class ContractHours(Rule):
    name = "contract_hours"
    title = "contracted hours"
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
                word = "over" if off > 0 else "short"
                out.append(
                    self.violation(
                        f"{emp.id} is planned {hours_text(planned)} against {hours_text(target)} due "
                        f"(± {hours_text(tolerance)}): {hours_text(abs(off))} {word}",
                        employee=emp.id,
                        amount=(abs(off) - tolerance) / 60,
                        unit="h",
                    )
                )
        return out


RULE = ContractHours()
