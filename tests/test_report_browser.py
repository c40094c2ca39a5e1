"""The HTML report in a real headless browser (Debian's chromium, installed by .ci/run): the page
renders, its violation table and coverage matrix are in the rendered page, a screenshot is not
blank, and it prints on A4 landscape. The browser runs offline with a fresh profile each time."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from roster.check import check
from roster.io.roster_any import ReadRoster
from roster.report import build_report, write_report
from tests import png
from tests.conftest import roster_of
from tests.roster_forms import every_rule_instance, every_rule_roster

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((path for name in BROWSERS if (path := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no chromium on PATH; .ci/run installs Debian's package (apt-get install chromium)",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # containers often have a small /dev/shm
)
ALARM_RED = (0xF8, 0xD7, 0xDA)  # the box of hard violations when there are some (roster/report/html.py)
A4_LANDSCAPE = (841.92, 595.2)  # points


def browse(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    p, roster = every_rule_roster(every_rule_instance())
    open_shift = roster_of(p, "e9: . . . A").of("e9")
    report = build_report(p, ReadRoster(roster, open_shift), check(p, roster), "every-rule.csv", "grid")
    path = tmp_path_factory.mktemp("html") / "report.html"
    write_report(path, report, "nb")
    return path, report


class Dom(HTMLParser):
    """Rows per table id, coverage matrices, and cells marked short, in the rendered DOM."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, int] = {}
        self.matrices = self.short_cells = 0
        self.in_coverage = False
        self._table: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id") == "coverage":
            self.in_coverage = True
        if tag == "table":
            self._table.append(attrs.get("id"))
            self.matrices += self.in_coverage and attrs.get("class") == "coverage-matrix"
        if tag == "tr" and self._table and self._table[-1]:
            self.rows[self._table[-1]] = self.rows.get(self._table[-1], 0) + 1
        if tag == "td" and "short" in (attrs.get("class") or "").split():
            self.short_cells += 1

    def handle_endtag(self, tag):
        if tag == "table" and self._table:
            self._table.pop()
        if tag == "section":
            self.in_coverage = False


def test_the_rendered_page_holds_the_violations_and_the_coverage_matrix(tmp_path, page):
    path, report = page
    dom = browse(tmp_path, "--dump-dom", path.as_uri()).stdout.decode("utf-8")
    assert "<title>Kontroll av turnus: Tiny base" in dom
    parsed = Dom()
    parsed.feed(dom)
    assert parsed.rows["violations"] == len(report.violations) + 1  # with the heading row
    assert parsed.matrices == 2  # one per week
    assert parsed.short_cells == sum(1 for c in report.coverage if c.short)
    assert parsed.rows["open-shifts-table"] == 2


def test_a_screenshot_is_not_blank_and_shows_hard_violations_in_red(tmp_path, page):
    path, _ = page
    shot = tmp_path / "page.png"
    browse(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", "--hide-scrollbars", path.as_uri())
    counts = png.colours(shot.read_bytes())
    total = sum(counts.values())
    white = counts[bytes((255, 255, 255))]
    assert len(counts) > 50  # text, borders and fills: many colours
    assert (total - white) / total > 0.1  # more than a tenth of the page is not background
    assert counts[bytes(ALARM_RED)] > 0  # the stylesheet was applied


def test_it_prints_on_a4_landscape(tmp_path, page):
    path, _ = page
    pdf = tmp_path / "page.pdf"
    browse(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", path.as_uri())
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no page in the PDF"
    for width, height in boxes:
        assert float(width) == pytest.approx(A4_LANDSCAPE[0], abs=1)
        assert float(height) == pytest.approx(A4_LANDSCAPE[1], abs=1)
