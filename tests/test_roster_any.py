"""Roster files from any source: grid or long form, CSV or XLSX, detected; the same roster whichever
way it is written; tolerant of the layouts other tools export; precise about what is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from roster.calendar import Period
from roster.check import check
from roster.errors import InputError
from roster.io.roster_any import read_roster, read_roster_file
from roster.io.roster_csv import write_roster_csv
from roster.io.roster_xlsx import write_roster_xlsx
from roster.schedule import Roster
from tests.conftest import change_employee, make_instance, period, roster_of
from tests.roster_forms import (
    RULE_NAMES,
    every_rule_instance,
    every_rule_roster,
    write_grid_csv,
    write_long_xlsx,
)


def _own_grid(path: Path, roster: Roster) -> Path:
    write_roster_xlsx(path.with_suffix(".xlsx"), roster)
    return path.with_suffix(".xlsx")


def _own_long(path: Path, roster: Roster) -> Path:
    write_roster_csv(path.with_suffix(".csv"), roster)
    return path.with_suffix(".csv")


WRITERS = {  # form, file type -> writer
    ("grid", "csv"): lambda path, roster: write_grid_csv(path.with_suffix(".csv"), roster),
    ("grid", "xlsx"): _own_grid,
    ("long", "csv"): _own_long,
    ("long", "xlsx"): lambda path, roster: write_long_xlsx(path.with_suffix(".xlsx"), roster),
}


def facts(report) -> list[tuple]:
    return sorted(
        (v.rule, v.employee or "", v.days, round(v.amount, 6), v.cost, v.message, v.message_nb or "")
        for v in report.violations
    )


def shifts_of(roster: Roster) -> dict[str, list]:
    return {emp: list(shifts) for emp, shifts in roster.shifts.items() if shifts}


@pytest.fixture(scope="module")
def every_rule():
    inst = every_rule_instance()
    p, roster = every_rule_roster(inst)
    return p, roster, check(p, roster)


def test_the_every_rule_roster_breaks_every_rule(every_rule):
    _, _, report = every_rule
    assert {v.rule for v in report.violations} >= RULE_NAMES


@pytest.mark.parametrize(("form", "kind"), list(WRITERS))
def test_every_rule_is_found_in_a_roster_read_from_each_form_and_file_type(tmp_path, every_rule, form, kind):
    p, roster, expected = every_rule
    path = WRITERS[form, kind](tmp_path / "roster", roster)
    read_file = read_roster_file(path, p.inst)
    assert read_file.form == form
    assert read_file.span() == (p.start, p.end)
    read = read_file.resolve(p)
    assert shifts_of(read.roster) == shifts_of(roster)
    assert facts(check(p, read.roster)) == facts(expected)


def _mixed_roster(p: Period) -> Roster:
    return roster_of(
        p, "e1: N N . . D A . N\ne2: D D A A . . D D\ne3: A . N N N . . A\ne4: . D D\ne5: D . . A"
    )


@pytest.mark.parametrize("start", [dt.date(2026, 3, 23), dt.date(2026, 10, 21)])
def test_round_trip_grid_xlsx_and_long_csv_are_the_same_roster(tmp_path, start):
    """Across the changes to summer and winter time, where a night is an hour shorter or longer."""
    inst = make_instance()
    p = Period(inst, start, 14)
    roster = _mixed_roster(p)
    for writer in (_own_grid, _own_long):
        read = read_roster(writer(tmp_path / "r", roster), p)
        assert shifts_of(read.roster) == shifts_of(roster)


# ---- grids as other tools write them --------------------------------------------------------------
def _grid_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(map(str, row)) for row in rows) + "\n", encoding="utf-8")
    return path


def _codes(roster: Roster) -> dict[str, list[tuple[int, str | None]]]:
    return {emp: [(s.day, s.code) for s in shifts] for emp, shifts in roster.shifts.items() if shifts}


@pytest.mark.parametrize(
    "heading",
    [
        lambda d: d.isoformat(),
        lambda d: f"{d:%d.%m.%Y}",
        lambda d: f"{d:%d.%m}",
        lambda d: f"{d.day}.{d.month}.",
        lambda d: f"{('ma', 'ti', 'on', 'to', 'fr', 'lø', 'sø')[d.weekday()]} {d.day}",
        lambda d: f"{('man', 'tir', 'ons', 'tor', 'fre', 'lør', 'søn')[d.weekday()]} {d:%d.%m}",
    ],
)
def test_grid_date_headings_in_many_spellings(tmp_path, heading):
    p = period(make_instance(), days=7)
    days = [p.date(d) for d in p.plan_days]
    path = _grid_csv(
        tmp_path / "g.csv",
        [["Turnus uke 10"], ["Navn", *map(heading, days)], ["Ada", "D", "", "N"], ["Bo", "", "A/D", "F1"]],
    )
    read = read_roster(path, p)
    assert _codes(read.roster) == {"e1": [(0, "D"), (2, "N")], "e2": [(1, "D"), (1, "A")]}


def test_grid_with_day_numbers_over_a_weekday_row_across_a_month_boundary(tmp_path):
    inst = make_instance()
    p = Period(inst, dt.date(2026, 2, 23), 14)
    days = [p.date(d) for d in p.plan_days]
    path = _grid_csv(
        tmp_path / "g.csv",
        [
            ["Turnus februar 2026"],
            ["Id", "Navn", *(d.day for d in days)],  # 23 ... 28 1 ... 8
            ["", "", *(("ma", "ti", "on", "to", "fr", "lø", "sø")[d.weekday()] for d in days)],
            ["e1", "Ada", *(["D"] + [""] * 5 + ["N"] + [""] * 7)],
        ],
    )
    read_file = read_roster_file(path, inst)  # the instance's own period starts in March
    assert read_file.span() == (dt.date(2026, 2, 23), dt.date(2026, 3, 8))
    assert _codes(read_file.resolve(p).roster) == {"e1": [(0, "D"), (6, "N")]}


def test_grid_weekday_that_disagrees_with_the_date_is_named(tmp_path):
    p = period(make_instance(), days=7)
    path = _grid_csv(tmp_path / "g.csv", [["Navn", "02.03.2026", "ma 03.03.2026"], ["Ada", "D", "D"]])
    with pytest.raises(InputError) as info:
        read_roster(path, p)
    assert info.value.problems == [
        ("line 1, column 3 (ma 03.03.2026)", "says Monday, but 03.03.2026 is a Tuesday")
    ]


def test_grid_skips_unit_headings_and_sums_and_merges_an_employees_two_rows(tmp_path):
    p = period(make_instance(), days=3)
    path = _grid_csv(
        tmp_path / "g.csv",
        [
            ["Navn", "Stilling %", "ma 2", "ti 3", "on 4", "Timer"],
            ["The base", "", "", "", "", ""],
            ["Ada", "100", "D", "", "", "7.5"],
            ["Ada", "100", "A", "", "N", "17.5"],  # a second row (for a second unit)
            ["Antall", "", "2", "0", "1", ""],
        ],
    )
    read = read_roster(path, p)
    assert _codes(read.roster) == {"e1": [(0, "D"), (0, "A"), (2, "N")]}
    found = [v for v in check(p, read.roster).violations if v.rule == "one_shift_per_day"]
    assert len(found) == 1 and found[0].days == (0,)  # a fact about the roster, not a crash


def test_grid_open_shift_rows_and_ad_hoc_times_in_cells(tmp_path):
    p = period(make_instance(), days=3)
    path = _grid_csv(
        tmp_path / "g.csv",
        [["Navn", "ma 2", "ti 3", "on 4"], ["Ada", "08-16", "", "D"], ["Ledige vakter", "A", "N", ""]],
    )
    read = read_roster(path, p)
    adhoc = read.roster.of("e1")[0]
    assert (adhoc.code, p.moment(adhoc.start).hour, p.moment(adhoc.end).hour, adhoc.kind) == (
        None,
        8,
        16,
        "day",
    )
    assert [(s.day, s.code) for s in read.open_shifts] == [(0, "A"), (1, "N")]
    assert "A" not in [s.code for e in read.roster.shifts for s in read.roster.of(e)]  # nobody is on them


def test_employees_by_id_or_name_in_any_case_and_surname_first(tmp_path):
    inst = change_employee(make_instance(), "e1", name="Ingrid Aune")
    p = period(inst, days=3)
    path = _grid_csv(
        tmp_path / "g.csv", [["Navn", "ma 2", "ti 3"], ["aune, ingrid", "D", ""], ["BO", "", "A"]]
    )
    assert _codes(read_roster(path, p).roster) == {"e1": [(0, "D")], "e2": [(1, "A")]}
    clash = _grid_csv(tmp_path / "c.csv", [["Id", "Navn", "ma 2"], ["e1", "Bo", "D"]])
    with pytest.raises(
        InputError, match=r"line 2, column 1 \(Id\): e1 is Ingrid Aune, but the name column says 'Bo' \(e2\)"
    ):
        read_roster(clash, p)


# ---- long tables -----------------------------------------------------------------------------------
def _long_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_long_table_with_times_only_ad_hoc_and_covered_shifts(tmp_path):
    p = period(make_instance(), days=3)
    path = _long_csv(
        tmp_path / "l.csv",
        [
            "Ansatt;Dato;Fra;Til;Timer",
            "e1;02.03.2026;07:30;15:00;",  # exactly D
            "e2;02.03.2026;07:00;15:30;",  # covers D: counts for D, checked by its real times
            "e3;03.03.2026;10:00;14:00;",  # covers no shift: ad hoc
            "e4;03.03.2026;22.00;06.00;8",  # mostly in the AML night: a night shift, 8 paid hours
            ";04.03.2026;14:30;22:00;",  # no employee: an open shift
        ],
    )
    read = read_roster(path, p)
    e1, e2, e3, e4 = (read.roster.of(e)[0] for e in ("e1", "e2", "e3", "e4"))
    assert e1 == p.place(0, "D", p.inst.employee_by_id["e1"])
    assert (e2.code, e2.start, e2.end, e2.paid) == ("D", 7 * 60, 15 * 60 + 30, 510)
    assert (e3.code, e3.kind, e3.paid) == (None, "day", 240)
    assert (e4.code, e4.kind, e4.paid, e4.end - e4.start) == (None, "night", 480, 480)
    assert sorted(read.roster.staff_on(0, "D")) == ["e1", "e2"]
    assert [(s.day, s.code) for s in read.open_shifts] == [(2, "A")]
    night = [v for v in check(p, read.roster).violations if v.rule == "night_eligibility"]
    assert [v.employee for v in night] == ["e4"]  # e4 may not work nights


def test_long_table_with_code_and_other_times_counts_as_the_code(tmp_path):
    p = period(make_instance(), days=3)
    path = _long_csv(
        tmp_path / "l.csv",
        ["employee,date,shift,start,end", "e1,2026-03-02,A,14:30,23:30", "e1,2026-03-03,D,,"],
    )
    evening, day = read_roster(path, p).roster.of("e1")
    assert (evening.code, evening.kind, evening.paid) == ("A", "evening", 540)  # stayed 1.5 h late
    rest = [v for v in check(p, read_roster(path, p).roster).violations if v.rule == "daily_rest"]
    assert rest and rest[0].amount == pytest.approx(3)  # 23:30 -> 07:30 is 8 h of rest


# ---- bad input ------------------------------------------------------------------------------------
def _xlsx(path: Path, rows: list[list], title: str = "Ark1") -> Path:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


LONG = ["employee", "date", "shift", "start", "end"]


@pytest.mark.parametrize(
    ("rows", "where", "problem"),
    [
        (
            [LONG, ["zz", "2026-03-02", "D"]],
            ("line 2, column employee", "row 2, column A"),
            "unknown employee 'zz'",
        ),
        (
            [LONG, ["e1", "2026-03-02", "Q"]],
            ("line 2, column shift", "row 2, column C"),
            "unknown shift code 'Q'",
        ),
        (
            [LONG, ["e1", "2026-04-02", "D"]],
            ("line 2, column date", "row 2, column B"),
            "2026-04-02 is outside the planning period 2026-03-02–2026-03-15",
        ),
        (
            [LONG, ["e1", "2026-03-02", "", "7h30", "15:00"]],
            ("line 2, column start", "row 2, column D"),
            "malformed time '7h30'",
        ),
        (
            [["Navn", "ma 2", "ti 3"], ["Ada", "D", "Q"]],
            ("line 2, column 3 (ti 3)", "row 2, column C"),
            "unknown shift code 'Q'",
        ),
        (
            [["Navn", "ma 2", "ti 3"], ["Zed", "D", ""]],
            ("line 2, column 1 (Navn)", "row 2, column A"),
            "unknown employee 'Zed'",
        ),
        (
            [["Navn", "01.04.2026", "02.04.2026"], ["Ada", "D", ""]],
            ("line 1, column 2 (01.04.2026)", "row 1, column B"),
            "2026-04-01 is outside the planning period",
        ),
    ],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_bad_input_names_file_row_and_column(tmp_path, rows, where, problem, kind):
    p = period(make_instance())
    path = _grid_csv(tmp_path / "bad.csv", rows) if kind == "csv" else _xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(InputError) as info:
        read_roster(path, p)
    place = where[0] if kind == "csv" else f"sheet Ark1, {where[1]}"
    assert any(w == place and problem in what for w, what in info.value.problems), info.value.problems
    assert str(info.value).startswith(f"{path}: ")


def test_empty_files_and_the_wrong_sheet(tmp_path):
    p = period(make_instance())
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_roster(empty_csv, p)
    book = _xlsx(tmp_path / "r.xlsx", [LONG, ["e1", "2026-03-02", "D"]], title="Vaktliste")
    with pytest.raises(InputError, match=r"has no sheet 'Turnus'; its sheets: Vaktliste"):
        read_roster(book, p, sheet="Turnus")
    assert _codes(read_roster(book, p, sheet="vaktliste").roster) == {"e1": [(0, "D")]}
    blank = _xlsx(tmp_path / "blank.xlsx", [])
    with pytest.raises(InputError, match=r"no sheet holds a roster: .*its sheets: Ark1 \(empty: Ark1\)"):
        read_roster(blank, p)


def test_a_history_file_in_any_form_keeps_only_the_lookback_and_skips_people_who_left(tmp_path):
    inst = make_instance()
    p = Period(inst, dt.date(2026, 3, 2), 14, history_days=7)
    previous = Period(inst, dt.date(2026, 2, 2), 28)
    grid = _own_grid(tmp_path / "february", roster_of(previous, "e1@20: A D\ne2@27: N"))
    history = read_roster(grid, p, history=True).roster  # 22 February is before the lookback
    assert _codes(history) == {"e1": [(-7, "D")], "e2": [(-1, "N")]}
    leaver = _grid_csv(tmp_path / "old.csv", [["Navn", "sø 1.3."], ["Zed", "D"], ["Ada", "A"]])
    assert _codes(read_roster(leaver, p, history=True).roster) == {"e1": [(-1, "A")]}
