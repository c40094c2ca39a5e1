"""Roster files: the long-form CSV, the XLSX grid, and the atomic writer both use."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from roster.calendar import Period
from roster.errors import InputError
from roster.instance import Instance, load_instance
from roster.io.atomic import write_atomic
from roster.io.roster_csv import COLUMNS, read_roster_csv, write_roster_csv
from roster.io.roster_xlsx import FIRST_DAY_COLUMN, read_roster_xlsx_grid, write_roster_xlsx
from roster.schedule import Roster

TINY = Path(__file__).parent / "data" / "tiny.yaml"
START = dt.date(2026, 3, 2)  # a Monday; tiny.yaml plans two weeks from here
HOLIDAY = dt.date(2026, 3, 4)


@pytest.fixture(scope="module")
def inst() -> Instance:
    """tiny.yaml with a vacation for e4, a second home unit for e5 and an extra holiday."""
    tiny = load_instance(TINY)
    employees = [e.model_dump(by_alias=True) for e in tiny.employees]
    employees[3]["absences"] = [{"from": dt.date(2026, 3, 3), "to": dt.date(2026, 3, 5), "kind": "vacation"}]
    employees[4]["units"] = ["team", "base"]
    employees[4]["nights"] = True
    units = [*tiny.units, {"id": "team", "name": "Dagteamet", "site": "site", "weekly_hours": 37.5}]
    return tiny.replace(employees=employees, units=units, holidays={"country": "NO", "extra": [HOLIDAY]})


@pytest.fixture(scope="module")
def period(inst: Instance) -> Period:
    return Period(inst, inst.period.start, inst.period.weeks * 7)


@pytest.fixture(scope="module")
def roster(period: Period) -> Roster:
    return Roster.from_codes(
        period,
        [
            ("e1", 0, "N"),
            ("e2", 0, "D"),
            ("e3", 0, "A"),
            ("e5", 0, "N"),
            ("e4", 0, "D"),
            ("e1", 3, "D"),
            ("e2", 1, "A"),
            ("e4", 6, "D"),
            ("e3", 13, "N"),
            ("e5", 5, "D"),
        ],
    )


def codes(roster: Roster) -> dict[str, list[tuple[int, str]]]:
    return {emp: [(s.day, s.code) for s in shifts] for emp, shifts in roster.shifts.items() if shifts}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_text(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---- CSV writing ----------------------------------------------------------------------------
def test_csv_has_the_columns_and_a_night_ends_on_the_next_date(tmp_path, roster):
    path = tmp_path / "roster.csv"
    write_roster_csv(path, roster)
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    night = next(r for r in csv_rows(path) if r["employee"] == "e1" and r["shift"] == "N")
    assert night == {
        "employee": "e1",
        "name": "Ada",
        "unit": "base",
        "date": "2026-03-02",
        "shift": "N",
        "start": "2026-03-02T21:45",
        "end": "2026-03-03T07:45",
        "hours": "10",
    }


def test_csv_is_sorted_by_date_unit_employee_and_hours_have_no_trailing_zeros(tmp_path, roster):
    path = tmp_path / "roster.csv"
    write_roster_csv(path, roster)
    rows = csv_rows(path)
    first_day = [(r["unit"], r["employee"]) for r in rows if r["date"] == "2026-03-02"]
    # e5's night is a site shift and counts for e5's home unit, so it sorts after the base
    assert first_day == [("base", "e1"), ("base", "e2"), ("base", "e3"), ("base", "e4"), ("team", "e5")]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {r["hours"] for r in rows} == {"7.5", "10"}


def test_csv_leaves_out_history_days(tmp_path, inst):
    period = Period(inst, START, 14, history_days=7)
    roster = Roster.from_codes(period, [("e1", -2, "D"), ("e1", 0, "A")])
    path = tmp_path / "roster.csv"
    write_roster_csv(path, roster)
    assert [(r["date"], r["shift"]) for r in csv_rows(path)] == [("2026-03-02", "A")]


def test_csv_round_trip(tmp_path, period, roster):
    path = tmp_path / "roster.csv"
    write_roster_csv(path, roster)
    assert codes(read_roster_csv(path, period)) == codes(roster)


# ---- CSV reading ----------------------------------------------------------------------------
def test_history_keeps_only_the_lookback_days_as_negative_days(tmp_path, inst):
    period = Period(inst, START, 14, history_days=7)
    path = write_text(
        tmp_path / "previous.csv",
        [
            "employee,date,shift",
            "e1,2026-02-22,D",  # before the lookback: skipped
            "e1,2026-02-23,N",  # day -7
            "e2,2026-03-01,A",  # day -1
            "e3,2026-03-02,D",  # a planning day: not history, skipped
        ],
    )
    assert codes(read_roster_csv(path, period, history=True)) == {"e1": [(-7, "N")], "e2": [(-1, "A")]}


def test_dates_outside_the_planning_period_are_an_error_without_history(tmp_path, period):
    path = write_text(tmp_path / "r.csv", ["employee,date,shift", "e1,2026-03-01,D"])
    with pytest.raises(InputError, match=r"line 2, column date: 2026-03-01 is outside"):
        read_roster_csv(path, period)


def test_reader_accepts_names_semicolons_norwegian_dates_and_day_off_rows(tmp_path, period):
    path = tmp_path / "r.csv"
    path.write_bytes("\ufeffEmployee;Date;Shift\nAda;3.3.2026;N\ne2;2026-03-04;F1\n\n".encode("utf-8"))
    assert codes(read_roster_csv(path, period)) == {"e1": [(1, "N")]}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"employee,date,shift\ne1,2026-03-02,D\n\xff\xfe,2026-03-03,D\n", "line 3: is not UTF-8"),
        (
            b"employee,day,code\ne1,2026-03-02,D\n",
            "holds no roster: expected a grid (a header row of dates, a row per employee) or a table with "
            "columns employee, date and shift (or start and end); the first row is: employee, day, code",
        ),
        (
            b"employee,date,shift\nzz,2026-03-02,D\n",
            "line 2, column employee: unknown employee 'zz'; known ids: e1, e2, e3, e4, e5",
        ),
        (
            b"employee,date,shift\ne1,2026-03-02,X\n",
            "line 2, column shift: unknown shift code 'X'; known: D, A, N",
        ),
        (b"employee,date,shift\ne1,02/03/2026,D\n", "line 2, column date: malformed date '02/03/2026'"),
    ],
)
def test_bad_csv_input_names_the_place(tmp_path, period, content, expected):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_roster_csv(path, period)
    assert str(info.value).startswith(f"{path}: ")
    assert expected in str(info.value)


def test_every_problem_is_reported_not_just_the_first(tmp_path, period):
    path = write_text(
        tmp_path / "bad.csv", ["employee,date,shift", "zz,2026-03-02,D", "e1,2026-03-02,D", "e2,2026-13-01,Q"]
    )
    with pytest.raises(InputError) as info:
        read_roster_csv(path, period)
    assert [where for where, _ in info.value.problems] == [
        "line 2, column employee",
        "line 4, column date",
        "line 4, column shift",
    ]


def test_unknown_employee_lists_at_most_ten_ids(tmp_path, inst):
    many = inst.replace(
        employees=[{**inst.employees[0].model_dump(by_alias=True), "id": f"p{i:02}"} for i in range(12)]
    )
    period = Period(many, START, 14)
    path = write_text(tmp_path / "bad.csv", ["employee,date,shift", "zz,2026-03-02,D"])
    with pytest.raises(InputError, match=r"known ids: p00, .*, p09 and 2 more"):
        read_roster_csv(path, period)


# ---- atomic writing -------------------------------------------------------------------------
def test_atomic_write_refuses_to_overwrite_without_force(tmp_path):
    path = write_text(tmp_path / "out.csv", ["old"])
    with pytest.raises(InputError, match="exists; use --force to overwrite"):
        write_atomic(path, lambda tmp: tmp.write_text("new"), force=False)
    assert path.read_text() == "old\n"


def test_atomic_write_overwrites_with_force_and_makes_folders(tmp_path):
    path = write_text(tmp_path / "out.csv", ["old"])
    write_atomic(path, lambda tmp: tmp.write_text("new"), force=True)
    assert path.read_text() == "new"
    nested = tmp_path / "a" / "b" / "out.csv"
    write_atomic(nested, lambda tmp: tmp.write_text("x"), force=False)
    assert nested.read_text() == "x"


def test_atomic_write_failure_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    path = write_text(tmp_path / "out.xlsx", ["old"])
    seen = []

    def failing(tmp: Path) -> None:
        seen.append(tmp)
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_atomic(path, failing, force=True)
    assert seen[0].parent == tmp_path and seen[0].suffix == ".xlsx"
    assert path.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [path]


def test_existing_roster_file_is_not_overwritten_by_writers(tmp_path, roster):
    path = tmp_path / "roster.csv"
    write_roster_csv(path, roster)
    with pytest.raises(InputError, match="exists"):
        write_roster_csv(path, roster)
    write_roster_csv(path, roster, force=True)


# ---- XLSX grid ------------------------------------------------------------------------------
def day_column(day: int) -> int:
    return FIRST_DAY_COLUMN + day


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, roster):
    path = tmp_path_factory.mktemp("xlsx") / "roster.xlsx"
    write_roster_xlsx(path, roster)
    return path, load_workbook(path)


def employee_rows(ws) -> dict[str, int]:
    return {ws.cell(row, 2).value: row for row in range(5, ws.max_row + 1) if ws.cell(row, 2).value}


def test_xlsx_headers_title_weeks_dates_and_weekdays(workbook):
    ws = workbook[1]["Turnus"]
    assert ws["A1"].value == "Tiny base  2.3.2026–15.3.2026"
    assert ws.cell(2, day_column(0)).value == "Uke 10"
    assert ws.cell(2, day_column(7)).value == "Uke 11"
    assert [ws.cell(3, c).value for c in (1, 2, 3)] == ["Navn", "Id", "Stilling %"]
    assert ws.cell(3, day_column(0)).value == dt.datetime(2026, 3, 2)
    assert ws.cell(3, day_column(0)).number_format == "d"  # shown as the day number
    weekdays = [ws.cell(4, day_column(d)).value for d in range(7)]
    assert weekdays == ["ma", "ti", "on", "to", "fr", "lø", "sø"]
    assert ws.freeze_panes == "D5"


def test_xlsx_shades_weekends_and_marks_holidays_red(workbook, period):
    ws = workbook[1]["Turnus"]
    saturday, weekday = ws.cell(4, day_column(5)), ws.cell(4, day_column(4))
    assert saturday.fill.fgColor.rgb.endswith("D9D9D9")
    assert weekday.fill.fill_type is None
    holiday = period.day_of(HOLIDAY)
    assert ws.cell(3, day_column(holiday)).font.color.rgb.endswith("C00000")
    assert ws.cell(3, day_column(0)).font.color is None


def test_xlsx_groups_staff_under_bold_unit_rows(workbook):
    ws = workbook[1]["Turnus"]
    assert ws["A5"].value == "The base" and ws["A5"].font.b and ws["B5"].value is None
    rows = employee_rows(ws)
    assert list(rows) == ["e1", "e2", "e3", "e4", "e5"]
    assert ws.cell(rows["e5"] - 1, 1).value == "Dagteamet"
    assert [ws.cell(rows["e2"], c).value for c in (1, 2, 3)] == ["Bo", "e2", 80]


def test_xlsx_shift_cells_colours_and_absences(workbook):
    ws = workbook[1]["Turnus"]
    rows = employee_rows(ws)
    night = ws.cell(rows["e1"], day_column(0))
    assert night.value == "N" and night.fill.fgColor.rgb.endswith("BDD7EE")
    assert ws.cell(rows["e1"], day_column(3)).value == "D"
    assert ws.cell(rows["e1"], day_column(1)).value is None
    vacation = ws.cell(rows["e4"], day_column(1))
    assert vacation.value == "FE" and vacation.font.i
    assert ws.cell(rows["e4"], day_column(0)).value == "D"  # the day before the vacation


def test_xlsx_planned_contract_and_deviation(workbook, period):
    ws = workbook[1]["Turnus"]
    totals = day_column(period.n_days)
    assert [ws.cell(3, totals + i).value for i in range(3)] == ["Timer plan", "Timer kontrakt", "Avvik"]
    row = employee_rows(ws)["e1"]
    # e1's rota includes nights: the night's 8.25 h of night time count 1 h 15 min each (KS)
    contract = round((period.contract_minutes(period.inst.employee_by_id["e1"]) - 495 // 4) / 60, 2)
    planned, due, deviation = (ws.cell(row, totals + i).value for i in range(3))
    assert (planned, due) == (17.5, contract)
    assert deviation == pytest.approx(17.5 - contract)


def test_xlsx_legend_lists_the_shifts(workbook):
    legend = workbook[1]["Vakter"]
    rows = list(legend.iter_rows(values_only=True))
    assert rows[0] == ("Kode", "Navn", "Tid", "Betalte timer", "Type")
    assert rows[3] == ("N", "Natt", "21:45–07:45", 10, "natt")
    assert ("FE", "Ferie", None, None, None) in rows


def test_xlsx_title_can_be_given(tmp_path, roster):
    path = tmp_path / "r.xlsx"
    write_roster_xlsx(path, roster, title="Vensmoen")
    assert load_workbook(path)["Turnus"]["A1"].value.startswith("Vensmoen  2.3.2026")


def test_xlsx_grid_round_trip(workbook, period, roster):
    assert codes(read_roster_xlsx_grid(workbook[0], period)) == codes(roster)


def test_xlsx_grid_reads_day_off_codes_and_hand_edits(tmp_path, workbook, period):
    book = load_workbook(workbook[0])
    ws = book["Turnus"]
    rows = employee_rows(ws)
    ws.cell(rows["e1"], day_column(0)).value = "F1"
    ws.cell(rows["e1"], day_column(1)).value = " D "
    ws.cell(rows["e2"], day_column(1)).value = "SY"  # an absence code replaces e2's A
    ws.cell(rows["e3"], day_column(2)).value = "off"
    path = tmp_path / "edited.xlsx"
    book.save(path)
    read = codes(read_roster_xlsx_grid(path, period))
    assert read["e1"] == [(1, "D"), (3, "D")]
    assert read["e2"] == [(0, "D")]
    assert read["e3"] == [(0, "A"), (13, "N")]


def test_xlsx_grid_bad_cells_name_sheet_row_and_column(tmp_path, workbook, period):
    book = load_workbook(workbook[0])
    ws = book["Turnus"]
    rows = employee_rows(ws)
    ws.cell(rows["e2"], day_column(1)).value = "Q"
    ws.cell(rows["e3"], 2).value = "zz"
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(InputError) as info:
        read_roster_xlsx_grid(path, period)
    assert info.value.problems == [
        (f"sheet Turnus, row {rows['e2']}, column E", "unknown shift code 'Q'; known: D, A, N"),
        (f"sheet Turnus, row {rows['e3']}, column B", "unknown employee 'zz'; known ids: e1, e2, e3, e4, e5"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"not a zip", "cannot be read as an .xlsx workbook"),
    ],
)
def test_xlsx_grid_unreadable_file(tmp_path, period, content, expected):
    path = tmp_path / "r.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        read_roster_xlsx_grid(path, period)


def test_xlsx_grid_on_another_sheet_with_english_headings_is_still_found(tmp_path, workbook, period, roster):
    book = load_workbook(workbook[0])
    book["Turnus"]["A3"].value = "Name"
    book["Turnus"].title = "Ark1"
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert codes(read_roster_xlsx_grid(path, period)) == codes(roster)


def test_xlsx_without_a_roster_names_the_sheets(tmp_path, period):
    book = Workbook()
    book.active.title = "Notater"
    book.active["A1"] = "Husk å sjekke helgene"
    book.create_sheet("Tom")
    path = tmp_path / "r.xlsx"
    book.save(path)
    with pytest.raises(
        InputError, match=r"no sheet holds a roster: .*; its sheets: Notater, Tom \(empty: Tom\)"
    ):
        read_roster_xlsx_grid(path, period)
