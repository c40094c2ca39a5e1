"""An organisation's parts that share no staff and no site, for a first roster part by part.

Units on one site share its night cover and its cars, and staff in two units tie those units
together; apart from that, no hard rule looks at two units at once. So each part can be solved
for a first roster alone, in a model the size of one base, and the parts' rosters together keep
every hard rule of the whole. The whole model can need far longer for its first roster: generated
organisations of 200 staff in nine parts got none in 120 s on two seeds of three, and from their
parts' rosters had one in 43-60 s (benchmarks/README.md, "First rosters part by part"). Rules that
compare people (fairness) see one part at a time here, which only costs the first roster some
quality: the search of the whole improves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.calendar import Period
from roster.instance import Demand, Employee, Instance
from roster.schedule import Roster
from roster.solver.model import Model, build
from roster.solver.start import sub_period


@dataclass
class Parts:
    """The model of each part of a period's organisation."""

    p: Period
    models: list[Model]

    def roster(self, solvers: list[cp_model.CpSolver]) -> Roster:
        """The whole period's roster: each part's, from the solver of its model."""
        roster = Roster(self.p)
        for model, solver in zip(self.models, solvers, strict=True):
            for emp_id, shift in model.v.extract(solver).plan():
                roster.add(emp_id, shift)
        return roster


def parts_of(p: Period, history: Roster | None = None, relax: frozenset[str] = frozenset()) -> Parts | None:
    """The models of the organisation's parts; None when it is all one part."""
    staff = staff_by_part(p.inst)
    if len(staff) < 2:
        return None
    models = []
    for employees in staff:
        units = {unit for emp in employees for unit in emp.units}
        sub = sub_period(p, employees, _demand_of(p.inst, units))
        models.append(build(sub, history, relax=relax))
    return Parts(p, models)


def staff_by_part(inst: Instance) -> list[list[Employee]]:
    """The staff of each part: units joined by a shared site or a shared employee."""
    joined = {unit.id: unit.id for unit in inst.units}

    def root(unit: str) -> str:
        while joined[unit] != unit:
            unit = joined[unit]
        return unit

    first_on_site: dict[str, str] = {}
    for unit in inst.units:
        if unit.site is not None:
            joined[root(unit.id)] = root(first_on_site.setdefault(unit.site, unit.id))
    for emp in inst.employees:
        for unit in emp.units[1:]:
            joined[root(unit)] = root(emp.units[0])
    staff: dict[str, list[Employee]] = {}
    for emp in inst.employees:
        staff.setdefault(root(emp.units[0]), []).append(emp)
    return list(staff.values())


def _demand_of(inst: Instance, units: set[str]) -> list[Demand]:
    """The demand for the shifts of these units and of their sites."""
    sites = {inst.unit_by_id[unit].site for unit in units} - {None}
    ours = {
        shift.code
        for shift in inst.shifts
        if shift.unit in units or (shift.unit is None and shift.site in sites)
    }
    return [demand for demand in inst.demand if demand.shift in ours]
