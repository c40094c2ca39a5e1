"""Benchmark: what each part of the search buys on Curtois-Qu files.

The parts: the implied constraints, the search over people, its windows of days, the first LP
uncapped, CP-SAT's feasibility pump, and the handover of the LP's core. Solves each file with every
configuration side by side in one process (same time limit, workers and seed) and prints one JSON
line per run, with the columns of `roster bench`:

    .venv/bin/python benchmarks/curtois_qu.py ../shared/benchmarks/curtois-qu/Instance4.txt \\
        --time-limit 60 --workers 2 --seed 0 --config default --config no_implied --config no_people
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roster.planning.bench import run  # noqa: E402
from roster.solver.solve import SolveParams  # noqa: E402

CONFIGS = {
    "default": {},  # as `roster bench`: with the search over people (roster/solver/improve.py)
    "no_people": {"people_search": False},  # as `roster bench --no-people-search`
    "no_implied": {"implied": False},  # without roster/solver/redundant.py
    "no_people_no_implied": {"people_search": False, "implied": False},
    # CP-SAT's own cap on the first LP's iterations (2000 in OR-Tools 9.15), as before the cap was lifted
    "capped_lp": {"root_lp_iterations": cp_model.CpSolver().parameters.root_lp_iterations},
    "no_pump": {"feasibility_pump": False},  # without CP-SAT's feasibility pump (less memory)
    "no_handover": {"handover": False},  # the full search keeps its workers to the end
    "no_memory_budget": {"memory_gb": math.inf},  # the full search first, however large the model
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--config", action="append", choices=sorted(CONFIGS))
    args = parser.parse_args()
    for path in args.files:
        for config in args.config or ["default"]:
            params = SolveParams(args.time_limit, args.workers, args.seed, **CONFIGS[config])
            row = run(path, params)
            print(json.dumps({"config": config, **asdict(row), "agrees": row.agrees}), flush=True)


if __name__ == "__main__":
    main()
