"""What produced a roster (inputs and their SHA-256, parameters, seed, versions, the command), written
beside it as `<roster>.run.json`, so that any roster can be traced and made again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import shlex
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roster import __version__
from roster.io.atomic import write_atomic

if TYPE_CHECKING:  # the command line imports this module before it needs the solver
    from roster.calendar import Period
    from roster.solver.solve import Result

SUFFIX = ".run.json"


def record_path(roster_csv: Path) -> Path:
    """`x.csv` -> `x.run.json`, beside the roster."""
    return roster_csv.with_name(roster_csv.stem + SUFFIX)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def record(
    argv: list[str],
    inputs: dict[str, Path | None],
    p: Period,
    result: Result,
    started: dt.datetime,
    outputs: dict[str, Path],
    **choices: Any,
) -> dict[str, Any]:
    """The run record: `argv` is the command that makes the same roster again (with one worker),
    `inputs` the files it read, `choices` further settings of the command (absences, ...)."""
    params = result.params
    return {
        "roster_version": __version__,
        "command": shlex.join(argv),
        "argv": argv,
        "started": started.isoformat(timespec="seconds"),
        "wall_s": round(result.wall_s, 3),
        "inputs": {
            name: {"path": str(path), "sha256": sha256(path)}
            for name, path in inputs.items()
            if path is not None
        },
        "period": {"start": p.start.isoformat(), "end": p.end.isoformat(), "days": p.n_days},
        "parameters": {
            "time_limit_s": params.time_limit,
            "workers": params.workers,
            "seed": params.seed,
            "open_shifts": params.open_shifts,
            **choices,
        },
        # One worker stops on CP-SAT's deterministic clock: the same command and versions give the
        # same roster, unless the wall clock's safety net may have stopped it first (a very busy
        # machine). Parallel workers race, so a rerun may find another roster of equal worth.
        "reproducible": params.reproducible and result.wall_s < params.wall_limit,
        "result": {
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "hard_violations": 0 if result.report is None else len(result.report.hard),
            "open_shifts": 0 if result.roster is None else len(result.roster.open),
            "open_shifts_bound": result.open_shifts_bound,
            "visits": _visits(p, result),
        },
        "outputs": {name: str(path) for name, path in outputs.items()},
        "versions": {
            "python": platform.python_version(),
            "ortools": version("ortools"),
            "platform": platform.platform(),
        },
    }


def _visits(p: Period, result: Result) -> dict[str, Any] | None:
    """Visits not made and the fewest any lawful roster leaves; None without visits."""
    from roster.visits import unplanned_count

    if result.roster is None or result.roster.visits is None:
        return None
    return {"unplanned": unplanned_count(p, result.roster), "unplanned_bound": result.visits_unplanned_bound}


def write_record(path: Path, data: dict[str, Any], force: bool) -> None:
    write_atomic(
        path,
        lambda tmp: tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8"),
        force,
    )
