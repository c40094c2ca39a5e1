"""Implied constraints that tie several rules together, so that the LP relaxation sees what the
rules allow only in combination. They never cut off a roster the rules allow (the agreement tests
hold every model, with these added, to the checker on random instances).

Run lengths: `consecutive_days` (at most so many working days in a row), `min_days_in_row` and
`min_days_off_in_row` each give a tight LP on their own, but not together: a fractional roster can
work five sixths of every day. Per employee, the three become one automaton over the days (state:
working or off, and for how many days), encoded as a flow through a layered graph with one unit of
flow per day. A flow's LP is the convex hull of the automaton's paths, so the relaxation only mixes
rosters whose runs all keep the rules. Measured on a loaded machine (benchmarks/README.md): the
bound on Curtois-Qu Instance5 after 60 s rises from 980 to 1138 (optimum 1143).
"""

from __future__ import annotations

from typing import Any

from roster.calendar import Period
from roster.rules import RULE_BY_NAME, Rule
from roster.solver.variables import Variables

State = tuple[bool, int, bool]  # (working, days in this run (capped), run began on the first day)


def run_limits(p: Period, rules: list[Rule], emp) -> tuple[int | None, int, int]:
    """(most working days in a row or None, fewest working days in a row, fewest days off in a
    row) for the employee, from the rules that apply."""
    names = {rule.name for rule in rules}
    most = RULE_BY_NAME["consecutive_days"].limit(p, emp) if "consecutive_days" in names else None
    fewest = RULE_BY_NAME["min_days_in_row"].minimum(p, emp) if "min_days_in_row" in names else 1
    fewest_off = RULE_BY_NAME["min_days_off_in_row"].minimum(p, emp) if "min_days_off_in_row" in names else 1
    return (most if most is not None and most < p.n_days else None), fewest, fewest_off


def _next(state: State, work: bool, most: int | None, fewest: int, fewest_off: int) -> State | None:
    """The state after one more day (None: the rules forbid that day)."""
    working, length, first = state
    if working == work:  # the run goes on; past its minimum, where it began no longer matters
        if working and most is not None and length >= most:
            return None
        cap = (most or fewest) if working else fewest_off
        longer = min(length + 1, max(cap, 1))
        return (working, longer, first and longer < (fewest if working else fewest_off))
    ended_ok = first or length >= (fewest if working else fewest_off)  # runs from the first day are exempt
    return (work, 1, False) if ended_ok else None


def run_length_flow(m: Any, v: Variables, p: Period, rules: list[Rule]) -> None:
    """The run-length automaton of every employee as a flow (only without history days, where the
    rules' exemptions at the start of the period are those of the automaton)."""
    if p.first_day != 0:
        return
    for emp in p.inst.employees:
        most, fewest, fewest_off = run_limits(p, rules, emp)
        if fewest <= 1 and fewest_off <= 1:
            # A maximum alone is a sliding-window cap: an interval matrix, whose LP is already
            # integral, so the flow would only add variables (measured: with it, test_explain's
            # 1-second solve found no roster).
            continue
        work = v.work(emp.id, 0)
        nodes: dict[State, Any] = {(True, 1, True): work, (False, 1, True): 1 - work}
        for day in range(1, p.n_days):
            work = v.work(emp.id, day)
            arcs: dict[State, list[Any]] = {}
            for state, node in nodes.items():
                outs = []
                for step in (True, False):
                    target = _next(state, step, most, fewest, fewest_off)
                    if target is not None:
                        arc = m.new_bool_var(f"run[{emp.id},{day},{int(step)}{target[1]}]")
                        arcs.setdefault(target, []).append(arc)
                        outs.append(arc)
                m.add(sum(outs) == node)
            nodes = {}
            for state, ins in arcs.items():
                if len(ins) == 1:
                    nodes[state] = ins[0]
                else:
                    nodes[state] = m.new_bool_var(f"run[{emp.id},{day},{state[1]}{'WO'[state[0]]}]")
                    m.add(nodes[state] == sum(ins))
            m.add_exactly_one(nodes.values())  # implied, but it helps CP-SAT's LP and propagation
            m.add(sum(node for state, node in nodes.items() if state[0]) == work)


def add(m: Any, v: Variables, p: Period, rules: list[Rule]) -> None:
    """Every implied constraint of this module."""
    run_length_flow(m, v, p, rules)
