"""Headings and short words of the HR report, in Norwegian (nb) and English (en)."""

from __future__ import annotations

import datetime as dt

from roster.i18n import date_text, number, term

LABELS: dict[str, tuple[str, str]] = {  # key: (en, nb)
    "title": ("Roster check", "Kontroll av turnus"),
    "roster": ("Roster", "Turnus"),
    "instance": ("Instance", "Instans"),
    "period": ("Period", "Periode"),
    "form": ("Form", "Form"),
    "grid": ("grid", "rutenett"),
    "long": ("long table", "liste"),
    "sheet": ("sheet", "ark"),
    "summary": ("Summary", "Sammendrag"),
    "hard_violations": ("Hard violations", "Brudd på harde regler"),
    "soft_violations": ("Soft violations", "Avvik fra myke regler"),
    "soft_cost": ("Soft cost", "Myk kostnad"),
    "violations": ("Violations", "Brudd"),
    "no_violations": ("No violations.", "Ingen brudd."),
    "rule": ("Rule", "Regel"),
    "kind": ("Kind", "Type"),
    "hard": ("hard", "hard"),
    "soft": ("soft", "myk"),
    "employee": ("Employee", "Ansatt"),
    "name": ("Name", "Navn"),
    "dates": ("Date(s)", "Dato(er)"),
    "amount": ("How much", "Hvor mye"),
    "cost": ("Cost", "Kostnad"),
    "law": ("Law", "Lov"),
    "what": ("What", "Hva"),
    "coverage": ("Coverage by shift and competency", "Dekning per vakt og kompetanse"),
    "coverage_note": (
        "present / required on each day; red: short of the minimum or over a limit",
        "på vakt / krav hver dag; rødt: under minimum eller over en grense",
    ),
    "week": ("Week", "Uke"),
    "date": ("Date", "Dato"),
    "shift": ("Shift", "Vakt"),
    "requirement": ("Requirement", "Krav"),
    "staff": ("staff", "ansatte"),
    "required": ("Required", "Krav"),
    "ideal": ("Ideal", "Ønsket"),
    "limit": ("Limit", "Grense"),
    "present": ("Present", "På vakt"),
    "open": ("Open", "Ledige"),
    "short": ("Short", "Mangler"),
    "over": ("Over", "Over"),
    "shifts_short": ("Shifts short", "Vakter med mangel"),
    "coverage_weeks": ("Totals by competency per week", "Sum per kompetanse og uke"),
    "coverage_shortfalls": ("Coverage shortfalls", "Mangler i dekningen"),
    "no_shortfalls": (
        "Every shift has its minimum staff and competencies.",
        "Alle vakter har minstebemanning og kompetansekrav oppfylt.",
    ),
    "employees": ("Per employee", "Per ansatt"),
    "unit": ("Unit", "Enhet"),
    "position": ("Position %", "Stilling %"),
    "planned": ("Planned h", "Timer plan"),
    "contract": ("Contract h", "Timer avtale"),
    "difference": ("Difference h", "Avvik timer"),
    "shifts": ("Shifts", "Vakter"),
    "weekends": ("Weekends", "Helger"),
    "nights": ("Nights", "Netter"),
    "sundays": ("Sundays", "Søndager"),
    "holidays": ("Holidays", "Helligdager"),
    "quick_returns": ("Quick returns", "Kort hvile"),
    "longest_run": ("Longest run (days)", "Lengste periode (dager)"),
    "hard_count": ("Hard violations", "Harde brudd"),
    "open_shifts": ("Open shifts", "Ledige vakter"),
    "no_open_shifts": ("No open shifts.", "Ingen ledige vakter."),
    "start": ("Start", "Start"),
    "end": ("End", "Slutt"),
    "hours": ("Hours", "Timer"),
    "competencies": ("Competencies", "Kompetanser"),
    "ad_hoc": ("ad hoc", "ekstravakt"),
    "more": ("and {n} more", "og {n} til"),
}

# The columns of the table per employee, in the HTML page and the workbook.
COUNT_KEYS = (
    "shifts",
    "weekends",
    "nights",
    "sundays",
    "holidays",
    "quick_returns",
    "longest_run",
    "hard_count",
)
EMPLOYEE_KEYS = ("employee", "name", "unit", "position", "planned", "contract", "difference", *COUNT_KEYS)


def label(key: str, lang: str) -> str:
    en, nb = LABELS[key]
    return nb if lang == "nb" else en


# The units of amounts for one of a kind: (English, Norwegian).
SINGULAR = {
    "days": ("day", "dag"),
    "shifts": ("shift", "vakt"),
    "nights": ("night", "natt"),
    "evenings": ("evening", "kveldsvakt"),
    "weekends": ("weekend", "helg"),
    "holidays": ("holiday", "helligdagsvakt"),
    "wishes": ("wish", "ønske"),
    "returns": ("return", "kort hvile"),
    "rotations": ("rotation", "vending"),
    "staff": ("staff", "ansatt"),
    "staff missing": ("staff missing", "ansatt for lite"),
    "staff extra": ("staff extra", "ansatt for mye"),
}


def amount_text(amount: float, unit: str, lang: str) -> str:
    """'1.5 h' / '1,5 t', '2 staff' / '2 ansatte', '1 day' / '1 dag'."""
    value = round(amount, 2)
    word = SINGULAR[unit][lang == "nb"] if value == 1 and unit in SINGULAR else term(unit, lang)
    return f"{number(value, lang)} {word}".strip()


def dates_text(dates: list[dt.date], lang: str) -> str:
    """One date, a run of days as 'Mon 5 Jan–Sun 11 Jan', or a list."""
    if not dates:
        return ""
    dates = sorted(set(dates))
    if len(dates) > 2 and (dates[-1] - dates[0]).days == len(dates) - 1:
        return f"{date_text(dates[0], lang)}–{date_text(dates[-1], lang)}"
    return ", ".join(date_text(d, lang) for d in dates)


def week_text(year: int, week: int, lang: str) -> str:
    return f"{label('week', lang)} {week} ({year})"
