"""The memory budget (roster/solver/memory.py): which models are too large for CP-SAT's usual search,
and what the lean search keeps. How the solve uses it: tests/test_handover.py."""

from __future__ import annotations

import pytest

from benchmarks.norwegian import generate
from roster.calendar import Period
from roster.solver.cpsat import lean, one_full_search
from roster.solver.memory import INTERLEAVED_GB_PER_MILLION, estimated_gb, too_large
from roster.solver.model import build
from roster.solver.solve import SolveParams, _solver


@pytest.fixture(scope="module")
def model():
    """A generated organisation of 15 over two weeks: any model will do, the estimate counts variables."""
    inst = generate(15)
    return build(Period(inst, inst.period.start, 14), None)


def test_one_worker_interleaving_every_full_search_is_judged_larger_than_two_workers(model):
    millions = len(model.cp.proto.variables) / 1e6
    assert estimated_gb(model, 1) == millions * INTERLEAVED_GB_PER_MILLION
    # Two workers' peak as measured on the three largest Curtois-Qu files: 6.5 GB per million.
    assert estimated_gb(model, 2) == millions * 6.5
    # A budget between the two estimates: too small for one worker's copies, enough for two workers.
    budget = (estimated_gb(model, 1) + estimated_gb(model, 2)) / 2
    assert too_large(model, SolveParams(workers=1, memory_gb=budget))
    assert not too_large(model, SolveParams(workers=2, memory_gb=budget))
    assert too_large(model, SolveParams(workers=2, memory_gb=0.99 * estimated_gb(model, 2)))


def test_more_workers_are_judged_to_need_more_memory(model):
    """Each worker beyond the second adds full-problem searches with their own copies: Curtois-Qu 21
    took 2.1 GB on 2 workers and 4.2 GB on 8 (benchmarks/README.md, "A memory budget")."""
    two, four, eight = (estimated_gb(model, w) for w in (2, 4, 8))
    assert two < four < eight
    assert 1.8 <= eight / two <= 2.2  # measured 4.2 / 2.1
    fits_two = SolveParams(workers=2, memory_gb=1.1 * two)
    assert not too_large(model, fits_two)
    assert too_large(model, SolveParams(workers=8, memory_gb=fits_two.memory_gb))


def test_the_lean_search_keeps_one_full_search_without_the_lp_or_the_pump():
    usual = _solver(SolveParams(workers=2))
    assert list(usual.parameters.subsolvers) == ["max_lp", "core"] and usual.parameters.use_feasibility_pump
    solver = lean(_solver(SolveParams(workers=2)))
    assert list(solver.parameters.subsolvers) == ["no_lp"]
    assert not solver.parameters.use_feasibility_pump
    # The handover's limit on one interleaving worker keeps the pump as configured.
    handed = one_full_search(_solver(SolveParams(workers=1)))
    assert list(handed.parameters.subsolvers) == ["no_lp"] and handed.parameters.use_feasibility_pump
