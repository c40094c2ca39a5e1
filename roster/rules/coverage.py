"""Minimum staffing and competency requirements of every shift, and shifts only on days they run.

When coverage is relaxed (`roster solve` by default, see README "Open shifts"), a minimum the staff
cannot meet lawfully is met by open shifts instead: each open shift is one substitute, who counts
towards the headcount and towards the competency requirements it is marked for. Open shifts are
soft: each costs its paid hours times `open_weight`, plus per required competency that
competency's `open_shift_weight` (harder to find substitutes cost more), so the solver leaves
open as little as it can and, of that, what is easiest to fill.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from pydantic import Field

from roster.i18n import Day, Hours, Need, Term, Text, requirement_text
from roster.rules.base import Params, Penalty, Rule, Violation, day_text
from roster.rules.defaults import default


class CoverageParams(Params):
    open_weight: int = Field(
        default("coverage", "open_weight"), ge=0, le=100_000, description="cost per open shift-hour"
    )
    competency_weight: int = Field(
        default("coverage", "competency_weight"),
        ge=0,
        le=100_000,
        description="extra cost per open shift-hour for each competency it needs, unless the "
        "competency sets its own `open_shift_weight`",
    )


class Coverage(Rule):
    name = "coverage"
    title = "staffing"
    staff_scope = "demand"
    title_nb = "bemanning"
    Params = CoverageParams

    def allows(self, p, emp, day, shift):
        return p.demand(day, shift.code) is not None

    def open_costs(self, inst, code: str, needs) -> tuple[int, list[int]]:
        """(cost of one open `code` shift, extra cost for each competency group in `needs`)."""
        params, paid = self.params(inst), inst.shift_by_code[code].paid_minutes
        weights = {c.id: c.open_shift_weight for c in inst.competencies}

        def weight(of) -> int:
            return min(params.competency_weight if weights.get(c) is None else weights[c] for c in of)

        return round(paid * params.open_weight / 60), [round(paid * weight(of) / 60) for of in needs]

    def encode(self, m, v, p):
        inst, out = p.inst, []
        for day in p.plan_days:
            for demand in p.demands_on(day):
                staff = [
                    (emp, v.x[emp.id, day, demand.shift])
                    for emp in inst.employees
                    if (emp.id, day, demand.shift) in v.x
                ]
                heads = sum(x for _, x in staff)
                total, with_ = self._open(m, v, p, day, demand, out) if self.name in v.relax else (0, {})

                def requirement(text: Text, day=day, demand=demand):
                    return v.group(self, shift=demand.shift, day=day, requirement=text)

                if demand.min > 0:
                    with requirement(Text("at least {n} staff", "minst {n} ansatte", n=demand.min)):
                        m.add(heads + total >= demand.min)
                if demand.max is not None:
                    with requirement(Text("at most {n} staff", "høyst {n} ansatte", n=demand.max)):
                        m.add(heads <= demand.max)
                for req in demand.requirements:
                    holders = sum(x for emp, x in staff if inst.competencies_of(emp) & set(req.of))
                    wording = (
                        requirement_text(req.of, req.at_least, req.at_most, lang) for lang in ("en", "nb")
                    )
                    with requirement(Text.literal(*wording)):
                        if req.at_least:
                            m.add(holders + with_.get(tuple(req.of), 0) >= req.at_least)
                        if req.at_most is not None:
                            m.add(holders <= req.at_most)
        return out

    def _open(self, m, v, p, day, demand, out) -> tuple:
        """Open shifts for a relaxed (day, shift): (count, {competencies: count that needs one})."""
        needs = sorted({tuple(r.of) for r in demand.requirements if r.at_least})
        top = max([demand.min] + [r.at_least or 0 for r in demand.requirements])
        if top == 0:
            return 0, {}
        name = f"{demand.shift},{day}"
        total = m.new_int_var(0, top, f"open[{name}]")
        with_ = {of: m.new_int_var(0, top, f"open[{name},{'/'.join(of)}]") for of in needs}
        v.open[day, demand.shift] = (total, list(with_.items()))
        cost, extra = self.open_costs(p.inst, demand.shift, needs)
        where = f"{demand.shift} on {day_text(p, day)}"
        out.append(Penalty(self.name, cost, total, f"{where}: open", "staff"))
        for (of, n), weight in zip(with_.items(), extra, strict=True):
            m.add(n <= total)  # a substitute with the competency is one of the open shifts
            out.append(Penalty(self.name, weight, n, f"{where}: open, with {'/'.join(of)}", "staff"))
        return total, with_

    def check(self, p, roster):
        inst, out = p.inst, []
        for emp_id, s in roster.plan():
            if s.code is not None and p.demand(s.day, s.code) is None:
                out.append(
                    self.violation(
                        Text(
                            "{emp} works {code} on {day}, but {code} is not run on {types}",
                            "{emp} jobber {code} {day}, men {code} går ikke på {types}",
                            emp=emp_id,
                            code=s.code,
                            day=Day(p, s.day),
                            types=Term(f"{p.day_type(s.day)}s"),
                        ),
                        employee=emp_id,
                        days=(s.day,),
                        amount=1,
                        unit="shifts",
                    )
                )
        opened = Counter((o.shift.day, o.shift.code) for o in roster.open)
        opened_with = Counter((o.shift.day, o.shift.code, of) for o in roster.open for of in o.needs)
        for day in p.plan_days:
            for demand in p.demands_on(day):
                staff = [
                    inst.employee_by_id[e]
                    for e in roster.staff_on(day, demand.shift)
                    if e in inst.employee_by_id
                ]
                filled = opened[day, demand.shift]
                on = {"code": demand.shift, "day": Day(p, day), "n": len(staff), "open": filled}
                if len(staff) + filled < demand.min:
                    out.append(
                        self._short(
                            Text(
                                "{code} on {day} has {n} staff"
                                + (" and {open} open" if filled else "")
                                + ", needs at least {min}",
                                "{code} {day} har {n} på vakt"
                                + (" og {open} ledig" if filled else "")
                                + ", trenger minst {min}",
                                min=demand.min,
                                **on,
                            ),
                            day,
                            demand.min - len(staff) - filled,
                        )
                    )
                if demand.max is not None and len(staff) > demand.max:
                    out.append(
                        self._short(
                            Text(
                                "{code} on {day} has {n} staff, at most {max} allowed",
                                "{code} {day} har {n} på vakt, høyst {max} er tillatt",
                                max=demand.max,
                                **on,
                            ),
                            day,
                            len(staff) - demand.max,
                        )
                    )
                for req in demand.requirements:
                    n = sum(1 for emp in staff if inst.competencies_of(emp) & set(req.of))
                    filled = opened_with[day, demand.shift, tuple(req.of)]
                    on.update(n=n, open=filled)
                    if req.at_least and n + filled < req.at_least:
                        out.append(
                            self._short(
                                Text(
                                    "{code} on {day} needs {need}, has {n}"
                                    + (" and {open} open" if filled else ""),
                                    "{code} {day} trenger {need}, har {n}"
                                    + (" og {open} ledig" if filled else ""),
                                    need=Need(req),
                                    **on,
                                ),
                                day,
                                req.at_least - n - filled,
                            )
                        )
                    if req.at_most is not None and n > req.at_most:
                        out.append(
                            self._short(
                                Text(
                                    "{code} on {day} allows {need}, has {n}",
                                    "{code} {day} tillater {need}, har {n}",
                                    need=Need(req),
                                    **on,
                                ),
                                day,
                                n - req.at_most,
                            )
                        )
        return out + self._open_costs(p, roster)

    def _short(self, message: Text, day: int, amount: int) -> Violation:
        return self.violation(message, days=(day,), amount=amount, unit="staff")

    def _open_costs(self, p, roster) -> list[Violation]:
        """Open shifts are allowed but cost: one soft line per open shift."""
        out = []
        for o in roster.open:
            cost, extra = self.open_costs(p.inst, o.shift.code, o.needs)
            who = " and ".join("/".join(of) for of in o.needs)
            message = Text(
                "{code} on {day} is open ({hours}): a substitute"
                + (" with {who}" if who else "")
                + " is needed",
                "{code} {day} er ledig ({hours}): trenger vikar" + (" med {who}" if who else ""),
                code=o.shift.code,
                day=Day(p, o.shift.day),
                hours=Hours(o.shift.paid),
                who=who,
            )
            found = self.violation(message, days=(o.shift.day,), amount=o.shift.paid / 60, unit="h open")
            out.append(replace(found, hard=False, cost=cost + sum(extra)))
        return out


RULE = Coverage()
