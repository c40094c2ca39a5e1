"""Benchmark runs: public instances solved by the engine and compared with their best-known values.

Each instance is read into the project's own Instance, solved by `roster.solver.solve.solve` (the same
model, search and re-check as every roster), and its cost recomputed by the independent checker: a
checked cost that differs from the solver's objective is a failure, not a footnote.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from roster.io.curtois_qu import read_best_known, read_curtois_qu
from roster.solver.solve import Progress, SolveParams, solve


@dataclass(frozen=True)
class BenchRow:
    instance: str
    objective: float | None
    bound: float | None
    status: str
    time_to_best_s: float | None
    best_known: int | None
    gap_to_best_known: float | None  # (objective - best known) / best known
    checked_objective: int | None  # the independent checker's cost of the same roster
    build_s: float
    wall_s: float
    time_limit_s: float
    workers: int
    seed: int
    people_search: bool
    handover: bool  # the LP's core may go to the search over people (roster/solver/handover.py)
    memory_gb: float  # the memory budget: a model whose full search would need more goes at once
    handover_s: float | None = None  # when it went (None: never; 0: at once, for the memory budget)

    @property
    def agrees(self) -> bool:
        """The checker's cost equals the solver's objective (or there is no roster to check)."""
        return self.objective is None or self.checked_objective == round(self.objective)


def run(path: Path, params: SolveParams) -> BenchRow:
    """Solve one benchmark file; the best-known value comes from BEST_KNOWN.md next to it, if any."""
    bench = read_curtois_qu(path)
    p = bench.period()
    improvements: list[Progress] = []
    result = solve(p, params, on_progress=improvements.append)
    known = read_best_known(path.parent).get(bench.name)
    checked = None if result.report is None else result.report.soft_cost
    return BenchRow(
        instance=bench.name,
        objective=result.objective,
        bound=result.bound,
        status=result.status,
        time_to_best_s=time_to_best(improvements),
        best_known=known,
        gap_to_best_known=None
        if known is None or result.objective is None
        else (result.objective - known) / max(1, known),
        checked_objective=checked,
        build_s=result.build_s or 0.0,
        wall_s=result.wall_s,
        time_limit_s=params.time_limit,
        workers=params.workers,
        seed=params.seed,
        people_search=params.people_search,
        handover=params.handover,
        memory_gb=params.memory_gb,
        handover_s=result.handover_s,
    )


def time_to_best(progress: list[Progress]) -> float | None:
    """When the best roster arrived: the first report of the search's final cost (later reports of
    the same cost only narrow the bound; a settled cost re-prices that roster after the search)."""
    found = [step for step in progress if not step.settled]
    if not found:
        return None
    return next(step.elapsed for step in found if step.objective == found[-1].objective)


COLUMNS = (
    ("instance", "instance", "{}"),
    ("objective", "objective", "{:g}"),
    ("bound", "best bound", "{:g}"),
    ("status", "status", "{}"),
    ("time_to_best_s", "time to best", "{:.1f} s"),
    ("best_known", "best known", "{}"),
    ("gap_to_best_known", "gap to best known", "{:.2%}"),
    ("checked_objective", "checked", "{}"),
)


def _cell(row: BenchRow, key: str, fmt: str) -> str:
    value = getattr(row, key)
    return "-" if value is None else fmt.format(value)


def as_table(rows: list[BenchRow]) -> str:
    """A Markdown table with the columns the issue names; a mismatch is marked in `checked`."""
    lines = [
        "| " + " | ".join(title for _, title, _ in COLUMNS) + " |",
        "|---|" + "---:|" * 2 + "---|" + "---:|" * 4,
    ]
    for row in rows:
        cells = [_cell(row, key, fmt) for key, _, fmt in COLUMNS]
        if not row.agrees:
            cells[-1] += " MISMATCH"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def as_json(rows: list[BenchRow]) -> str:
    return json.dumps([{**asdict(row), "agrees": row.agrees} for row in rows], indent=1)


def as_csv(rows: list[BenchRow]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*asdict(rows[0]), "agrees"] if rows else ["instance"])
    writer.writeheader()
    for row in rows:
        writer.writerow({**asdict(row), "agrees": row.agrees})
    return out.getvalue()
