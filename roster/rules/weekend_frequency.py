"""Weekend frequency (local agreement): at most every n-th weekend, counting previous weekends.

A weekend is worked when any shift overlaps its window (by default Saturday 00:00 to Monday
00:00, so a Friday night that runs into Saturday counts)."""

from __future__ import annotations

from pydantic import Field, field_validator

from roster.i18n import Day, Ordinal, Text
from roster.rules.base import Params, Rule, both_worked, forbid_both, worked_in
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
    title_nb = "helgehyppighet"
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
                            Text(
                                "{emp} works the weekends of {first} and {second}; "
                                "at most every {nth} weekend",
                                "{emp} jobber helgene {first} og {second}; høyst hver {nth} helg",
                                emp=emp_id,
                                first=Day(p, first.days[0]),
                                second=Day(p, second.days[0]),
                                nth=Ordinal(every),
                            ),
                            employee=emp_id,
                            days=first.days + second.days,
                            amount=1,
                            unit="weekends",
                        )
                    )
        return out


RULE = WeekendFrequency()
