"""A second, independent judge of Curtois-Qu rosters, written straight from PROBLEM.md.

It reads the .txt file itself (not through roster.io.curtois_qu) and computes the benchmark's hard
rules and objective on a roster given as {(employee, day): shift}. The tests hold the reader, the
engine and the checker to it, so a mistake in the translation cannot hide behind agreement between
two faces of the same translated rules.
"""

from __future__ import annotations

from pathlib import Path


def parse(path: Path) -> dict:
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = sections.setdefault(line, [])
        else:
            current.append(line.split(","))
    shifts = {
        row[0]: (int(row[1]), set(filter(None, row[2].split("|"))) if len(row) > 2 else set())
        for row in sections["SECTION_SHIFTS"]
    }
    staff = {}
    for row in sections["SECTION_STAFF"]:
        staff[row[0]] = {
            "max_shifts": {k: int(v) for k, v in (e.split("=") for e in row[1].split("|") if e)},
            "max_min": int(row[2]),
            "min_min": int(row[3]),
            "max_row": int(row[4]),
            "min_row": int(row[5]),
            "min_off": int(row[6]),
            "max_weekends": int(row[7]),
        }
    return {
        "days": int(sections["SECTION_HORIZON"][0][0]),
        "shifts": shifts,
        "staff": staff,
        "days_off": {(row[0], int(d)) for row in sections.get("SECTION_DAYS_OFF", []) for d in row[1:] if d},
        "on": [(r[0], int(r[1]), r[2], int(r[3])) for r in sections.get("SECTION_SHIFT_ON_REQUESTS", [])],
        "off": [(r[0], int(r[1]), r[2], int(r[3])) for r in sections.get("SECTION_SHIFT_OFF_REQUESTS", [])],
        "cover": [(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4])) for r in sections["SECTION_COVER"]],
    }


def objective(data: dict, roster: dict[tuple[str, int], str]) -> int:
    total = sum(w for e, d, s, w in data["on"] if roster.get((e, d)) != s)
    total += sum(w for e, d, s, w in data["off"] if roster.get((e, d)) == s)
    for d, s, need, under, over in data["cover"]:
        n = sum(1 for (e, day), code in roster.items() if day == d and code == s)
        total += under * max(0, need - n) + over * max(0, n - need)
    return total


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(first, last) of each maximal run of True."""
    out, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def hard_violations(data: dict, roster: dict[tuple[str, int], str]) -> list[str]:
    """Every breach of the nine hard rules of PROBLEM.md, as text."""
    out = []
    days = data["days"]
    for e, limits in data["staff"].items():
        plan = [roster.get((e, d)) for d in range(days)]
        work = [s is not None for s in plan]
        for d in range(days - 1):
            if plan[d] and plan[d + 1] and plan[d + 1] in data["shifts"][plan[d]][1]:
                out.append(f"{e}: {plan[d]} then {plan[d + 1]} on day {d}")
        for s, limit in limits["max_shifts"].items():
            if plan.count(s) > limit:
                out.append(f"{e}: {plan.count(s)} x {s} > {limit}")
        minutes = sum(data["shifts"][s][0] for s in plan if s)
        if not limits["min_min"] <= minutes <= limits["max_min"]:
            out.append(f"{e}: {minutes} minutes")
        for d in range(days - limits["max_row"]):
            if all(work[d : d + limits["max_row"] + 1]):
                out.append(f"{e}: more than {limits['max_row']} days in a row from {d}")
        for first, last in _runs(work):
            if first > 0 and last < days - 1 and last - first + 1 < limits["min_row"]:
                out.append(f"{e}: short run {first}-{last}")
        for first, last in _runs([not w for w in work]):
            if first > 0 and last < days - 1 and last - first + 1 < limits["min_off"]:
                out.append(f"{e}: short days off {first}-{last}")
        weekends = sum(1 for w in range(days // 7) if work[7 * w + 5] or work[7 * w + 6])
        if weekends > limits["max_weekends"]:
            out.append(f"{e}: {weekends} weekends")
        out += [f"{e}: works day off {d}" for d in range(days) if work[d] and (e, d) in data["days_off"]]
    return out
