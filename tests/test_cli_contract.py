"""The error contract of every command through click's runner (exit 0, 1, 2, 3, 4, and 70 for a bug),
worked examples in every --help, --quiet, the run record beside every roster, and writes that leave
the old files intact when they fail midway."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from roster.errors import InputError
from roster.io.atomic import all_or_nothing, write_atomic
from roster.run_record import sha256
from roster.solver import solve as solve_module
from tests.conftest import DATA, ROOT, tiny_data

TINY = DATA / "tiny.yaml"
SCENARIO = ROOT / "instances" / "scenarios" / "sick-week-3.yaml"
COMMANDS = ("solve", "check", "schema", "whatif", "repair")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def solve_tiny(out: Path, *extra):
    return run("solve", TINY, "--time-limit", "2", "--workers", "1", "--out", out, *extra)


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> dict:
    """A roster of tiny.yaml made by `roster solve --json` (one worker, seed 0)."""
    result = solve_tiny(tmp_path_factory.mktemp("solved"), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def stopped_early(monkeypatch):
    """Every solve stops after CP-SAT's presolve, before any roster is found (like a time limit)."""
    make = solve_module._solver

    def solver(params):
        cp_solver = make(params)
        cp_solver.parameters.stop_after_presolve = True
        return cp_solver

    monkeypatch.setattr(solve_module, "_solver", solver)


# ---- --help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_a_worked_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    example = result.stdout.split("Example:", 1)[1]
    assert f"roster {command}" in example


def test_the_group_help_lists_every_command_and_the_exit_statuses():
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout
    assert "Exit status: 0 ok, 1 hard violations (check), 2 bad input, 3 infeasible, 4 no roster" in " ".join(
        result.stdout.split()
    )


# ---- exit statuses -----------------------------------------------------------------------------


def test_solve_exit_statuses(tmp_path, stopped_early):
    assert run("solve", tmp_path / "missing.yaml", "--out", tmp_path).exit_code == 2
    assert run("solve", TINY, "--weeks", "0").exit_code == 2  # a usage error, told by click
    result = solve_tiny(tmp_path)
    assert result.exit_code == 4
    assert result.stderr.startswith("roster: no roster found within 2 s; give it more --time-limit")
    assert not list(tmp_path.iterdir())  # nothing written


def test_check_exit_statuses(tmp_path, solved):
    assert run("check", TINY, solved["roster_csv"]).exit_code == 0
    broken = tmp_path / "broken.csv"
    broken.write_text("employee,date,shift\ne1,2026-03-02,D\ne1,2026-03-02,A\n", encoding="utf-8")
    assert run("check", TINY, broken).exit_code == 1
    result = run("check", TINY, tmp_path / "nope.csv")  # check speaks Norwegian by default
    assert result.exit_code == 2 and result.stderr == f"roster: {tmp_path / 'nope.csv'}: filen finnes ikke\n"
    result = run("check", TINY, tmp_path / "nope.csv", "--lang", "en")
    assert result.exit_code == 2 and result.stderr == f"roster: {tmp_path / 'nope.csv'}: no such file\n"
    assert run("check", TINY).exit_code == 2  # a usage error


def test_schema_exit_statuses():
    assert run("schema").exit_code == 0
    assert run("schema", "extra").exit_code == 2


def test_whatif_exit_statuses(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nemployees: {remove: [nobody]}\n", encoding="utf-8")
    result = run("whatif", TINY, bad, "--time-limit", "1", "--workers", "1")
    assert result.exit_code == 2 and "unknown employee 'nobody'" in result.stderr
    assert run("whatif", TINY).exit_code == 2  # no scenario: a usage error
    good = tmp_path / "short.yaml"
    good.write_text("name: one fewer\nemployees: {remove: [e5]}\n", encoding="utf-8")
    result = run("whatif", TINY, good, "--time-limit", "1", "--workers", "1", "--quiet")
    assert result.exit_code == 0 and result.stdout == ""


def test_repair_exit_statuses(tmp_path, solved, stopped_early):
    roster = solved["roster_csv"]
    assert run("repair", TINY, roster, "--from", "2026-03-09").exit_code == 2  # no change named
    result = run("repair", TINY, roster, "--absent", "zz", "--from", "2026-03-09", "--to", "2026-03-10")
    assert result.exit_code == 2 and "zz" in result.stderr
    out = tmp_path / "repaired.csv"
    result = run(
        "repair", TINY, roster, "--absent", "e1", "--from", "2026-03-09", "--to", "2026-03-10", "--out", out
    )
    assert result.exit_code == 4 and "no roster found" in result.stderr
    assert not out.exists()


def test_repair_without_open_shifts_when_nobody_is_left_is_infeasible(tmp_path, solved):
    everyone = [arg for i in range(1, 6) for arg in ("--absent", f"e{i}")]
    result = run(
        "repair", TINY, solved["roster_csv"], *everyone, "--from", "2026-03-09", "--to", "2026-03-15",
        "--no-open-shifts", "--time-limit", "5", "--workers", "1", "--out", tmp_path / "r.csv",
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    assert "contradict each other" in result.stderr and "Traceback" not in result.output


def test_a_bug_is_exit_70_with_a_request_to_report_it_and_a_traceback_only_with_debug(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("deliberately")

    monkeypatch.setattr(solve_module, "solve", broken)
    result = solve_tiny(tmp_path)
    assert result.exit_code == 70
    assert "internal error: ZeroDivisionError('deliberately')" in result.stderr
    assert "--debug" in result.stderr and "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["--debug", "solve", str(TINY), "--out", str(tmp_path)])
    assert isinstance(debug.exception, ZeroDivisionError)  # raised, so Python prints the traceback


def test_ctrl_c_outside_the_search_is_exit_4_not_click_s_exit_1(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # e.g. while an infeasible instance is being explained

    monkeypatch.setattr(solve_module, "solve", interrupted)
    result = solve_tiny(tmp_path)
    assert result.exit_code == 4 and result.stderr.startswith("roster: stopped by Ctrl-C")
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


# ---- --quiet -----------------------------------------------------------------------------------


def test_quiet_prints_nothing_and_the_exit_status_tells(tmp_path, solved):
    result = solve_tiny(tmp_path, "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert len(list(tmp_path.glob("*.csv"))) == 1
    broken = tmp_path / "broken.csv"
    broken.write_text("employee,date,shift\ne1,2026-03-02,D\ne1,2026-03-02,A\n", encoding="utf-8")
    result = run("check", TINY, broken, "--quiet")
    assert result.exit_code == 1 and result.output == ""
    quiet_json = run("check", TINY, solved["roster_csv"], "--quiet", "--json")
    assert quiet_json.exit_code == 0 and json.loads(quiet_json.stdout)["hard_violations"] == 0


# ---- the run record ----------------------------------------------------------------------------


def test_the_run_record_makes_the_same_roster_again(tmp_path, solved):
    record_file = Path(solved["run_json"])
    assert record_file.name == "tiny_2026-03-02_2w.run.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    assert record["inputs"]["instance"] == {"path": str(TINY), "sha256": sha256(TINY)}
    assert record["parameters"] == {"time_limit_s": 2.0, "workers": 1, "seed": 0, "open_shifts": True}
    assert record["period"] == {"start": "2026-03-02", "end": "2026-03-15", "days": 14}
    assert record["reproducible"] and record["result"]["status"] == solved["status"]
    assert record["outputs"]["csv"] == solved["roster_csv"] and record["roster_version"]
    assert record["argv"][:2] == ["roster", "solve"] and "--out" not in record["argv"]
    again = run(*record["argv"][1:], "--out", tmp_path)
    assert again.exit_code == 0, again.output
    first = Path(solved["roster_csv"]).read_bytes()
    assert (tmp_path / "tiny_2026-03-02_2w.csv").read_bytes() == first


def test_one_worker_on_the_wall_clock_is_not_recorded_as_reproducible(tmp_path):
    result = solve_tiny(tmp_path, "--wall-clock", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(Path(json.loads(result.stdout)["run_json"]).read_text(encoding="utf-8"))
    assert record["parameters"]["workers"] == 1 and not record["reproducible"]
    assert "--wall-clock" in record["argv"]


def test_repair_records_the_change_and_the_roster_it_started_from(tmp_path, solved):
    out = tmp_path / "repaired.csv"
    result = run(
        "repair", TINY, solved["roster_csv"], "--absent", "e2", "--from", "2026-03-09", "--to", "2026-03-10",
        "--time-limit", "2", "--workers", "1", "--out", out, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "repaired.run.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout)["run_json"] == str(tmp_path / "repaired.run.json")
    assert record["inputs"]["roster"]["sha256"] == sha256(Path(solved["roster_csv"]))
    assert record["parameters"]["absent"] == "e2" and record["parameters"]["first"] == "2026-03-09"
    argv = record["argv"]
    assert argv[argv.index("--absent") + 1] == "e2" and argv[argv.index("--to") + 1] == "2026-03-10"


# ---- writes that fail midway -------------------------------------------------------------------


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_write_that_fails_midway_leaves_the_old_file(tmp_path, failure):
    path = tmp_path / "roster.csv"
    path.write_text("the old roster\n", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half a new ro", encoding="utf-8")
        raise failure

    with pytest.raises(InputError if isinstance(failure, OSError) else KeyboardInterrupt):
        write_atomic(path, half_then_fail, force=True)
    assert path.read_text(encoding="utf-8") == "the old roster\n"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_files_written_together_replace_the_old_ones_only_all_at_once(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.xlsx"
    for path in (first, second):
        path.write_text("old", encoding="utf-8")

    def new(tmp: Path) -> None:
        tmp.write_text("new", encoding="utf-8")

    def broken(tmp: Path) -> None:
        tmp.write_text("ne", encoding="utf-8")
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(InputError), all_or_nothing():
        write_atomic(first, new, force=True)
        assert first.read_text(encoding="utf-8") == "old"  # not yet in place
        write_atomic(second, broken, force=True)
    assert [p.read_text(encoding="utf-8") for p in (first, second)] == ["old", "old"]
    assert sorted(tmp_path.iterdir()) == [first, second]
    with all_or_nothing():
        write_atomic(first, new, force=True)
        write_atomic(second, new, force=True)
    assert [p.read_text(encoding="utf-8") for p in (first, second)] == ["new", "new"]


def test_solve_that_fails_writing_the_workbook_keeps_the_whole_old_roster(tmp_path, monkeypatch):
    assert solve_tiny(tmp_path).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(before) == {f"tiny_2026-03-02_2w{s}" for s in (".csv", ".xlsx", ".run.json")}

    def disk_full(book, filename):
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", disk_full)
    data = tiny_data()
    data["demand"][1]["ideal"] = 2  # a different roster, were it written
    changed = tmp_path / "tiny.yaml"
    changed.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("solve", changed, "--time-limit", "2", "--workers", "1", "--out", tmp_path, "--force")
    assert result.exit_code == 2
    assert "tiny_2026-03-02_2w.xlsx: cannot be written: No space left on device" in result.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p != changed}
    assert after == before


# ---- languages ---------------------------------------------------------------------------------


def test_solve_speaks_norwegian_with_lang_nb(tmp_path):
    result = solve_tiny(tmp_path, "--lang", "nb")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for words in ("(14 dager)", "beste grense", "Timer mot avtale", "Myke kostnader per regel", "Skrevet: "):
        assert words in text
    assert "rettferdig fordeling" in text and "fairness" not in text  # rule titles too
    e1 = next(line for line in text.splitlines() if line.strip().startswith("e1 "))
    assert "," in e1 and "." not in e1  # 72,50 timer, not 72.50
    again = solve_tiny(tmp_path, "--lang", "nb")
    assert again.exit_code == 2 and "finnes fra før; bruk --force" in again.stderr


def test_solve_says_no_roster_in_time_in_norwegian(tmp_path, stopped_early):
    result = solve_tiny(tmp_path, "--lang", "nb")
    assert result.exit_code == 4 and "fant ingen turnus på 2 s" in result.stderr


def test_shell_completion_as_the_readme_says():
    env = {"_ROSTER_COMPLETE": "bash_complete", "COMP_WORDS": "roster wh", "COMP_CWORD": "1"}
    result = CliRunner().invoke(main, [], env=env, prog_name="roster")
    assert result.exit_code == 0 and result.stdout.split() == ["plain,whatif"]
    script = CliRunner().invoke(main, [], env={"_ROSTER_COMPLETE": "bash_source"}, prog_name="roster")
    assert "_roster_completion()" in script.stdout


def test_repair_and_whatif_speak_norwegian_with_lang_nb(tmp_path, solved):
    result = run(
        "repair", TINY, solved["roster_csv"], "--absent", "e1", "--from", "2026-03-09", "--to", "2026-03-10",
        "--time-limit", "2", "--workers", "1", "--out", tmp_path / "r.csv", "--lang", "nb",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "ny plan fra man. 9. mars; dagene før beholdes" in result.stdout
    assert "man. 9. mars" in result.stdout and "(fravær)" in result.stdout and "Skrevet: " in result.stdout
    fewer = tmp_path / "fewer.yaml"
    fewer.write_text("name: one fewer\nemployees: {remove: [e5]}\n", encoding="utf-8")
    result = run("whatif", TINY, fewer, "--time-limit", "1", "--workers", "1", "--lang", "nb")
    assert result.exit_code == 0, result.output
    # A row whose open shifts the 1-s limit left above their bound is marked * and explained below.
    table, _, note = result.stdout.partition("\n\n")
    header, baseline, scenario = table.replace(" *", "  ").splitlines()
    assert not note or note.startswith("* ledige vakter eller besøk ikke planlagt over det søket beviste")
    assert header.split()[:3] == ["scenario", "mulig", "ledige"] and baseline.split()[:2] == [
        "baseline",
        "ja",
    ]
