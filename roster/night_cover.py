"""The shared night cover of a finished roster: who covers each night from which service, each
service's nights, hours and cost against its agreed share, and the split of the shared night cost
by the cost-sharing models (equal base plus usage; usage alone). Plain Python, no OR-Tools.

The shared cost is what the services' staff cost for the site's shared nights (paid hours x the
service's hourly cost). Extra night staff a service needs for itself are not shared: that service
pays them in full, on top of its part of the shared cost under either model."""

from __future__ import annotations

from dataclasses import dataclass

from roster.calendar import Period
from roster.rules.night_shares import open_on, shared_nights, staff_by_service
from roster.schedule import Roster


@dataclass(frozen=True)
class Night:
    """One night of the site: who covers it for which service, and any service's extra needs."""

    day: int
    staff: tuple[tuple[str, str], ...]  # (employee, service)
    extra: tuple[tuple[str, int], ...]  # (service, extra night staff it needs for itself)
    open: int = 0  # night shifts left open for substitutes


@dataclass(frozen=True)
class ServiceNights:
    """One service's part of the shared nights and of their cost (money in NOK)."""

    unit: str
    name: str
    share: float  # agreed, percent
    agreed: float  # the share of the shared nights actually covered
    nights: int  # shared nights its staff covered
    hours: float  # paid hours of those nights
    cost: float  # what its staff cost for them
    extra_nights: int
    extra_cost: float
    usage: float
    equal_base_plus_usage: float  # what it pays under that model, its own extra nights included
    usage_alone: float

    def owes(self, pays: float) -> float:
        """What the service owes the others (negative: gets back) when it `pays` under a model,
        given that it already pays its own staff's nights."""
        return pays - self.cost - self.extra_cost


@dataclass(frozen=True)
class NightCover:
    site: str
    name: str
    shift: str
    tolerance: float
    usage_measure: str
    equal_base: float
    nights: list[Night]
    services: list[ServiceNights]

    @property
    def shared_cost(self) -> float:
        return sum(s.cost for s in self.services)


def night_cover(p: Period, roster: Roster) -> list[NightCover]:
    """The shared night cover of every site that has one, for the planning days of `roster`."""
    return [_cover(p, roster, code, site, pool) for code, (site, pool) in p.inst.pools.items()]


def _cover(p: Period, roster: Roster, code: str, site, pool) -> NightCover:
    paid = p.inst.shift_by_code[code].paid_minutes / 60
    nights = []
    for day in p.plan_days:
        if p.demand(day, code) is None and not roster.staff_on(day, code) and not open_on(roster, code, day):
            continue  # the night shift is not run that day
        staff = staff_by_service(p, roster, code, day)
        nights.append(
            Night(
                day,
                tuple((e, unit) for unit, emps in staff.items() for e in emps),
                tuple(p.extra_night_staff(day, code)),
                open_on(roster, code, day),
            )
        )
    counts = shared_nights(p, roster, code)
    total = sum(counts.values())
    extras = {s.unit: 0 for s in pool.services}
    for night in nights:
        for unit, staff in night.extra:
            extras[unit] += staff
    usage = {s.unit: s.share if s.usage is None else s.usage for s in pool.services}
    if not sum(usage.values()):
        usage = {s.unit: s.share for s in pool.services}
    shared = sum(counts[s.unit] * paid * s.hourly_cost for s in pool.services)
    lines = []
    for s in pool.services:
        by_usage = shared * usage[s.unit] / sum(usage.values())
        base = shared / len(pool.services)
        extra_cost = extras[s.unit] * paid * s.hourly_cost
        lines.append(
            ServiceNights(
                unit=s.unit,
                name=p.inst.unit_by_id[s.unit].name,
                share=s.share,
                agreed=s.share * total / 100,
                nights=counts[s.unit],
                hours=counts[s.unit] * paid,
                cost=counts[s.unit] * paid * s.hourly_cost,
                extra_nights=extras[s.unit],
                extra_cost=extra_cost,
                usage=usage[s.unit],
                equal_base_plus_usage=pool.equal_base * base + (1 - pool.equal_base) * by_usage + extra_cost,
                usage_alone=by_usage + extra_cost,
            )
        )
    return NightCover(
        site.id, site.name, code, pool.tolerance_nights, pool.usage_measure, pool.equal_base, nights, lines
    )
