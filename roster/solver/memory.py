"""The memory budget (`SolveParams.memory_gb`): whether a model is too large for CP-SAT's usual
searches (the lean search it gets instead is roster/solver/cpsat.py's `lean`).

Each of CP-SAT's full-problem searches loads its own copy of the model, and the LP worker its LP
as well, so the peak grows with the model and with the number of full-problem searches. One worker
interleaving CP-SAT's whole portfolio runs every one of them ("in interleaved mode, we run all of
them", OR-Tools' cp_model_search.cc). The lean search keeps one, without the LP, beside the
neighbourhood searches and feasibility jump, and no feasibility pump (benchmarks/README.md, "A
memory budget").
"""

from __future__ import annotations

from typing import Any

from roster.solver.model import Model

# Peak memory per million variables of the model, in GB, with CP-SAT's usual search: a base, and a
# share for each worker, since more workers run more full-problem searches (CP-SAT 9.15: one on 2
# workers, three on 4, six and two first-roster searches on 8), each with its own copy. Fitted to
# 2 workers, 6.0-6.5 in 10-minute solves of Curtois-Qu 21, 23 and 24 (2.1 GB at 349 k variables,
# 5.1 GB at 839 k, 11.7 GB at 1.79 M), and 8 workers, 12.1 in a 2-minute solve of 21 (4.2 GB; 4
# workers 7.0, below the line).
BASE_GB_PER_MILLION = 4.5
WORKER_GB_PER_MILLION = 1.0
# One worker interleaving the whole portfolio runs every full-problem search in turns: Curtois-Qu 23,
# 12.5 GB at 839 k variables.
INTERLEAVED_GB_PER_MILLION = 15.0


def estimated_gb(model: Model, workers: int) -> float:
    """The likely peak memory of CP-SAT's usual search of `model` with `workers` workers."""
    if workers == 1:
        per_million = INTERLEAVED_GB_PER_MILLION
    else:
        per_million = BASE_GB_PER_MILLION + WORKER_GB_PER_MILLION * workers
    return len(model.cp.proto.variables) / 1e6 * per_million


def too_large(model: Model, params: Any) -> bool:
    """CP-SAT's usual search of `model` would likely take more memory than `params.memory_gb`."""
    return estimated_gb(model, params.workers) > params.memory_gb
