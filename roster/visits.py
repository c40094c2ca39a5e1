"""Visits on the clock: each recurring need placed on the days of a period, a visit plan, and the
facts about it that the encoding, the check and the outputs share (plain Python, no OR-Tools).

Every visit is a round trip from the base of the recipient's unit: its staff depart `travel` minutes
before the visit starts and are back `travel` minutes after it ends, and a trip that needs a car holds
one for all of that time. Chained tours (two recipients in one drive) are not planned: a plan made of
round trips can always be driven, it only spends some minutes more on the road.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roster.ambulant import most_spaced
from roster.i18n import Day, Text

if TYPE_CHECKING:
    from roster.calendar import Period, Shift
    from roster.instance import Employee, Instance
    from roster.schedule import Roster


@dataclass(frozen=True)
class Occurrence:
    """One visit a recurring need asks for (or, for N-times-a-week needs, may ask for) on one day."""

    visit: str  # the need's id
    recipient: str
    day: int
    unit: str
    site: str
    zone: str
    opens: int  # the window on the clock (minutes from the period's first midnight)
    closes: int
    minutes: int
    travel: int  # each way
    car: bool
    staff: int
    needs: tuple[str, ...]
    driver: str | None  # a competency someone on the visit needs when it takes a car
    weekly: bool  # one of the candidate days of an N-times-a-week need

    @property
    def key(self) -> tuple[str, int]:
        return self.visit, self.day

    @property
    def latest(self) -> int:
        """The latest start inside the window."""
        return self.closes - self.minutes

    def trip(self, start: int) -> tuple[int, int]:
        """(departure, return) for a visit starting at `start`."""
        return start - self.travel, start + self.minutes + self.travel

    def fits(self, shift: Shift) -> tuple[int, int] | None:
        """The range of starts for which the whole trip lies inside this shift of the visit's unit."""
        if shift.unit != self.unit:
            return None
        low = max(self.opens, shift.start + self.travel)
        high = min(self.latest, shift.end - self.travel - self.minutes)
        return (low, high) if low <= high else None

    def competence(self) -> tuple[str, ...]:
        """What someone on the visit must hold: its needs, and a driving licence for the car."""
        return self.needs + ((self.driver,) if self.car and self.driver else ())

    def missing(self, inst: Instance, staff: Iterable[Employee]) -> list[str]:
        """The competencies nobody among `staff` holds."""
        held = frozenset().union(*(inst.competencies_of(e) for e in staff))
        return [c for c in self.competence() if c not in held]


@dataclass(frozen=True)
class WeeklyNeed:
    """An N-times-a-week need in one week: `times` of the candidate days, `min_gap` days apart."""

    visit: str
    recipient: str
    week: tuple[int, int]  # ISO year and week
    days: tuple[int, ...]
    times: int
    min_gap: int


@dataclass(frozen=True)
class _Needs:
    occurrences: list[Occurrence]
    weekly: list[WeeklyNeed]
    by_key: dict[tuple[str, int], Occurrence]


def _needs(p: Period) -> _Needs:
    cache = p.__dict__.get("_visit_needs")
    if cache is None:
        cache = p.__dict__["_visit_needs"] = _place_needs(p)
    return cache


def occurrences(p: Period) -> list[Occurrence]:
    """Every visit of the period (and every candidate day of N-times-a-week needs)."""
    return _needs(p).occurrences


def weekly_needs(p: Period) -> list[WeeklyNeed]:
    return _needs(p).weekly


def occurrence(p: Period, visit: str, day: int) -> Occurrence | None:
    return _needs(p).by_key.get((visit, day))


def _place_needs(p: Period) -> _Needs:
    inst = p.inst
    travel = {(t.site, t.zone): t for t in inst.travel}
    cars = {c.site: c for c in inst.cars}
    out: list[Occurrence] = []
    weekly: list[WeeklyNeed] = []
    for r in inst.recipients:
        site = inst.unit_by_id[r.unit].site or ""
        for need in r.visits:
            trip = travel[site, r.zone_of(need)]
            pool = cars.get(site)
            days = [
                d
                for d in p.plan_days
                if p.date(d).weekday() in need.weekdays and (need.holidays or not p.is_holiday(d))
            ]
            for day in days:
                out.append(
                    Occurrence(
                        need.id,
                        r.id,
                        day,
                        r.unit,
                        site,
                        r.zone_of(need),
                        p.minute(day, need.opens),
                        p.minute(day, need.closes),
                        need.minutes,
                        trip.minutes,
                        trip.car,
                        r.staff_of(need),
                        tuple(need.needs),
                        pool.driver if pool is not None else None,
                        need.times_per_week is not None,
                    )
                )
            if need.times_per_week is not None:
                weekly += _weeks(p, r.id, need.id, need.times_per_week, need.min_gap_days, days)
    return _Needs(out, weekly, {o.key: o for o in out})


def _weeks(p: Period, recipient: str, visit: str, times: int, gap: int, days: list[int]) -> list[WeeklyNeed]:
    """One need per ISO week with candidate days. A week cut by the period's ends asks for its share
    of the visits (rounded half up), and never for more than its candidate days allow with the
    spacing."""
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    length: dict[tuple[int, int], int] = defaultdict(int)
    for day in p.plan_days:
        length[p.iso_week(day)] += 1
    for day in days:
        weeks[p.iso_week(day)].append(day)
    out = []
    for week, candidates in weeks.items():
        share = times if length[week] == 7 else int(times * length[week] / 7 + 0.5)
        # (a share of 0 is kept as a need: no visit that week)
        out.append(
            WeeklyNeed(
                visit, recipient, week, tuple(candidates), min(share, most_spaced(candidates, gap)), gap
            )
        )
    return out


# ---- a visit plan -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Assignment:
    """One staff member on one visit: the visit's start (the trip follows from the instance)."""

    day: int
    start: int
    visit: str
    employee: str


@dataclass
class VisitPlan:
    """Who makes which visit when. A visit with no assignment is not made."""

    assignments: list[Assignment] = field(default_factory=list)

    def by_visit(self) -> dict[tuple[str, int], list[Assignment]]:
        out: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
        for a in sorted(self.assignments):
            out[a.visit, a.day].append(a)
        return dict(out)

    def made(self) -> set[tuple[str, int]]:
        return {(a.visit, a.day) for a in self.assignments}


@dataclass(frozen=True)
class Trip:
    """A made visit: its occurrence, start, staff and, if it takes a car, the car's number."""

    occurrence: Occurrence
    start: int
    staff: tuple[str, ...]
    car: int | None

    @property
    def depart(self) -> int:
        return self.occurrence.trip(self.start)[0]

    @property
    def back(self) -> int:
        return self.occurrence.trip(self.start)[1]


def trips(p: Period, plan: VisitPlan) -> list[Trip]:
    """The plan's visits of known occurrences, by departure, each car-needing one given a car number.

    Cars are numbered per site by first-free at departure, which uses no more cars than are ever
    out at once (interval colouring); the numbers are for the printed plan, the check counts cars."""
    out, free_at = [], defaultdict(list)  # site -> return time of each numbered car
    made = []
    for (visit, day), staff in plan.by_visit().items():
        occ = occurrence(p, visit, day)
        if occ is not None:
            made.append((occ.trip(staff[0].start)[0], occ, staff))
    for depart, occ, staff in sorted(made, key=lambda item: (item[0], item[1].key)):
        car = None
        if occ.car:
            cars = free_at[occ.site]
            car = next((i for i, back in enumerate(cars) if back <= depart), len(cars))
            back = occ.trip(staff[0].start)[1]
            if car == len(cars):
                cars.append(back)
            else:
                cars[car] = back
            car += 1
        out.append(Trip(occ, staff[0].start, tuple(a.employee for a in staff), car))
    return out


@dataclass(frozen=True)
class StaffVisit:
    """One line of a staff member's daily visit plan."""

    employee: str
    shift: str  # the code of the shift the trip lies in ("" if none: a faulty plan)
    trip: Trip

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(e for e in self.trip.staff if e != self.employee)


def staff_plan(p: Period, roster: Roster) -> list[StaffVisit]:
    """The visit plan per staff member: by day, staff in the instance's order, departure."""
    rank = {e.id: i for i, e in enumerate(p.inst.employees)}
    out = []
    for trip in trips(p, roster.visits or VisitPlan()):
        day = trip.occurrence.day
        for emp_id in trip.staff:
            shift = next(
                (
                    s.code or ""
                    for s in roster.on(emp_id, day - 1) + roster.on(emp_id, day)
                    if s.start <= trip.depart and trip.back <= s.end
                ),
                "",
            )
            out.append(StaffVisit(emp_id, shift, trip))
    return sorted(out, key=lambda v: (v.trip.occurrence.day, rank.get(v.employee, len(rank)), v.trip.depart))


@dataclass(frozen=True)
class Continuity:
    recipient: str
    visits: int  # staff visits (a double visit counts twice)
    staff: int  # different staff members
    regular: int  # staff visits by the recipient's regular staff


def continuity(p: Period, plan: VisitPlan) -> list[Continuity]:
    """Per recipient: how many different staff made their visits, and how many were regulars."""
    by_visit = {need.id: r for r in p.inst.recipients for need in r.visits}
    seen: dict[str, list[str]] = defaultdict(list)
    for a in plan.assignments:
        if a.visit in by_visit:
            seen[by_visit[a.visit].id].append(a.employee)
    return [
        Continuity(
            r.id,
            len(seen[r.id]),
            len(set(seen[r.id])),
            sum(1 for e in seen[r.id] if e in r.regular_staff),
        )
        for r in p.inst.recipients
    ]


# ---- visits not made, and why --------------------------------------------------------------------


@dataclass(frozen=True)
class Unmade:
    """A visit not made (`count` > 1: missing visits of an N-times-a-week need in one week)."""

    visit: str
    recipient: str
    days: tuple[int, ...]
    count: int
    why: Text  # the reason, in English and Norwegian
    week: int | None = None  # ISO week, for N-times-a-week needs

    @property
    def reason(self) -> str:
        return self.why.render("en")


def unmade(p: Period, roster: Roster) -> list[Unmade]:
    """Every visit the roster's plan does not make, with the reason."""
    plan = roster.visits or VisitPlan()
    made = {key for key in plan.made() if occurrence(p, *key) is not None}
    why = Diagnosis(p, roster, plan)
    out = [
        Unmade(occ.visit, occ.recipient, (occ.day,), 1, why.visit(occ))
        for occ in occurrences(p)
        if not occ.weekly and occ.key not in made
    ]
    for need in weekly_needs(p):
        count = need.times - sum(1 for day in need.days if (need.visit, day) in made)
        if count > 0:
            out.append(Unmade(need.visit, need.recipient, need.days, count, why.week(need), need.week[1]))
    return out


def unplanned_count(p: Period, roster: Roster) -> int:
    """How many visits the roster's plan does not make (`unmade`'s counts, without the reasons)."""
    plan = roster.visits or VisitPlan()
    made = {key for key in plan.made() if occurrence(p, *key) is not None}
    single = sum(1 for occ in occurrences(p) if not occ.weekly and occ.key not in made)
    short = (n.times - sum(1 for day in n.days if (n.visit, day) in made) for n in weekly_needs(p))
    return single + sum(max(0, n) for n in short)


def made_count(p: Period, plan: VisitPlan) -> int:
    """How many visits the plan makes (a double visit counts once)."""
    return sum(1 for key in plan.made() if occurrence(p, *key) is not None)


class Diagnosis:
    """Why visits are not in a plan, judged from the roster and the rest of the plan."""

    def __init__(self, p: Period, roster: Roster, plan: VisitPlan):
        self.p, self.roster, self.plan = p, roster, plan
        self.trips = trips(p, plan)
        self.busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.cars: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for trip in self.trips:
            for emp_id in trip.staff:
                self.busy[emp_id].append((trip.depart, trip.back))
            if trip.car is not None:
                self.cars[trip.occurrence.site].append((trip.depart, trip.back))

    def visit(self, occ: Occurrence) -> Text:
        """The first reason, in the order a unit leader would look: the window, who is on duty,
        their competence, whether they are busy with other visits, the cars; else the planner
        missed it."""
        inst = self.p.inst
        on_duty = self._on_duty(occ)
        if not on_duty:
            if not any(occ.fits(s) for s in self._shift_types(occ)):
                return Text(
                    "window too tight: no shift of {unit} covers a {minutes} min visit in {window} with "
                    "{travel} min travel each way",
                    "for trangt tidsvindu: ingen vakt ved {unit} rommer et besøk på {minutes} min i "
                    "{window} med {travel} min reise hver vei",
                    unit=occ.unit,
                    minutes=occ.minutes,
                    window=f"{clock(self.p, occ.opens)}-{clock(self.p, occ.closes)}",
                    travel=occ.travel,
                )
            return Text(
                "no staff on duty at {unit} with a shift that covers the trip",
                "ingen på vakt ved {unit} med en vakt som rommer turen",
                unit=occ.unit,
            )
        staff = [inst.employee_by_id[e] for e in on_duty]
        if len(staff) < occ.staff:
            return Text(
                "no qualified staff on duty: {n} on duty at {unit}, {staff} needed",
                "ingen kvalifisert personale på vakt: {n} på vakt ved {unit}, {staff} trengs",
                n=len(staff),
                unit=occ.unit,
                staff=occ.staff,
            )
        missing = occ.missing(inst, staff)
        if missing:
            return Text(
                "no qualified staff on duty: nobody on duty at {unit} holds {missing}",
                "ingen kvalifisert personale på vakt: ingen på vakt ved {unit} har {missing}",
                unit=occ.unit,
                missing=", ".join(missing),
            )
        teams = [t for t in itertools.combinations(staff, occ.staff) if not occ.missing(inst, t)]
        if not teams:
            return Text(
                "no qualified staff on duty: no {staff} together hold {needs}",
                "ingen kvalifisert personale på vakt: ingen {staff} har til sammen {needs}",
                staff=occ.staff,
                needs=", ".join(occ.competence()),
            )
        pool = next((c.count for c in inst.cars if c.site == occ.site), 0)
        free_team = False
        for team in teams:
            low = max(on_duty[e.id][0] for e in team)
            high = min(on_duty[e.id][1] for e in team)
            for start in range(low, high + 1):
                depart, back = occ.trip(start)
                if any(_overlaps(self.busy[e.id], depart, back) for e in team):
                    continue
                free_team = True
                if not occ.car or _most_at_once(self.cars[occ.site], depart, back) < pool:
                    return Text(
                        "not planned, though it fits (the solver stopped before it found a place for it)",
                        "ikke planlagt, selv om det får plass (løseren stoppet før den fant plass til det)",
                    )
        if free_team:
            return Text(
                "no car: all {pool} cars of {site} are out whenever qualified staff are free",
                "ingen bil: alle {pool} bilene ved {site} er ute når kvalifisert personale er ledig",
                pool=pool,
                site=occ.site,
            )
        return Text(
            "the qualified staff on duty are busy with other visits all through the window",
            "kvalifisert personale på vakt er opptatt med andre besøk i hele tidsvinduet",
        )

    def week(self, need: WeeklyNeed) -> Text:
        """Why fewer than the wanted visits of an N-times-a-week need are made in a week."""
        made = sorted(d for (v, d) in self.plan.made() if v == need.visit)
        open_days = [
            d for d in need.days if d not in made and all(abs(d - other) >= need.min_gap for other in made)
        ]
        if not open_days:
            return Text(
                "no day left at least {gap} day(s) from the other visits",
                "ingen dag igjen minst {gap} dag(er) fra de andre besøkene",
                gap=need.min_gap,
            )
        occ = occurrence(self.p, need.visit, open_days[0])
        assert occ is not None
        return Text("{day}: {why}", day=Day(self.p, occ.day), why=self.visit(occ))

    def _on_duty(self, occ: Occurrence) -> dict[str, tuple[int, int]]:
        """Staff whose shift in the roster leaves room for the trip, with their range of starts."""
        out = {}
        for emp_id in self.roster.shifts:
            if emp_id not in self.p.inst.employee_by_id:
                continue
            for shift in self.roster.on(emp_id, occ.day - 1) + self.roster.on(emp_id, occ.day):
                span = occ.fits(shift)
                if span is not None:
                    low, high = out.get(emp_id, span)
                    out[emp_id] = (min(low, span[0]), max(high, span[1]))
        return out

    def _shift_types(self, occ: Occurrence) -> list[Shift]:
        """Every shift of the unit, placed on the visit's day and the day before."""
        return [
            dataclasses.replace(self.p.place(day, s.code), unit=occ.unit)
            for s in self.p.inst.shifts
            for day in (occ.day - 1, occ.day)
            if s.unit == occ.unit or (s.site is not None and s.site == occ.site)
        ]


def _most_at_once(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """The most of `spans` that overlap one moment of [start, end)."""
    moments = [start] + [s for s, _ in spans if start < s < end]
    return max(sum(1 for s, e in spans if s <= m < e) for m in moments)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def clock(p: Period, minute: int) -> str:
    """'08:30': the local time of a minute of the period."""
    return f"{p.moment(minute):%H:%M}"
