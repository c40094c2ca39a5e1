"""What-if scenarios: overlays change exactly what they say, and bad ones are refused with the
scenario file and the field."""

from __future__ import annotations

import pytest

from roster.errors import InputError
from roster.instance import load_instance
from roster.planning.scenario import apply, load_scenario
from tests.conftest import ROOT, make_instance

SCENARIOS = ROOT / "instances" / "scenarios"
SALTDAL = load_instance(ROOT / "instances" / "saltdal-2025.yaml")


def overlay(tmp_path, text: str, inst=None):
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return apply(inst or make_instance(), load_scenario(path), str(path))


def problems(tmp_path, text: str, inst=None) -> str:
    with pytest.raises(InputError) as err:
        overlay(tmp_path, text, inst)
    return str(err.value)


def test_the_2040_plan_overlay_gives_the_2040_instance_s_staff_and_demand():
    planned = apply(SALTDAL, load_scenario(SCENARIOS / "plan-2040.yaml"), "plan-2040.yaml")
    reference = load_instance(ROOT / "instances" / "saltdal-2040.yaml")

    def staff(inst):
        return {e.id: (e.units, e.position, e.competencies, e.nights) for e in inst.employees}

    assert staff(planned) == staff(reference)
    assert sorted(d.model_dump_json() for d in planned.demand) == sorted(
        d.model_dump_json() for d in reference.demand
    )
    assert planned.period == SALTDAL.period  # compared over the same weeks


def test_the_shipped_scenarios_change_what_they_say():
    def load(name):
        return apply(SALTDAL, load_scenario(SCENARIOS / name), name)

    fewer = load("one-nurse-fewer.yaml")
    assert {e.id for e in SALTDAL.employees} - {e.id for e in fewer.employees} == {"v02"}
    # v02 was a regular of some recipients (ambulant visits): no longer anyone's
    assert any("v02" in r.regular_staff for r in SALTDAL.recipients)
    assert not any("v02" in r.regular_staff for r in fewer.recipients)
    sick = load("sick-week-3.yaml")
    for emp_id in ("v01", "v07"):
        added = sick.employee_by_id[emp_id].absences[-1]
        assert (added.start.isoformat(), added.end.isoformat(), added.kind) == (
            "2026-01-19",
            "2026-01-25",
            "sick",
        )
    assert load("weekends-every-2nd.yaml").rules.weekend_frequency.every == 2
    weekend = {t: d for d in load("weekend-day-staff-3.yaml").demand if d.shift == "D" for t in d.on}
    assert [(weekend[t].min, weekend[t].ideal) for t in ("saturday", "sunday", "weekday")] == [
        (3, 3),
        (3, 3),
        (2, 3),
    ]
    rest = load("daily-rest-8h.yaml").rules
    assert rest.daily_rest.hours == 8 and rest.weekend_frequency == SALTDAL.rules.weekend_frequency


def test_changing_demand_on_one_day_type_keeps_the_others(tmp_path):
    inst = overlay(tmp_path, "name: x\ndemand:\n  change: [{shift: A, on: [saturday], min: 2, ideal: 3}]\n")
    a = {t: d for d in inst.demand if d.shift == "A" for t in d.on}
    assert [(a[t].min, a[t].ideal) for t in ("weekday", "saturday", "sunday")] == [(1, 1), (2, 3), (1, 1)]
    below = problems(tmp_path, "name: x\ndemand:\n  change: [{shift: A, on: [sunday], min: 2}]\n")
    assert "demand.change[0]: ideal 1 is below min 2" in below


def test_employees_change_add_and_remove(tmp_path):
    inst = overlay(
        tmp_path,
        """
name: x
employees:
  remove: [e5]
  change: {e4: {position: 80, competencies: [nurse]}}
  add: [{id: e6, name: New, units: [base], position: 50}]
absences:
  e1: [{from: 2026-03-09, to: 2026-03-10, kind: sick}]
""",
    )
    assert [e.id for e in inst.employees] == ["e1", "e2", "e3", "e4", "e6"]
    assert (inst.employee_by_id["e4"].position, inst.employee_by_id["e4"].competencies) == (80, ["nurse"])
    assert inst.employee_by_id["e1"].absences[0].kind == "sick"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\nemployees: {remove: [e9]}", "employees.remove[0]: unknown employee 'e9'"),
        ("name: x\nemployees: {change: {e2: {position: 120}}}", "employees.change.e2.position: "),
        (
            "name: x\nemployees: {change: {e2: {competencies: [pilot]}}}",
            "employees[e2].competencies[0]: unknown competency 'pilot'",
        ),
        (
            "name: x\nemployees: {add: [{id: e1, name: A, units: [base], position: 50}]}",
            "employees.add[0].id: 'e1' is already",
        ),
        (
            "name: x\nabsences: {e1: [{from: 2026-03-09, to: 2026-03-01}]}",
            "absences.e1[0]: ends (2026-03-01) before",
        ),
        ("name: x\nrules: {weekend_frequnecy: {every: 2}}", "rules.weekend_frequnecy: unknown rule"),
        (
            "name: x\nrules: {daily_rest: {hours: 6}}",
            "rules.daily_rest.hours: 6 is below the legal minimum 8",
        ),
        ("name: x\nrules: {daily_rest: {hour: 8}}", "rules.daily_rest.hour: unknown field"),
        (
            "name: x\ndemand: {change: [{shift: R, on: [weekday], min: 2}]}",
            "demand.change[0]: the instance has no demand for R on weekday",
        ),
        ("name: x\ndemand: {remove: [{shift: D, on: [holiday]}]}", "demand.remove[0].on[0]: "),
        ("name: x\nstaff: {}", "staff: unknown field"),
        ("employees: {}", "name: required field is missing"),
    ],
)
def test_bad_scenarios_name_the_file_and_the_field(tmp_path, text, expected):
    message = problems(tmp_path, text)
    assert "scenario.yaml" in message and expected in message, message


def test_the_readme_s_example_applies_to_the_saltdal_instance(tmp_path):
    readme = (SCENARIOS / "README.md").read_text(encoding="utf-8")
    changed = overlay(tmp_path, readme.split("```yaml")[1].split("```")[0], SALTDAL)
    assert "v02" not in changed.employee_by_id and changed.employee_by_id["v03"].position == 80
    assert {(d.shift, t) for d in changed.demand for t in d.on} == (
        {(d.shift, t) for d in SALTDAL.demand for t in d.on} | {("R", "saturday")}
    ) - {("A", "sunday")}
