"""HR's report on a checked roster: violations, coverage by competency and per-employee figures, as
text, JSON, an XLSX workbook or a self-contained HTML page, in Norwegian or English."""

from __future__ import annotations

from pathlib import Path

from roster.errors import InputError
from roster.io.atomic import write_atomic
from roster.report.content import HrReport, build_report
from roster.report.text import as_text

REPORT_SUFFIXES = (".xlsx", ".html", ".htm")


def check_report_path(path: Path) -> None:
    """Refuse a report file name of another type before any work is done."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise InputError(str(path), "a report is written as .xlsx or .html; give a file name ending in one")


def write_report(path: Path, report: HrReport, lang: str, force: bool = False) -> None:
    """The report as a workbook (.xlsx) or one HTML page (.html), by the file's suffix."""
    check_report_path(path)
    if path.suffix.lower() == ".xlsx":
        from roster.report.xlsx import write_report_xlsx

        write_report_xlsx(path, report, lang, force)
        return
    from roster.report.html import as_html

    page = as_html(report, lang)
    write_atomic(path, lambda tmp: tmp.write_text(page, encoding="utf-8"), force)


__all__ = ["HrReport", "as_text", "build_report", "check_report_path", "write_report"]
