"""What HR's report on a roster holds: the violations, the coverage of every shift by competency,
totals per week, and per employee the hours, weekends, nights, Sundays and holidays, quick returns
and the longest run of working days. Computed once, then written as text, JSON, HTML or XLSX."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from roster.calendar import Period, Shift
from roster.check import Report
from roster.i18n import requirement_text, term
from roster.instance import Requirement
from roster.io.roster_any import ReadRoster
from roster.rules import RULE_BY_NAME, Violation
from roster.rules.base import runs, worked_in
from roster.schedule import Roster


@dataclass(frozen=True)
class CoverageLine:
    """One shift on one day against one of its staffing lines: the headcount, or a requirement."""

    day: int
    date: dt.date
    shift: str
    requirement: Requirement | None  # None: the headcount line
    required: int | None  # the minimum, or `at_least`
    limit: int | None  # the maximum, or `at_most`
    present: int
    ideal: int | None = None  # the headcount line's ideal
    open: int = 0  # open shifts of this shift on this day (headcount line)

    @property
    def short(self) -> int:
        return max(0, (self.required or 0) - self.present)

    @property
    def over(self) -> int:
        return max(0, self.present - self.limit) if self.limit is not None else 0

    @property
    def key(self) -> tuple:
        """What the line counts, the same on every day: the headcount or a requirement."""
        req = self.requirement
        return () if req is None else (tuple(req.of), req.at_least, req.at_most)

    def text(self, lang: str) -> str:
        if self.requirement is None:
            return term("staff", lang)
        return requirement_text(
            self.requirement.of, self.requirement.at_least, self.requirement.at_most, lang
        )


@dataclass(frozen=True)
class WeekTotal:
    """A week's sums of one kind of staffing line: the headcount, or one competency group."""

    year: int
    week: int
    of: tuple[str, ...]  # () for the headcount
    required: int
    present: int
    short: int
    over: int
    shifts_short: int

    def text(self, lang: str) -> str:
        if not self.of:
            return term("staff", lang)
        return self.of[0] if len(self.of) == 1 else "{" + ", ".join(self.of) + "}"


@dataclass(frozen=True)
class EmployeeStats:
    employee: str
    name: str
    unit: str
    position: float
    planned: int  # minutes
    contract: int  # minutes due (after the KS three-shift norm for night workers)
    shifts: int
    weekends: int
    nights: int
    sundays: int
    holidays: int
    quick_returns: int
    longest_run: int  # days in a row, counting into the history
    hard_violations: int

    def counts(self) -> tuple[int, ...]:
        """The counted columns, in the order of labels.COUNT_KEYS."""
        return (
            self.shifts,
            self.weekends,
            self.nights,
            self.sundays,
            self.holidays,
            self.quick_returns,
            self.longest_run,
            self.hard_violations,
        )


@dataclass
class HrReport(Report):
    """The checker's violations (check.Report) with what HR reads around them."""

    period: Period
    source: str
    form: str
    sheet: str | None
    coverage: list[CoverageLine]
    weeks: list[WeekTotal]
    employees: list[EmployeeStats]
    open_shifts: list[Shift] = field(default_factory=list)

    def as_dict(self, lang: str) -> dict[str, Any]:
        """The report as JSON-ready data; texts in `lang`, keys and codes in English."""
        p = self.period
        names = {e.id: e.name for e in p.inst.employees}
        return {
            "roster": self.source,
            "form": self.form,
            "sheet": self.sheet,
            "instance": p.inst.name,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "days": p.n_days,
            "lang": lang,
            "hard_violations": len(self.hard),
            "soft_violations": len(self.soft),
            "soft_cost": self.soft_cost,
            "violations": [
                {
                    "rule": v.rule,
                    "title": rule_title(v.rule, lang),
                    "hard": v.hard,
                    "employee": v.employee,
                    "name": names.get(v.employee or ""),
                    "dates": [p.date(d).isoformat() for d in v.days],
                    "amount": round(v.amount, 2),
                    "unit": v.unit,
                    "cost": v.cost,
                    "law": v.law,
                    "message": v.text(lang),
                }
                for v in self.hard + self.soft
            ],
            "coverage": [
                {
                    "date": c.date.isoformat(),
                    "shift": c.shift,
                    "requirement": c.text(lang),
                    "of": list(c.requirement.of) if c.requirement else None,
                    "required": c.required,
                    "ideal": c.ideal,
                    "limit": c.limit,
                    "present": c.present,
                    "open": c.open,
                    "short": c.short,
                    "over": c.over,
                }
                for c in self.coverage
            ],
            "coverage_weeks": [
                {
                    "week": f"{w.year}-W{w.week:02}",
                    "requirement": w.text(lang),
                    "of": list(w.of) or None,
                    "required": w.required,
                    "present": w.present,
                    "short": w.short,
                    "over": w.over,
                    "shifts_short": w.shifts_short,
                }
                for w in self.weeks
            ],
            "employees": [
                {
                    "employee": e.employee,
                    "name": e.name,
                    "unit": e.unit,
                    "position": e.position,
                    "planned_hours": round(e.planned / 60, 2),
                    "contract_hours": round(e.contract / 60, 2),
                    "difference_hours": round((e.planned - e.contract) / 60, 2),
                    "shifts": e.shifts,
                    "weekends": e.weekends,
                    "nights": e.nights,
                    "sundays": e.sundays,
                    "holidays": e.holidays,
                    "quick_returns": e.quick_returns,
                    "longest_run": e.longest_run,
                    "hard_violations": e.hard_violations,
                }
                for e in self.employees
            ],
            "open_shifts": [
                {
                    "date": p.date(s.day).isoformat(),
                    "shift": s.code,
                    "start": p.moment(s.start).isoformat(timespec="minutes"),
                    "end": p.moment(s.end).isoformat(timespec="minutes"),
                    "hours": round(s.paid / 60, 2),
                    "unit": s.unit,
                }
                for s in self.open_shifts
            ],
        }


def rule_title(rule: str, lang: str) -> str:
    known = RULE_BY_NAME.get(rule)
    return known.heading(lang) if known is not None else rule


def build_report(
    p: Period, read: ReadRoster, checked: Report, source: str, form: str, sheet: str | None = None
) -> HrReport:
    """The HR report of a checked roster (the roster as read, with its history days)."""
    coverage = coverage_lines(p, read.roster, read.open_shifts)
    return HrReport(
        checked.violations,
        p,
        source,
        form,
        sheet,
        coverage,
        week_totals(p, coverage),
        employee_stats(p, read.roster, checked.violations),
        read.open_shifts,
    )


def coverage_lines(p: Period, roster: Roster, open_shifts: list[Shift]) -> list[CoverageLine]:
    """Every day's shifts against their headcount and competency requirements."""
    inst = p.inst
    opened = Counter((s.day, s.code) for s in open_shifts if s.code is not None)
    out = []
    for day in p.plan_days:
        date = p.date(day)
        for demand in p.demands_on(day):
            staff = [
                inst.employee_by_id[e] for e in roster.staff_on(day, demand.shift) if e in inst.employee_by_id
            ]
            held = [inst.competencies_of(e) for e in staff]
            out.append(
                CoverageLine(
                    day,
                    date,
                    demand.shift,
                    None,
                    demand.min,
                    demand.max,
                    len(staff),
                    demand.ideal,
                    opened[day, demand.shift],
                )
            )
            for req in demand.requirements:
                holders = sum(1 for comps in held if comps & set(req.of))
                out.append(CoverageLine(day, date, demand.shift, req, req.at_least, req.at_most, holders))
    return out


def week_totals(p: Period, coverage: list[CoverageLine]) -> list[WeekTotal]:
    """Per ISO week and staffing line kind (headcount, or a competency group): sums of required,
    present, short and over, and how many shifts fell short."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for line in coverage:
        of = tuple(line.requirement.of) if line.requirement else ()
        total = sums[(*p.iso_week(line.day), of)]
        total[0] += line.required or 0
        total[1] += line.present
        total[2] += line.short
        total[3] += line.over
        total[4] += line.short > 0
    return [WeekTotal(year, week, of, *values) for (year, week, of), values in sums.items()]


def employee_stats(p: Period, roster: Roster, violations: list[Violation]) -> list[EmployeeStats]:
    """Per employee, in the instance's order."""
    hard = Counter(v.employee for v in violations if v.hard and v.employee)
    quick = round(p.inst.rules.quick_returns.min_rest_hours * 60)
    out = []
    for emp in p.inst.employees:
        shifts = roster.of(emp.id)
        plan = [s for s in shifts if p.in_plan(s.day)]
        worked = {s.day for s in plan}
        known = {s.day for s in shifts if p.first_day <= s.day < p.n_days}
        out.append(
            EmployeeStats(
                emp.id,
                emp.name,
                p.inst.home_unit(emp),
                emp.position,
                sum(s.paid for s in plan),
                p.due_minutes(emp, shifts),  # after the three-shift norm, as contract_hours
                len(plan),
                sum(1 for w in p.weekends if worked_in(shifts, w)[1]),
                sum(1 for s in plan if s.kind == "night"),
                sum(1 for d in worked if p.date(d).weekday() == 6),
                sum(1 for d in worked if p.is_holiday(d)),
                sum(
                    1
                    for a, b in zip(shifts, shifts[1:], strict=False)
                    if p.in_plan(b.day) and b.day == a.day + 1 and b.start - a.end < quick
                ),
                max((len(r) for r in runs(known) if p.touches_plan(r)), default=0),
                hard[emp.id],
            )
        )
    return out
