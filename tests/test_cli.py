"""The command line through click's test runner: outputs, JSON keys and exit statuses."""

from __future__ import annotations

import csv
import json
import logging

import yaml
from click.testing import CliRunner

from cli import main
from tests.conftest import DATA, tiny_data

TINY = str(DATA / "tiny.yaml")


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def solve_tiny(out, *extra):
    return run("solve", TINY, "--time-limit", "5", "--workers", "2", "--out", out, *extra)


def test_solve_json_writes_both_files_and_reports_the_keys(tmp_path):
    result = solve_tiny(tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "status",
        "objective",
        "bound",
        "gap",
        "wall_s",
        "hard_violations",
        "roster_csv",
        "roster_xlsx",
    ):
        assert key in data
    assert data["status"] in ("optimal", "feasible") and data["hard_violations"] == 0
    assert data["roster_csv"].endswith("tiny_2026-03-02_2w.csv")
    with open(data["roster_csv"], encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {"employee", "unit", "date", "shift", "start", "end", "hours"} <= set(rows[0])
    night = next(r for r in rows if r["shift"] == "N")
    assert night["end"][:10] > night["date"]  # a night ends on the next date


def test_solve_summary_lists_hours_penalties_and_files(tmp_path):
    result = solve_tiny(tmp_path)
    assert result.exit_code == 0, result.output
    for text in ("status", "best bound", "gap", "Hours vs contract", "Soft penalties by rule", "Written:"):
        assert text in result.stdout


def test_log_shows_each_turn_of_the_search_case_by_case_and_then_stops(tmp_path):
    """tiny.yaml's night workers are split on (20 s allow it); the cases are named by the model's
    decisions, and the search's log is detached again after the command."""
    args = ("--time-limit", "20", "--workers", "2", "--out", tmp_path, "--json", "--log")
    result = run("solve", TINY, *args)
    assert result.exit_code == 0, result.output
    turns = [line for line in result.stderr.splitlines() if " turn of [three_shift_capped[" in line]
    assert turns and all("bound" in line and "roster" in line for line in turns)
    assert logging.getLogger("roster").handlers == []
    assert not logging.getLogger("roster").isEnabledFor(logging.DEBUG)


def test_existing_roster_is_not_overwritten_without_force(tmp_path):
    assert solve_tiny(tmp_path).exit_code == 0
    csv_file = next(tmp_path.glob("*.csv"))
    csv_file.write_text("keep me", encoding="utf-8")
    again = solve_tiny(tmp_path)
    assert again.exit_code == 2 and "exists already" in again.stderr
    assert csv_file.read_text(encoding="utf-8") == "keep me"
    assert solve_tiny(tmp_path, "--force").exit_code == 0
    assert csv_file.read_text(encoding="utf-8") != "keep me"


def test_check_accepts_solved_roster_and_finds_a_broken_one(tmp_path):
    data = json.loads(solve_tiny(tmp_path, "--json").stdout)
    ok = run("check", TINY, data["roster_csv"])
    assert ok.exit_code == 0, ok.output
    assert "0 harde brudd" in ok.stdout  # Norwegian by default
    with open(data["roster_csv"], encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    second = "A" if rows[0]["shift"] != "A" else "D"
    rows.append({**rows[0], "shift": second, "start": "", "end": ""})  # a second shift on one day
    broken = tmp_path / "broken.csv"
    with broken.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    bad = run("check", TINY, broken, "--json")
    assert bad.exit_code == 1
    found = json.loads(bad.stdout)
    assert found["hard_violations"] >= 1
    assert any(v["rule"] == "one_shift_per_day" for v in found["violations"])


def test_check_bad_roster_file_is_exit_2_with_line_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("employee,date,shift\ne1,2026-03-02,D\nnobody,2026-03-03,Q\n", encoding="utf-8")
    result = run("check", TINY, bad, "--lang", "en")
    assert result.exit_code == 2
    assert "line 3, column employee" in result.stderr and "line 3, column shift" in result.stderr
    assert "Traceback" not in result.output


def test_bad_instance_names_file_and_field_without_traceback(tmp_path):
    data = tiny_data()
    data["employees"][1]["competencies"] = ["nurse", "astronaut"]
    data["shifts"][0]["end"] = "25:00"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("solve", path, "--out", tmp_path)
    assert result.exit_code == 2
    assert f"{path}: shifts[0].end" in result.stderr
    assert "Traceback" not in result.output
    data["shifts"][0]["end"] = "15:00"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("solve", path, "--out", tmp_path)
    assert result.exit_code == 2
    assert "employees[1].competencies[1]: unknown competency 'astronaut'" in result.stderr


def test_missing_and_non_utf8_instance_files(tmp_path):
    assert run("solve", tmp_path / "nope.yaml").exit_code == 2
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Bodø\n".encode("latin-1"))
    result = run("solve", latin, "--out", tmp_path)
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


def test_short_staffing_gives_open_shifts_and_exit_0_unless_refused(tmp_path):
    data = tiny_data()
    data["demand"] = [{"shift": "D", "on": ["weekday", "saturday", "sunday"], "min": 4}]
    path = tmp_path / "short.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("solve", path, "--time-limit", "10", "--workers", "2", "--out", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["open_shifts"] and {o["shift"] for o in data["open_shifts"]} == {"D"}
    with open(data["open_shifts_csv"], encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(data["open_shifts"])
    assert {"date", "shift", "unit", "competency", "hours"} <= set(rows[0])
    refused = run(
        "solve", path, "--no-open-shifts", "--time-limit", "10", "--workers", "2", "--out", tmp_path / "x"
    )
    assert refused.exit_code == 3
    assert "contradict each other" in refused.stderr and "at least 4 staff" in refused.stderr


def test_contradiction_open_shifts_cannot_resolve_exits_3_and_names_it(tmp_path):
    data = tiny_data()
    data["rules"]["max_hours"]["week_hours"] = 30  # below e1's full position (35.5 h a week), not the others'
    path = tmp_path / "tight.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("solve", path, "--time-limit", "10", "--workers", "2", "--out", tmp_path)
    assert result.exit_code == 3
    head, *lines = result.stderr.splitlines()
    assert "contradict each other" in head and len(lines) == 2
    [contract] = [line for line in lines if "contracted hours" in line]
    [hours] = [line for line in lines if "working hours" in line]
    assert ": e1 (71 h due)" in contract and "week hours 30" in hours and ": e1, in" in hours
    assert not any(f"e{i}" in result.stderr for i in range(2, 6))  # the others' hours fit


def test_schema_is_json_schema_of_the_instance():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"units", "shifts", "employees", "demand", "rules"} <= set(schema["properties"])
    assert "daily_rest" in json.dumps(schema)


def test_help_has_a_worked_example():
    result = run("solve", "--help")
    assert result.exit_code == 0 and "roster solve instances/saltdal-2025.yaml" in result.stdout


# ---- ambulant visits ----------------------------------------------------------------------------


def visit_instance_file(tmp_path):
    from tests.conftest import visit_data

    path = tmp_path / "visits.yaml"
    path.write_text(yaml.safe_dump(visit_data(), allow_unicode=True), encoding="utf-8")
    return path


def test_solve_with_visits_writes_the_plan_and_counts_it(tmp_path):
    path = visit_instance_file(tmp_path)
    result = run("solve", path, "--time-limit", "5", "--workers", "2", "--out", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    visits = data["visits"]
    assert visits["planned"] > 0 and visits["unplanned"] == sum(
        u["count"] for u in visits["unplanned_visits"]
    )
    assert all(u["reason"] for u in visits["unplanned_visits"])
    assert {c["recipient"] for c in visits["continuity"]} == {"r1", "r2", "r3", "r4"}
    with open(data["visits_csv"], encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    made = [r for r in rows if r["employee"]]
    for column in ("departure", "recipient", "start", "end", "return", "car"):
        assert column in rows[0]
    assert len({(r["visit"], r["date"]) for r in made}) == visits["planned"]
    assert sum(1 for r in rows if not r["employee"] and r["reason"]) == len(visits["unplanned_visits"])
    car_trip = next(r for r in made if r["recipient"] == "r4")  # 30 min away, by car
    assert (
        car_trip["car"] and car_trip["departure"] < car_trip["start"] < car_trip["end"] < car_trip["return"]
    )
    from openpyxl import load_workbook

    book = load_workbook(data["roster_xlsx"])
    assert {"Besøk", "Kontinuitet"} <= set(book.sheetnames)
    assert sum(
        1 for row in book["Besøk"].iter_rows(values_only=True) if row[2] in {"e1", "e2", "e3", "e4", "e5"}
    ) == len(made)
    text = run("solve", path, "--time-limit", "5", "--workers", "2", "--out", tmp_path / "b").stdout
    assert "Visits:" in text and "planned" in text and "Continuity" in text


def test_check_holds_a_visit_plan_to_the_roster(tmp_path):
    path = visit_instance_file(tmp_path)
    data = json.loads(
        run(
            "solve",
            path,
            "--time-limit",
            "5",
            "--workers",
            "2",
            "--out",
            tmp_path,
            "--json",
            "--no-open-shifts",
        ).stdout
    )  # (an open shift would be a staffing breach of the roster the check reads)
    ok = run("check", path, data["roster_csv"], "--visits", data["visits_csv"], "--json")
    assert ok.exit_code == 0, ok.output
    found = json.loads(ok.stdout)
    assert found["soft_cost"] == data["soft_cost_checked"]
    without = run("check", path, data["roster_csv"])
    assert without.exit_code == 0 and "visits not checked" in without.stderr
    # the plan given to someone who is not at work then
    with open(data["visits_csv"], encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(data["roster_csv"], encoding="utf-8") as f:
        working = {(r["employee"], r["date"]) for r in csv.DictReader(f)}
    row = next(r for r in rows if r["employee"])
    idle = next(e for e in ("e1", "e2", "e3", "e4", "e5") if (e, row["date"]) not in working)
    row["employee"] = idle
    broken = tmp_path / "broken_visits.csv"
    with broken.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    bad = run("check", path, data["roster_csv"], "--visits", broken, "--json")
    assert bad.exit_code == 1
    assert any(
        v["rule"] == "visits" and v["hard"] and idle in v["message"]
        for v in json.loads(bad.stdout)["violations"]
    )


def test_check_bad_visit_plan_file_names_line_and_column(tmp_path):
    path = visit_instance_file(tmp_path)
    data = json.loads(
        run("solve", path, "--time-limit", "5", "--workers", "2", "--out", tmp_path, "--json").stdout
    )
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "employee,date,visit,start\ne1,2026-03-02,r1-medd,08:00\ne1,2026-03-02,r1-med,8h\n", encoding="utf-8"
    )
    result = run("check", path, data["roster_csv"], "--visits", plan, "--lang", "en")
    assert result.exit_code == 2
    assert "line 2, column visit: unknown visit 'r1-medd'" in result.stderr
    assert "line 3, column start: malformed time '8h'" in result.stderr


def test_ctrl_c_stops_the_search_and_keeps_the_best_roster(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "cli.py"),
            "solve",
            str(ROOT / "instances" / "saltdal-2025.yaml"),
            "--time-limit",
            "120",
            "--workers",
            "2",
            "--out",
            str(tmp_path),
            "--json",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(6)  # the first roster comes within 2-4 s (by cases); the search would run for two minutes
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert time.monotonic() - started < 30
    data = json.loads(out)
    assert data["status"] == "feasible" and data["hard_violations"] == 0 and data["wall_s"] < 60
    assert (tmp_path / "saltdal-2025_2026-01-05_4w.csv").stat().st_size > 0
