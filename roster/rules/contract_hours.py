"""Contracted hours: planned hours over the period match the position within a tolerance."""

from __future__ import annotations

from pydantic import Field

from roster.rules.base import Params, Rule, hours_text
from roster.rules.defaults import default


class ContractHoursParams(Params):
    tolerance_hours: float = Field(default("contract_hours", "tolerance_hours"), ge=0, le=200)
    weekday_holiday_reduces: bool = default("contract_hours", "weekday_holiday_reduces")


class ContractHours(Rule):
    name = "contract_hours"
    title = "contracted hours"
    Params = ContractHoursParams

    def encode(self, m, v, p):
        tolerance = round(self.params(p.inst).tolerance_hours * 60)
        for emp in p.inst.employees:
            target = p.contract_minutes(emp)
            planned = sum(s.paid * lit for d in p.plan_days for s, lit in v.options(emp.id, d))
            m.add(planned >= target - tolerance)
            m.add(planned <= target + tolerance)
        return []

    def check(self, p, roster):
        tolerance = round(self.params(p.inst).tolerance_hours * 60)
        out = []
        for emp in p.inst.employees:
            target = p.contract_minutes(emp)
            planned = sum(s.paid for s in roster.of(emp.id) if p.in_plan(s.day))
            off = planned - target
            if abs(off) > tolerance:
                word = "over" if off > 0 else "short"
                out.append(self.violation(
                    f"{emp.id} is planned {hours_text(planned)} against {hours_text(target)} due "
                    f"(± {hours_text(tolerance)}): {hours_text(abs(off))} {word}", employee=emp.id,
                    amount=(abs(off) - tolerance) / 60, unit="h"))
        return out


RULE = ContractHours()
