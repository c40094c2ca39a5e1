"""Rosters as the XLSX grid Norwegian units print and hang up: rows of staff, columns of days."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from roster import open_shifts
from roster.calendar import Period, Shift
from roster.instance import Employee, Instance, ShiftType
from roster.io.atomic import write_atomic
from roster.io.tables import fill_sheet
from roster.night_cover import NightCover, night_cover
from roster.schedule import Roster

GRID_SHEET = "Turnus"
LEGEND_SHEET = "Vakter"
NIGHT_SHEET = "Natt"
NIGHT_COLUMNS = ("Dato", "Dag", "Nattevakt", "Id", "Tjeneste", "Ekstra for egen tjeneste")
SERVICE_COLUMNS = (
    "Tjeneste",
    "Avtalt andel %",
    "Avtalte netter",
    "Netter",
    "Timer",
    "Kostnad",
    "Ekstra netter",
    "Ekstra kostnad",
    "Bruk",
    "Betaler: likt grunnbeløp + bruk",
    "Skylder",
    "Betaler: etter bruk",
    "Skylder",
)
TITLE_ROW, WEEK_ROW, DATE_ROW, WEEKDAY_ROW = 1, 2, 3, 4
NAME_COLUMNS = ("Navn", "Id", "Stilling %")
TOTAL_COLUMNS = ("Timer plan", "Timer kontrakt", "Avvik")
FIRST_DAY_COLUMN = len(NAME_COLUMNS) + 1
WEEKDAYS = ("ma", "ti", "on", "to", "fr", "lø", "sø")
ABSENCE_CODES = {
    "vacation": "FE",
    "sick": "SY",
    "leave": "PE",
    "parental": "FØ",
    "course": "KU",
    "other": "FR",
}
ABSENCE_NAMES = {
    "vacation": "Ferie",
    "sick": "Sykefravær",
    "leave": "Permisjon",
    "parental": "Foreldrepermisjon",
    "course": "Kurs",
    "other": "Annet fravær",
}
KIND_COLOURS = {"day": "FFF2CC", "evening": "F8CBAD", "night": "BDD7EE"}
KIND_NAMES = {"day": "dag", "evening": "kveld", "night": "natt"}
WEEKEND_GREY = "D9D9D9"
HOLIDAY_RED = "C00000"
BOLD = Font(bold=True)
ABSENCE_FONT = Font(italic=True, color="808080")
CENTRE = Alignment(horizontal="center")


# ---- writing --------------------------------------------------------------------------------
def write_roster_xlsx(
    path: str | Path, roster: Roster, force: bool = False, title: str | None = None
) -> None:
    """Write the planning days of `roster` as a grid workbook with a legend of the shifts."""
    book = Workbook()
    grid = book.active
    grid.title = GRID_SHEET
    _write_headers(grid, roster.period, title)
    _write_staff(grid, roster)
    _set_layout(grid, roster.period)
    _write_legend(book.create_sheet(LEGEND_SHEET), roster.period.inst)
    covers = night_cover(roster.period, roster)
    if covers:
        night = book.create_sheet(NIGHT_SHEET)
        for cover in covers:
            _write_night_cover(night, roster.period, cover)
    if roster.open:
        fill_sheet(book.create_sheet(open_shifts.SHEET), open_shifts.SHEET, open_shifts.table(roster))
    if roster.visits is not None:
        from roster.io.visits_xlsx import write_visit_sheets

        write_visit_sheets(book, roster, f"{title or roster.period.inst.name}  {period_text(roster.period)}")
    write_atomic(Path(path), book.save, force)


def period_text(period: Period) -> str:
    """'5.1.2026–1.2.2026', the way dates are written on Norwegian rosters."""
    return "–".join(f"{d.day}.{d.month}.{d.year}" for d in (period.start, period.end))


def _total_column(period: Period) -> int:
    return FIRST_DAY_COLUMN + period.n_days


def _write_headers(ws: Worksheet, period: Period, title: str | None) -> None:
    ws.cell(TITLE_ROW, 1, f"{title or period.inst.name}  {period_text(period)}").font = Font(
        bold=True, size=14
    )
    labels = {**dict(enumerate(NAME_COLUMNS, 1)), **dict(enumerate(TOTAL_COLUMNS, _total_column(period)))}
    for column, label in labels.items():
        ws.cell(DATE_ROW, column, label).font = BOLD
    for day in period.plan_days:
        _write_day_header(ws, period, day)


def _write_day_header(ws: Worksheet, period: Period, day: int) -> None:
    date = period.date(day)
    column = FIRST_DAY_COLUMN + day
    if day == 0 or date.weekday() == 0:
        ws.cell(WEEK_ROW, column, f"Uke {date.isocalendar().week}").font = BOLD
    # The cell holds the real date (shown as the day number), so a reader needs no guessing.
    ws.cell(DATE_ROW, column, date).number_format = "d"
    ws.cell(WEEKDAY_ROW, column, WEEKDAYS[date.weekday()])
    for row in (WEEK_ROW, DATE_ROW, WEEKDAY_ROW):
        cell = ws.cell(row, column)
        if row != WEEK_ROW:
            cell.alignment = CENTRE
            cell.font = Font(bold=True, color=HOLIDAY_RED if period.is_holiday(day) else None)
        if date.weekday() >= 5:
            cell.fill = _solid(WEEKEND_GREY)


def _write_staff(ws: Worksheet, roster: Roster) -> None:
    """Employees grouped by home unit, each group under a bold row with the unit's name."""
    inst = roster.period.inst
    row = WEEKDAY_ROW + 1
    for unit in inst.units:
        staff = [e for e in inst.employees if inst.home_unit(e) == unit.id]
        if not staff:
            continue
        ws.cell(row, 1, unit.name).font = BOLD
        for emp in staff:
            row += 1
            _write_employee(ws, row, roster, emp)
        row += 1


def _write_employee(ws: Worksheet, row: int, roster: Roster, emp: Employee) -> None:
    period = roster.period
    ws.cell(row, 1, emp.name)
    ws.cell(row, 2, emp.id)
    ws.cell(row, 3, emp.position).number_format = "0"
    worked = [s for s in roster.of(emp.id) if period.in_plan(s.day)]
    for day in period.plan_days:
        cell = ws.cell(row, FIRST_DAY_COLUMN + day)
        cell.alignment = CENTRE
        _fill_day(cell, period, emp, day, [s for s in worked if s.day == day])
    planned = round(sum(s.paid for s in worked) / 60, 2)
    contract = round(period.due_minutes(emp, roster.of(emp.id)) / 60, 2)  # after the three-shift norm
    # The deviation is taken from the rounded figures so that the row adds up on paper.
    for column, hours in enumerate((planned, contract, round(planned - contract, 2)), _total_column(period)):
        ws.cell(row, column, hours).number_format = "0.00"


def _fill_day(cell, period: Period, emp: Employee, day: int, shifts: list[Shift]) -> None:
    """The shift code(s) in the shift's colour, else the absence code in grey italic."""
    absence = period.absence(emp.id, day)
    if shifts:
        cell.value = "/".join(s.code or "?" for s in shifts)  # two shifts on one day are rare
        shift_type = period.inst.shift_by_code.get(shifts[0].code or "")
        if shift_type is not None:
            cell.fill = _solid(shift_colour(shift_type))
    elif absence is not None:
        cell.value = ABSENCE_CODES[absence]
        cell.font = ABSENCE_FONT


def shift_colour(shift: ShiftType) -> str:
    return (shift.colour or KIND_COLOURS[shift.kind]).upper()


def _solid(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _set_layout(ws: Worksheet, period: Period) -> None:
    """Column widths, frozen headers and a landscape print one page wide (rosters hang on walls)."""
    names = [e.name for e in period.inst.employees] + [u.name for u in period.inst.units]
    ids = [e.id for e in period.inst.employees]
    widths = {1: max(map(len, names), default=0) + 2, 2: max(map(len, ids), default=0) + 2, 3: 10}
    widths.update({FIRST_DAY_COLUMN + day: 5 for day in period.plan_days})
    widths.update({_total_column(period) + i: 14 for i in range(len(TOTAL_COLUMNS))})
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(width, 6)
    ws.freeze_panes = ws.cell(WEEKDAY_ROW + 1, FIRST_DAY_COLUMN)
    ws.print_title_rows = f"{TITLE_ROW}:{WEEKDAY_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_legend(ws: Worksheet, inst: Instance) -> None:
    ws.append(["Kode", "Navn", "Tid", "Betalte timer", "Type"])
    for shift in inst.shifts:
        ws.append(
            [
                shift.code,
                shift.name,
                f"{shift.start:%H:%M}–{shift.end:%H:%M}",
                shift.paid_hours,
                KIND_NAMES[shift.kind],
            ]
        )
        ws.cell(ws.max_row, 1).fill = _solid(shift_colour(shift))
    ws.append([])
    ws.append(["Fravær"])
    for kind, code in ABSENCE_CODES.items():
        ws.append([code, ABSENCE_NAMES[kind]])
        ws.cell(ws.max_row, 1).font = ABSENCE_FONT
    for cell in ws[1]:
        cell.font = BOLD
    for column, width in zip("ABCDE", (8, 24, 14, 14, 8), strict=True):
        ws.column_dimensions[column].width = width


def _write_night_cover(ws: Worksheet, period: Period, cover: NightCover) -> None:
    """A site's night calendar (a row per night and night staff), then each service's nights and
    cost against its share, and the split of the shared night cost by the two models."""
    inst = period.inst
    ws.append([f"Felles nattdekning {cover.name} ({cover.shift})  {period_text(period)}"])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)
    ws.append(list(NIGHT_COLUMNS))
    _bold_row(ws)
    for night in cover.nights:
        date = period.date(night.day)
        extra = ", ".join(f"+{k} {inst.unit_by_id[u].name}" for u, k in night.extra)
        rows = [(inst.employee_by_id[e].name, e, inst.unit_by_id[u].name) for e, u in night.staff]
        rows += [("LEDIG (vikar)", "", "")] * night.open
        for name, emp_id, unit in rows or [("UDEKKET", "", "")]:
            ws.append([date, WEEKDAYS[date.weekday()], name, emp_id, unit, extra])
            ws.cell(ws.max_row, 1).number_format = "d.m.yyyy"
            if date.weekday() >= 5 or period.is_holiday(night.day):
                ws.cell(ws.max_row, 2).fill = _solid(WEEKEND_GREY)
    ws.append([])
    ws.append(list(SERVICE_COLUMNS))
    _bold_row(ws)
    for s in cover.services:
        ws.append(
            [
                s.name,
                s.share,
                round(s.agreed, 2),
                s.nights,
                round(s.hours, 2),
                round(s.cost),
                s.extra_nights,
                round(s.extra_cost),
                s.usage,
                round(s.equal_base_plus_usage),
                round(s.owes(s.equal_base_plus_usage)),
                round(s.usage_alone),
                round(s.owes(s.usage_alone)),
            ]
        )
    ws.append(["Felles nattkostnad", None, None, None, None, round(cover.shared_cost)])
    ws.append(
        [
            f"Likt grunnbeløp: {100 * cover.equal_base:g} % av felles kostnad delt likt, resten etter bruk "
            f"({cover.usage_measure or 'bruk'}). Ekstra netter for egen tjeneste betales fullt av tjenesten. "
            "Skylder: + betaler til de andre tjenestene, - får tilbake."
        ]
    )
    ws.append([])
    for column, width in zip(
        "ABCDEFGHIJKLM", (28, 14, 22, 14, 34, 30, 10, 12, 12, 16, 14, 16, 14), strict=True
    ):
        ws.column_dimensions[column].width = width


def _bold_row(ws: Worksheet) -> None:
    for cell in ws[ws.max_row]:
        cell.font = BOLD


# ---- reading --------------------------------------------------------------------------------
def read_roster_xlsx_grid(path: str | Path, period: Period) -> Roster:
    """Read a grid written by `write_roster_xlsx` (possibly edited by hand) back into a roster; any
    other form roster.io.roster_any reads is accepted too."""
    from roster.io.roster_any import read_roster  # it reads this module's codes: import when used

    return read_roster(path, period).roster
