"""Time facts of one planning period, shared by every rule's encoding and check.

Times are whole minutes from 00:00 on the first planning day, on the real clock: a night shift that
crosses midnight ends on the next date, and a shift across a daylight-saving change is an hour
shorter or longer. Day 0 is the first planning day; history days (a previous roster) are negative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays as holiday_library

from roster.errors import InputError
from roster.instance import Demand, Employee, Instance, ShiftType
from roster.terms import parse_clock, parse_weekday_time

# Rosters are planned in these years: any real roster fits, and the calendar's look-around (a week
# each side, history before) stays far from the ends of Python's dates (years 1 and 9999).
YEARS = range(1900, 2200)


@dataclass(frozen=True, order=True)
class Shift:
    """A shift placed on the clock. `code` is None for an ad-hoc shift known only by its times."""

    start: int
    end: int
    day: int
    code: str | None
    paid: int  # paid minutes
    kind: str  # day, evening or night
    unit: str | None = None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class Window:
    """A stretch of time with the days it is made of: a weekend, or a run of Sundays/holidays."""

    index: int
    days: tuple[int, ...]
    start: int
    end: int


class Period:
    """One planning period of an instance: its days, day types, weekends and shift times."""

    def __init__(self, inst: Instance, start: dt.date, n_days: int, history_days: int = 0):
        if n_days < 1:
            raise ValueError("a period has at least one day")
        if start.year not in YEARS or (start + dt.timedelta(days=n_days)).year not in YEARS:
            raise InputError(
                "the planning period",
                f"starts on {start} and lasts {n_days} days; rosters are planned within the years "
                f"{YEARS[0]}-{YEARS[-1]} (check --start and the instance's period)",
            )
        self.inst = inst
        self.start = start
        self.n_days = n_days
        self.first_day = -history_days
        self.tz = ZoneInfo(inst.timezone)
        self._origin = dt.datetime.combine(start, dt.time(0), tzinfo=self.tz).astimezone(dt.UTC)

    # ---- days -------------------------------------------------------------------------------
    @property
    def days(self) -> range:
        """All known days: history (negative) and planning days."""
        return range(self.first_day, self.n_days)

    @property
    def plan_days(self) -> range:
        return range(self.n_days)

    @property
    def end(self) -> dt.date:
        """The last planning date."""
        return self.date(self.n_days - 1)

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def day_of(self, date: dt.date) -> int:
        return (date - self.start).days

    def in_plan(self, day: int) -> bool:
        return 0 <= day < self.n_days

    def touches_plan(self, days) -> bool:
        """Whether a constraint over these days concerns the planning period (not only history)."""
        return any(0 <= d < self.n_days for d in days)

    @cached_property
    def holidays(self) -> frozenset[dt.date]:
        years = range(self.date(self.first_day - 7).year, self.date(self.n_days + 7).year + 1)
        lib = holiday_library.country_holidays(self.inst.holidays.country, years=list(years))
        return frozenset(lib) | frozenset(self.inst.holidays.extra)

    def is_holiday(self, day: int) -> bool:
        return self.date(day) in self.holidays

    def is_sunday_like(self, day: int) -> bool:
        """A Sunday or a public holiday: the days AML §10-8 (4) and §10-10 protect."""
        return self.date(day).weekday() == 6 or self.is_holiday(day)

    def day_type(self, day: int) -> str:
        """weekday, saturday or sunday (public holidays count as Sundays)."""
        if self.is_sunday_like(day):
            return "sunday"
        return "saturday" if self.date(day).weekday() == 5 else "weekday"

    # ---- clock ------------------------------------------------------------------------------
    def minute(self, day: int, clock: dt.time) -> int:
        """Minutes from the period's first midnight to `clock` on `day`, on the real clock."""
        moment = dt.datetime.combine(self.date(day), clock, tzinfo=self.tz).astimezone(dt.UTC)
        return round((moment - self._origin).total_seconds() / 60)

    def midnight(self, day: int) -> int:
        return self.minute(day, dt.time(0))

    def moment(self, minute: int) -> dt.datetime:
        """The local date-time of a minute offset (inverse of `minute`)."""
        return (self._origin + dt.timedelta(minutes=minute)).astimezone(self.tz).replace(tzinfo=None)

    def place(self, day: int, code: str, emp: Employee | None = None) -> Shift:
        """Shift `code` on `day`, on the clock."""
        return self._place(day, code, self.inst.shift_unit(self.inst.shift_by_code[code], emp))

    def _place(self, day: int, code: str, unit: str | None) -> Shift:
        key = (day, code, unit)
        cache = self.__dict__.setdefault("_placed", {})
        if key not in cache:
            st: ShiftType = self.inst.shift_by_code[code]
            end_day = day + 1 if st.crosses_midnight else day
            cache[key] = Shift(
                self.minute(day, st.start),
                self.minute(end_day, st.end),
                day,
                code,
                st.paid_minutes,
                st.kind,
                unit,
            )
        return cache[key]

    # ---- demand -----------------------------------------------------------------------------
    @cached_property
    def _demand_index(self) -> dict[tuple[str, str], Demand]:
        return {(d.shift, t): d for d in self.inst.demand for t in d.on}

    def demand(self, day: int, code: str) -> Demand | None:
        """The demand entry for a shift on a day, or None when the shift is not run that day."""
        return self._demand_index.get((code, self.day_type(day)))

    def demands_on(self, day: int) -> list[Demand]:
        return [d for d in self.inst.demand if self.day_type(day) in d.on]

    # ---- staff ------------------------------------------------------------------------------
    @cached_property
    def _absence(self) -> dict[tuple[str, int], str]:
        out = {}
        for e in self.inst.employees:
            for a in e.absences:
                for day in range(
                    max(self.day_of(a.start), self.first_day), min(self.day_of(a.end), self.n_days - 1) + 1
                ):
                    out[e.id, day] = a.kind
        return out

    def absence(self, emp_id: str, day: int) -> str | None:
        """The kind of absence (vacation, sick, ...) of an employee on a day, or None."""
        return self._absence.get((emp_id, day))

    def available_days(self, emp: Employee) -> int:
        return sum(1 for d in self.plan_days if self.absence(emp.id, d) is None)

    @cached_property
    def _open_types(self) -> dict[str, frozenset[str]]:
        """Per employee: the day types on which some shift they may work is run."""
        inst = self.inst
        return {
            e.id: frozenset(
                t for d in inst.demand if inst.may_work(e, inst.shift_by_code[d.shift]) for t in d.on
            )
            for e in inst.employees
        }

    def working_day(self, emp: Employee, day: int) -> bool:
        """Whether the employee's units run a shift they may work on this day."""
        return self.day_type(day) in self._open_types[emp.id]

    def contract_minutes(self, emp: Employee) -> int:
        """Hours due in the period, in minutes.

        The weekly hours of the position are spread over the days the employee's units are open
        (7 a week at a 24/7 base, 5 at a weekday team), and only days present count, so a sick
        week removes a week's hours in both. With `weekday_holiday_reduces`, a public holiday on
        Monday-Friday lowers the hours by a fifth of a week (a day team is closed then anyway).
        Hours carried from earlier periods are subtracted."""
        open_types = self._open_types[emp.id]
        per_week = 5 * ("weekday" in open_types) + ("saturday" in open_types) + ("sunday" in open_types)
        if per_week == 0:
            return 0
        weekly = self.inst.weekly_hours(emp) * emp.position / 100
        present = [d for d in self.plan_days if self.absence(emp.id, d) is None]
        due = weekly / per_week * sum(1 for d in present if self.working_day(emp, d))
        if self.inst.rules.contract_hours.weekday_holiday_reduces:
            due -= (
                weekly
                / 5
                * sum(
                    1
                    for d in present
                    if self.is_holiday(d) and self.date(d).weekday() < 5 and self.working_day(emp, d)
                )
            )
        return round((due - emp.hours_carried) * 60)

    # ---- weekends and Sundays ---------------------------------------------------------------
    @cached_property
    def weekends(self) -> list[Window]:
        """Weekend windows that touch the known days, per the weekend rule's definition."""
        params = self.inst.rules.weekend_frequency
        start_wd, start_clock = parse_weekday_time(params.starts)
        end_wd, end_clock = parse_weekday_time(params.ends)
        end_offset = (end_wd - start_wd) % 7 or 7
        out = []
        day = self.first_day - 7
        while day < self.n_days:
            if self.date(day).weekday() == start_wd:
                start = self.minute(day, start_clock)
                end = self.minute(day + end_offset, end_clock)
                days = tuple(
                    d
                    for d in range(day, day + end_offset + (end_clock > dt.time(0)))
                    if self.first_day <= d < self.n_days
                )
                if days:
                    out.append(Window(len(out), days, start, end))
            day += 1
        return out

    @cached_property
    def sunday_periods(self) -> list[Window]:
        """Runs of consecutive Sundays/public holidays, each with its protected time (§10-10)."""
        params = self.inst.rules.sunday_holiday
        before = parse_clock(params.window_starts)
        until = parse_clock(params.window_ends)
        out, run = [], []
        for day in range(self.first_day, self.n_days + 1):
            if day < self.n_days and self.is_sunday_like(day):
                run.append(day)
            elif run:
                out.append(
                    Window(len(out), tuple(run), self.minute(run[0] - 1, before), self.minute(run[-1], until))
                )
                run = []
        return out

    def iso_week(self, day: int) -> tuple[int, int]:
        iso = self.date(day).isocalendar()
        return iso.year, iso.week
