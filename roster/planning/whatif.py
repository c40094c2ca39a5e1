"""What-if runs: the instance and each scenario solved side by side, compared in one table.

Every run is an ordinary `solve` with open shifts (so a short-staffed scenario still gets a roster
and shows what is left open) on its own merged instance. Runs go to separate processes, at most
as many at a time as there are CP-SAT workers to share (`split`), each with the full time limit.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import statistics
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace

import pandas as pd

from roster.calendar import Period
from roster.errors import Infeasible, Message
from roster.i18n import choose, say
from roster.instance import Instance
from roster.open_shifts import hours_by_competency
from roster.rules.fairness import CATEGORIES, _items, groups, share
from roster.schedule import Roster
from roster.solver.solve import Result, SolveParams, solve
from roster.summary import hours_vs_contract, limited_by_time
from roster.visits import unplanned_count

BASELINE = "baseline"


@dataclass(frozen=True)
class Run:
    """One what-if run: a name, its (merged) instance and the period to plan."""

    name: str
    inst: Instance
    start: dt.date
    days: int


@dataclass(frozen=True)
class Outcome:
    """One row of the comparison."""

    scenario: str
    status: str  # optimal, feasible, infeasible, unknown (no roster in time)
    open_shifts: int = 0
    open_hours: float = 0.0
    open_by_competency: dict[str, float] = field(default_factory=dict)
    over_h: float = 0.0  # summed over employees: hours planned beyond their contract
    under_h: float = 0.0  # ... and short of it
    weekend_mean: float | None = None  # weekends worked per person who works weekends
    weekend_max: int | None = None
    fair_spread: float | None = None  # see `fair_spread`
    objective: float | None = None
    gap: float | None = None
    wall_s: float = 0.0
    why: Message = ""  # infeasible: the conflicting requirements
    open_shifts_bound: int | None = None  # no lawful roster leaves fewer open (None: not proven)
    visits_unplanned: int | None = None  # None: the unit has no visits
    visits_unplanned_bound: int | None = None
    limited_by_time: bool = False  # open shifts or visits not made above their bound

    @property
    def feasible(self) -> bool:
        return self.status in ("optimal", "feasible")


def split(runs: int, workers: int) -> tuple[int, int]:
    """(processes, CP-SAT workers per run) for `runs` runs sharing `workers` workers: as many runs
    at a time as there are workers, the workers divided evenly among them."""
    processes = max(1, min(runs, workers))
    return processes, max(1, workers // processes)


def compare(
    runs: list[Run],
    params: SolveParams,
    workers: int,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Solve every run (in parallel processes) and return their outcomes in the runs' order."""
    processes, each = split(len(runs), workers)
    params = replace(params, workers=each, open_shifts=True)
    if processes == 1:
        outcomes = []
        for run in runs:
            outcomes.append(run_one(run, params))
            if on_done is not None:
                on_done(outcomes[-1])
        return outcomes
    # spawn: a fresh interpreter per process, never a fork of one that may hold solver threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        futures = {pool.submit(run_one, run, params): i for i, run in enumerate(runs)}
        done: dict[int, Outcome] = {}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            if on_done is not None:
                on_done(done[futures[future]])
    return [done[i] for i in range(len(runs))]


def run_one(run: Run, params: SolveParams) -> Outcome:
    """Solve one run and measure its roster."""
    p = Period(run.inst, run.start, run.days)
    try:
        result = solve(p, params)
    except Infeasible as exc:
        return Outcome(run.name, "infeasible", why=exc.message)
    return measure(run.name, p, result)


def measure(name: str, p: Period, result: Result) -> Outcome:
    """The comparison's figures for one solve."""
    roster = result.roster
    if roster is None:
        return Outcome(name, result.status, wall_s=result.wall_s)
    diffs = [h.difference for h in hours_vs_contract(p, roster)]
    weekends = weekend_counts(p, roster)
    return Outcome(
        name,
        result.status,
        open_shifts=len(roster.open),
        open_shifts_bound=result.open_shifts_bound,
        visits_unplanned=None if roster.visits is None else unplanned_count(p, roster),
        visits_unplanned_bound=result.visits_unplanned_bound,
        limited_by_time=limited_by_time(result, p),
        open_hours=sum(o.shift.paid for o in roster.open) / 60,
        open_by_competency=hours_by_competency(roster),
        over_h=sum(d for d in diffs if d > 0),
        under_h=-sum(d for d in diffs if d < 0),
        weekend_mean=statistics.fmean(weekends) if weekends else None,
        weekend_max=max(weekends) if weekends else None,
        fair_spread=fair_spread(p, roster),
        objective=result.objective,
        gap=result.gap,
        wall_s=result.wall_s,
    )


def weekend_counts(p: Period, roster: Roster) -> list[int]:
    """Weekends worked by each person whose units run weekend shifts (as the fairness rule)."""
    return [_items(p, roster.of(e.id), "weekends") for members in groups(p, "weekends") for e in members]


def fair_spread(p: Period, roster: Roster) -> float | None:
    """The largest gap, in shifts (weekends), between two people of a unit in how far each is
    above their fair share of nights, evenings, weekends or holidays (0: shared exactly by
    position and days present; the fairness rule's shares)."""
    spreads = []
    for category in CATEGORIES:
        for members in groups(p, category):
            counts = {e.id: _items(p, roster.of(e.id), category) for e in members}
            shares = sum(share(p, e) for e in members)
            total = sum(counts.values())
            above = [counts[e.id] - share(p, e) * total / shares for e in members]
            spreads.append(max(above) - min(above))
    return max(spreads) if spreads else None


# ---- the comparison table -------------------------------------------------------------------------


def table(outcomes: list[Outcome]) -> pd.DataFrame:
    """One row per run; one open-hours column per competency needed anywhere. Columns take the
    type of their values (nullable where an infeasible run has none), ready for analysis."""
    competencies = sorted({c for o in outcomes for c in o.open_by_competency})
    columns = [
        "scenario",
        "feasible",
        "status",
        "open_shifts",
        "open_shifts_bound",
        "visits_unplanned",
        "visits_unplanned_bound",
        "limited_by_time",
        "open_h",
        *(f"open_h_{c}" for c in competencies),
        "over_contract_h",
        "under_contract_h",
        "weekends_mean",
        "weekends_max",
        "fair_spread",
        "objective",
        "gap",
        "wall_s",
        "why",
    ]
    rows = [
        [
            o.scenario,
            "yes" if o.feasible else "no",
            o.status,
            o.open_shifts if o.feasible else None,
            o.open_shifts_bound,
            o.visits_unplanned,
            o.visits_unplanned_bound,
            ("yes" if o.limited_by_time else "no") if o.feasible else None,
            _round(o.open_hours) if o.feasible else None,
            *(_round(o.open_by_competency.get(c, 0.0)) if o.feasible else None for c in competencies),
            _round(o.over_h) if o.feasible else None,
            _round(o.under_h) if o.feasible else None,
            _round(o.weekend_mean),
            o.weekend_max,
            _round(o.fair_spread),
            o.objective,
            None if o.gap is None else round(o.gap, 4),
            round(o.wall_s, 1),
            say(o.why, "en"),
        ]
        for o in outcomes
    ]
    frame = pd.DataFrame(rows, columns=columns).convert_dtypes()
    # Hours stay decimal even when every run's happen to be whole (convert_dtypes makes those integers).
    hours = [c for c in columns if c.startswith("open_h") or c.endswith("_h")]
    return frame.astype({c: "Float64" for c in hours})


# The terminal table's words: (English, Norwegian).
HEADER = (
    "scenario|feasible|open|open at least|visits not made|at least|open h|open h by competency|over h"
    "|under h|wkend mean|wkend max|spread|objective|gap",
    "scenario|mulig|ledige|ledige minst|besøk ikke planlagt|minst|ledige t|ledige t per kompetanse|over t"
    "|under t|helger snitt|helger maks|spredning|kostnad|avstand",
)
# The mark of a row limited by time, and what it means.
LIMITED = (
    "* open shifts or visits not made above what the search proved unavoidable: left by the time limit; "
    "give more time (--time-limit)",
    "* ledige vakter eller besøk ikke planlagt over det søket beviste at ikke kan unngås: står igjen "
    "fordi tiden gikk ut; gi mer tid (--time-limit)",
)
FEASIBLE = {"yes": ("yes", "ja"), "no": ("no", "nei"), "unknown": ("unknown", "ukjent")}
NO_ROSTER = ("no lawful roster", "ingen lovlig turnus")


def as_text(outcomes: list[Outcome], lang: str = "en") -> str:
    """The comparison for the terminal; the reasons of infeasible runs below it."""
    header = choose(HEADER, lang).split("|")
    body = []
    for o in outcomes:
        by = ", ".join(f"{c} {h:g}" for c, h in o.open_by_competency.items()) or "-"
        feasible = "yes" if o.feasible else ("no" if o.status == "infeasible" else "unknown")
        floors = [_num(o.open_shifts), _num(o.open_shifts_bound), _num(o.visits_unplanned)]
        floors.append(_num(o.visits_unplanned_bound))
        body.append(
            [
                o.scenario + (" *" if o.feasible and o.limited_by_time else ""),
                choose(FEASIBLE[feasible], lang),
                *(
                    [*floors, _num(o.open_hours), by, _num(o.over_h), _num(o.under_h)]
                    if o.feasible
                    else ["-"] * 8
                ),
                _num(o.weekend_mean, 2),
                _num(o.weekend_max),
                _num(o.fair_spread, 2),
                _num(o.objective),
                "-" if o.gap is None else f"{100 * o.gap:.2f} %",
            ]
        )
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i in (0, 1, 7) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *body]
    ]
    if any(o.feasible and o.limited_by_time for o in outcomes):
        lines += ["", choose(LIMITED, lang)]
    for o in outcomes:
        if o.why:
            lines += ["", f"{o.scenario}: {choose(NO_ROSTER, lang)}; {say(o.why, lang)}"]
    return "\n".join(lines)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{round(value, digits):g}"
