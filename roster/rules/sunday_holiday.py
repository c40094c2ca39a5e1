"""Sundays and public holidays (AML §10-8 (4)): whoever works one is off the next.

Consecutive Sundays/holidays (Easter, Christmas) form one period; a period is worked when a shift
overlaps its protected time (§10-10: from 18:00 the day before to 22:00 on its last day)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from roster.i18n import Day, Text
from roster.rules.base import Params, Rule, both_worked, forbid_both, worked_in
from roster.rules.defaults import default
from roster.terms import parse_clock


class SundayParams(Params):
    mode: Literal["next_off"] = Field(default("sunday_holiday", "mode"))
    window_starts: str = Field(
        default("sunday_holiday", "window_starts"), description="clock time on the day before, e.g. 18:00"
    )
    window_ends: str = Field(
        default("sunday_holiday", "window_ends"),
        description="clock time on the last Sunday/holiday, e.g. 22:00",
    )

    @field_validator("window_starts", "window_ends")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value


def successive(p):
    periods = p.sunday_periods
    return zip(periods, periods[1:], strict=False)


class SundayHoliday(Rule):
    name = "sunday_holiday"
    title = "Sunday/holiday off"
    title_nb = "fri søn- og helligdag"
    law = "AML §10-8 (4)"
    Params = SundayParams

    def encode(self, m, v, p):
        for emp in v.each_employee(self):
            for first, second in successive(p):
                forbid_both(
                    m, v.busy(emp.id, first.start, first.end), v.busy(emp.id, second.start, second.end)
                )
        return []

    def check(self, p, roster):
        out = []
        for emp_id, shifts in roster.shifts.items():
            for first, second in successive(p):
                if both_worked(worked_in(shifts, first), worked_in(shifts, second)):
                    out.append(
                        self.violation(
                            Text(
                                "{emp} works {first} and the next Sunday/holiday {second}",
                                "{emp} jobber {first} og neste søn- eller helligdag {second}",
                                emp=emp_id,
                                first=Day(p, first.days[0]),
                                second=Day(p, second.days[0]),
                            ),
                            employee=emp_id,
                            days=first.days + second.days,
                            amount=1,
                            unit="days",
                        )
                    )
        return out


RULE = SundayHoliday()
