"""Forbidden successions: pairs of shifts that may not be worked on consecutive days (a night, then
an early shift the next day), counting the last day of the previous period."""

from __future__ import annotations

from pydantic import Field

from roster.errors import unknown
from roster.i18n import ShiftOn, Text
from roster.rules.base import Params, Rule
from roster.rules.defaults import default


class ForbiddenSuccessionsParams(Params):
    forbidden: dict[str, list[str]] = Field(
        default("forbidden_successions", "forbidden"),
        description="shift code -> shift codes that may not be worked on the next day",
    )


def cliques(forbidden: dict[str, list[str]]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(earlier shifts, later shifts) such that every earlier one forbids every later one.

    With one shift a day, an earlier shift on day d and a later one on day d+1 exclude each other,
    and so do any two shifts of one day: each group is a single at-most-one, which is much tighter
    for the LP than the pairs it replaces. Every forbidden pair lies in some group."""
    out: set[tuple[frozenset[str], frozenset[str]]] = set()
    for later in map(frozenset, forbidden.values()):
        if later:
            out.add((frozenset(s for s, then in forbidden.items() if later <= set(then)), later))
    return sorted(out, key=lambda c: (sorted(c[0]), sorted(c[1])))


class ForbiddenSuccessions(Rule):
    name = "forbidden_successions"
    title = "forbidden succession"
    title_nb = "forbudt vaktrekkefølge"
    Params = ForbiddenSuccessionsParams

    def problems(self, inst):
        codes = {s.code for s in inst.shifts}
        path = f"rules.{self.name}.forbidden"
        return [
            (f"{path}.{first}", unknown("shift", code, codes))
            for first, then in self.params(inst).forbidden.items()
            for code in [first, *then]
            if code not in codes
        ]

    def encode(self, m, v, p):
        groups = cliques(self.params(p.inst).forbidden)
        for emp in p.inst.employees:
            for day in range(max(p.first_day, -1), p.n_days - 1):
                today = {s.code: lit for s, lit in v.options(emp.id, day)}
                tomorrow = {s.code: lit for s, lit in v.options(emp.id, day + 1)}
                for earlier, later in groups:
                    first = [today[c] for c in earlier if c in today]
                    second = [tomorrow[c] for c in later if c in tomorrow]
                    if not first or not second:
                        continue
                    if day < 0:  # history: a worked shift rules out its successors on day 0
                        if any(first):
                            for lit in second:
                                m.add(lit == 0)
                    else:
                        m.add_at_most_one(first + second)
        return []

    def check(self, p, roster):
        forbidden = self.params(p.inst).forbidden
        out = []
        for emp_id, first, second in roster.successions():
            if second.code in forbidden.get(first.code or "", ()):
                out.append(
                    self.violation(
                        Text(
                            "{emp} works {second} right after {first}",
                            "{emp} jobber {second} rett etter {first}",
                            emp=emp_id,
                            second=ShiftOn(p, second),
                            first=ShiftOn(p, first),
                        ),
                        employee=emp_id,
                        days=(first.day, second.day),
                        amount=1,
                        unit="shifts",
                    )
                )
        return out


RULE = ForbiddenSuccessions()
