"""Forward rotation (soft): day -> evening -> night on consecutive days, not backwards."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import ShiftOn, Text
from roster.rules.base import Params, Penalty, Rule
from roster.rules.defaults import default

ORDER = {"day": 0, "evening": 1, "night": 2}


class ForwardRotationParams(Params):
    weight: int = Field(default("forward_rotation", "weight"), ge=0)


class ForwardRotation(Rule):
    name = "forward_rotation"
    title = "backward rotation"
    title_nb = "bakoverrotasjon"
    hard = False
    Params = ForwardRotationParams

    def encode(self, m, v, p):
        weight, out = self.params(p.inst).weight, []
        for emp in p.inst.employees if weight else []:
            for day in p.plan_days:
                for first, lit1 in v.options(emp.id, day - 1):
                    for second, lit2 in v.options(emp.id, day):
                        if ORDER[second.kind] < ORDER[first.kind]:
                            back = m.new_bool_var(f"backward[{emp.id},{day}]")
                            m.add(back >= lit1 + lit2 - 1)
                            out.append(Penalty(self.name, weight, back))
        return out

    def check(self, p, roster):
        weight, out = self.params(p.inst).weight, []
        for emp_id, first, second in roster.successions() if weight else []:
            if ORDER[second.kind] < ORDER[first.kind]:
                out.append(
                    self.violation(
                        Text(
                            "{emp} rotates backwards: {first}, then {second}",
                            "{emp} roterer bakover: {first}, så {second}",
                            emp=emp_id,
                            first=ShiftOn(p, first),
                            second=ShiftOn(p, second),
                        ),
                        employee=emp_id,
                        days=(first.day, second.day),
                        amount=1,
                        unit="rotations",
                        cost=weight,
                    )
                )
        return out


RULE = ForwardRotation()
