"""The handover of the LP's core to the search over people (roster/solver/handover.py): when the full
search shows no bound after its patience, it goes on with fewer workers, keeps the bound it had, and
the roster it ends with is the checker's. A model too large for the memory budget
(roster/solver/memory.py) is handed over from the start, or without the handover gets a lean search."""

from __future__ import annotations

import pytest

import roster.solver.solve as solve_module
from benchmarks.norwegian import generate
from roster.calendar import Period
from roster.check import check
from roster.errors import Infeasible
from roster.solver import handover
from roster.solver.handover import no_bound
from roster.solver.memory import estimated_gb
from roster.solver.model import build
from roster.solver.solve import SolveParams, solve
from tests.conftest import make_instance, period


@pytest.fixture(scope="module")
def unit() -> Period:
    inst = generate(15)
    return Period(inst, inst.period.start, inst.period.weeks * 7)


@pytest.fixture
def searches(monkeypatch) -> list[tuple[int, int, tuple[str, ...]]]:
    """Every CP-SAT search of the full model, in order: its workers, the values its model hints, and
    the full-problem searches it is limited to."""
    made: list[tuple[int, int, tuple[str, ...]]] = []
    real = solve_module._solver

    def counting(params):
        solver = real(params)
        solve = solver.solve

        def solving(model, callback=None):
            hints = len(model.proto.solution_hint.vars)
            made.append((params.workers, hints, tuple(solver.parameters.subsolvers)))
            return solve(model, callback)

        solver.solve = solving
        return solver

    monkeypatch.setattr(solve_module, "_solver", counting)
    return made


def test_no_bound_is_none_or_one_far_below_the_best_roster():
    assert no_bound(None, 100.0)
    assert no_bound(0.0, 100.0)
    assert no_bound(0.9, 100.0)
    assert not no_bound(1.0, 100.0)
    assert not no_bound(60.0, 100.0)


def test_a_search_without_a_bound_hands_over_a_worker_and_keeps_its_bound(unit, monkeypatch, searches):
    monkeypatch.setattr(handover, "NO_BOUND", 2.0)  # no bound can pass: the handover is certain
    monkeypatch.setattr(handover, "PATIENCE", 0.3)
    progress = []
    # Searched in one piece (not case by case), so the search over people runs beside it.
    params = SolveParams(time_limit=10, workers=2, seed=0, cases=False, handover=True)
    result = solve(unit, params, on_progress=progress.append)
    # The second search carries no hint (with one, CP-SAT 9.15 aborted once), and its one worker
    # interleaves one full-problem search, not a copy of the model for each (roster/solver/handover.py).
    assert searches == [(2, 0, ("max_lp", "core")), (1, 0, ("no_lp",))]
    assert result.handover_s is not None and 3.0 <= result.handover_s < 10
    before = [step.bound for step in progress if step.elapsed <= result.handover_s]
    assert result.bound is not None and result.bound >= max(before, default=0.0)
    report = check(unit, result.roster)
    assert not report.hard
    assert report.soft_cost == round(result.objective)


def test_without_the_handover_the_full_search_keeps_its_workers(unit, monkeypatch, searches):
    monkeypatch.setattr(handover, "NO_BOUND", 2.0)
    monkeypatch.setattr(handover, "PATIENCE", 0.3)
    params = SolveParams(time_limit=10, workers=2, seed=0, cases=False, handover=False)
    result = solve(unit, params)
    assert [workers for workers, _, _ in searches] == [2]
    assert result.handover_s is None
    assert not check(unit, result.roster).hard


def test_a_model_too_large_for_the_memory_budget_is_handed_over_from_the_start(unit, searches):
    budget = 0.9 * estimated_gb(build(unit, None), workers=2)  # just too small
    params = SolveParams(time_limit=5, workers=2, seed=0, cases=False, memory_gb=budget)
    result = solve(unit, params)
    assert searches == [(1, 0, ("no_lp",))]  # no full search with all workers: never its memory
    assert result.handover_s == 0.0
    report = check(unit, result.roster)
    assert not report.hard
    assert report.soft_cost == round(result.objective)


def test_a_model_within_the_memory_budget_starts_with_the_full_search(unit, monkeypatch, searches):
    monkeypatch.setattr(handover, "PATIENCE", 2.0)  # beyond the time limit: no handover for want of a bound
    budget = 1.1 * estimated_gb(build(unit, None), workers=2)  # just large enough
    result = solve(unit, SolveParams(time_limit=10, workers=2, seed=0, cases=False, memory_gb=budget))
    assert searches == [(2, 0, ("max_lp", "core"))]
    assert result.handover_s is None
    assert not check(unit, result.roster).hard


def test_an_infeasible_model_handed_over_from_the_start_is_still_infeasible(searches):
    inst = make_instance(demand=[{"shift": "D", "on": ["weekday", "saturday", "sunday"], "min": 4}])
    p = period(inst, days=7)
    with pytest.raises(Infeasible, match="D needs at least 4 staff"):
        solve(p, SolveParams(time_limit=10, workers=2, cases=False, memory_gb=1e-9))
    assert searches[0] == (1, 0, ("no_lp",))


@pytest.mark.parametrize("workers,people_search", [(1, True), (2, False)])
def test_without_the_handover_a_model_too_large_gets_one_full_search(unit, searches, workers, people_search):
    params = SolveParams(
        time_limit=5, workers=workers, seed=0, cases=False, people_search=people_search, memory_gb=1e-9
    )
    result = solve(unit, params)
    assert searches == [(workers, 0, ("no_lp",))]
    assert result.handover_s is None
    report = check(unit, result.roster)
    assert not report.hard
    assert report.soft_cost == round(result.objective)


def test_one_worker_within_the_budget_interleaves_the_whole_portfolio(unit, searches):
    solve(unit, SolveParams(time_limit=2, workers=1, seed=0, cases=False))
    assert searches == [(1, 0, ())]
