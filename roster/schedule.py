"""A roster: who works which shift on which day, on the clock, including history days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roster.calendar import Period, Shift

if TYPE_CHECKING:
    from roster.visits import VisitPlan


@dataclass(frozen=True, order=True)
class OpenShift:
    """A shift the staff cannot fill lawfully, left for a substitute (vikar).

    `needs` holds, for each competency requirement it must help meet, the competencies of which
    the substitute must hold one (empty: anyone)."""

    shift: Shift
    needs: tuple[tuple[str, ...], ...] = ()


@dataclass
class Roster:
    """Shifts per employee, sorted by start. Days before 0 are history (a previous roster).

    `open` lists the shifts left for substitutes (when staffing is short, see `roster solve`)."""

    period: Period
    shifts: dict[str, list[Shift]] = field(default_factory=dict)
    open: list[OpenShift] = field(default_factory=list)
    _index: dict[tuple[int, str], list[str]] | None = field(default=None, repr=False)
    _by_day: dict[tuple[str, int], list[Shift]] | None = field(default=None, repr=False)
    visits: VisitPlan | None = None  # the ambulant visit plan made with the roster, if any

    @classmethod
    def from_codes(cls, period: Period, items: Iterable[tuple[str, int, str]]) -> Roster:
        """Build from (employee id, day, shift code) triples."""
        roster = cls(period)
        for emp_id, day, code in items:
            roster.add(emp_id, period.place(day, code, period.inst.employee_by_id.get(emp_id)))
        return roster

    def add(self, emp_id: str, shift: Shift) -> None:
        bucket = self.shifts.setdefault(emp_id, [])
        bucket.append(shift)
        bucket.sort()
        self._index = self._by_day = None

    def of(self, emp_id: str) -> list[Shift]:
        return self.shifts.get(emp_id, [])

    def on(self, emp_id: str, day: int) -> list[Shift]:
        if self._by_day is None:
            by_day: dict[tuple[str, int], list[Shift]] = defaultdict(list)
            for e, shifts in self.shifts.items():
                for s in shifts:
                    by_day[e, s.day].append(s)
            self._by_day = by_day
        return self._by_day.get((emp_id, day), [])

    def plan(self) -> Iterator[tuple[str, Shift]]:
        """(employee, shift) for every shift in the planning period."""
        for emp_id, shifts in self.shifts.items():
            for s in shifts:
                if self.period.in_plan(s.day):
                    yield emp_id, s

    def codes(self) -> set[tuple[str, int, str]]:
        """(employee id, day, shift code) of every shift in the planning period: `from_codes`'s
        triples."""
        return {(emp_id, s.day, s.code) for emp_id, s in self.plan()}

    def successions(self) -> Iterator[tuple[str, Shift, Shift]]:
        """(employee, shift, a shift of theirs on the next day) for every such pair whose second
        shift is in the planning period: what the rules about the next day's shift judge."""
        for emp_id, shifts in self.shifts.items():
            for first in shifts:
                for second in self.on(emp_id, first.day + 1):
                    if self.period.in_plan(second.day):
                        yield emp_id, first, second

    def staff_on(self, day: int, code: str) -> list[str]:
        """Employees working shift `code` on `day`."""
        if self._index is None:
            index: dict[tuple[int, str], list[str]] = defaultdict(list)
            for emp_id, shifts in self.shifts.items():
                for s in shifts:
                    if s.code is not None:
                        index[s.day, s.code].append(emp_id)
            self._index = index
        return self._index.get((day, code), [])

    def with_history(self, history: Roster | None) -> Roster:
        """This roster's planning days together with the history days of another."""
        merged = Roster(self.period, open=list(self.open), visits=self.visits)
        for emp_id, s in self.plan():
            merged.add(emp_id, s)
        if history is not None:
            for emp_id, shifts in history.shifts.items():
                for s in shifts:
                    if s.day < 0:
                        merged.add(emp_id, s)
        return merged
