"""Shifts known by their clock times, as rosters from other tools hold them: the shift type they
count as, their kind (day, evening, night) and their paid minutes.

A roster file may give a shift by its code, by its start and end, or both. The rules check every
shift by its real clock times; what the times alone cannot say is decided here:

- a shift at its type's own times is that shift of the instance, with the instance's paid hours;
- a shift with a code but other times (stayed late, started early) counts as that type (staffing,
  unit, kind), and is paid its real length less the type's unpaid break, unless the file gives hours;
- a shift with times only (or with a code the instance does not know) counts as a shift type when it
  covers the whole of a type the employee may work that is run that day (the longest such type): it
  then staffs that shift, as above;
- otherwise it is an ad-hoc shift (code None) that counts for no shift's staffing. It is a night shift
  when at least half of it lies in the night of AML §10-11 (21:00-06:00, in defaults.yaml), else it
  takes the kind of the day or evening type it overlaps most (day when it overlaps none); it is
  paid the hours the file gives, else its length less the unpaid break of the type it overlaps most.
"""

from __future__ import annotations

from roster.calendar import Period, Shift
from roster.instance import Employee, ShiftType
from roster.rules.defaults import default
from roster.terms import parse_clock

NIGHT_STARTS = parse_clock(default("night_work", "starts"))
NIGHT_ENDS = parse_clock(default("night_work", "ends"))


def timed_shift(
    p: Period,
    day: int,
    start: int,
    end: int,
    emp: Employee | None,
    code: str | None = None,
    paid: int | None = None,
    unit: str | None = None,
) -> Shift:
    """The shift worked from minute `start` to `end` of the period, belonging to `day`.

    `code` is a shift type of the instance (or None), `paid` the paid minutes the file gives (or
    None), `unit` a unit the file names (or None); `emp` is None for an open shift."""
    if code is None:
        code = _covered_type(p, day, start, end, emp)
    if code is not None:
        placed = p.place(day, code, emp)
        if (placed.start, placed.end) == (start, end):
            return placed
        shift_type = p.inst.shift_by_code[code]
        return Shift(
            start, end, day, code, _paid(paid, end - start, shift_type), shift_type.kind, placed.unit
        )
    nearest = _most_overlapping(p, day, start, end, emp)
    kind = (
        "night"
        if 2 * _night_minutes(p, day, start, end) >= end - start
        else _day_kind(p, day, start, end, emp)
    )
    home = p.inst.home_unit(emp) if emp is not None else None
    own_unit = p.inst.shift_unit(nearest, emp) if nearest is not None else home
    return Shift(start, end, day, None, _paid(paid, end - start, nearest), kind, unit or own_unit)


def _types(p: Period, emp: Employee | None) -> list[ShiftType]:
    return [st for st in p.inst.shifts if emp is None or p.inst.may_work(emp, st)]


def _overlap(a: Shift, start: int, end: int) -> int:
    return max(0, min(a.end, end) - max(a.start, start))


def _covered_type(p: Period, day: int, start: int, end: int, emp: Employee | None) -> str | None:
    """The longest shift type run that day whose whole time the shift covers, if any."""
    covered = [p.place(day, st.code, emp) for st in _types(p, emp) if p.demand(day, st.code) is not None]
    covered = [s for s in covered if start <= s.start and s.end <= end]
    return max(covered, key=lambda s: s.end - s.start).code if covered else None


def _most_overlapping(
    p: Period, day: int, start: int, end: int, emp: Employee | None, kinds: tuple[str, ...] = ()
) -> ShiftType | None:
    best, most = None, 0
    for st in _types(p, emp):
        if kinds and st.kind not in kinds:
            continue
        overlap = _overlap(p.place(day, st.code, emp), start, end)
        if overlap > most:
            best, most = st, overlap
    return best


def _day_kind(p: Period, day: int, start: int, end: int, emp: Employee | None) -> str:
    nearest = _most_overlapping(p, day, start, end, emp, kinds=("day", "evening"))
    return nearest.kind if nearest is not None else "day"


def _night_minutes(p: Period, day: int, start: int, end: int) -> int:
    """Minutes of [start, end) within the nights (21:00-06:00) around the day."""
    next_day = int(NIGHT_ENDS <= NIGHT_STARTS)
    return sum(
        max(0, min(end, p.minute(d + next_day, NIGHT_ENDS)) - max(start, p.minute(d, NIGHT_STARTS)))
        for d in (day - 1, day, day + 1)
    )


def _paid(paid: int | None, length: int, shift_type: ShiftType | None) -> int:
    if paid is not None:
        return paid
    unpaid_break = 0 if shift_type is None else max(0, shift_type.length_minutes - shift_type.paid_minutes)
    return max(0, length - unpaid_break)
