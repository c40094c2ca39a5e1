"""Time facts of one planning period, shared by every rule's encoding and check.

Times are whole minutes from 00:00 on the first planning day, on the real clock: a night shift that
crosses midnight ends on the next date, and a shift across a daylight-saving change is an hour
shorter or longer. Day 0 is the first planning day; history days (a previous roster) are negative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays as holiday_library

from roster.errors import InputError
from roster.instance import Demand, Employee, Instance, ShiftType
from roster.terms import WEEKDAYS, parse_clock, parse_weekday_time

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
        """The demand for a shift on a day, or None when the shift is not run that day.

        On a night where a service of a shared night cover needs extra night staff, the site's
        headcount (minimum, ideal and maximum) is raised by them."""
        base = self._demand_index.get((code, self.day_type(day)))
        extra = sum(staff for _, staff in self.extra_night_staff(day, code))
        if base is None or not extra:
            return base
        raised = {"min": base.min + extra, "ideal": base.target + extra}
        if base.max is not None:
            raised["max"] = base.max + extra
        return base.model_copy(update=raised)

    def demands_on(self, day: int) -> list[Demand]:
        return [self.demand(day, d.shift) for d in self.inst.demand if self.day_type(day) in d.on]

    @cached_property
    def _extra_nights(self) -> dict[tuple[int, str], list[tuple[str, int]]]:
        out: dict[tuple[int, str], list[tuple[str, int]]] = {}
        for code, (_, pool) in self.inst.pools.items():
            for extra in pool.extra:
                weekdays = {WEEKDAYS[w] for w in extra.weekdays}
                for day in self.plan_days:
                    run = (code, self.day_type(day)) in self._demand_index
                    if run and (self.date(day) in extra.dates or self.date(day).weekday() in weekdays):
                        out.setdefault((day, code), []).append((extra.unit, extra.staff))
        return out

    def extra_night_staff(self, day: int, code: str) -> list[tuple[str, int]]:
        """(service, staff) that need their own extra night staff on shared night `code` on `day`."""
        return self._extra_nights.get((day, code), [])

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
        """Hours due in the period, in minutes, before the three-shift reduction (`due_minutes`).

        The weekly hours of the position are spread over the days the employee's units are open
        (7 a week at a 24/7 base, 5 at a weekday team), and only days present count, so a sick
        week removes a week's hours in both. With `weekday_holiday_reduces`, a public holiday on
        Monday-Friday lowers the hours by a fifth of a week (a day team is closed then anyway).
        Hours carried from earlier periods are subtracted."""
        if not self._open_types[emp.id]:
            return 0
        return round((self._position_hours(emp) - emp.hours_carried) * 60)

    def _position_hours(self, emp: Employee) -> float:
        """The position's hours over the days present (before hours carried are subtracted)."""
        open_types = self._open_types[emp.id]
        per_week = 5 * ("weekday" in open_types) + ("saturday" in open_types) + ("sunday" in open_types)
        if per_week == 0:
            return 0.0
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
        return due

    # ---- night work and the three-shift norm (AML §10-11, KS) ------------------------------------
    def night_worker(self, emp: Employee) -> bool:
        """Whether the employee's rota includes nights: they may work nights and a night shift they
        may work is run. AML §10-11 (6) calls them staff who regularly work at night, and their
        contracted hours follow the KS three-shift norm."""
        return self._night_workers[emp.id]

    @cached_property
    def _night_workers(self) -> dict[str, bool]:
        inst, run = self.inst, {d.shift for d in self.inst.demand}
        nights = [st for st in inst.shifts if st.kind == "night" and st.code in run]
        return {e.id: e.nights and any(inst.may_work(e, st) for st in nights) for e in inst.employees}

    @cached_property
    def _night_windows(self) -> list[tuple[int, int]]:
        """Night time (AML §10-11 (1): 21:00-06:00 unless agreed otherwise) on the real clock."""
        params = self.inst.rules.night_hours
        starts, ends = parse_clock(params.night_starts), parse_clock(params.night_ends)
        after_midnight = 1 if ends <= starts else 0
        return [
            (self.minute(day, starts), self.minute(day + after_midnight, ends))
            for day in range(self.first_day - 1, self.n_days + 1)
        ]

    def night_minutes(self, shift: Shift) -> int:
        """Minutes of the shift that are night time."""
        return sum(_overlap(shift.start, shift.end, a, b) for a, b in self._night_windows)

    def three_shift_credit(self, shift: Shift) -> int:
        """Minutes a shift counts beyond its length in a three-shift rota (KS): each night hour as
        1 h 15 min, each other hour in Sunday/holiday time (AML §10-10 (1)) as 1 h 10 min."""
        cache = self.__dict__.setdefault("_credits", {})
        if shift not in cache:
            params = self.inst.rules.contract_hours
            night = self.night_minutes(shift)
            sunday = sum(
                _overlap(shift.start, shift.end, w.start, w.end)
                - sum(
                    _overlap(max(shift.start, w.start), min(shift.end, w.end), a, b)
                    for a, b in self._night_windows
                )
                for w in self.sunday_periods
                if shift.overlaps(w.start, w.end)
            )
            cache[shift] = (
                night * (params.night_hour_counts - 60) + sunday * (params.sunday_hour_counts - 60)
            ) // 60
        return cache[shift]

    def three_shift_cap(self, emp: Employee) -> int:
        """The most the three-shift credits may lower the employee's hours due, in minutes: down to
        the floor (KS: 33.6 h a week for a full-time position). 0 for staff without nights."""
        floor, norm = self.inst.rules.contract_hours.three_shift_floor_hours, self.inst.weekly_hours(emp)
        if not self.night_worker(emp) or floor >= norm:
            return 0
        return round(self._position_hours(emp) * 60 * (norm - floor) / norm)

    def due_minutes(self, emp: Employee, shifts: Iterable[Shift]) -> int:
        """Hours due in the period, in minutes, for an employee working `shifts`: the contract less
        the three-shift credits the planning days' shifts earn, at most down to the floor.

        This is the one place where a three-shift rota changes the hours due; the contract_hours
        rule's encoding builds the same sum from `three_shift_credit` and `three_shift_cap`."""
        earned = sum(self.three_shift_credit(s) for s in shifts if self.in_plan(s.day))
        return self.contract_minutes(emp) - min(earned, self.three_shift_cap(emp))

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


def _overlap(start: int, end: int, other_start: int, other_end: int) -> int:
    return max(0, min(end, other_end) - max(start, other_start))
