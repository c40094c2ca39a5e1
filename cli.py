"""The `roster` command line: a thin layer that parses options, calls roster.*, prints, and exits
with the status of the error contract (0 ok, 1 hard violations, 2 bad input, 3 infeasible,
4 no roster in time)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
import traceback
from pathlib import Path

import click

from roster import __version__
from roster.errors import EXIT_BUG, EXIT_HARD_VIOLATIONS, InputError, RosterError

DEFAULT_WORKERS = min(8, os.cpu_count() or 1)


def _fail_cleanly(command):
    """Turn RosterErrors into a message and their exit status; tracebacks only with --debug."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = ctx.find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except RosterError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"roster: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
            if debug:
                raise
            click.echo(
                f"roster: internal error: {exc!r}. Run again with --debug for details, and please report it.",
                err=True,
            )
            ctx.exit(EXIT_BUG)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="roster")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def main(debug: bool) -> None:
    """Lawful rosters for Norwegian municipal health services.

    \b
    Make a roster:     roster solve instances/saltdal-2025.yaml --start 2026-01-05 --weeks 4
    Check a roster:    roster check instances/saltdal-2025.yaml solutions/roster.csv
    Instance format:   roster schema
    """


@main.command()
@click.argument("instance", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--start",
    type=click.DateTime(["%Y-%m-%d"]),
    help="First day (YYYY-MM-DD); default: the instance's period, else next Monday.",
)
@click.option("--weeks", type=click.IntRange(1, 53), help="Length in weeks; default: the instance's, else 4.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds the solver may search.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=DEFAULT_WORKERS,
    show_default=True,
    help="Parallel search workers.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed; with --workers 1 the same seed gives the same roster.",
)
@click.option(
    "--history",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The previous period's roster (CSV), so rest, weekends and Sundays continue lawfully.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("solutions"),
    show_default=True,
    help="Folder for the CSV and XLSX roster.",
)
@click.option("--force", is_flag=True, help="Overwrite existing roster files.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the summary.")
@click.option("--quiet", is_flag=True, help="No progress line.")
@click.option("--log", is_flag=True, help="Show CP-SAT's search log on stderr.")
@_fail_cleanly
def solve(
    instance: Path,
    start: dt.datetime | None,
    weeks: int | None,
    time_limit: float,
    workers: int,
    seed: int,
    history: Path | None,
    out: Path,
    force: bool,
    as_json: bool,
    quiet: bool,
    log: bool,
) -> None:
    """Make a roster for INSTANCE and write it as CSV and XLSX.

    \b
    Example:
      roster solve instances/saltdal-2025.yaml --start 2026-01-05 --weeks 4 \\
          --time-limit 60 --out solutions/
    """
    from roster import summary
    from roster.errors import NoRosterFound
    from roster.io.roster_csv import write_roster_csv
    from roster.io.roster_xlsx import write_roster_xlsx
    from roster.solve import SolveParams
    from roster.solve import solve as run

    inst, period, past = _load(instance, start, weeks, history)
    stem = f"{instance.stem}_{period.start.isoformat()}_{period.n_days // 7}w"
    files = {"csv": out / f"{stem}.csv", "xlsx": out / f"{stem}.xlsx"}
    if inst.recipients:
        files["visits_csv"] = out / f"{stem}_visits.csv"
    for path in files.values():
        if path.exists() and not force:
            raise InputError(
                str(path), "exists already; use --force to overwrite it or --out for another folder"
            )
    show = _progress_printer() if not quiet and sys.stderr.isatty() else None
    result = run(period, SolveParams(time_limit, workers, seed, log), past, show)
    if show is not None:
        click.echo("", err=True)
    if result.roster is None:
        raise NoRosterFound(f"no roster found within {time_limit:g} s; give it more --time-limit")
    write_roster_csv(files["csv"], result.roster, force=force)
    write_roster_xlsx(files["xlsx"], result.roster, force=force)
    if "visits_csv" in files:
        from roster.io.visits_csv import write_visits_csv

        write_visits_csv(files["visits_csv"], result.roster, force=force)
    if as_json:
        click.echo(json.dumps(summary.as_dict(result, period, files), ensure_ascii=False))
    else:
        click.echo(summary.as_text(result, period, files))


@main.command()
@click.argument("instance", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("roster_file", metavar="ROSTER", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--history",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The previous period's roster (CSV), for rules that look back.",
)
@click.option(
    "--start", type=click.DateTime(["%Y-%m-%d"]), help="First day; default: the roster's first date."
)
@click.option("--weeks", type=click.IntRange(1, 53), help="Length in weeks; default: what the roster spans.")
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
@click.option(
    "--visits",
    "visits_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The visit plan (CSV, as `solve` writes it) to check with the roster.",
)
@_fail_cleanly
def check(
    instance: Path,
    roster_file: Path,
    history: Path | None,
    start: dt.datetime | None,
    weeks: int | None,
    as_json: bool,
    visits_file: Path | None,
) -> None:
    """Check ROSTER (a CSV as `solve` writes it) against every rule of INSTANCE.

    Exit status 0: no hard violation; 1: hard violations; 2: bad input.

    \b
    Example:
      roster check instances/saltdal-2025.yaml solutions/saltdal-2025_2026-01-05_4w.csv
    """
    from roster.check import check as run_check
    from roster.io.roster_csv import read_roster_csv, roster_dates

    if start is None or weeks is None:
        first, last = roster_dates(roster_file)
        start = start or dt.datetime.combine(first, dt.time())
        weeks = weeks or max(1, -(-((last - start.date()).days + 1) // 7))
    inst, period, past = _load(instance, start, weeks, history)
    roster = read_roster_csv(roster_file, period).with_history(past)
    rules = None
    if visits_file is not None:
        from roster.io.visits_csv import read_visits_csv

        roster.visits = read_visits_csv(visits_file, period)
    elif inst.recipients:  # without a plan there is nothing to hold the visits to
        from roster.rules import RULES

        rules = [rule for rule in RULES if rule.name not in ("visits", "visit_continuity")]
        click.echo("visits not checked: give the visit plan with --visits", err=True)
    report = run_check(period, roster, rules)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "hard_violations": len(report.hard),
                    "soft_cost": report.soft_cost,
                    "violations": [
                        {
                            "rule": v.rule,
                            "hard": v.hard,
                            "employee": v.employee,
                            "dates": [period.date(d).isoformat() for d in v.days],
                            "amount": v.amount,
                            "unit": v.unit,
                            "cost": v.cost,
                            "law": v.law,
                            "message": v.message,
                        }
                        for v in report.violations
                    ],
                },
                ensure_ascii=False,
            )
        )
    else:
        click.echo(f"{roster_file}: {len(report.hard)} hard violation(s), soft cost {report.soft_cost}")
        for v in report.hard + report.soft:
            click.echo(f"  {'HARD' if v.hard else 'soft'}  {v.message}")
    if report.hard:
        click.get_current_context().exit(EXIT_HARD_VIOLATIONS)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the instance format."""
    from roster.instance import instance_schema

    click.echo(json.dumps(instance_schema(), indent=2, ensure_ascii=False))


def _load(instance: Path, start: dt.datetime | dt.date | None, weeks: int | None, history: Path | None):
    """The instance, its planning period, and the previous roster if one is given."""
    from roster.calendar import Period
    from roster.instance import load_instance
    from roster.io.roster_csv import read_roster_csv

    inst = load_instance(instance)
    if isinstance(start, dt.datetime):
        start = start.date()
    if start is None:
        start = inst.period.start if inst.period else _next_monday()
    weeks = weeks or (inst.period.weeks if inst.period else 4)
    if history is None:
        return inst, Period(inst, start, weeks * 7), None
    lookback = 7 * max(4, inst.rules.weekend_frequency.every)
    period = Period(inst, start, weeks * 7, history_days=lookback)
    return inst, period, read_roster_csv(history, period, history=True)


def _next_monday() -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def _progress_printer():
    def show(progress) -> None:
        click.echo(
            f"\r  best {progress.objective:g}   bound {progress.bound:g}   gap "
            f"{100 * progress.gap:.2f} %   {progress.elapsed:.1f} s   (Ctrl-C stops and keeps "
            "the best)   ",
            err=True,
            nl=False,
        )

    return show


if __name__ == "__main__":
    main()
