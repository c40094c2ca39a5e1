"""Weekend frequency (local agreement): at most every n-th weekend, counting previous weekends.

A weekend is worked when any shift overlaps its window (by default Saturday 00:00 to Monday
00:00, so a Friday night that runs into Saturday counts)."""

from __future__ import annotations

from pydantic import Field, field_validator

from roster.rules.base import Params, Rule, both_worked, day_text, forbid_both, worked_in
from roster.rules.defaults import default
from roster.terms import parse_weekday_time


class WeekendParams(Params):
    every: int = Field(default("weekend_frequency", "every"), ge=1, le=52)
    starts: str = Field(default("weekend_frequency", "starts"), description="e.g. 'Sat 00:00'")
    ends: str = Field(default("weekend_frequency", "ends"), description="e.g. 'Mon 00:00'")

    @field_validator("starts", "ends")
    @classmethod
    def _weekday_time(cls, value: str) -> str:
        parse_weekday_time(value)
        return value


def close_pairs(p, every: int):
    """Pairs of weekends closer than `every` weeks."""
    weekends = p.weekends
    for i, first in enumerate(weekends):
        yield from ((first, second) for second in weekends[i + 1 : i + every])


class WeekendFrequency(Rule):
    name = "weekend_frequency"
    title = "weekend frequency"
    Params = WeekendParams

    def encode(self, m, v, p):
        every = self.params(p.inst).every
        for emp in v.each_employee(self):
            for first, second in close_pairs(p, every):
                forbid_both(
                    m, v.busy(emp.id, first.start, first.end), v.busy(emp.id, second.start, second.end)
                )
        return []

    def check(self, p, roster):
        every = self.params(p.inst).every
        out = []
        for emp_id, shifts in roster.shifts.items():
            for first, second in close_pairs(p, every):
                if both_worked(worked_in(shifts, first), worked_in(shifts, second)):
                    out.append(
                        self.violation(
                            f"{emp_id} works the weekends of {day_text(p, first.days[0])} and "
                            f"{day_text(p, second.days[0])}; at most every {_nth(every)} weekend",
                            employee=emp_id,
                            days=first.days + second.days,
                            amount=1,
                            unit="weekends",
                        )
                    )
        return out


def _nth(n: int) -> str:
    return {1: "", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


RULE = WeekendFrequency()
