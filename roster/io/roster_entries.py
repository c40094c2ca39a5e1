"""A shift as a roster file states it, before it is matched to an instance; and the words roster
files use for days off and open shifts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from roster.errors import Message
from roster.io.cell_values import Moment
from roster.terms import OFF

Problems = list[tuple[Message, Message]]  # (where, what), each worded in both languages

# Day-off words besides the reserved `off` and F1..F9 (which no shift code may use). They are days
# off only where the instance has no shift code spelt alike.
DAY_OFF_WORDS = ("fri", "-", "–")
OPEN_SHIFT = re.compile(
    r"(open|ledig|ledige|åpen|åpne|vakant|ubesatt|ikke besatt)(\s+(shifts?|vakt|vakter))?(\s*\d+)?|\?+",
    re.IGNORECASE,
)


@dataclass
class Entry:
    """One shift in a roster file: who (as written), when, and which shift (a code and/or times)."""

    employee: str  # an id or a name as written; '' for an open shift
    date: dt.date | None
    code: str = ""  # '' when only times are given
    start: Moment | None = None
    end: Moment | None = None
    hours: float | None = None  # paid hours, where the file gives them
    unit: str = ""
    name: str = ""  # a second column with the employee's name, where the file has one
    open: bool = False  # an open shift: nobody is on it yet
    where: dict[str, Message] = field(default_factory=dict)  # field -> the place of its cell
    bad: dict[str, Message] = field(default_factory=dict)  # field -> what is wrong with its cell

    def at(self, key: str) -> Message:
        """The place of a field's cell (the employee may be in a name column, the shift in times)."""
        for candidate in (key, *FALLBACK.get(key, ())):
            if candidate in self.where:
                return self.where[candidate]
        return next(iter(self.where.values()), "")


FALLBACK = {"employee": ("name",), "shift": ("start", "end"), "start": ("shift",), "end": ("shift",)}
FIELDS = ("employee", "date", "shift", "start", "end", "hours")  # the order problems are told in


def is_reserved_day_off(code: str) -> bool:
    """`off` and F1..F9 are reserved for days off by the instance format (never shift codes)."""
    return code.lower() == OFF or re.fullmatch(r"[Ff]\d", code) is not None


def is_open_shift(text: str) -> bool:
    """'Ledig', 'Ledige vakter', 'Open shift 2', 'åpen', '?': nobody is on this shift yet."""
    return OPEN_SHIFT.fullmatch(text.strip()) is not None
