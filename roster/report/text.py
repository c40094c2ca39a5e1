"""The HR report on a terminal: a summary line, the violations, open shifts, coverage shortfalls and
a table per employee (the whole coverage matrix is in --report and --json)."""

from __future__ import annotations

from roster.i18n import date_text, hours_text, number
from roster.report.content import HrReport
from roster.report.labels import COUNT_KEYS, label

EMPLOYEE_COLUMNS = ("employee", "planned", "contract", "difference", *COUNT_KEYS)


def as_text(report: HrReport, lang: str) -> str:
    p = report.period

    def t(key: str) -> str:
        return label(key, lang)

    n_hard, n_soft = len(report.hard), len(report.soft)
    lines = [
        f"{report.source}: {n_hard} harde brudd, {n_soft} myke avvik, myk kostnad {report.soft_cost}"
        if lang == "nb"
        else f"{report.source}: {n_hard} hard violation(s), {n_soft} soft, soft cost {report.soft_cost}",
        f"  {p.inst.name}: {p.start:%d.%m.%Y}–{p.end:%d.%m.%Y}, {t(report.form)}"
        + (f" ({t('sheet')} {report.sheet})" if report.sheet else ""),
    ]
    lines += [
        f"  {t('hard').upper() if v.hard else t('soft'):5} {v.text(lang)}" for v in report.hard + report.soft
    ]
    if report.open_shifts:
        lines += ["", f"{t('open_shifts')}: {len(report.open_shifts)}"]
        lines += [
            f"  {date_text(p.date(s.day), lang)}  {s.code or t('ad_hoc')}  "
            f"{p.moment(s.start):%H:%M}-{p.moment(s.end):%H:%M}  {hours_text(s.paid, lang)}"
            for s in report.open_shifts
        ]
    short = [c for c in report.coverage if c.short or c.over]
    lines += ["", f"{t('coverage_shortfalls')}: {len(short)}" if short else t("no_shortfalls")]
    for c in short:
        gap = f"{t('short').lower()} {c.short}" if c.short else f"{t('over').lower()} {c.over}"
        present = f"{t('present').lower()} {c.present}"
        lines.append(f"  {date_text(c.date, lang):14} {c.shift:5} {c.text(lang):40} {present}, {gap}")
    lines += ["", t("employees"), *_employee_table(report, lang)]
    return "\n".join(lines)


def _employee_table(report: HrReport, lang: str) -> list[str]:
    rows = [[label(key, lang) for key in EMPLOYEE_COLUMNS]]
    for e in report.employees:
        rows.append(
            [
                e.employee,
                number(e.planned / 60, lang, ".2f"),
                number(e.contract / 60, lang, ".2f"),
                number((e.planned - e.contract) / 60, lang, "+.2f"),
                *map(str, e.counts()),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(EMPLOYEE_COLUMNS))]
    return [
        "  "
        + "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
