"""Reads defaults.yaml: each rule parameter's default, its legal limits and its source."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _table() -> dict[str, dict[str, dict[str, Any]]]:
    text = resources.files("roster.rules").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def default(rule: str, param: str) -> Any:
    """The default value of `rule.param`."""
    return _table()[rule][param]["default"]


def source(rule: str, param: str) -> str:
    """Where the default of `rule.param` comes from."""
    return _table()[rule][param]["source"]


def legal_limits() -> list[tuple[str, str, float | None, float | None, str]]:
    """Every (rule, param, min, max, source) that the law bounds."""
    out = []
    for rule, params in _table().items():
        for param, entry in params.items():
            if "min" in entry or "max" in entry:
                out.append((rule, param, entry.get("min"), entry.get("max"), entry["source"]))
    return out
