"""At least so many days off in a row: a run of days off shorter than the minimum is forbidden,
unless it touches the edge of the known days (it may go on before or after them). The same rule as
min_days_in_row, counting days off instead of working days."""

from __future__ import annotations

from pydantic import Field

from roster.rules.base import Params, negate
from roster.rules.defaults import default
from roster.rules.min_days_in_row import MinDaysInRow


class MinDaysOffInRowParams(Params):
    days: int = Field(default("min_days_off_in_row", "days"), ge=1, le=366)


class MinDaysOffInRow(MinDaysInRow):
    name = "min_days_off_in_row"
    title = "too few days off in a row"
    title_nb = "for få fridager på rad"
    Params = MinDaysOffInRowParams
    wording = (
        "{emp} has {n} day(s) off in a row from {first}, at least {k}",
        "{emp} har {n} fridag(er) på rad fra {first}, minst {k}",
    )

    def in_run(self, v, emp_id: str, day: int):
        return negate(v.work(emp_id, day))

    def run_days(self, p, worked: set[int]) -> set[int]:
        return {day for day in p.days if day not in worked}


RULE = MinDaysOffInRow()
