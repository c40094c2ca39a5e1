"""Builds the CP-SAT model: the variables once, then the encoding of every rule that applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.rules import RULES, Penalty, Rule
from roster.schedule import Roster
from roster.solver import redundant
from roster.solver.variables import Variables


def applicable(p: Period, rules: list[Rule] | None = None) -> list[Rule]:
    return [rule for rule in (RULES if rules is None else rules) if rule.applies(p.inst)]


@dataclass
class Model:
    cp: cp_model.CpModel
    v: Variables
    penalties: list[Penalty]
    rules: list[Rule]

    def cost_by_rule(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """The objective of the solver's current solution, split by rule."""
        out: dict[str, int] = {}
        for pen in self.penalties:
            value = pen.term if isinstance(pen.term, int) else solver.value(pen.term)
            out[pen.rule] = out.get(pen.rule, 0) + pen.weight * value
        return out


def assignment_cost(cp: cp_model.CpModel, values: Any) -> float:
    """The objective of the assignment that `values` (a solver or a solution callback) holds,
    recomputed from the model: CP-SAT's `objective_value` can exceed it on a roster that is not
    optimal (a random tiny instance on one worker: 37 for a roster whose terms add up to 34)."""
    objective = cp.proto.objective
    total = objective.offset
    for index, coeff in zip(objective.vars, objective.coeffs, strict=True):
        value = values.value(cp.get_int_var_from_proto_index(index if index >= 0 else -index - 1))
        total += coeff * (value if index >= 0 else 1 - value)
    return total * (objective.scaling_factor or 1.0)


def build(
    p: Period,
    history: Roster | None = None,
    rules: list[Rule] | None = None,
    relax: frozenset[str] = frozenset(),
    explain: bool = False,
    implied: bool = True,
) -> Model:
    """The model of a period; `relax` names rules whose minimums become penalised slack.

    With `explain`, each rule's constraints form switchable groups (roster/solver/groups.py): one per
    rule, or finer where the rule opens its own (per employee, per shift and day). `implied` adds
    the implied constraints of roster/solver/redundant.py, except when explaining (they would hold even
    with the rules they come from switched off)."""
    chosen = applicable(p, rules)
    m = cp_model.CpModel()
    v = Variables(m, p, chosen, history, relax, explain)
    penalties = []
    for rule in chosen:
        with v.group(rule) if rule.explainable else v.groups.background():
            penalties += rule.encode(m, v, p)
    if implied and not explain:
        redundant.add(m, v, p, chosen)
    v.groups.seal()
    m.minimize(sum(pen.weight * pen.term for pen in penalties))
    return Model(m, v, penalties, chosen)
