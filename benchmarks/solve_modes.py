"""Benchmark: what open shifts and one-worker interleaving cost or gain on the Saltdal instances.

Side by side in one run, per instance and seed: 2 workers with every minimum hard (`strict`)
against open shifts (`open`, `roster solve`'s default), and one worker with open shifts on its
single default strategy (`1w-plain`) against CP-SAT's interleaved portfolio (`1w-interleave`, what
roster/solver/solve.py does for one worker; what-if runs on 2 cores use it). Wall-clock limits throughout.

    .venv/bin/python benchmarks/solve_modes.py --time-limit 60 --seeds 0 1 2
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roster.calendar import Period  # noqa: E402
from roster.instance import load_instance  # noqa: E402
from roster.solver.model import build  # noqa: E402
from roster.solver.solve import SolveParams, _solver, gap  # noqa: E402

CONFIGS = {  # name: (workers, open shifts, interleave with one worker)
    "strict": (2, False, None),
    "open": (2, True, None),
    "1w-plain": (1, True, False),
    "1w-interleave": (1, True, True),
}


def run(path: Path, config: str, limit: float, seed: int) -> tuple[float | None, float | None]:
    workers, open_shifts, interleave = CONFIGS[config]
    inst = load_instance(path)
    p = Period(inst, inst.period.start, inst.period.weeks * 7)
    params = SolveParams(limit, workers, seed, open_shifts=open_shifts, deterministic=False)
    model = build(p, relax=params.relax)
    solver = _solver(params)
    if interleave is not None:
        solver.parameters.interleave_search = interleave
    if solver.status_name(solver.solve(model.cp)) not in ("OPTIMAL", "FEASIBLE"):
        return None, None
    return solver.objective_value, gap(solver.objective_value, solver.best_objective_bound)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", nargs="*", default=["saltdal-2025.yaml", "saltdal-2040.yaml"])
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--seeds", nargs="*", type=int, default=[0])
    args = parser.parse_args()
    print("| instance | config | objective (median) | gap (median) |\n|---|---|---:|---:|")
    for name in args.instances:
        for config in args.configs:
            runs = [run(ROOT / "instances" / name, config, args.time_limit, seed) for seed in args.seeds]
            found = [r for r in runs if r[0] is not None]
            if not found:
                print(f"| {name} | {config} | - | - |", flush=True)
                continue
            objective = statistics.median(o for o, _ in found)
            median_gap = statistics.median(g for _, g in found)
            print(f"| {name} | {config} | {objective:g} | {100 * median_gap:.2f} % |", flush=True)


if __name__ == "__main__":
    main()
