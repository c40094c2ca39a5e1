"""Isolated days (soft): a single working day between days off, or a single day off between
working days. Days next to an absence are left out: those are not the planner's choice."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Day, Text
from roster.rules.base import Params, Penalty, Rule
from roster.rules.defaults import default


class IsolatedDaysParams(Params):
    weight_work: int = Field(default("isolated_days", "weight_work"), ge=0)
    weight_off: int = Field(default("isolated_days", "weight_off"), ge=0)


def middles(p, emp_id: str):
    """Days whose neighbours are both known and none of the three is an absence."""
    for day in p.plan_days:
        if (
            day - 1 >= p.first_day
            and day + 1 < p.n_days
            and all(p.absence(emp_id, d) is None for d in (day - 1, day, day + 1))
        ):
            yield day


class IsolatedDays(Rule):
    name = "isolated_days"
    title = "isolated day"
    title_nb = "enkeltstående dag"
    hard = False
    Params = IsolatedDaysParams

    def encode(self, m, v, p):
        params, out = self.params(p.inst), []
        for emp in p.inst.employees:
            for day in middles(p, emp.id):
                before, here, after = (v.works(emp.id, d) for d in (day - 1, day, day + 1))
                if params.weight_work and not isinstance(here, int):
                    single = m.new_bool_var(f"single_work[{emp.id},{day}]")
                    m.add(single >= here - before - after)
                    out.append(Penalty(self.name, params.weight_work, single))
                if params.weight_off and not (isinstance(before, int) and before == 0):
                    single = m.new_bool_var(f"single_off[{emp.id},{day}]")
                    m.add(single >= before + after - here - 1)
                    out.append(Penalty(self.name, params.weight_off, single))
        return out

    def check(self, p, roster):
        params, out = self.params(p.inst), []
        for emp in p.inst.employees:
            worked = {s.day for s in roster.of(emp.id)}
            for day in middles(p, emp.id):
                before, here, after = (d in worked for d in (day - 1, day, day + 1))
                if here and not before and not after and params.weight_work:
                    out.append(self._single(p, emp.id, day, params.weight_work, WORKED_ALONE))
                if before and after and not here and params.weight_off:
                    out.append(self._single(p, emp.id, day, params.weight_off, OFF_ALONE))
        return out

    def _single(self, p, emp_id: str, day: int, cost: int, wording: tuple[str, str]):
        """One isolated day, worked or off, in `wording` (English, Norwegian)."""
        text = Text(*wording, emp=emp_id, day=Day(p, day))
        return self.violation(text, employee=emp_id, days=(day,), amount=1, unit="days", cost=cost)


WORKED_ALONE = ("{emp} works only {day} between days off", "{emp} jobber bare {day} mellom fridager")
OFF_ALONE = ("{emp} has only {day} off between working days", "{emp} har bare {day} fri mellom arbeidsdager")

RULE = IsolatedDays()
