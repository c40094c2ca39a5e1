"""Breaches over overlapping windows are told once per person and stretch, and the rules that group
them keep their verdict: each still agrees with its own encoding on random rosters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roster.rules.base import runs, stretches
from roster.rules.weekly_rest import _longest_rest, windows
from tests.conftest import make_instance, period, roster_of
from tests.faces import assert_faces_agree, only
from tests.test_rules import violations

GROUPING_RULES = ("consecutive_days", "consecutive_nights", "max_hours", "weekly_rest")


def test_runs_and_stretches():
    assert runs({3, 1, 2, 7, 8, 10}) == [range(1, 4), range(7, 9), range(10, 11)]
    grouped = stretches([(range(2, 9), "b"), (range(0, 7), "a"), (range(9, 16), "c")])
    assert [[value for _, value in group] for group in grouped] == [["a", "b"], ["c"]]


def test_a_long_run_of_days_is_one_violation_with_its_length():
    p = period(make_instance(rules={"max_hours": {"week_hours": 48}}), history_days=7)
    history = roster_of(p, "e1@-2: D D")
    found = violations(p, roster_of(p, "e1: D D D D D D D"), "consecutive_days", history)
    assert [(v.days, v.amount) for v in found] == [(tuple(range(-2, 7)), 3)]
    assert "works 9 days in a row from Sat 28 Feb to Sun 8 Mar" in found[0].message


def test_overlapping_weeks_over_the_hours_are_one_violation_told_by_the_worst():
    inst = make_instance(rules={"max_hours": {"week_hours": 40}, "consecutive_days": {"max_days": 9}})
    p = period(inst)
    found = violations(p, roster_of(p, "e1: D D D D D D D D D"), "max_hours")
    assert len(found) == 1
    # the weeks from Monday to Wednesday hold 52.5 h, the one from Thursday 45 h
    assert found[0].days == tuple(range(0, 10)) and found[0].amount == pytest.approx(12.5)
    assert "52.5 h in the 7 days from Mon 2 Mar" in found[0].message
    assert "(over in 4 overlapping 7-day periods from Mon 2 Mar to Thu 5 Mar)" in found[0].message


def test_rolling_weekly_rest_breaches_are_one_violation_per_stretch():
    inst = make_instance(rules={"weekly_rest": {"window": "rolling"}})
    p = period(inst)
    roster = roster_of(p, "e1: D D D D A . D D D D A")
    found = violations(p, roster, "weekly_rest")
    assert len(found) == 1 and "overlapping 7-day periods" in found[0].message
    shifts = roster.of("e1")
    shortest = min(
        _longest_rest([s for s in shifts if s.overlaps(start, end)], start, end)
        for _, start, end in windows(p, "rolling")
    )
    assert found[0].amount == pytest.approx((35 * 60 - shortest) / 60)


CODES = ["D", "A", "N", "."]


@settings(max_examples=60)
@given(
    rule=st.sampled_from(GROUPING_RULES),
    window=st.sampled_from(["Mon 00:00", "rolling"]),
    history=st.lists(st.sampled_from(CODES), min_size=7, max_size=7),
    plan=st.lists(st.sampled_from(CODES), min_size=14, max_size=14),
)
def test_grouping_rules_agree_with_their_encoding(rule, window, history, plan):
    inst = make_instance(
        rules={
            "weekly_rest": {"window": window},
            "max_hours": {"day_hours": 12.5, "week_hours": 40},
            "consecutive_days": {"max_days": 5},
            "consecutive_nights": {"max_nights": 2},
        }
    )
    p = period(inst, history_days=7)
    past = roster_of(p, f"e1@-7: {' '.join(history)}")
    assert_faces_agree(p, roster_of(p, f"e1: {' '.join(plan)}"), only(rule), past)
