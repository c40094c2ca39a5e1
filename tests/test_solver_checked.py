"""On many random valid instances the solver never returns a roster its own checker rejects.

The instances and history are test_agreement's; each is solved by `roster.solver.solve.solve` as the
commands do (one worker, a short limit, with and without open shifts), and the roster it returns is
checked again here: no hard violation, and the checker's soft cost is the solver's objective.
"""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from roster.check import check
from roster.errors import Infeasible
from roster.solver.solve import SolveParams, solve
from tests.test_agreement import cases

# Each example is a solve (explaining an infeasible one takes several), so half the profile.
SOLVES = settings(max_examples=max(10, settings.default.max_examples // 2), deadline=None)


@SOLVES
@given(cases(), st.booleans(), st.integers(0, 3))
def test_the_solver_returns_only_rosters_its_checker_accepts(case, open_shifts, seed):
    p, history = case
    try:
        result = solve(p, SolveParams(time_limit=2, workers=1, seed=seed, open_shifts=open_shifts), history)
    except Infeasible as exc:
        assert str(exc)  # explained in words
        event("infeasible")
        return
    if result.roster is None:
        event("no roster in time")
        return
    report = check(p, result.roster.with_history(history))
    assert not report.hard, [v.message for v in report.hard]
    # Result.objective leaves visit continuity apart (roster/solver/staged.py prices the roster stage and
    # the visits not made); the checker counts it too.
    continuity = report.cost_by_rule().get("visit_continuity", 0)
    assert report.soft_cost - continuity == result.objective, f"{report.cost_by_rule()} {result.penalties}"
    event(f"{result.status}{' with open shifts' if result.roster.open else ''}")
