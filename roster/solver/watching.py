"""What the search's stages tell whoever watches it (the command's progress line, a benchmark's
timeline): the model being searched, each roster found, and the bound of the whole search."""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model


class SearchWatcher(cp_model.CpSolverSolutionCallback):
    """A CP-SAT solution callback that the stages (roster/solver/pipeline.py) also tell:

    - `watch(model)`: the model whose rosters are searched, to price them by it;
    - `report(cost)`: a roster of this cost, found by a solve that does not call back (the floor,
      the search for rosters that meet every standard);
    - `whole(bound)`: the bound of the whole search, given one solve's (the search case by case sets
      it: the lowest bound over the cases still open)."""

    def __init__(self) -> None:
        super().__init__()
        self.whole = lambda bound: bound

    def watch(self, model: Any) -> None:
        """The model being searched (nothing to do by default)."""

    def report(self, cost: float) -> None:
        """A roster of this cost was found elsewhere (nothing to do by default)."""

    def on_solution_callback(self) -> None:
        """A roster of the solve this watches (nothing to do by default)."""
