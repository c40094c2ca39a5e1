"""The HR report as one self-contained HTML page: inline CSS, no scripts, no fonts or images to
fetch, and a print layout for A4 landscape (one week of the coverage matrix per block)."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from roster.i18n import date_text, hours_text, number, weekday_name
from roster.report.content import CoverageLine, HrReport, rule_title
from roster.report.labels import EMPLOYEE_KEYS, amount_text, dates_text, label, week_text

CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; color: #1a1a1a;
       margin: 16px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 16pt; margin: 0 0 4px; }
h2 { font-size: 12.5pt; margin: 18px 0 6px; border-bottom: 2px solid #2f5597; padding-bottom: 2px; }
.meta { margin: 0 0 8px; color: #444; }
.meta span { margin-right: 18px; }
.totals { display: flex; gap: 10px; margin: 8px 0 4px; }
.totals div { border: 1px solid #bbb; border-radius: 4px; padding: 6px 12px; }
.totals b { font-size: 14pt; display: block; }
.totals .bad { background: #f8d7da; border-color: #c00000; }
.totals .good { background: #e2efda; border-color: #548235; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
th, td { border: 1px solid #c8c8c8; padding: 2px 5px; text-align: left; vertical-align: top; }
thead th { background: #dde4f0; }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
tr.hard td:first-child { color: #c00000; font-weight: bold; }
td.nowrap { white-space: nowrap; }
table.coverage-matrix { width: auto; min-width: 60%; }
table.coverage-matrix caption { text-align: left; font-weight: bold; padding: 4px 0; }
table.coverage-matrix td.cell { text-align: center; min-width: 5.2em; }
td.short, td.over { background: #f4b6b6; color: #7a0000; font-weight: bold; }
td.below-ideal { background: #fff2cc; }
tr.short-row td { background: #fbe0e0; }
td.empty { background: #f3f3f3; }
.note { color: #555; font-size: 9pt; margin: 2px 0 6px; }
.open { display: block; font-size: 8pt; color: #7a4a00; }
.legend { font-size: 9pt; color: #444; }
footer { margin-top: 16px; font-size: 8pt; color: #777; }
@media print {
  body { margin: 0; font-size: 8pt; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, table.coverage-matrix { break-inside: avoid; }
  section { break-before: auto; }
}
"""

TEXT_KEYS = (
    "kind",
    "rule",
    "employee",
    "name",
    "unit",
    "dates",
    "what",
    "date",
    "shift",
    "start",
    "end",
    "week",
    "requirement",
)


def as_html(report: HrReport, lang: str) -> str:
    p = report.period
    title = f"{label('title', lang)}: {escape(p.inst.name)}"
    sections = [
        _header(report, lang, title),
        _violations(report, lang),
        _open_shifts(report, lang),
        _coverage(report, lang),
        _week_totals(report, lang),
        _employees(report, lang),
    ]
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title} {p.start:%d.%m.%Y}–{p.end:%d.%m.%Y}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )


def _header(report: HrReport, lang: str, title: str) -> str:
    p = report.period
    form = label(report.form, lang) + (
        f", {label('sheet', lang)} {escape(report.sheet)}" if report.sheet else ""
    )
    meta = [
        f"{label('roster', lang)}: {escape(report.source)}",
        f"{label('period', lang)}: {p.start:%d.%m.%Y}–{p.end:%d.%m.%Y} ({p.n_days})",
        f"{label('form', lang)}: {form}",
    ]
    totals = [
        ("hard_violations", len(report.hard), "bad" if report.hard else "good"),
        ("soft_violations", len(report.soft), ""),
        ("soft_cost", report.soft_cost, ""),
        ("open_shifts", len(report.open_shifts), "bad" if report.open_shifts else "good"),
    ]
    boxes = "".join(f"<div class='{css}'>{label(key, lang)}<b>{n}</b></div>" for key, n, css in totals)
    spans = "".join(f"<span>{m}</span>" for m in meta)
    return f"<header><h1>{title}</h1><p class='meta'>{spans}</p><div class='totals'>{boxes}</div></header>"


def _section(ident: str, key: str, lang: str, content: str) -> str:
    return f"<section id='{ident}'><h2>{label(key, lang)}</h2>{content}</section>"


def _table(
    ident: str | None, keys: tuple[str, ...] | list[str], rows: list[str], lang: str, css: str = ""
) -> str:
    """A table headed by the labels of `keys` (numbers right-aligned); `rows` are rendered <tr>s."""
    heads = "".join(
        f"<th>{escape(label(k, lang))}</th>"
        if k in TEXT_KEYS
        else f"<th class='num'>{escape(label(k, lang))}</th>"
        for k in keys
    )
    attributes = (f" id='{ident}'" if ident else "") + (f" class='{css}'" if css else "")
    return f"<table{attributes}><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _row(keys: tuple[str, ...], cells: list, css: str = "") -> str:
    """A row of cells under the headings `keys`: text as given (escaped), numbers right-aligned."""
    tds = "".join(
        f"<td>{escape(str(c))}</td>" if k in TEXT_KEYS else f"<td class='num'>{escape(str(c))}</td>"
        for k, c in zip(keys, cells, strict=True)
    )
    return f"<tr class='{css}'>{tds}</tr>" if css else f"<tr>{tds}</tr>"


def _violations(report: HrReport, lang: str) -> str:
    p = report.period
    names = {e.id: e.name for e in p.inst.employees}
    keys = ("kind", "rule", "employee", "dates", "amount", "what")
    rows = [
        _row(
            keys,
            [
                label("hard" if v.hard else "soft", lang),
                rule_title(v.rule, lang),
                f"{v.employee} {names.get(v.employee, '')}" if v.employee else "",
                dates_text([p.date(d) for d in v.days], lang),
                amount_text(v.amount, v.unit, lang),
                v.text(lang),
            ],
            "hard" if v.hard else "soft",
        )
        for v in report.hard + report.soft
    ]
    table = (
        _table("violations", keys, rows, lang)
        if rows
        else f"<p id='violations'>{label('no_violations', lang)}</p>"
    )
    return _section("violations-section", "violations", lang, table)


def _open_shifts(report: HrReport, lang: str) -> str:
    p = report.period
    if not report.open_shifts:
        return ""
    keys = ("date", "shift", "start", "end", "hours", "unit")
    rows = [
        _row(
            keys,
            [
                date_text(p.date(s.day), lang),
                s.code or label("ad_hoc", lang),
                f"{p.moment(s.start):%H:%M}",
                f"{p.moment(s.end):%H:%M}",
                hours_text(s.paid, lang),
                s.unit or "",
            ],
        )
        for s in report.open_shifts
    ]
    return _section("open-shifts", "open_shifts", lang, _table("open-shifts-table", keys, rows, lang))


def _coverage(report: HrReport, lang: str) -> str:
    """One matrix per ISO week: rows are the shifts' staffing lines, columns the week's days."""
    p = report.period
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for day in p.plan_days:
        weeks[p.iso_week(day)].append(day)
    by_cell = {(c.shift, c.key, c.day): c for c in report.coverage}
    order = {st.code: i for i, st in enumerate(p.inst.shifts)}
    lines = sorted(
        {(c.shift, c.key): c for c in report.coverage}.items(), key=lambda kv: order.get(kv[0][0], 0)
    )
    tables = []
    for (year, week), days in weeks.items():
        heads = "".join(
            f"<th class='num'>{weekday_name(p.date(d), lang)} {p.date(d).day}.{p.date(d).month}</th>"
            for d in days
        )
        rows = []
        for (shift, key), sample in lines:
            cells = [_coverage_cell(by_cell.get((shift, key, d)), lang) for d in days]
            if not all("empty" in c for c in cells):
                rows.append(
                    f"<tr><th>{escape(shift)}</th><td>{escape(sample.text(lang))}</td>{''.join(cells)}</tr>"
                )
        tables.append(
            f"<table class='coverage-matrix'><caption>{escape(week_text(year, week, lang))}</caption>"
            "<thead><tr>"
            f"<th>{label('shift', lang)}</th><th>{label('requirement', lang)}</th>{heads}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    legend = ", ".join(f"{escape(c.id)}: {escape(c.name)}" for c in p.inst.competencies)
    content = (
        f"<p class='note'>{label('coverage_note', lang)}</p>{''.join(tables)}"
        f"<p class='legend'>{label('competencies', lang)}: {legend}</p>"
    )
    return _section("coverage", "coverage", lang, content)


def _coverage_cell(line: CoverageLine | None, lang: str) -> str:
    if line is None:
        return "<td class='cell empty'></td>"
    if line.required is not None and line.limit is not None:
        need = f"{line.required}–{line.limit}"
    else:
        need = str(line.required) if line.required is not None else f"≤{line.limit}"
    state = "short" if line.short else "over" if line.over else ""
    if not state and line.ideal is not None and line.present < line.ideal:
        state = "below-ideal"
    opened = f"<span class='open'>{line.open} {label('open', lang).lower()}</span>" if line.open else ""
    return f"<td class='cell {state}'>{line.present}/{need}{opened}</td>"


def _week_totals(report: HrReport, lang: str) -> str:
    keys = ("week", "requirement", "required", "present", "short", "over", "shifts_short")
    rows = [
        _row(
            keys,
            [
                week_text(w.year, w.week, lang),
                w.text(lang),
                w.required,
                w.present,
                w.short,
                w.over,
                w.shifts_short,
            ],
            "short-row" if w.short or w.over else "",
        )
        for w in report.weeks
    ]
    return _section(
        "coverage-weeks", "coverage_weeks", lang, _table("coverage-weeks-table", keys, rows, lang)
    )


def _employees(report: HrReport, lang: str) -> str:
    rows = [
        _row(
            EMPLOYEE_KEYS,
            [
                e.employee,
                e.name,
                e.unit,
                number(e.position, lang),
                number(e.planned / 60, lang, ".2f"),
                number(e.contract / 60, lang, ".2f"),
                number((e.planned - e.contract) / 60, lang, "+.2f"),
                *e.counts(),
            ],
            "short-row" if e.hard_violations else "",
        )
        for e in report.employees
    ]
    return _section("employees", "employees", lang, _table("employees-table", EMPLOYEE_KEYS, rows, lang))
