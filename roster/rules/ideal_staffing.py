"""Ideal staffing (soft): each shift as close to its ideal headcount as the staff allow."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Day, Text
from roster.rules.base import Params, Penalty, Rule
from roster.rules.defaults import default


class IdealStaffingParams(Params):
    weight_under: int = Field(default("ideal_staffing", "weight_under"), ge=0)
    weight_over: int = Field(default("ideal_staffing", "weight_over"), ge=0)


def weights(params, demand) -> tuple[int, int]:
    """(under, over) weights of a demand: its own where it gives them, else the rule's."""
    under = params.weight_under if demand.weight_under is None else demand.weight_under
    return under, params.weight_over if demand.weight_over is None else demand.weight_over


class IdealStaffing(Rule):
    name = "ideal_staffing"
    title = "ideal staffing"
    staff_scope = "demand"
    title_nb = "ønsket bemanning"
    hard = False
    target = True
    Params = IdealStaffingParams

    def encode(self, m, v, p):
        params, out = self.params(p.inst), []
        for day in p.plan_days:
            for demand in p.demands_on(day):
                staff = v.staff(day, demand.shift)
                heads, ideal = sum(staff), demand.target
                weight_under, weight_over = weights(params, demand)
                # Below the minimum only where coverage leaves shifts open (it is relaxed).
                low = 0 if "coverage" in v.relax else demand.min
                if not staff:  # nobody can work it: the shortfall is fixed
                    if weight_under and ideal > low:
                        out.append(Penalty(self.name, weight_under, ideal))
                    continue
                # Equalities, not just lower bounds: the objective of any roster the search finds
                # (not only the optimal one) is then exactly the checker's cost.
                if weight_under and ideal > low:
                    under = m.new_int_var(0, ideal - low, f"under[{day},{demand.shift}]")
                    m.add_max_equality(under, [0, ideal - heads])
                    out.append(Penalty(self.name, weight_under, under))
                top = len(staff) if demand.max is None else min(demand.max, len(staff))
                if weight_over and top > ideal:
                    over = m.new_int_var(0, top - ideal, f"over[{day},{demand.shift}]")
                    m.add_max_equality(over, [0, heads - ideal])
                    out.append(Penalty(self.name, weight_over, over))
        return out

    def check(self, p, roster):
        params, out = self.params(p.inst), []
        for day in p.plan_days:
            for demand in p.demands_on(day):
                heads, ideal = len(roster.staff_on(day, demand.shift)), demand.target
                weight_under, weight_over = weights(params, demand)
                said = Text(
                    "{code} on {day} has {n} staff, ideal {ideal}",
                    "{code} {day} har {n} på vakt, ønsket {ideal}",
                    code=demand.shift,
                    day=Day(p, day),
                    n=heads,
                    ideal=ideal,
                )
                if heads < ideal and weight_under:
                    out.append(
                        self.violation(
                            said,
                            days=(day,),
                            amount=ideal - heads,
                            unit="staff missing",
                            cost=weight_under * (ideal - heads),
                        )
                    )
                if heads > ideal and weight_over:
                    out.append(
                        self.violation(
                            said,
                            days=(day,),
                            amount=heads - ideal,
                            unit="staff extra",
                            cost=weight_over * (heads - ideal),
                        )
                    )
        return out


RULE = IdealStaffing()
