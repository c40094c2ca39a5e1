"""Diagnostic: a lower bound on a roster's cost by splitting the search's cases further, on how many
nights given night workers get.

The search case by case (roster/solver/cases.py) splits on each night worker's side of the
three-shift cap, and splits the case that holds its bound again on two night workers' nights
around its best roster, where the time allows. This splits every case again, all at once, into
ranges of nights for the workers named by `--nights EMP=N` (fewer than N, exactly N, more than N),
gives every piece a short CP-SAT solve and prints its status, roster and bound. The pieces cover
every roster, so the lowest bound among them (an empty piece counts as none) is a lower bound of
the whole:

    .venv/bin/python benchmarks/night_counts.py instances/saltdal-2025.yaml \\
        --nights v08=3 --nights v12=2 --seconds 3

The instance is taken without its visits (the roster stage of `roster solve`). Decisions that
presolve settles are settled as the search does (its probing, with all the time it needs).
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.saltdal import without  # noqa: E402
from roster.calendar import Period  # noqa: E402
from roster.instance import load_instance  # noqa: E402
from roster.solver import cases  # noqa: E402
from roster.solver.model import build  # noqa: E402
from roster.solver.solve import SolveParams, _solver  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--nights", action="append", default=[], metavar="EMP=N")
    parser.add_argument("--seconds", type=float, default=3.0, help="CP-SAT's time for each piece")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    inst = without(load_instance(args.instance), "visits")
    p = Period(inst, inst.period.start, 7 * inst.period.weeks)
    model = build(p)
    params = SolveParams(args.seconds, args.workers, args.seed)
    probe = cases._CaseSearch(model, SolveParams(math.inf, args.workers, args.seed), _solver, None, None)
    settled, open_ = probe._probe([lit.index for lit in model.v.split_on])
    names = {lit.index: lit.name for lit in model.v.split_on}
    print("settled:", {names[i]: side for i, side in settled.items()}, "split:", [names[i] for i in open_])
    counts = [item.split("=") for item in args.nights]
    nights = {
        emp: [lit for d in p.plan_days for s, lit in model.v.options(emp, d) if s.kind == "night"]
        for emp, _ in counts
    }
    lowest, started = math.inf, time.monotonic()
    for sides in itertools.product((True, False), repeat=len(open_)):
        # Fewer than n nights, exactly n, more than n: the pieces the search splits into.
        for spans in itertools.product(*(cases._around(int(n), len(nights[emp])) for emp, n in counts)):
            cp = model.cp.clone()
            for index, side in {**settled, **dict(zip(open_, sides, strict=True))}.items():
                cp.add(cp.get_bool_var_from_proto_index(index) == int(side))
            for (emp, _), (lo, hi) in zip(counts, spans, strict=True):
                cp.add_linear_constraint(sum(nights[emp]), lo, hi)
            solver = _solver(params)
            solver.parameters.catch_sigint_signal = False
            status = solver.solve(cp)
            bound = math.inf if status == cp_model.INFEASIBLE else solver.best_objective_bound
            lowest = min(lowest, bound)
            roster = solver.objective_value if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
            case = " ".join(
                f"{names[i].split('[')[1][:-1]}={int(s)}" for i, s in zip(open_, sides, strict=True)
            )
            span = " ".join(f"{emp} {lo}-{hi}" for (emp, _), (lo, hi) in zip(counts, spans, strict=True))
            print(f"{case}  {span}  {solver.status_name(status)}  roster {roster}  bound {bound}", flush=True)
    print(f"lowest bound {lowest} after {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
