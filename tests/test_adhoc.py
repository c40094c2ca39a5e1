"""Shifts known by their clock times: which shift they count as, their kind and their paid hours."""

from __future__ import annotations

import datetime as dt

from roster.adhoc import timed_shift
from tests.conftest import make_instance, period


def _shift(p, emp_id, start: str, end: str, **options):
    """The timed shift from `start` to `end` on day 0 (an end before the start is the next day)."""
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    first = p.minute(0, dt.time(h1, m1))
    last = p.minute(0 if (h2, m2) > (h1, m1) else 1, dt.time(h2, m2))
    emp = p.inst.employee_by_id.get(emp_id) if emp_id else None
    return timed_shift(p, 0, first, last, emp, **options)


def _with_break():
    """tiny.yaml, with a day shift whose 30 minute break is unpaid, and a weekday-only long day L."""
    data = make_instance().model_dump(by_alias=True)
    data["shifts"][0].update(end="15:30", paid_hours=7.5)  # D 07:30-15:30, 30 min unpaid
    data["shifts"].append(
        {
            "code": "L",
            "name": "Lang",
            "unit": "base",
            "start": "07:30",
            "end": "19:30",
            "paid_hours": 12,
            "kind": "day",
        }
    )
    data["demand"].append({"shift": "L", "on": ["weekday"], "min": 0})
    return make_instance(shifts=data["shifts"], demand=data["demand"])


def test_at_a_types_own_times_it_is_that_shift():
    p = period(make_instance(), days=1)
    assert _shift(p, "e1", "07:30", "15:00") == p.place(0, "D", p.inst.employee_by_id["e1"])


def test_covering_a_type_counts_as_it_and_the_longest_covered_type_wins():
    p = period(_with_break(), start=dt.date(2026, 3, 2), days=7)  # Monday: L is run
    longer = _shift(p, "e1", "07:00", "20:00")
    assert (longer.code, longer.kind, longer.paid) == ("L", "day", 13 * 60)  # L has no unpaid break
    early = _shift(p, "e1", "07:00", "15:30")
    assert (early.code, early.paid) == ("D", 8 * 60)  # 8.5 h less D's unpaid half hour


def test_a_type_not_run_that_day_is_not_counted():
    p = period(_with_break(), start=dt.date(2026, 3, 7), days=2)  # Saturday: no L
    assert _shift(p, "e1", "07:00", "20:00").code == "D"


def test_ad_hoc_kind_night_by_the_law_else_the_type_it_overlaps_most():
    p = period(make_instance(), days=2)
    late = _shift(p, "e3", "19:00", "03:00")  # 6 of 8 h between 21:00 and 06:00
    assert (late.code, late.kind) == (None, "night")
    evening = _shift(p, "e3", "16:00", "23:00")  # 2 of 7 h at night: overlaps A most
    assert (evening.code, evening.kind) == (None, "evening")
    short = _shift(p, "e3", "10:00", "12:00")
    assert (short.code, short.kind, short.paid, short.unit) == (None, "day", 120, "base")


def test_ad_hoc_paid_hours_from_the_file_or_less_the_nearest_types_break():
    p = period(_with_break(), days=1)
    assert _shift(p, "e1", "08:00", "15:00").paid == 6 * 60 + 30  # overlaps D most: its break
    assert _shift(p, "e1", "08:00", "15:00", paid=400).paid == 400
    assert _shift(p, "e1", "23:00", "03:00").paid == 240  # overlaps N, which has no unpaid break


def test_open_shift_times_match_any_units_types():
    p = period(make_instance(), days=1)
    shift = _shift(p, None, "21:45", "07:45")
    assert (shift.code, shift.unit) == ("N", "site")
