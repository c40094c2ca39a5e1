"""The zoo of benchmark instances (benchmarks/zoo/) and its runner (benchmarks/zoo.py): every file
loads and plans its own period, each shape is what the README says it is, the generated files are
what make.py writes, and the runner turns a real `roster solve --json` into its row and summary."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re

import pytest

from benchmarks import zoo
from roster.calendar import Period
from roster.instance import load_instance
from roster.visits import occurrences, weekly_needs
from tests.conftest import ROOT

FILES = sorted(zoo.ZOO.glob("*.yaml"))


def load_make():
    """benchmarks/zoo/make.py (benchmarks.zoo is the runner, so it is loaded from its path)."""
    spec = importlib.util.spec_from_file_location("zoo_make", zoo.ZOO / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plan(name: str) -> Period:
    inst = load_instance(zoo.ZOO / f"{name}.yaml")
    return Period(inst, inst.period.start, inst.period.weeks * 7)


def visits_in(p: Period) -> int:
    """Visits the period asks for: every fixed one, and N of each N-times-a-week need's days."""
    return sum(not o.weekly for o in occurrences(p)) + sum(w.times for w in weekly_needs(p))


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_every_zoo_file_loads_and_plans_its_own_period(path):
    inst = load_instance(path)
    p = Period(inst, inst.period.start, inst.period.weeks * 7)
    assert p.end == inst.period.start + dt.timedelta(weeks=inst.period.weeks, days=-1)
    assert inst.period.start.weekday() == 0  # periods start on a Monday
    suffix = re.search(r"-(\d+)w$", path.stem)
    if suffix:  # a long-horizon file plans as many weeks as its name says
        assert inst.period.weeks == int(suffix.group(1))


def test_the_zoo_holds_the_shapes_and_horizons_it_promises():
    assert len(FILES) >= 10
    assert {plan(f"{n}").inst.period.weeks for n in ("nursing-home-ward-8w", "day-unit-12w")} == {8, 12}
    assert {plan(f"avlastning-{w}w").inst.period.weeks for w in (26, 52)} == {26, 52}
    assert [len(plan(f"org-{n}").inst.employees) for n in (60, 120)] == [60, 120]

    home = plan("homecare-district")
    assert 16 <= len(home.inst.employees) <= 20 and visits_in(home) >= 600
    assert {s.kind for s in home.inst.shifts} == {"day", "evening"}

    ward = plan("nursing-home-ward")
    assert ward.start == dt.date(2026, 3, 23) and 28 <= len(ward.inst.employees) <= 32
    assert ward.is_holiday(ward.day_of(dt.date(2026, 4, 5)))  # Easter Sunday inside the period
    night_only = [
        e
        for e in ward.inst.employees
        if {s.kind for s in ward.inst.shifts if ward.inst.may_work(e, s)} == {"night"}
    ]
    assert len(night_only) >= 5 and all(e.nights for e in night_only)

    shared = plan("shared-nights").inst
    pools = [s for s in shared.sites if s.night_pool]
    assert len(pools) == 1 and len(pools[0].night_pool.services) == 2
    elsewhere = [u for u in shared.units if u.site != pools[0].id]
    assert elsewhere and all(s.kind == "day" for s in shared.shifts if s.unit in {u.id for u in elsewhere})

    day = plan("day-unit")
    assert all(d.on == ["weekday"] for d in day.inst.demand if d.on)
    assert {s.kind for s in day.inst.shifts} == {"day"}


def test_the_generated_files_are_what_make_py_writes():
    make = load_make()
    for name, shape, start, weeks in make.LONG:
        assert (zoo.ZOO / f"{name}.yaml").read_text(encoding="utf-8") == make.long_horizon(
            shape, start, weeks
        )
        assert plan(name).inst.employees == plan(shape).inst.employees  # the same unit, another period
    for name, n in make.ORGS:
        assert (zoo.ZOO / f"{name}.yaml").read_text(encoding="utf-8") == make.organisation(n)


def test_entries_name_saltdal_by_weeks_and_the_zoo_by_its_own_period():
    known = zoo.entries()
    names = [name for name, _, _ in known]
    assert names[:4] == ["saltdal-2025@4", "saltdal-2025@8", "saltdal-2040@4", "saltdal-2040@8"]
    assert all((ROOT / path).is_file() for _, path, _ in known)
    own = {name: weeks for name, _, weeks in known}
    assert own["avlastning-52w"] == 52 and own["nursing-home-ward"] == 4 and own["saltdal-2040@8"] == 8
    overridden = {name: weeks for name, _, weeks in zoo.entries(weeks=2)}
    assert overridden["avlastning-52w"] == 2 and overridden["saltdal-2025@8"] == 8
    picked = zoo.select(["saltdal-2025", "day-unit"], known)
    assert [name for name, _, _ in picked] == ["saltdal-2025@4", "saltdal-2025@8", "day-unit"]
    assert zoo.select([], known) == known
    with pytest.raises(SystemExit):
        zoo.select(["no-such-unit"], known)


def columns(line: str) -> dict[str, str]:
    cells = line.split()
    assert len(cells) == len(zoo.COLUMNS)
    return {key: cells[i] for i, (_, key, _) in enumerate(zoo.COLUMNS)}


def test_a_real_solve_becomes_a_row_and_a_missing_key_prints_a_dash():
    entry = ("tiny", "tests/data/tiny.yaml", 2)
    status, data, wall, error = zoo.solve(ROOT, ROOT / entry[1], entry[2], 0, 1, 2.0)
    assert status == 0 and data is not None and error is None and wall > 0
    row = zoo.row_of(data, checkout="this", instance="tiny", weeks=2, seed=0, workers=1, limit=2.0)
    assert row["objective"] == data["objective"] and row["bound"] == data["bound"]
    assert row["first_solution_s"] == data["first_solution_s"]
    assert row["gap_pct"] == round(100 * data["gap"], 2)
    assert row["open_shifts"] == len(data["open_shifts"])
    shown = columns(zoo.format_row(row))
    assert shown["instance"] == "tiny" and shown["weeks"] == "2" and shown["seed"] == "0"
    assert shown["objective"] == zoo.cell(data["objective"], 0)
    assert shown["open_shifts"] == str(len(data["open_shifts"]))
    assert not data.get("visits") and shown["visits_unplanned"] == "-"  # tiny.yaml has no visits

    without = {k: v for k, v in data.items() if k != "open_shifts_bound"}
    assert columns(zoo.format_row(zoo.row_of(without)))["open_shifts_bound"] == "-"
    given = data | {"open_shifts_bound": 7, "visits": {"unplanned": 4, "unplanned_bound": 3}}
    shown = columns(zoo.format_row(zoo.row_of(given)))
    assert (shown["open_shifts_bound"], shown["visits_unplanned"], shown["visits_unplanned_bound"]) == (
        "7",
        "4",
        "3",
    )
    assert columns(zoo.header())["instance"] == "instance"


def test_a_run_that_fails_is_a_row_with_its_exit_status():
    row = zoo.run_one("this", ROOT, ("missing", "tests/data/no-such-file.yaml", 4), 0, 1, 1.0)
    assert row["exit"] == 2 and row["objective"] is None and row["error"]
    shown = columns(zoo.format_row(row))
    assert shown["exit"] == "2" and shown["objective"] == shown["gap_pct"] == "-"


def test_the_summary_takes_medians_over_seeds_and_counts_runs_at_their_bound():
    def run(seed, objective, opened, bound):
        data = {"objective": objective, "gap": objective / 100, "open_shifts": [{}] * opened}
        return zoo.row_of(data | {"open_shifts_bound": bound}, checkout="this", instance="x", seed=seed)

    rows = [run(0, 10.0, 1, 1), run(1, 30.0, 2, 1), run(2, 20.0, 1, 1)]
    head, line = zoo.summary(rows)
    cells = dict(zip(head.split(), line.split(), strict=True))
    assert cells["runs"] == "3" and cells["objective"] == "20" and cells["gap_%"] == "20"
    assert cells["open"] == "1" and cells["open=lb"] == "2/3" and cells["unpl=lb"] == "-"


def test_recorded_runs_become_one_markdown_row_per_commit_and_instance():
    """`--table`: the medians over the recorded seeds, and how many runs met each bound."""

    def run(seed, objective, open_, bound, label="this"):
        return {
            "checkout": label,
            "instance": "ward",
            "workers": 2,
            "limit": 60.0,
            "seed": seed,
            "first_solution_s": 1.0 + seed,
            "objective": objective,
            "gap_pct": 5.0,
            "open_shifts": open_,
            "open_shifts_bound": bound,
            "visits_unplanned": None,
            "visits_unplanned_bound": None,
        }

    record = {
        "checkouts": [{"label": "this", "commit": "abcdef123"}, {"label": "against", "commit": None}],
        "rows": [run(0, 100, 1, 1), run(1, 300, 2, 1), run(2, 200, 1, 1), run(0, 900, 4, None, "against")],
    }
    record["rows"].append(run(0, 700, 3, 1) | {"wall_clock": True})
    lines = zoo.table([record])
    assert sorted(lines[2:]) == [
        "| ? | ward | 2 | 60 | 0 | 1 | 900 | 5 | 4 | - | - | - |",
        "| abcdef1 | ward | 2 (wall clock) | 60 | 0 | 1 | 700 | 5 | 3 | 0/1 | - | - |",
        "| abcdef1 | ward | 2 | 60 | 0,1,2 | 2 | 200 | 5 | 1 | 2/3 | - | - |",
    ]
