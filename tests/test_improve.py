"""The search over people and days (roster/solver/improve.py): a window of days re-solved for everyone
changes only those days, and every move it keeps is priced as the independent checker prices the
whole roster, also when another move changed the roster in between."""

from __future__ import annotations

import time

import pytest

from benchmarks.norwegian import generate
from roster.calendar import Period
from roster.check import check
from roster.solver.improve import PeopleSearch, Window, _Search, merged, reoptimize
from roster.solver.model import build
from roster.solver.solve import SolveParams, solve


@pytest.fixture(scope="module")
def start():
    """A generated 15-employee unit over 4 weeks (fairness compares people there) and a lawful
    roster from a short solve, far from optimal."""
    inst = generate(15)
    p = Period(inst, inst.period.start, inst.period.weeks * 7)
    roster = solve(p, SolveParams(time_limit=4, workers=1, people_search=False)).roster
    report = check(p, roster)
    assert not report.hard
    return p, roster, report.soft_cost


def test_a_window_changes_only_its_days_and_its_cost_is_the_checkers(start):
    p, roster, cost = start
    days = range(8, 11)
    move = Window.of(build(p)).reoptimize(roster, cost, days, None, seconds=10, seed=0)
    assert move is not None and move.days == days
    assert {shift.day for _, shift in move.block.plan()} <= set(days)
    after = merged(p, roster, move.block, move.ids, move.days)
    outside = {(e, s.day, s.code) for e, s in roster.plan() if s.day not in days}
    assert {(e, s.day, s.code) for e, s in after.plan() if s.day not in days} == outside
    report = check(p, after)
    assert not report.hard
    assert report.soft_cost == cost + move.delta
    assert move.delta <= 0  # it starts from the roster's own days


def test_a_block_held_outside_its_span_changes_its_people_only_on_those_days(start):
    p, roster, cost = start
    block, days = list(p.inst.employees)[:4], range(6, 16)
    ids = {e.id for e in block}
    move = reoptimize(p, roster, block, None, seconds=10, seed=0, days=days)
    assert move is not None and move.ids == ids and move.delta <= 0
    held = {(e, s.day, s.code) for e, s in roster.plan() if e in ids and s.day not in days}
    assert {(e, s.day, s.code) for e, s in move.block.plan() if s.day not in days} == held
    after = merged(p, roster, move.block, move.ids)
    assert {(e, s.day, s.code) for e, s in after.plan() if e not in ids} == {
        (e, s.day, s.code) for e, s in roster.plan() if e not in ids
    }
    assert not check(p, after).hard


def test_a_window_move_made_before_another_is_priced_again_on_the_roster_it_joins(start):
    p, roster, cost = start
    window = Window.of(build(p))
    search = _Search(p, roster, cost, None, time.monotonic() + 60, window)
    early = window.reoptimize(roster, cost, range(0, 4), None, seconds=10, seed=0)
    late = window.reoptimize(roster, cost, range(14, 18), None, seconds=10, seed=1)
    assert early is not None and late is not None and early.delta < 0 and late.delta < 0
    search.commit(early, version=0)
    search.commit(late, version=0)  # made against the roster before `early`
    report = check(p, search.roster)
    assert not report.hard
    # `late` is kept only if it still helps on the roster `early` left (hours over the period tie the
    # two weeks together); either way the search's cost is the checker's.
    assert search.cost == report.soft_cost <= cost + early.delta


def test_the_search_keeps_its_roster_lawful_and_its_cost_the_checkers(start):
    p, roster, cost = start
    search = _Search(p, roster, cost, None, time.monotonic() + 6, Window.of(build(p)))
    search.run(seed=0)
    report = check(p, search.roster)
    assert not report.hard
    assert search.cost == report.soft_cost < cost


def test_a_roster_offered_by_the_full_search_is_priced_by_the_checker(start):
    """The full search's own price of a roster it has not finished improving can be too high (loose
    slack); the search over people compares costs, so it takes the checker's."""
    p, roster, cost = start
    helper = PeopleSearch(p, None, deadline=time.monotonic())
    helper.offer(roster)
    assert helper.cost == cost == check(p, roster).soft_cost


def test_the_search_over_spans_of_days_keeps_its_roster_lawful_and_its_cost_the_checkers(start):
    p, roster, cost = start
    search = _Search(p, roster, cost, None, time.monotonic() + 6, spans=True)
    search.run(seed=0)
    report = check(p, search.roster)
    assert not report.hard
    assert search.cost == report.soft_cost < cost
