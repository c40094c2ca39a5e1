"""Night workers' hours (AML §10-11 (6)): staff who regularly work at night may on average work at
most 8 h per 24 h over four weeks, the minimum weekly rest of §10-8 (2) left out of the average.

Staff "regularly working at night" are those whose rota includes nights (Period.night_worker).
Every 4-week window of known days is capped at 8 h x (4 x 168 h - 4 x the weekly rest) / 24 h
(177 h 20 min with 35 h weekly rest); when the known days are fewer than four weeks, they are
held to the same cap, since the days after them can only add hours. A shift's paid hours count on
the day it starts. This rule's parameters also say what night time is, for the calendar."""

from __future__ import annotations

from pydantic import Field, field_validator

from roster.i18n import Day, Hours, Text
from roster.rules.base import Params, Rule, breaks_cap, cap, stretches
from roster.rules.consecutive_days import day_windows
from roster.rules.defaults import default
from roster.terms import parse_clock


class NightHoursParams(Params):
    # AML §10-11 (1) night time; a tariff-bound employer may agree another (roster.adhoc reads it too)
    night_starts: str = Field(default("night_work", "starts"), description="night time starts (HH:MM)")
    night_ends: str = Field(default("night_work", "ends"), description="night time ends (HH:MM)")
    average_hours: float = Field(default("night_hours", "average_hours"), gt=0, le=24)
    weeks: int = Field(default("night_hours", "weeks"), ge=1, le=52)

    @field_validator("night_starts", "night_ends")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value


def limit_minutes(p) -> int:
    """The most a night worker may work in one averaging window, in minutes."""
    params = p.inst.rules.night_hours
    weeks, rest = params.weeks, p.inst.rules.weekly_rest.hours * 60
    return int(params.average_hours * 60 * (weeks * 7 * 1440 - weeks * rest) // 1440)


def windows(p):
    """The averaging windows: every run of `weeks` weeks in the known days, or all known days."""
    length = 7 * p.inst.rules.night_hours.weeks
    if p.n_days - p.first_day < length:
        return [p.days]
    return list(day_windows(p, length))


class NightHours(Rule):
    name = "night_hours"
    title = "night workers' hours"
    title_nb = "arbeidstid for nattarbeidere"
    law = "AML §10-11 (6)"
    Params = NightHoursParams

    def encode(self, m, v, p):
        limit = limit_minutes(p)
        for emp in v.each_employee(self):
            if p.night_worker(emp):
                for days in windows(p):
                    cap(m, [(s.paid, lit) for d in days for s, lit in v.options(emp.id, d)], limit)
        return []

    def check(self, p, roster):
        limit, out = limit_minutes(p), []
        for emp in p.inst.employees:
            if not p.night_worker(emp):
                continue
            shifts = roster.of(emp.id)
            breaches = []
            for days in windows(p):
                terms = [(s.paid, p.in_plan(s.day)) for s in shifts if s.day in days]
                if breaks_cap(terms, limit):
                    breaches.append((days, sum(a for a, _ in terms)))
            out.extend(self._over(p, emp.id, group, limit) for group in stretches(breaches))
        return out

    def _over(self, p, emp_id: str, group, limit: int):
        """One violation for overlapping averaging windows over the limit, told by the worst of them."""
        days, total = max(group, key=lambda b: b[1])
        text = Text(
            "{emp} works nights and {total} in the {n} days from {first}, more than {limit} "
            "(on average {average} per 24 h)",
            "{emp} jobber natt og {total} på de {n} dagene fra {first}, mer enn {limit} "
            "(i snitt {average} per døgn)",
            emp=emp_id,
            total=Hours(total),
            n=len(days),
            first=Day(p, days[0]),
            limit=Hours(limit),
            average=Hours(60 * p.inst.rules.night_hours.average_hours),
        )
        over = ("over", "over")
        return self.stretch_violation(
            p, emp_id, group, text, (total - limit) / 60, over, ("periods", "perioder")
        )


RULE = NightHours()
