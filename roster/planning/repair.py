"""Replanning after a change (sick leave, changed demand): the days before it stay as they are, and
the rest is solved again with as few changed assignments as possible, near days weighing most.

An assignment is what one person does on one day (a shift, or off). The objective is the period's
own (soft rules and open shifts) plus, for every changed assignment on or after the first day of
the change, `change_weight` and `near_weight` for each day it comes before `near_days` have passed
(defaults.yaml, `repair`). The new roster is re-checked by the checker like any other.

With ambulant visits the solve has two stages (roster/solver/staged.py), and the visit plan is kept the
same way: the visits before the change as they were, and after it each visit given to someone new
or moved costs a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roster import open_shifts
from roster.calendar import Period
from roster.errors import Infeasible, Message
from roster.i18n import DATE_WIDTH, Day, Listing, Text, choose, date_text
from roster.io.roster_csv import local_time
from roster.rules.base import Penalty
from roster.rules.defaults import default
from roster.schedule import Roster
from roster.solver.groups import Group
from roster.solver.model import Model, applicable, build
from roster.solver.solve import Result, SolveParams, solve_in_stages, solve_model
from roster.solver.staged import uses_stages
from roster.summary import as_dict as solve_dict
from roster.summary import status_line, word
from roster.visits import VisitPlan, clock

# Contracted hours give way to the change: the absent person's hours fall, and a colleague who takes
# an extra shift works it as extra hours. The miss beyond the tolerance costs per minute (the
# contract rule's relaxed face), is listed as hours to carry, and is otherwise no violation.
MISSABLE = frozenset({"contract_hours"})


@dataclass(frozen=True, order=True)
class Change:
    """One changed assignment: what the person did on the day before, and does now (None: off)."""

    employee: str
    day: int
    before: str | None
    after: str | None
    reason: str = ""  # why the change could not be avoided: "absent", "left"


@dataclass(frozen=True, order=True)
class VisitChange:
    """One staff member's visit that changed: its start in the old plan and now (None: not theirs)."""

    employee: str
    day: int
    visit: str
    before: int | None
    after: int | None


@dataclass
class Repair:
    result: Result  # the new roster and its figures
    changes: list[Change]
    first_day: int  # the first day that could change
    visit_changes: list[VisitChange] = field(default_factory=list)  # with an old visit plan


def change_weight(days_after_start: int) -> int:
    """What changing one assignment costs, `days_after_start` days after the change begins."""
    near = max(0, default("repair", "near_days") - days_after_start)
    return default("repair", "change_weight") + default("repair", "near_weight") * near


def repair(
    p: Period, old: Roster, first_day: int, params: SolveParams, history: Roster | None = None
) -> Repair:
    """Replan `old` (a roster of the same days, with its visit plan if it has one) for the changed
    instance of `p` from `first_day`."""
    replan = _Replan(old, first_day)

    def why() -> Message:
        from roster.solver.explain import explain

        def keep_past(explained: Model) -> None:
            kept = Group(
                "repair",
                requirement=Text(
                    "the roster as it stands before {day}",
                    "turnusen slik den er før {day}",
                    day=Day(p, first_day),
                ),
            )
            with explained.v.groups.of(kept):
                _keep(explained, old, first_day)

        return explain(p, history, params, params.relax, keep_past)

    if uses_stages(p):  # ambulant visits: the roster, then its visit plan, each kept where it can be
        result = solve_in_stages(p, params, history, replan=replan, why=why)
    else:
        model = build(p, history, relax=params.relax | MISSABLE)
        model.cp.minimize(sum(pen.weight * pen.term for pen in model.penalties) + replan.bind_roster(model))
        result = solve_model(p, model, params, history, why=why, missable=MISSABLE)
    new = result.roster
    return Repair(
        result,
        [] if new is None else changes(p, old, new, first_day),
        first_day,
        [] if new is None or old.visits is None else visit_changes(p, old.visits, new, first_day),
    )


class _Replan:
    """What replanning keeps in both stages of a solve (roster/solver/staged.py): the old roster and visit
    plan before `first_day`, and from it on a cost for each change, the nearest days weighing most."""

    relax = MISSABLE

    def __init__(self, old: Roster, first_day: int):
        self.old, self.first_day = old, first_day

    def bind_roster(self, model: Model):
        kept = _keep(model, self.old, self.first_day)
        if kept is not None:
            raise Infeasible(
                Text(
                    "the days before {day} cannot stay as they are: {kept}",
                    "dagene før {day} kan ikke bli som de er: {kept}",
                    day=Day(model.v.p, self.first_day),
                    kept=kept,
                )
            )
        model.v.hint(self.old)
        return sum(
            change_weight(day - self.first_day) * term
            for day, _, term in _differences(model, self.old, self.first_day)
        )

    def bind_visits(self, m, visits) -> list[Penalty]:
        plan = self.old.visits
        if plan is None:  # no old plan given: the visits are planned afresh
            return []
        # A plan the model cannot express before the change (a visit no longer in the instance)
        # is left to be planned afresh; every visit it moves is listed as a change.
        visits.fix(plan, before=self.first_day)
        visits.hint(plan)
        return [
            Penalty("repair", change_weight(day - self.first_day), term)
            for day, term in visits.changes(plan, self.first_day)
        ]


def _keep(model: Model, old: Roster, first_day: int) -> Text | None:
    """Fix every assignment before `first_day` to the old roster's; or say why one cannot be kept."""
    p, v = model.v.p, model.v
    for emp in p.inst.employees:
        for day in range(min(first_day, p.n_days)):
            before = {s.code for s in old.on(emp.id, day)}
            for shift, lit in v.options(emp.id, day):
                model.cp.add(lit == int(shift.code in before))
            missing = before - {s.code for s, _ in v.options(emp.id, day)}
            if missing:
                code = sorted(c for c in missing if c is not None)[0]
                shift = p.inst.shift_by_code[code]
                blocking = [rule for rule in applicable(p) if not rule.allows(p, emp, day, shift)]
                return Text(
                    "{emp}'s {code} on {day} now breaks: {rules}",
                    "{code} for {emp} {day} bryter nå: {rules}",
                    emp=emp.id,
                    code=code,
                    day=Day(p, day),
                    rules=Listing(Text.literal(r.title, r.title_nb) for r in blocking),
                )
    return None


def _differences(model: Model, old: Roster, first_day: int):
    """(day, employee, 0/1 expression: the assignment differs from the old roster) from first_day."""
    p, v = model.v.p, model.v
    for emp in p.inst.employees:
        for day in range(max(0, first_day), p.n_days):
            options = {s.code: lit for s, lit in v.options(emp.id, day)}
            before = [s.code for s in old.on(emp.id, day)]
            if not before:
                term = sum(options.values())
            elif before[0] in options:
                term = 1 - options[before[0]]
            else:
                continue  # no longer possible (absent): a change the replanning cannot avoid
            yield day, emp.id, term


def changes(p: Period, old: Roster, new: Roster, first_day: int) -> list[Change]:
    """Every assignment from `first_day` on that differs between the rosters, by person and day."""
    out = []
    people = [e.id for e in p.inst.employees] + sorted(set(old.shifts) - set(p.inst.employee_by_id))
    for emp_id in people:
        for day in range(max(0, first_day), p.n_days):
            before = next((s.code for s in old.on(emp_id, day)), None)
            after = next((s.code for s in new.on(emp_id, day)), None)
            if before != after:
                reason = (
                    "left"
                    if emp_id not in p.inst.employee_by_id
                    else "absent"
                    if p.absence(emp_id, day) is not None
                    else ""
                )
                out.append(Change(emp_id, day, before, after, reason))
    return out


def visit_changes(p: Period, old: VisitPlan, new: Roster, first_day: int) -> list[VisitChange]:
    """Every staff member's visit from `first_day` on that was not theirs, is theirs no more (on a
    day they still work: else the change of shift says it), or moved, by person and day."""

    def starts(plan: VisitPlan | None) -> dict[tuple[str, int, str], int]:
        assignments = [] if plan is None else plan.assignments
        return {(a.employee, a.day, a.visit): a.start for a in assignments if a.day >= first_day}

    before, after = starts(old), starts(new.visits)
    out = []
    for emp_id, day, visit in before.keys() | after.keys():
        was, now = before.get((emp_id, day, visit)), after.get((emp_id, day, visit))
        if was != now and (now is not None or new.on(emp_id, day)):
            out.append(VisitChange(emp_id, day, visit, was, now))
    return sorted(out)


# ---- for the leader ---------------------------------------------------------------------------------


# What the leader reads: key -> (English, Norwegian).
WORDS: dict[str, tuple[str, str]] = {
    "replanned": (
        "{name}: replanned from {day}; the days before are kept",
        "{name}: ny plan fra {day}; dagene før beholdes",
    ),
    "calls": (
        "{n} change(s){visits} for {people} people to call",
        "{n} endring(er){visits} for {people} personer å ringe",
    ),
    "forced": (", and {n} shift(s) of absent staff", ", og {n} vakt(er) for fraværende"),
    "gone": ("(no longer employed)", "(ikke lenger ansatt)"),
    "carry": (
        "Hours beyond the contract's tolerance (to carry to the next period):",
        "Timer utenfor avtalens toleranse (føres over til neste periode):",
    ),
    "visits": (" and {n} visit change(s)", " og {n} endring(er) i besøk"),
    "visit new": ("visit {visit} at {at} (new)", "besøk {visit} kl. {at} (nytt)"),
    "visit gone": ("visit {visit} at {at} (no longer)", "besøk {visit} kl. {at} (ikke lenger)"),
    "visit moved": ("visit {visit} at {at} -> {now}", "besøk {visit} kl. {at} -> {now}"),
    "off": ("off", "fri"),
    "absent": ("absent", "fravær"),
    "left": ("left", "sluttet"),
}


def _word(key: str, lang: str) -> str:
    return choose(WORDS[key], lang)


def _change_text(p: Period, c: Change, lang: str = "en") -> str:
    note = f"  ({_word(c.reason, lang) if c.reason in WORDS else c.reason})" if c.reason else ""
    off = _word("off", lang)
    day = date_text(p.date(c.day), lang)
    return f"{day:{DATE_WIDTH[lang]}} {c.before or off:>4} -> {c.after or off}{note}"


def _visit_change_text(p: Period, c: VisitChange, lang: str = "en") -> str:
    day = date_text(p.date(c.day), lang)
    if c.before is None:
        what = _word("visit new", lang).format(visit=c.visit, at=clock(p, c.after))
    elif c.after is None:
        what = _word("visit gone", lang).format(visit=c.visit, at=clock(p, c.before))
    else:
        what = _word("visit moved", lang).format(visit=c.visit, at=clock(p, c.before), now=clock(p, c.after))
    return f"{day:{DATE_WIDTH[lang]}} {what}"


def people_to_call(done: Repair) -> list[str]:
    """Whose plan changed by the replanning, not by their own absence."""
    return sorted(
        {c.employee for c in done.changes if not c.reason} | {c.employee for c in done.visit_changes}
    )


def contract_misses(done: Repair) -> list:
    """The contracted hours the replanning gave way on: to carry to the next period."""
    report = done.result.report
    return [] if report is None else [v for v in report.hard if v.rule in MISSABLE]


def as_text(p: Period, done: Repair, files: dict[str, Path], lang: str = "en") -> str:
    """The changes per person (whom to call), the open shifts, the files written."""
    result, inst = done.result, p.inst
    calls = [c for c in done.changes if not c.reason]
    forced = len(done.changes) - len(calls)
    first = date_text(p.date(done.first_day), lang)
    lines = [
        _word("replanned", lang).format(name=inst.name, day=first),
        status_line(result, lang),
        "",
        _word("calls", lang).format(
            n=len(calls),
            visits=_word("visits", lang).format(n=len(done.visit_changes)) if done.visit_changes else "",
            people=len(people_to_call(done)),
        )
        + (_word("forced", lang).format(n=forced) if forced else ""),
    ]
    order = [e.id for e in inst.employees] + sorted(
        {c.employee for c in done.changes} - set(inst.employee_by_id)
    )
    for emp_id in order:
        mine = [c for c in done.changes if c.employee == emp_id]
        visits = [c for c in done.visit_changes if c.employee == emp_id]
        if mine or visits:
            emp = inst.employee_by_id.get(emp_id)
            lines.append(f"  {emp_id} {emp.name if emp else _word('gone', lang)}")
            # By day, a day's shift before its visits: the person reads their new weeks in order.
            dated = [(c.day, 0, _change_text(p, c, lang)) for c in mine]
            dated += [(c.day, 1, _visit_change_text(p, c, lang)) for c in visits]
            lines += [f"    {text}" for _, _, text in sorted(dated, key=lambda item: item[:2])]
    misses = contract_misses(done)
    if misses:
        lines += ["", _word("carry", lang)]
        lines += [f"  {v.text(lang).split(': ', 1)[-1]}" for v in misses]
    open_now = Roster(p, open=[o for o in result.roster.open if o.shift.day >= done.first_day])
    if open_now.open:
        lines += ["", *open_shifts.as_lines(p, open_now, lang=lang)]
    lines += ["", f"{word('written', lang)}: " + ", ".join(str(path) for path in files.values())]
    return "\n".join(lines)


def as_dict(p: Period, done: Repair, files: dict[str, Path]) -> dict[str, Any]:
    """The machine-readable result of a replanning."""
    out = solve_dict(done.result, p, files)
    misses = contract_misses(done)
    out["hard_violations"] -= len(misses)
    out["hours_to_carry"] = [
        {"employee": v.employee, "hours": round(v.amount, 2), "message": v.message} for v in misses
    ]
    out["first_day"] = p.date(done.first_day).isoformat()
    out["changes"] = [
        {
            "employee": c.employee,
            "date": p.date(c.day).isoformat(),
            "before": c.before,
            "after": c.after,
            "reason": c.reason,
        }
        for c in done.changes
    ]
    out["visit_changes"] = [
        {
            "employee": c.employee,
            "date": p.date(c.day).isoformat(),
            "visit": c.visit,
            "before": None if c.before is None else local_time(p, c.before),
            "after": None if c.after is None else local_time(p, c.after),
        }
        for c in done.visit_changes
    ]
    out["people_to_call"] = people_to_call(done)
    return out
