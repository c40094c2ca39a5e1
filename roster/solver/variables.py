"""The decision variables, made once: x[employee, day, shift] for every choice no rule rules out.

History days (a previous roster) are constants, so every rule can look back with the same code it
uses inside the period.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from ortools.sat.python import cp_model

from roster.calendar import Period, Shift
from roster.instance import Employee
from roster.rules.base import Rule, bool_or_var
from roster.schedule import OpenShift, Roster
from roster.solver.groups import Group, Groups
from roster.visits import VisitPlan

Literal = Any  # a CP-SAT BoolVar, or the constant 1 for a history shift


class Variables:
    def __init__(
        self,
        m: cp_model.CpModel,
        p: Period,
        rules: list[Rule],
        history: Roster | None,
        relax: frozenset[str] = frozenset(),
        explain: bool = False,
    ):
        self.m = m
        self.p = p
        self.relax = relax  # rules whose hard limits become penalised slack (open shifts)
        self.groups = Groups(m, explain)  # switchable requirements, while explaining infeasibility
        self.x: dict[tuple[str, int, str], cp_model.IntVar] = {}
        # Open shifts per (day, shift code): the count, and per requirement the count that must
        # hold one of its competencies (filled by coverage when it is relaxed).
        self.open: dict[tuple[int, str], tuple[Any, list[tuple[tuple[str, ...], Any]]]] = {}
        self._options: dict[tuple[str, int], list[tuple[Shift, Literal]]] = {}
        self._busy: dict[tuple[str, int, int], Literal] = {}
        self._work: dict[tuple[str, int], Literal] = {}
        self._staff: dict[tuple[int, str], list[cp_model.IntVar]] | None = None
        self.visits: Any = None  # the visit variables, made by the visits rule (roster/rules/visits.py)
        # Decisions the LP relaxation cannot see, for the search to solve case by case
        # (roster/solver/cases.py).
        self.split_on: list[cp_model.IntVar] = []
        # Per decision of split_on (its proto index), a count the LP also sees fractionally, which
        # the search may split a case on once more: (its order, smaller first; its literals).
        self.split_counts: dict[int, tuple[float, list[Literal]]] = {}
        inst = p.inst
        # Only rules that rule something out are asked, and those that judge a shift on every day
        # alike are asked once per employee: this loop runs for every employee, day and shift.
        # Explaining, every rule is asked on every day, so that what it rules out can be switched.
        by_shift = [rule for rule in rules if type(rule).allows_shift is not Rule.allows_shift]
        asked = rules if explain else [rule for rule in rules if type(rule).allows is not Rule.allows]
        for emp in inst.employees:
            eligible = [
                st for st in inst.shifts if explain or all(rule.allows_shift(p, emp, st) for rule in by_shift)
            ]
            for day in p.plan_days:
                options = []
                for st in eligible:
                    blocking = [rule for rule in asked if not rule.allows(p, emp, day, st)]
                    if any(not (explain and rule.allows_per_employee) for rule in blocking):
                        continue
                    var = m.new_bool_var(f"x[{emp.id},{day},{st.code}]")
                    for rule in blocking:  # explaining: what `allows` rules out becomes switchable
                        with self.group(rule, emp):
                            m.add(var == 0)
                    self.x[emp.id, day, st.code] = var
                    options.append((p.place(day, st.code, emp), var))
                self._options[emp.id, day] = options
            for day in range(p.first_day, 0):
                shifts = history.on(emp.id, day) if history is not None else []
                self._options[emp.id, day] = [(s, 1) for s in shifts]

    def staff(self, day: int, code: str) -> list[cp_model.IntVar]:
        """The literals of everyone who could work shift `code` on a planning day."""
        if self._staff is None:
            self._staff = {}
            for (_, d, c), var in self.x.items():
                self._staff.setdefault((d, c), []).append(var)
        return self._staff.get((day, code), [])

    def group(self, rule: Rule, emp: Employee | None = None, **subject: Any) -> AbstractContextManager:
        """Constraints added inside form one requirement of `rule` that an explanation can name:
        the rule for one employee, or (coverage) a shift's requirement on a day."""
        return self.groups.of(Group(rule.name, emp.id if emp is not None else None, **subject))

    def each_employee(self, rule: Rule) -> Iterator[Employee]:
        """The instance's employees, each inside the group (rule, employee)."""
        for emp in self.p.inst.employees:
            with self.group(rule, emp):
                yield emp

    def options(self, emp_id: str, day: int) -> list[tuple[Shift, Literal]]:
        """The shifts the employee could work on the day, each with its literal."""
        return self._options.get((emp_id, day), [])

    def works(self, emp_id: str, day: int) -> Any:
        """1 when the employee works on the day (a linear expression, or a history constant)."""
        lits = [lit for _, lit in self.options(emp_id, day)]
        if all(isinstance(lit, int) for lit in lits):
            return int(any(lits))
        return sum(lits) if len(lits) != 1 else lits[0]

    def work(self, emp_id: str, day: int) -> Literal:
        """A literal that is true when the employee works on the day (0/1 when that is known).

        Made once per day and shared by the rules that ask; it equals the sum of the day's shift
        literals, which one_shift_per_day keeps at most 1."""
        key = (emp_id, day)
        if key not in self._work:
            lits = [lit for _, lit in self.options(emp_id, day)]
            if all(isinstance(lit, int) for lit in lits):
                self._work[key] = int(any(lits))
            elif len(lits) == 1:
                self._work[key] = lits[0]
            else:
                w = self.m.new_bool_var(f"works[{emp_id},{day}]")
                with self.groups.background():  # a definition shared by several rules
                    self.m.add(w == sum(lits))
                self._work[key] = w
        return self._work[key]

    def during(self, emp_id: str, start: int, end: int) -> list[tuple[Shift, Literal]]:
        """Options that overlap the time [start, end) (shifts are shorter than two days)."""
        first = max(self.p.first_day, start // 1440 - 2)
        last = min(self.p.n_days - 1, end // 1440 + 1)
        return [
            (s, lit)
            for day in range(first, last + 1)
            for s, lit in self.options(emp_id, day)
            if s.overlaps(start, end)
        ]

    def busy(self, emp_id: str, start: int, end: int) -> tuple[bool, Literal]:
        """Whether the employee works in [start, end): (by a history shift, literal for the plan).

        The plan's literal is made once per window and shared by the rules that ask."""
        key = (emp_id, start, end)
        if key not in self._busy:
            lits = [lit for _, lit in self.during(emp_id, start, end)]
            history = any(isinstance(lit, int) and lit for lit in lits)
            plan = [lit for lit in lits if not isinstance(lit, int)]
            with self.groups.background():  # shared by several rules: a definition, never switched off
                self._busy[key] = (history, bool_or_var(self.m, plan, f"busy[{emp_id},{start},{end}]"))
        return self._busy[key]

    def extract(self, solver: cp_model.CpSolver) -> Roster:
        """The roster of the solver's current solution (planning days only)."""
        roster = Roster(self.p)
        for (emp_id, day), options in self._options.items():
            if day < 0:
                continue
            for shift, lit in options:
                if solver.boolean_value(lit):
                    roster.add(emp_id, shift)
        if self.visits is not None:
            roster.visits = self.visits.extract(solver)
        roster.open = self._open_shifts(solver)
        return roster

    def _open_shifts(self, solver: cp_model.CpSolver) -> list[OpenShift]:
        """The open shifts of the solution: the k-th open shift of a (day, shift) needs the
        competencies of every requirement with more than k open."""
        out = []
        for (day, code), (count, by_requirement) in sorted(self.open.items()):
            needed = [(req, solver.value(n)) for req, n in by_requirement]
            for k in range(solver.value(count)):
                placed = self.p.place(day, code)
                out.append(OpenShift(placed, tuple(req for req, n in needed if n > k)))
        return out

    def fix(self, roster: Roster) -> bool:
        """Constrain the model to exactly this roster's planning days.

        Returns False when the roster holds a choice the model has no variable for, which means
        a rule's `allows` already ruled it out."""
        chosen = set()
        for emp_id, shift in roster.plan():
            key = (emp_id, shift.day, shift.code)
            if key not in self.x:
                return False
            chosen.add(key)
        for key, var in self.x.items():
            self.m.add(var == (1 if key in chosen else 0))
        if self.visits is not None:
            return self.visits.fix(roster.visits or VisitPlan())  # no plan: no visits made
        return True

    def hint(self, roster: Roster) -> None:
        """Give CP-SAT a roster to start from."""
        chosen = roster.codes()
        for key, var in self.x.items():
            self.m.add_hint(var, key in chosen)
        if self.visits is not None and roster.visits is not None:
            self.visits.hint(roster.visits)
