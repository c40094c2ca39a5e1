"""The HR report as an XLSX workbook: a sheet each for the summary, the violations, the coverage of
every shift, the totals per week, the employees and the open shifts; shortfalls are filled red and
every table has filters, so HR can sort and pass it on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from roster.io.atomic import write_atomic
from roster.report.content import HrReport, rule_title
from roster.report.labels import amount_text, label, week_text

RED = PatternFill(fill_type="solid", start_color="F4B6B6", end_color="F4B6B6")
YELLOW = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
HEADING = PatternFill(fill_type="solid", start_color="DDE4F0", end_color="DDE4F0")
BOLD = Font(bold=True)


def write_report_xlsx(path: Path, report: HrReport, lang: str, force: bool = False) -> None:
    book = Workbook()
    _summary(book.active, report, lang)
    for key, sheet in (
        ("violations", _violations),
        ("coverage", _coverage),
        ("coverage_weeks", _week_totals),
        ("employees", _employees),
        ("open_shifts", _open_shifts),
    ):
        sheet(book.create_sheet(_sheet_title(key, lang)), report, lang)
    write_atomic(Path(path), book.save, force)


def _sheet_title(key: str, lang: str) -> str:
    return label(key, lang)[:31]  # Excel's limit


def _summary(ws: Worksheet, report: HrReport, lang: str) -> None:
    p = report.period
    ws.title = _sheet_title("summary", lang)
    ws.append([f"{label('title', lang)}: {p.inst.name}"])
    ws["A1"].font = Font(bold=True, size=14)
    for key, value in (
        ("roster", report.source),
        ("period", f"{p.start:%d.%m.%Y}–{p.end:%d.%m.%Y}"),
        ("form", label(report.form, lang) + (f" ({report.sheet})" if report.sheet else "")),
        ("hard_violations", len(report.hard)),
        ("soft_violations", len(report.soft)),
        ("soft_cost", report.soft_cost),
        ("open_shifts", len(report.open_shifts)),
    ):
        ws.append([label(key, lang), value])
        ws.cell(ws.max_row, 1).font = BOLD
    if report.hard:
        ws.cell(5, 2).fill = RED
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 60


def _table(ws: Worksheet, keys: list[str], rows: list[list[Any]], lang: str, widths: dict[int, int]) -> None:
    ws.append([label(k, lang) for k in keys])
    for cell in ws[1]:
        cell.font, cell.fill = BOLD, HEADING
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(rows) + 1}"
    for column in range(1, len(keys) + 1):
        ws.column_dimensions[get_column_letter(column)].width = widths.get(column, 12)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _fill_rows(ws: Worksheet, flagged: list[bool], fill: PatternFill = RED) -> None:
    for i, flag in enumerate(flagged, 2):
        if flag:
            for cell in ws[i]:
                cell.fill = fill


def _violations(ws: Worksheet, report: HrReport, lang: str) -> None:
    p = report.period
    names = {e.id: e.name for e in p.inst.employees}
    violations = report.hard + report.soft
    rows = [
        [
            label("hard" if v.hard else "soft", lang),
            rule_title(v.rule, lang),
            v.employee or "",
            names.get(v.employee or "", ""),
            p.date(v.days[0]) if v.days else None,
            p.date(v.days[-1]) if v.days else None,
            amount_text(v.amount, v.unit, lang),
            v.cost if not v.hard else None,
            v.text(lang),
        ]
        for v in violations
    ]
    keys = ["kind", "rule", "employee", "name", "start", "end", "amount", "cost", "what"]
    _table(ws, keys, rows, lang, {2: 28, 4: 20, 5: 11, 6: 11, 7: 16, 9: 100})
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "dd.mm.yyyy"
    _fill_rows(ws, [v.hard for v in violations])


def _coverage(ws: Worksheet, report: HrReport, lang: str) -> None:
    rows = [
        [c.date, c.shift, c.text(lang), c.required, c.ideal, c.limit, c.present, c.open, c.short, c.over]
        for c in report.coverage
    ]
    keys = ["date", "shift", "requirement", "required", "ideal", "limit", "present", "open", "short", "over"]
    _table(ws, keys, rows, lang, {1: 11, 3: 40})
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        cell.number_format = "dd.mm.yyyy"
    _fill_rows(ws, [bool(c.short or c.over) for c in report.coverage])
    for i, c in enumerate(report.coverage, 2):
        if not (c.short or c.over) and c.ideal is not None and c.present < c.ideal:
            ws.cell(i, 7).fill = YELLOW


def _week_totals(ws: Worksheet, report: HrReport, lang: str) -> None:
    rows = [
        [
            week_text(w.year, w.week, lang),
            w.text(lang),
            w.required,
            w.present,
            w.short,
            w.over,
            w.shifts_short,
        ]
        for w in report.weeks
    ]
    keys = ["week", "requirement", "required", "present", "short", "over", "shifts_short"]
    _table(ws, keys, rows, lang, {1: 16, 2: 40})
    _fill_rows(ws, [bool(w.short or w.over) for w in report.weeks])


def _employees(ws: Worksheet, report: HrReport, lang: str) -> None:
    rows = [
        [
            e.employee,
            e.name,
            e.unit,
            e.position,
            round(e.planned / 60, 2),
            round(e.contract / 60, 2),
            round((e.planned - e.contract) / 60, 2),
            e.shifts,
            e.weekends,
            e.nights,
            e.sundays,
            e.holidays,
            e.quick_returns,
            e.longest_run,
            e.hard_violations,
        ]
        for e in report.employees
    ]
    keys = [
        "employee",
        "name",
        "unit",
        "position",
        "planned",
        "contract",
        "difference",
        "shifts",
        "weekends",
        "nights",
        "sundays",
        "holidays",
        "quick_returns",
        "longest_run",
        "hard_count",
    ]
    _table(ws, keys, rows, lang, {2: 22, 3: 16})
    _fill_rows(ws, [e.hard_violations > 0 for e in report.employees])


def _open_shifts(ws: Worksheet, report: HrReport, lang: str) -> None:
    p = report.period
    rows = [
        [
            p.date(s.day),
            s.code or label("ad_hoc", lang),
            f"{p.moment(s.start):%H:%M}",
            f"{p.moment(s.end):%H:%M}",
            round(s.paid / 60, 2),
            s.unit or "",
        ]
        for s in report.open_shifts
    ]
    _table(ws, ["date", "shift", "start", "end", "hours", "unit"], rows, lang, {1: 11})
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        cell.number_format = "dd.mm.yyyy"
