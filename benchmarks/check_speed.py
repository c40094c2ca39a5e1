"""Benchmark: how long `roster check` takes on a large roster (issue 3: 200 employees, 12 weeks,
under 2 s). Generates the instance and roster with benchmarks/large_roster.py, then times each
step in this process (median of several runs): reading the roster as long CSV and as XLSX grid,
the check of every rule, the report's content, and writing the HTML and XLSX reports; and the
whole command as a user runs it (a fresh process, imports included).

    .venv/bin/python benchmarks/check_speed.py --employees 200 --weeks 12 --runs 5
    .venv/bin/python benchmarks/check_speed.py --profile      # where the check's time goes, by rule
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.large_roster import generate  # noqa: E402
from roster.calendar import Period  # noqa: E402
from roster.check import check  # noqa: E402
from roster.instance import load_instance  # noqa: E402
from roster.io.roster_any import read_roster_file  # noqa: E402
from roster.report import build_report, write_report  # noqa: E402
from roster.rules import RULES  # noqa: E402


def timed(runs: int, step: Callable[[], object]) -> tuple[tuple[float, float], object]:
    """(median wall time, median CPU time) of `runs` calls, and the last result. CPU time counts
    this process and its finished children, so it holds on a machine busy with other work."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        cpu, wall = _cpu(), time.perf_counter()
        result = step()
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    return (statistics.median(walls), statistics.median(cpus)), result


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile the check, by rule")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="check-speed-"))
    instance, csv_file, xlsx_file = generate(args.employees, args.weeks, args.seed, folder)
    inst = load_instance(instance)
    shifts = sum(1 for line in csv_file.open(encoding="utf-8")) - 1
    print(f"# {args.employees} employees, {args.weeks} weeks, {shifts} shifts, seed {args.seed}")
    print(f"# medians of {args.runs} runs")

    def read(path: Path):
        read_file = read_roster_file(path, inst)
        first, last = read_file.span()
        p = Period(inst, first, (last - first).days + 1)
        return p, read_file.resolve(p)

    rows = []
    t_csv, (p, read_csv) = timed(args.runs, lambda: read(csv_file))
    rows.append(("read long CSV", t_csv))
    t_xlsx, (_, read_xlsx) = timed(args.runs, lambda: read(xlsx_file))
    rows.append(("read XLSX grid", t_xlsx))
    assert read_xlsx.roster.shifts == read_csv.roster.shifts, "the two files hold different rosters"
    t_check, report = timed(args.runs, lambda: check(p, read_csv.roster))
    rows.append((f"check, every rule ({len(report.hard)} hard, {len(report.soft)} soft violations)", t_check))
    t_build, hr = timed(args.runs, lambda: build_report(p, read_csv, report, str(csv_file), "long"))
    rows.append(("report content (coverage, per employee)", t_build))
    t_text, _ = timed(args.runs, lambda: hr.as_dict("nb"))
    rows.append(("report as JSON data", t_text))
    t_html, _ = timed(args.runs, lambda: write_report(folder / "report.html", hr, "nb", force=True))
    rows.append(("write HTML report", t_html))
    t_xlsx_report, _ = timed(args.runs, lambda: write_report(folder / "report.xlsx", hr, "nb", force=True))
    rows.append(("write XLSX report", t_xlsx_report))
    command = [str(ROOT / ".venv" / "bin" / "roster"), "check", str(instance), str(csv_file), "--json"]
    t_cli, _ = timed(args.runs, lambda: subprocess.run(command, capture_output=True, check=False))
    rows.append(("`roster check INSTANCE roster.csv --json`, a fresh process", t_cli))
    print("| step | wall s (median) | CPU s (median) |\n|---|---:|---:|")
    for name, (wall, cpu) in rows:
        print(f"| {name} | {wall:.3f} | {cpu:.3f} |")
    if args.profile:
        profile_check(p, read_csv.roster)


def profile_check(p: Period, roster) -> None:
    """Seconds per rule's check, then the functions that take the most time."""
    print("\n| rule | s |\n|---|---:|")
    for rule in RULES:
        if rule.applies(p.inst):
            started = time.perf_counter()
            rule.check(p, roster)
            print(f"| {rule.name} | {time.perf_counter() - started:.3f} |")
    profiler = cProfile.Profile()
    profiler.runcall(check, p, roster)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
