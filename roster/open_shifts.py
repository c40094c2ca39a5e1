"""Open shifts as a leader reads them: one row per shift a substitute must fill."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from roster import i18n
from roster.calendar import Period
from roster.io.tables import write_table
from roster.schedule import OpenShift, Roster

COLUMNS = ("date", "shift", "unit", "competency", "hours", "start", "end")
SHEET = "Ledige vakter"
ANYONE = "any"


def competency_text(o: OpenShift, anyone: str = ANYONE) -> str:
    """'hoyskole + legemidler' (one of each requirement's competencies), or 'any'."""
    return " + ".join("/".join(of) for of in o.needs) or anyone


def rows(roster: Roster) -> list[list]:
    p = roster.period
    return [
        [
            p.date(o.shift.day).isoformat(),
            o.shift.code,
            o.shift.unit or "",
            competency_text(o),
            round(o.shift.paid / 60, 2),
            p.moment(o.shift.start).strftime("%Y-%m-%dT%H:%M"),
            p.moment(o.shift.end).strftime("%Y-%m-%dT%H:%M"),
        ]
        for o in sorted(roster.open)
    ]


def table(roster: Roster) -> pd.DataFrame:
    return pd.DataFrame(rows(roster), columns=list(COLUMNS))


def write_open_csv(path: Path, roster: Roster, force: bool) -> None:
    write_table(path, table(roster), force, SHEET)


def hours_by_competency(roster: Roster) -> dict[str, float]:
    """Open hours per competency needed ('any' for open shifts that need none); an open shift
    that must meet two requirements counts under both."""
    out: Counter[str] = Counter()
    for o in roster.open:
        for label in ["/".join(of) for of in o.needs] or [ANYONE]:
            out[label] += o.shift.paid / 60
    return dict(sorted(out.items()))


def as_lines(p: Period, roster: Roster, limit: int = 30, lang: str = "en") -> list[str]:
    """The open shifts for the printed summary."""
    items = sorted(roster.open)
    hours = i18n.hours_text(sum(o.shift.paid for o in items), lang)
    nb = lang == "nb"
    lines = [
        f"{'Ledige vakter for vikarer' if nb else 'Open shifts for substitutes'}: {len(items)} ({hours})"
    ]
    width = i18n.DATE_WIDTH[lang]
    lines += [
        f"  {i18n.date_text(p.date(o.shift.day), lang):{width}} {o.shift.code:4} {o.shift.unit or '':16} "
        f"{i18n.hours_text(o.shift.paid, lang):>6}  {competency_text(o, 'alle' if nb else ANYONE)}"
        for o in items[:limit]
    ]
    if len(items) > limit:
        more = len(items) - limit
        lines.append(
            f"  ... og {more} til (se filen)" if nb else f"  ... and {more} more (see the open-shifts file)"
        )
    return lines
