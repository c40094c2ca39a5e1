"""The `roster` command line: a thin layer that parses options, calls roster.*, prints, and exits
with the status of the error contract (0 ok, 1 hard violations, 2 bad input, 3 infeasible,
4 no roster in time)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import os
import sys
import traceback
from pathlib import Path

import click

from roster import __version__
from roster.errors import EXIT_BUG, EXIT_HARD_VIOLATIONS, EXIT_NO_ROSTER, InputError, RosterError
from roster.i18n import DEFAULT_LANG, LANGS, Text, number
from roster.run_record import record_path

DEFAULT_WORKERS = min(8, os.cpu_count() or 1)
QUIET_HELP = "Print nothing but errors (for scripts: the exit status tells); with --json only the JSON."


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
            click.echo(f"roster: {exc.in_lang(ctx.params.get('lang') or 'en')}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:  # outside the search (which keeps its best roster): reading, explaining
            click.echo(
                "roster: stopped by Ctrl-C before it finished; files are written whole or not at all",
                err=True,
            )
            ctx.exit(EXIT_NO_ROSTER)
        except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
            if debug:
                raise
            click.echo(
                f"roster: internal error: {exc!r}. Run again with --debug for details, and please report it.",
                err=True,
            )
            ctx.exit(EXIT_BUG)

    return wrapper


_summary_lang = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="Language of the summary and of this command's own messages: English (en) or Norwegian (nb).",
)


def _search_options(time_limit: float, workers_help: str):
    """--time-limit, --workers and --seed of the commands that search (whatif, repair)."""

    def decorate(command):
        for option in (
            click.option("--seed", type=int, default=0, show_default=True, help="Random seed."),
            click.option(
                "--workers",
                type=click.IntRange(1, 64),
                default=DEFAULT_WORKERS,
                show_default=True,
                help=workers_help,
            ),
            click.option(
                "--time-limit",
                type=click.FloatRange(min=0.1),
                default=time_limit,
                show_default=True,
                help="Seconds each solve may search.",
            ),
        ):
            command = option(command)
        return command

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="roster")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def main(debug: bool) -> None:
    """Lawful rosters for Norwegian municipal health services.

    \b
    Make a roster:     roster solve instances/saltdal-2025.yaml --start 2026-01-05 --weeks 4
    Check a roster:    roster check instances/saltdal-2025.yaml solutions/roster.csv
    Compare changes:   roster whatif instances/saltdal-2025.yaml instances/scenarios/*.yaml
    Replan:            roster repair INSTANCE ROSTER --absent v03 --from DATE --to DATE
    Instance format:   roster schema

    Exit status: 0 ok, 1 hard violations (check), 2 bad input, 3 infeasible, 4 no roster in time;
    70 is a bug (please report it). Shell completion: see the README.
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
    "--wall-clock",
    is_flag=True,
    help="With --workers 1, stop when --time-limit seconds have passed, as each run of `roster whatif` "
    "does, instead of on CP-SAT's deterministic clock (the same roster for a seed on any machine, "
    "but a run may take several times the limit on a busy one).",
)
@click.option(
    "--history",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The previous period's roster (CSV or XLSX, any form), so rest, weekends and Sundays continue.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("solutions"),
    show_default=True,
    help="Folder for the CSV and XLSX roster.",
)
@click.option("--force", is_flag=True, help="Overwrite existing roster files.")
@click.option(
    "--scenario",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Solve the instance as changed by this what-if overlay (instances/scenarios/README.md).",
)
@click.option(
    "--open-shifts/--no-open-shifts",
    default=True,
    show_default=True,
    help="Leave staffing the staff cannot meet lawfully as open shifts for substitutes (listed, and "
    "written as <name>_open.csv); with --no-open-shifts such an instance is infeasible (exit 3).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the summary.")
@click.option("--quiet", is_flag=True, help=QUIET_HELP)
@click.option(
    "--log",
    is_flag=True,
    help="Show CP-SAT's search log on stderr, and each turn of the search case by case.",
)
@_summary_lang
@_fail_cleanly
def solve(
    instance: Path,
    start: dt.datetime | None,
    weeks: int | None,
    time_limit: float,
    workers: int,
    seed: int,
    wall_clock: bool,
    history: Path | None,
    out: Path,
    force: bool,
    scenario: Path | None,
    open_shifts: bool,
    as_json: bool,
    quiet: bool,
    log: bool,
    lang: str,
) -> None:
    """Make a roster for INSTANCE and write it as CSV and XLSX, with `<name>.run.json` beside them:
    what made it (the instance's SHA-256, the parameters, the seed, the versions, the command).

    \b
    Example:
      roster solve instances/saltdal-2025.yaml --start 2026-01-05 --weeks 4 \\
          --time-limit 60 --out solutions/
    """
    from roster import summary
    from roster.solver.solve import SolveParams
    from roster.solver.solve import solve as run

    started = dt.datetime.now(dt.UTC)
    inst, period, past = _load(instance, start, weeks, history, scenario)
    name = f"{instance.stem}+{scenario.stem}" if scenario else instance.stem
    stem = f"{name}_{period.start.isoformat()}_{period.n_days // 7}w"
    files = {"csv": out / f"{stem}.csv", "xlsx": out / f"{stem}.xlsx"}
    if inst.recipients:
        files["visits_csv"] = out / f"{stem}_visits.csv"
    open_file = out / f"{stem}_open.csv"
    _refuse_overwrite([*files.values(), open_file, record_path(files["csv"])], force)
    show = _progress_printer() if not quiet and sys.stderr.isatty() else None
    with _search_log(log):
        params = SolveParams(time_limit, workers, seed, log, open_shifts, deterministic=not wall_clock)
        result = run(period, params, past, show)
    if show is not None:
        click.echo("", err=True)
    inputs = {"instance": instance, "scenario": scenario, "history": history}
    _write_rosters(result, files, open_file, force, _recorder(period, result, inputs, started), lang)
    if as_json:
        click.echo(json.dumps(summary.as_dict(result, period, files), ensure_ascii=False))
    elif not quiet:
        click.echo(summary.as_text(result, period, files, lang))


@contextlib.contextmanager
def _search_log(on: bool):
    """With --log, roster's own search (its DEBUG log: roster/solver/cases.py) writes to stderr too."""
    if not on:
        yield
        return
    logger, handler = logging.getLogger("roster"), logging.StreamHandler(sys.stderr)
    level = logger.level  # put back afterwards: a caller's own setting (tests, embedding) stays
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@main.command()
@click.argument("instance", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("roster_file", metavar="ROSTER", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--history",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The previous period's roster (in any form ROSTER may take), for rules that look back.",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as FILE.xlsx (a sheet each) or FILE.html (one page, prints on A4).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=DEFAULT_LANG,
    show_default=True,
    help="Language of the texts: Norwegian (nb) or English (en).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option(
    "--start", type=click.DateTime(["%Y-%m-%d"]), help="First day; default: the roster's first date."
)
@click.option("--weeks", type=click.IntRange(1, 53), help="Length in weeks; default: the roster's dates.")
@click.option("--sheet", help="The workbook sheet that holds the roster; default: the first that holds one.")
@click.option("--force", is_flag=True, help="Overwrite an existing --report file.")
@click.option(
    "--visits",
    "visits_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The visit plan (CSV, as `solve` writes it) to check with the roster.",
)
@click.option("--quiet", is_flag=True, help=QUIET_HELP)
@_fail_cleanly
def check(
    instance: Path,
    roster_file: Path,
    history: Path | None,
    report_file: Path | None,
    lang: str,
    as_json: bool,
    start: dt.datetime | None,
    weeks: int | None,
    sheet: str | None,
    force: bool,
    visits_file: Path | None,
    quiet: bool,
) -> None:
    """Check ROSTER against every rule of INSTANCE and report coverage by competency.

    ROSTER is a CSV file or an XLSX workbook, as a grid (a row per employee, a column per date,
    shift codes in the cells) or as a list (a row per shift: employee, date, and a shift code or
    start and end times); the form is detected. Employees are matched by id or by name.

    Exit status 0: no hard violation; 1: hard violations; 2: bad input.

    \b
    Example:
      roster check instances/saltdal-2025.yaml solutions/saltdal-2025_2026-01-05_4w.csv \\
          --report check.html --lang nb
    """
    from roster.calendar import Period
    from roster.check import check as run_check
    from roster.instance import load_instance
    from roster.io.roster_any import ReadRoster, read_roster, read_roster_file
    from roster.report import as_text, build_report, check_report_path, write_report

    if report_file is not None:
        check_report_path(report_file)
    inst = load_instance(instance)
    first_day = start.date() if start else None
    read_file = read_roster_file(roster_file, inst, first_day, sheet)
    if first_day is None or weeks is None:
        first, last = read_file.span()
        first_day = first_day or first
        n_days = 7 * weeks if weeks else (last - first_day).days + 1
        if n_days < 1:
            raise InputError(str(roster_file), f"--start {first_day} is after the roster's last date {last}")
    else:
        n_days = 7 * weeks
    period = Period(inst, first_day, n_days, history_days=_lookback_days(inst) if history else 0)
    read = read_file.resolve(period)
    past = read_roster(history, period, history=True).roster if history is not None else None
    checked = ReadRoster(read.roster.with_history(past), read.open_shifts)
    rules = _visit_plan(period, checked.roster, visits_file)
    report = build_report(
        period,
        checked,
        run_check(period, checked.roster, rules),
        str(roster_file),
        read_file.form,
        read_file.sheet,
    )
    if report_file is not None:
        write_report(report_file, report, lang, force)
    if as_json:
        click.echo(json.dumps(report.as_dict(lang), ensure_ascii=False))
    elif not quiet:
        click.echo(as_text(report, lang))
        if report_file is not None:
            click.echo(f"\n{'Skrevet' if lang == 'nb' else 'Written'}: {report_file}")
    if report.hard:
        click.get_current_context().exit(EXIT_HARD_VIOLATIONS)


@main.command()
@click.argument("instance", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "scenarios",
    metavar="SCENARIO...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day; default: the instance's period.")
@click.option("--weeks", type=click.IntRange(1, 53), help="Length in weeks; default: the instance's, else 4.")
@_search_options(
    60.0, "CP-SAT workers shared by the runs: min(runs, N) run at a time, each with N // that many."
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the table (.csv or .xlsx)."
)
@click.option("--force", is_flag=True, help="Overwrite an existing --out file.")
@click.option(
    "--deterministic",
    is_flag=True,
    help="Runs with one worker stop on CP-SAT's deterministic clock, so each row equals "
    "`roster solve --workers 1` with the same seed (the time a run takes then varies).",
)
@click.option(
    "--baseline/--no-baseline", default=True, show_default=True, help="Also run INSTANCE unchanged."
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors (the --out table is still written).")
@_summary_lang
@_fail_cleanly
def whatif(
    instance: Path,
    scenarios: tuple[Path, ...],
    start: dt.datetime | None,
    weeks: int | None,
    time_limit: float,
    workers: int,
    seed: int,
    out: Path | None,
    force: bool,
    deterministic: bool,
    baseline: bool,
    quiet: bool,
    lang: str,
) -> None:
    """Compare INSTANCE (the baseline) with each SCENARIO, an overlay that changes it.

    Every run is a `roster solve` with open shifts; the table has one row per run: feasible, open
    shift-hours by competency, hours over and under contract, weekends per person (mean, max),
    the fairness spread, the objective and its gap. Scenario format: instances/scenarios/README.md.

    \b
    Example:
      roster whatif instances/saltdal-2025.yaml instances/scenarios/*.yaml --out whatif.xlsx
    """
    from roster.io.tables import write_table
    from roster.planning import whatif as wi
    from roster.planning.scenario import apply, load_scenario
    from roster.solver.solve import SolveParams
    from roster.summary import word

    inst, period, _ = _load(instance, start, weeks, None)
    if out is not None:
        _refuse_overwrite([out], force)
    runs = [wi.Run(wi.BASELINE, inst, period.start, period.n_days)] if baseline else []
    for path in scenarios:
        scenario = load_scenario(path)
        runs.append(
            wi.Run(
                scenario.name, apply(inst, scenario, f"{path} (on {instance})"), period.start, period.n_days
            )
        )
    processes, each = wi.split(len(runs), workers)
    if not quiet:
        click.echo(
            f"{len(runs)} runs, {processes} at a time, {each} CP-SAT worker(s) each, "
            f"{time_limit:g} s limit each{' (deterministic)' if deterministic else ''}: "
            f"{period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}",
            err=True,
        )

    def done(outcome) -> None:
        if not quiet:
            click.echo(f"  {outcome.scenario}: {outcome.status} ({outcome.wall_s:.1f} s)", err=True)

    params = SolveParams(time_limit, seed=seed, deterministic=deterministic)
    outcomes = wi.compare(runs, params, workers, done)
    if not quiet:
        click.echo(wi.as_text(outcomes, lang))
    if out is not None:
        write_table(out, wi.table(outcomes), force=force, sheet="Hva om")
        if not quiet:
            click.echo(f"{word('written', lang)}: {out}")


@main.command()
@click.argument("instance", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("roster_file", metavar="ROSTER", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--absent", "absent", multiple=True, metavar="EMPLOYEE", help="Who is absent (repeatable).")
@click.option(
    "--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day of the change."
)
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the absence.")
@click.option(
    "--kind",
    type=click.Choice(["sick", "vacation", "leave", "parental", "course", "other"]),
    default="sick",
    show_default=True,
    help="Kind of absence.",
)
@click.option(
    "--scenario",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A what-if overlay that changes the instance from --from on (e.g. changed demand).",
)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day; default: the roster's.")
@click.option("--weeks", type=click.IntRange(1, 53), help="Length in weeks; default: what the roster spans.")
@click.option(
    "--history",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The period before the roster's (CSV), for rules that look back.",
)
@click.option(
    "--visits",
    "visits_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The roster's visit plan (CSV, as `solve` writes it), kept where it can be; default: "
    "ROSTER's _visits.csv beside it, if there is one.",
)
@_search_options(10.0, "Parallel search workers.")
@click.option(
    "--open-shifts/--no-open-shifts",
    default=True,
    show_default=True,
    help="Leave what the staff cannot cover lawfully as open shifts (as `solve`).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new roster (.csv; an .xlsx is written beside it); default: ROSTER's name + _repaired.",
)
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the summary.")
@click.option("--quiet", is_flag=True, help=QUIET_HELP)
@_summary_lang
@_fail_cleanly
def repair(
    instance: Path,
    roster_file: Path,
    absent: tuple[str, ...],
    first: dt.datetime,
    last: dt.datetime | None,
    kind: str,
    scenario: Path | None,
    start: dt.datetime | None,
    weeks: int | None,
    history: Path | None,
    visits_file: Path | None,
    time_limit: float,
    workers: int,
    seed: int,
    open_shifts: bool,
    out: Path | None,
    force: bool,
    as_json: bool,
    quiet: bool,
    lang: str,
) -> None:
    """Replan ROSTER after a change, keeping the days before --from and changing as few
    assignments as possible after it (the nearest days weigh most).

    The change is an absence (--absent EMPLOYEE --from DATE --to DATE) or a what-if overlay
    (--scenario FILE --from DATE, e.g. changed demand), or both. Every change is listed per
    person, so the leader can call exactly those people; the new roster is re-checked.

    \b
    Example:
      roster repair instances/saltdal-2025.yaml solutions/saltdal-2025_2026-01-05_4w.csv \\
          --absent v03 --from 2026-01-19 --to 2026-01-25
    """
    from roster.calendar import Period
    from roster.io.roster_any import read_roster
    from roster.planning import repair as rp
    from roster.schedule import Roster
    from roster.solver.solve import SolveParams

    started = dt.datetime.now(dt.UTC)
    if not absent and scenario is None:
        raise click.UsageError("say what changed: --absent EMPLOYEE (with --to), or --scenario FILE")
    if absent and last is None:
        raise click.UsageError("--absent needs --to, the last day of the absence")
    start, weeks = _roster_span(instance, roster_file, start, weeks)
    inst, period, past = _load(instance, start, weeks, history)
    old = read_roster(roster_file, period).roster
    changed = _changed_instance(inst, instance, scenario, absent, first.date(), last, kind)
    p = Period(changed, period.start, period.n_days, -period.first_day)
    if not p.in_plan(p.day_of(first.date())):
        raise click.BadParameter(
            f"{first:%Y-%m-%d} is outside the roster's {p.start}–{p.end}", param_hint="--from"
        )
    before = Roster.from_codes(p, [(e, s.day, s.code) for e, s in old.plan()])
    before.visits = _old_visit_plan(period, roster_file, visits_file)
    out = out or roster_file.with_name(f"{roster_file.stem}_repaired.csv")
    files = {"csv": out.with_suffix(".csv"), "xlsx": out.with_suffix(".xlsx")}
    if changed.recipients:
        files["visits_csv"] = out.with_name(f"{out.stem}_visits.csv")
    open_file = out.with_name(f"{out.stem}_open.csv")
    _refuse_overwrite([*files.values(), open_file, record_path(files["csv"])], force)
    params = SolveParams(time_limit, workers, seed, open_shifts=open_shifts)
    done = rp.repair(p, before, p.day_of(first.date()), params, past)
    inputs = {"instance": instance, "roster": roster_file, "scenario": scenario, "history": history}
    _write_rosters(done.result, files, open_file, force, _recorder(p, done.result, inputs, started), lang)
    if as_json:
        click.echo(json.dumps(rp.as_dict(p, done, files), ensure_ascii=False))
    elif not quiet:
        click.echo(rp.as_text(p, done, files, lang))


def _old_visit_plan(period, roster_file: Path, visits_file: Path | None):
    """The visit plan a replanning keeps: --visits, else the one `solve` wrote beside the roster."""
    if visits_file is None and period.inst.recipients:
        beside = roster_file.with_name(f"{roster_file.stem}_visits.csv")
        visits_file = beside if beside.is_file() else None
    if visits_file is None:
        return None
    from roster.io.visits_csv import read_visits_csv

    return read_visits_csv(visits_file, period)


def _write_rosters(
    result, files: dict[str, Path], open_file: Path, force: bool, recorder, lang: str = "en"
) -> None:
    """Write the roster as CSV and XLSX, its visit plan (if `files` names one), its open shifts and
    its run record, all or none of them (adding the open shifts and the record to `files`)."""
    from roster.errors import NoRosterFound
    from roster.io.atomic import all_or_nothing
    from roster.io.roster_csv import write_roster_csv
    from roster.io.roster_xlsx import write_roster_xlsx
    from roster.open_shifts import write_open_csv
    from roster.run_record import write_record

    roster = result.roster
    if roster is None:
        limit = number(result.params.time_limit, lang)
        raise NoRosterFound(
            f"fant ingen turnus på {limit} s; gi den mer tid med --time-limit"
            if lang == "nb"
            else f"no roster found within {limit} s; give it more --time-limit"
        )
    with all_or_nothing():
        write_roster_csv(files["csv"], roster, force=force)
        write_roster_xlsx(files["xlsx"], roster, force=force)
        if "visits_csv" in files:
            from roster.io.visits_csv import write_visits_csv

            write_visits_csv(files["visits_csv"], roster, force=force)
        if roster.open:
            write_open_csv(open_file, roster, force=force)
            files["open"] = open_file
        files["run"] = record_path(files["csv"])
        write_record(files["run"], recorder(files), force)
    if not roster.open and open_file.exists():  # from an earlier run of the same roster (--force)
        open_file.unlink()


def _visit_plan(period, roster, visits_file: Path | None) -> list | None:
    """Give the roster its visit plan from `visits_file`; the rules to check it by (None: all).
    Without a plan the visit rules are left out, as there is nothing to hold the visits to."""
    if visits_file is not None:
        from roster.io.visits_csv import read_visits_csv

        roster.visits = read_visits_csv(visits_file, period)
    elif period.inst.recipients:
        from roster.rules import RULES

        click.echo("visits not checked: give the visit plan with --visits", err=True)
        return [rule for rule in RULES if rule.name not in ("visits", "visit_continuity")]
    return None


def _recorder(p, result, inputs: dict[str, Path | None], started: dt.datetime):
    """The run record of this command, once the files it writes are known."""
    from roster.run_record import record

    ctx = click.get_current_context()
    choices = {
        name: _option_text(value)
        for name, value in ctx.params.items()
        if name in ("absent", "first", "last", "kind") and value
    }
    return lambda files: record(_rerun_argv(ctx, p), inputs, p, result, started, files, **choices)


# Options that change where and how results are shown, not which roster is made.
_PRESENTATION = {"out", "force", "as_json", "quiet", "log", "lang", "start", "weeks", "report_file"}


def _rerun_argv(ctx: click.Context, p) -> list[str]:
    """The command line that makes the same roster again: the arguments and every option that
    shapes the roster, with the period pinned (--start, --weeks) where a default chose it."""
    argv = ["roster", ctx.info_name or ""]
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if isinstance(param, click.Argument):
            argv += [_option_text(v) for v in (value if isinstance(value, tuple) else [value])]
        elif param.name in _PRESENTATION or value is None or value == ():
            continue
        elif isinstance(param, click.Option) and param.is_flag:
            if value or param.secondary_opts:
                argv.append(param.opts[0] if value else param.secondary_opts[0])
        else:
            for v in value if isinstance(value, tuple) else [value]:
                argv += [param.opts[0], _option_text(v)]
    return [*argv, "--start", p.start.isoformat(), "--weeks", str(p.n_days // 7)]


def _option_text(value) -> str:
    if isinstance(value, tuple):
        return ",".join(_option_text(v) for v in value)
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.datetime) else str(value)


def _roster_span(instance: Path, roster_file: Path, start: dt.datetime | None, weeks: int | None):
    """The whole weeks a roster file covers, unless --start/--weeks say otherwise."""
    from roster.instance import load_instance
    from roster.io.roster_any import read_roster_file

    if start is None or weeks is None:
        anchor = start.date() if start else None
        first, last = read_roster_file(roster_file, load_instance(instance), anchor).span()
        start = start or dt.datetime.combine(first, dt.time())
        weeks = weeks or max(1, -(-((last - start.date()).days + 1) // 7))
    return start, weeks


def _with_scenario(inst, instance: Path, scenario: Path | None):
    """The instance as changed by a scenario file (if given)."""
    from roster.planning.scenario import apply, load_scenario

    return inst if scenario is None else apply(inst, load_scenario(scenario), f"{scenario} (on {instance})")


def _changed_instance(inst, instance: Path, scenario: Path | None, absent, first, last, kind: str):
    """The instance with the scenario applied and the absences added."""
    from roster.planning.scenario import Scenario, apply

    inst = _with_scenario(inst, instance, scenario)
    if absent:
        until = last.date().isoformat()
        sick = Scenario(
            name="absence",
            absences={e: [{"from": first.isoformat(), "to": until, "kind": kind}] for e in absent},
        )
        inst = apply(inst, sick, "--absent/--from/--to")
    return inst


@main.command()
@click.argument(
    "instances",
    metavar="INSTANCE...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@_search_options(60.0, "Parallel search workers.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON instead of a table.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the results here (.json: JSON, .csv: CSV, otherwise what is printed).",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option(
    "--people-search/--no-people-search",
    default=True,
    show_default=True,
    help="Threads (half the workers, at least one) re-solve a few people at a time beside the full "
    "search, which keeps all its workers.",
)
@click.option(
    "--handover/--no-handover",
    default=True,
    show_default=True,
    help="Where the full search's bound is still below 1 % of the best roster after a quarter of the "
    "time, its LP's core goes to the search over people (with --people-search).",
)
@click.option(
    "--memory-gb",
    type=click.FloatRange(min=0.5),
    help="Memory budget in GB (default: the solver's, 8): a model whose usual search would likely need "
    "more gets a lean one (with --handover: the search over people has its core from the start).",
)
@_fail_cleanly
def bench(
    instances: tuple[Path, ...],
    time_limit: float,
    workers: int,
    seed: int,
    as_json: bool,
    out: Path | None,
    force: bool,
    people_search: bool,
    handover: bool,
    memory_gb: float | None,
) -> None:
    """Solve benchmark INSTANCE files (Curtois-Qu .txt) and compare with the best-known values.

    Prints instance, objective, best bound, status, time to best, best-known value (from
    BEST_KNOWN.md next to the file), gap to best known, and the cost the independent checker
    finds for the same roster. A checked cost that differs from the objective is a bug (exit 70).

    \b
    Example:
      roster bench ../shared/benchmarks/curtois-qu/Instance1.txt --time-limit 60 --workers 2
    """
    from roster.errors import CheckerDisagrees
    from roster.io.atomic import write_atomic
    from roster.planning import bench as runner
    from roster.solver.solve import SolveParams

    for path in instances:
        if not path.is_file():
            raise InputError(str(path), "no such file")
    if out is not None:
        _refuse_overwrite([out], force)
    budget = {} if memory_gb is None else {"memory_gb": memory_gb}
    params = SolveParams(time_limit, workers, seed, people_search=people_search, handover=handover, **budget)
    rows = []
    for path in instances:
        rows.append(runner.run(path, params))
        if not as_json:
            click.echo(f"  {rows[-1].instance}: {rows[-1].status} {rows[-1].objective}", err=True)
    text = runner.as_json(rows) if as_json else runner.as_table(rows)
    click.echo(text)
    if out is not None:
        formats = {".json": runner.as_json, ".csv": runner.as_csv}
        content = formats[out.suffix](rows) if out.suffix in formats else text + "\n"
        write_atomic(out, lambda tmp: tmp.write_text(content, encoding="utf-8"), force=force)
    wrong = [row.instance for row in rows if not row.agrees]
    if wrong:
        raise CheckerDisagrees(
            f"bug: the checker's cost differs from the solver's objective on {', '.join(wrong)}"
        )


@main.command()
def schema() -> None:
    """Print the JSON Schema of the instance format (every field, its type and description).

    \b
    Example:
      roster schema > instance.schema.json
    """
    from roster.instance import instance_schema

    click.echo(json.dumps(instance_schema(), indent=2, ensure_ascii=False))


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    """Stop before any work when an output file exists and --force is not given."""
    for path in paths:
        if path.exists() and not force:
            raise InputError(
                str(path),
                Text(
                    "exists already; use --force to overwrite it or --out for another place",
                    "finnes fra før; bruk --force for å skrive over den, eller --out for et annet sted",
                ),
            )


def _load(
    instance: Path,
    start: dt.datetime | dt.date | None,
    weeks: int | None,
    history: Path | None,
    scenario: Path | None = None,
):
    """The instance (changed by the scenario, if given), its planning period, and the previous
    roster if one is given."""
    from roster.calendar import Period
    from roster.instance import load_instance
    from roster.io.roster_csv import read_roster_csv

    inst = _with_scenario(load_instance(instance), instance, scenario)
    if isinstance(start, dt.datetime):
        start = start.date()
    if start is None:
        start = inst.period.start if inst.period else _next_monday()
    weeks = weeks or (inst.period.weeks if inst.period else 4)
    if history is None:
        return inst, Period(inst, start, weeks * 7), None
    period = Period(inst, start, weeks * 7, history_days=_lookback_days(inst))
    return inst, period, read_roster_csv(history, period, history=True)


def _lookback_days(inst) -> int:
    """How far back a previous roster is read: weekends and Sundays look back the furthest."""
    return 7 * max(4, inst.rules.weekend_frequency.every)


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
