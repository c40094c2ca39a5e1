"""Personal limits and the rules added for them (forbidden successions, shift counts, hours in the
period, minimum runs of days and days off, weekends in the period), and dated demand with its own
weights: hand-built rosters where the check finds the violation and near misses pass, both faces
held to the same verdict (tests/faces.py). tiny.yaml starts on Monday 2 March 2026 (day 0)."""

from __future__ import annotations

import datetime as dt

import pytest

from roster.errors import InputError
from tests.conftest import change_employee, make_instance, period, roster_of
from tests.test_rules import violations


def limited(emp_id: str = "e1", **limits):
    return change_employee(make_instance(), emp_id, limits=limits)


def test_forbidden_successions():
    inst = make_instance(rules={"forbidden_successions": {"forbidden": {"A": ["D"], "N": ["D", "A"]}}})
    p = period(inst)
    found = violations(p, roster_of(p, "e1: A D . N A"), "forbidden_successions")
    assert [v.days for v in found] == [(0, 1), (3, 4)]
    assert "D on 3 Mar right after A on 2 Mar" in found[0].message
    assert "e1 jobber D 3. mars rett etter A 2. mars" in found[0].message_nb
    assert not violations(p, roster_of(p, "e1: D A . A . N N"), "forbidden_successions")
    assert not violations(p, roster_of(p, "e1: A . D"), "forbidden_successions")


def test_forbidden_successions_reach_into_history():
    inst = make_instance(rules={"forbidden_successions": {"forbidden": {"A": ["D"]}}})
    p = period(inst, history_days=7)
    history = roster_of(p, "e1@-1: A")
    found = violations(p, roster_of(p, "e1: D"), "forbidden_successions", history)
    assert [v.days for v in found] == [(-1, 0)]
    assert not violations(p, roster_of(p, "e1: A"), "forbidden_successions", history)
    # a forbidden pair wholly in the history is not the plan's
    old = roster_of(p, "e1@-3: A D")
    assert not violations(p, roster_of(p, "e1: D"), "forbidden_successions", old)


def test_forbidden_successions_name_known_shifts():
    with pytest.raises(InputError, match="forbidden_successions.forbidden.A: unknown shift 'X'"):
        make_instance(rules={"forbidden_successions": {"forbidden": {"A": ["X"]}}})


def test_shift_counts():
    inst = limited(max_shifts={"N": 2, "A": 0})
    p = period(inst)
    found = violations(p, roster_of(p, "e1: N . . N . . N"), "shift_counts")
    assert len(found) == 1 and "3 N shifts, at most 2" in found[0].message and found[0].amount == 1
    assert not violations(p, roster_of(p, "e1: N . . N D D"), "shift_counts")
    never = violations(p, roster_of(p, "e1: A"), "shift_counts")  # no variable: a limit of 0
    assert len(never) == 1 and never[0].days == (0,)
    assert not violations(p, roster_of(p, "e2: A A A"), "shift_counts")  # e2 has no limits


def test_shift_counts_name_known_shifts():
    with pytest.raises(InputError, match=r"employees\[0\].limits.max_shifts.X: unknown shift 'X'"):
        limited(max_shifts={"X": 1})


def test_period_hours():
    inst = limited(min_hours=15, max_hours=22.5)
    p = period(inst)

    def of_e1(text):
        return [v for v in violations(p, roster_of(p, text), "period_hours") if v.employee == "e1"]

    short = of_e1("e1: D")
    assert len(short) == 1 and short[0].amount == pytest.approx(7.5) and "at least 15 h" in short[0].message
    assert not of_e1("e1: D D")
    assert not of_e1("e1: D . D D")  # 22.5 h, exactly the maximum
    over = of_e1("e1: D D N")  # 25 h
    assert len(over) == 1 and over[0].amount == pytest.approx(2.5) and "at most 22.5 h" in over[0].message


def test_period_hours_band_must_be_ordered():
    with pytest.raises(InputError, match="max_hours 10 is below min_hours 20"):
        limited(min_hours=20, max_hours=10)


def test_consecutive_days_personal_maximum():
    inst = limited(max_days_in_row=2)
    p = period(inst)
    found = violations(p, roster_of(p, "e1: D D D\ne2: D D D D D D"), "consecutive_days")
    assert [v.employee for v in found] == ["e1"] and found[0].days == (0, 1, 2)
    assert not violations(p, roster_of(p, "e1: D D . D D"), "consecutive_days")


def test_min_days_in_row():
    inst = limited(min_days_in_row=3)
    p = period(inst)  # 14 days
    found = violations(p, roster_of(p, "e1: . D D . . D D D"), "min_days_in_row")
    assert [v.days for v in found] == [(1, 2)] and found[0].amount == 1
    # runs that touch the first or the last day may go on outside the period
    assert not violations(p, roster_of(p, "e1: D . . . D D D" + " ." * 6 + " D"), "min_days_in_row")
    assert not violations(p, roster_of(p, "e2: . D ."), "min_days_in_row")  # e2 has no minimum


def test_min_days_in_row_with_history():
    inst = limited(min_days_in_row=2)
    p = period(inst, history_days=7)
    # the run that ends the history is cut short by the plan's day off: the plan is blamed
    found = violations(p, roster_of(p, "e1: . D D"), "min_days_in_row", roster_of(p, "e1@-1: D"))
    assert [v.days for v in found] == [(-1,)]
    assert not violations(p, roster_of(p, "e1: D"), "min_days_in_row", roster_of(p, "e1@-1: D"))
    # a short run wholly in the history (off before and after it) is not the plan's
    assert not violations(p, roster_of(p, "e1: . D D"), "min_days_in_row", roster_of(p, "e1@-3: D"))


def test_min_days_off_in_row():
    inst = limited(min_days_off_in_row=2)
    p = period(inst)
    found = violations(p, roster_of(p, "e1: D . D D . . D"), "min_days_off_in_row")
    assert [v.days for v in found] == [(1,)] and "1 day(s) off in a row" in found[0].message
    assert not violations(p, roster_of(p, "e1: . D D . . D D" + " ." * 6 + " D"), "min_days_off_in_row")
    assert not violations(p, roster_of(p, "e1: . D D . . D" + " D" * 7 + " ."), "min_days_off_in_row")


def test_max_weekends():
    inst = limited(max_weekends=1)
    p = period(inst, days=21)  # three weekends
    found = violations(p, roster_of(p, "e1: . . . . . D . . . . . . . D"), "max_weekends")
    assert len(found) == 1 and "2 weekends in the period, at most 1" in found[0].message
    assert not violations(
        p, roster_of(p, "e1: . . . . . D D . . . . D"), "max_weekends"
    )  # Fri 13 is no weekend
    assert not violations(p, roster_of(p, "e2: . . . . . D . . . . . . D . . . . . . D"), "max_weekends")


def test_max_weekends_friday_night_counts_and_history_is_not_blamed():
    inst = limited(max_weekends=0)
    p = period(inst)
    assert len(violations(p, roster_of(p, "e1: . . . . N"), "max_weekends")) == 1  # into Saturday
    inst = make_instance(rules={"max_weekends": {"weekends": 1}})
    p = period(inst, start=dt.date(2026, 3, 1), days=14, history_days=7)  # starts on a Sunday
    history = roster_of(p, "e1@-1: D")  # Saturday before: this weekend reaches into the plan
    assert not violations(p, roster_of(p, "e1: D"), "max_weekends", history)
    found = violations(p, roster_of(p, "e1: . . . . . . D"), "max_weekends", history)
    assert len(found) == 1 and found[0].employee == "e1"


def test_dated_demand_replaces_the_day_type_and_has_its_own_weights():
    demand = [
        {"shift": "D", "on": ["weekday", "saturday", "sunday"], "min": 0, "ideal": 1},
        {
            "shift": "D",
            "dates": [dt.date(2026, 3, 3)],
            "min": 0,
            "ideal": 2,
            "weight_under": 7,
            "weight_over": 5,
        },
    ]
    p = period(make_instance(demand=demand), days=3)
    found = violations(p, roster_of(p, "e1: D D D\ne2: D"), "ideal_staffing")
    assert sorted((v.days, v.cost) for v in found) == [((0,), 1), ((1,), 7)]  # weight_over 1 by default
    found = violations(p, roster_of(p, "e1: D D D\ne2: . D\ne3: . D"), "ideal_staffing")
    assert [(v.days, v.cost) for v in found] == [((1,), 5)]


def test_demand_gives_day_types_or_dates():
    with pytest.raises(InputError, match="exactly one of `on` \\(day types\\) or `dates`"):
        make_instance(demand=[{"shift": "D", "min": 0}])
    twice = [{"shift": "D", "dates": [dt.date(2026, 3, 3)], "min": 0}] * 2
    with pytest.raises(InputError, match=r"demand\[1\].dates: D on 2026-03-03 is already given"):
        make_instance(demand=twice)
