"""Ideal staffing (soft): each shift as close to its ideal headcount as the staff allow."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Day, Text
from roster.rules.base import Params, Penalty, Rule
from roster.rules.defaults import default


class IdealStaffingParams(Params):
    weight_under: int = Field(default("ideal_staffing", "weight_under"), ge=0)
    weight_over: int = Field(default("ideal_staffing", "weight_over"), ge=0)


class IdealStaffing(Rule):
    name = "ideal_staffing"
    title = "ideal staffing"
    title_nb = "ønsket bemanning"
    hard = False
    Params = IdealStaffingParams

    def encode(self, m, v, p):
        params, out = self.params(p.inst), []
        for day in p.plan_days:
            for demand in p.demands_on(day):
                staff = [
                    v.x[e.id, day, demand.shift] for e in p.inst.employees if (e.id, day, demand.shift) in v.x
                ]
                heads, ideal = sum(staff), demand.target
                # Below the minimum only where coverage leaves shifts open (it is relaxed).
                low = 0 if "coverage" in v.relax else demand.min
                if params.weight_under and ideal > low:
                    under = m.new_int_var(0, ideal - low, f"under[{day},{demand.shift}]")
                    m.add(under >= ideal - heads)
                    out.append(Penalty(self.name, params.weight_under, under))
                top = len(staff) if demand.max is None else min(demand.max, len(staff))
                if params.weight_over and top > ideal:
                    over = m.new_int_var(0, top - ideal, f"over[{day},{demand.shift}]")
                    m.add(over >= heads - ideal)
                    out.append(Penalty(self.name, params.weight_over, over))
        return out

    def check(self, p, roster):
        params, out = self.params(p.inst), []
        for day in p.plan_days:
            for demand in p.demands_on(day):
                heads, ideal = len(roster.staff_on(day, demand.shift)), demand.target
                said = Text(
                    "{code} on {day} has {n} staff, ideal {ideal}",
                    "{code} {day} har {n} på vakt, ønsket {ideal}",
                    code=demand.shift,
                    day=Day(p, day),
                    n=heads,
                    ideal=ideal,
                )
                if heads < ideal and params.weight_under:
                    out.append(
                        self.violation(
                            said,
                            days=(day,),
                            amount=ideal - heads,
                            unit="staff missing",
                            cost=params.weight_under * (ideal - heads),
                        )
                    )
                if heads > ideal and params.weight_over:
                    out.append(
                        self.violation(
                            said,
                            days=(day,),
                            amount=heads - ideal,
                            unit="staff extra",
                            cost=params.weight_over * (heads - ideal),
                        )
                    )
        return out


RULE = IdealStaffing()
