"""Benchmark: time to the first roster and the gap over time on the Saltdal instances.

Runs each configuration with several seeds side by side in one process and prints medians.

    .venv/bin/python benchmarks/saltdal.py --time-limit 60 --workers 2 --seeds 0 1 2
    .venv/bin/python benchmarks/saltdal.py --config default --config max_lp,core ...

A configuration is `default` (the solver parameters roster uses), `one-model` (the same without
the search case by case of roster/solver/cases.py), `no-standards` (the case search without its
search for rosters that meet every standard, roster/solver/standards.py) or a comma-separated
list of CP-SAT subsolvers to run instead (to compare portfolios). `--without RULE` also runs each
instance with that rule switched off, side by side (what the rule costs the search):

    .venv/bin/python benchmarks/saltdal.py --without night_shares ...

An instance with ambulant visits is solved as `roster solve` does (roster/solver/staged.py: the roster with
the staffing its visits need, then the visit plan; a configuration applies to the roster stage);
`--without visits` also runs the roster alone:

    .venv/bin/python benchmarks/saltdal.py --time-limit 120 --workers 2 --seeds 0 1 2 --without visits
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import statistics
import sys
import time
from pathlib import Path

from ortools.sat.python import cp_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roster.calendar import Period  # noqa: E402
from roster.instance import Instance, load_instance, parse_instance  # noqa: E402
from roster.solver.cases import search  # noqa: E402
from roster.solver.model import assignment_cost, build  # noqa: E402
from roster.solver.solve import SolveParams, _solver, gap  # noqa: E402
from roster.solver.staged import solve_staged, uses_stages  # noqa: E402
from roster.solver.watching import SearchWatcher  # noqa: E402
from roster.visits import made_count, unmade  # noqa: E402


class Timeline(SearchWatcher):
    """(seconds, objective, bound) at every improvement."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[tuple[float, float, float]] = []
        self.started = time.monotonic()
        self.cp: cp_model.CpModel | None = None  # the model searched, told by the search (watch)

    def watch(self, model) -> None:
        self.cp = model.cp

    def on_solution_callback(self) -> None:
        bound = self.whole(self.best_objective_bound)
        self.report(assignment_cost(self.cp, self), bound)  # the roster's own cost (roster/solver/model.py)

    def report(self, cost: float, bound: float | None = None) -> None:
        """A roster of this cost, found here or by a search that tells its rosters (standards.py)."""
        if bound is None:
            bound = self.points[-1][2] if self.points else -math.inf
        best = min(cost, self.points[-1][1]) if self.points else cost
        self.points.append((time.monotonic() - self.started, best, bound))


# The named configurations: how each changes roster's own parameters.
NAMED: dict[str, dict] = {"default": {}, "one-model": {"cases": False}, "no-standards": {"standards": False}}


def without(inst: Instance, rule: str | None) -> Instance:
    """The instance with `rule` switched off (None: as it is)."""
    if rule is None:
        return inst
    data = inst.model_dump(by_alias=True, mode="json")
    data["rules"][rule]["enabled"] = False
    return parse_instance(data, f"{inst.name} without {rule}")


def run(inst: Instance, weeks: int, config: str, params: SolveParams) -> dict:
    p = Period(inst, inst.period.start, weeks * 7)

    params = dataclasses.replace(params, **NAMED.get(config, {}))

    def solver_for(prm: SolveParams) -> cp_model.CpSolver:
        solver = _solver(prm)
        if config not in NAMED:  # a list of CP-SAT subsolvers
            solver.parameters.subsolvers.extend(config.split(","))
        return solver

    timeline = Timeline()
    out: dict = {"planned": None, "unplanned": None, "continuity": None}
    if uses_stages(p):
        staged = solve_staged(p, None, params, solver_for, timeline)
        status, solver, objective, bound = staged.status, staged.solver, staged.objective, staged.bound
        if staged.roster is not None:
            out["planned"] = made_count(p, staged.roster.visits)
            out["unplanned"] = sum(u.count for u in unmade(p, staged.roster))
            out["continuity"] = staged.penalties.get("visit_continuity", 0)
    else:
        model = build(p)
        outcome = search(model, params, solver_for, timeline)
        status, solver, bound = outcome.status, outcome.solver, outcome.bound
        solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        objective = assignment_cost(model.cp, solver) if solved else None
    first = timeline.points[0][0] if timeline.points else None
    return {
        "status": solver.status_name(status),
        "first_s": first,
        "objective": objective,
        "bound": bound,
        "gap": gap(objective, bound) if objective is not None else None,
        "gap_at_5s": _gap_at(timeline.points, 5.0, bound),
        "wall_s": time.monotonic() - timeline.started,
        **out,
    }


def _gap_at(points, seconds: float, final_bound: float) -> float | None:
    """The gap of the best roster found by `seconds` against the bound then known (approximated by
    the bound reported with that roster)."""
    known = [(obj, bnd) for t, obj, bnd in points if t <= seconds]
    if not known:
        return None
    obj, bnd = known[-1]
    return gap(obj, bnd) if abs(bnd) < 1e18 else None  # searching by cases: not every case looked at yet


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("instances", nargs="*", default=[str(ROOT / "instances" / "saltdal-2025.yaml")])
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--config", action="append", default=None)
    parser.add_argument("--without", action="append", default=[], help="also run without this rule")
    parser.add_argument("--json", action="store_true", help="print every run as JSON lines")
    args = parser.parse_args()
    configs = args.config or ["default"]
    print(f"# {args.time_limit:g} s limit, {args.workers} workers, seeds {args.seeds}, {args.weeks} weeks")
    print(
        "| instance | config | status (runs) | first roster s (median) | gap at 5 s (median) | "
        "final gap (median) | objective (median) | bound (median) | visits planned / unplanned (median) |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for path, rule in [(Path(i), r) for i in args.instances for r in [None, *args.without]]:
        inst, name = without(load_instance(path), rule), path.stem + (f" without {rule}" if rule else "")
        for config in configs:
            runs = [
                run(inst, args.weeks, config, SolveParams(args.time_limit, args.workers, seed))
                for seed in args.seeds
            ]
            if args.json:
                for seed, r in zip(args.seeds, runs, strict=True):
                    print(json.dumps({"instance": name, "config": config, "seed": seed, **r}))
            print(
                f"| {name} | {config} | {', '.join(sorted({r['status'] for r in runs}))} "
                f"| {_median(runs, 'first_s', '{:.2f}')} | {_median(runs, 'gap_at_5s', '{:.2%}')} "
                f"| {_median(runs, 'gap', '{:.2%}')} | {_median(runs, 'objective', '{:g}')} "
                f"| {_median(runs, 'bound', '{:g}')} "
                f"| {_median(runs, 'planned', '{:g}')} / {_median(runs, 'unplanned', '{:g}')} |",
                flush=True,
            )


def _median(runs: list[dict], key: str, fmt: str) -> str:
    values = [r[key] for r in runs if r[key] is not None]
    return fmt.format(statistics.median(values)) if values else "-"


if __name__ == "__main__":
    main()
