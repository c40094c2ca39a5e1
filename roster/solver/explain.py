"""Why no roster exists: a small set of requirements that contradict each other, in domain words.

The hard rules are built with every requirement as a switchable group (roster/solver/groups.py): a
shift's minimum on one day, one person's weekend frequency, rest, contracted hours, absences or
fixed days. A short solve with every group assumed on may name a set of groups that suffices for
the contradiction (`sufficient_assumptions_for_infeasibility`); QuickXplain then shrinks it with
short solves in which the groups' literals are fixed on or off. The result is minimal (dropping
any one requirement makes a roster possible) unless a short solve runs out of time; a solve that
runs out only ever keeps a group in, so the set always contradicts itself.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.errors import Message
from roster.i18n import Day, Hours, Lines, Listing, Term, Text
from roster.rules import RULE_BY_NAME, RULES
from roster.schedule import Roster
from roster.solver.cpsat import full
from roster.solver.groups import Group
from roster.solver.model import Model, build
from roster.solver.params import SolveParams

STEP_S = 5.0  # the longest a single short solve may take (seconds)


@dataclass(frozen=True)
class Conflict:
    """Requirements that cannot all hold; `minimal` when dropping any one gives a roster."""

    groups: tuple[Group, ...]
    minimal: bool


Extension = Callable[[Model], None]  # adds requirements of its own, in groups (replanning)


def find_conflict(
    p: Period,
    history: Roster | None,
    params: SolveParams,
    relax: frozenset[str] = frozenset(),
    extra: Extension | None = None,
) -> Conflict | None:
    """A small set of the hard rules' requirements that contradict each other, or None when the
    time ran out before any was found. An empty set means the previous roster and the roster's
    structure alone leave no way out."""
    model = build(p, history, rules=[rule for rule in RULES if rule.hard], relax=relax, explain=True)
    if extra is not None:
        extra(model)
        model.v.groups.seal()
    model.cp.clear_objective()
    search = _Search(model, params, deadline=time.monotonic() + max(10.0, params.time_limit))
    everything = sorted(model.v.groups.literals, key=_order)
    if not search.infeasible(everything):
        return None
    if search.infeasible([]):
        return Conflict((), True)
    return Conflict(
        tuple(sorted(search.quickxplain([], search.start(everything), False), key=_order)), search.complete
    )


class _Search:
    """Short solves of the hard rules with some groups on and the others off."""

    def __init__(self, model: Model, params: SolveParams, deadline: float):
        self.model = model
        self.params = params
        self.deadline = deadline
        self.literals = model.v.groups.literals
        self.by_index = {lit.index: group for group, lit in self.literals.items()}
        self.complete = True  # every test was decided in time

    def _solve(self, limit: float) -> tuple[cp_model.CpSolver, int]:
        solver = full(
            SolveParams(max(0.2, min(limit, self.deadline - time.monotonic())), self.params.workers)
        )
        solver.parameters.interleave_search = False  # interleaving gives no sufficient set of assumptions
        return solver, solver.solve(self.model.cp)

    def _fix(self, on: set[Group] | None) -> None:
        """Fix every group's literal (on or off), or free them all (None)."""
        variables = self.model.cp.proto.variables
        for group, lit in self.literals.items():
            domain = variables[lit.index].domain
            domain[0], domain[1] = (0, 1) if on is None else (int(group in on),) * 2

    def infeasible(self, groups: list[Group]) -> bool:
        """Whether no roster keeps these groups (the others off). With the literals fixed, presolve
        turns the constraints into plain ones (or drops them), which CP-SAT decides far faster
        than the same question asked with assumptions. Undecided in time counts as a roster."""
        self._fix(set(groups))
        _, status = self._solve(STEP_S)
        if status not in (cp_model.INFEASIBLE, cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.complete = False
        return status == cp_model.INFEASIBLE

    def start(self, groups: list[Group]) -> list[Group]:
        """A subset that suffices, if CP-SAT names one within a short solve with assumptions."""
        self._fix(None)
        cp = self.model.cp
        cp.clear_assumptions()
        cp.add_assumptions([self.literals[g] for g in groups])
        solver, status = self._solve(STEP_S)
        cp.clear_assumptions()
        if status != cp_model.INFEASIBLE:
            return groups
        named = {self.by_index[i] for i in solver.sufficient_assumptions_for_infeasibility()}
        return [g for g in groups if g in named] or groups

    def quickxplain(self, kept: list[Group], candidates: list[Group], added: bool) -> list[Group]:
        """A minimal subset of `candidates` that, with `kept`, leaves no roster (QuickXplain,
        Junker 2004: about k log(n/k) short solves for k of n groups). `added`: `kept` grew since
        it was last known to have a roster."""
        if added and self.infeasible(kept):
            return []
        if len(candidates) == 1 or time.monotonic() > self.deadline:
            self.complete = self.complete and len(candidates) == 1
            return list(candidates)
        first, second = candidates[: len(candidates) // 2], candidates[len(candidates) // 2 :]
        needed_second = self.quickxplain(kept + first, second, bool(first))
        needed_first = self.quickxplain(kept + needed_second, first, bool(needed_second))
        return needed_first + needed_second


_RANK = {rule.name: i for i, rule in enumerate(RULES)}


def _order(group: Group) -> tuple:
    """The registry's order of rules (the search keeps earlier groups where it has a choice)."""
    rank = _RANK.get(group.rule, len(_RANK))
    requirement = "" if group.requirement is None else str(group.requirement)
    return (rank, group.shift or "", requirement, group.employee or "", group.day or 0)


def explain(
    p: Period,
    history: Roster | None,
    params: SolveParams,
    relax: frozenset[str] = frozenset(),
    extra: Extension | None = None,
) -> Message:
    """Why no roster keeps the hard rules, naming the conflicting requirements (in both languages)."""
    conflict = find_conflict(p, history, params, relax, extra)
    if conflict is None:
        return Text(
            "no roster found, and the time ran out before the reason could be found",
            "ingen turnus funnet, og tiden gikk ut før årsaken ble funnet",
        )
    if not conflict.groups:
        if history is not None:
            return Text(
                "the previous roster (--history) leaves no lawful way to continue: check its last days",
                "forrige turnus (--history) gir ingen lovlig måte å fortsette på: se på dens siste dager",
            )
        return Text(
            "the shifts and staff leave no possible roster", "vaktene og de ansatte gir ingen mulig turnus"
        )
    head = (
        Text(
            "these requirements contradict each other (dropping any one of them makes a roster possible):",
            "disse kravene motsier hverandre (uten ett av dem blir en turnus mulig):",
        )
        if conflict.minimal
        else Text(
            "these requirements contradict each other (the time ran out before the set was made minimal):",
            "disse kravene motsier hverandre (tiden gikk ut før settet ble gjort minimalt):",
        )
    )
    lines: list[Message] = [head, *(Text("  - {line}", line=line) for line in describe(p, conflict.groups))]
    if "coverage" not in relax and any(g.rule == "coverage" for g in conflict.groups):
        lines.append(
            Text(
                "Staffing that cannot be met lawfully can be left as open shifts for substitutes: "
                "that is what `roster solve` does unless given --no-open-shifts.",
                "Bemanning som ikke kan dekkes lovlig, kan stå som ledige vakter for vikarer: "
                "det gjør `roster solve` med mindre den får --no-open-shifts.",
            )
        )
    return Lines(lines)


# ---- in the words of the instance ---------------------------------------------------------------


def describe(p: Period, groups: tuple[Group, ...]) -> list[Message]:
    """One line per rule and subject: which rule, which unit, which people, which days."""
    inst = p.inst
    coverage: dict[tuple[str, Message], list[int]] = defaultdict(list)
    per_rule: dict[str, list[str]] = defaultdict(list)
    whole: list[str] = []  # rules that hold as one requirement
    extended: list[Message] = []  # added by an extension: each says itself what it is
    for g in groups:
        if g.rule not in RULE_BY_NAME:
            extended.append(g.requirement or g.rule)
        elif g.rule == "coverage" and g.shift is not None:
            coverage[g.shift, g.requirement or ""].append(g.day)
        elif g.employee is not None:
            per_rule[g.rule].append(g.employee)
        else:
            whole.append(g.rule)
    lines: list[Message] = []
    for (code, requirement), days in coverage.items():
        shift = inst.shift_by_code[code]
        people = [
            e.id for e in inst.employees if inst.may_work(e, shift) and (e.nights or shift.kind != "night")
        ]
        lines.append(
            Text(
                "staffing, {unit}: {code} needs {need} on {days} ({n} people may work {code}: {people})",
                "bemanning, {unit}: {code} trenger {need} {days} ({n} personer kan jobbe {code}: {people})",
                unit=_unit_name(inst, shift.unit or shift.site),
                code=code,
                need=requirement,
                days=_Days(p, sorted(days)),
                n=len(people),
                people=", ".join(people),
            )
        )
    for name, employees in per_rule.items():
        rule = RULE_BY_NAME[name]
        units = sorted({_unit_name(inst, inst.home_unit(inst.employee_by_id[e])) for e in employees})
        setting = _params_text(rule, inst)
        dated = name in ("absences", "fixed_assignments")
        lines.append(
            Text(
                "{rule}{setting}, {units}: {people}" + ("" if dated else ", in {first}-{last}"),
                "{rule}{setting}, {units}: {people}" + ("" if dated else ", {first}-{last}"),
                rule=_title(rule),
                setting=Text(" ({setting})", setting=setting) if setting else "",
                units=", ".join(units),
                people=Listing(_about(p, name, inst.employee_by_id[e]) for e in employees),
                first=Day(p, 0),
                last=Day(p, p.n_days - 1),
            )
        )
    for name in whole:
        rule = RULE_BY_NAME[name]
        setting = _params_text(rule, inst) or Text("as given", "som gitt")
        lines.append(Text("{rule} ({setting})", rule=_title(rule), setting=setting))
    return lines + extended


def _title(rule) -> Text:
    """'AML §10-8 daily rest' / 'AML §10-8 daglig hvile'."""
    law = f"{rule.law} " if rule.law else ""
    return Text.literal(law + rule.title, law + (rule.title_nb or rule.title))


def _about(p: Period, rule: str, emp) -> Message:
    """The employee's part of a per-employee requirement."""
    if rule == "absences":
        spans = [
            Text("{kind} {start}-{end}", kind=Term(a.kind), start=f"{a.start:%d.%m}", end=f"{a.end:%d.%m}")
            for a in emp.absences
            if a.end >= p.start and a.start <= p.end
        ]
        return Text("{emp} ({spans})", emp=emp.id, spans=Listing(spans))
    if rule == "fixed_assignments":
        fixed = [
            Text("{shift} on {day}", "{shift} {day}", shift=f.shift, day=Day(p, p.day_of(f.date)))
            for f in emp.fixed
            if p.in_plan(p.day_of(f.date))
        ]
        return Text("{emp} (fixed {fixed})", "{emp} (fast {fixed})", emp=emp.id, fixed=Listing(fixed))
    if rule == "contract_hours":
        return Text(
            "{emp} ({hours} due)",
            "{emp} ({hours} etter avtalen)",
            emp=emp.id,
            hours=Hours(p.contract_minutes(emp)),
        )
    return emp.id


def _params_text(rule, inst) -> Text | None:
    """The rule's settings as the file names them ('hours 11, weeks 1'); numbers in the language."""
    if rule.Params is None:
        return None
    values = rule.params(inst).model_dump(exclude={"enabled"})
    settings = [
        Text("{key} {value}", key=key.replace("_", " "), value=value)
        for key, value in values.items()
        if not isinstance(value, bool)
    ]
    return Text("{settings}", settings=Listing(settings)) if settings else None


def _unit_name(inst, unit_or_site: str | None) -> str:
    unit = inst.unit_by_id.get(unit_or_site or "")
    if unit is not None:
        return unit.name
    sites = {s.id: s.name for s in inst.sites}
    return sites.get(unit_or_site or "", unit_or_site or "")


class _Days:
    """'Sat 10 Jan, Sun 11 Jan, Mon 12 Jan-Fri 16 Jan': runs of three or more days as ranges."""

    def __init__(self, p: Period, days: list[int]):
        self.p, self.days = p, days

    def text(self, lang: str) -> str:
        runs: list[list[int]] = []
        for day in self.days:
            if runs and day == runs[-1][-1] + 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        parts = []
        for run in runs:
            dates = [Day(self.p, d).text(lang) for d in run]
            parts.extend([f"{dates[0]}-{dates[-1]}"] if len(run) >= 3 else dates)
        return ", ".join(parts)
