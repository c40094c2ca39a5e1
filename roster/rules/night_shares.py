"""Shared night cover: each service of a site's night pool covers its agreed share of the nights,
within the tolerance, and staffs its own extra nights.

A service's shared nights are its staff's nights on the site's night shift in the planning period
beyond the extra night staff it needs for itself (which its own staff or, when short-staffed,
substitutes on open shifts fill); its share of them is compared with the agreed
percentage of all services' shared nights. The site's requirement itself (headcount and
competencies, raised on extra nights) is the coverage rule's."""

from __future__ import annotations

from roster.i18n import Day, Text
from roster.rules.base import Params, Rule

SCALE = 100  # shares are percentages with up to two decimals: 100 x percent is an integer


def staff_by_service(p, roster, code: str, day: int) -> dict[str, list[str]]:
    """The employees on shared night `code` on `day`, by the service they cover it for."""
    inst = p.inst
    out: dict[str, list[str]] = {s.unit: [] for s in inst.pools[code][1].services}
    for emp_id in roster.staff_on(day, code):
        emp = inst.employee_by_id.get(emp_id)
        unit = None if emp is None else inst.shift_unit(inst.shift_by_code[code], emp)
        if unit in out:
            out[unit].append(emp_id)
    return out


def open_on(roster, code: str, day: int) -> int:
    """How many `code` shifts on `day` are left open for substitutes."""
    return sum(1 for o in roster.open if (o.shift.day, o.shift.code) == (day, code))


def shared_nights(p, roster, code: str) -> dict[str, int]:
    """Per service: its shared nights (its staff's nights beyond its own extra night staff)."""
    out = {s.unit: 0 for s in p.inst.pools[code][1].services}
    for day in p.plan_days:
        staff = staff_by_service(p, roster, code, day)
        extra = dict(p.extra_night_staff(day, code))
        for unit in out:
            out[unit] += max(0, len(staff[unit]) - extra.get(unit, 0))
    return out


def _scaled(pool) -> tuple[dict[str, int], int]:
    """Shares as integers summing to 100 x SCALE, and the tolerance on the same scale."""
    shares = {s.unit: round(s.share * SCALE) for s in pool.services}
    return shares, round(pool.tolerance_nights * 100 * SCALE)


class NightShares(Rule):
    name = "night_shares"
    title = "shared nights"
    title_nb = "felles netter"
    Params = Params  # on or off; the shares and tolerance are the sites' agreement, in the instance

    def applies(self, inst):
        return super().applies(inst) and bool(inst.pools)

    def encode(self, m, v, p):
        inst = p.inst
        for code, (_, pool) in inst.pools.items():
            shift = inst.shift_by_code[code]
            counts: dict[str, list] = {s.unit: [] for s in pool.services}
            for day in p.plan_days:
                lits: dict[str, list] = {u: [] for u in counts}
                for emp in inst.employees:
                    unit = inst.shift_unit(shift, emp)
                    if (emp.id, day, code) in v.x and unit in lits:
                        lits[unit].append(v.x[emp.id, day, code])
                extra = dict(p.extra_night_staff(day, code))
                substitutes = []
                for unit, own in lits.items():
                    if unit not in extra:
                        counts[unit].append(sum(own))
                        continue
                    # Its own staff first; open shifts (substitutes) may fill the rest of its need.
                    substitute = m.new_int_var(0, extra[unit], f"substitute[{code},{day},{unit}]")
                    m.add(sum(own) + substitute >= extra[unit])
                    substitutes.append(substitute)
                    beyond = m.new_int_var(0, len(own), f"shared[{code},{day},{unit}]")
                    m.add_max_equality(beyond, [sum(own) - extra[unit], 0])
                    counts[unit].append(beyond)
                if substitutes:
                    m.add(sum(substitutes) <= (v.open[day, code][0] if (day, code) in v.open else 0))
            shares, tolerance = _scaled(pool)
            total = sum(sum(c) for c in counts.values())
            for unit, count in counts.items():
                deviation = 100 * SCALE * sum(count) - shares[unit] * total
                m.add(deviation <= tolerance)
                m.add(deviation >= -tolerance)
        return []

    def check(self, p, roster):
        out = []
        for code, (site, pool) in p.inst.pools.items():
            for day in p.plan_days:
                out += self._extra_short(p, roster, code, day)
            counts = shared_nights(p, roster, code)
            shares, tolerance = _scaled(pool)
            total = sum(counts.values())
            for service in pool.services:
                deviation = 100 * SCALE * counts[service.unit] - shares[service.unit] * total
                if abs(deviation) > tolerance:
                    out.append(
                        self.violation(
                            Text(
                                "{unit} covers {n} of the {total} shared nights at {site}; its share of "
                                "{share} % is {agreed:.1f} ± {tolerance}",
                                "{unit} dekker {n} av de {total} felles nettene på {site}; andelen på "
                                "{share} % er {agreed:.1f} ± {tolerance}",
                                unit=service.unit,
                                n=counts[service.unit],
                                total=total,
                                site=site.name,
                                share=float(service.share),
                                agreed=service.share * total / 100,
                                tolerance=float(pool.tolerance_nights),
                            ),
                            amount=(abs(deviation) - tolerance) / (100 * SCALE),
                            unit="nights",
                        )
                    )
        return out

    def _extra_short(self, p, roster, code: str, day: int) -> list:
        """A service's extra night staff on `day`: its own staff, or substitutes on open shifts."""
        staff = staff_by_service(p, roster, code, day)
        short = {unit: extra - len(staff[unit]) for unit, extra in p.extra_night_staff(day, code)}
        short = {unit: n for unit, n in short.items() if n > 0}
        missing = sum(short.values()) - open_on(roster, code, day)
        if missing <= 0:
            return []
        text = Text(
            "{code} on {day} lacks {n} of the extra night staff that {units} need for their own "
            "needs (from their own staff or open shifts)",
            "{code} {day} mangler {n} av ekstra nattevaktene som {units} trenger for egne behov "
            "(egne ansatte eller ledige vakter)",
            code=code,
            day=Day(p, day),
            units=", ".join(short),
            n=missing,
        )
        return [self.violation(text, days=(day,), amount=missing, unit="staff")]


RULE = NightShares()
