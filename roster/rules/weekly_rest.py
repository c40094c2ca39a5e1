"""Weekly rest (AML §10-8 (2)): a continuous rest of 35 h within every 7-day period.

The periods run from a fixed weekly start (Monday 00:00 by default), or from every midnight
(`window: rolling`), and reach back into the previous period."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from roster.i18n import Day, Hours, Text
from roster.rules.base import Params, Rule, implies_not, is_constant, stretches
from roster.rules.defaults import default
from roster.terms import parse_weekday_time

_MIDNIGHT = dt.time(0)


class WeeklyRestParams(Params):
    hours: float = Field(default("weekly_rest", "hours"), ge=0, le=168)
    window: str = Field(
        default("weekly_rest", "window"),
        description="weekly start of the 7-day periods ('Mon 00:00'), or 'rolling'",
    )

    @field_validator("window")
    @classmethod
    def _anchor(cls, value: str) -> str:
        if value != "rolling":
            parse_weekday_time(value)
        return value


def windows(p, anchor: str):
    """(first day, start, end) of every 7-day period within the known days that touches the plan."""
    weekday, clock = (None, _MIDNIGHT) if anchor == "rolling" else parse_weekday_time(anchor)
    for day in range(p.first_day, p.n_days - 6):
        if weekday in (None, p.date(day).weekday()) and p.touches_plan(range(day, day + 7)):
            start, end = p.minute(day, clock), p.minute(day + 7, clock)
            if end <= p.midnight(p.n_days):
                yield day, start, end


class WeeklyRest(Rule):
    name = "weekly_rest"
    title = "weekly rest"
    title_nb = "ukehvile"
    law = "AML §10-8 (2)"
    Params = WeeklyRestParams

    def encode(self, m, v, p):
        rest = round(self.params(p.inst).hours * 60)
        for emp in v.each_employee(self):
            free: dict[int, object] = {}  # literal: a rest of `rest` minutes starts at this minute
            for _, start, end in windows(p, self.params(p.inst).window):
                inside = v.during(emp.id, start, end)
                # A longest free stretch can always be slid back to the window's start or to the
                # end of some shift, so those are the only places a rest needs to be tried.
                starts = {start} | {s.end for s, _ in inside if start <= s.end <= end - rest}
                candidates = [
                    _rest_from(m, v, emp.id, t, rest, free) for t in sorted(starts) if t + rest <= end
                ]
                if any(is_constant(c) and c for c in candidates):
                    continue
                options = [c for c in candidates if not is_constant(c)]
                if any(is_constant(lit) for _, lit in inside):
                    # History shares the window: only a window the plan works in can be blamed.
                    plan_off = m.new_bool_var(f"plan_off[{emp.id},{start}]")
                    for _, lit in inside:
                        if not is_constant(lit):
                            implies_not(m, plan_off, lit)
                    options.append(plan_off)
                m.add_bool_or(options)
        return []

    def check(self, p, roster):
        rest = round(self.params(p.inst).hours * 60)
        out = []
        for emp_id, shifts in roster.shifts.items():
            breaches = []
            for day, start, end in windows(p, self.params(p.inst).window):
                inside = [s for s in shifts if s.overlaps(start, end)]
                if not any(p.in_plan(s.day) for s in inside):
                    continue
                longest = _longest_rest(inside, start, end)
                if longest < rest:
                    breaches.append((range(day, day + 7), longest))
            out.extend(self._violation(p, emp_id, group, rest) for group in stretches(breaches))
        return out

    def _violation(self, p, emp_id, group, rest):
        """One violation for overlapping 7-day periods (rolling windows), told by the worst."""
        worst_days, longest = min(group, key=lambda b: b[1])
        text = Text(
            "{emp}'s longest rest in the 7 days from {day} is {longest}, {short} short",
            "{emp} har lengste hvile {longest} i 7-dagersperioden fra {day}, {short} for lite",
            emp=emp_id,
            day=Day(p, worst_days[0]),
            longest=Hours(longest),
            short=Hours(rest - longest),
        )
        return self.stretch_violation(p, emp_id, group, text, (rest - longest) / 60, ("short", "for lite"))


def _rest_from(m, v, emp_id: str, start: int, rest: int, free: dict):
    """A literal that is true only if the employee works nowhere in [start, start + rest)."""
    if start not in free:
        overlapping = [lit for _, lit in v.during(emp_id, start, start + rest)]
        if any(is_constant(lit) and lit for lit in overlapping):
            free[start] = 0
        elif all(is_constant(lit) for lit in overlapping):
            free[start] = 1
        else:
            b = m.new_bool_var(f"rest[{emp_id},{start}]")
            for lit in overlapping:
                implies_not(m, b, lit)
            free[start] = b
    return free[start]


def _longest_rest(shifts, start: int, end: int) -> int:
    longest, free_since = 0, start
    for s in sorted(shifts):
        longest = max(longest, s.start - free_since)
        free_since = max(free_since, s.end)
    return max(longest, end - free_since)


RULE = WeeklyRest()
