"""Replanning: the days before the change stay as they are, the law is kept, and far fewer
assignments change than when solving the changed instance from scratch (counted)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from cli import main
from roster.calendar import Period
from roster.check import check
from roster.instance import load_instance
from roster.io.roster_any import read_roster
from roster.io.roster_csv import write_roster_csv
from roster.io.visits_csv import read_visits_csv, write_visits_csv
from roster.planning.repair import (
    Repair,
    as_text,
    change_weight,
    changes,
    contract_misses,
    repair,
    visit_changes,
)
from roster.planning.scenario import apply, load_scenario
from roster.schedule import Roster
from roster.solver.solve import Result, SolveParams, solve
from tests.conftest import DATA, ROOT, make_instance, period, plan_of, roster_of, visit_data, visit_instance

QUICK = SolveParams(time_limit=2, workers=1, seed=0, open_shifts=True)


def test_sick_leave_in_week_3_is_repaired_with_fewer_changes_than_a_new_roster():
    # The roster alone: with its ambulant visits, 2 s on one worker is too short for a first roster.
    inst = load_instance(ROOT / "instances" / "saltdal-2025.yaml").replace(recipients=[])
    old = solve(Period(inst, inst.period.start, 21), QUICK).roster  # weeks 1-3
    sick = apply(inst, load_scenario(ROOT / "instances" / "scenarios" / "sick-week-3.yaml"), "sick")
    p = Period(sick, inst.period.start, 21)
    before = Roster.from_codes(p, [(e, s.day, s.code) for e, s in old.plan()])
    first = p.day_of(sick.employee_by_id["v01"].absences[-1].start)
    assert first == 14

    done = repair(p, before, first, QUICK)
    new = done.result.roster
    assert sorted((e, s.day, s.code) for e, s in new.plan() if s.day < first) == sorted(
        (e, s.day, s.code) for e, s in before.plan() if s.day < first
    )  # the past is kept
    # the law and the minimums (with the open shifts) kept; contracted hours may give way, listed
    hard = check(p, new).hard
    assert [v for v in hard if v.rule != "contract_hours"] == []
    assert hard == contract_misses(done)
    assert not any(new.on(e, d) for e in ("v01", "v07") for d in range(first, 21))
    assert done.changes == changes(p, before, new, first)

    scratch = solve(p, QUICK).roster
    counted = len(done.changes), len(changes(p, before, scratch, first))
    assert counted[0] < counted[1] / 2, counted
    forced = sum(len(before.on(e, d)) for e in ("v01", "v07") for d in range(first, 21))
    assert sum(c.reason == "absent" for c in done.changes) == forced


def test_changes_on_the_first_days_weigh_most():
    assert change_weight(0) > change_weight(3) > change_weight(7) == change_weight(30) > 0


def solved_tiny(tmp_path):
    inst = make_instance()
    p = period(inst)
    path = tmp_path / "march.csv"
    write_roster_csv(path, solve(p, SolveParams(time_limit=2, workers=1)).roster)
    return path


def rows(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_repair_command_lists_changes_per_person_and_keeps_the_days_before(tmp_path):
    roster = solved_tiny(tmp_path)
    result = run(
        "repair", DATA / "tiny.yaml", roster, "--absent", "e3", "--from", "2026-03-09", "--to", "2026-03-11",
        "--time-limit", "3", "--workers", "1", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["hard_violations"] == 0 and data["first_day"] == "2026-03-09"
    assert all(c["date"] >= "2026-03-09" for c in data["changes"])
    absent = [c for c in data["changes"] if c["reason"] == "absent"]
    worked = {
        r["date"] for r in rows(roster) if r["employee"] == "e3" and "2026-03-09" <= r["date"] <= "2026-03-11"
    }
    assert {c["date"] for c in absent} == worked and all(c["employee"] == "e3" for c in absent)
    assert set(data["people_to_call"]) == {c["employee"] for c in data["changes"] if not c["reason"]}
    old, new = rows(roster), rows(data["roster_csv"])
    assert [r for r in old if r["date"] < "2026-03-09"] == [r for r in new if r["date"] < "2026-03-09"]

    text = run(
        "repair", DATA / "tiny.yaml", roster, "--absent", "e3", "--from", "2026-03-09", "--to", "2026-03-11",
        "--time-limit", "3", "--workers", "1", "--out", tmp_path / "other.csv",
    )  # fmt: skip
    assert text.exit_code == 0, text.output
    assert "people to call" in text.stdout and "e3 Cy" in text.stdout and "(absent)" in text.stdout
    again = run(
        "repair", DATA / "tiny.yaml", roster, "--absent", "e3", "--from", "2026-03-09", "--to", "2026-03-11"
    )
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_changed_demand_from_a_day_on(tmp_path):
    roster = solved_tiny(tmp_path)
    more = tmp_path / "more.yaml"
    more.write_text(
        "name: More\ndemand: {change: [{shift: A, on: [weekday], min: 2, ideal: 2}]}\n", encoding="utf-8"
    )
    result = run(
        "repair", DATA / "tiny.yaml", roster, "--scenario", more, "--from", "2026-03-10",
        "--time-limit", "3", "--workers", "1", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    new = rows(data["roster_csv"])
    open_a = [o["date"] for o in data["open_shifts"] if o["shift"] == "A"]
    for date in ("2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"):  # weekdays after the change
        assert sum(r["date"] == date and r["shift"] == "A" for r in new) + open_a.count(date) >= 2
    assert [r for r in rows(roster) if r["date"] < "2026-03-10"] == [
        r for r in new if r["date"] < "2026-03-10"
    ]


def test_repair_usage_errors(tmp_path):
    roster = solved_tiny(tmp_path)
    tiny = DATA / "tiny.yaml"
    unknown = run("repair", tiny, roster, "--absent", "zz", "--from", "2026-03-09", "--to", "2026-03-10")
    assert unknown.exit_code == 2 and "absences.zz: unknown employee 'zz'" in unknown.stderr
    assert run("repair", tiny, roster, "--absent", "e1", "--from", "2026-03-09").exit_code == 2  # no --to
    assert run("repair", tiny, roster, "--from", "2026-03-09").exit_code == 2  # no change given
    outside = run("repair", tiny, roster, "--absent", "e1", "--from", "2026-04-09", "--to", "2026-04-10")
    assert outside.exit_code == 2 and "outside the roster" in outside.stderr


# ---- with ambulant visits -------------------------------------------------------------------------


def solved_with_visits(tmp_path):
    """tiny.yaml with visits (tests/conftest.py), solved; its roster CSV with the visit plan beside it
    under the name `solve` gives it."""
    instance = tmp_path / "visits.yaml"
    instance.write_text(yaml.safe_dump(visit_data(), allow_unicode=True), encoding="utf-8")
    p = period(visit_instance())
    roster = solve(p, SolveParams(time_limit=5, workers=1, seed=0)).roster
    path = tmp_path / "march.csv"
    write_roster_csv(path, roster)
    write_visits_csv(tmp_path / "march_visits.csv", roster)
    return instance, path, roster


def test_repair_keeps_the_visit_plan_before_the_change_and_moves_few_visits_after_it(tmp_path):
    instance, roster_file, old = solved_with_visits(tmp_path)
    p = period(visit_instance())
    first = p.day_of(dt.date(2026, 3, 9))
    absent = max(
        ["e1", "e3"], key=lambda e: sum(a.employee == e and a.day >= first for a in old.visits.assignments)
    )
    args = ["repair", instance, roster_file, "--absent", absent, "--from", "2026-03-09", "--to", "2026-03-10"]
    result = run(*args, "--time-limit", "5", "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["hard_violations"] == 0

    written = tmp_path / "march_repaired_visits.csv"
    new = read_visits_csv(written, p)
    assert [a for a in new.assignments if a.day < first] == [
        a for a in old.visits.assignments if a.day < first
    ]
    assert not any(a.employee == absent and first <= a.day <= first + 1 for a in new.assignments)
    repaired = read_roster(Path(data["roster_csv"]), p).roster
    repaired.visits = new
    assert [v.message for v in check(p, repaired).hard if v.rule == "visits"] == []  # a plan that can be made
    assert [(c["employee"], c["date"], c["visit"]) for c in data["visit_changes"]] == [
        (c.employee, p.date(c.day).isoformat(), c.visit)
        for c in visit_changes(p, old.visits, repaired, first)
    ]
    assert data["visit_changes"] and set(data["people_to_call"]) >= {
        c["employee"] for c in data["visit_changes"]
    }

    # Without the old plan the visits are planned afresh: more of them change.
    (tmp_path / "march_visits.csv").rename(tmp_path / "elsewhere.csv")
    afresh = run(*args, "--time-limit", "5", "--workers", "1", "--json", "--out", tmp_path / "afresh.csv")
    assert afresh.exit_code == 0, afresh.output
    fresh = read_roster(tmp_path / "afresh.csv", p).roster
    fresh.visits = read_visits_csv(tmp_path / "afresh_visits.csv", p)
    assert json.loads(afresh.stdout)["visit_changes"] == []  # nothing to compare with
    # The same roster (its stage does not see the plan); keeping the old plan makes no fewer visits.
    assert fresh.shifts == repaired.shifts
    assert json.loads(afresh.stdout)["visits"]["unplanned"] == data["visits"]["unplanned"]
    assert len(data["visit_changes"]) < len(visit_changes(p, old.visits, fresh, first))


def test_a_visit_lost_with_the_days_shift_is_said_by_the_shift_change():
    p = period(visit_instance(), days=2)
    old, new = roster_of(p, "e1: D D\ne3: . D"), roster_of(p, "e1: D .\ne3: D D")
    old.visits = plan_of(p, "r1-med 0 08:00 e1\nr1-med 1 08:00 e1")
    new.visits = plan_of(p, "r1-med 0 08:30 e1\nr1-med 1 08:00 e3")
    assert [
        (c.employee, c.day, c.before is None, c.after is None) for c in visit_changes(p, old.visits, new, 0)
    ] == [
        ("e1", 0, False, False),  # moved
        ("e3", 1, True, False),  # new for e3; e1's loss on day 1 comes with e1's day off
    ]


def test_an_old_visit_plan_that_breaks_the_visit_rules_before_the_change_is_planned_afresh():
    p = period(visit_instance(), days=2)
    old = roster_of(p, "e1: D D\ne3: D D")
    old.visits = plan_of(p, "r1-med 0 08:00 e1\nr4-care 0 08:00 e1")  # e1 in two places at once
    done = repair(p, old, 1, SolveParams(time_limit=3, workers=1, seed=0, open_shifts=True))
    new = done.result.roster
    assert [v.message for v in check(p, new).hard if v.rule == "visits"] == []
    assert {(a.visit, a.day) for a in new.visits.assignments} >= {("r1-med", 1)}


def test_a_persons_changes_are_listed_day_by_day_shifts_and_visits_together():
    p = period(visit_instance(), days=3)
    old, new = roster_of(p, "e1: D D D"), roster_of(p, "e1: D D .")
    old.visits = plan_of(p, "r1-med 0 08:00 e1")
    new.visits = plan_of(p, "r1-med 0 08:30 e1")
    result = Result("feasible", new, 0.0, 0.0, 1.0, 1.0, {}, check(p, new), QUICK)
    done = Repair(result, changes(p, old, new, 0), 0, visit_changes(p, old.visits, new, 0))
    lines = as_text(p, done, {}, "en").splitlines()
    e1 = next(i for i, line in enumerate(lines) if line.startswith("  e1 "))
    mine = lines[e1 + 1 : e1 + 3]
    assert "visit r1-med at 08:00 -> 08:30" in mine[0]  # day 0
    assert "D -> off" in mine[1]  # day 2
