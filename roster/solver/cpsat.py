"""Every CP-SAT solver the search uses, configured here and nowhere else: each function is one
kind of solve, with the measurement behind its settings.

Ctrl-C: the full search's solvers catch it only where nothing else runs (a plain solve from the
command line); the stages of roster/solver/pipeline.py take it over (roster/solver/stopper.py), and
every helper's solver leaves it alone: a solver that caught it leaves SIGINT to its default when it
ends, and the next Ctrl-C would kill the process.
"""

from __future__ import annotations

import sys
from typing import Any

from ortools.sat.python import cp_model


def full(params: Any) -> cp_model.CpSolver:
    """The full model's search, with the limit, workers and seed of `params` (SolveParams)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = params.workers
    if params.reproducible:
        solver.parameters.max_deterministic_time = params.time_limit
    solver.parameters.max_time_in_seconds = params.wall_limit
    if params.workers == 1:
        # Alone, one worker runs a single strategy without neighbourhood search; interleaving the
        # portfolio on it (still deterministic) finds far better rosters: Saltdal 2025 with open
        # shifts after 20 s, objective 372 against 8131 (benchmarks/README.md, what-if).
        solver.parameters.interleave_search = True
    if 2 <= params.workers <= 3:
        # With few workers CP-SAT's default portfolio has no strong LP worker and its bound stalls
        # (median gap 4.4 % after 60 s on Saltdal 2025 against 0.8 % with these: benchmarks/README.md).
        # On 2 workers only max_lp runs on the full model (CP-SAT's log: "1 full problem subsolver");
        # the other worker takes the first-roster and neighbourhood searches in turns.
        solver.parameters.subsolvers.extend(["max_lp", "core"])
    if params.workers >= 2:
        # Only beside other workers: alone, the worker interleaves the whole portfolio, and an
        # unfinished first LP held it (3-s solves of Saltdal found no roster).
        solver.parameters.root_lp_iterations = params.root_lp_iterations
    solver.parameters.use_feasibility_pump = params.feasibility_pump
    solver.parameters.random_seed = params.seed
    solver.parameters.log_search_progress = params.log
    solver.parameters.catch_sigint_signal = True  # Ctrl-C ends the search, keeping the best roster
    if params.log:
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    return solver


def visit_plan(solver: cp_model.CpSolver) -> cp_model.CpSolver:
    """`solver` (of `full`) for a fresh visit plan of a fixed roster (roster/solver/staged.py): one worker
    runs CP-SAT's default search, not the interleaved portfolio `full` gives it. One Saltdal 2025
    roster on the wall clock: in 1 s, 28 visits not made against 105 interleaved; the plan's optimum,
    20, proven in 3 s, where interleaved still had 21 after 8 s (benchmarks/README.md, "Visits in
    the what-if rows, second session")."""
    solver.parameters.interleave_search = False
    return solver


def one_full_search(solver: cp_model.CpSolver) -> cp_model.CpSolver:
    """`solver` limited to one full-problem search, without the LP."""
    solver.parameters.subsolvers.clear()
    solver.parameters.subsolvers.append("no_lp")
    return solver


def lean(solver: cp_model.CpSolver) -> cp_model.CpSolver:
    """`solver` for a model over the memory budget (roster/solver/memory.py): one full-problem
    search, and no feasibility pump, whose own model and LP held 2.5 GB of Curtois-Qu 24's peak
    beside other workers (with two workers and one full-problem search, 10.2 GB with it, 7.5 GB
    without). Interleaved on one worker it held nothing worth measuring (6.7 GB either way), and
    that roster was no worse without it (1 408 241 against 1 417 119)."""
    one_full_search(solver).parameters.use_feasibility_pump = False
    return solver


def quick(limit: float, seed: int) -> cp_model.CpSolver:
    """A small model's first solution (one person's own rules: roster/solver/start.py): one worker,
    restarts, no LP and no presolve: found fast this way even over a year, where a plain depth-first
    search can stay stuck in a subtree without a solution (an unrecorded measurement)."""
    solver = _helper(limit, seed)
    solver.parameters.search_branching = cp_model.PORTFOLIO_WITH_QUICK_RESTART_SEARCH
    solver.parameters.linearization_level = 0
    solver.parameters.cp_model_presolve = False
    return solver


def part(seconds: float, seed: int) -> cp_model.CpSolver:
    """One worker for a part of the roster (roster/solver/improve.py). Parts solved to optimality
    25 times in 40 at linearization level 2, 8 at the default level 1 (blocks of 2-6 people from
    Curtois-Qu Instance15, 1 s each: benchmarks/README.md)."""
    solver = _helper(seconds, seed)
    solver.parameters.linearization_level = 2
    return solver


def completing(seconds: float) -> cp_model.CpSolver:
    """Every variable of a model for the roster its hint holds (the hint fixed)."""
    solver = _helper(seconds, 0)
    solver.parameters.fix_variables_to_their_hinted_value = True
    return solver


def presolve_only(seed: int) -> cp_model.CpSolver:
    """Presolve alone: whether it rules a model out (roster/solver/cases.py's probes)."""
    solver = _helper(None, seed)
    solver.parameters.stop_after_presolve = True
    return solver


def _helper(seconds: float | None, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.catch_sigint_signal = False
    solver.parameters.random_seed = seed
    return solver
