"""HR's report: the coverage matrix, weekly totals, per-employee figures, and the same content as
text, JSON, XLSX and HTML, in Norwegian and English."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from roster.calendar import Period
from roster.check import check
from roster.io.roster_any import ReadRoster
from roster.report import as_text, build_report, write_report
from roster.report.html import as_html
from tests.conftest import make_instance, roster_of

HOLIDAY = dt.date(2026, 3, 4)  # a Wednesday, made a public holiday


@pytest.fixture(scope="module")
def report():
    inst = make_instance(holidays={"country": "NO", "extra": [HOLIDAY]})
    p = Period(inst, dt.date(2026, 3, 2), 14, history_days=7)
    history = roster_of(p, "e1@-2: D D")
    roster = roster_of(
        p,
        """
        e1: D . D A D D D . . . . N
        e5: D
        e2: . A . . . . A
        """,
    ).with_history(history)
    open_a = roster_of(p, "e9: . . . . . . . A")  # an open A on day 7, nobody on it
    read = ReadRoster(roster, open_a.of("e9"))
    return build_report(p, read, check(p, roster), "roster.csv", "long")


def line(report, day: int, shift: str, of: tuple = ()):
    return next(
        c for c in report.coverage if c.day == day and c.shift == shift and c.key[:1] == ((of,) if of else ())
    )


def test_coverage_lines_count_staff_and_competencies(report):
    d0 = line(report, 0, "D")
    assert (d0.required, d0.ideal, d0.present, d0.short) == (1, 1, 2, 0)
    assert line(report, 0, "D", ("med",)).present == 1  # e1 is a nurse (implies med), e5 is not
    a1 = line(report, 2, "A")
    assert (a1.present, a1.short) == (0, 1)
    a7 = line(report, 7, "A")
    assert (a7.present, a7.short, a7.open) == (0, 1, 1)  # an open shift is not staff
    assert line(report, 0, "N").short == 0  # N has no minimum


def test_week_totals_sum_the_lines_of_each_kind(report):
    week10 = {w.text("en"): w for w in report.weeks if w.week == 10}
    staff = week10["staff"]
    expected = [
        c for c in report.coverage if c.requirement is None and report.period.iso_week(c.day) == (2026, 10)
    ]
    assert staff.required == sum(c.required for c in expected) == 14  # D and A at least 1 on 7 days
    assert staff.short == sum(c.short for c in expected)
    assert staff.shifts_short == sum(1 for c in expected if c.short)
    assert week10["med"].required == 7


def test_per_employee_figures(report):
    e1 = next(e for e in report.employees if e.employee == "e1")
    assert e1.shifts == 7 and e1.planned == 6 * 450 + 600
    assert e1.weekends == 2  # Sat 7 Mar, and the Friday night 13-14 Mar that runs into Saturday
    assert (e1.nights, e1.sundays, e1.holidays) == (1, 1, 1)
    assert e1.quick_returns == 1  # A on Thursday, D on Friday
    assert e1.longest_run == 5  # Wednesday to Sunday (the history run 28 Feb-2 Mar is 3)
    # e1 works nights: the hours due follow the three-shift norm, as in contract_hours (exact figures
    # in tests/test_night_cover.py)
    assert e1.contract < report.period.contract_minutes(report.period.inst.employee_by_id["e1"])
    assert e1.hard_violations == sum(1 for v in report.hard if v.employee == "e1") > 0


def test_json_content(report):
    data = report.as_dict("en")
    assert data["hard_violations"] == len(report.hard) and data["soft_cost"] == report.soft_cost
    first = data["violations"][0]
    assert set(first) == {
        "rule",
        "title",
        "hard",
        "employee",
        "name",
        "dates",
        "amount",
        "unit",
        "cost",
        "law",
        "message",
    }
    assert {"date", "shift", "requirement", "required", "present", "open", "short", "over"} <= set(
        data["coverage"][0]
    )
    assert {"week", "requirement", "required", "present", "short", "shifts_short"} <= set(
        data["coverage_weeks"][0]
    )
    assert data["open_shifts"] == [
        {"date": "2026-03-09", "shift": "A", "start": "2026-03-09T14:30", "end": "2026-03-09T22:00",
         "hours": 7.5, "unit": "base"}
    ]  # fmt: skip
    norwegian = report.as_dict("nb")
    assert norwegian["violations"][0]["message"] != first["message"]
    assert norwegian["coverage"][0]["requirement"] == "ansatte"


def test_text_in_both_languages(report):
    english, norwegian = as_text(report, "en"), as_text(report, "nb")
    assert english.startswith(f"roster.csv: {len(report.hard)} hard violation(s)")
    assert norwegian.startswith(f"roster.csv: {len(report.hard)} harde brudd")
    assert "A on Wed 4 Mar has 0 staff, needs at least 1" in english
    assert "A ons. 4. mars har 0 på vakt, trenger minst 1" in norwegian
    assert "Ledige vakter: 1" in norwegian and "Per ansatt" in norwegian


def test_xlsx_has_a_sheet_each_and_marks_shortfalls_red(tmp_path, report):
    path = tmp_path / "report.xlsx"
    write_report(path, report, "nb")
    book = load_workbook(path)
    assert book.sheetnames == [
        "Sammendrag",
        "Brudd",
        "Dekning per vakt og kompetanse",
        "Sum per kompetanse og uke",
        "Per ansatt",
        "Ledige vakter",
    ]
    coverage = book["Dekning per vakt og kompetanse"]
    rows = list(coverage.iter_rows(min_row=2))
    short = [r for r in rows if r[8].value]  # the "Mangler" column
    assert short and all(r[0].fill.fgColor.rgb.endswith("F4B6B6") for r in short)
    fine = [r for r in rows if not r[8].value and not r[9].value]
    assert fine and not any(r[0].fill.fgColor.rgb.endswith("F4B6B6") for r in fine)
    below_ideal = [r for r in fine if r[4].value is not None and r[6].value < r[4].value]
    assert below_ideal and all(r[0].fill.fgColor.rgb.endswith("FFF2CC") for r in below_ideal)
    assert book["Brudd"].max_row == len(report.violations) + 1
    assert book["Per ansatt"]["A1"].value == "Ansatt"


class _Tables(HTMLParser):
    """Table ids and classes, and the text of every cell."""

    def __init__(self):
        super().__init__()
        self.tables, self.cells, self.external = [], [], []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append((attrs.get("id"), attrs.get("class")))
        if tag in ("td", "th"):
            self._cell = ""
        if tag in ("link", "script", "img") or "src" in attrs:
            self.external.append(tag)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(self._cell)
            self._cell = None


def test_html_is_one_self_contained_page_with_the_tables(report):
    page = as_html(report, "nb")
    parsed = _Tables()
    parsed.feed(page)
    ids = [ident for ident, _ in parsed.tables]
    assert {"violations", "open-shifts-table", "coverage-weeks-table", "employees-table"} <= set(ids)
    assert sum(1 for _, css in parsed.tables if css == "coverage-matrix") == 2  # two weeks
    assert not parsed.external and "http" not in page  # nothing to fetch
    assert "@page { size: A4 landscape" in page and "@media print" in page
    assert "0/1" in parsed.cells  # A on Wednesday: nobody of the one required
    assert "class='cell short'>0/1" in page
