"""Benchmark: the four Saltdal what-if scenarios side by side, as `roster whatif` runs them.

Measures the wall time of the whole comparison (and of each run) with the given time limit and
workers, with and without the baseline run, and prints the comparison table.

    .venv/bin/python benchmarks/whatif.py --time-limit 60 --workers 2
    .venv/bin/python benchmarks/whatif.py --time-limit 60 --workers 2 --baseline
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roster.instance import load_instance  # noqa: E402
from roster.planning import whatif  # noqa: E402
from roster.planning.scenario import apply, load_scenario  # noqa: E402
from roster.solver.solve import SolveParams  # noqa: E402

FOUR = ["plan-2040.yaml", "one-nurse-fewer.yaml", "sick-week-3.yaml", "weekends-every-2nd.yaml"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default=str(ROOT / "instances" / "saltdal-2025.yaml"))
    parser.add_argument(
        "--scenarios", nargs="*", default=[str(ROOT / "instances" / "scenarios" / f) for f in FOUR]
    )
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", action="store_true", help="also run the instance unchanged")
    parser.add_argument("--deterministic", action="store_true", help="as `roster whatif --deterministic`")
    args = parser.parse_args()

    inst = load_instance(args.instance)
    start, days = inst.period.start, inst.period.weeks * 7
    runs = [whatif.Run(whatif.BASELINE, inst, start, days)] if args.baseline else []
    runs += [
        whatif.Run(load_scenario(s).name, apply(inst, load_scenario(s), s), start, days)
        for s in args.scenarios
    ]
    processes, each = whatif.split(len(runs), args.workers)
    print(
        f"{len(runs)} runs, {processes} at a time, {each} worker(s) each, limit {args.time_limit:g} s, "
        f"seed {args.seed}",
        flush=True,
    )
    started = time.monotonic()
    outcomes = whatif.compare(
        runs,
        SolveParams(args.time_limit, seed=args.seed, deterministic=args.deterministic),
        args.workers,
        lambda o: print(f"  {o.scenario}: {o.status}, solve {o.wall_s:.1f} s", flush=True),
    )
    total = time.monotonic() - started
    print(whatif.as_text(outcomes))
    print(f"\nwall time of the comparison: {total:.1f} s")


if __name__ == "__main__":
    main()
