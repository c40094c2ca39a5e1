"""Benchmark: replanning one week's absence on Saltdal 2025, against solving from scratch.

Solves the four weeks once (the roster to repair), then for each employee given: one week's sick
leave from the first day of week 3, replanned with `roster repair`'s defaults. Prints the time to
the answer (model building included), the changed assignments, and with --scratch the changes a
new roster of the changed instance would make.

    .venv/bin/python benchmarks/repair.py --time-limit 10 --workers 2 --scratch
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roster.calendar import Period  # noqa: E402
from roster.instance import load_instance  # noqa: E402
from roster.planning.repair import changes, repair  # noqa: E402
from roster.planning.scenario import Scenario, apply  # noqa: E402
from roster.schedule import Roster  # noqa: E402
from roster.solver.solve import SolveParams, solve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default=str(ROOT / "instances" / "saltdal-2025.yaml"))
    parser.add_argument("--employees", nargs="*", default=["v01", "v03", "v07", "v08", "v10", "r01", "r04"])
    parser.add_argument("--base-time-limit", type=float, default=60, help="for the roster to repair")
    parser.add_argument(
        "--time-limit", type=float, default=10, help="for each repair (roster repair's default)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--scratch", action="store_true", help="also solve each changed instance from scratch"
    )
    args = parser.parse_args()

    inst = load_instance(args.instance)
    days = inst.period.weeks * 7
    params = SolveParams(args.time_limit, args.workers, args.seed, open_shifts=True)
    base = solve(
        Period(inst, inst.period.start, days), SolveParams(args.base_time_limit, args.workers, args.seed)
    )
    print(f"roster to repair: {base.status}, objective {base.objective:g}, {base.wall_s:.1f} s", flush=True)
    first = inst.period.start + dt.timedelta(days=14)
    times, counts = [], []
    for emp in args.employees:
        absence = {
            "from": first.isoformat(),
            "to": (first + dt.timedelta(days=6)).isoformat(),
            "kind": "sick",
        }
        changed = apply(inst, Scenario(name="sick", absences={emp: [absence]}), f"{emp} sick")
        p = Period(changed, inst.period.start, days)
        old = Roster.from_codes(p, [(e, s.day, s.code) for e, s in base.roster.plan()])
        started = time.monotonic()
        done = repair(p, old, 14, params)
        elapsed = time.monotonic() - started
        calls = [c for c in done.changes if not c.reason]
        line = (
            f"  {emp} sick {first:%d.%m}+6: {done.result.status}, {elapsed:.2f} s, "
            f"{len(calls)} change(s) for {len({c.employee for c in calls})} people, "
            f"{len(done.changes) - len(calls)} forced, {len(done.result.roster.open)} open"
        )
        if args.scratch:
            fresh = solve(p, params).roster
            line += f"; from scratch {len(changes(p, old, fresh, 14))} changes"
        print(line, flush=True)
        times.append(elapsed)
        counts.append(len(calls))
    print(
        f"median time to the repaired roster {statistics.median(times):.2f} s (max {max(times):.2f} s), "
        f"median changes {statistics.median(counts):g}; limit {args.time_limit:g} s, {args.workers} workers, "
        f"seed {args.seed}"
    )


if __name__ == "__main__":
    main()
