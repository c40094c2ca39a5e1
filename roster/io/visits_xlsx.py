"""The visit plan as sheets of the XLSX roster: each staff member's visits per day with departure and
return, the visits not made with the reason, and continuity per recipient (Norwegian headings)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from roster.io.roster_xlsx import WEEKDAYS
from roster.schedule import Roster
from roster.visits import clock, continuity, staff_plan, unmade

VISIT_SHEET = "Besøk"
CONTINUITY_SHEET = "Kontinuitet"
PLAN_HEADER = (
    "Dato",
    "Dag",
    "Ansatt",
    "Navn",
    "Vakt",
    "Avreise",
    "Mottaker",
    "Besøk",
    "Sone",
    "Start",
    "Slutt",
    "Retur",
    "Bil",
    "Sammen med",
)
UNMADE_HEADER = ("Dato", "Dag", "Mottaker", "Besøk", "Antall", "Årsak")
CONTINUITY_HEADER = ("Mottaker", "Besøk (per ansatt)", "Ulike ansatte", "Av faste ansatte", "Faste ansatte")
BOLD = Font(bold=True)


def write_visit_sheets(book: Workbook, roster: Roster, title: str) -> None:
    """Add the visit plan and the continuity sheets to a roster workbook."""
    _plan_sheet(book.create_sheet(VISIT_SHEET), roster, title)
    _continuity_sheet(book.create_sheet(CONTINUITY_SHEET), roster)


def _plan_sheet(ws, roster: Roster, title: str) -> None:
    p = roster.period
    ws.append([f"Besøksplan  {title}"])
    ws.cell(1, 1).font = Font(bold=True, size=14)
    _header(ws, PLAN_HEADER)
    for line in staff_plan(p, roster):
        trip, occ = line.trip, line.trip.occurrence
        emp = p.inst.employee_by_id.get(line.employee)
        ws.append(
            [
                p.date(occ.day),
                WEEKDAYS[p.date(occ.day).weekday()],
                line.employee,
                emp.name if emp else "",
                line.shift,
                clock(p, trip.depart),
                occ.recipient,
                occ.visit,
                occ.zone,
                clock(p, trip.start),
                clock(p, trip.start + occ.minutes),
                clock(p, trip.back),
                trip.car,
                ", ".join(line.others),
            ]
        )
        ws.cell(ws.max_row, 1).number_format = "d.m.yyyy"
    missing = unmade(p, roster)
    ws.append([])
    ws.append(
        [f"Ikke planlagt: {sum(u.count for u in missing)} besøk" if missing else "Alle besøk er planlagt"]
    )
    ws.cell(ws.max_row, 1).font = BOLD
    if missing:
        _header(ws, UNMADE_HEADER)
        for u in missing:
            date = p.date(u.days[0])
            ws.append([date, WEEKDAYS[date.weekday()], u.recipient, u.visit, u.count, u.reason])
            ws.cell(ws.max_row, 1).number_format = "d.m.yyyy"
    _widths(ws, (11, 5, 9, 18, 6, 9, 10, 16, 12, 7, 7, 7, 5, 14))
    ws.freeze_panes = "A3"


def _continuity_sheet(ws, roster: Roster) -> None:
    regular = {r.id: r.regular_staff for r in roster.period.inst.recipients}
    _header(ws, CONTINUITY_HEADER)
    for c in continuity(roster.period, roster.visits):
        ws.append([c.recipient, c.visits, c.staff, c.regular, ", ".join(regular[c.recipient])])
    _widths(ws, (12, 18, 14, 16, 24))


def _header(ws, labels: tuple[str, ...]) -> None:
    ws.append(list(labels))
    for cell in ws[ws.max_row]:
        cell.font = BOLD


def _widths(ws, widths: tuple[int, ...]) -> None:
    for column, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(column)].width = width
