"""Diagnostic: one case of the search case by case, alone and for long. Every night worker's
three-shift credits are fixed to reach the cap (Saltdal 2025's case with the lowest bound), the
instance without its visits, and CP-SAT runs on it, printing objective and bound as they move:

    .venv/bin/python benchmarks/capped_case.py instances/saltdal-2025.yaml --time-limit 900

It tells whether the gap left by the cases is the search's (a better roster exists) or the
bound's (the LP cannot see the last shifts below ideal staffing). `--most-below-ideal K` also caps
the shifts below ideal staffing at K, to ask what a roster with only K of them costs in the
other penalties (fairness, isolated days, ...):

    .venv/bin/python benchmarks/capped_case.py instances/saltdal-2025.yaml --time-limit 180 \\
        --most-below-ideal 17
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ortools.sat.python import cp_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.saltdal import without  # noqa: E402
from roster.calendar import Period  # noqa: E402
from roster.instance import load_instance  # noqa: E402
from roster.solver.model import assignment_cost, build  # noqa: E402
from roster.solver.solve import SolveParams, _solver  # noqa: E402


class Printer(cp_model.CpSolverSolutionCallback):
    def __init__(self, cp: cp_model.CpModel):
        super().__init__()
        self.cp, self.started = cp, time.monotonic()

    def on_solution_callback(self) -> None:
        cost = assignment_cost(self.cp, self)
        elapsed = time.monotonic() - self.started
        print(f"{elapsed:7.1f} s  roster {cost:g}  bound {self.best_objective_bound:g}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=900.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--most-below-ideal", type=int, default=None, metavar="K")
    args = parser.parse_args()
    inst = without(load_instance(args.instance), "visits")
    model = build(Period(inst, inst.period.start, 7 * args.weeks))
    print("at the cap:", ", ".join(lit.name for lit in model.v.split_on))
    for capped in model.v.split_on:
        model.cp.add(capped == 1)
    if args.most_below_ideal is not None:
        below = [pen.term for pen in model.penalties if pen.rule == "ideal_staffing"]
        model.cp.add(sum(below) <= args.most_below_ideal)
    solver = _solver(SolveParams(args.time_limit, args.workers, args.seed))
    status = solver.solve(model.cp, Printer(model.cp))
    print(solver.status_name(status), f"bound {solver.best_objective_bound:g}", model.cost_by_rule(solver))


if __name__ == "__main__":
    main()
