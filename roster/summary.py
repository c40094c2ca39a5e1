"""What a solve produced, for people (a printed summary) and for scripts (one JSON object)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roster import open_shifts
from roster.calendar import Period
from roster.rules import RULE_BY_NAME
from roster.rules.base import day_text
from roster.schedule import Roster
from roster.solve import Result
from roster.visits import continuity, made_count, unmade


@dataclass(frozen=True)
class HoursLine:
    employee: str
    name: str
    unit: str
    position: float
    planned: float  # hours
    contract: float  # hours

    @property
    def difference(self) -> float:
        return self.planned - self.contract


def hours_vs_contract(p: Period, roster: Roster) -> list[HoursLine]:
    """Planned against contracted hours per employee, in instance order."""
    out = []
    for emp in p.inst.employees:
        planned = sum(s.paid for s in roster.of(emp.id) if p.in_plan(s.day))
        out.append(
            HoursLine(
                emp.id,
                emp.name,
                p.inst.home_unit(emp),
                emp.position,
                planned / 60,
                p.contract_minutes(emp) / 60,
            )
        )
    return out


def shortfalls(result: Result) -> list[str]:
    """Shifts below their ideal headcount (the hard minimum is always met)."""
    if result.report is None:
        return []
    return [
        v.message.split(": ", 1)[-1]
        for v in result.report.soft
        if v.rule == "ideal_staffing" and v.unit == "staff missing"
    ]


def as_dict(result: Result, p: Period, files: dict[str, Path]) -> dict[str, Any]:
    """The machine-readable summary of a solve."""
    roster = result.roster
    report = result.report
    return {
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "wall_s": round(result.wall_s, 3),
        "first_solution_s": None if result.first_solution_s is None else round(result.first_solution_s, 3),
        "hard_violations": 0 if report is None else len(report.hard),
        "soft_cost_checked": None if report is None else report.soft_cost,
        "penalties": result.penalties,
        "roster_csv": str(files["csv"]) if "csv" in files else None,
        "roster_xlsx": str(files["xlsx"]) if "xlsx" in files else None,
        "instance": p.inst.name,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "days": p.n_days,
        "time_limit_s": result.params.time_limit,
        "workers": result.params.workers,
        "seed": result.params.seed,
        "hours": []
        if roster is None
        else [
            {
                "employee": h.employee,
                "unit": h.unit,
                "position": h.position,
                "planned_h": round(h.planned, 2),
                "contract_h": round(h.contract, 2),
                "difference_h": round(h.difference, 2),
            }
            for h in hours_vs_contract(p, roster)
        ],
        "shortfalls": shortfalls(result),
        "open_shifts": []
        if roster is None
        else [dict(zip(open_shifts.COLUMNS, row, strict=True)) for row in open_shifts.rows(roster)],
        "open_shifts_csv": str(files["open"]) if "open" in files else None,
        **visits_dict(p, roster, files),
    }


def visits_dict(p: Period, roster: Roster | None, files: dict[str, Path]) -> dict[str, Any]:
    """Visits planned and not (each with its reason), and continuity per recipient; {} without visits."""
    if roster is None or roster.visits is None:
        return {}
    missing = unmade(p, roster)
    return {
        "visits_csv": str(files["visits_csv"]) if "visits_csv" in files else None,
        "visits": {
            "planned": made_count(p, roster.visits),
            "unplanned": sum(u.count for u in missing),
            "unplanned_visits": [
                {
                    "visit": u.visit,
                    "recipient": u.recipient,
                    "dates": [p.date(d).isoformat() for d in u.days],
                    "count": u.count,
                    "reason": u.reason,
                }
                for u in missing
            ],
            "continuity": [
                {
                    "recipient": c.recipient,
                    "staff_visits": c.visits,
                    "staff": c.staff,
                    "by_regular_staff": c.regular,
                }
                for c in continuity(p, roster.visits)
            ],
        },
    }


def status_line(result: Result) -> str:
    """Status, objective, bound, gap and time of a solve, on one line."""
    gap = result.gap
    return (
        f"status {result.status}   objective {_num(result.objective)}   best bound {_num(result.bound)}   "
        f"gap {'-' if gap is None else f'{100 * gap:.2f} %'}   time {result.wall_s:.1f} s "
        f"(limit {result.params.time_limit:g} s, {result.params.workers} workers, seed {result.params.seed})"
    )


def as_text(result: Result, p: Period, files: dict[str, Path]) -> str:
    """The printed summary: status and bounds, hours per employee, penalties, shortfalls, files."""
    lines = [f"{p.inst.name}: {p.start:%d.%m.%Y}-{p.end:%d.%m.%Y} ({p.n_days} days)", status_line(result)]
    if result.roster is None:
        return "\n".join(lines)
    lines += [
        "",
        "Hours vs contract",
        f"  {'employee':10} {'unit':16} {'pos %':>6} {'planned':>8} {'contract':>9} {'diff':>7}",
    ]
    for h in hours_vs_contract(p, result.roster):
        lines.append(
            f"  {h.employee:10} {h.unit:16} {h.position:6g} {h.planned:8.2f} {h.contract:9.2f} "
            f"{h.difference:+7.2f}"
        )
    if result.roster.open:
        lines += ["", *open_shifts.as_lines(p, result.roster)]
    lines += ["", "Soft penalties by rule"]
    for rule, cost in result.penalties.items():
        lines.append(f"  {RULE_BY_NAME[rule].title:20} {cost:8}")
    short = shortfalls(result)
    lines += ["", f"Below ideal staffing: {len(short)} shift(s)" if short else "All shifts at ideal staffing"]
    lines += [f"  {line}" for line in short[:20]]
    if len(short) > 20:
        lines.append(f"  ... and {len(short) - 20} more")
    lines += visits_text(p, result.roster)
    if files:
        lines += ["", "Written: " + ", ".join(str(path) for path in files.values())]
    return "\n".join(lines)


def visits_text(p: Period, roster: Roster) -> list[str]:
    """Visits planned and not, with the reasons, and how many different staff each recipient saw."""
    if roster.visits is None:
        return []
    missing = unmade(p, roster)
    count = sum(u.count for u in missing)
    lines = ["", f"Visits: {made_count(p, roster.visits)} planned, {count} unplanned"]
    for u in missing[:20]:
        when = f"on {day_text(p, u.days[0])}" if u.week is None else f"in week {u.week}, {u.count} missing"
        lines.append(f"  not planned: {u.visit} ({u.recipient}) {when}: {u.reason}")
    if len(missing) > 20:
        lines.append(f"  ... and {len(missing) - 20} more")
    lines += [
        "",
        "Continuity: different staff per recipient (optimised for this roster, apart from the objective)",
        f"  {'recipient':10} {'visits':>7} {'staff':>6} {'regular':>8}",
    ]
    for c in continuity(p, roster.visits):
        lines.append(f"  {c.recipient:10} {c.visits:7} {c.staff:6} {c.regular:8}")
    return lines


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
