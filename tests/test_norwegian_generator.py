"""The scaling benchmark's generator (benchmarks/norwegian.py): instances of the asked size, the
same for the same seed, with the Saltdal-like structure the benchmark claims (24/7 bases with day,
evening and night, weekday day teams, part-time positions, the law's rules)."""

from __future__ import annotations

import pytest

from benchmarks import norwegian
from benchmarks.norwegian import ASSISTANT_POSITIONS, generate, unit_sizes
from roster.calendar import Period
from roster.check import check
from roster.errors import Infeasible
from roster.schedule import Roster


@pytest.mark.parametrize("n", [15, 50, 100, 200])
def test_the_generator_gives_the_asked_number_of_employees_in_bases_and_teams(n):
    inst = generate(n)
    assert len(inst.employees) == sum(size for _, size in unit_sizes(n)) == n
    kinds = {shift.kind for shift in inst.shifts}
    assert kinds == {"day", "evening", "night"}
    positions = {e.position for e in inst.employees}
    assert min(positions) < 100 and max(positions) == 100  # part-time and full-time positions
    if n >= 50:
        assert any(kind == "team" for kind, _ in unit_sizes(n))


def test_the_same_seed_gives_the_same_instance_and_another_seed_another():
    assert generate(50, seed=3) == generate(50, seed=3)
    assert generate(50, seed=3) != generate(50, seed=4)


def test_an_empty_roster_breaks_only_staffing_and_contracts():
    """The law's rules apply and demand is real: nobody working leaves every base shift short."""
    inst = generate(15)
    p = Period(inst, inst.period.start, inst.period.weeks * 7)
    broken = {v.rule for v in check(p, Roster(p)).hard}
    assert broken == {"coverage", "contract_hours"}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_assistants_hold_the_smaller_positions_their_one_place_a_shift_can_give_hours_to(seed):
    assistants = [e for e in generate(50, seed).employees if "assistent" in e.competencies]
    assert assistants and all(e.position in ASSISTANT_POSITIONS for e in assistants)
    assert max(ASSISTANT_POSITIONS) < 100


def test_an_infeasible_organisation_is_a_row_of_the_benchmark_not_its_end(monkeypatch):
    def no_roster(*args, **kwargs):
        raise Infeasible("staffing, Base 0: Au0 needs at least 1 with legemidler\n  - more")

    monkeypatch.setattr(norwegian, "solve", no_roster)
    row = norwegian.measure(15, 0, norwegian.SolveParams(time_limit=1), [60.0])
    assert row == {
        "employees": 15,
        "status": "infeasible",
        "why": "staffing, Base 0: Au0 needs at least 1 with legemidler",
    }
