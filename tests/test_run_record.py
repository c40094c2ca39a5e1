"""The run record's `reproducible`: true only where the same command gives the same roster."""

import datetime as dt
from types import SimpleNamespace

from roster.run_record import record
from roster.solver.solve import SolveParams, _solver


def _reproducible(params: SolveParams, wall_s: float) -> bool:
    result = SimpleNamespace(
        params=params,
        wall_s=wall_s,
        status="FEASIBLE",
        objective=1,
        bound=1,
        report=None,
        roster=None,
        open_shifts_bound=0,
    )
    day = dt.date(2026, 1, 5)
    period = SimpleNamespace(start=day, end=day, n_days=1)
    return record(["roster", "solve"], {}, period, result, dt.datetime.now(dt.UTC), {})["reproducible"]


def test_one_worker_on_the_deterministic_clock_is_reproducible():
    assert _reproducible(SolveParams(time_limit=2, workers=1), wall_s=5.0)


def test_parallel_workers_or_the_wall_clock_are_not():
    assert not _reproducible(SolveParams(time_limit=2, workers=2), wall_s=1.0)
    assert not _reproducible(SolveParams(time_limit=2, workers=1, deterministic=False), wall_s=1.0)


def test_a_run_as_long_as_the_wall_clocks_safety_net_may_have_been_stopped_by_it():
    assert not _reproducible(SolveParams(time_limit=2, workers=1), wall_s=20.0)


def test_the_solver_stops_on_the_deterministic_clock_with_the_wall_clock_as_safety_net():
    one = _solver(SolveParams(time_limit=3, workers=1)).parameters
    assert (one.max_deterministic_time, one.max_time_in_seconds) == (3, 30)
    two = _solver(SolveParams(time_limit=3, workers=2)).parameters
    assert two.max_time_in_seconds == 3 and two.max_deterministic_time > 1e9
