"""What-if runs: the comparison's figures, the split of workers, and rows equal to separate solves
of the merged instances (one worker, a seed and the deterministic clock make them comparable)."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from roster.calendar import Period
from roster.planning.scenario import apply, load_scenario
from roster.planning.whatif import measure, split
from roster.solver.solve import Result, SolveParams, solve
from tests.conftest import DATA, make_instance, period, roster_of

TINY = DATA / "tiny.yaml"


def test_runs_share_the_workers():
    assert split(5, 2) == (2, 1)  # 2 at a time, one worker each
    assert split(2, 8) == (2, 4)
    assert split(3, 1) == (1, 1)


def test_the_figures_of_one_roster():
    p = period(make_instance(), days=7)  # Mon 2 - Sun 8 Mar: one weekend
    roster = roster_of(p, "e1: D D D D D D .")
    outcome = measure("x", p, Result("feasible", roster, 5.0, 4.0, 1.0, 0.1, {}, None, SolveParams()))
    assert outcome.feasible and outcome.open_shifts == 0 and outcome.gap == pytest.approx(0.2)
    assert outcome.over_h == pytest.approx(45 - 35.5)
    assert outcome.under_h == pytest.approx(35.5 * (0.8 + 0.8 + 0.6 + 0.6))
    assert (outcome.weekend_mean, outcome.weekend_max) == (pytest.approx(0.2), 1)
    # e1 works the only weekend; a share by position: e1 100/380 of it, e2 80/380 (the lowest)
    assert outcome.fair_spread == pytest.approx(1 - 100 / 380 + 80 / 380)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_whatif_rows_equal_separate_solves_of_the_merged_instances(tmp_path):
    scenarios = [
        write(tmp_path, "fewer.yaml", "name: Fewer\nemployees: {remove: [e1]}\n"),
        write(
            tmp_path,
            "sick.yaml",
            "name: Sick\nabsences: {e3: [{from: 2026-03-04, to: 2026-03-06, kind: sick}]}\n",
        ),
    ]
    out = tmp_path / "whatif.csv"
    args = [
        "whatif",
        TINY,
        *scenarios,
        "--weeks",
        "1",
        "--time-limit",
        "0.5",
        "--workers",
        "2",
        "--seed",
        "3",
    ]
    args += ["--deterministic", "--out", out]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert "3 runs, 2 at a time, 1 CP-SAT worker(s) each" in result.stderr
    with out.open(encoding="utf-8") as f:
        rows = {row["scenario"]: row for row in csv.DictReader(f)}
    assert list(rows) == ["baseline", "Fewer", "Sick"]
    base = make_instance()
    for name, inst in [
        ("baseline", base),
        ("Fewer", apply(base, load_scenario(scenarios[0]), "fewer")),
        ("Sick", apply(base, load_scenario(scenarios[1]), "sick")),
    ]:
        p = Period(inst, inst.period.start, 7)
        alone = measure(name, p, solve(p, SolveParams(0.5, workers=1, seed=3, open_shifts=True)))
        row = rows[name]
        assert row["status"] == alone.status and float(row["objective"]) == alone.objective
        assert int(row["open_shifts"]) == alone.open_shifts
        assert float(row["open_h"]) == pytest.approx(alone.open_hours)
        assert float(row["over_contract_h"]) == pytest.approx(alone.over_h, abs=0.01)
        assert float(row["under_contract_h"]) == pytest.approx(alone.under_h, abs=0.01)
        assert float(row["weekends_mean"]) == pytest.approx(alone.weekend_mean, abs=0.01)
        assert float(row["fair_spread"]) == pytest.approx(alone.fair_spread, abs=0.01)
    assert "baseline" in result.stdout and "Fewer" in result.stdout and "Written:" in result.stdout


def test_whatif_xlsx_and_an_infeasible_scenario_s_reason(tmp_path):
    clash = write(
        tmp_path,
        "clash.yaml",
        "name: Clash\nemployees: {change: {e2: {fixed: [{date: 2026-03-02, shift: A},"
        " {date: 2026-03-03, shift: D}]}}}\n",
    )
    out = tmp_path / "whatif.xlsx"
    args = ["whatif", TINY, clash, "--time-limit", "1", "--workers", "1", "--out", out]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    clash_row = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert clash_row["scenario"] == "Clash" and clash_row["feasible"] == "no"
    assert "daily rest" in clash_row["why"] and "e2" in clash_row["why"]
    assert clash_row["open_shifts"] is None and clash_row["objective"] is None  # empty, not 0 or NaN
    baseline_open_h = dict(zip(header, [c.value for c in sheet[2]], strict=True))["open_h"]
    assert isinstance(baseline_open_h, (int, float))  # a number in the sheet, not text
    assert "Clash: no lawful roster" in result.stdout
    again = CliRunner().invoke(main, [str(a) for a in args])
    assert again.exit_code == 2 and "exists already" in again.stderr  # --out is not overwritten


def test_a_bad_scenario_stops_before_solving(tmp_path):
    bad = write(tmp_path, "bad.yaml", "name: Bad\nrules: {daily_rest: {hours: 6}}\n")
    result = CliRunner().invoke(main, ["whatif", str(TINY), str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and "rules.daily_rest.hours" in result.stderr


def test_the_table_is_typed_for_analysis():
    """Planners load the comparison into pandas: numbers are numbers, a run without a roster has
    missing values (not zeros), and there is a column per competency left open anywhere."""
    from roster.planning.whatif import Outcome, table

    frame = table(
        [
            Outcome("baseline", "optimal", 1, 7.5, {"med": 7.5}, objective=900.0, gap=0.0),
            Outcome("Clash", "infeasible", why="daily rest"),
        ]
    )
    assert frame["open_shifts"].tolist()[0] == 1 and frame["open_shifts"].isna().tolist() == [False, True]
    assert frame["open_h_med"].sum() == 7.5 and frame["objective"].isna().tolist() == [False, True]
    assert frame.loc[frame["feasible"] == "no", "scenario"].tolist() == ["Clash"]
