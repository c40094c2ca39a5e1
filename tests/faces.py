"""Hold a rule's two faces against each other on one roster: the check's verdict and the
encoding's (the CP-SAT model with the roster fixed)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.check import Report, check
from roster.rules import RULES, Rule
from roster.schedule import Roster
from roster.solver.model import build


def encoding_verdict(
    p: Period, roster: Roster, rules: list[Rule] | None = None, history: Roster | None = None
) -> float | None:
    """The model's objective with the roster fixed, or None when the model rejects the roster."""
    model = build(p, history, rules=rules)
    if not model.v.fix(roster):
        return None
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    status = solver.solve(model.cp)
    assert status != cp_model.UNKNOWN, "a fixed roster should be decided quickly"
    if status == cp_model.INFEASIBLE:
        return None
    return solver.objective_value


def verdicts(
    p: Period, roster: Roster, rules: list[Rule] | None = None, history: Roster | None = None
) -> tuple[Report, float | None]:
    """(the check's report, the encoding's objective or None) for the same roster and rules."""
    full = roster.with_history(history) if history is not None else roster
    return check(p, full, rules), encoding_verdict(p, roster, rules, history)


def assert_faces_agree(
    p: Period, roster: Roster, rules: list[Rule] | None = None, history: Roster | None = None
) -> Report:
    """Feasible in the encoding exactly when the check finds no hard violation, and then the
    check's soft cost equals the model's objective."""
    report, objective = verdicts(p, roster, rules, history)
    hard = [v.message for v in report.hard]
    if objective is None:
        assert hard, "the encoding rejects a roster the check accepts"
    else:
        assert not hard, f"the encoding accepts a roster the check rejects: {hard}"
        assert report.soft_cost == round(objective), (
            f"check cost {report.soft_cost} != model objective {objective}: {report.cost_by_rule()}"
        )
    return report


def only(*names: str) -> list[Rule]:
    """The named rules, plus one shift per day (which every roster shape relies on)."""
    return [rule for rule in RULES if rule.name in names or rule.name == "one_shift_per_day"]
