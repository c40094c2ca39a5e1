"""Shared night cover: each service of a site's night pool covers its agreed share of the nights,
within the tolerance, and staffs its own extra nights.

A service's shared nights are its staff's nights on the site's night shift in the planning period,
less the extra night staff it needed for itself; its share of them is compared with the agreed
percentage of all services' shared nights. The site's requirement itself (headcount and
competencies, raised on extra nights) is the coverage rule's."""

from __future__ import annotations

from roster.rules.base import Params, Penalty, Rule, day_text

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


def shared_nights(p, roster, code: str) -> dict[str, int]:
    """Per service: its shared nights (its staff's nights less its own extra night staff)."""
    out = {s.unit: 0 for s in p.inst.pools[code][1].services}
    for day in p.plan_days:
        for unit, staff in staff_by_service(p, roster, code, day).items():
            out[unit] += len(staff)
        for unit, extra in p.extra_night_staff(day, code):
            out[unit] -= extra
    return out


def _scaled(pool) -> tuple[dict[str, int], int]:
    """Shares as integers summing to 100 x SCALE, and the tolerance on the same scale."""
    shares = {s.unit: round(s.share * SCALE) for s in pool.services}
    return shares, round(pool.tolerance_nights * 100 * SCALE)


class NightShares(Rule):
    name = "night_shares"
    title = "shared nights"
    Params = Params  # on or off; the shares and tolerance are the sites' agreement, in the instance

    def applies(self, inst):
        return super().applies(inst) and bool(inst.pools)

    def encode(self, m, v, p):
        inst, out = p.inst, []
        for code, (_, pool) in inst.pools.items():
            shift = inst.shift_by_code[code]
            counts = {s.unit: 0 for s in pool.services}
            for day in p.plan_days:
                lits: dict[str, list] = {u: [] for u in counts}
                for emp in inst.employees:
                    unit = inst.shift_unit(shift, emp)
                    if (emp.id, day, code) in v.x and unit in lits:
                        lits[unit].append(v.x[emp.id, day, code])
                for unit in counts:
                    counts[unit] += sum(lits[unit])
                for unit, extra in p.extra_night_staff(day, code):
                    counts[unit] -= extra
                    where = f"{code} on {day_text(p, day)}: {extra} extra night staff from {unit}"
                    if "coverage" in v.relax:  # explaining a shortfall: count what is missing
                        short = m.new_int_var(0, extra, f"short_extra[{code},{day},{unit}]")
                        m.add(sum(lits[unit]) + short >= extra)
                        out.append(Penalty("coverage", 1, short, where, "staff"))
                    else:
                        m.add(sum(lits[unit]) >= extra)
            shares, tolerance = _scaled(pool)
            total = sum(counts.values())
            for unit, count in counts.items():
                deviation = 100 * SCALE * count - shares[unit] * total
                m.add(deviation <= tolerance)
                m.add(deviation >= -tolerance)
        return out

    def check(self, p, roster):
        out = []
        for code, (site, pool) in p.inst.pools.items():
            for day in p.plan_days:
                staff = staff_by_service(p, roster, code, day)
                for unit, extra in p.extra_night_staff(day, code):
                    if len(staff[unit]) < extra:
                        out.append(
                            self.violation(
                                f"{code} on {day_text(p, day)} needs {extra} extra night staff from {unit} "
                                f"for its own needs, has {len(staff[unit])}",
                                days=(day,),
                                amount=extra - len(staff[unit]),
                                unit="staff",
                            )
                        )
            counts = shared_nights(p, roster, code)
            shares, tolerance = _scaled(pool)
            total = sum(counts.values())
            for service in pool.services:
                deviation = 100 * SCALE * counts[service.unit] - shares[service.unit] * total
                if abs(deviation) > tolerance:
                    agreed = service.share * total / 100
                    out.append(
                        self.violation(
                            f"{service.unit} covers {counts[service.unit]} of the {total} shared nights at "
                            f"{site.name}; its share of {service.share:g} % is {agreed:.1f} "
                            f"± {pool.tolerance_nights:g}",
                            amount=(abs(deviation) - tolerance) / (100 * SCALE),
                            unit="nights",
                        )
                    )
        return out


RULE = NightShares()
