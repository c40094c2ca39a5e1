"""The instance format: sites, units, shifts, competencies, staff, demand and rule parameters.

An instance is what a unit leader writes down once (YAML, see `roster schema`); it is validated on
load, so that every later step can trust it. Cross-references (a unit, a competency, a shift code)
are checked here and reported with the path of the field that is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_library
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    model_validator,
)

from roster.ambulant import CarPool, Recipient, Travel, Zone, ambulant_problems
from roster.errors import InputError, Invalid, Message, duplicate, unknown
from roster.i18n import Hours, Text, escaped
from roster.rules import RULES, RuleParams
from roster.rules.defaults import legal_limits
from roster.terms import OFF, parse_clock

DayType = Literal["weekday", "saturday", "sunday"]  # "sunday" also covers public holidays
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ShiftKind = Literal["day", "evening", "night"]
AbsenceKind = Literal["vacation", "sick", "leave", "parental", "course", "other"]


Clock = Annotated[
    dt.time, BeforeValidator(parse_clock), PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str)
]
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.\-]+$")]
Code = Annotated[str, Field(min_length=1, max_length=8, pattern=r"^[\w\-]+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PoolService(Strict):
    """One service's part in a site's shared night cover: its agreed share, its use, its cost."""

    unit: str
    share: float = Field(gt=0, le=100, description="agreed share of the site's nights, in percent")
    usage: float | None = Field(
        None,
        ge=0,
        description="what the service uses of the night cover (e.g. its apartments), for the cost "
        "split; default: its share",
    )
    hourly_cost: float = Field(
        ge=0,
        description="cost of one paid hour of night work by this service's staff (NOK, with "
        "supplements and the employer's costs)",
    )


class ExtraNight(Strict):
    """Nights on which one service needs its own extra night staff, on top of the site's cover."""

    unit: str = Field(description="the service that needs (and staffs, and pays) the extra night staff")
    staff: int = Field(1, ge=1, le=20)
    weekdays: list[Weekday] = Field([], description="every such night in the period (the night's first day)")
    dates: list[dt.date] = Field([], description="these nights (the date the night starts)")
    reason: str = ""

    @model_validator(mode="after")
    def _some_nights(self) -> ExtraNight:
        if not self.weekdays and not self.dates:
            raise Invalid("give `weekdays` or `dates`", "oppgi `weekdays` eller `dates`")
        return self


class NightPool(Strict):
    """A site's shared night cover: one night requirement met from the night staff of several services.

    The demand entries of `shift` ARE the site's night requirement (how many awake night staff,
    with which competencies); `extra` adds a single service's own needs on particular nights."""

    shift: str = Field(description="the site's night shift (a shift with `site:` this site, kind night)")
    services: list[PoolService] = Field(min_length=1, description="the services that share the nights")
    tolerance_nights: float = Field(
        ge=0, le=366, description="how far each service's nights may be from its share over the period"
    )
    extra: list[ExtraNight] = []
    equal_base: float = Field(
        ge=0,
        le=1,
        description="cost model 'equal base plus usage': the fraction of the shared night cost split "
        "equally between the services; the rest follows usage",
    )
    usage_measure: str = Field("", description="what `usage` counts, for reports (e.g. 'leiligheter')")


class Site(Strict):
    """A place where several services may share staff (for example night cover)."""

    id: Id
    name: str
    night_pool: NightPool | None = None


class Unit(Strict):
    """A service or sub-unit with its own roster, e.g. the Vensmoen base or the Rognan day team."""

    id: Id
    name: str
    site: str | None = None
    weekly_hours: float = Field(
        gt=0,
        le=60,
        description="full-time weekly hours of this unit's rota (KS: day work 37.5, "
        "rotating 35.5, three-shift 33.6); a position percentage is a share of it",
    )


class ShiftType(Strict):
    """A shift as it appears on the roster: code, clock times and paid hours."""

    code: Code
    name: str
    unit: str | None = Field(None, description="the unit whose shift this is")
    site: str | None = Field(None, description="or: the site whose shift this is (shared by its units)")
    start: Clock
    end: Clock
    crosses_midnight: bool = False
    paid_hours: float = Field(gt=0, le=24, description="paid hours after unpaid breaks")
    kind: ShiftKind
    colour: str | None = Field(None, pattern=r"^[0-9A-Fa-f]{6}$", description="RRGGBB for the XLSX")

    @model_validator(mode="after")
    def _times_agree(self) -> ShiftType:
        if (self.unit is None) == (self.site is None):
            raise Invalid(
                "give exactly one of `unit` or `site`", "oppgi enten `unit` eller `site`, ikke begge"
            )
        if self.code.lower() == OFF or re.fullmatch(r"[Ff]\d", self.code):
            raise Invalid(
                "code {code!r} is reserved for days off",
                "koden {code!r} er reservert for fridager",
                code=self.code,
            )
        if self.end <= self.start and not self.crosses_midnight:
            raise Invalid(
                "ends at {end}, not after its start {start}; set `crosses_midnight: true` if it ends on "
                "the next day",
                "slutter {end}, ikke etter start {start}; sett `crosses_midnight: true` om vakten slutter "
                "neste dag",
                end=f"{self.end:%H:%M}",
                start=f"{self.start:%H:%M}",
            )
        if self.end > self.start and self.crosses_midnight:
            raise Invalid(
                "`crosses_midnight` is true but the end is after the start on the same day",
                "`crosses_midnight` er true, men slutten er etter start samme dag",
            )
        if self.paid_hours * 60 > self.length_minutes + 1e-9:
            raise Invalid(
                "paid_hours {paid} exceed the shift's length ({length})",
                "paid_hours {paid} er mer enn vaktens lengde ({length})",
                paid=self.paid_hours,
                length=Hours(self.length_minutes),
            )
        return self

    @property
    def length_minutes(self) -> int:
        """Clock length in minutes (ignoring daylight-saving changes; the calendar handles those)."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return end - start + (1440 if self.crosses_midnight else 0)

    @property
    def paid_minutes(self) -> int:
        return round(self.paid_hours * 60)


class Competency(Strict):
    """A competency or authorisation; `implies` lists others it includes (a nurse is university-educated)."""

    id: Id
    name: str
    kind: Literal["competency", "authorisation"] = "competency"
    implies: list[str] = []
    open_shift_weight: int | None = Field(
        None,
        ge=0,
        le=100_000,
        description="extra cost per open shift-hour that needs this competency (substitutes who hold "
        "it are harder to find); default: rules.coverage.competency_weight",
    )


class Absence(Strict):
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    kind: AbsenceKind = "leave"

    @model_validator(mode="after")
    def _ordered(self) -> Absence:
        if self.end < self.start:
            raise Invalid(
                "ends ({end}) before it starts ({start})",
                "slutter ({end}) før det starter ({start})",
                end=str(self.end),
                start=str(self.start),
            )
        return self


class FixedAssignment(Strict):
    date: dt.date
    shift: str = Field(description="a shift code, or `off` for a fixed day off")


class Wish(Strict):
    """A wish for one day or a range of days: `want` a shift (or `off`), or `avoid` a shift."""

    date: dt.date
    to: dt.date | None = None
    want: str | None = None
    avoid: str | None = None
    weight: int = Field(1, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _one_kind(self) -> Wish:
        if (self.want is None) == (self.avoid is None):
            raise Invalid("give exactly one of `want` or `avoid`", "oppgi enten `want` eller `avoid`")
        if self.avoid == OFF:
            raise Invalid(
                "`avoid: off` is not a wish; use `want: <shift>`",
                "`avoid: off` er ikke et ønske; bruk `want: <vakt>`",
            )
        if self.to is not None and self.to < self.date:
            raise Invalid(
                "`to` ({to}) is before `date` ({date})",
                "`to` ({to}) er før `date` ({date})",
                to=str(self.to),
                date=str(self.date),
            )
        return self


class Limits(Strict):
    """Personal limits over the planning period (from a contract, an agreement or a benchmark).

    Each tightens one rule for this employee; left out, the rule's own parameter applies."""

    max_shifts: dict[str, int] = Field(
        {}, description="shift code -> at most this many of that shift in the period (0: never)"
    )
    min_hours: float | None = Field(
        None, ge=0, le=10_000, description="at least these paid hours in the period"
    )
    max_hours: float | None = Field(
        None, ge=0, le=10_000, description="at most these paid hours in the period"
    )
    max_days_in_row: int | None = Field(None, ge=1, le=366, description="overrides consecutive_days.max_days")
    min_days_in_row: int | None = Field(None, ge=1, le=366, description="overrides min_days_in_row.days")
    min_days_off_in_row: int | None = Field(
        None, ge=1, le=366, description="overrides min_days_off_in_row.days"
    )
    max_weekends: int | None = Field(None, ge=0, le=60, description="overrides max_weekends.weekends")

    @model_validator(mode="after")
    def _ordered(self) -> Limits:
        if self.min_hours is not None and self.max_hours is not None and self.max_hours < self.min_hours:
            raise Invalid(
                "max_hours {most} is below min_hours {least}",
                "max_hours {most} er under min_hours {least}",
                most=self.max_hours,
                least=self.min_hours,
            )
        if any(n < 0 for n in self.max_shifts.values()):
            raise Invalid("max_shifts must not be negative", "max_shifts kan ikke være negativ")
        return self


class Employee(Strict):
    id: Id
    name: str
    units: list[str] = Field(min_length=1, description="the first is the home unit")
    position: float = Field(gt=0, le=100, description="position percentage (stillingsprosent)")
    weekly_hours: float | None = Field(None, gt=0, le=60, description="overrides the unit's norm")
    competencies: list[str] = []
    nights: bool = Field(False, description="may work night shifts")
    hours_carried: float = Field(
        0, ge=-200, le=200, description="hours worked beyond contract in earlier periods (lowers the target)"
    )
    absences: list[Absence] = []
    fixed: list[FixedAssignment] = []
    wishes: list[Wish] = []
    limits: Limits = Limits()


class Requirement(Strict):
    """`at_least`/`at_most` k of the staff on the shift hold one of the competencies in `of`."""

    of: list[str] = Field(min_length=1)
    at_least: int | None = Field(None, ge=0, le=100)
    at_most: int | None = Field(None, ge=0, le=100)

    @model_validator(mode="after")
    def _bounded(self) -> Requirement:
        if self.at_least is None and self.at_most is None:
            raise Invalid("give `at_least` or `at_most`", "oppgi `at_least` eller `at_most`")
        if self.at_least is not None and self.at_most is not None and self.at_most < self.at_least:
            raise Invalid("`at_most` is below `at_least`", "`at_most` er under `at_least`")
        return self


class Demand(Strict):
    """Staffing of one shift on some day types (or dates): a hard minimum, a soft ideal, competency rules."""

    shift: str
    on: list[DayType] = Field([], description="weekday, saturday, sunday (with public holidays)")
    dates: list[dt.date] = Field(
        [], description="or: these dates only; a dated entry replaces the day-type entry on its dates"
    )
    min: int = Field(ge=0, le=1000)
    ideal: int | None = Field(None, ge=0, le=1000)
    max: int | None = Field(None, ge=0, le=1000)
    weight_under: int | None = Field(None, ge=0, description="overrides ideal_staffing.weight_under here")
    weight_over: int | None = Field(None, ge=0, description="overrides ideal_staffing.weight_over here")
    requirements: list[Requirement] = []

    @model_validator(mode="after")
    def _ordered(self) -> Demand:
        if bool(self.on) == bool(self.dates):
            raise Invalid(
                "give exactly one of `on` (day types) or `dates`", "oppgi enten `on` (dagtyper) eller `dates`"
            )
        if self.ideal is not None and self.ideal < self.min:
            raise Invalid(
                "ideal {ideal} is below min {least}",
                "ideal {ideal} er under min {least}",
                ideal=self.ideal,
                least=self.min,
            )
        if self.max is not None and self.max < max(self.min, self.ideal or 0):
            raise Invalid("max {most} is below min/ideal", "max {most} er under min/ideal", most=self.max)
        return self

    @property
    def target(self) -> int:
        return self.min if self.ideal is None else self.ideal


class Holidays(Strict):
    country: str = Field("NO", description="country code for the public-holiday library")
    extra: list[dt.date] = Field([], description="further days treated as public holidays")


class PlanningPeriod(Strict):
    start: dt.date
    weeks: int = Field(4, ge=1, le=53)


class Instance(Strict):
    """Everything the solver and the checker need to know about one roster problem."""

    name: str
    description: str = ""
    law: Literal["aml", "none"] = Field(
        "aml", description="aml: rule parameters must stay within Arbeidsmiljøloven; none: free"
    )
    timezone: str = "Europe/Oslo"
    holidays: Holidays = Holidays()
    period: PlanningPeriod | None = Field(None, description="the default planning period")
    sites: list[Site] = []
    units: list[Unit] = Field(min_length=1)
    competencies: list[Competency] = []
    shifts: list[ShiftType] = Field(min_length=1)
    employees: list[Employee] = Field(min_length=1)
    demand: list[Demand] = []
    rules: RuleParams = Field(default_factory=RuleParams)
    # Ambulant visits (roster/ambulant.py): where recipients live, how far it is, the cars, the visits.
    zones: list[Zone] = []
    travel: list[Travel] = Field([], description="minutes from a site (base) to a zone")
    cars: list[CarPool] = Field([], description="cars per site")
    recipients: list[Recipient] = Field(
        [], description="service recipients by pseudonymous id, and their visits"
    )

    def replace(self, **changes: Any) -> Instance:
        """A validated copy with some fields changed (caches are not carried over)."""
        data = self.model_dump(by_alias=True)
        data.update(
            {
                k: v.model_dump(by_alias=True)
                if isinstance(v, BaseModel)
                else [x.model_dump(by_alias=True) if isinstance(x, BaseModel) else x for x in v]
                if isinstance(v, list)
                else v
                for k, v in changes.items()
            }
        )
        return parse_instance(data, f"{self.name} (changed)")

    # Look-ups used everywhere; cached because instances are frozen.
    @cached_property
    def shift_by_code(self) -> dict[str, ShiftType]:
        return {s.code: s for s in self.shifts}

    @cached_property
    def employee_by_id(self) -> dict[str, Employee]:
        return {e.id: e for e in self.employees}

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def pools(self) -> dict[str, tuple[Site, NightPool]]:
        """Shared night covers by their night shift's code."""
        return {s.night_pool.shift: (s, s.night_pool) for s in self.sites if s.night_pool is not None}

    @cached_property
    def _closure(self) -> dict[str, frozenset[str]]:
        implies = {c.id: c.implies for c in self.competencies}
        out = {}
        for cid in implies:
            seen, todo = set(), [cid]
            while todo:
                c = todo.pop()
                if c not in seen:
                    seen.add(c)
                    todo.extend(implies.get(c, []))
            out[cid] = frozenset(seen)
        return out

    def competencies_of(self, emp: Employee) -> frozenset[str]:
        """The employee's competencies with everything they imply."""
        return frozenset().union(*(self._closure.get(c, {c}) for c in emp.competencies))

    def may_work(self, emp: Employee, shift: ShiftType) -> bool:
        """Whether the shift belongs to one of the employee's units or to their units' site (a site's
        shared night shift: to the units that share it)."""
        key = (emp.id, shift.code)
        if key not in self._may_work:  # asked for every variable
            self._may_work[key] = self._belongs(emp, shift)
        return self._may_work[key]

    @cached_property
    def _may_work(self) -> dict[tuple[str, str], bool]:
        return {}

    def _belongs(self, emp: Employee, shift: ShiftType) -> bool:
        if shift.unit is not None:
            return shift.unit in emp.units
        return bool(self._site_units(emp, shift))

    def _site_units(self, emp: Employee, shift: ShiftType) -> list[str]:
        """The employee's units that take part in a site shift."""
        pool = self.pools.get(shift.code)
        sharing = None if pool is None else {s.unit for s in pool[1].services}
        return [
            u
            for u in emp.units
            if u in self.unit_by_id
            and self.unit_by_id[u].site == shift.site
            and (sharing is None or u in sharing)
        ]

    def weekly_hours(self, emp: Employee) -> float:
        return emp.weekly_hours or self.unit_by_id[emp.units[0]].weekly_hours

    def home_unit(self, emp: Employee) -> str:
        return emp.units[0]

    def shift_unit(self, shift: ShiftType, emp: Employee | None = None) -> str:
        """The unit a shift counts for: its own unit, or for a site shift the employee's unit there."""
        if shift.unit is not None:
            return shift.unit
        units = [] if emp is None else self._site_units(emp, shift)
        return units[0] if units else shift.site or ""


def references(inst: Instance) -> list[tuple[str, Message]]:
    """Every broken cross-reference or out-of-law parameter, as (field path, problem)."""
    problems: list[tuple[str, Message]] = []

    def unique(items: list, key: str, path: str) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            value = getattr(item, key)
            if value in seen:
                problems.append((f"{path}[{i}].{key}", duplicate(key, value)))
            seen.add(value)
        return seen

    sites = unique(inst.sites, "id", "sites")
    units = unique(inst.units, "id", "units")
    comps = unique(inst.competencies, "id", "competencies")
    codes = unique(inst.shifts, "code", "shifts")
    unique(inst.employees, "id", "employees")

    def known(value: str, pool: set[str], path: str, what: str) -> None:
        if value not in pool:
            problems.append((path, unknown(what, value, pool)))

    try:
        ZoneInfo(inst.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            (
                "timezone",
                Text(
                    "unknown time zone {zone!r} (e.g. Europe/Oslo)",
                    "ukjent tidssone {zone!r} (f.eks. Europe/Oslo)",
                    zone=inst.timezone,
                ),
            )
        )
    if inst.holidays.country not in holiday_library.list_supported_countries():
        problems.append(
            (
                "holidays.country",
                Text(
                    "unknown country {country!r} (a code such as NO, SE or DK)",
                    "ukjent land {country!r} (en kode som NO, SE eller DK)",
                    country=inst.holidays.country,
                ),
            )
        )
    for i, u in enumerate(inst.units):
        if u.site is not None:
            known(u.site, sites, f"units[{i}].site", "site")
    for i, c in enumerate(inst.competencies):
        for j, other in enumerate(c.implies):
            known(other, comps, f"competencies[{i}].implies[{j}]", "competency")
    for i, s in enumerate(inst.shifts):
        if s.unit is not None:
            known(s.unit, units, f"shifts[{i}].unit", "unit")
        if s.site is not None:
            known(s.site, sites, f"shifts[{i}].site", "site")
    for i, site in enumerate(inst.sites):
        if site.night_pool is not None and not problems:
            problems += _pool_problems(inst, site, f"sites[{i}].night_pool")
    for i, e in enumerate(inst.employees):
        path = f"employees[{i}]"
        for j, u in enumerate(e.units):
            known(u, units, f"{path}.units[{j}]", "unit")
        for j, c in enumerate(e.competencies):
            known(c, comps, f"{path}.competencies[{j}]", "competency")
        if problems:
            continue  # the checks below need valid units
        absent = {
            a.start + dt.timedelta(days=k) for a in e.absences for k in range((a.end - a.start).days + 1)
        }
        for j, f in enumerate(e.fixed):
            if f.shift == OFF:
                continue
            known(f.shift, codes, f"{path}.fixed[{j}].shift", "shift")
            shift = inst.shift_by_code.get(f.shift)
            if shift is not None and not inst.may_work(e, shift):
                problems.append(
                    (
                        f"{path}.fixed[{j}].shift",
                        Text(
                            "{shift} is not a shift of {emp}'s units ({units})",
                            "{shift} er ikke en vakt i enhetene til {emp} ({units})",
                            shift=f.shift,
                            emp=e.id,
                            units=", ".join(e.units),
                        ),
                    )
                )
            if shift is not None and shift.kind == "night" and not e.nights:
                problems.append(
                    (
                        f"{path}.fixed[{j}].shift",
                        Text("{emp} may not work nights", "{emp} kan ikke jobbe natt", emp=e.id),
                    )
                )
            if f.date in absent:
                problems.append(
                    (
                        f"{path}.fixed[{j}].date",
                        Text(
                            "{emp} is absent on {date}", "{emp} er borte {date}", emp=e.id, date=str(f.date)
                        ),
                    )
                )
        for j, w in enumerate(e.wishes):
            for field in ("want", "avoid"):
                value = getattr(w, field)
                if value is not None and value != OFF:
                    known(value, codes, f"{path}.wishes[{j}].{field}", "shift")
        for code in e.limits.max_shifts:
            known(code, codes, f"{path}.limits.max_shifts.{code}", "shift")
    seen_days: dict[tuple[str, object], int] = {}
    for i, d in enumerate(inst.demand):
        known(d.shift, codes, f"demand[{i}].shift", "shift")
        for field, when in (("dates", d.dates), ("on", d.on)):  # a date or a day type, each once
            for key in when:
                if (d.shift, key) in seen_days:
                    problems.append(
                        (
                            f"demand[{i}].{field}",
                            Text(
                                "{shift} on {key} is already given in demand[{other}]",
                                "{shift} på {key} er alt gitt i demand[{other}]",
                                shift=d.shift,
                                key=str(key),
                                other=seen_days[d.shift, key],
                            ),
                        )
                    )
                seen_days[d.shift, key] = i
        for j, r in enumerate(d.requirements):
            for k, c in enumerate(r.of):
                known(c, comps, f"demand[{i}].requirements[{j}].of[{k}]", "competency")
    for rule in RULES:
        problems.extend(rule.problems(inst))
    if inst.law == "aml":
        for rule, param, low, high, source in legal_limits():
            value = getattr(getattr(inst.rules, rule), param)
            if (low is not None and value < low) or (high is not None and value > high):
                below = low is not None and value < low
                problems.append(
                    (
                        f"rules.{rule}.{param}",
                        Text(
                            "{value} is below the legal minimum {limit} ({source})"
                            if below
                            else "{value} is above the legal maximum {limit} ({source})",
                            "{value} er under lovens minimum {limit} ({source})"
                            if below
                            else "{value} er over lovens maksimum {limit} ({source})",
                            value=value,
                            limit=low if below else high,
                            source=source,
                        ),
                    )
                )
    if not problems:  # the visit checks rely on valid units, shifts and competencies
        problems += ambulant_problems(inst)
    return problems


def _pool_problems(inst: Instance, site: Site, path: str) -> list[tuple[str, Message]]:
    """A shared night cover must name a night shift of its own site and units located there."""
    pool, problems = site.night_pool, []
    shift = inst.shift_by_code.get(pool.shift)
    if shift is None:
        problems.append((f"{path}.shift", unknown("shift", pool.shift, inst.shift_by_code)))
    elif shift.site != site.id or shift.kind != "night":
        problems.append(
            (
                f"{path}.shift",
                Text(
                    "{shift} is not a night shift of site {site}",
                    "{shift} er ikke en nattevakt på {site}",
                    shift=pool.shift,
                    site=site.id,
                ),
            )
        )
    if sum(1 for s in inst.sites if s.night_pool and s.night_pool.shift == pool.shift) > 1:
        problems.append(
            (
                f"{path}.shift",
                Text(
                    "{shift} is shared by more than one site",
                    "{shift} deles av mer enn ett sted",
                    shift=pool.shift,
                ),
            )
        )
    members = []
    for j, service in enumerate(pool.services):
        unit = inst.unit_by_id.get(service.unit)
        if unit is None or unit.site != site.id:
            here = [u.id for u in inst.units if u.site == site.id]
            problems.append(
                (
                    f"{path}.services[{j}].unit",
                    Text(
                        "{unit!r} is not a unit at {site}: {here}",
                        "{unit!r} er ikke en enhet på {site}: {here}",
                        unit=service.unit,
                        site=site.id,
                        here=", ".join(here),
                    ),
                )
            )
        elif service.unit in members:
            problems.append((f"{path}.services[{j}].unit", duplicate("unit", service.unit)))
        members.append(service.unit)
    total = sum(s.share for s in pool.services)
    if abs(total - 100) > 0.01:
        problems.append(
            (
                f"{path}.services",
                Text(
                    "the shares add up to {total} %, not 100 %",
                    "andelene blir {total} % til sammen, ikke 100 %",
                    total=float(total),
                ),
            )
        )
    for j, extra in enumerate(pool.extra):
        if extra.unit not in members:
            problems.append(
                (
                    f"{path}.extra[{j}].unit",
                    Text(
                        "{unit!r} does not share these nights",
                        "{unit!r} deler ikke disse nettene",
                        unit=extra.unit,
                    ),
                )
            )
    return problems


# Norwegian for the pydantic errors a hand-written file meets; the values come from the error's ctx.
_PYDANTIC_NB = {
    "missing": "obligatorisk felt mangler",
    "extra_forbidden": "ukjent felt (sjekk stavemåten; `roster schema` viser feltene)",
    "int_parsing": "skal være et heltall",
    "int_type": "skal være et heltall",
    "int_from_float": "skal være et heltall",
    "float_parsing": "skal være et tall",
    "float_type": "skal være et tall",
    "bool_parsing": "skal være true eller false",
    "bool_type": "skal være true eller false",
    "string_type": "skal være tekst",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_inexact": "skal være en dato (ÅÅÅÅ-MM-DD) uten klokkeslett",
    "time_parsing": "skal være et klokkeslett (TT:MM)",
    "time_type": "skal være et klokkeslett (TT:MM)",
    "list_type": "skal være en liste",
    "dict_type": "skal være en tabell av felt: verdi",
    "model_type": "skal være en tabell av felt: verdi",
    "model_attributes_type": "skal være en tabell av felt: verdi",
    "greater_than_equal": "skal være minst {ge}",
    "greater_than": "skal være større enn {gt}",
    "less_than_equal": "skal være høyst {le}",
    "less_than": "skal være mindre enn {lt}",
    "literal_error": "skal være en av {expected}",
    "enum": "skal være en av {expected}",
    "string_pattern_mismatch": "skal passe mønsteret {pattern}",
    "too_short": "skal ha minst {min_length} element(er)",
    "too_long": "skal ha høyst {max_length} element(er)",
}


def _pydantic_problems(exc: ValidationError) -> list[tuple[str, Text]]:
    out = []
    for err in exc.errors():
        path = ""
        for part in err["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        out.append((path or "(top level)", _pydantic_text(err)))
    return out


def _pydantic_text(err: Any) -> Text:
    ctx = err.get("ctx") or {}
    if isinstance(ctx.get("error"), Invalid):
        return ctx["error"].text
    english = {
        "extra_forbidden": "unknown field (check the spelling; `roster schema` lists the fields)",
        "missing": "required field is missing",
    }.get(err["type"], err["msg"].removeprefix("Value error, "))
    norwegian = _PYDANTIC_NB.get(err["type"])
    if norwegian is None:
        return Text.literal(english)  # the message may quote the input, braces and all
    values = {k: v.replace(" or ", " eller ") if isinstance(v, str) else v for k, v in ctx.items()}
    return Text(escaped(english), norwegian, **values)


def parse_instance(data: Any, source: str) -> Instance:
    """Validate already-parsed data as an instance; errors name the source and the field."""
    if not isinstance(data, dict):
        raise InputError(
            source,
            Text(
                "an instance file must be a YAML mapping (name:, units:, shifts:, ...)",
                "en instansfil må være en YAML-tabell (name:, units:, shifts:, ...)",
            ),
        )
    try:
        inst = Instance.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, _pydantic_problems(exc)) from None
    problems = references(inst)
    if problems:
        raise InputError(source, problems)
    return inst


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance YAML file."""
    from roster.io.yaml_file import read_yaml

    return parse_instance(read_yaml(path), str(path))


def instance_schema() -> dict[str, Any]:
    """The JSON Schema of the instance format."""
    return Instance.model_json_schema(by_alias=True)
