"""Quick returns (soft): short rest between shifts on consecutive days, e.g. an evening then a day
shift, penalised even where an agreement allows it."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Hours, ShiftOn, Text
from roster.rules.base import Params, Penalty, Rule
from roster.rules.defaults import default


class QuickReturnsParams(Params):
    min_rest_hours: float = Field(default("quick_returns", "min_rest_hours"), ge=0, le=24)
    weight: int = Field(default("quick_returns", "weight"), ge=0)


class QuickReturns(Rule):
    name = "quick_returns"
    title = "quick return"
    title_nb = "kort hvile"
    hard = False
    Params = QuickReturnsParams

    def encode(self, m, v, p):
        params, out = self.params(p.inst), []
        limit = round(params.min_rest_hours * 60)
        for emp in p.inst.employees if params.weight else []:
            for day in p.plan_days:
                for first, lit1 in v.options(emp.id, day - 1):
                    for second, lit2 in v.options(emp.id, day):
                        if second.start - first.end < limit:
                            both = m.new_bool_var(f"quick[{emp.id},{day}]")
                            m.add(both >= lit1 + lit2 - 1)
                            out.append(Penalty(self.name, params.weight, both))
        return out

    def check(self, p, roster):
        params, out = self.params(p.inst), []
        limit = round(params.min_rest_hours * 60)
        for emp_id, first, second in roster.successions() if params.weight else []:
            gap = second.start - first.end
            if gap < limit:
                out.append(
                    self.violation(
                        Text(
                            "{emp} has {gap} between {first} and {second}",
                            "{emp} har {gap} hvile mellom {first} og {second}",
                            emp=emp_id,
                            gap=Hours(gap),
                            first=ShiftOn(p, first),
                            second=ShiftOn(p, second),
                        ),
                        employee=emp_id,
                        days=(first.day, second.day),
                        amount=1,
                        unit="returns",
                        cost=params.weight,
                    )
                )
        return out


RULE = QuickReturns()
