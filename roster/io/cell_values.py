"""Dates, clock times and date headings as other tools write them in roster files.

Each parser takes a cell (text from a CSV, or a typed value from a workbook) and returns None
when the cell is not what it looks for, so callers can say precisely which cell is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from roster.io.tables import cell_text

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?::\d{2})?")
_DATE_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})[T ](\d{1,2}[:.]\d{2}(?::\d{2})?)")
_TIME_RANGE = re.compile(r"(\d{1,2}(?:[:.]\d{2})?)\s*[-–]\s*(\d{1,2}(?:[:.]\d{2})?)")

WEEKDAY_WORDS = {
    0: ("ma", "man", "mandag", "mo", "mon", "monday"),
    1: ("ti", "tir", "tirsdag", "tu", "tue", "tuesday"),
    2: ("on", "ons", "onsdag", "we", "wed", "wednesday"),
    3: ("to", "tor", "torsdag", "th", "thu", "thursday"),
    4: ("fr", "fre", "fredag", "fri", "friday"),
    5: ("lø", "lør", "lørdag", "sa", "sat", "saturday", "lo", "lor", "lordag"),
    6: ("sø", "søn", "søndag", "su", "sun", "sunday", "so", "son", "sondag"),
}
_WEEKDAY = {word: day for day, words in WEEKDAY_WORDS.items() for word in words}
MONTH_WORDS = {
    1: ("januar", "january", "jan"),
    2: ("februar", "february", "feb"),
    3: ("mars", "march", "mar"),
    4: ("april", "apr"),
    5: ("mai", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("august", "aug"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nov"),
    12: ("desember", "december", "des", "dec"),
}
_MONTH = {word: month for month, words in MONTH_WORDS.items() for word in words}
_MONTH_YEAR = re.compile(r"\b([a-zæøå]+)\.?\s+(\d{4})\b")


def parse_date(value: Any) -> dt.date | None:
    """2026-03-02, 2.3.2026, 02.03.26 (and date-times at midnight as spreadsheets save them)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    try:
        if match := _ISO_DATE.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DOTTED_DATE.fullmatch(text):
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return dt.date(year, int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Moment:
    """A clock time, with the date when the cell gave one (2026-03-03T07:45)."""

    clock: dt.time
    date: dt.date | None = None


def parse_moment(value: Any) -> Moment | None:
    """07:30, 7.30, 2026-03-03T07:45, 3.3.2026 07:45, or a workbook time or date-time."""
    if isinstance(value, dt.datetime):
        return Moment(value.time().replace(second=0, microsecond=0), value.date())
    if isinstance(value, dt.time):
        return Moment(value.replace(second=0, microsecond=0))
    if isinstance(value, float) and 0 <= value < 1:  # a workbook time stored as a fraction of a day
        minutes = round(value * 1440)
        return Moment(dt.time(minutes // 60 % 24, minutes % 60))
    text = cell_text(value)
    if match := _DATE_TIME.fullmatch(text):
        date, clock = parse_date(match[1]), parse_clock(match[2])
        return Moment(clock, date) if date and clock else None
    clock = parse_clock(text)
    return Moment(clock) if clock else None


def parse_clock(text: str) -> dt.time | None:
    """'07:30', '7:30', '07.30' or a whole hour '7' (in a range such as 8-16)."""
    match = _CLOCK.fullmatch(text)
    hours, minutes = (
        (int(match[1]), int(match[2])) if match else (int(text), 0) if text.isdigit() else (-1, 0)
    )
    if 0 <= hours <= 24 and minutes < 60 and not (hours == 24 and minutes):
        return dt.time(hours % 24, minutes)
    return None


def parse_time_range(text: str) -> tuple[dt.time, dt.time] | None:
    """'07:30-15:00' or '8-16' in a grid cell: an ad-hoc shift given by its clock times."""
    match = _TIME_RANGE.fullmatch(text)
    if not match:
        return None
    start, end = parse_clock(match[1]), parse_clock(match[2])
    return (start, end) if start is not None and end is not None else None


@dataclass(frozen=True)
class DayHeading:
    """What a grid's column heading says about its date; any part may be missing ('ma 5', '05.01')."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None

    @property
    def full(self) -> dt.date | None:
        if None in (self.day, self.month, self.year):
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def fits(self, date: dt.date) -> bool:
        """Whether the date agrees with every part the heading gives."""
        return (
            self.day in (None, date.day)
            and self.month in (None, date.month)
            and self.year in (None, date.year)
            and self.weekday in (None, date.weekday())
        )


def parse_day_heading(value: Any) -> DayHeading | None:
    """A date heading of a grid column: a real date, '2026-01-05', '05.01.2026', '05.01', '5.1.',
    'ma 5', 'man 05.01', '5 ma' or a bare day number 1-31; a weekday alone ('ma') is not a date."""
    if isinstance(value, dt.date):
        date = value.date() if isinstance(value, dt.datetime) else value
        return DayHeading(date.day, date.month, date.year)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return DayHeading(int(value)) if float(value).is_integer() and 1 <= value <= 31 else None
    words = cell_text(value).lower().replace(",", " ").split()
    weekdays = [_WEEKDAY[w.rstrip(".")] for w in words if w.rstrip(".") in _WEEKDAY]
    rest = [w for w in words if w.rstrip(".") not in _WEEKDAY]
    if len(weekdays) > 1 or len(rest) != 1:
        return None
    weekday = weekdays[0] if weekdays else None
    text = rest[0]
    if (date := parse_date(text)) is not None:
        return DayHeading(date.day, date.month, date.year, weekday)  # a wrong weekday is reported later
    if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.?", text):
        day, month = int(match[1]), int(match[2])
        return DayHeading(day, month, weekday=weekday) if 1 <= day <= 31 and 1 <= month <= 12 else None
    if match := re.fullmatch(r"(\d{1,2})\.?", text):
        day = int(match[1])
        return DayHeading(day, weekday=weekday) if 1 <= day <= 31 else None
    return None


def weekday_of(value: Any) -> int | None:
    """The weekday a cell names ('ma', 'Mon', 'søndag'), or None."""
    return _WEEKDAY.get(cell_text(value).lower().rstrip("."))


def date_in_title(value: Any) -> dt.date | None:
    """The first date a title cell mentions ('Turnus 5.1.2026–1.2.2026', 'Januar 2026')."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = cell_text(value).lower()
    for token in re.findall(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}", text):
        if (date := parse_date(token)) is not None:
            return date
    for word, year in _MONTH_YEAR.findall(text):
        if word in _MONTH:
            return dt.date(int(year), _MONTH[word], 1)
    return None
