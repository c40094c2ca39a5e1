"""The ambulant part of an instance: zones, travel times, cars, recipients and their recurring visits.

Recipients are pseudonymous: an id, where they live (a zone), who serves them and their rules, never a
name or a diagnosis. Load-time checks here reject visits that no roster could ever make (a window
shorter than the visit, a competency nobody in the unit holds, a zone without a travel time, two staff
where the unit never has two on duty), so that planning only meets the problems of a particular month.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from roster.errors import Invalid, Message, duplicate, unknown
from roster.i18n import Text
from roster.terms import WEEKDAYS, parse_clock

if TYPE_CHECKING:
    from roster.instance import Instance, ShiftType

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
VisitId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.\-]+$")]
# Fields that would put a person's identity or health into the file (or into every output).
IDENTIFYING = ("name", "names", "navn", "diagnosis", "diagnose", "diagnoses", "birth", "fodselsnummer")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Zone(_Part):
    """An address area recipients live in (Røkland), or an office where they are seen."""

    id: VisitId
    name: str


class Travel(_Part):
    """Minutes from a site (a staff base) to a zone; the way back takes as long."""

    site: str = Field(alias="from", description="a site id: the base staff leave from")
    zone: str = Field(alias="to", description="a zone id")
    minutes: int = Field(ge=0, le=240)
    car: bool = Field(True, description="the trip needs a car (false: on foot, or the office itself)")


class CarPool(_Part):
    """The cars of one site; a visit that needs a car holds one from departure until return."""

    site: str
    count: int = Field(ge=0, le=100)
    driver: str | None = Field(None, description="a competency one of the visit's staff needs to drive")


class VisitNeed(_Part):
    """A recurring visit: on which days, in which time window, how long, by whom."""

    id: VisitId
    window: str = Field(
        pattern=r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$",
        description="HH:MM-HH:MM: the visit starts and ends inside it, e.g. medication 08:00-09:30",
    )
    minutes: int = Field(ge=1, le=1440, description="length of the visit itself, without travel")
    days: Literal["daily"] | list[Weekday] = Field(
        "daily", description="`daily`, or the weekdays on which it is made (or may be made)"
    )
    times_per_week: int | None = Field(
        None, ge=1, le=7, description="N: only N of the listed days each week, chosen by the planner"
    )
    min_gap_days: int = Field(1, ge=1, le=7, description="with times_per_week: days at least between two")
    holidays: bool = Field(True, description="false: no visit on public holidays")
    needs: list[str] = Field([], description="competencies someone on the visit must hold")
    staff: int | None = Field(
        None, ge=1, le=3, description="people on the visit (default 1; 2 if never alone)"
    )
    zone: str | None = Field(None, description="where it takes place, if not the recipient's zone")

    @model_validator(mode="after")
    def _window_holds_the_visit(self) -> VisitNeed:
        opens, closes = self.opens, self.closes
        if closes <= opens:
            raise Invalid(
                "window {window} ends before it starts (visits do not cross midnight)",
                "vinduet {window} slutter før det starter (besøk går ikke over midnatt)",
                window=self.window,
            )
        length = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        if length < self.minutes:
            raise Invalid(
                "window {window} ({length} min) is shorter than the visit ({minutes} min)",
                "vinduet {window} ({length} min) er kortere enn besøket ({minutes} min)",
                window=self.window,
                length=length,
                minutes=self.minutes,
            )
        if self.days != "daily" and (not self.days or len(set(self.days)) < len(self.days)):
            raise Invalid(
                "`days` lists each weekday at most once, and at least one",
                "`days` nevner hver ukedag høyst én gang, og minst én",
            )
        if self.times_per_week is None and self.min_gap_days != 1:
            raise Invalid("`min_gap_days` needs `times_per_week`", "`min_gap_days` krever `times_per_week`")
        return self

    @property
    def opens(self) -> dt.time:
        return parse_clock(self.window.split("-")[0])

    @property
    def closes(self) -> dt.time:
        return parse_clock(self.window.split("-")[1])

    @property
    def weekdays(self) -> frozenset[int]:
        """Monday = 0."""
        return frozenset(range(7)) if self.days == "daily" else frozenset(WEEKDAYS[d] for d in self.days)


class Recipient(_Part):
    """A service recipient (tjenestemottaker), by pseudonymous id only."""

    id: VisitId
    unit: str = Field(description="the unit whose staff make the visits")
    zone: str
    never_alone: bool = Field(False, description="never alone with one staff member: every visit has two")
    regular_staff: list[str] = Field([], description="employees preferred for continuity (soft)")
    visits: list[VisitNeed] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _pseudonymous(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if str(key).lower() in IDENTIFYING:
                    raise Invalid(
                        "`{key}`: recipients are pseudonymous; give an id, a zone and visits, never a name "
                        "or a diagnosis",
                        "`{key}`: mottakere er anonyme (pseudonym); oppgi id, sone og besøk, aldri navn "
                        "eller diagnose",
                        key=key,
                    )
        return data

    def staff_of(self, need: VisitNeed) -> int:
        return need.staff if need.staff is not None else (2 if self.never_alone else 1)

    def zone_of(self, need: VisitNeed) -> str:
        return need.zone or self.zone


# ---- load-time checks ---------------------------------------------------------------------------


def ambulant_problems(inst: Instance) -> list[tuple[str, Message]]:
    """Broken references and visits no roster could make, as (field path, problem)."""
    problems: list[tuple[str, Message]] = []
    sites = {s.id for s in inst.sites}
    zones = {z.id for z in inst.zones}
    comps = {c.id for c in inst.competencies}
    travel: dict[tuple[str, str], Travel] = {}
    for i, t in enumerate(inst.travel):
        if t.site not in sites:
            problems.append((f"travel[{i}].from", unknown("site", t.site, sites)))
        if t.zone not in zones:
            problems.append((f"travel[{i}].to", unknown("zone", t.zone, zones)))
        if (t.site, t.zone) in travel:
            problems.append(
                (
                    f"travel[{i}]",
                    Text(
                        "{site} to {zone} is given twice",
                        "{site} til {zone} er gitt to ganger",
                        site=t.site,
                        zone=t.zone,
                    ),
                )
            )
        travel[t.site, t.zone] = t
    cars: dict[str, CarPool] = {}
    for i, c in enumerate(inst.cars):
        if c.site not in sites:
            problems.append((f"cars[{i}].site", unknown("site", c.site, sites)))
        if c.driver is not None and c.driver not in comps:
            problems.append((f"cars[{i}].driver", unknown("competency", c.driver, comps)))
        if c.site in cars:
            problems.append(
                (
                    f"cars[{i}].site",
                    Text(
                        "the cars of {site} are given twice",
                        "bilene til {site} er gitt to ganger",
                        site=c.site,
                    ),
                )
            )
        cars[c.site] = c
    problems += _duplicates([(f"zones[{i}].id", z.id) for i, z in enumerate(inst.zones)], "zone")
    problems += _duplicates(
        [(f"recipients[{i}].id", r.id) for i, r in enumerate(inst.recipients)], "recipient"
    )
    visit_ids = [
        (f"recipients[{i}].visits[{j}].id", n.id)
        for i, r in enumerate(inst.recipients)
        for j, n in enumerate(r.visits)
    ]
    problems += _duplicates(visit_ids, "visit id")  # unique across recipients: plans name visits by id
    for i, r in enumerate(inst.recipients):
        problems += _recipient_problems(inst, f"recipients[{i}]", r, zones, travel, cars)
    return problems


def _recipient_problems(
    inst: Instance, path: str, r: Recipient, zones: set[str], travel: dict, cars: dict[str, CarPool]
) -> list[tuple[str, str]]:
    if r.unit not in inst.unit_by_id:
        return [(f"{path}.unit", unknown("unit", r.unit, inst.unit_by_id))]
    out = []
    unit = inst.unit_by_id[r.unit]
    staff = [e for e in inst.employees if r.unit in e.units]
    for j, emp_id in enumerate(r.regular_staff):
        if emp_id not in inst.employee_by_id:
            out.append((f"{path}.regular_staff[{j}]", unknown("employee", emp_id, inst.employee_by_id)))
        elif r.unit not in inst.employee_by_id[emp_id].units:
            out.append(
                (
                    f"{path}.regular_staff[{j}]",
                    Text(
                        "{emp} is not staff of {unit}", "{emp} jobber ikke i {unit}", emp=emp_id, unit=r.unit
                    ),
                )
            )
    if r.zone not in zones:
        out.append((f"{path}.zone", unknown("zone", r.zone, zones)))
    comps = {c.id for c in inst.competencies}
    for j, need in enumerate(r.visits):
        where = f"{path}.visits[{j}]"
        zone = r.zone_of(need)
        if need.zone is not None and need.zone not in zones:
            out.append((f"{where}.zone", unknown("zone", need.zone, zones)))
        for k, c in enumerate(need.needs):
            if c not in comps:
                out.append((f"{where}.needs[{k}]", unknown("competency", c, comps)))
            elif not any(c in inst.competencies_of(e) for e in staff):
                out.append(
                    (
                        f"{where}.needs[{k}]",
                        Text(
                            "nobody in {unit} holds {comp}", "ingen i {unit} har {comp}", unit=r.unit, comp=c
                        ),
                    )
                )
        if r.never_alone and need.staff == 1:
            out.append(
                (
                    f"{where}.staff",
                    Text(
                        "{recipient} is never to be alone with one staff member",
                        "{recipient} skal aldri være alene med én ansatt",
                        recipient=r.id,
                    ),
                )
            )
        if zone not in zones or unit.site is None:
            if unit.site is None:
                out.append(
                    (
                        f"{path}.unit",
                        Text(
                            "{unit} has no site, so there is no base to travel from",
                            "{unit} har ikke noe sted, så det er ingen base å reise fra",
                            unit=r.unit,
                        ),
                    )
                )
            continue
        trip = travel.get((unit.site, zone))
        if trip is None:
            out.append(
                (
                    where,
                    Text(
                        "no travel time from {site} to {zone}: add it under `travel`",
                        "ingen reisetid fra {site} til {zone}: legg den inn under `travel`",
                        site=unit.site,
                        zone=zone,
                    ),
                )
            )
            continue
        out += _need_problems(inst, where, r, need, trip, staff, cars.get(unit.site))
    return out


def _need_problems(
    inst: Instance,
    where: str,
    r: Recipient,
    need: VisitNeed,
    trip: Travel,
    staff: list,
    pool: CarPool | None,
) -> list[tuple[str, str]]:
    out = []
    if trip.car and (pool is None or pool.count == 0):
        out.append(
            (
                where,
                Text(
                    "the trip from {site} to {zone} needs a car, and {site} has none",
                    "turen fra {site} til {zone} trenger bil, og {site} har ingen",
                    site=trip.site,
                    zone=trip.zone,
                ),
            )
        )
    elif (
        trip.car
        and pool.driver is not None
        and not any(pool.driver in inst.competencies_of(e) for e in staff)
    ):
        out.append(
            (
                where,
                Text(
                    "nobody in {unit} holds {driver} to drive to {zone}",
                    "ingen i {unit} har {driver} til å kjøre til {zone}",
                    unit=r.unit,
                    driver=pool.driver,
                    zone=trip.zone,
                ),
            )
        )
    shifts = [s for s in inst.shifts if _covers(s, need, trip.minutes) and _shift_of(inst, s, r.unit)]
    if not shifts:
        out.append(
            (
                f"{where}.window",
                Text(
                    "window too tight: no shift of {unit} covers a {minutes} min visit in {window} with "
                    "{travel} min travel each way",
                    "for trangt vindu: ingen vakt i {unit} dekker et besøk på {minutes} min i {window} med "
                    "{travel} min reise hver vei",
                    unit=r.unit,
                    minutes=need.minutes,
                    window=need.window,
                    travel=trip.minutes,
                ),
            )
        )
        return out
    if need.times_per_week is not None and need.times_per_week > most_spaced(
        sorted(need.weekdays), need.min_gap_days
    ):
        out.append(
            (
                f"{where}.times_per_week",
                Text(
                    "{times} visits a week cannot be {gap} day(s) apart on its days",
                    "{times} besøk i uka kan ikke ligge {gap} dag(er) fra hverandre på disse dagene",
                    times=need.times_per_week,
                    gap=need.min_gap_days,
                ),
            )
        )
    # Visits on days no covering shift is run (demand) are no error: they are listed as not made,
    # with the reason, so a what-if that stops running a shift shows which visits it costs.
    people = r.staff_of(need)
    if people > 1:
        able = [
            e for e in staff if any(inst.may_work(e, s) and (s.kind != "night" or e.nights) for s in shifts)
        ]
        tops = [d.max for d in inst.demand if d.shift in {s.code for s in shifts}]
        if len(able) < people:
            out.append(
                (
                    f"{where}.staff",
                    Text(
                        "needs {people} staff, and {unit} has {able} who can make it",
                        "trenger {people} ansatte, og {unit} har {able} som kan ta det",
                        people=people,
                        unit=r.unit,
                        able=len(able),
                    ),
                )
            )
        elif tops and all(top is not None and top < people for top in tops):
            out.append(
                (
                    f"{where}.staff",
                    Text(
                        "needs {people} staff, and {unit} never has more than {top} on duty during {window} "
                        "(demand max)",
                        "trenger {people} ansatte, og {unit} har aldri mer enn {top} på vakt i {window} "
                        "(demand max)",
                        people=people,
                        unit=r.unit,
                        top=max(tops),
                        window=need.window,
                    ),
                )
            )
    return out


def most_spaced(days: list[int], gap: int) -> int:
    """How many of the sorted days can be picked at least `gap` apart (earliest first is optimal)."""
    count, last = 0, None
    for day in days:
        if last is None or day - last >= gap:
            count, last = count + 1, day
    return count


def _covers(shift: ShiftType, need: VisitNeed, travel: int) -> bool:
    """Whether the shift's clock times leave room for the trip inside the window (ignoring daylight
    saving); a night shift from the day before may cover the early hours."""
    opens = need.opens.hour * 60 + need.opens.minute
    closes = need.closes.hour * 60 + need.closes.minute
    for day_offset in (0, -1440):
        start = shift.start.hour * 60 + shift.start.minute + day_offset
        end = start + shift.length_minutes
        if max(opens, start + travel) + need.minutes <= min(closes, end - travel):
            return True
    return False


def _shift_of(inst: Instance, shift: ShiftType, unit: str) -> bool:
    return shift.unit == unit or (shift.site is not None and inst.unit_by_id[unit].site == shift.site)


def _duplicates(items: list[tuple[str, str]], what: str) -> list[tuple[str, Message]]:
    seen: set[str] = set()
    out = []
    for path, value in items:
        if value in seen:
            out.append((path, duplicate(what, value)))
        seen.add(value)
    return out
