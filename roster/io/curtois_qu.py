"""Reads a Curtois-Qu employee shift scheduling instance (the benchmark's .txt format) into the
project's own Instance, so that the benchmark runs through the same rules, model and checker.

Each part of the benchmark (see ../shared/benchmarks/curtois-qu/PROBLEM.md) becomes a general rule:

| benchmark | instance |
|---|---|
| shift types and lengths | shifts from 00:00 for their length (synthetic clock times, see below) |
| forbidden successions | `rules.forbidden_successions.forbidden` |
| MaxShifts per type | `limits.max_shifts` (0: never) |
| Min/MaxTotalMinutes | `limits.min_hours` / `limits.max_hours` (rule `period_hours`) |
| Max/MinConsecutiveShifts | `limits.max_days_in_row` (`consecutive_days`) / `limits.min_days_in_row` |
| MinConsecutiveDaysOff | `limits.min_days_off_in_row` |
| MaxWeekends | `limits.max_weekends` (weekend Saturday 00:00 to Monday 00:00) |
| days off | absences (kind `leave`) |
| shift on / off requests | wishes `want` / `avoid` with their weight |
| cover | dated demand: `ideal` = requirement, `min` 0, the line's under/over weights (`ideal_staffing`) |

Clock times are synthetic: a shift never reaches into the next day, so a weekend is worked exactly
when a shift starts on Saturday or Sunday. Day 0 is Monday 1 January 2024, on UTC (no daylight-saving
change shortens a shift). Every other rule is switched off, and the law's limits do not apply
(`law: none`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roster.calendar import Period
from roster.errors import InputError, Message
from roster.i18n import Text
from roster.instance import Instance, parse_instance
from roster.io import places
from roster.io.text_file import read_utf8

START = dt.date(2024, 1, 1)  # a Monday, as the benchmark's day 0
UNIT = "ward"

# The rules the benchmark is made of; every other rule is switched off.
RULES_USED = {
    "one_shift_per_day",
    "unit_membership",
    "coverage",
    "absences",
    "fixed_assignments",
    "consecutive_days",
    "ideal_staffing",
    "wishes",
    "forbidden_successions",
    "shift_counts",
    "period_hours",
    "min_days_in_row",
    "min_days_off_in_row",
    "max_weekends",
}

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


@dataclass(frozen=True)
class Benchmark:
    """A benchmark instance in the project's terms, and the length of its horizon."""

    name: str
    instance: Instance
    days: int

    def period(self) -> Period:
        return Period(self.instance, START, self.days)


Line = tuple[int, list[str]]  # (line number, comma-separated fields)


def read_curtois_qu(path: str | Path) -> Benchmark:
    """Read and validate a Curtois-Qu .txt instance; errors name the file and the line."""
    path = Path(path)
    return _Reader(str(path), path.stem).read(_sections(str(path), read_utf8(path)))


def _sections(source: str, text: str) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise InputError(
                    source,
                    [
                        (
                            places.line(number),
                            Text("unknown section {section}", "ukjent seksjon {section}", section=line),
                        )
                    ],
                )
            current = sections.setdefault(line, [])
        elif current is None:
            raise InputError(
                source,
                [
                    (
                        places.line(number),
                        Text("data before the first SECTION_ line", "data før første SECTION_-linje"),
                    )
                ],
            )
        else:
            current.append((number, [field.strip() for field in line.split(",")]))
    for required in ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF"):
        if required not in sections:
            raise InputError(source, Text("missing {section}", "mangler {section}", section=required))
    return sections


class _Reader:
    def __init__(self, source: str, name: str):
        self.source = source
        self.name = name

    def fail(self, number: int, problem: Message) -> InputError:
        return InputError(self.source, [(places.line(number), problem)])

    def integer(self, number: int, text: str, what: Message, low: int = 0) -> int:
        """`what` names the number (a Text, or a field name of the format such as MaxWeekends)."""
        try:
            value = int(text)
        except ValueError:
            raise self.fail(
                number,
                Text(
                    "{what} must be a whole number, got {text!r}",
                    "{what} må være et heltall, fikk {text!r}",
                    what=what,
                    text=text,
                ),
            ) from None
        if value < low:
            raise self.fail(
                number,
                Text(
                    "{what} must be at least {low}, got {value}",
                    "{what} må være minst {low}, fikk {value}",
                    what=what,
                    low=low,
                    value=value,
                ),
            )
        return value

    def fields(self, line: Line, count: int, what: Text) -> list[str]:
        number, fields = line
        if len(fields) < count:
            raise self.fail(
                number,
                Text(
                    "{what} needs {count} comma-separated fields, got {got}",
                    "{what} trenger {count} kommaseparerte felt, fikk {got}",
                    what=what,
                    count=count,
                    got=len(fields),
                ),
            )
        return fields

    def read(self, sections: dict[str, list[Line]]) -> Benchmark:
        horizon = sections["SECTION_HORIZON"]
        if len(horizon) != 1:
            raise InputError(
                self.source,
                Text(
                    "SECTION_HORIZON must hold exactly one number", "SECTION_HORIZON må ha nøyaktig ett tall"
                ),
            )
        days = self.integer(horizon[0][0], horizon[0][1][0], Text("the horizon", "horisonten"), low=1)
        shifts, forbidden = self.shifts(sections["SECTION_SHIFTS"])
        staff = self.staff(sections["SECTION_STAFF"], shifts)
        self.days_off(sections.get("SECTION_DAYS_OFF", []), staff, days)
        for section, field in (
            ("SECTION_SHIFT_ON_REQUESTS", "want"),
            ("SECTION_SHIFT_OFF_REQUESTS", "avoid"),
        ):
            self.requests(sections.get(section, []), staff, shifts, days, field)
        data = {
            "name": self.name,
            "description": f"Curtois-Qu benchmark instance {self.name}, read from {Path(self.source).name}",
            "law": "none",
            "timezone": "UTC",
            "period": {"start": START, "weeks": max(1, -(-days // 7))},
            "units": [{"id": UNIT, "name": "Ward", "weekly_hours": 37.5}],  # unused: contract_hours is off
            "shifts": list(shifts.values()),
            "employees": list(staff.values()),
            "demand": self.cover(sections.get("SECTION_COVER", []), shifts, days),
            "rules": self.rules(forbidden),
        }
        return Benchmark(self.name, parse_instance(data, self.source), days)

    def shifts(self, lines: list[Line]) -> tuple[dict[str, dict], dict[str, list[str]]]:
        shifts: dict[str, dict] = {}
        forbidden: dict[str, list[str]] = {}
        for line in lines:
            number, (code, length_text, *rest) = line[0], self.fields(line, 2, Text("a shift", "en vakt"))
            length = self.integer(
                number,
                length_text,
                Text("the length of shift {code}", "lengden på vakt {code}", code=code),
                low=1,
            )
            if length > 1440:
                raise self.fail(
                    number,
                    Text(
                        "shift {code} is {length} minutes long; at most 1440 is supported",
                        "vakt {code} er {length} minutter lang; høyst 1440 støttes",
                        code=code,
                        length=length,
                    ),
                )
            if code in shifts:
                raise self.fail(
                    number,
                    Text("shift {code} is defined twice", "vakt {code} er definert to ganger", code=code),
                )
            end = dt.time(length // 60 % 24, length % 60)
            shifts[code] = {
                "code": code,
                "name": code,
                "unit": UNIT,
                "start": "00:00",
                "end": end.strftime("%H:%M"),
                "crosses_midnight": length == 1440,
                "paid_hours": length / 60,
                "kind": "day",
            }
            forbidden[code] = [c for c in (rest[0].split("|") if rest else []) if c]
        for code, then in forbidden.items():
            for other in then:
                if other not in shifts:
                    raise InputError(
                        self.source,
                        Text(
                            "shift {code}: unknown shift {other!r} in forbidden_next",
                            "vakt {code}: ukjent vakt {other!r} i forbidden_next",
                            code=code,
                            other=other,
                        ),
                    )
        return shifts, {code: then for code, then in forbidden.items() if then}

    def staff(self, lines: list[Line], shifts: dict[str, dict]) -> dict[str, dict]:
        staff: dict[str, dict] = {}
        for line in lines:
            number = line[0]
            emp_id, max_shifts, max_min, min_min, max_row, min_row, min_off, max_weekends = self.fields(
                line, 8, Text("a staff line", "en ansattlinje")
            )[:8]
            if emp_id in staff:
                raise self.fail(
                    number, Text("employee {id} is listed twice", "ansatt {id} står to ganger", id=emp_id)
                )
            counts = {}
            for entry in filter(None, max_shifts.split("|")):
                code, _, limit = entry.partition("=")
                if code not in shifts:
                    raise self.fail(
                        number,
                        Text(
                            "unknown shift {code!r} in MaxShifts",
                            "ukjent vakt {code!r} i MaxShifts",
                            code=code,
                        ),
                    )
                counts[code] = self.integer(
                    number, limit, Text("MaxShifts of {code}", "MaxShifts for {code}", code=code)
                )
            low = self.integer(number, min_min, "MinTotalMinutes")
            high = self.integer(number, max_min, "MaxTotalMinutes")
            staff[emp_id] = {
                "id": emp_id,
                "name": emp_id,
                "units": [UNIT],
                "position": 100,
                "limits": {
                    "max_shifts": counts,
                    "min_hours": low / 60,
                    "max_hours": high / 60,
                    "max_days_in_row": self.integer(number, max_row, "MaxConsecutiveShifts", low=1),
                    "min_days_in_row": self.integer(number, min_row, "MinConsecutiveShifts", low=1),
                    "min_days_off_in_row": self.integer(number, min_off, "MinConsecutiveDaysOff", low=1),
                    "max_weekends": self.integer(number, max_weekends, "MaxWeekends"),
                },
                "absences": [],
                "wishes": [],
            }
        return staff

    def employee(self, number: int, staff: dict[str, dict], emp_id: str) -> dict:
        if emp_id not in staff:
            raise self.fail(number, Text("unknown employee {id!r}", "ukjent ansatt {id!r}", id=emp_id))
        return staff[emp_id]

    def day(self, number: int, text: str, days: int) -> int:
        day = self.integer(number, text, Text("a day index", "en dagindeks"))
        if day >= days:
            raise self.fail(
                number,
                Text(
                    "day {day} is beyond the horizon of {days} days",
                    "dag {day} er etter horisonten på {days} dager",
                    day=day,
                    days=days,
                ),
            )
        return day

    def days_off(self, lines: list[Line], staff: dict[str, dict], days: int) -> None:
        for number, (emp_id, *day_texts) in lines:
            emp = self.employee(number, staff, emp_id)
            off = sorted({self.day(number, text, days) for text in day_texts if text})
            for first, last in _runs(off):
                emp["absences"].append({"from": _date(first), "to": _date(last), "kind": "leave"})

    def requests(
        self, lines: list[Line], staff: dict[str, dict], shifts: dict[str, dict], days: int, field: str
    ) -> None:
        for line in lines:
            number, (emp_id, day_text, code, weight_text) = (
                line[0],
                self.fields(line, 4, Text("a request", "en forespørsel"))[:4],
            )
            emp = self.employee(number, staff, emp_id)
            if code not in shifts:
                raise self.fail(number, _unknown_shift(code))
            day = self.day(number, day_text, days)
            weight = self.integer(number, weight_text, Text("the weight", "vekten"))
            emp["wishes"].append({"date": _date(day), field: code, "weight": weight})

    def cover(self, lines: list[Line], shifts: dict[str, dict], days: int) -> list[dict[str, Any]]:
        """Cover lines grouped into one dated demand per (shift, requirement, weights)."""
        groups: dict[tuple[str, int, int, int], list[dt.date]] = defaultdict(list)
        seen: set[tuple[int, str]] = set()
        for line in lines:
            number, (day_text, code, need, under, over) = (
                line[0],
                self.fields(line, 5, Text("a cover line", "en dekningslinje"))[:5],
            )
            day = self.day(number, day_text, days)
            if code not in shifts:
                raise self.fail(number, _unknown_shift(code))
            if (day, code) in seen:
                raise self.fail(
                    number,
                    Text(
                        "a second cover line for {code} on day {day}",
                        "en andre dekningslinje for {code} på dag {day}",
                        code=code,
                        day=day,
                    ),
                )
            seen.add((day, code))
            key = (
                code,
                self.integer(number, need, Text("the requirement", "behovet")),
                self.integer(number, under, Text("the weight for under", "vekten for under")),
                self.integer(number, over, Text("the weight for over", "vekten for over")),
            )
            groups[key].append(_date(day))
        missing = [(day, code) for day in range(days) for code in shifts if (day, code) not in seen]
        if missing:
            day, code = missing[0]
            raise InputError(
                self.source,
                Text(
                    "SECTION_COVER has no line for {code} on day {day} ({n} missing)",
                    "SECTION_COVER har ingen linje for {code} på dag {day} ({n} mangler)",
                    code=code,
                    day=day,
                    n=len(missing),
                ),
            )
        return [
            {
                "shift": code,
                "dates": dates,
                "min": 0,
                "ideal": need,
                "weight_under": under,
                "weight_over": over,
            }
            for (code, need, under, over), dates in groups.items()
        ]

    def rules(self, forbidden: dict[str, list[str]]) -> dict[str, dict]:
        from roster.rules import RULES

        rules: dict[str, dict] = {
            rule.name: {"enabled": False}
            for rule in RULES
            if rule.Params is not None and rule.name not in RULES_USED
        }
        # The weekend of the benchmark: worked when a shift starts on Saturday or Sunday.
        rules["weekend_frequency"].update({"starts": "Sat 00:00", "ends": "Mon 00:00"})
        rules["forbidden_successions"] = {"forbidden": forbidden}
        return rules


def _unknown_shift(code: str) -> Text:
    return Text("unknown shift {code!r}", "ukjent vakt {code!r}", code=code)


def _date(day: int) -> dt.date:
    return START + dt.timedelta(days=day)


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """Sorted days as (first, last) runs of consecutive days."""
    out: list[tuple[int, int]] = []
    for day in days:
        if out and out[-1][1] == day - 1:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def read_best_known(folder: str | Path, column: str = "best known") -> dict[str, int]:
    """Published values by instance name from BEST_KNOWN.md in `folder` (empty if there is none).

    Reads the first Markdown table whose header has a column containing `column` (by default
    "UB (best known)"), keyed by the table's first column; cells that are not numbers are left out."""
    return {name: int(value) for name, value in read_table(folder, column).items() if value.isdigit()}


def read_table(folder: str | Path, column: str) -> dict[str, str]:
    """One column of the first table in BEST_KNOWN.md whose header names it, by the first cell."""
    path = Path(folder) / "BEST_KNOWN.md"
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    index = None
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = (
            [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else None
        )
        if cells is None:
            if index is not None and out:
                break  # the end of the table that was read
            index = None
        elif index is None:
            index = next((i for i, cell in enumerate(cells) if column.lower() in cell.lower()), None)
        elif index < len(cells) and not set(cells[0]) <= set("-: "):
            out[cells[0]] = cells[index].replace(",", "")
    return out
