"""The floor (roster/solver/floor.py): open shifts and visits not made come first, and are proved.

Its bound must be a real bound (no roster has fewer), its counts must reach that bound where the
instance is small, and what users read must say which of the two holds."""

from __future__ import annotations

import dataclasses

from hypothesis import event, given, settings
from ortools.sat.python import cp_model

from roster.check import check
from roster.errors import Infeasible
from roster.instance import parse_instance
from roster.planning import whatif
from roster.schedule import OpenShift
from roster.solver.floor import open_shifts, unmade
from roster.solver.model import build
from roster.solver.solve import SolveParams, solve
from roster.summary import as_dict, floor_lines, limited_by_time
from roster.visits import unplanned_count
from tests.conftest import period, tiny_data, visit_data
from tests.test_agreement import cases


def _no_psychologist(data: dict, shift: str | None = "D") -> dict:
    """Psychologist is a competency nobody on the staff holds; every `shift` (if any) needs one."""
    data["competencies"].append({"id": "psych", "name": "Psykolog"})
    for demand in data["demand"]:
        if demand["shift"] == shift:
            demand["requirements"] = [*demand.get("requirements", []), {"of": ["psych"], "at_least": 1}]
    return data


def test_shifts_nobody_can_staff_are_open_and_proven_unavoidable():
    """Every day shift of a week needs a psychologist and none is employed: exactly 7 open shifts,
    each a substitute with that competency, and the floor proves no roster has fewer."""
    p = period(parse_instance(_no_psychologist(tiny_data()), "test"), days=7)
    result = solve(p, SolveParams(time_limit=8, workers=1, open_shifts=True))
    assert len(result.roster.open) == 7 == result.open_shifts_bound
    assert all(("psych",) in o.needs for o in result.roster.open)
    assert not check(p, result.roster).hard
    assert floor_lines(result, p, "en")[0] == "7 open shift(s); no lawful roster has fewer."
    assert floor_lines(result, p, "nb")[0] == "7 ledige vakt(er); ingen lovlig turnus har færre."
    assert as_dict(result, p, {})["open_shifts_bound"] == 7
    assert not limited_by_time(result, p)


def test_a_unit_that_can_be_staffed_has_none_open_and_that_is_proven():
    p = period(parse_instance(tiny_data(), "test"), days=7)
    result = solve(p, SolveParams(time_limit=4, workers=1, open_shifts=True))
    assert result.roster.open == [] and result.open_shifts_bound == 0
    assert floor_lines(result, p, "en") == ["No open shifts."]


def test_visits_nobody_can_make_are_counted_and_proven():
    """A daily visit needs a psychologist, and the only one is away all week: its 7 occurrences are
    among the visits not made that the floor proves unavoidable, and the plan makes no fewer."""
    data = _no_psychologist(visit_data(), shift=None)
    psychologist = data["employees"][4]
    psychologist["competencies"].append("psych")
    psychologist["absences"] = [{"from": "2026-03-02", "to": "2026-03-08", "kind": "vacation"}]
    data["recipients"].append(
        {
            "id": "r5",
            "unit": "base",
            "zone": "town",
            "visits": [{"id": "r5-talk", "window": "10:00-12:00", "minutes": 30, "needs": ["psych"]}],
        }
    )
    p = period(parse_instance(data, "test"), days=7)
    result = solve(p, SolveParams(time_limit=10, workers=1, open_shifts=True))
    found = unplanned_count(p, result.roster)
    assert 7 <= result.visits_unplanned_bound <= found
    visits = as_dict(result, p, {})["visits"]
    assert visits["unplanned"] == found and visits["unplanned_bound"] == result.visits_unplanned_bound
    line = floor_lines(result, p, "en")[1]
    if found == result.visits_unplanned_bound:
        assert line == f"{found} visit(s) not planned; no lawful roster makes more."
    else:
        bound = result.visits_unplanned_bound
        assert line.startswith(f"{found} visit(s) not planned; at least {bound} cannot be made")


def test_the_wording_when_the_time_limit_left_some_open():
    """A roster with more open shifts than its proven bound says so, and tells what to do."""
    p = period(parse_instance(tiny_data(), "test"), days=7)
    result = solve(p, SolveParams(time_limit=2, workers=1, open_shifts=True))
    day_shift = p.place(0, "D")
    extra = [OpenShift(day_shift, ()) for _ in range(12)]
    roster = dataclasses.replace(result.roster, open=extra)
    left = dataclasses.replace(result, roster=roster, open_shifts_bound=3)
    assert floor_lines(left, p, "en")[0] == (
        "12 open shift(s); at least 3 are unavoidable, the others are left by the time limit: "
        "give more time (--time-limit)."
    )
    assert floor_lines(left, p, "nb")[0].startswith("12 ledige vakt(er); minst 3 kan ikke unngås")
    assert limited_by_time(left, p)
    unproven = dataclasses.replace(left, open_shifts_bound=None)
    assert "proved none unavoidable" in floor_lines(unproven, p, "en")[0]


def _fewest(cp: cp_model.CpModel, count, seconds: float) -> int | None:
    """The proven least of `count` in a copy of `cp`, by an independent long solve; None if not proven."""
    least = cp.clone()
    least.minimize(count)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    return round(solver.objective_value) if solver.solve(least) == cp_model.OPTIMAL else None


@settings(max_examples=max(5, settings.default.max_examples // 30), deadline=None)
@given(cases())
def test_the_floor_is_a_real_bound(case):
    """On random small instances, with a short solve: no roster that an independent search proves
    least has fewer open shifts than `open_shifts_bound`, nor (with the fewest open shifts) fewer
    visits not made than `visits_unplanned_bound`; and the solve's own roster never has fewer."""
    p, history = case
    try:
        result = solve(p, SolveParams(time_limit=1, workers=1, open_shifts=True), history)
    except Infeasible:
        event("infeasible")
        return
    if result.roster is None:
        event("no roster in time")
        return
    assert result.open_shifts_bound is not None and result.open_shifts_bound <= len(result.roster.open)
    model = build(p, history, relax=frozenset({"coverage"}))
    opens = open_shifts(model)
    fewest = _fewest(model.cp, sum(opens), 10) if opens else 0
    if fewest is None:
        event("reference not proven")
        return
    assert result.open_shifts_bound <= fewest
    event("open shifts needed" if fewest else "none open needed")
    visits = unmade(model)
    if not visits or result.visits_unplanned_bound is None:
        return
    assert result.visits_unplanned_bound <= unplanned_count(p, result.roster)
    if len(result.roster.open) == fewest:  # the visits' bound holds among rosters with that many open
        model.cp.add(sum(opens) <= fewest)
        least = _fewest(model.cp, sum(visits), 10)
        if least is not None:
            assert result.visits_unplanned_bound <= least
            event("visits compared")


def test_whatif_rows_show_the_bounds_and_mark_rows_left_by_time(tmp_path):
    """The comparison carries each run's bounds, and marks a row limited by time exactly where its
    counts stand above them."""
    inst = parse_instance(_no_psychologist(tiny_data()), "test")
    runs = [whatif.Run(whatif.BASELINE, inst, inst.period.start, 7)]
    # On the deterministic clock: a loaded machine cannot cut the floor's proof short.
    outcomes = whatif.compare(runs, SolveParams(time_limit=6, seed=0, deterministic=True), workers=1)
    frame = whatif.table(outcomes)
    row = frame.iloc[0]
    assert row["open_shifts"] == 7 and row["open_shifts_bound"] == 7
    assert row["limited_by_time"] == "no"
    text = whatif.as_text(outcomes, "en")
    assert "open at least" in text.splitlines()[0] and "*" not in text
    limited = [dataclasses.replace(outcomes[0], open_shifts=9, limited_by_time=True)]
    assert whatif.table(limited).iloc[0]["limited_by_time"] == "yes"
    marked = whatif.as_text(limited, "nb")
    assert f"{whatif.BASELINE} *" in marked and "gi mer tid (--time-limit)" in marked


def test_the_floor_s_roster_is_kept_where_the_search_ends_with_more_open(monkeypatch):
    """Fewer open shifts come first: where the search under the whole objective ends with a roster
    that leaves more open than the floor's (here forced to 8 where 7 is the least), the result is
    the floor's roster."""
    from roster.solver import pipeline
    from roster.solver.cases import Outcome
    from roster.solver.floor import counts
    from roster.solver.solve import _solver

    p = period(parse_instance(_no_psychologist(tiny_data()), "test"), days=7)
    model = build(p, relax=frozenset({"coverage"}))
    params = SolveParams(time_limit=5, workers=1, open_shifts=True)

    def more_open(model, params, solver_for, *rest) -> Outcome:
        cp = model.cp.clone()
        cp.add(sum(open_shifts(model)) >= 8)
        solver = solver_for(params)
        return Outcome(solver.solve(cp), solver, None)

    monkeypatch.setattr(pipeline.cases, "search", more_open)
    outcome = pipeline.search(model, params, _solver)
    assert counts(model, outcome.solver) == (7, 0)
    assert outcome.floor.open_shifts == 7 == outcome.floor.open_bound


def test_a_bound_below_zero_or_above_the_roster_never_reaches_a_user():
    """Every penalty is non-negative: CP-SAT's early bound below 0 is shown as 0, and a bound never
    stands above the roster whose cost it bounds."""
    from roster.solver.solve import sane_bound

    assert sane_bound(-127663.0, 1047.0) == 0.0
    assert sane_bound(1100.0, 1047.0) == 1047.0
    assert sane_bound(731.0, 758.0) == 731.0 and sane_bound(None, 5.0) is None
