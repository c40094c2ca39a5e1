"""Ambulant visits, planned with the roster: each visit made by staff on duty at the recipient's unit
whose shift covers the whole trip, nobody in two places at once (travel included), the staff of a
double visit together, cars never over-used, competence held; a visit not made costs a large penalty.

The rule is soft as a whole (an unmade visit never stops a roster), but a plan that breaks one of
the guarantees above is a hard violation: the plan, not the roster, is wrong. A roster's `visits` is
its visit plan; a roster without one has made no visits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from roster.i18n import Day, Listing, Text
from roster.rules.base import Params, Penalty, Rule, Violation, day_text, is_constant
from roster.rules.defaults import default
from roster.visits import (
    Assignment,
    Occurrence,
    VisitPlan,
    clock,
    occurrence,
    occurrences,
    unmade,
    weekly_needs,
)


class VisitParams(Params):
    weight_unplanned: int = Field(default("visits", "weight_unplanned"), ge=0, le=1_000_000)


class Visits(Rule):
    name = "visits"
    title = "unplanned visit"
    title_nb = "besøk ikke planlagt"
    hard = False
    Params = VisitParams

    def applies(self, inst):
        return super().applies(inst) and bool(inst.recipients)

    def encode(self, m, v, p):
        v.visits = VisitVariables(m, v, p)
        return v.visits.unmade_penalties(self.name, self.params(p.inst).weight_unplanned)

    def check(self, p, roster):
        plan = roster.visits or VisitPlan()
        out: list[Violation] = []
        known: dict[tuple[str, int], list[Assignment]] = {}
        for (visit, day), staff in plan.by_visit().items():
            occ = occurrence(p, visit, day)
            if occ is None:
                out.append(
                    self._fault(
                        Text(
                            "there is no visit {visit} on {day}",
                            "det finnes ikke noe besøk {visit} {day}",
                            visit=visit,
                            day=Day(p, day),
                        ),
                        staff,
                        day,
                    )
                )
            else:
                known[visit, day] = staff
                out += self._visit_faults(p, roster, occ, staff)
        out += self._overlaps(p, known)
        out += self._cars(p, known)
        out += self._spacing(p, known)
        return out + self._unmade(p, roster)

    # ---- hard: what a made visit must keep ----------------------------------------------------

    def _fault(
        self, message: Text, staff: list[Assignment], day: int, employee: str | None = None
    ) -> Violation:
        return Violation(
            self.name,
            True,
            f"visit: {message.render('en')}",
            employee=employee or ",".join(a.employee for a in staff),
            days=(day,),
            amount=1,
            unit="visits",
            message_nb=f"besøk: {message.render('nb')}",
        )

    def _visit_faults(self, p, roster, occ: Occurrence, staff: list[Assignment]) -> list[Violation]:
        inst, out = p.inst, []
        what = Text("{visit} on {day}", "{visit} {day}", visit=occ.visit, day=Day(p, occ.day))
        people = [a.employee for a in staff]
        if len({a.start for a in staff}) > 1:
            times = Listing(
                Text("{emp} at {time}", "{emp} kl. {time}", emp=a.employee, time=clock(p, a.start))
                for a in staff
            )
            out.append(
                self._fault(
                    Text(
                        "the staff of {what} are not there together: {times}",
                        "de ansatte på {what} er ikke der samtidig: {times}",
                        what=what,
                        times=times,
                    ),
                    staff,
                    occ.day,
                )
            )
        if len(set(people)) < len(people):
            out.append(
                self._fault(
                    Text(
                        "{what} lists the same person twice", "{what} har samme person to ganger", what=what
                    ),
                    staff,
                    occ.day,
                )
            )
        if len(set(people)) != occ.staff:
            out.append(
                self._fault(
                    Text(
                        "{what} needs {need} staff{alone}, has {has}",
                        "{what} trenger {need} ansatte{alone}, har {has}",
                        what=what,
                        need=occ.staff,
                        has=len(set(people)),
                        alone=Text(" (never alone with one staff member)", " (aldri alene med én ansatt)")
                        if occ.staff > 1
                        else "",
                    ),
                    staff,
                    occ.day,
                )
            )
        for a in staff:
            if a.employee not in inst.employee_by_id:
                out.append(
                    self._fault(
                        Text(
                            "{what}: {problem}",
                            what=what,
                            problem=Text("unknown employee {emp!r}", "ukjent ansatt {emp!r}", emp=a.employee),
                        ),
                        staff,
                        occ.day,
                        a.employee,
                    )
                )
                continue
            problem = _trip_problem(p, roster, occ, a)
            if problem:
                out.append(
                    self._fault(
                        Text("{what}: {problem}", what=what, problem=problem), staff, occ.day, a.employee
                    )
                )
        missing = occ.missing(inst, [inst.employee_by_id[e] for e in people if e in inst.employee_by_id])
        for c in missing:
            driving = c == occ.driver and c not in occ.needs
            out.append(
                self._fault(
                    Text(
                        "{what} made without {comp}"
                        + (" to drive the car" if driving else "")
                        + ": nobody on it holds it",
                        "{what} gjort uten {comp}"
                        + (" til å kjøre bilen" if driving else "")
                        + ": ingen på besøket har den",
                        what=what,
                        comp=c,
                    ),
                    staff,
                    occ.day,
                )
            )
        return out

    def _overlaps(self, p, known) -> list[Violation]:
        """Nobody in two places at once, travel included."""
        out = []
        spans = defaultdict(list)
        for (visit, day), staff in known.items():
            occ = occurrence(p, visit, day)
            for a in staff:
                spans[a.employee].append((*occ.trip(a.start), occ, a))
        for emp_id, items in spans.items():
            items.sort(key=lambda item: item[:2])
            latest = items[0]  # of the trips so far, the one that comes back last
            for later in items[1:]:
                (d1, b1, o1, a1), (d2, b2, o2, a2) = latest, later
                if d2 < b1:
                    out.append(
                        self._fault(
                            Text(
                                "{emp} cannot be in two places at once: {first} {first_span} and {second} "
                                "{second_span} overlap (travel included: {t1} and {t2} min each way)",
                                "{emp} kan ikke være to steder samtidig: {first} {first_span} og {second} "
                                "{second_span} overlapper (med reise: {t1} og {t2} min hver vei)",
                                emp=emp_id,
                                first=o1.visit,
                                first_span=_span(p, d1, b1),
                                second=o2.visit,
                                second_span=_span(p, d2, b2),
                                t1=o1.travel,
                                t2=o2.travel,
                            ),
                            [a1, a2],
                            o2.day,
                            emp_id,
                        )
                    )
                if b2 > b1:
                    latest = later
        return out

    def _cars(self, p, known) -> list[Violation]:
        """At no moment more car trips out from a site than it has cars."""
        out = []
        pools = {c.site: c.count for c in p.inst.cars}
        by_site = defaultdict(list)
        for (visit, day), staff in known.items():
            occ = occurrence(p, visit, day)
            if occ.car:
                by_site[occ.site].append((*occ.trip(staff[0].start), occ, staff))
        for site, items in by_site.items():
            cars = pools.get(site, 0)
            for depart, _, occ, staff in sorted(items, key=lambda item: item[:2]):
                out_now = [i for i in items if i[0] <= depart < i[1]]
                if len(out_now) > cars:
                    out.append(
                        self._fault(
                            Text(
                                "{n} cars out from {site} at {time} on {day}, {cars} available ({visits})",
                                "{n} biler ute fra {site} kl. {time} {day}, {cars} tilgjengelig ({visits})",
                                n=len(out_now),
                                site=site,
                                time=clock(p, depart),
                                day=Day(p, occ.day),
                                cars=cars,
                                visits=", ".join(i[2].visit for i in out_now),
                            ),
                            staff,
                            occ.day,
                        )
                    )
        return out

    def _spacing(self, p, known) -> list[Violation]:
        """N-times-a-week visits at least their minimum gap apart, and no more than N a week."""
        out = []
        for need in weekly_needs(p):
            made = [d for d in need.days if (need.visit, d) in known]
            if len(made) > need.times:
                out.append(
                    self._fault(
                        Text(
                            "{visit} is made {n} times in week {week}, {times} asked",
                            "{visit} er gjort {n} ganger i uke {week}, {times} bedt om",
                            visit=need.visit,
                            n=len(made),
                            week=need.week[1],
                            times=need.times,
                        ),
                        known[need.visit, made[-1]],
                        made[-1],
                    )
                )
        gaps = {need.visit: need.min_gap for need in weekly_needs(p)}
        days = defaultdict(list)
        for visit, day in sorted(known):
            if visit in gaps:
                days[visit].append(day)
        for visit, made in days.items():
            for first, second in zip(made, made[1:], strict=False):
                if second - first < gaps[visit]:
                    out.append(
                        self._fault(
                            Text(
                                "{visit} on {first} and {second}: at least {gap} day(s) apart asked",
                                "{visit} {first} og {second}: minst {gap} dag(er) mellom er bedt om",
                                visit=visit,
                                first=Day(p, first),
                                second=Day(p, second),
                                gap=gaps[visit],
                            ),
                            known[visit, second],
                            second,
                        )
                    )
        return out

    # ---- soft: visits not made ----------------------------------------------------------------

    def _unmade(self, p, roster) -> list[Violation]:
        weight = self.params(p.inst).weight_unplanned
        out = []
        for u in unmade(p, roster):
            what = {"visit": u.visit, "recipient": u.recipient, "why": u.why}
            if u.week is None:
                sentence = Text(
                    "{visit} ({recipient}) on {day}: {why}",
                    "{visit} ({recipient}) {day}: {why}",
                    day=Day(p, u.days[0]),
                    **what,
                )
            else:
                sentence = Text(
                    "{visit} ({recipient}) in week {week}: {count} missing: {why}",
                    "{visit} ({recipient}) i uke {week}: {count} mangler: {why}",
                    week=u.week,
                    count=u.count,
                    **what,
                )
            out.append(
                self.violation(sentence, days=u.days, amount=u.count, unit="visits", cost=weight * u.count)
            )
        return out


def _trip_problem(p, roster, occ: Occurrence, a: Assignment) -> Text | None:
    """Why this staff member cannot make the visit at that time, or None."""
    if not occ.opens <= a.start <= occ.latest:
        return Text(
            "starts at {time}, outside its window {window} ({minutes} min)",
            "starter kl. {time}, utenfor vinduet {window} ({minutes} min)",
            time=clock(p, a.start),
            window=_span(p, occ.opens, occ.closes),
            minutes=occ.minutes,
        )
    depart, back = occ.trip(a.start)
    shifts = [
        s for s in roster.on(a.employee, occ.day - 1) + roster.on(a.employee, occ.day) if s.unit == occ.unit
    ]
    if any(s.start <= depart and back <= s.end for s in shifts):
        return None
    if not any(s.day == occ.day for s in shifts):
        return Text(
            "{emp} is not on duty at {unit} that day",
            "{emp} er ikke på vakt i {unit} den dagen",
            emp=a.employee,
            unit=occ.unit,
        )
    worked = ", ".join(f"{s.code or ''} {_span(p, s.start, s.end)}" for s in shifts)
    return Text(
        "the trip {trip} ({travel} min travel each way) is outside {emp}'s shift {worked}",
        "turen {trip} ({travel} min reise hver vei) er utenfor vakten til {emp}: {worked}",
        trip=_span(p, depart, back),
        travel=occ.travel,
        emp=a.employee,
        worked=worked,
    )


def _span(p, start: int, end: int) -> str:
    return f"{clock(p, start)}-{clock(p, end)}"


# ---- the encodings ------------------------------------------------------------------------------


def candidates(p, v, occ: Occurrence) -> list[tuple[Any, Any, Any, tuple[int, int]]]:
    """(employee, shift, its literal, range of starts) for everyone whose shift leaves room for the
    trip; alone on a visit only those who hold all it needs."""
    inst = p.inst
    return [
        (emp, shift, lit, span)
        for emp in inst.employees
        if occ.staff > 1 or not occ.missing(inst, [emp])
        for shift, lit in v.options(emp.id, occ.day - 1) + v.options(emp.id, occ.day)
        if (span := occ.fits(shift)) is not None and not (is_constant(lit) and lit == 0)
    ]


class _MadeVisits:
    """What both encodings share: a `made` literal per visit (0 when nobody could ever make it),
    N-times-a-week visits spaced, and the penalty for each visit not made."""

    def __init__(self, m, p):
        self.m, self.p = m, p
        self.made: dict[tuple[str, int], Any] = {}

    def _space_weekly_needs(self) -> None:
        """Visits of an N-times-a-week need at least `min_gap` days apart, also across weeks."""
        gap = {need.visit: need.min_gap for need in weekly_needs(self.p)}
        by_visit = defaultdict(dict)
        for (visit, day), made in self.made.items():
            if visit in gap and not is_constant(made):
                by_visit[visit][day] = made
        for visit, days in by_visit.items():
            if gap[visit] > 1:
                for first in days:
                    window = [days[d] for d in range(first, first + gap[visit]) if d in days]
                    if len(window) > 1:
                        self.m.add_at_most_one(window)

    def unmade_penalties(self, rule: str, weight: int) -> list[Penalty]:
        out = []
        for occ in occurrences(self.p):
            if not occ.weekly:
                label = f"{occ.visit} on {day_text(self.p, occ.day)}"
                out.append(Penalty(rule, weight, 1 - self.made[occ.key], label, "visits"))
        for need in weekly_needs(self.p):
            short = self.m.new_int_var(0, need.times, f"visits_short[{need.visit},{need.week}]")
            self.m.add(short + sum(self.made[need.visit, d] for d in need.days) == need.times)  # never more
            out.append(Penalty(rule, weight, short, f"{need.visit} in week {need.week[1]}", "visits"))
        return out


class VisitVariables(_MadeVisits):
    """The visit part of the CP-SAT model.

    Per visit: a start, a `made` literal, and per (staff member, shift of theirs that leaves room
    for the trip) an assignment literal that implies the shift and carries an optional interval
    over the whole trip. Intervals of one person never overlap; the car intervals of a site never
    exceed its cars; a visit is made by exactly its number of staff, who hold its competencies."""

    def __init__(self, m, v, p):
        super().__init__(m, p)
        self.start: dict[tuple[str, int], Any] = {}
        self.assign: dict[tuple[tuple[str, int], str], list[Any]] = defaultdict(list)
        trips_of: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
        cars_of: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
        for occ in occurrences(p):
            self._add(occ, candidates(p, v, occ), trips_of, cars_of)
        for spans in trips_of.values():
            for group in _overlapping(spans):
                m.add_no_overlap(group)
        pools = {c.site: c.count for c in p.inst.cars}
        for site, spans in cars_of.items():
            for group in _overlapping(spans):
                if len(group) > pools.get(site, 0):
                    m.add_cumulative(group, [1] * len(group), pools.get(site, 0))
        self._space_weekly_needs()

    def _add(self, occ: Occurrence, candidates, trips_of, cars_of) -> None:
        m, inst = self.m, self.p.inst
        size = _trip(occ)
        if not candidates:
            self.made[occ.key] = 0
            return
        name = f"{occ.visit},{occ.day}"
        start = self.start[occ.key] = m.new_int_var(occ.opens, occ.latest, f"visit_start[{name}]")
        made = self.made[occ.key] = m.new_bool_var(f"visit_made[{name}]")
        for emp, shift, lit, (low, high) in candidates:
            a = m.new_bool_var(f"visit[{name},{emp.id},{shift.code}@{shift.day}]")
            if not is_constant(lit):
                m.add_implication(a, lit)
            if low > occ.opens:
                m.add(start >= low).only_enforce_if(a)
            if high < occ.latest:
                m.add(start <= high).only_enforce_if(a)
            interval = m.new_optional_fixed_size_interval_var(
                start - occ.travel, size, a, f"trip[{name},{emp.id}]"
            )
            trips_of[emp.id].append((low - occ.travel, high + occ.minutes + occ.travel, interval))
            self.assign[occ.key, emp.id].append(a)
        for emp_id in {emp.id for emp, *_ in candidates}:
            if len(self.assign[occ.key, emp_id]) > 1:  # two shifts on one day that both fit
                m.add_at_most_one(self.assign[occ.key, emp_id])
        people = {emp.id: emp for emp, *_ in candidates}
        m.add(sum(a for e in people for a in self.assign[occ.key, e]) == occ.staff * made)
        if occ.staff > 1:  # (one person alone was only given a literal if they hold it all)
            for c in occ.competence():
                holders = [e for e, emp in people.items() if c in inst.competencies_of(emp)]
                m.add(sum(a for e in holders for a in self.assign[occ.key, e]) >= made)
        if occ.car:
            interval = m.new_optional_fixed_size_interval_var(start - occ.travel, size, made, f"car[{name}]")
            cars_of[occ.site].append((occ.opens - occ.travel, occ.closes + occ.travel, interval))

    # ---- solutions ----------------------------------------------------------------------------

    def extract(self, solver) -> VisitPlan:
        plan = VisitPlan()
        for (key, emp_id), lits in self.assign.items():
            if any(solver.boolean_value(a) for a in lits):
                plan.assignments.append(Assignment(key[1], solver.value(self.start[key]), key[0], emp_id))
        plan.assignments.sort()
        return plan

    def fix(self, plan: VisitPlan, before: int | None = None) -> bool:
        """Constrain the model to exactly this plan (with `before`, only the visits of the days
        before it); False when the model cannot express it (a visit that does not exist, someone
        who could never make it, staff at different times)."""
        held = (lambda key: True) if before is None else (lambda key: key[1] < before)
        wanted = {key: staff for key, staff in plan.by_visit().items() if held(key)}
        for key, staff in wanted.items():
            people = [a.employee for a in staff]
            if is_constant(self.made.get(key, 0)) or len(set(people)) < len(people):
                return False
            if len({a.start for a in staff}) > 1 or any((key, e) not in self.assign for e in people):
                return False
        for key, made in self.made.items():
            if held(key) and not is_constant(made):
                self.m.add(made == int(key in wanted))
            if key in wanted:
                self.m.add(self.start[key] == wanted[key][0].start)
        for (key, emp_id), lits in self.assign.items():
            if held(key):
                chosen = key in wanted and any(a.employee == emp_id for a in wanted[key])
                self.m.add(sum(lits) == int(chosen))
        return True

    def changes(self, plan: VisitPlan, first_day: int) -> list[tuple[int, Any]]:
        """(day, 0/1 term) for each change to `plan` from `first_day` on: a staff member on a visit
        the plan did not give them (someone to tell), and a visit of the plan moved to another time.
        A visit dropped is already costed as not made."""
        wanted = plan.by_visit()
        out = []
        for (key, emp_id), lits in self.assign.items():
            if key[1] >= first_day and all(a.employee != emp_id for a in wanted.get(key, [])):
                out.append((key[1], sum(lits)))
        for key, staff in wanted.items():
            if key[1] >= first_day and key in self.start:
                moved = self.m.new_bool_var(f"visit_moved[{key[0]},{key[1]}]")
                self.m.add(self.start[key] == staff[0].start).only_enforce_if(moved.Not())
                out.append((key[1], moved))
        return out

    def hint(self, plan: VisitPlan) -> None:
        wanted = plan.by_visit()
        for key, start in self.start.items():
            self.m.add_hint(self.made[key], key in wanted)
            if key in wanted:
                self.m.add_hint(start, wanted[key][0].start)
        for (key, emp_id), lits in self.assign.items():
            if not any(a.employee == emp_id for a in wanted.get(key, [])):
                for a in lits:
                    self.m.add_hint(a, False)


@dataclass(frozen=True)
class _Staffing:
    """A visit as the staffing relaxation sees it: who could make it, and per competency it needs
    of someone with company, who could bring that."""

    occ: Occurrence
    staff: frozenset[str]
    holders: tuple[frozenset[str], ...]
    made: Any

    def going(self, group: frozenset[str]) -> int:
        """How many of the group must go when the visit is made: all its staff when nobody else
        could, one when a competency it needs is held only in the group, else none."""
        if self.staff <= group:
            return self.occ.staff
        return int(any(h <= group for h in self.holders))


class StaffingVariables(_MadeVisits):
    """The staffing the visits need, without planning them: a relaxation of `VisitVariables` for
    the solver's first stage (roster/solver/staged.py).

    Per visit: enough qualified candidates on duty when it is made; per day, per group of staff
    and per stretch of time where their visits' trips must lie, the trip minutes only they can make
    fit in the time they are on duty then. Every exact plan satisfies these, so the stage's bound
    stays valid.

    The groups are the visits' candidates and, for a visit of two or more staff, the holders of each
    competency it needs: one of them goes. Without the holders' groups, the one driver on a day
    shift could be left all the car trips of the day while a colleague without a licence went
    with someone else on a double visit that needs one, and the exact plan made up to 7 visits fewer
    than this stage had promised (Saltdal 2025 what-if rows; benchmarks/README.md, "Visits in the
    what-if rows, second session")."""

    def __init__(self, m, v, p):
        super().__init__(m, p)
        inst = p.inst
        by_day = defaultdict(list)
        for occ in occurrences(p):
            found = candidates(p, v, occ)
            if not found:
                self.made[occ.key] = 0
                continue
            made = self.made[occ.key] = m.new_bool_var(f"visit_made[{occ.visit},{occ.day}]")
            m.add(sum(lit for _, _, lit, _ in found) >= occ.staff * made)
            holders = []  # per competency, who on the visit could hold it (with company only)
            if occ.staff > 1:
                for c in occ.competence():
                    theirs = [(emp.id, lit) for emp, _, lit, _ in found if c in inst.competencies_of(emp)]
                    m.add(sum(lit for _, lit in theirs) >= made)
                    holders.append(frozenset(emp_id for emp_id, _ in theirs))
            staff = frozenset(emp.id for emp, *_ in found)
            by_day[occ.day].append(_Staffing(occ, staff, tuple(holders), made))
        for day, visits in by_day.items():
            self._fit_trips_in_duty_time(v, day, visits)
        self._space_weekly_needs()

    def _fit_trips_in_duty_time(self, v, day: int, visits: list[_Staffing]) -> None:
        """Per group of staff (those who could make some visit, or hold what it needs), the trips
        only they can make fit in their time on duty: all staff of a visit whose candidates are all
        in the group, one of a visit that needs a competency only the group's members hold."""
        groups = {s.staff for s in visits} | {h for s in visits for h in s.holders}
        for group in sorted(groups, key=sorted):  # a set's order changes with each process's hash seed
            mine = [
                (s.occ.opens - s.occ.travel, s.occ.closes + s.occ.travel, s) for s in visits if s.going(group)
            ]
            for cluster in _overlapping(mine, keep_single=True):
                start = min(s.occ.opens - s.occ.travel for s in cluster)
                end = max(s.occ.closes + s.occ.travel for s in cluster)
                need = sum(_trip(s.occ) * s.going(group) * s.made for s in cluster)
                duty = [
                    (min(shift.end, end) - max(shift.start, start)) * lit
                    for emp_id in group
                    for shift, lit in v.options(emp_id, day - 1) + v.options(emp_id, day)
                    if shift.overlaps(start, end)
                ]
                self.m.add(need <= sum(duty))


def _trip(occ: Occurrence) -> int:
    """Minutes someone is away for a visit: there, the visit, and back."""
    return occ.minutes + 2 * occ.travel


def _overlapping(spans: list[tuple[int, int, Any]], keep_single: bool = False) -> list[list[Any]]:
    """Groups of items whose possible time spans chain together (each group needs its own
    no-overlap or cumulative; items that can never meet need none)."""
    groups, end = [], None
    for low, high, item in sorted(spans, key=lambda s: (s[0], s[1])):
        if end is None or low >= end:
            groups.append([])
        groups[-1].append(item)
        end = high if end is None or low >= end else max(end, high)
    return [g for g in groups if keep_single or len(g) > 1]


class VisitStaffing(Visits):
    """The visits rule as the solver's first stage sees it: only the staffing the visits need
    (`StaffingVariables`). Not in the registry: the exact encoding and the check are `Visits`'."""

    def encode(self, m, v, p):
        staffing = StaffingVariables(m, v, p)
        return staffing.unmade_penalties(self.name, self.params(p.inst).weight_unplanned)


RULE = Visits()
STAFFING = VisitStaffing()
