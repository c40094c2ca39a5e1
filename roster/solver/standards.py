"""Rosters that meet every standard: the case search's first aim once every case has had a look.

Soft rules are standards or targets (`Rule.target`). Ideal staffing is a target: it asks for more
than the staff's hours can give, so even the best roster pays for it. The others (fair spread, quick
returns, single days, forward rotation, wishes, visits) are standards, which a good roster usually
meets in full: Saltdal 2025's optimum, 360, is 18 shifts below ideal staffing and nothing else.

Under the weighted objective CP-SAT trades one standard against another, and its search settles
among rosters that pay a little for several of them (a median of 373 after 60 s; the improving turns
of roster/solver/cases.py seldom leave such a roster). Held at zero, the standards become
constraints that propagate, and the search for the best staffing under them found 360 in 2.5-18 s
in the case that holds it (benchmarks/README.md, "Rosters that meet every standard"). Where the
standards cannot all be met it finds nothing, and the search goes on as before: its time is capped
(STANDARDS in roster/solver/tuning.py), and it ends once it stops finding better rosters (STALL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ortools.sat.python import cp_model

from roster.solver.model import Model, assignment_cost


def hold_standards(cp: cp_model.CpModel, model: Model) -> None:
    """Hold every weighted penalty of a standard at zero in `cp` (a copy of the model's)."""
    standards = {rule.name for rule in model.rules if not rule.hard and not rule.target}
    for pen in model.penalties:
        if pen.rule in standards and pen.weight > 0 and not isinstance(pen.term, int):
            cp.add(pen.term == 0)


class UntilStalled(cp_model.CpSolverSolutionCallback):
    """Stops `solver` `seconds` after its last roster (None: never), and tells `report` the cost of
    each roster (each better than the one before)."""

    def __init__(
        self,
        solver: cp_model.CpSolver,
        cp: cp_model.CpModel,
        seconds: float | None,
        report: Callable[[float], None] | None = None,
    ):
        super().__init__()
        self.solver, self.cp, self.seconds, self.report = solver, cp, seconds, report
        self.timer: threading.Timer | None = None

    def on_solution_callback(self) -> None:
        if self.report is not None:
            self.report(assignment_cost(self.cp, self))
        if self.seconds is not None:
            self.cancel()
            self.timer = threading.Timer(self.seconds, self.solver.stop_search)
            self.timer.daemon = True
            self.timer.start()

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
