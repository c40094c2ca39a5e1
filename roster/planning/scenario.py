"""What-if scenarios: a small YAML overlay that changes an instance (staff, demand, rules, absences).

A scenario names only what differs from the instance it is applied to:

    name: Én sykepleier færre
    employees:
      remove: [v02]                                  # by id
      add: [{id: v13, name: ..., units: [vensmoen], position: 60, competencies: [sosionom]}]
      change: {v03: {position: 80}}                  # fields replaced
    absences:                                        # added to the employee's absences
      v07: [{from: 2026-01-19, to: 2026-01-25, kind: sick}]
    demand:
      change: [{shift: R, on: [weekday], ideal: 6}]  # fields replaced on these day types
      add: [{shift: K, on: [weekday], min: 1}]
      remove: [{shift: A, on: [saturday]}]
    rules:                                           # merged parameter by parameter
      weekend_frequency: {every: 2}

Every problem is reported with the scenario file and the field, like an instance file's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from roster.errors import InputError, Message, unknown
from roster.i18n import Text
from roster.instance import (
    Absence,
    DayType,
    Demand,
    Employee,
    Instance,
    Strict,
    _pydantic_problems,
    parse_instance,
)
from roster.io.yaml_file import read_yaml
from roster.rules import RuleParams

Problems = list[tuple[str, Message]]


class EmployeeChanges(Strict):
    add: list[dict[str, Any]] = Field([], description="new employees, written as in an instance")
    remove: list[str] = Field([], description="ids of employees who leave")
    change: dict[str, dict[str, Any]] = Field({}, description="per id, the fields that change")


class DemandKey(Strict):
    shift: str
    on: list[DayType] = Field(min_length=1)


class DemandChanges(Strict):
    add: list[dict[str, Any]] = Field([], description="new demand entries, written as in an instance")
    change: list[dict[str, Any]] = Field(
        [], description="`shift` and `on` say which demand; the other fields replace its values"
    )
    remove: list[DemandKey] = Field([], description="shift and day types no longer run")


class Scenario(Strict):
    """The changes a what-if scenario makes to an instance."""

    name: str = Field(min_length=1, max_length=60)
    description: str = ""
    employees: EmployeeChanges = EmployeeChanges()
    absences: dict[str, list[dict[str, Any]]] = Field({}, description="per employee id, absences added")
    demand: DemandChanges = DemandChanges()
    rules: dict[str, dict[str, Any]] = Field({}, description="per rule, the parameters that change")


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (its own fields; `apply` checks it against an instance)."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(
            str(path),
            Text(
                "a scenario file must be a YAML mapping (name:, employees:, ...)",
                "en scenariofil må være en YAML-tabell (name:, employees:, ...)",
            ),
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(str(path), _pydantic_problems(exc)) from None


def apply(inst: Instance, scenario: Scenario, source: str) -> Instance:
    """The instance with the scenario's changes, validated; problems name `source` and the field."""
    data = inst.model_dump(by_alias=True, mode="json")
    problems: Problems = []
    _employees(data, scenario, problems)
    _absences(data, scenario, problems)
    _demand(data, scenario, problems)
    _rules(data, scenario, problems)
    if problems:
        raise InputError(source, problems)
    try:
        return parse_instance(data, source)
    except InputError as exc:  # a cross-reference: name the employee rather than a list index
        ids = [e["id"] for e in data["employees"]]
        raise InputError(
            source,
            [
                (re.sub(r"^employees\[(\d+)\]", lambda m: f"employees[{ids[int(m[1])]}]", w), what)
                for w, what in exc.told
            ],
        ) from None


def _validated(model: type[BaseModel], value: Any, path: str, problems: Problems) -> dict[str, Any] | None:
    """`value` checked as `model` (as JSON-like data), or None with its problems under `path`."""
    try:
        return model.model_validate(value).model_dump(by_alias=True, mode="json")
    except ValidationError as exc:
        problems.extend(
            (f"{path}.{where}" if where != "(top level)" else path, what)
            for where, what in _pydantic_problems(exc)
        )
        return None


def _known(value: str, pool: list[str], path: str, what: str, problems: Problems) -> bool:
    if value in pool:
        return True
    problems.append((path, unknown(what, value, pool)))
    return False


def _employees(data: dict, scenario: Scenario, problems: Problems) -> None:
    changes = scenario.employees
    ids = [e["id"] for e in data["employees"]]
    for i, emp_id in enumerate(changes.remove):
        _known(emp_id, ids, f"employees.remove[{i}]", "employee", problems)
    for emp_id, fields in changes.change.items():
        if _known(emp_id, ids, f"employees.change.{emp_id}", "employee", problems):
            index = ids.index(emp_id)
            merged = _validated(
                Employee, {**data["employees"][index], **fields}, f"employees.change.{emp_id}", problems
            )
            if merged is not None:
                data["employees"][index] = merged
    data["employees"] = [e for e in data["employees"] if e["id"] not in changes.remove]
    for recipient in data.get("recipients", []):  # who leaves is nobody's regular staff any more
        regular = recipient.get("regular_staff", [])
        recipient["regular_staff"] = [e for e in regular if e not in changes.remove]
    for i, entry in enumerate(changes.add):
        emp = _validated(Employee, entry, f"employees.add[{i}]", problems)
        if emp is not None and emp["id"] in ids and emp["id"] not in changes.remove:
            problems.append(
                (
                    f"employees.add[{i}].id",
                    Text(
                        "{emp!r} is already an employee; use employees.change",
                        "{emp!r} er alt ansatt; bruk employees.change",
                        emp=emp["id"],
                    ),
                )
            )
        elif emp is not None:
            data["employees"].append(emp)


def _absences(data: dict, scenario: Scenario, problems: Problems) -> None:
    by_id = {e["id"]: e for e in data["employees"]}
    for emp_id, absences in scenario.absences.items():
        if not _known(emp_id, list(by_id), f"absences.{emp_id}", "employee", problems):
            continue
        for j, entry in enumerate(absences):
            absence = _validated(Absence, entry, f"absences.{emp_id}[{j}]", problems)
            if absence is not None:
                by_id[emp_id]["absences"] = [*by_id[emp_id]["absences"], absence]


def _demand(data: dict, scenario: Scenario, problems: Problems) -> None:
    changes = scenario.demand
    for i, key in enumerate(changes.remove):
        _split_off(data, key.shift, key.on, f"demand.remove[{i}]", problems)
    for i, entry in enumerate(changes.change):
        path = f"demand.change[{i}]"
        key = _validated(DemandKey, {k: entry.get(k) for k in ("shift", "on")}, path, problems)
        if key is None:
            continue
        for old in _split_off(data, key["shift"], key["on"], path, problems):
            values = {k: v for k, v in entry.items() if k != "on"}
            merged = _validated(Demand, {**old, **values}, path, problems)
            if merged is not None:
                data["demand"].append(merged)
    for i, entry in enumerate(changes.add):
        demand = _validated(Demand, entry, f"demand.add[{i}]", problems)
        if demand is not None:
            data["demand"].append(demand)


def _split_off(data: dict, shift: str, on: list[str], path: str, problems: Problems) -> list[dict]:
    """Take the day types `on` of `shift`'s demand out of the instance: the entries taken, one per
    old entry (an entry that also covers other day types keeps those)."""
    taken, kept = [], []
    for entry in data["demand"]:
        days = [t for t in entry["on"] if t in on] if entry["shift"] == shift else []
        if days:
            taken.append({**entry, "on": days})
        if len(days) < len(entry["on"]):
            kept.append({**entry, "on": [t for t in entry["on"] if t not in days]})
    found = {t for entry in taken for t in entry["on"]}
    missing = [t for t in on if t not in found]
    if missing:
        problems.append(
            (
                path,
                Text(
                    "the instance has no demand for {shift} on {days}; use demand.add",
                    "instansen har ingen bemanningsbehov for {shift} på {days}; bruk demand.add",
                    shift=shift,
                    days=", ".join(missing),
                ),
            )
        )
    data["demand"] = kept
    return taken


def _rules(data: dict, scenario: Scenario, problems: Problems) -> None:
    known = list(RuleParams.model_fields)
    for rule, params in scenario.rules.items():
        if not _known(rule, known, f"rules.{rule}", "rule", problems):
            continue
        model = RuleParams.model_fields[rule].annotation
        merged = _validated(model, {**data["rules"][rule], **params}, f"rules.{rule}", problems)
        if merged is not None:
            data["rules"][rule] = merged
