"""The registry of rules. Each rule is one module with both faces: `encode` (CP-SAT) and `check`.

To add a rule: write a module with a `Rule` subclass (and its `Params`, defaults in
defaults.yaml), then list it here. Order does not matter to the model; it is the order reports use.
"""

from __future__ import annotations

from pydantic import ConfigDict, create_model

from roster.rules import (
    absences,
    consecutive_days,
    consecutive_nights,
    contract_hours,
    coverage,
    daily_rest,
    fairness,
    fixed_assignments,
    forbidden_successions,
    forward_rotation,
    ideal_staffing,
    isolated_days,
    max_hours,
    max_weekends,
    min_days_in_row,
    min_days_off_in_row,
    night_eligibility,
    night_hours,
    night_rest,
    night_shares,
    one_shift_per_day,
    period_hours,
    quick_returns,
    shift_counts,
    sunday_holiday,
    unit_membership,
    visit_continuity,
    visits,
    weekend_frequency,
    weekly_rest,
    wishes,
)
from roster.rules.base import Penalty, Rule, Violation

RULES: list[Rule] = [
    one_shift_per_day.RULE,
    unit_membership.RULE,
    coverage.RULE,
    absences.RULE,
    fixed_assignments.RULE,
    daily_rest.RULE,
    weekly_rest.RULE,
    max_hours.RULE,
    contract_hours.RULE,
    consecutive_days.RULE,
    weekend_frequency.RULE,
    sunday_holiday.RULE,
    night_eligibility.RULE,
    consecutive_nights.RULE,
    night_rest.RULE,
    night_hours.RULE,
    night_shares.RULE,
    ideal_staffing.RULE,
    wishes.RULE,
    fairness.RULE,
    quick_returns.RULE,
    isolated_days.RULE,
    forward_rotation.RULE,
    forbidden_successions.RULE,
    shift_counts.RULE,
    period_hours.RULE,
    min_days_in_row.RULE,
    min_days_off_in_row.RULE,
    max_weekends.RULE,
    visits.RULE,  # makes the visit variables that visit_continuity reads: keep it first
    visit_continuity.RULE,
]

RULE_BY_NAME = {rule.name: rule for rule in RULES}

RuleParams = create_model(
    "RuleParams",
    __config__=ConfigDict(extra="forbid", frozen=True),
    **{rule.name: (rule.Params, rule.Params()) for rule in RULES if rule.Params is not None},
)
RuleParams.__doc__ = "Parameters of every rule; anything left out takes its default (defaults.yaml)."

__all__ = ["RULES", "RULE_BY_NAME", "Penalty", "Rule", "RuleParams", "Violation"]
