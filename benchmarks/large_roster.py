"""A large Norwegian-style instance and a plausible roster for it, to time `roster check` (not a
solver benchmark: the roster is made by a greedy rota in plain Python, in a second or so).

The instance repeats the shape of the Saltdal base: units of about 18 staff with their own day and
evening shifts, a night shift shared by the two units of each site, the Saltdal competencies and
requirements (a university-educated person and medication on every day shift, an assistant never
alone), part-time positions, vacations, fixed days and wishes. The roster fills each shift's ideal
headcount from the staff furthest below their contracted hours who may work it, keeps 11 h of
rest, at most 5 days in a row and every third weekend; being greedy, it leaves the breaches a
hand-made draft has (shortfalls, contract misses, short weekly rest), so the benchmark also times
the reporting of some two thousand violations.

    .venv/bin/python benchmarks/large_roster.py --employees 200 --weeks 12 --seed 0 --out /tmp/large

writes large.yaml (the instance), roster.csv (long form) and roster.xlsx (grid).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roster.calendar import Period  # noqa: E402
from roster.instance import Instance, parse_instance  # noqa: E402
from roster.schedule import Roster  # noqa: E402

START = dt.date(2026, 1, 5)  # a Monday
UNIT_SIZE = 18
COMPETENCIES = [
    {"id": "hoyskole", "name": "Høyskoleutdannet"},
    {"id": "sykepleier", "name": "Sykepleier", "implies": ["hoyskole", "legemidler"]},
    {"id": "vernepleier", "name": "Vernepleier", "implies": ["hoyskole", "legemidler"]},
    {"id": "sosionom", "name": "Sosionom", "implies": ["hoyskole"]},
    {"id": "helsefagarbeider", "name": "Helsefagarbeider"},
    {"id": "assistent", "name": "Assistent"},
    {"id": "legemidler", "name": "Legemiddelhåndtering", "kind": "authorisation"},
]
# (competencies, share of staff): the Saltdal mix of university-educated, fagarbeidere, assistants
STAFF_MIX = [
    (["sykepleier"], 0.3),
    (["vernepleier"], 0.15),
    (["sosionom"], 0.1),
    (["helsefagarbeider", "legemidler"], 0.3),
    (["assistent"], 0.15),
]
POSITIONS = [100, 100, 80, 80, 60, 50, 40]


def instance_data(employees: int, weeks: int, seed: int) -> dict:
    """The instance as YAML-ready data."""
    rng = random.Random(seed)
    n_units = max(1, -(-employees // UNIT_SIZE))
    units, shifts, demand, staff = [], [], [], []
    for u in range(n_units):
        unit, site = f"u{u + 1:02}", f"s{u // 2 + 1:02}"
        units.append({"id": unit, "name": f"Enhet {u + 1}", "site": site, "weekly_hours": 35.5})
        shifts += [
            {"code": f"D{u + 1}", "name": "Dag", "unit": unit, "start": "07:30", "end": "15:00",
             "paid_hours": 7.5, "kind": "day"},
            {"code": f"A{u + 1}", "name": "Aften", "unit": unit, "start": "14:30", "end": "22:00",
             "paid_hours": 7.5, "kind": "evening"},
        ]  # fmt: skip
        day_rules = [
            {"of": ["hoyskole"], "at_least": 1},
            {"of": ["legemidler"], "at_least": 1},
            {"of": ["assistent"], "at_most": 1},
        ]
        demand += [
            {"shift": f"D{u + 1}", "on": ["weekday"], "min": 3, "ideal": 5, "requirements": day_rules},
            {"shift": f"D{u + 1}", "on": ["saturday", "sunday"], "min": 2, "ideal": 3,
             "requirements": day_rules},
            {"shift": f"A{u + 1}", "on": ["weekday", "saturday", "sunday"], "min": 2, "ideal": 3,
             "requirements": [{"of": ["legemidler"], "at_least": 1}]},
        ]  # fmt: skip
        if u % 2 == 0:
            shifts.append(
                {"code": f"N{u // 2 + 1}", "name": "Natt", "site": site, "start": "21:45", "end": "07:45",
                 "crosses_midnight": True, "paid_hours": 10, "kind": "night"}
            )  # fmt: skip
            demand.append(
                {"shift": f"N{u // 2 + 1}", "on": ["weekday", "saturday", "sunday"], "min": 1, "ideal": 2,
                 "requirements": [{"of": ["hoyskole", "legemidler"], "at_least": 1}]}
            )  # fmt: skip
    mix = [comps for comps, share in STAFF_MIX for _ in range(round(share * 100))]
    days = weeks * 7
    for i in range(employees):
        emp = {
            "id": f"e{i + 1:03}",
            "name": f"Ansatt {i + 1:03}",
            "units": [units[i % n_units]["id"]],
            "position": rng.choice(POSITIONS),
            "competencies": list(rng.choice(mix)),
            "nights": rng.random() < 0.4,
        }
        if rng.random() < 0.25:  # a week of vacation
            first = START + dt.timedelta(days=rng.randrange(0, days - 7))
            emp["absences"] = [{"from": first, "to": first + dt.timedelta(days=6), "kind": "vacation"}]
        if rng.random() < 0.3:
            emp["wishes"] = [
                {
                    "date": START + dt.timedelta(days=rng.randrange(days)),
                    "want": "off",
                    "weight": rng.randint(1, 5),
                }
            ]
        staff.append(emp)
    return {
        "name": f"Generated {employees} staff, {weeks} weeks",
        "description": "benchmarks/large_roster.py: Saltdal-like units for timing roster check",
        "period": {"start": START, "weeks": weeks},
        "sites": [{"id": f"s{k + 1:02}", "name": f"Base {k + 1}"} for k in range((n_units + 1) // 2)],
        "units": units,
        "competencies": COMPETENCIES,
        "shifts": shifts,
        "employees": staff,
        "demand": demand,
        "rules": {  # as in instances/saltdal-2025.yaml
            "max_hours": {"day_hours": 10, "week_hours": 48},
            "contract_hours": {"tolerance_hours": 5},
            "consecutive_days": {"max_days": 5},
        },
    }


def greedy_roster(p: Period, seed: int) -> Roster:
    """Fill each shift's ideal headcount, day by day, from those furthest below their hours."""
    inst, rng = p.inst, random.Random(seed)
    worked: dict[str, list] = {e.id: [] for e in inst.employees}
    hours = {e.id: 0 for e in inst.employees}
    due = {e.id: max(1, p.contract_minutes(e)) for e in inst.employees}
    weekend_worked: dict[str, int] = {}
    roster = Roster(p)
    for day in p.plan_days:
        week = day // 7
        taken: set[str] = set()
        for demand in sorted(p.demands_on(day), key=lambda d: d.shift[0] != "N"):  # nights first
            shift_type = inst.shift_by_code[demand.shift]
            weekend = p.date(day).weekday() >= 5 or (
                p.date(day).weekday() == 4 and shift_type.kind == "night"
            )
            candidates = [
                e
                for e in inst.employees
                if e.id not in taken
                and inst.may_work(e, shift_type)
                and (shift_type.kind != "night" or e.nights)
                and p.absence(e.id, day) is None
                and _rested(p, worked[e.id], p.place(day, demand.shift, e), day)
                and (
                    not weekend
                    or weekend_worked.get(e.id, -9) in (week, -9)
                    or week - weekend_worked[e.id] >= 3
                )
            ]
            rng.shuffle(candidates)
            # the furthest below their hours first, and those who worked yesterday a little earlier:
            # rosters run in blocks of days, not single days
            candidates.sort(key=lambda e: hours[e.id] / due[e.id] - 0.05 * _worked_on(worked[e.id], day - 1))
            for emp in _team(inst, demand, candidates):
                shift = p.place(day, demand.shift, emp)
                roster.add(emp.id, shift)
                worked[emp.id].append(shift)
                hours[emp.id] += shift.paid
                taken.add(emp.id)
                if weekend:
                    weekend_worked[emp.id] = week
    return roster


def _team(inst: Instance, demand, candidates: list) -> list:
    """The ideal headcount: first whom the requirements need, then the others in order, never more
    than a requirement's `at_most`."""
    team: list = []

    def holding(req, people) -> int:
        return sum(1 for e in people if inst.competencies_of(e) & set(req.of))

    def add(emp) -> None:
        if emp not in team and all(
            req.at_most is None or holding(req, [*team, emp]) <= req.at_most for req in demand.requirements
        ):
            team.append(emp)

    for req in demand.requirements:
        for emp in candidates:
            if holding(req, team) >= (req.at_least or 0):
                break
            if holding(req, [emp]):
                add(emp)
    for emp in candidates:
        if len(team) >= demand.target:
            break
        add(emp)
    return team


def _worked_on(shifts: list, day: int) -> bool:
    return bool(shifts) and shifts[-1].day == day


def _rested(p: Period, shifts: list, shift, day: int) -> bool:
    """11 h since the last shift, and not a sixth day in a row."""
    if shifts and shift.start - shifts[-1].end < 11 * 60:
        return False
    recent = {s.day for s in shifts[-5:]}
    return not all(d in recent for d in range(day - 5, day))


def generate(employees: int, weeks: int, seed: int, out: Path) -> tuple[Path, Path, Path]:
    """Write large.yaml, roster.csv and roster.xlsx into `out`."""
    from roster.io.roster_csv import write_roster_csv
    from roster.io.roster_xlsx import write_roster_xlsx

    data = instance_data(employees, weeks, seed)
    out.mkdir(parents=True, exist_ok=True)
    instance = out / "large.yaml"
    instance.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    inst: Instance = parse_instance(data, str(instance))
    roster = greedy_roster(Period(inst, START, weeks * 7), seed)
    write_roster_csv(out / "roster.csv", roster, force=True)
    write_roster_xlsx(out / "roster.xlsx", roster, force=True)
    return instance, out / "roster.csv", out / "roster.xlsx"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for path in generate(args.employees, args.weeks, args.seed, args.out):
        print(path)


if __name__ == "__main__":
    main()
