"""The search case by case (roster/solver/cases.py): its cases cover every roster, so it finds the same
optimum as one search of the whole model and its bound is a bound of the whole; decisions presolve
settles are not split; one worker and a seed still give the same roster."""

from __future__ import annotations

from types import SimpleNamespace

from ortools.sat.python import cp_model

from roster.check import check
from roster.solver import cases as cases_module
from roster.solver import solve as solve_module
from roster.solver.cases import _CaseSearch, search
from roster.solver.solve import SolveParams, _solver, solve
from tests.conftest import empty_first_look, make_instance, period


def min_model(one_sided: bool = False):
    """min(credits, cap) in the objective's way, for three 'workers': each earns x_i in 0..9 and
    together they must earn 12; the cost is each one's reduction min(x_i, cap_i) plus 3 per unit
    earned by the third. The optimum, found by hand: worker 1 earns 9 (capped at 4), worker 2
    earns 3 (reduction 3): 7."""
    cp = cp_model.CpModel()
    caps = [4, 6, 5]
    x = [cp.new_int_var(0, 9, f"x{i}") for i in range(3)]
    capped = [cp.new_bool_var(f"capped{i}") for i in range(3)]
    reductions = []
    for xi, cap, lit in zip(x, caps, capped, strict=True):
        r = cp.new_int_var(0, cap, "r")
        cp.add(xi >= cap).only_enforce_if(lit)
        cp.add(xi <= cap - 1).only_enforce_if(lit.Not())
        cp.add(r == cap).only_enforce_if(lit)
        cp.add(r == xi).only_enforce_if(lit.Not())
        reductions.append(r)
    cp.add(sum(x) >= 12)
    if one_sided:  # presolve settles two decisions: worker 1 always reaches the cap, worker 2 never
        cp.add(x[0] >= 5)
        cp.add(x[1] <= 5)
    cp.minimize(sum(reductions) + 3 * x[2])
    return SimpleNamespace(cp=cp, v=SimpleNamespace(split_on=capped)), x


PARAMS = SolveParams(time_limit=30, workers=2, seed=0)


def test_the_cases_find_the_optimum_and_prove_it():
    model, x = min_model()
    outcome = search(model, PARAMS, _solver)
    assert outcome.status == cp_model.OPTIMAL
    assert outcome.solver.objective_value == 7 and outcome.bound == 7
    assert sorted(outcome.solver.value(v) for v in x) == [0, 3, 9]


def test_presolve_settles_the_decisions_that_have_one_side():
    model, _ = min_model(one_sided=True)
    split = _CaseSearch(model, PARAMS, _solver, None, None)
    first, second, third = [lit.index for lit in model.v.split_on]
    assert split._probe([first, second, third]) == ({first: True, second: False}, [third])
    outcome = search(model, PARAMS, _solver)
    assert outcome.status == cp_model.OPTIMAL and outcome.solver.objective_value == 7


def test_probing_stops_when_its_share_of_the_time_is_spent(monkeypatch):
    """Each probe presolves the whole model; past its share, the decisions left stay unprobed."""
    model, _ = min_model()
    decisions = [lit.index for lit in model.v.split_on]
    one_worker = SolveParams(time_limit=30, workers=1, seed=0)  # its clock counts the probes' own time
    split = _CaseSearch(model, one_worker, _solver, None, None)
    monkeypatch.setattr(split, "_side_left", lambda index: (None, 2.0))  # each probe: 2 s, both sides left
    monkeypatch.setattr(cases_module, "PROBING", 0.1)  # 3 s of the 30
    assert split._probe(decisions) == ({}, decisions[:2])  # at 4 s, past the 3 s share, it stops


def test_a_first_look_without_a_roster_leaves_the_rest_to_one_search_of_the_whole():
    """A look that ends on its time with no roster says the looks are too short for the model: the
    whole model gets the rest of the time, and its optimum is the optimum."""
    model, x = min_model()
    searches: list[float] = []
    outcome = search(model, PARAMS, empty_first_look(searches))
    assert len(searches) == 2  # one look, then the whole
    assert searches[1] > searches[0]
    assert outcome.status == cp_model.OPTIMAL
    assert outcome.solver.objective_value == 7 and outcome.bound == 7


def test_a_model_without_any_roster_stays_infeasible():
    model, x = min_model()
    model.cp.add(sum(x) <= 2)
    outcome = search(model, PARAMS, _solver)
    assert outcome.status == cp_model.INFEASIBLE


def test_the_night_workers_cases_reach_the_optimum_of_one_model():
    """tiny.yaml's week: two night workers under the three-shift norm (up to 4 cases); both
    searches prove an optimum, and it is the same."""
    p = period(make_instance(), days=7)
    results = [
        solve(p, SolveParams(time_limit=60, workers=2, seed=0, cases=cases)) for cases in (True, False)
    ]
    assert [r.status for r in results] == ["optimal", "optimal"]
    by_cases, one_model = results
    assert by_cases.objective == by_cases.bound == one_model.objective
    report = check(p, by_cases.roster)
    assert report.hard == [] and sum(report.cost_by_rule().values()) == by_cases.objective


def test_one_worker_and_a_seed_give_the_same_roster_by_cases():
    p = period(make_instance(), days=14)
    params = SolveParams(time_limit=13, workers=1, seed=3)
    first, second = solve(p, params), solve(p, params)
    assert first.roster is not None and second.roster is not None
    assert first.roster.shifts == second.roster.shifts and first.objective == second.objective


def test_the_search_over_people_runs_beside_one_search_but_not_beside_the_cases(monkeypatch):
    """The people threads re-solve the full model's rosters; the cases hold several models."""
    started: list[int] = []

    class Recorded(solve_module.PeopleSearch):
        def start(self) -> None:
            started.append(self.threads)
            super().start()

    monkeypatch.setattr(solve_module, "PeopleSearch", Recorded)
    p = period(make_instance(), days=7)
    for cases in (True, False):
        result = solve(p, SolveParams(time_limit=12, workers=2, seed=0, cases=cases))
        assert result.roster is not None and check(p, result.roster).hard == []
    assert started == [1]  # only the one search, with half of the two workers


def test_the_search_tells_a_watching_callback_which_model_it_searches():
    """So that progress is priced by the model searched, also in a staged solve's first stage."""
    model, _ = min_model()
    seen = []

    class Watching(cp_model.CpSolverSolutionCallback):
        def watch(self, searched) -> None:
            seen.append(searched)

        def on_solution_callback(self) -> None:
            pass

    assert search(model, PARAMS, _solver, Watching()).status == cp_model.OPTIMAL
    assert seen == [model]
