"""The HR report as an XLSX workbook: a sheet each for the summary, the violations, the coverage of
every shift, the totals per week, the employees and the open shifts; shortfalls are filled red and
every table has filters, so HR can sort and pass it on. Written row by row (openpyxl's write-only
mode), which keeps a 12-week report of 200 staff to a fraction of a second."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from roster.io.atomic import write_atomic
from roster.report.content import HrReport, rule_title
from roster.report.labels import EMPLOYEE_KEYS, amount_text, label, week_text

RED = PatternFill(fill_type="solid", start_color="F4B6B6", end_color="F4B6B6")
YELLOW = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
HEADING = PatternFill(fill_type="solid", start_color="DDE4F0", end_color="DDE4F0")
BOLD = Font(bold=True)
Worksheet = Any  # openpyxl's write-only worksheet (its class is private)


def write_report_xlsx(path: Path, report: HrReport, lang: str, force: bool = False) -> None:
    book = Workbook(write_only=True)
    for key, sheet in (
        ("summary", _summary),
        ("violations", _violations),
        ("coverage", _coverage),
        ("coverage_weeks", _week_totals),
        ("employees", _employees),
        ("open_shifts", _open_shifts),
    ):
        sheet(book.create_sheet(label(key, lang)[:31]), report, lang)  # 31: Excel's longest sheet name
    write_atomic(Path(path), book.save, force)


def _cell(
    ws: Worksheet, value: Any, fill: PatternFill | None = None, font: Font | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, dt.date):
        cell.number_format = "dd.mm.yyyy"
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    return cell


def _summary(ws: Worksheet, report: HrReport, lang: str) -> None:
    p = report.period
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 60
    ws.append([_cell(ws, f"{label('title', lang)}: {p.inst.name}", font=Font(bold=True, size=14))])
    for key, value in (
        ("roster", report.source),
        ("period", f"{p.start:%d.%m.%Y}–{p.end:%d.%m.%Y}"),
        ("form", label(report.form, lang) + (f" ({report.sheet})" if report.sheet else "")),
        ("hard_violations", len(report.hard)),
        ("soft_violations", len(report.soft)),
        ("soft_cost", report.soft_cost),
        ("open_shifts", len(report.open_shifts)),
    ):
        alarm = RED if key in ("hard_violations", "open_shifts") and value else None
        ws.append([_cell(ws, label(key, lang), font=BOLD), _cell(ws, value, alarm)])


def _table(
    ws: Worksheet,
    keys: list[str],
    rows: list[list[Any]],
    lang: str,
    widths: dict[int, int],
    fills: list[PatternFill | None] | None = None,
) -> None:
    """A sheet with a heading row, filters and a landscape print; `fills` colours whole rows."""
    for column in range(1, len(keys) + 1):
        ws.column_dimensions[get_column_letter(column)].width = widths.get(column, 12)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(rows) + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.append([_cell(ws, label(k, lang), HEADING, BOLD) for k in keys])
    for row, fill in zip(rows, fills or [None] * len(rows), strict=True):
        # Plain values where no style is needed: styled cells are what makes writing slow.
        ws.append([_cell(ws, v, fill) if fill is not None or isinstance(v, dt.date) else v for v in row])


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
    _table(
        ws,
        keys,
        rows,
        lang,
        {2: 28, 4: 20, 5: 11, 6: 11, 7: 16, 9: 100},
        [RED if v.hard else None for v in violations],
    )


def _coverage(ws: Worksheet, report: HrReport, lang: str) -> None:
    rows = [
        [c.date, c.shift, c.text(lang), c.required, c.ideal, c.limit, c.present, c.open, c.short, c.over]
        for c in report.coverage
    ]
    fills = [
        RED if c.short or c.over else YELLOW if c.ideal is not None and c.present < c.ideal else None
        for c in report.coverage
    ]
    keys = ["date", "shift", "requirement", "required", "ideal", "limit", "present", "open", "short", "over"]
    _table(ws, keys, rows, lang, {1: 11, 3: 40}, fills)


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
    _table(ws, keys, rows, lang, {1: 16, 2: 40}, [RED if w.short or w.over else None for w in report.weeks])


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
            *e.counts(),
        ]
        for e in report.employees
    ]
    fills = [RED if e.hard_violations else None for e in report.employees]
    _table(ws, list(EMPLOYEE_KEYS), rows, lang, {2: 22, 3: 16}, fills)


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
