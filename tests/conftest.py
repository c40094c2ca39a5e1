"""Shared test helpers: small instances built from tests/data/tiny.yaml with changes."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from roster.calendar import Period
from roster.instance import Instance, parse_instance
from roster.io.yaml_file import read_yaml
from roster.schedule import Roster

# Property tests: a bounded run by default, a longer one with HYPOTHESIS_PROFILE=long.
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def tiny_data() -> dict:
    return copy.deepcopy(read_yaml(DATA / "tiny.yaml"))


def make_instance(**changes) -> Instance:
    """tiny.yaml with top-level fields replaced; `rules` is merged rule by rule."""
    data = tiny_data()
    rules = changes.pop("rules", {})
    data.update(changes)
    for name, params in rules.items():
        data.setdefault("rules", {}).setdefault(name, {}).update(params)
    return parse_instance(data, "test instance")


def period(
    inst: Instance, start: dt.date | None = None, days: int | None = None, history_days: int = 0
) -> Period:
    start = start or inst.period.start
    return Period(inst, start, days or inst.period.weeks * 7, history_days)


def roster_of(p: Period, text: str) -> Roster:
    """A roster from lines like 'e1: D A . N' (one token per day from day 0; '.' is a day off).

    A line may start at another day with 'e1@-2: A D' (history days are negative)."""
    items = []
    for line in text.strip().splitlines():
        head, _, cells = line.partition(":")
        emp, _, first = head.strip().partition("@")
        day = int(first) if first else 0
        for token in cells.split():
            for code in token.split("+"):
                if code != ".":
                    items.append((emp, day, code))
            day += 1
    return Roster.from_codes(p, items)


@pytest.fixture
def tiny() -> Instance:
    return make_instance()


def change_employee(inst: Instance, emp_id: str, **fields) -> Instance:
    """The instance with some fields of one employee replaced (validated like a file)."""
    employees = [e.model_dump(by_alias=True) for e in inst.employees]
    for e in employees:
        if e["id"] == emp_id:
            e.update(fields)
    return inst.replace(employees=employees)
