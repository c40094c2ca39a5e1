"""Words and time formats of the instance language, shared by the schema, calendar and rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

OFF = "off"  # "a day off" in fixed assignments and wishes
DAY_TYPES = ("weekday", "saturday", "sunday")  # "sunday" also covers public holidays
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def parse_clock(value: Any) -> dt.time:
    """'07:30' -> time(7, 30)."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        hours, minutes = (int(part) for part in value.strip().split(":"))
        if hours < 24 and minutes < 60:
            return dt.time(hours, minutes)
    raise ValueError(f"expected a clock time HH:MM such as 07:30, got {value!r}")


def parse_weekday_time(text: str) -> tuple[int, dt.time]:
    """'Sat 00:00' -> (5, time(0, 0))."""
    parts = text.split() if isinstance(text, str) else []
    if len(parts) != 2 or parts[0].lower()[:3] not in WEEKDAYS:
        raise ValueError(f"expected a weekday and a time such as 'Sat 00:00', got {text!r}")
    return WEEKDAYS[parts[0].lower()[:3]], parse_clock(parts[1])
