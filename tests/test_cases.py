"""The search case by case (roster/solver/cases.py): its cases cover every roster, so it finds the same
optimum as one search of the whole model and its bound is a bound of the whole; decisions presolve
settles are not split; one worker and a seed still give the same roster."""

from __future__ import annotations

import logging
import math
from types import SimpleNamespace

from ortools.sat.python import cp_model

from roster.check import check
from roster.solver import cases as cases_module
from roster.solver import solve as solve_module
from roster.solver.cases import _Case, _CaseSearch, search
from roster.solver.model import build
from roster.solver.solve import SolveParams, _solver, solve
from roster.solver.watching import SearchWatcher
from tests.conftest import empty_first_look, make_instance, period


def min_model(one_sided: bool = False):
    """min(credits, cap) in the objective's way, for three 'workers': each earns x_i in 0..9 (a
    count of nine yes-or-no units, which the search may also split on) and together they must earn
    12; the cost is each one's reduction min(x_i, cap_i) plus 3 per unit earned by the third. The
    optimum, found by hand: worker 1 earns 9 (capped at 4), worker 2 earns 3 (reduction 3): 7."""
    cp = cp_model.CpModel()
    caps = [4, 6, 5]
    units = [[cp.new_bool_var(f"unit{i},{k}") for k in range(9)] for i in range(3)]
    x = [sum(u) for u in units]
    capped = [cp.new_bool_var(f"capped{i}") for i in range(3)]
    counts = {lit.index: (i, u) for i, (lit, u) in enumerate(zip(capped, units, strict=True))}
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
    variables = SimpleNamespace(split_on=capped, split_counts=counts)
    return SimpleNamespace(cp=cp, v=variables, rules=[], penalties=[]), x  # no soft rules: no standards


PARAMS = SolveParams(time_limit=30, workers=2, seed=0)


def test_the_cases_find_the_optimum_and_prove_it():
    model, x = min_model()
    outcome = search(model, PARAMS, _solver)
    assert outcome.status == cp_model.OPTIMAL
    assert outcome.solver.objective_value == 7 and outcome.bound == 7
    assert sorted(outcome.solver.value(v) for v in x) == [0, 3, 9]


def test_a_case_split_on_counts_becomes_pieces_that_cover_it():
    """Around its roster's counts (fewer, as many, more), each count split: 3 x 3 pieces, or fewer
    where a count is at an end of its range. The piece holding the roster keeps it, and the pieces'
    best is the case's optimum."""
    model, x = min_model()
    first, second, third = [lit.index for lit in model.v.split_on]
    split = _CaseSearch(model, PARAMS, _solver, None, None)
    case = _Case({first: True}, seconds=5)
    split.cases.append(case)
    split._solve(case)
    assert split.best is case and case.objective == 7  # its optimum: worker 1 is capped there
    earned = [round(case.solver.value(count)) for count in x]
    split._split_counts(case, [second, third])
    pieces = split.cases
    assert case not in pieces
    ends = sum(n in (0, 9) for n in earned[1:])
    assert len(pieces) == 3 ** (2 - ends) * 2**ends
    for piece in pieces:
        assert piece.fixed == {first: True} and set(piece.counts) == {second, third}
        assert (piece.solver is case.solver) == all(
            lo <= n <= hi for n, (lo, hi) in zip(earned[1:], piece.counts.values(), strict=True)
        )
    assert split.best in pieces and split.best.solver is case.solver
    objectives = []
    for piece in pieces:
        split.best = None  # each piece solved alone, not cut off by another's roster
        piece.solver, piece.objective, piece.seconds = None, float("inf"), 5
        split._solve(piece)
        assert piece.closed  # solved, or empty
        objectives.append(piece.objective)
    assert min(objectives) == 7


def test_after_the_looks_the_case_holding_the_bound_back_is_searched_for_standards_then_split(
    monkeypatch, caplog
):
    """Scripted turns (one second each on the deterministic clock): the first case holds the lowest
    bound and the roster. Once every case has had its first look, that case is searched for a
    roster that meets every standard (roster/solver/standards.py), then split at once, still
    holding the bound back, on the two smallest orders' counts around the roster's (3 each), the
    time left allowing it. From then on, turns to improve the best roster (in the piece that holds
    it) alternate with best-first turns."""
    model, _ = min_model()
    a, b, _ = [lit.index for lit in model.v.split_on]
    split = _CaseSearch(model, SolveParams(time_limit=100, workers=1, seed=0), _solver, None, None)
    monkeypatch.setattr(split, "_probe", lambda decisions: ({}, decisions))
    roster = SimpleNamespace(value=lambda count: 3)  # a roster with every count at 3
    first_cases: list = []
    turns: list = []
    standards: list = []

    def turn(case, improve=False):
        first_cases[:] = first_cases or list(split.cases)
        turns.append((case, improve))
        split.clock.count(1.0)
        if case.bound == -math.inf:  # its first look: bounds 5, 6, 7, ..., the roster in the first
            case.bound = 5 + first_cases.index(case)
            if case is first_cases[0]:
                case.solver, case.objective, split.best = roster, 10, case
        split.stopper.stopped = len(turns) == len(first_cases) + 3
        return False

    monkeypatch.setattr(split, "_solve", turn)
    monkeypatch.setattr(split, "_meet_standards", lambda case: standards.append((case, len(turns))))
    caplog.set_level(logging.DEBUG, logger="roster.solver.cases")
    split.run([lit.index for lit in model.v.split_on])
    n = len(first_cases)
    assert n == 8  # all three decisions split in 100 s (splits_affordable)
    held = first_cases[0]
    assert [t[0] for t in turns[:n]] == first_cases and not any(t[1] for t in turns[:n])
    assert standards == [(held, n)]  # right after the looks, in the case with the lowest bound
    assert held not in split.cases and len(split.cases) == n - 1 + 3 * 3
    best = split.best
    assert best.counts == {a: (3, 3), b: (3, 3)} and best.solver is roster and best.bound == 5
    assert [improve for _, improve in turns[n:]] == [True, False, True]
    assert turns[n][0] is best and turns[n + 1][0] is not best and turns[n + 2][0] is best
    splits = [r.getMessage() for r in caplog.records if " on counts, around " in r.getMessage()]
    assert len(splits) == 1 and splits[0].endswith("around {'capped0': 3, 'capped1': 3}")
    assert "split [capped0=1, capped1=1, capped2=1]" in splits[0]


def test_a_split_on_counts_needs_time_for_each_pieces_look():
    model, _ = min_model()
    for seconds, affords in ((26, False), (27, True)):  # 9 pieces x 3 s
        split = _CaseSearch(model, SolveParams(time_limit=seconds, workers=1, seed=0), _solver, None, None)
        assert split._affords_split(9) is affords


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


def test_each_night_workers_decision_comes_with_their_nights_to_split_on():
    """The contract-hours rule registers, beside each night worker's side of the cap, that worker's
    nights: the count the search splits the case that holds the bound on."""
    p = period(make_instance(), days=7)
    model = build(p)
    assert model.v.split_on and set(model.v.split_counts) == {lit.index for lit in model.v.split_on}
    for lit in model.v.split_on:
        emp = p.inst.employee_by_id[lit.name.removeprefix("three_shift_capped[").removesuffix("]")]
        nights = [x.index for d in p.plan_days for s, x in model.v.options(emp.id, d) if s.kind == "night"]
        order, counted = model.v.split_counts[lit.index]
        assert order == emp.position and [x.index for x in counted] == nights


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

    class Watching(SearchWatcher):
        def watch(self, searched) -> None:
            seen.append(searched)

        def on_solution_callback(self) -> None:
            pass

    assert search(model, PARAMS, _solver, Watching()).status == cp_model.OPTIMAL
    assert seen == [model]
