"""Diagnostic: which staff are interchangeable, and whether CP-SAT finds that symmetry on its own.

Issue 7 names symmetry between identical employees as a way to a faster search. Two employees are
identical when everything the instance says of them but their id and name is the same (units,
position, competencies, absences, fixed assignments, wishes, limits). For each instance this prints
the groups of identical employees and the symmetry CP-SAT's presolve reports on the model `roster
solve` builds (its log lines "[Symmetry] ..."), from a short solve:

    .venv/bin/python benchmarks/symmetry.py instances/saltdal-2025.yaml \\
        ../shared/benchmarks/curtois-qu/Instance*.txt --generated 15 50 100 200 --seeds 0 1 2

YAML files are the project's instances; .txt files are Curtois-Qu files; `--generated N` adds the
Norwegian-style organisations of benchmarks/norwegian.py.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.norwegian import generate  # noqa: E402
from roster.calendar import Period  # noqa: E402
from roster.instance import Instance, load_instance  # noqa: E402
from roster.io.curtois_qu import read_curtois_qu  # noqa: E402
from roster.solver.model import build  # noqa: E402


def identical_groups(inst: Instance) -> list[int]:
    """Sizes of the groups of two or more employees alike in all but id and name, largest first."""
    alike = Counter()
    for emp in inst.employees:
        data = emp.model_dump(mode="json", exclude={"id", "name"})
        alike[repr(sorted(data.items()))] += 1
    return sorted((n for n in alike.values() if n > 1), reverse=True)


def presolve_symmetry(p: Period, seconds: float) -> list[str]:
    """CP-SAT's symmetry lines of the first presolve of the model, one worker, `seconds` at most."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.log_search_progress = True
    solver.parameters.log_to_stdout = False
    lines: list[str] = []
    solver.log_callback = lines.append
    solver.solve(build(p).cp)
    found = [line for line in lines if "#generators" in line or "orbitope" in line]
    return found[:2] or ["no symmetry found"]


def instances(args) -> list[tuple[str, Period]]:
    out = []
    for path in args.files:
        if path.suffix == ".txt":
            bench = read_curtois_qu(path)
            out.append((bench.name, bench.period()))
        else:
            inst = load_instance(path)
            out.append((path.stem, Period(inst, inst.period.start, 7 * inst.period.weeks)))
    for n in args.generated:
        for seed in args.seeds:
            inst = generate(n, seed)
            out.append((f"generated {n} seed {seed}", Period(inst, inst.period.start, 28)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--generated", nargs="*", type=int, default=[], metavar="N")
    parser.add_argument("--seeds", nargs="*", type=int, default=[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="CP-SAT's time per instance")
    args = parser.parse_args()
    for name, p in instances(args):
        groups = identical_groups(p.inst)
        print(f"{name}: {len(p.inst.employees)} staff, identical groups {groups or 'none'}")
        for line in presolve_symmetry(p, args.seconds):
            print(f"    {line}")


if __name__ == "__main__":
    main()
