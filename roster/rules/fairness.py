"""Fair spread (soft): nights, evenings, weekends and public holidays shared in proportion to
position size and days present, within each unit.

A person's share of a category is (position x days present) / (the group's sum of the same) of the
group's total. Within half a shift of that share is fair (whole shifts cannot split finer); the
penalty is the weight times the distance beyond that, in tenths of a shift (or weekend), rounded
up."""

from __future__ import annotations

from collections import defaultdict

from pydantic import Field

from roster.i18n import Term, Text
from roster.rules.base import Params, Penalty, Rule
from roster.rules.defaults import default

CATEGORIES = ("nights", "evenings", "weekends", "holidays")


class FairnessParams(Params):
    nights: int = Field(default("fairness", "nights"), ge=0)
    evenings: int = Field(default("fairness", "evenings"), ge=0)
    weekends: int = Field(default("fairness", "weekends"), ge=0)
    holidays: int = Field(default("fairness", "holidays"), ge=0)


def _takes_part(p, emp, category: str) -> bool:
    """Whether the employee is in the category's group: they can work such shifts at all."""
    inst = p.inst
    if p.available_days(emp) == 0:
        return False
    shifts = [st for st in inst.shifts if inst.may_work(emp, st)]
    if category == "nights":
        return emp.nights and any(st.kind == "night" for st in shifts)
    if category == "evenings":
        return any(st.kind == "evening" for st in shifts)
    runs_on = {t for d in inst.demand if d.shift in {st.code for st in shifts} for t in d.on}
    if category == "weekends":
        return bool(runs_on & {"saturday", "sunday"})
    return "sunday" in runs_on and any(p.is_holiday(d) for d in p.plan_days)


def groups(p, category: str) -> list[list]:
    """Employees sharing a category, per home unit (groups of one have nothing to share)."""
    by_unit = defaultdict(list)
    for emp in p.inst.employees:
        if _takes_part(p, emp, category):
            by_unit[p.inst.home_unit(emp)].append(emp)
    return [members for members in by_unit.values() if len(members) > 1]


def share(p, emp) -> int:
    return round(emp.position * 10) * p.available_days(emp)


def plan_weekends(p):
    return [w for w in p.weekends if p.touches_plan(w.days)]


class Fairness(Rule):
    name = "fairness"
    title = "fair spread"
    title_nb = "rettferdig fordeling"
    hard = False
    Params = FairnessParams

    def _count(self, v, p, emp, category):
        """(linear expression, its upper bound) of the employee's items in the category."""
        if category == "weekends":
            lits = [v.busy(emp.id, w.start, w.end)[1] for w in plan_weekends(p)]
        else:
            lits = [
                lit
                for d in p.plan_days
                for s, lit in v.options(emp.id, d)
                if (category == "nights" and s.kind == "night")
                or (category == "evenings" and s.kind == "evening")
                or (category == "holidays" and p.is_holiday(d))
            ]
        return sum(lits), len(lits)

    def encode(self, m, v, p):
        params, out = self.params(p.inst), []
        for category in CATEGORIES:
            weight = getattr(params, category)
            for members in groups(p, category) if weight else []:
                counts = {e.id: self._count(v, p, e, category) for e in members}
                total = sum(c for c, _ in counts.values())
                top = sum(b for _, b in counts.values())
                shares = sum(share(p, e) for e in members)
                for emp in members:
                    diff = shares * counts[emp.id][0] - share(p, emp) * total
                    dev = m.new_int_var(0, 10 * top, f"unfair[{category},{emp.id}]")
                    m.add(shares * dev >= 10 * diff - 5 * shares)
                    m.add(shares * dev >= -10 * diff - 5 * shares)
                    out.append(Penalty(self.name, weight, dev))
        return out

    def check(self, p, roster):
        params, out = self.params(p.inst), []
        for category in CATEGORIES:
            weight = getattr(params, category)
            for members in groups(p, category) if weight else []:
                counts = {e.id: _items(p, roster.of(e.id), category) for e in members}
                total = sum(counts.values())
                shares = sum(share(p, e) for e in members)
                for emp in members:
                    diff = shares * counts[emp.id] - share(p, emp) * total
                    tenths = -(-(10 * abs(diff) - 5 * shares) // shares)
                    if tenths > 0:
                        fair = share(p, emp) * total / shares
                        out.append(
                            self.violation(
                                Text(
                                    "{emp} has {n} {category}, a fair share is {fair:.1f}",
                                    "{emp} har {n} {category}, en rettferdig andel er {fair:.1f}",
                                    emp=emp.id,
                                    n=counts[emp.id],
                                    category=Term(category),
                                    fair=float(fair),
                                ),
                                employee=emp.id,
                                amount=tenths / 10,
                                unit=category,
                                cost=weight * tenths,
                            )
                        )
        return out


def _items(p, shifts, category: str) -> int:
    plan = [s for s in shifts if p.in_plan(s.day)]
    if category == "weekends":
        return sum(1 for w in plan_weekends(p) if any(s.overlaps(w.start, w.end) for s in plan))
    if category == "holidays":
        return sum(1 for s in plan if p.is_holiday(s.day))
    kind = {"nights": "night", "evenings": "evening"}[category]
    return sum(1 for s in plan if s.kind == kind)


RULE = Fairness()
