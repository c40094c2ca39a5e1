"""Wishes (soft): a shift or a day off someone asked for, or a shift they asked to avoid."""

from __future__ import annotations

from roster.i18n import Day, Text
from roster.rules.base import Penalty, Rule
from roster.terms import OFF


def plan_wishes(p):
    """(employee, day, wish) for every wished-for day in the planning period."""
    for emp in p.inst.employees:
        for wish in emp.wishes:
            if wish.weight == 0:
                continue
            first, last = p.day_of(wish.date), p.day_of(wish.to or wish.date)
            for day in range(max(first, 0), min(last, p.n_days - 1) + 1):  # a wish may span years
                yield emp, day, wish


class Wishes(Rule):
    name = "wishes"
    title = "wish"
    title_nb = "ønske"
    hard = False

    def encode(self, m, v, p):
        out = []
        for emp, day, wish in plan_wishes(p):
            if wish.want == OFF:
                term = v.works(emp.id, day)
            elif wish.want is not None:
                term = 1 - v.x.get((emp.id, day, wish.want), 0)
            else:
                term = v.x.get((emp.id, day, wish.avoid), 0)
            if not (isinstance(term, int) and term == 0):
                out.append(Penalty(self.name, wish.weight, term))
        return out

    def check(self, p, roster):
        out = []
        for emp, day, wish in plan_wishes(p):
            codes = [s.code for s in roster.on(emp.id, day)]
            if wish.want == OFF:
                missed, what = bool(codes), Text("a day off", "fri")
            elif wish.want is not None:
                missed, what = wish.want not in codes, Text(wish.want)
            else:
                missed, what = wish.avoid in codes, Text("not {code}", "ikke {code}", code=wish.avoid)
            if missed:
                out.append(
                    self.violation(
                        Text(
                            "{emp} wished {what} on {day}",
                            "{emp} ønsket {what} {day}",
                            emp=emp.id,
                            what=what,
                            day=Day(p, day),
                        ),
                        employee=emp.id,
                        days=(day,),
                        amount=1,
                        unit="wishes",
                        cost=wish.weight,
                    )
                )
        return out


RULE = Wishes()
