"""Continuity of care (soft): a recipient's visits made by their small set of regular staff; each
staff visit by someone else costs the rule's weight."""

from __future__ import annotations

from collections import Counter

from pydantic import Field

from roster.i18n import Text
from roster.rules.base import Params, Penalty, Rule
from roster.rules.defaults import default
from roster.visits import VisitPlan, occurrence


class ContinuityParams(Params):
    weight: int = Field(default("visit_continuity", "weight"), ge=0, le=1_000_000)


class VisitContinuity(Rule):
    name = "visit_continuity"
    title = "visit continuity"
    title_nb = "kontinuitet i besøk"
    hard = False
    Params = ContinuityParams

    def applies(self, inst):
        return super().applies(inst) and any(r.regular_staff for r in inst.recipients)

    def encode(self, m, v, p):
        if v.visits is None:
            return []  # the visits rule is switched off: no visits to judge
        weight = self.params(p.inst).weight
        regular = _regular_staff(p.inst)
        return [
            Penalty(self.name, weight, sum(lits))
            for (key, emp_id), lits in v.visits.assign.items()
            if regular.get(key[0]) and emp_id not in regular[key[0]]
        ]

    def check(self, p, roster):
        if not p.inst.rules.visits.enabled:
            return []
        plan = roster.visits or VisitPlan()
        weight = self.params(p.inst).weight
        regular = _regular_staff(p.inst)
        others: Counter[str] = Counter()
        for a in plan.assignments:
            occ = occurrence(p, a.visit, a.day)
            if occ is not None and regular.get(a.visit) and a.employee not in regular[a.visit]:
                others[occ.recipient] += 1
        return [
            self.violation(
                Text(
                    "{count} staff visit(s) to {recipient} by others than the regular staff",
                    "{count} besøk hos {recipient} av andre enn det faste personalet",
                    count=count,
                    recipient=recipient,
                ),
                amount=count,
                unit="visits",
                cost=weight * count,
            )
            for recipient, count in others.items()
        ]


def _regular_staff(inst) -> dict[str, frozenset[str]]:
    """Per visit id: its recipient's regular staff."""
    return {need.id: frozenset(r.regular_staff) for r in inst.recipients for need in r.visits}


RULE = VisitContinuity()
