"""Fuzzed inputs (hypothesis): every reader ends in exit 2 with a message naming the file, or in a
well-defined result, never in a traceback or an internal error.

Instance files are the tiny instance with random fields deleted, replaced by values of the wrong
type, absurd numbers, unknown references, far dates, duplicated list items and unknown keys, or with
their bytes damaged; roster files are random grids and lists (and both at once) of ids, names,
dates in many spellings, codes and clock times, as CSV or XLSX; scenarios are the shipped ones
changed the same way. Instances and rosters go through `roster check` (the cheapest command that
reads both); an instance that loads is also built into a CP-SAT model.

The number of examples is the hypothesis profile's (tests/conftest.py): 150 a test by default, so
CI stays fast, and 3000 with HYPOTHESIS_PROFILE=long.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from cli import main
from roster.calendar import Period
from roster.errors import InputError
from roster.instance import load_instance
from roster.io.roster_csv import write_roster_csv
from roster.planning.scenario import apply, load_scenario
from roster.solver.model import build
from tests.conftest import DATA, ROOT, make_instance, period, roster_of, tiny_data

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
START = dt.date(2026, 3, 2)  # tiny.yaml's period: two weeks from Monday 2 March 2026

# ---- what a reader must do ---------------------------------------------------------------------


def run(*args: Any):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_clean(result, *files: Path) -> None:
    """Exit 0 or 1 (a checked roster), or 2 with a message that names one of the files."""
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, result.exception)
    if result.exit_code == 2:
        head = result.stderr.splitlines()[0]
        assert head.startswith("roster: "), result.stderr
        assert any(str(f) in result.stderr for f in files) or "planning period" in head, result.stderr
    event(f"exit {result.exit_code}")


@pytest.fixture(scope="module")
def tiny_roster(tmp_path_factory) -> Path:
    """A lawful-looking roster of tiny.yaml's two weeks, as `roster solve` writes it."""
    p = period(make_instance())
    path = tmp_path_factory.mktemp("roster") / "tiny.csv"
    write_roster_csv(
        path,
        roster_of(p, "e1: D D . N N . . D D . N N\ne2: A A A . . D D A A A . . D D\ne3: . N N D A A"),
    )
    return path


# ---- instance files ----------------------------------------------------------------------------

NASTY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        ["25:00", "07:30", "24:00", "off", "e1", "nurse", "D", "N", "base", "site", "2026-03-03", "@", "-1"]
    ),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "from", "to", "shift", "x"]), st.integers(-1, 2), max_size=2),
)


def _paths(data: Any, here: tuple = ()) -> list[tuple]:
    """The path of every node below `data` (dict keys and list indexes)."""
    out = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*here, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*here, i))
    return out


@st.composite
def damaged(draw, data: dict) -> dict:
    """`data` with one to three random changes; each keeps the file YAML."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)[1:]))
        *head, last = path
        parent = data
        for key in head:
            parent = parent[key]
        how = draw(st.sampled_from(["replace", "replace", "delete", "duplicate", "unknown key"]))
        if how == "replace":
            parent[last] = draw(NASTY)
        elif how == "delete":
            del parent[last]
        elif how == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))  # a second item with the same id or code
        elif isinstance(parent, dict):
            parent[f"{last}x"] = parent.pop(last)
    return data


def _write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _assert_model_builds(path: Path) -> None:
    """An instance that loads is a well-defined problem: its model can be built."""
    try:
        inst = load_instance(path)
        p = Period(inst, inst.period.start if inst.period else START, 14)
    except InputError:
        return  # the roster was checked against another period; the instance itself is refused
    build(p)


@FUZZ
@given(damaged(tiny_data()))
def test_damaged_instance_fields(tmp_path, tiny_roster, data):
    path = _write_yaml(tmp_path / "instance.yaml", data)
    result = run("check", path, tiny_roster)
    assert_clean(result, path, tiny_roster)
    if result.exit_code != 2:
        _assert_model_builds(path)


@st.composite
def damaged_bytes(draw, raw: bytes) -> bytes:
    """`raw` with random bytes overwritten, inserted or cut, or truncated."""
    raw = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        how = draw(st.sampled_from(["overwrite", "insert", "cut", "truncate"]))
        noise = draw(st.binary(min_size=1, max_size=8))
        if how == "overwrite":
            raw[at : at + len(noise)] = noise
        elif how == "insert":
            raw[at:at] = noise
        elif how == "cut":
            del raw[at : at + draw(st.integers(1, 40))]
        else:
            del raw[at:]
    return bytes(raw)


@FUZZ
@given(damaged_bytes((DATA / "tiny.yaml").read_bytes()))
def test_damaged_instance_bytes(tmp_path, tiny_roster, raw):
    path = tmp_path / "instance.yaml"
    path.write_bytes(raw)
    assert_clean(run("check", path, tiny_roster), path, tiny_roster)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!python/object/apply:os.system ['echo owned']\n", "could not determine a constructor"),
        ("name: a\nname: b\n", "duplicate key 'name'"),
        # A list as a key (the long fuzz run damaged `{id: nurse, implies: [uni, med]}` into this)
        ("competencies:\n  - {id: nurse, [uni, med]}\n", "line 2, column 17: not valid YAML"),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("", "must be a YAML mapping"),
    ],
)
def test_yaml_is_read_safely(tmp_path, tiny_roster, text, message):
    path = tmp_path / "instance.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("check", path, tiny_roster, "--lang", "en")
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert f"roster: {path}" in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"holidays": {"country": "XX"}}, "holidays.country: unknown country 'XX'"),
        ({"period": {"start": "9999-12-20", "weeks": 2}}, "within the years 1900-2199"),
        ({"shifts": [{**tiny_data()["shifts"][0], "end": "07:00"}]}, "ends at 07:00, not after its start"),
        ({"employees": [tiny_data()["employees"][0]] * 2}, "employees[1].id: duplicate id 'e1'"),
    ],
)
def test_instance_problems_found_by_fuzzing_are_input_errors(tmp_path, change, message):
    path = _write_yaml(tmp_path / "instance.yaml", {**tiny_data(), **change})
    result = run("solve", path, "--out", tmp_path / "out", "--time-limit", "1")
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_dates_outside_the_period_are_ignored_and_far_wishes_cost_nothing_extra(tmp_path, tiny_roster):
    data = tiny_data()
    data["employees"][0]["absences"] = [{"from": "1900-01-01", "to": "1900-12-31", "kind": "sick"}]
    data["employees"][1]["wishes"] = [{"date": "1900-01-01", "to": "2199-12-31", "want": "off"}]
    path = _write_yaml(tmp_path / "instance.yaml", data)
    result = run("check", path, tiny_roster, "--json")
    assert result.exit_code == 1, result.stderr  # the hand-made roster is short-staffed
    violations = json.loads(result.stdout)["violations"]
    assert not any(v["rule"] == "absences" for v in violations)
    wishes = [v for v in violations if v["rule"] == "wishes"]
    assert {v["employee"] for v in wishes} == {"e2"} and len(wishes) == 10  # e2's ten working days


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, tiny_roster, monkeypatch):
    from roster.io import text_file

    inputs = (DATA / "tiny.yaml", tiny_roster)
    monkeypatch.setattr(text_file, "MAX_INPUT_BYTES", max(p.stat().st_size for p in inputs) + 100)
    for path in inputs:
        big = tmp_path / f"big{path.suffix}"
        big.write_bytes(path.read_bytes() + b"#" * 200_000 + b"\n")
        args = (big, tiny_roster) if path.suffix == ".yaml" else (DATA / "tiny.yaml", big)
        result = run("check", *args, "--lang", "en")
        assert (
            result.exit_code == 2
            and f"roster: {big}: is 0.2 MB; an input file may be at most" in result.stderr
        )


def test_many_problems_are_told_a_screenful_at_a_time(tmp_path, tiny_roster):
    data = tiny_data()
    data["employees"] = [{**data["employees"][0], "id": f"e{i}", "units": ["nowhere"]} for i in range(100)]
    path = _write_yaml(tmp_path / "instance.yaml", data)
    for lang, more in (("en", "... and 60 more problems"), ("nb", "... og 60 problemer til")):
        result = run("check", path, tiny_roster, "--lang", lang)
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 41 and lines[-1].endswith(more), lines[-1]


def test_braces_in_a_wrong_value_are_quoted_not_formatted(tmp_path, tiny_roster):
    """A message that quotes the input (a clock time `{}`) is text, in either language."""
    data = tiny_data()
    data["shifts"][0]["start"] = "{0}"
    path = _write_yaml(tmp_path / "instance.yaml", data)
    for lang in ("nb", "en"):
        result = run("check", path, tiny_roster, "--lang", lang)
        assert result.exit_code == 2 and "'{0}'" in result.stderr, result.output


@pytest.mark.parametrize(
    ("change", "english", "norwegian"),
    [
        (
            lambda d: d["employees"][0].update(units=["nowhere"]),
            "unknown unit 'nowhere'",
            "ukjent enhet 'nowhere'",
        ),
        (
            lambda d: d["employees"][0].update(position=150),
            "less than or equal to 100",
            "skal være høyst 100",
        ),
        (lambda d: d["employees"][0].update(pets=1), "unknown field", "ukjent felt"),
        (lambda d: d["shifts"][0].update(end="06:00"), "not after its start", "ikke etter start"),
        (lambda d: d.update(timezone="Mars/Olympus"), "unknown time zone", "ukjent tidssone"),
    ],
)
def test_input_errors_are_told_in_the_commands_language(tmp_path, tiny_roster, change, english, norwegian):
    """HR and unit leaders read Norwegian: `check` words a wrong instance in Norwegian by default,
    and every command in its --lang; the field path stays as the file spells it."""
    data = tiny_data()
    change(data)
    path = _write_yaml(tmp_path / "instance.yaml", data)
    for args, want, not_want in (
        (("check", path, tiny_roster), norwegian, english),
        (("check", path, tiny_roster, "--lang", "en"), english, norwegian),
        (("solve", path, "--out", tmp_path, "--lang", "nb"), norwegian, english),
        (("solve", path, "--out", tmp_path), english, norwegian),
    ):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert want in result.stderr and not_want not in result.stderr, result.stderr
        assert f"roster: {path}: " in result.stderr
    assert not list(tmp_path.glob("*.csv"))  # nothing written


# ---- roster files ------------------------------------------------------------------------------

EMPLOYEES = st.sampled_from(["e1", "e2", "e5", "Ada", "Bo", "Aune, Ingrid", "zz", "", "Ledig", "?", "1001"])
DATES = st.one_of(
    st.integers(-3, 16).map(lambda d: START + dt.timedelta(days=d)),  # in and around the period
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
DATE_TEXTS = st.one_of(
    DATES.map(lambda d: d.isoformat()),
    DATES.map(lambda d: d.strftime("%d.%m.%Y")),
    DATES.map(lambda d: f"{d.day}.{d.month}."),
    DATES.map(lambda d: f"{('ma', 'ti', 'on', 'to', 'fr', 'lø', 'sø')[d.weekday()]} {d.day}"),
    st.sampled_from(["31.02.2026", "2026-13-01", "ma", "dato", "", "0", "5"]),
)
CELLS = st.one_of(
    st.sampled_from(["D", "A", "N", "off", "F1", "FE", "fri", "-", "D/A", "X", "Q", "", "", "", "?"]),
    st.sampled_from(["08:00-16:00", "8-16", "22:00-07:00", "25:00-26:00", "07:30", "16-8", "7.5"]),
    st.text(max_size=6),
    st.integers(-5, 40),
    st.floats(allow_nan=True, allow_infinity=True),
    DATES,
)
LONG_HEADINGS = st.lists(
    st.sampled_from(
        ["employee", "ansatt", "name", "navn", "date", "dato", "shift", "vakt", "start", "end", "hours"]
    ),
    min_size=2,
    max_size=6,
)


@st.composite
def grid_rows(draw) -> list[list]:
    dates = draw(st.lists(st.one_of(DATE_TEXTS, DATES), min_size=1, max_size=16))
    rows = [[draw(st.sampled_from(["Navn", "Id", "Name", ""])), *dates]]
    for _ in range(draw(st.integers(0, 6))):
        rows.append([draw(EMPLOYEES), *draw(st.lists(CELLS, max_size=len(dates) + 2))])
    return rows


@st.composite
def long_rows(draw) -> list[list]:
    headings = draw(LONG_HEADINGS)
    rows = [headings]
    for _ in range(draw(st.integers(0, 10))):
        cell = {"employee": EMPLOYEES, "ansatt": EMPLOYEES, "name": EMPLOYEES, "navn": EMPLOYEES}
        rows.append([draw(cell.get(h, st.one_of(DATE_TEXTS, CELLS))) for h in headings])
    return rows


@st.composite
def roster_tables(draw) -> list[list]:
    form = draw(st.sampled_from(["grid", "long", "mixed", "title above"]))
    if form == "grid":
        return draw(grid_rows())
    if form == "long":
        return draw(long_rows())
    if form == "mixed":
        return draw(grid_rows()) + [[]] + draw(long_rows())
    return [["Turnus mars 2026"], [], *draw(st.one_of(grid_rows(), long_rows()))]


def _as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _write_table(path: Path, rows: list[list], delimiter: str) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, delimiter=delimiter).writerows([[_as_text(c) for c in row] for row in rows])
    return path


@FUZZ
@given(
    roster_tables(),
    st.sampled_from([".csv", ".xlsx"]),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(
        [(), (), ("--start", "2026-03-02"), ("--weeks", "2"), ("--start", "2026-03-02", "--weeks", "1")]
    ),
)
def test_random_roster_files(tmp_path, rows, suffix, delimiter, options):
    try:
        path = _write_table(tmp_path / f"roster{suffix}", rows, delimiter)
    except IllegalCharacterError:  # control characters cannot be in a workbook's cells
        assume(False)
    result = run("check", DATA / "tiny.yaml", path, *options)
    assert_clean(result, path)


@FUZZ
@given(st.data())
def test_damaged_roster_bytes(tmp_path, tiny_roster, data):
    path = tmp_path / "roster.csv"
    path.write_bytes(data.draw(damaged_bytes(tiny_roster.read_bytes())))
    history = data.draw(st.booleans())
    args = ("--history", path) if history else ()
    target = tiny_roster if history else path
    assert_clean(run("check", DATA / "tiny.yaml", target, *args), path, tiny_roster)


def test_a_damaged_workbook_is_an_input_error(tmp_path, tiny_roster):
    path = tmp_path / "roster.xlsx"
    _write_table(path, [["Navn", "2026-03-02"], ["e1", "D"]], ",")
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    result = run("check", DATA / "tiny.yaml", path, "--lang", "en")
    assert result.exit_code == 2 and "cannot be read as an .xlsx workbook" in result.stderr


# ---- scenario files ----------------------------------------------------------------------------

SCENARIOS = sorted((ROOT / "instances" / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def saltdal():
    return load_instance(ROOT / "instances" / "saltdal-2025.yaml")


@FUZZ
@given(st.sampled_from(SCENARIOS).flatmap(lambda path: damaged(yaml.safe_load(path.read_text("utf-8")))))
def test_damaged_scenarios(tmp_path, saltdal, data):
    path = _write_yaml(tmp_path / "scenario.yaml", data)
    try:
        changed = apply(saltdal, load_scenario(path), f"{path} (on saltdal-2025.yaml)")
    except InputError as exc:
        assert str(exc).startswith(str(path)), exc
        event("refused")
    else:
        assert changed.employees and changed.shifts  # a valid instance, validated like a file
        event("applied")
