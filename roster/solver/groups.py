"""Groups of constraints that an explanation can switch on and off: one requirement each.

A group is one requirement a unit leader recognises: "D on Sat 10 Jan needs at least 2 staff",
"v03's weekend frequency", "v07's sick leave". While explaining, every constraint a rule adds is
attached to the group open at that moment by an enforcement literal, so that CP-SAT can be asked
whether some groups can hold together (with the other groups' literals off). Outside explanations
the groups cost nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Group:
    """One requirement: a rule, and what it is about (an employee, or a shift on a day)."""

    rule: str
    employee: str | None = None
    shift: str | None = None
    day: int | None = None
    requirement: Any = None  # a Text; coverage: "at least 2 staff", "at least 1 with hoyskole"


class Groups:
    """Records which group each constraint belongs to, then attaches the groups' literals.

    Constraints added outside any group, or inside `background()`, always hold: they are the
    roster's structure (one shift a day) or definitions of helper literals (which can always be
    satisfied, so they never take part in a conflict)."""

    def __init__(self, cp: Any, active: bool):
        self.cp = cp
        self.active = active
        self.literals: dict[Group, Any] = {}
        self._owner: dict[int, Group | None] = {}  # constraint index -> its group (None: always on)

    @contextmanager
    def of(self, group: Group | None) -> Iterator[None]:
        """Constraints added inside belong to `group` (the innermost open group wins)."""
        if not self.active:
            yield
            return
        first = len(self.cp.proto.constraints)
        try:
            yield
        finally:
            for index in range(first, len(self.cp.proto.constraints)):
                self._owner.setdefault(index, group)

    def background(self):
        """Constraints added inside always hold (definitions of shared helper literals)."""
        return self.of(None)

    def seal(self) -> None:
        """Give every group that owns a constraint its literal, and enforce its constraints by it."""
        if not self.active:
            return
        constraints = self.cp.proto.constraints
        for index, group in sorted(self._owner.items()):
            # An interval only defines a stretch of time (and takes at most one literal, its
            # presence): the constraints that use it carry the group.
            if group is None or constraints[index].has_interval():
                continue
            if group not in self.literals:
                self.literals[group] = self.cp.new_bool_var(f"group[{len(self.literals)}]")
            constraints[index].enforcement_literal.append(self.literals[group].index)
        self._owner.clear()
