"""What a solve produced, for people (a printed summary) and for scripts (one JSON object)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roster import open_shifts
from roster.calendar import Period
from roster.i18n import DATE_WIDTH, Day, Text, choose, date_text, number
from roster.night_cover import NightCover, night_cover
from roster.rules import RULE_BY_NAME
from roster.schedule import Roster
from roster.solver.solve import Result, at_floor
from roster.visits import continuity, made_count, unmade, unplanned_count


@dataclass(frozen=True)
class HoursLine:
    employee: str
    name: str
    unit: str
    position: float
    planned: float  # hours
    contract: float  # hours due, after the three-shift reduction
    reduction: float  # hours the three-shift norm (KS) took off the contract

    @property
    def difference(self) -> float:
        return self.planned - self.contract


def hours_vs_contract(p: Period, roster: Roster) -> list[HoursLine]:
    """Planned against contracted hours per employee, in instance order."""
    out = []
    for emp in p.inst.employees:
        planned = sum(s.paid for s in roster.of(emp.id) if p.in_plan(s.day))
        due = p.due_minutes(emp, roster.of(emp.id))
        out.append(
            HoursLine(
                emp.id,
                emp.name,
                p.inst.home_unit(emp),
                emp.position,
                planned / 60,
                due / 60,
                (p.contract_minutes(emp) - due) / 60,
            )
        )
    return out


def shortfalls(result: Result, lang: str = "en") -> list[str]:
    """Shifts below their ideal headcount (the hard minimum is always met)."""
    if result.report is None:
        return []
    return [
        v.text(lang).split(": ", 1)[-1]
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
        "run_json": str(files["run"]) if "run" in files else None,
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
                "three_shift_reduction_h": round(h.reduction, 2),
            }
            for h in hours_vs_contract(p, roster)
        ],
        "shortfalls": shortfalls(result),
        "open_shifts": []
        if roster is None
        else [dict(zip(open_shifts.COLUMNS, row, strict=True)) for row in open_shifts.rows(roster)],
        "open_shifts_bound": result.open_shifts_bound,
        "open_shifts_csv": str(files["open"]) if "open" in files else None,
        "night_cover": [] if roster is None else [cover_dict(p, c) for c in night_cover(p, roster)],
        **visits_dict(p, roster, files, result.visits_unplanned_bound),
    }


def visits_dict(
    p: Period, roster: Roster | None, files: dict[str, Path], bound: int | None = None
) -> dict[str, Any]:
    """Visits planned and not (each with its reason), and continuity per recipient; {} without visits."""
    if roster is None or roster.visits is None:
        return {}
    missing = unmade(p, roster)
    return {
        "visits_csv": str(files["visits_csv"]) if "visits_csv" in files else None,
        "visits": {
            "planned": made_count(p, roster.visits),
            "unplanned": sum(u.count for u in missing),
            "unplanned_bound": bound,  # no lawful roster leaves fewer visits not made (None: not proven)
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


def cover_dict(p: Period, cover: NightCover) -> dict[str, Any]:
    """A site's shared night cover as JSON: the night calendar, and each service against its share
    with the split of the shared cost (NOK) by the two cost-sharing models."""
    return {
        "site": cover.site,
        "shift": cover.shift,
        "tolerance_nights": cover.tolerance,
        "shared_cost": round(cover.shared_cost, 2),
        "equal_base": cover.equal_base,
        "usage_measure": cover.usage_measure,
        "nights": [
            {
                "date": p.date(n.day).isoformat(),
                "staff": [{"employee": e, "unit": u} for e, u in n.staff],
                "extra": [{"unit": u, "staff": k} for u, k in n.extra],
                "open": n.open,
            }
            for n in cover.nights
        ],
        "services": [
            {
                "unit": s.unit,
                "share_pct": s.share,
                "agreed_nights": round(s.agreed, 2),
                "nights": s.nights,
                "hours": round(s.hours, 2),
                "cost": round(s.cost, 2),
                "extra_nights": s.extra_nights,
                "extra_cost": round(s.extra_cost, 2),
                "usage": s.usage,
                "pays_equal_base_plus_usage": round(s.equal_base_plus_usage, 2),
                "pays_usage_alone": round(s.usage_alone, 2),
                "owes_equal_base_plus_usage": round(s.owes(s.equal_base_plus_usage), 2),
                "owes_usage_alone": round(s.owes(s.usage_alone), 2),
            }
            for s in cover.services
        ],
    }


def cover_text(p: Period, cover: NightCover, lang: str = "en") -> list[str]:
    """The printed night calendar and cost split of one site."""
    w = {key: word(key, lang) for key in ("cover_head", "open_nights", "nobody", "extra_for", "cover_cost")}
    lines = ["", w["cover_head"].format(site=cover.name, shift=cover.shift)]
    width = DATE_WIDTH[lang]
    for n in cover.nights:
        staff = ", ".join(
            [f"{e} ({u})" for e, u in n.staff] + [w["open_nights"].format(n=n.open)] * bool(n.open)
        )
        extra = "".join(w["extra_for"].format(k=k, unit=u) for u, k in n.extra)
        lines.append(f"  {date_text(p.date(n.day), lang):{width}} {staff or w['nobody']}{extra}")
    usage = cover.usage_measure or "usage"
    head = word("cover_columns", lang).split("|")
    lines += [
        "",
        f"  {head[0]:16} {head[1]:>6} {head[2]:>7} {head[3]:>7} {head[4]:>7} {head[5]:>10} "
        f"{head[6]:>6} {head[7]:>10} {usage:>11}",
    ]
    for s in cover.services:
        lines.append(
            f"  {s.unit:16} {number(s.share, lang, '5g')}% {number(s.agreed, lang, '7.1f')} {s.nights:7} "
            f"{number(s.hours, lang, '7.1f')} {s.cost:10.0f} {s.extra_nights:6} {s.extra_cost:10.0f} "
            f"{number(s.usage, lang, '11g')}"
        )
    head = word("split_columns", lang).split("|")
    lines += [
        "",
        "  " + w["cover_cost"].format(cost=f"{cover.shared_cost:.0f}"),
        f"  {head[0]:16} {head[1]:>19} {head[2]:>10} {head[3]:>12} {head[2]:>10}",
    ]
    for s in cover.services:
        lines.append(
            f"  {s.unit:16} {s.equal_base_plus_usage:19.0f} {s.owes(s.equal_base_plus_usage):+10.0f} "
            f"{s.usage_alone:12.0f} {s.owes(s.usage_alone):+10.0f}"
        )
    lines.append(
        "  " + word("split_note", lang).format(base=number(100 * cover.equal_base, lang), usage=usage)
    )
    return lines


# The printed summary's words: key -> (English, Norwegian).
WORDS: dict[str, tuple[str, str]] = {
    "days": ("days", "dager"),
    "status": ("status", "status"),
    "optimal": ("optimal", "optimal"),
    "feasible": ("feasible", "gyldig"),
    "unknown": ("unknown", "ukjent"),
    "objective": ("objective", "kostnad"),
    "bound": ("best bound", "beste grense"),
    "gap": ("gap", "avstand"),
    "time": ("time", "tid"),
    "limit": ("limit", "grense"),
    "workers": ("workers", "tråder"),
    "seed": ("seed", "frø"),
    "hours": ("Hours vs contract", "Timer mot avtale"),
    "columns": ("employee|unit|pos %|planned|contract|diff", "ansatt|enhet|st. %|planlagt|avtalt|avvik"),
    "penalties": ("Soft penalties by rule", "Myke kostnader per regel"),
    "short": ("Below ideal staffing: {n} shift(s)", "Under ønsket bemanning: {n} vakt(er)"),
    "all_ideal": ("All shifts at ideal staffing", "Alle vakter har ønsket bemanning"),
    "more": ("... and {n} more", "... og {n} til"),
    "written": ("Written", "Skrevet"),
    "visits": (
        "Visits: {made} planned, {unmade} unplanned",
        "Besøk: {made} planlagt, {unmade} ikke planlagt",
    ),
    "continuity": (
        "Continuity: different staff per recipient (optimised for this roster, apart from the objective)",
        "Kontinuitet: ulike ansatte per mottaker (optimert for denne turnusen, utenom kostnaden)",
    ),
    "continuity_columns": ("recipient|visits|staff|regular", "mottaker|besøk|ansatte|faste"),
    "cover_head": (
        "Shared nights at {site} ({shift}): who covers each night, for which service",
        "Felles netter på {site} ({shift}): hvem som dekker hver natt, for hvilken tjeneste",
    ),
    "open_nights": ("{n} open", "{n} ledig"),
    "nobody": ("NOBODY", "INGEN"),
    "extra_for": ("  [+{k} extra for {unit}]", "  [+{k} ekstra for {unit}]"),
    "cover_columns": (
        "service|share|agreed|nights|hours|cost|extra|extra cost",
        "tjeneste|andel|avtalt|netter|timer|kostnad|ekstra|ekstrakost",
    ),
    "cover_cost": (
        "Shared night cost {cost} kr, split (own extra nights paid in full):",
        "Felles nattkostnad {cost} kr, fordelt (egne ekstranetter betales fullt):",
    ),
    "split_columns": (
        "service|equal base + usage|owes|usage alone",
        "tjeneste|lik grunn + bruk|skylder|bare bruk",
    ),
    "split_note": (
        "(equal base: {base} % of the shared cost split equally, the rest by {usage}; "
        "owes: + pays the other services, - is paid back)",
        "(lik grunn: {base} % av felleskostnaden deles likt, resten etter {usage}; "
        "skylder: + betaler de andre tjenestene, - får tilbake)",
    ),
}


def word(key: str, lang: str) -> str:
    return choose(WORDS[key], lang)


def status_line(result: Result, lang: str = "en") -> str:
    """Status, objective, bound, gap and time of a solve, on one line."""
    gap, params = result.gap, result.params
    w = {key: word(key, lang) for key in WORDS}
    gap_text = "-" if gap is None else f"{number(100 * gap, lang, '.2f')} %"
    status = w.get(result.status, result.status)
    return (
        f"{w['status']} {status}   {w['objective']} {_num(result.objective, lang)}   "
        f"{w['bound']} {_num(result.bound, lang)}   {w['gap']} {gap_text}   "
        f"{w['time']} {number(result.wall_s, lang, '.1f')} s ({w['limit']} "
        f"{number(params.time_limit, lang)} s, {params.workers} {w['workers']}, {w['seed']} {params.seed})"
    )


def floor_lines(result: Result, p: Period, lang: str = "en") -> list[str]:
    """Open shifts and visits not made, each saying whether no lawful roster has fewer or the time
    limit left some of them: a limit of the search is never shown as a fact about the unit."""
    roster = result.roster
    if roster is None:
        return []
    lines = [_against_bound(len(roster.open), result.open_shifts_bound, OPEN_WORDS).render(lang)]
    if roster.visits is not None:
        found = unplanned_count(p, roster)
        lines.append(_against_bound(found, result.visits_unplanned_bound, VISIT_WORDS).render(lang))
    return lines


# What a count stands against its bound: none; at the bound; above a proven bound; no bound proven.
OPEN_WORDS = (
    Text("No open shifts.", "Ingen ledige vakter."),
    Text(
        "{n} open shift(s); no lawful roster has fewer.",
        "{n} ledige vakt(er); ingen lovlig turnus har færre.",
    ),
    Text(
        "{n} open shift(s); at least {bound} are unavoidable, the others are left by the time limit: "
        "give more time (--time-limit).",
        "{n} ledige vakt(er); minst {bound} kan ikke unngås, de andre står igjen fordi tiden gikk ut: "
        "gi mer tid (--time-limit).",
    ),
    Text(
        "{n} open shift(s); the search proved none unavoidable in its time: give more time (--time-limit).",
        "{n} ledige vakt(er); søket rakk ikke å bevise at noen kan ikke unngås: gi mer tid (--time-limit).",
    ),
)
VISIT_WORDS = (
    Text("Every visit planned.", "Alle besøk er planlagt."),
    Text(
        "{n} visit(s) not planned; no lawful roster makes more.",
        "{n} besøk ikke planlagt; ingen lovlig turnus får med flere.",
    ),
    Text(
        "{n} visit(s) not planned; at least {bound} cannot be made, the others are left by the time "
        "limit: give more time (--time-limit).",
        "{n} besøk ikke planlagt; minst {bound} kan ikke gjøres, de andre står igjen fordi tiden gikk "
        "ut: gi mer tid (--time-limit).",
    ),
    Text(
        "{n} visit(s) not planned; the search proved none unavoidable in its time: give more time "
        "(--time-limit).",
        "{n} besøk ikke planlagt; søket rakk ikke å bevise at noen ikke kan gjøres: gi mer tid "
        "(--time-limit).",
    ),
)


def _against_bound(n: int, bound: int | None, words: tuple[Text, Text, Text, Text]) -> Text:
    none, at_bound, above, unproven = words
    if n == 0:
        return none
    if bound is None:
        return Text(unproven.en, unproven.nb, n=n)
    if n <= bound:
        return Text(at_bound.en, at_bound.nb, n=n)
    return Text(above.en, above.nb, n=n, bound=bound)


def limited_by_time(result: Result, p: Period) -> bool:
    """Whether open shifts or visits not made stand above what the search proved unavoidable."""
    roster = result.roster
    return roster is not None and not at_floor(
        roster, result.open_shifts_bound, result.visits_unplanned_bound, p
    )


def as_text(result: Result, p: Period, files: dict[str, Path], lang: str = "en") -> str:
    """The printed summary: status and bounds, open shifts and visits not made against theirs,
    hours per employee, penalties, shortfalls, files."""
    dates = f"{p.start:%d.%m.%Y}-{p.end:%d.%m.%Y}"
    lines = [f"{p.inst.name}: {dates} ({p.n_days} {word('days', lang)})", status_line(result, lang)]
    if result.roster is None:
        return "\n".join(lines)
    lines += floor_lines(result, p, lang)
    employee, unit, position, planned, contract, diff = word("columns", lang).split("|")
    lines += [
        "",
        word("hours", lang),
        f"  {employee:10} {unit:16} {position:>6} {planned:>8} {contract:>9} {diff:>7}",
    ]
    for h in hours_vs_contract(p, result.roster):
        lines.append(
            f"  {h.employee:10} {h.unit:16} {number(h.position, lang):>6} {number(h.planned, lang, '8.2f')} "
            f"{number(h.contract, lang, '9.2f')} {number(h.difference, lang, '+7.2f')}"
        )
    if result.roster.open:
        lines += ["", *open_shifts.as_lines(p, result.roster, lang=lang)]
    for cover in night_cover(p, result.roster):
        lines += cover_text(p, cover, lang)
    lines += ["", word("penalties", lang)]
    for rule, cost in result.penalties.items():
        lines.append(f"  {RULE_BY_NAME[rule].title_in(lang):20} {cost:8}")
    short = shortfalls(result, lang)
    lines += ["", word("short", lang).format(n=len(short)) if short else word("all_ideal", lang)]
    lines += [f"  {line}" for line in short[:20]]
    if len(short) > 20:
        lines.append("  " + word("more", lang).format(n=len(short) - 20))
    lines += visits_text(p, result.roster, lang)
    if files:
        lines += ["", f"{word('written', lang)}: " + ", ".join(str(path) for path in files.values())]
    return "\n".join(lines)


def visits_text(p: Period, roster: Roster, lang: str = "en") -> list[str]:
    """Visits planned and not, with the reasons, and how many different staff each recipient saw."""
    if roster.visits is None:
        return []
    missing = unmade(p, roster)
    count = sum(u.count for u in missing)
    lines = ["", word("visits", lang).format(made=made_count(p, roster.visits), unmade=count)]
    for u in missing[:20]:
        when = (
            Text("on {day}", "{day}", day=Day(p, u.days[0]))
            if u.week is None
            else Text("in week {week}, {n} missing", "i uke {week}, {n} mangler", week=u.week, n=u.count)
        )
        lines.append(
            Text(
                "  not planned: {visit} ({recipient}) {when}: {why}",
                "  ikke planlagt: {visit} ({recipient}) {when}: {why}",
                visit=u.visit,
                recipient=u.recipient,
                when=when,
                why=u.why,
            ).render(lang)
        )
    if len(missing) > 20:
        lines.append("  " + word("more", lang).format(n=len(missing) - 20))
    head = word("continuity_columns", lang).split("|")
    lines += ["", word("continuity", lang), f"  {head[0]:10} {head[1]:>7} {head[2]:>7} {head[3]:>8}"]
    for c in continuity(p, roster.visits):
        lines.append(f"  {c.recipient:10} {c.visits:7} {c.staff:7} {c.regular:8}")
    return lines


def _num(value: float | None, lang: str = "en") -> str:
    return "-" if value is None else number(value, lang)
