"""Rest after a series of nights: after the last of at least `after_nights` nights in a row, the
next shift starts no earlier than `hours` after that night's real end (a night on the next day
continues the series instead)."""

from __future__ import annotations

from pydantic import Field

from roster.i18n import Hours, ShiftOn, Text
from roster.rules.base import Params, Rule, bool_or_var, is_constant
from roster.rules.defaults import default


class NightRestParams(Params):
    hours: float = Field(default("night_rest", "hours"), ge=0, le=168)
    after_nights: int = Field(default("night_rest", "after_nights"), ge=1, le=366)


class NightRest(Rule):
    name = "night_rest"
    title = "rest after nights"
    title_nb = "hvile etter netter"
    Params = NightRestParams

    def encode(self, m, v, p):
        params = self.params(p.inst)
        rest, run = round(params.hours * 60), params.after_nights
        for emp in v.each_employee(self):
            nights = {
                day: bool_or_var(
                    m,
                    [lit for s, lit in v.options(emp.id, day) if s.kind == "night"],
                    f"night[{emp.id},{day}]",
                )
                for day in range(p.first_day, p.n_days + 1)
            }
            for day in p.days:
                earlier = [nights[day - k] if day - k >= p.first_day else 0 for k in range(1, run)]
                for last, lit in v.options(emp.id, day):
                    if last.kind != "night":
                        continue
                    for nxt, nxt_lit in _too_soon(p, v, emp.id, last, rest):
                        if p.touches_plan((day - run + 1, day, nxt.day)):
                            # not all of: the series, the night ending it, no night next day, `nxt`
                            _clause(m, [lit, nxt_lit, *earlier], [nights[day + 1]])
        return []

    def check(self, p, roster):
        params = self.params(p.inst)
        rest, run, out = round(params.hours * 60), params.after_nights, []
        for emp_id, shifts in roster.shifts.items():
            nights = {s.day for s in shifts if s.kind == "night" and s.day >= p.first_day}
            for last in shifts:
                day = last.day
                series = range(day - run + 1, day + 1)
                if last.kind != "night" or day + 1 in nights or not all(d in nights for d in series):
                    continue
                soon = [
                    s
                    for s in shifts
                    if last.start < s.start < last.end + rest and p.touches_plan((*series, s.day))
                ]
                if soon:
                    gap = soon[0].start - last.end
                    out.append(
                        self.violation(
                            Text(
                                "{emp} starts {next} {gap} after {night}, the last of a series of "
                                "nights: {short} short of {rest}",
                                "{emp} begynner {next} {gap} etter {night}, den siste av flere netter "
                                "på rad: {short} kortere enn {rest}",
                                emp=emp_id,
                                next=ShiftOn(p, soon[0]),
                                gap=Hours(gap),
                                night=ShiftOn(p, last),
                                short=Hours(rest - gap),
                                rest=Hours(rest),
                            ),
                            employee=emp_id,
                            days=(day, soon[0].day),
                            amount=(rest - gap) / 60,
                            unit="h",
                        )
                    )
        return out


def _too_soon(p, v, emp_id, last, rest):
    """Options that start after the night `last` starts and before `rest` after its end, other
    than a night on the next day (which continues the series)."""
    later = last.day
    while later < p.n_days and p.midnight(later) < last.end + rest:
        for s, lit in v.options(emp_id, later):
            continuing = later == last.day + 1 and s.kind == "night"
            if s != last and not continuing and last.start < s.start < last.end + rest:
                yield s, lit
        later += 1


def _clause(m, all_of: list, unless: list) -> None:
    """Not all of `all_of` true unless one of `unless` is (history constants allowed)."""
    if any(is_constant(x) and not x for x in all_of) or any(is_constant(x) and x for x in unless):
        return
    m.add_bool_or([x.Not() for x in all_of if not is_constant(x)] + [x for x in unless if not is_constant(x)])


RULE = NightRest()
