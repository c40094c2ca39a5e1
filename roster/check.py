"""The independent checker: every applicable rule's check on a finished roster. No OR-Tools here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from roster.calendar import Period
from roster.rules import RULES, Rule, Violation
from roster.schedule import Roster


@dataclass
class Report:
    violations: list[Violation]

    @property
    def hard(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def soft(self) -> list[Violation]:
        return [v for v in self.violations if not v.hard]

    @property
    def soft_cost(self) -> int:
        return sum(v.cost for v in self.soft)

    def cost_by_rule(self) -> dict[str, int]:
        out: Counter[str] = Counter()
        for v in self.soft:
            out[v.rule] += v.cost
        return dict(out)


def check(p: Period, roster: Roster, rules: list[Rule] | None = None) -> Report:
    """All violations of the roster (with its history days) against the instance's rules."""
    chosen = [rule for rule in (RULES if rules is None else rules) if rule.applies(p.inst)]
    return Report([v for rule in chosen for v in rule.check(p, roster)])
