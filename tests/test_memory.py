"""The memory budget (roster/solver/memory.py): which models are too large for CP-SAT's usual search,
and what the lean search keeps. How the solve uses it: tests/test_handover.py."""

from __future__ import annotations

from benchmarks.norwegian import generate
from roster.calendar import Period
from roster.solver.memory import (
    FULL_SEARCH_GB_PER_MILLION,
    INTERLEAVED_GB_PER_MILLION,
    estimated_gb,
    lean,
    one_full_search,
    too_large,
)
from roster.solver.model import build
from roster.solver.solve import SolveParams, _solver


def test_one_worker_interleaving_every_full_search_is_judged_larger_than_several_workers():
    inst = generate(15)
    model = build(Period(inst, inst.period.start, 14), None)
    millions = len(model.cp.proto.variables) / 1e6
    assert estimated_gb(model, 1) == millions * INTERLEAVED_GB_PER_MILLION
    assert estimated_gb(model, 2) == estimated_gb(model, 8) == millions * FULL_SEARCH_GB_PER_MILLION
    # A budget between the two estimates: too small for one worker's copies, enough for two workers.
    budget = millions * (FULL_SEARCH_GB_PER_MILLION + INTERLEAVED_GB_PER_MILLION) / 2
    assert too_large(model, SolveParams(workers=1, memory_gb=budget))
    assert not too_large(model, SolveParams(workers=2, memory_gb=budget))
    assert too_large(model, SolveParams(workers=2, memory_gb=0.99 * millions * FULL_SEARCH_GB_PER_MILLION))


def test_the_lean_search_keeps_one_full_search_without_the_lp_or_the_pump():
    usual = _solver(SolveParams(workers=2))
    assert list(usual.parameters.subsolvers) == ["max_lp", "core"] and usual.parameters.use_feasibility_pump
    solver = lean(_solver(SolveParams(workers=2)))
    assert list(solver.parameters.subsolvers) == ["no_lp"]
    assert not solver.parameters.use_feasibility_pump
    # The handover's limit on one interleaving worker keeps the pump as configured.
    handed = one_full_search(_solver(SolveParams(workers=1)))
    assert list(handed.parameters.subsolvers) == ["no_lp"] and handed.parameters.use_feasibility_pump
