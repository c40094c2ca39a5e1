"""An organisation's parts (roster/solver/parts.py): units joined by a site or a shared employee are
one part; where the search case by case finds no roster, each part's first roster, put together,
is a roster of the whole that keeps every hard rule, and the whole model's search starts from it."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.check import check
from roster.instance import parse_instance
from roster.solver.cases import search
from roster.solver.model import build
from roster.solver.parts import parts_of, staff_by_part
from roster.solver.solve import SolveParams, _solver
from tests.conftest import empty_first_look, period, tiny_data


def two_bases(shared_site: bool = False, shared_employee: bool = False):
    """tiny.yaml's base twice: the second on a site of its own (or the same), its staff renamed."""
    data = tiny_data()
    site = "site" if shared_site else "site2"
    if not shared_site:
        data["sites"].append({"id": "site2", "name": "The other site"})
    data["units"].append({"id": "base2", "name": "The other base", "site": site, "weekly_hours": 35.5})
    for shift in list(data["shifts"]):
        copy = {**shift, "code": shift["code"] + "2"}
        copy.update({"unit": "base2"} if "unit" in shift else {"site": "site2"})
        if shared_site and "site" in shift:
            continue  # one night shift for the site
        data["shifts"].append(copy)
    for emp in list(data["employees"]):
        data["employees"].append({**emp, "id": emp["id"] + "b", "units": ["base2"]})
    for demand in list(data["demand"]):
        if not (shared_site and demand["shift"] == "N"):
            data["demand"].append({**demand, "shift": demand["shift"] + "2"})
    if shared_employee:
        data["employees"][0]["units"] = ["base", "base2"]
    return parse_instance(data, "two bases")


def ids(parts) -> list[list[str]]:
    return sorted(sorted(emp.id for emp in staff) for staff in parts)


def test_units_on_two_sites_with_their_own_staff_are_two_parts():
    assert ids(staff_by_part(two_bases())) == [
        ["e1", "e2", "e3", "e4", "e5"],
        ["e1b", "e2b", "e3b", "e4b", "e5b"],
    ]


def test_a_shared_site_or_a_shared_employee_makes_one_part():
    assert len(staff_by_part(two_bases(shared_site=True))) == 1
    assert len(staff_by_part(two_bases(shared_employee=True))) == 1
    assert parts_of(period(two_bases(shared_site=True), days=7)) is None


def test_a_look_without_a_roster_hands_over_to_the_whole_model_from_the_parts_first_rosters():
    p = period(two_bases(), days=14)
    model = build(p)
    searches: list[float] = []
    outcome = search(
        model,
        SolveParams(time_limit=12, workers=2, seed=0),
        empty_first_look(searches),
        parts=lambda: parts_of(p),
    )
    assert len(searches) == 4  # one look, a first roster for each of the two parts, the whole
    assert outcome.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    roster = model.v.extract(outcome.solver)
    assert check(p, roster).hard == []
    assert not model.cp.proto.solution_hint.vars  # the hint went to the whole search's copy only


def test_the_parts_first_rosters_together_keep_every_hard_rule_of_the_whole():
    p = period(two_bases(), days=14)
    parts = parts_of(p)
    assert parts is not None and len(parts.models) == 2
    solvers = []
    for model in parts.models:
        solver = _solver(SolveParams(time_limit=3, workers=2, seed=0))
        assert solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        solvers.append(solver)
    roster = parts.roster(solvers)
    assert check(p, roster).hard == []
    assert {emp for emp, _ in roster.plan()} >= {"e1", "e1b"}
