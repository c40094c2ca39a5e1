"""`roster check` on the command line: any form and file type, the report files, the languages, the
exit statuses, and bad input told precisely without a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from roster.io.roster_csv import write_roster_csv
from roster.io.roster_xlsx import write_roster_xlsx
from tests.conftest import DATA, make_instance, period, roster_of
from tests.roster_forms import (
    RULE_NAMES,
    every_rule_instance,
    every_rule_roster,
    write_grid_csv,
    write_long_xlsx,
)

TINY = str(DATA / "tiny.yaml")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def as_json(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("solved")
    result = run("solve", TINY, "--time-limit", "5", "--workers", "2", "--seed", "1", "--out", out, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {"csv": Path(data["roster_csv"]), "xlsx": Path(data["roster_xlsx"])}


def test_a_roster_written_by_solve_passes_in_both_file_types(solved):
    checked = {kind: as_json(run("check", TINY, path, "--json")) for kind, path in solved.items()}
    for data in checked.values():
        assert data["hard_violations"] == 0
        assert (data["start"], data["days"]) == ("2026-03-02", 14)
    assert checked["csv"]["form"] == "long" and checked["xlsx"]["form"] == "grid"
    assert checked["csv"]["violations"] == checked["xlsx"]["violations"]
    assert checked["csv"]["employees"] == checked["xlsx"]["employees"]
    assert run("check", TINY, solved["xlsx"]).exit_code == 0


@pytest.fixture(scope="module")
def every_rule_files(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("every")
    inst = every_rule_instance()
    instance = folder / "every.yaml"
    instance.write_text(
        yaml.safe_dump(inst.model_dump(by_alias=True, mode="json"), allow_unicode=True), "utf-8"
    )
    _, roster = every_rule_roster(inst)
    write_roster_csv(folder / "long.csv", roster)
    write_roster_xlsx(folder / "grid.xlsx", roster)
    files = {
        "long.csv": folder / "long.csv",
        "grid.xlsx": folder / "grid.xlsx",
        "grid.csv": write_grid_csv(folder / "grid.csv", roster),
        "long.xlsx": write_long_xlsx(folder / "long.xlsx", roster),
    }
    return instance, files


def test_every_rule_is_reported_from_every_form_with_the_period_taken_from_the_file(every_rule_files):
    instance, files = every_rule_files
    reports = {name: run("check", instance, path, "--json", "--lang", "en") for name, path in files.items()}
    assert {r.exit_code for r in reports.values()} == {1}
    data = {name: json.loads(r.stdout) for name, r in reports.items()}
    assert {v["rule"] for v in data["long.csv"]["violations"]} >= RULE_NAMES
    for name, found in data.items():
        assert found["violations"] == data["long.csv"]["violations"], name
        assert (found["start"], found["end"]) == ("2026-03-02", "2026-03-15")
    rest = next(v for v in data["grid.csv"]["violations"] if v["dates"] == ["2026-03-02", "2026-03-03"])
    assert (rest["rule"], rest["unit"], rest["amount"]) == ("daily_rest", "h", 1.5)
    assert rest["message"] == "AML §10-8 (1) daily rest: 9.5 h between A on 2 Mar and D on 3 Mar, 1.5 h short"


def test_texts_are_norwegian_by_default_and_english_on_request(every_rule_files):
    instance, files = every_rule_files
    norwegian, english = (
        run("check", instance, files["grid.xlsx"]),
        run("check", instance, files["grid.xlsx"], "--lang", "en"),
    )
    assert norwegian.exit_code == english.exit_code == 1
    assert (
        "harde brudd" in norwegian.stdout
        and "daglig hviletid: 9,5 t hvile mellom A 2. mars" in norwegian.stdout
    )
    assert "hard violation(s)" in english.stdout and "daily rest: 9.5 h between A on 2 Mar" in english.stdout
    nb = json.loads(run("check", instance, files["grid.xlsx"], "--json").stdout)
    assert nb["lang"] == "nb" and nb["violations"][0]["message"].startswith(nb["violations"][0]["title"])


def test_report_files_are_written_and_not_overwritten_without_force(tmp_path, every_rule_files):
    instance, files = every_rule_files
    html, xlsx = tmp_path / "check.html", tmp_path / "check.xlsx"
    assert run("check", instance, files["long.csv"], "--report", html).exit_code == 1
    assert run("check", instance, files["long.csv"], "--report", xlsx, "--lang", "en").exit_code == 1
    assert "<table id='violations'>" in html.read_text(encoding="utf-8")
    assert load_workbook(xlsx).sheetnames[:2] == ["Summary", "Violations"]
    html.write_text("keep me", encoding="utf-8")
    again = run("check", instance, files["long.csv"], "--report", html)
    assert again.exit_code == 2 and "finnes alt; bruk --force" in again.stderr
    assert html.read_text(encoding="utf-8") == "keep me"
    assert run("check", instance, files["long.csv"], "--report", html, "--force").exit_code == 1
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    wrong = run("check", instance, files["long.csv"], "--report", tmp_path / "check.pdf")
    assert wrong.exit_code == 2 and "written as .xlsx or .html" in wrong.stderr


def _grid_with(tmp_path: Path, text: str, name: str = "r.xlsx") -> Path:
    p = period(make_instance())
    path = tmp_path / name
    write_roster_xlsx(path, roster_of(p, text))
    return path


def test_two_shifts_on_one_day_in_a_grid_is_a_violation_not_a_crash(tmp_path):
    path = _grid_with(tmp_path, "e1: D+A")
    result = run("check", TINY, path, "--json", "--weeks", "2")
    assert result.exit_code == 1
    assert any(v["rule"] == "one_shift_per_day" for v in json.loads(result.stdout)["violations"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda ws: setattr(ws["B6"], "value", "zz"), "sheet Turnus, row 6, column B: unknown employee 'zz'"),
        (lambda ws: setattr(ws["D6"], "value", "Q"), "sheet Turnus, row 6, column D: unknown shift code 'Q'"),
    ],
)
def test_bad_cells_exit_2_with_sheet_row_and_column(tmp_path, change, message):
    path = _grid_with(tmp_path, "e1: D")
    book = load_workbook(path)
    change(book["Turnus"])
    book.save(path)
    result = run("check", TINY, path, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert f"roster: {path}: {message}" in result.stderr
    assert "Traceback" not in result.output


def test_empty_files_a_missing_sheet_and_dates_outside_the_period_exit_2(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert "is empty" in run("check", TINY, empty, "--lang", "en").stderr
    grid = _grid_with(tmp_path, "e1: D")
    missing = run("check", TINY, grid, "--sheet", "Januar", "--lang", "en")
    assert missing.exit_code == 2 and "has no sheet 'Januar'; its sheets: Turnus, Vakter" in missing.stderr
    outside = run("check", TINY, grid, "--start", "2026-03-09", "--weeks", "1", "--lang", "en")
    assert (
        outside.exit_code == 2
        and "row 3, column D: 2026-03-02 is outside the planning period" in outside.stderr
    )
    for result in (missing, outside):
        assert "Traceback" not in result.output


def test_a_draft_with_open_shifts_is_checked_and_lists_them(tmp_path):
    draft = tmp_path / "draft.csv"
    draft.write_text(
        "employee;date;shift\ne1;2026-03-02;D\n;2026-03-02;A\nLedig;2026-03-03;D\ne2;2026-03-03;A\n",
        encoding="utf-8",
    )
    data = as_json(run("check", TINY, draft, "--json"))
    assert [(s["date"], s["shift"]) for s in data["open_shifts"]] == [
        ("2026-03-02", "A"),
        ("2026-03-03", "D"),
    ]
    a0 = next(
        c for c in data["coverage"] if c["date"] == "2026-03-02" and c["shift"] == "A" and c["of"] is None
    )
    assert (a0["present"], a0["open"], a0["short"]) == (0, 1, 1)
    assert data["days"] == 2  # the draft's own dates


def test_history_across_a_month_boundary_in_another_form(tmp_path):
    february = tmp_path / "february.xlsx"
    p_feb = period(make_instance(), start=dt.date(2026, 2, 2), days=28)
    write_roster_xlsx(february, roster_of(p_feb, "e1@27: A"))  # Sunday 1 March, evening
    march = tmp_path / "march.csv"
    march.write_text("employee,date,shift\ne1,2026-03-02,D\n", encoding="utf-8")
    data = as_json(run("check", TINY, march, "--history", february, "--json", "--weeks", "2"))
    rest = [v for v in data["violations"] if v["rule"] == "daily_rest"]
    assert [v["dates"] for v in rest] == [["2026-03-01", "2026-03-02"]]
    alone = as_json(run("check", TINY, march, "--json", "--weeks", "2"))
    assert not [v for v in alone["violations"] if v["rule"] == "daily_rest"]
