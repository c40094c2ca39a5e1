"""The zoo: `roster solve` on every benchmark instance of benchmarks/zoo/ and on Saltdal's, one run
at a time, a row per run as it finishes, and a summary per checkout and instance.

    .venv/bin/python benchmarks/zoo.py [NAMES...] --time-limit 60 --workers 2 --seeds 0 1 2 \
        [--weeks N] [--wall-clock] [--against PATH] [--json FILE]
    .venv/bin/python benchmarks/zoo.py --table benchmarks/results/zoo-*.json

NAMES picks entries by name (`nursing-home-ward`, `saltdal-2025@8`, or `saltdal-2025` for both of its
lengths); none means all. A zoo file is planned over its own `period` unless `--weeks` says otherwise;
Saltdal's entries carry their weeks in their names. Each run is one subprocess of `roster solve ...
--json --quiet` through a checkout's own `cli.py`, stopped after 3 x limit + 120 s. With `--against
PATH` (another checkout, e.g. `git worktree add ../old <commit>`) every run is made there too, right
after the same run here, so both see the same machine load. Both solve this checkout's instance files.
With `--wall-clock`, one worker stops on the wall clock as each run of `roster whatif` does (by
default `roster solve --workers 1` counts CP-SAT's deterministic time, which on a busy machine lets
it run longer). `--json FILE` writes the parameters, the date, each checkout's commit and every row (for
benchmarks/results/); `--table FILE...` prints recorded files as the Markdown table of
benchmarks/README.md. The instances and where their figures come from: benchmarks/zoo/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT / "benchmarks" / "zoo"
SALTDAL = [
    (f"saltdal-{year}@{weeks}", f"instances/saltdal-{year}.yaml", weeks)
    for year in (2025, 2040)
    for weeks in (4, 8)
]
# (heading, row key, width): the columns of a row, in order
COLUMNS = [
    ("checkout", "checkout", 10),
    ("instance", "instance", 22),
    ("weeks", "weeks", 5),
    ("seed", "seed", 4),
    ("workers", "workers", 7),
    ("limit", "limit", 5),
    ("first_s", "first_solution_s", 7),
    ("objective", "objective", 9),
    ("bound", "bound", 9),
    ("gap_%", "gap_pct", 6),
    ("open", "open_shifts", 4),
    ("open_lb", "open_shifts_bound", 7),
    ("unplanned", "visits_unplanned", 9),
    ("unpl_lb", "visits_unplanned_bound", 7),
    ("wall_s", "wall_s", 7),
    ("exit", "exit", 7),
]


def entries(weeks: int | None = None) -> list[tuple[str, str, int]]:
    """(name, path relative to the checkout, weeks) of every run the zoo knows."""
    zoo = []
    for path in sorted(ZOO.glob("*.yaml")):
        own = yaml.safe_load(path.read_text(encoding="utf-8"))["period"]["weeks"]
        zoo.append((path.stem, str(path.relative_to(ROOT)), weeks or own))
    return SALTDAL + zoo


def select(names: list[str], known: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The entries named (a Saltdal name without `@weeks` takes both); all when none is named."""
    if not names:
        return known
    picked = [e for e in known if e[0] in names or e[0].split("@")[0] in names]
    unknown = [n for n in names if not any(n in (e[0], e[0].split("@")[0]) for e in known)]
    if unknown:
        sys.exit(f"zoo: unknown instance {', '.join(unknown)}; known: {', '.join(e[0] for e in known)}")
    return picked


def row_of(data: dict | None, **run) -> dict:
    """A row from `roster solve --json`'s object (None when the run gave none) and the run's own fields."""
    data = data or {}
    visits = data.get("visits") or {}
    opened = data.get("open_shifts")
    gap = data.get("gap")
    return run | {
        "first_solution_s": data.get("first_solution_s"),
        "objective": data.get("objective"),
        "bound": data.get("bound"),
        "gap_pct": None if gap is None else round(100 * gap, 2),
        "open_shifts": len(opened) if isinstance(opened, list) else opened,
        "open_shifts_bound": data.get("open_shifts_bound"),
        "visits_unplanned": visits.get("unplanned"),
        "visits_unplanned_bound": visits.get("unplanned_bound"),
    }


def cell(value, width: int) -> str:
    if value is None:
        text = "-"
    elif isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")  # 1288.0 as 1288, 0.5 as 0.5
    else:
        text = str(value)
    return text.rjust(width)


def format_row(row: dict) -> str:
    return " ".join(cell(row.get(key), width) for _, key, width in COLUMNS)


def header() -> str:
    return " ".join(title.rjust(width) for title, _, width in COLUMNS)


def solve(
    checkout: Path, path: Path, weeks: int, seed: int, workers: int, limit: float, wall: bool = False
) -> tuple:
    """One `roster solve` through the checkout's cli.py (with `wall`, on the wall clock however many
    workers): (exit status, JSON object or None, wall s, error)."""
    boot = f"import sys; sys.path.insert(0, {str(checkout)!r}); import cli; cli.main()"
    with tempfile.TemporaryDirectory(prefix="zoo-") as out:
        args = ["solve", str(path), "--weeks", str(weeks), "--time-limit", str(limit)]
        args += ["--workers", str(workers), "--seed", str(seed), "--json", "--quiet", "--out", out, "--force"]
        args += ["--wall-clock"] if wall else []
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", boot, *args],
            cwd=checkout,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, to stop whatever it started
        )
        try:
            stdout, stderr = proc.communicate(timeout=3 * limit + 120)
            status: int | str = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            status = "timeout"
        wall = round(time.monotonic() - started, 1)
    try:
        data = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        data, stderr = None, f"no JSON on stdout: {stdout[:200]!r} {stderr}"
    error = stderr.strip().splitlines()[-1] if stderr.strip() else None
    return status, data if isinstance(data, dict) else None, wall, error


def run_one(
    label: str, checkout: Path, entry: tuple, seed: int, workers: int, limit: float, wall: bool = False
) -> dict:
    """One run as a row; a crash or a timeout is a row with its exit status."""
    name, path, weeks = entry
    status, data, seconds, error = solve(checkout, ROOT / path, weeks, seed, workers, limit, wall)
    run = {"checkout": label, "instance": name, "weeks": weeks, "seed": seed, "workers": workers}
    run |= {"wall_clock": True} if wall else {}
    return row_of(data, **run, limit=limit) | {"wall_s": seconds, "exit": status, "error": error}


def median(group: list[dict], key: str) -> float | None:
    """The median of `key` over the runs that have it (None where none has)."""
    values = [r[key] for r in group if r.get(key) is not None]
    return statistics.median(values) if values else None


def at_bound(group: list[dict], key: str) -> str | None:
    """'met/known': of the runs with a count and its bound, how many met it (None where none has both)."""
    known = [r for r in group if r.get(key) is not None and r.get(f"{key}_bound") is not None]
    return f"{sum(r[key] == r[f'{key}_bound'] for r in known)}/{len(known)}" if known else None


def summary(rows: list[dict]) -> list[str]:
    """Per (checkout, instance): medians over seeds, and the runs whose count met its bound."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["checkout"], r["instance"]), []).append(r)
    widths = [10, 22, 4, 9, 6, 4, 9, 8, 10]
    titles = ["checkout", "instance", "runs", "objective", "gap_%", "open", "unplanned", "open=lb", "unpl=lb"]
    lines = [" ".join(t.rjust(w) for t, w in zip(titles, widths, strict=True))]
    for (label, name), group in groups.items():
        values = [label, name, len(group), median(group, "objective"), median(group, "gap_pct")]
        values += [median(group, "open_shifts"), median(group, "visits_unplanned")]
        values += [at_bound(group, "open_shifts"), at_bound(group, "visits_unplanned")]
        lines.append(" ".join(cell(v, w) for v, w in zip(values, widths, strict=True)))
    return lines


def table(records: list[dict]) -> list[str]:
    """Recorded runs (--json files) as one Markdown table: per commit, instance, workers and limit,
    the medians over seeds and the runs whose counts met their bounds (for benchmarks/README.md)."""
    groups: dict[tuple, list[dict]] = {}
    for record in records:
        commits = {c["label"]: (c["commit"] or "?")[:7] for c in record["checkouts"]}
        for r in record["rows"]:
            workers = f"{r['workers']} (wall clock)" if r.get("wall_clock") else r["workers"]
            key = (commits[r["checkout"]], r["instance"], workers, r["limit"])
            groups.setdefault(key, []).append(r)

    def shown(value):
        return "-" if value is None else f"{value:g}" if isinstance(value, float | int) else value

    lines = [
        "| commit | instance | workers | limit s | seeds | first roster s | objective | gap % | open "
        "| open = bound | not made | not made = bound |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (sha, name, workers, limit), group in sorted(
        groups.items(), key=lambda g: (g[0][1], str(g[0][2]), g[0][0])
    ):
        seeds = ",".join(str(r["seed"]) for r in group)
        cells = [sha, name, workers, f"{limit:g}", seeds]
        cells += [
            shown(median(group, key)) for key in ("first_solution_s", "objective", "gap_pct", "open_shifts")
        ]
        cells += [shown(at_bound(group, "open_shifts")), shown(median(group, "visits_unplanned"))]
        cells += [shown(at_bound(group, "visits_unplanned"))]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines


def commit(checkout: Path) -> str | None:
    def git(*args):
        done = subprocess.run(["git", "-C", str(checkout), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    head = git("rev-parse", "HEAD")
    return head and head + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAMES")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--weeks", type=int, help="plan each zoo file over N weeks, not its period")
    parser.add_argument(
        "--wall-clock",
        action="store_true",
        help="one worker stops on the wall clock, as in `roster whatif` (both checkouts need the option)",
    )
    parser.add_argument("--against", type=Path, help="another checkout of the project, run beside this one")
    parser.add_argument("--json", type=Path, help="write the parameters and every row to this file")
    parser.add_argument("--table", type=Path, nargs="+", help="print recorded --json files as Markdown")
    args = parser.parse_args(argv)
    if args.table:
        print("\n".join(table([json.loads(path.read_text(encoding="utf-8")) for path in args.table])))
        return
    todo = select(args.names, entries(args.weeks))
    checkouts = [("this", ROOT)] + ([("against", args.against.resolve())] if args.against else [])
    print(header(), flush=True)
    rows = []
    for entry in todo:
        for seed in args.seeds:
            for label, checkout in checkouts:
                rows.append(
                    run_one(label, checkout, entry, seed, args.workers, args.time_limit, args.wall_clock)
                )
                print(format_row(rows[-1]), flush=True)
    print("\nMedians over seeds; runs whose open shifts (visits not made) equal their bound")
    print("\n".join(summary(rows)))
    if args.json:
        record = {
            "parameters": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "checkouts": [{"label": label, "path": str(c), "commit": commit(c)} for label, c in checkouts],
            "rows": rows,
        }
        args.json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
