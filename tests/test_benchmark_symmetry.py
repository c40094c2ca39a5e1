"""benchmarks/symmetry.py, the measurement behind leaving symmetry between identical employees to
CP-SAT: who counts as identical, and that CP-SAT's presolve reports the swap of two of them."""

from __future__ import annotations

from benchmarks.symmetry import identical_groups, presolve_symmetry
from tests.conftest import change_employee, make_instance, period


def twins():
    """tiny.yaml with e5 (60 %, hfa) made the twin of e4 (60 %, uni)."""
    return change_employee(make_instance(), "e5", competencies=["uni"])


def own_wish(inst):
    wish = [{"date": str(inst.period.start), "want": "off", "weight": 1}]
    return change_employee(inst, "e5", wishes=wish)


def generators(lines: list[str]) -> int:
    """The number of generators in CP-SAT's "[Symmetry] #generators: N, ..." line (0 if none)."""
    found = [line for line in lines if "#generators" in line]
    return int(found[0].split("#generators:")[1].split(",")[0]) if found else 0


def test_employees_alike_in_all_but_id_and_name_form_a_group():
    assert identical_groups(make_instance()) == []  # tiny.yaml: no two alike
    assert identical_groups(twins()) == [2]
    assert identical_groups(own_wish(twins())) == []  # a wish of one's own


def test_cp_sat_reports_the_swap_of_twins_and_not_once_one_has_a_wish_of_their_own():
    assert generators(presolve_symmetry(period(twins()), 2.0)) > generators(
        presolve_symmetry(period(own_wish(twins())), 2.0)
    )
