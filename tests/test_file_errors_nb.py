"""Errors in roster, visit-plan, YAML and benchmark files are told in the command's language: with
`--lang nb` the place (linje, kolonne, ark, rad) and the problem are Norwegian, and the English
message stays word for word what it was (scripts match on it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from roster.errors import InputError
from roster.io.curtois_qu import read_curtois_qu
from roster.io.roster_any import read_roster, read_roster_file
from roster.io.roster_xlsx import FIRST_DAY_COLUMN, write_roster_xlsx
from roster.io.visits_csv import read_visits_csv
from roster.io.yaml_file import parse_yaml
from tests.conftest import ROOT, make_instance, period, roster_of, visit_instance

SALTDAL = ROOT / "instances" / "saltdal-2025.yaml"


@pytest.fixture(scope="module")
def tiny_period():
    return period(make_instance())  # 2026-03-02 to 2026-03-15; employees e1-e5; shifts D, A, N


def refused(read, *args) -> InputError:
    with pytest.raises(InputError) as info:
        read(*args)
    return info.value


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---- long-form CSV ------------------------------------------------------------------------------
LONG_CSV = [
    pytest.param(
        ["employee,date,shift", "e1,2026-03-02,D", "e1,02/03/2026,D"],
        "line 3, column date: malformed date '02/03/2026'; expected a date such as 2026-03-02 or 2.3.2026",
        "linje 3, kolonne date: ugyldig dato '02/03/2026'; forventet en dato som 2026-03-02 eller 2.3.2026",
        id="bad date",
    ),
    pytest.param(
        ["employee,date,shift", "zz,2026-03-02,D"],
        "line 2, column employee: unknown employee 'zz'; known ids: e1, e2, e3, e4, e5",
        "linje 2, kolonne employee: ukjent ansatt 'zz'; kjente id-er: e1, e2, e3, e4, e5",
        id="unknown employee",
    ),
    pytest.param(
        ["ansatt;dato;vakt", "e1;2.3.2026;X"],
        "line 2, column vakt: unknown shift code 'X'; known: D, A, N",
        "linje 2, kolonne vakt: ukjent vaktkode 'X'; kjente: D, A, N",
        id="unknown shift code under Norwegian headings",
    ),
    pytest.param(
        ["employee,date,shift", "e1,2026-03-01,D"],
        "line 2, column date: 2026-03-01 is outside the planning period 2026-03-02–2026-03-15",
        "linje 2, kolonne date: 2026-03-01 er utenfor planperioden 2026-03-02–2026-03-15",
        id="date outside the period",
    ),
    pytest.param(
        ["employee,date,start,end", "e1,2026-03-02,08:00,"],
        "line 2, column start: gives a start time but no end time",
        "linje 2, kolonne start: har starttid, men ingen sluttid",
        id="start without end",
    ),
    pytest.param(
        ["employee,day,code", "e1,2026-03-02,D"],
        "holds no roster: expected a grid (a header row of dates, a row per employee) or a table with "
        "columns employee, date and shift (or start and end); the first row is: employee, day, code",
        "inneholder ingen turnus: forventet et rutenett (en overskriftsrad med datoer, en rad per ansatt) "
        "eller en tabell med kolonnene ansatt, dato og vakt (eller start og slutt); første rad er: "
        "employee, day, code",
        id="missing column",
    ),
]


@pytest.mark.parametrize(("lines", "english", "norwegian"), LONG_CSV)
def test_long_csv_errors_in_both_languages(tmp_path, tiny_period, lines, english, norwegian):
    path = write(tmp_path / "bad.csv", *lines)
    error = refused(read_roster, path, tiny_period)
    assert error.in_lang("en") == str(error) == f"{path}: {english}"
    assert error.in_lang("nb") == f"{path}: {norwegian}"


def test_every_problem_of_a_file_is_told_in_norwegian(tmp_path, tiny_period):
    path = write(tmp_path / "bad.csv", "employee,date,shift", "zz,2026-03-02,D", "e2,2026-13-01,Q")
    lines = refused(read_roster, path, tiny_period).in_lang("nb").splitlines()
    assert [line.removeprefix(f"{path}: ").split(": ")[0] for line in lines] == [
        "linje 2, kolonne employee",
        "linje 3, kolonne date",
        "linje 3, kolonne shift",
    ]
    assert not any("line " in line or "unknown" in line for line in lines)


def test_problems_stay_english_pairs_of_text(tmp_path, tiny_period):
    path = write(tmp_path / "bad.csv", "employee,date,shift", "e1,2026-03-02,X")
    assert refused(read_roster, path, tiny_period).problems == [
        ("line 2, column shift", "unknown shift code 'X'; known: D, A, N")
    ]


def test_non_utf8_csv(tmp_path, tiny_period):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"employee,date,shift\ne1,2026-03-02,D\n\xff\xfe,2026-03-03,D\n")
    error = refused(read_roster, path, tiny_period)
    assert str(error) == f"{path}: line 3: is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)"
    assert error.in_lang("nb") == (
        f"{path}: linje 3: er ikke UTF-8-tekst; lagre filen som UTF-8 (i Excel: CSV UTF-8)"
    )


# ---- grids --------------------------------------------------------------------------------------
def test_grid_csv_wrong_weekday_names_both_days_in_norwegian(tmp_path, tiny_period):
    path = write(tmp_path / "grid.csv", "Navn,lø 02.03.2026,ti 03.03.2026", "Ada,D,A")
    error = refused(read_roster, path, tiny_period)
    assert (
        str(error) == f"{path}: line 1, column 2 (lø 02.03.2026): says Saturday, but 02.03.2026 is a Monday"
    )
    assert error.in_lang("nb") == (
        f"{path}: linje 1, kolonne 2 (lø 02.03.2026): sier lørdag, men 02.03.2026 er en mandag"
    )


def test_grid_row_of_an_unknown_name_is_told_once_in_each_language(tmp_path, tiny_period):
    path = write(tmp_path / "grid.csv", "Navn,02.03.2026,03.03.2026,04.03.2026", "Zed,D,A,N")
    error = refused(read_roster, path, tiny_period)
    assert str(error) == (
        f"{path}: line 2, column 1 (Navn): unknown employee 'Zed'; known ids: e1, e2, e3, e4, e5"
    )
    assert error.in_lang("nb") == (
        f"{path}: linje 2, kolonne 1 (Navn): ukjent ansatt 'Zed'; kjente id-er: e1, e2, e3, e4, e5"
    )


@pytest.fixture(scope="module")
def grid_xlsx(tmp_path_factory, tiny_period) -> Path:
    path = tmp_path_factory.mktemp("grid") / "roster.xlsx"
    write_roster_xlsx(path, roster_of(tiny_period, "e1: D A\ne2: N"))
    return path


def test_xlsx_grid_unknown_code_names_sheet_row_and_column(tmp_path, tiny_period, grid_xlsx):
    book = load_workbook(grid_xlsx)
    sheet = book["Turnus"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "e2")
    sheet.cell(row, FIRST_DAY_COLUMN + 1).value = "Q"  # column E: Tuesday 3 March
    path = tmp_path / "bad.xlsx"
    book.save(path)
    error = refused(read_roster, path, tiny_period)
    assert str(error) == f"{path}: sheet Turnus, row {row}, column E: unknown shift code 'Q'; known: D, A, N"
    assert (
        error.in_lang("nb")
        == f"{path}: ark Turnus, rad {row}, kolonne E: ukjent vaktkode 'Q'; kjente: D, A, N"
    )


def test_xlsx_missing_sheet(tiny_period, grid_xlsx):
    sheets = ", ".join(load_workbook(grid_xlsx).sheetnames)
    error = refused(read_roster_file, grid_xlsx, tiny_period.inst, None, "Plan")
    assert str(error) == f"{grid_xlsx}: has no sheet 'Plan'; its sheets: {sheets}"
    assert error.in_lang("nb") == f"{grid_xlsx}: har ikke arket 'Plan'; arkene er: {sheets}"


def test_csv_has_no_sheets(tmp_path, tiny_period):
    path = write(tmp_path / "r.csv", "employee,date,shift", "e1,2026-03-02,D")
    error = refused(read_roster_file, path, tiny_period.inst, None, "Turnus")
    assert str(error) == f"{path}: is a CSV file, which has no sheets; --sheet 'Turnus' is for workbooks"
    assert (
        error.in_lang("nb")
        == f"{path}: er en CSV-fil, som ikke har ark; --sheet 'Turnus' gjelder arbeidsbøker"
    )


# ---- visit plans --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def visit_period():
    return period(visit_instance(), days=1)


def test_bad_visits_csv(tmp_path, visit_period):
    path = write(
        tmp_path / "plan.csv",
        "employee,date,visit,start",
        "e1,2026-03-02,r1-medd,08:00",
        "e1,2026-03-02,r1-med,8h",
    )
    error = refused(read_visits_csv, path, visit_period)
    known = "r1-eve, r1-med, r2-day, r3-talk, r4-care"
    assert str(error).splitlines() == [
        f"{path}: line 2, column visit: unknown visit 'r1-medd'; known: {known}",
        f"{path}: line 3, column start: malformed time '8h'; expected HH:MM or YYYY-MM-DDTHH:MM",
    ]
    assert error.in_lang("nb").splitlines() == [
        f"{path}: linje 2, kolonne visit: ukjent besøk 'r1-medd'; kjente: {known}",
        f"{path}: linje 3, kolonne start: ugyldig klokkeslett '8h'; "
        "forventet tt:mm (som 08:00) eller dato og tid (som 2026-03-02T08:00)",
    ]


def test_visits_csv_missing_column(tmp_path, visit_period):
    path = write(tmp_path / "plan.csv", "employee,date,visit", "e1,2026-03-02,r1-med")
    error = refused(read_visits_csv, path, visit_period)
    assert str(error) == f"{path}: line 1: missing column(s) start; found: employee, date, visit"
    assert error.in_lang("nb") == f"{path}: linje 1: mangler kolonne(r) start; fant: employee, date, visit"


# ---- YAML and the benchmark's files ---------------------------------------------------------------
def test_yaml_place_in_norwegian():
    error = refused(parse_yaml, "units:\n  - id: a\n  - id: [b\n", "x.yaml")
    english = re.fullmatch(r"x\.yaml: line (\d+), column (\d+): not valid YAML: .+", str(error), re.S)
    norwegian = re.fullmatch(
        r"x\.yaml: linje (\d+), kolonne (\d+): ikke gyldig YAML: .+", error.in_lang("nb"), re.S
    )
    assert english and norwegian and english.groups() == norwegian.groups()


def test_a_duplicate_yaml_key_is_told_in_both_languages():
    error = refused(parse_yaml, "name: a\nunits: []\nname: b\n", "x.yaml")
    assert str(error) == "x.yaml: line 3, column 1: not valid YAML: duplicate key 'name' (first on line 1)"
    assert error.in_lang("nb") == (
        "x.yaml: linje 3, kolonne 1: ikke gyldig YAML: "
        "nøkkelen 'name' står to ganger (første gang på linje 1)"
    )


@pytest.mark.parametrize(
    "text, place, english, norwegian",
    [
        (
            "name: Base: Vensmoen\n",
            "1, 11",
            "a ':' where no key can start",
            "et ':' der ingen nøkkel kan begynne",
        ),
        ("units:\n  - id: a\n - id: b\n", "3, 2", "the indentation does not match", "innrykket stemmer ikke"),
        (
            "units:\n\t- id: a\n",
            "2, 1",
            "a tab character: indent with spaces",
            "et tabulatortegn: bruk mellomrom",
        ),
        ("name: @base\n", "1, 7", "a value cannot start with '@'", "en verdi kan ikke begynne med '@'"),
        (
            'name: "Base\nunits: []\n',
            "3, 1",
            "a closing quote is missing",
            "et avsluttende anførselstegn mangler",
        ),
        ("on: [monday, friday\nmin: 1\n", "2, 4", "not closed with ']'", "ikke lukket med ']'"),
        (
            "requirements: *day_rules\n",
            "1, 15",
            "'*day_rules' refers to an anchor",
            "'*day_rules' viser til et anker",
        ),
        (
            'name: "C:\\Vakter"\n',
            "1, 11",
            "'\\V' is not a known escape sequence",
            "'\\V' er ikke en kjent escape-sekvens",
        ),
    ],
)
def test_common_yaml_mistakes_are_told_in_both_languages(text, place, english, norwegian):
    error = refused(parse_yaml, text, "x.yaml")
    line, column = place.split(", ")
    assert str(error).startswith(f"x.yaml: line {line}, column {column}: not valid YAML: ")
    assert english in str(error) and str(error).endswith("]")  # the parser's words, for a web search
    nb = error.in_lang("nb")
    assert nb.startswith(f"x.yaml: linje {line}, kolonne {column}: ikke gyldig YAML: ")
    assert norwegian in nb and "[" not in nb


def test_an_uncommon_yaml_mistake_keeps_the_parsers_words():
    error = refused(parse_yaml, "a: *\n", "x.yaml")
    assert "expected alphabetic or numeric character" in str(error)
    assert "expected alphabetic or numeric character" in error.in_lang("nb")


def test_curtois_qu_line_in_norwegian(tmp_path):
    path = write(
        tmp_path / "Bad.txt",
        "SECTION_HORIZON",
        "x",
        "SECTION_SHIFTS",
        "D,480,",
        "SECTION_STAFF",
        "A,D=14,4320,3360,5,2,2,1",
    )
    error = refused(read_curtois_qu, path)
    assert str(error) == f"{path}: line 2: the horizon must be a whole number, got 'x'"
    assert error.in_lang("nb") == f"{path}: linje 2: horisonten må være et heltall, fikk 'x'"


# ---- the command line -----------------------------------------------------------------------------
def check(path: Path, lang: str):
    return CliRunner().invoke(main, ["check", str(SALTDAL), str(path), "--lang", lang])


def test_check_tells_a_bad_roster_csv_in_norwegian(tmp_path):
    path = write(tmp_path / "BAD.csv", "ansatt,dato,vakt", "zz,2026-01-05,D", "v01,5/1/2026,D")
    result = check(path, "nb")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"roster: {path}: linje 2, kolonne ansatt: ukjent ansatt 'zz'; kjente id-er: ")
    assert lines[1].startswith(
        f"{path}: linje 3, kolonne dato: ugyldig dato '5/1/2026'; forventet en dato som "
    )
    assert len(lines) == 2
    assert "Traceback" not in result.output and "unknown" not in result.stderr


def test_check_keeps_the_english_message_with_lang_en(tmp_path):
    path = write(tmp_path / "BAD.csv", "ansatt,dato,vakt", "zz,2026-01-05,D")
    result = check(path, "en")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        f"roster: {path}: line 2, column ansatt: unknown employee 'zz'; known ids: "
    )
    assert "Traceback" not in result.output
