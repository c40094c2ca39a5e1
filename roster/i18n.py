"""Norwegian (nb) and English (en) wording of what users read: violation sentences and report labels.

A rule words a violation as a `Text`: an English and a Norwegian template with named values, and
each value is shown the way its language writes it (a date as 'Mon 2 Mar' or 'man. 2. mars', hours
as '1.5 h' or '1,5 t'). A rule that gives only an English string still works: Norwegian output
falls back to the English sentence.

    Text("{gap} between {first} and {second}", "{gap} mellom {first} og {second}",
         gap=Hours(570), first=ShiftOn(p, a), second=ShiftOn(p, d))
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable
from typing import Any

LANGS = ("nb", "en")
# The people who read `roster check` (HR, unit leaders) read Norwegian; English is for the rest.
DEFAULT_LANG = "nb"

_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "nb": ("man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn."),
}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nb": ("jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."),
}

# Domain words that appear inside sentences (day types, absences, categories, units of amounts).
GLOSSARY = {
    # day types, plural as in "not run on saturdays"
    "weekdays": "hverdager",
    "saturdays": "lørdager",
    "sundays": "søn- og helligdager",
    # absences
    "vacation": "ferie",
    "sick": "sykefravær",
    "leave": "permisjon",
    "parental": "foreldrepermisjon",
    "course": "kurs",
    "other": "annet fravær",
    # categories of the fair spread
    "nights": "netter",
    "evenings": "kveldsvakter",
    "weekends": "helger",
    "holidays": "helligdagsvakter",
    # what an amount counts
    "h": "t",
    "staff": "ansatte",
    "staff missing": "ansatte for lite",
    "staff extra": "ansatte for mye",
    "shifts": "vakter",
    "days": "dager",
    "returns": "korte hvil",
    "rotations": "vendinger",
    "wishes": "ønsker",
    # shift kinds
    "day": "dag",
    "evening": "kveld",
    "night": "natt",
    # what an input file names (in its errors)
    "site": "sted",
    "unit": "enhet",
    "competency": "kompetanse",
    "shift": "vakt",
    "employee": "ansatt",
    "id": "id",
    "code": "kode",
    "zone": "sone",
    "recipient": "mottaker",
    "visit id": "besøks-id",
    "rule": "regel",
    # words of sentences
    "a day off": "fri",
    "ad hoc": "ekstravakt",
    "off": "fri",
}


def choose(words: tuple[str, str], lang: str) -> str:
    """The English or the Norwegian of an (en, nb) pair of words."""
    return words[1] if lang == "nb" else words[0]


def number(value: float, lang: str, spec: str = "g") -> str:
    """A number as the language writes it: 1.5 in English, 1,5 in Norwegian."""
    text = format(value, spec)
    return text.replace(".", ",") if lang == "nb" else text


def term(word: str, lang: str) -> str:
    """A domain word from the glossary in the language (English words are the keys)."""
    return GLOSSARY.get(word, word) if lang == "nb" else word


def date_text(date: dt.date, lang: str, weekday: bool = True) -> str:
    """'Mon 2 Mar' / 'man. 2. mars' (without the weekday: '2 Mar' / '2. mars')."""
    day = f"{date.day}." if lang == "nb" else str(date.day)
    text = f"{day} {_MONTHS[lang][date.month - 1]}"
    return f"{_WEEKDAYS[lang][date.weekday()]} {text}" if weekday else text


# Columns wide enough for every date_text: 'Wed 30 Sep' / 'ons. 30. sep.'.
DATE_WIDTH = {"en": 11, "nb": 14}


def weekday_name(date: dt.date, lang: str) -> str:
    return _WEEKDAYS[lang][date.weekday()]


def hours_text(minutes: float, lang: str) -> str:
    """Minutes as hours: '1.5 h' / '1,5 t' (two decimals where tenths do not suffice)."""
    spec = "g" if minutes % 6 == 0 else ".2f"
    return f"{number(minutes / 60, lang, spec)} {term('h', lang)}"


# ---- values of a Text: each knows how both languages write it -------------------------------------
class Day:
    """A day of a period: 'Mon 2 Mar' / 'man. 2. mars'."""

    def __init__(self, p: Any, day: int, weekday: bool = True):
        self.date, self.weekday = p.date(day), weekday

    def text(self, lang: str) -> str:
        return date_text(self.date, lang, self.weekday)


class Hours:
    """A duration given in minutes: '1.5 h' / '1,5 t'."""

    def __init__(self, minutes: float):
        self.minutes = minutes

    def text(self, lang: str) -> str:
        return hours_text(self.minutes, lang)


class ShiftOn:
    """A worked shift: 'A on 3 Mar' / 'A 3. mars', or the clock times of an ad-hoc shift."""

    def __init__(self, p: Any, shift: Any):
        self.date = p.date(shift.day)
        self.code = shift.code
        if shift.code is None:
            self.times = f"{p.moment(shift.start):%H:%M}-{p.moment(shift.end):%H:%M}"

    def text(self, lang: str) -> str:
        what = self.code if self.code is not None else self.times
        on = "" if lang == "nb" else "on "
        return f"{what} {on}{date_text(self.date, lang, weekday=False)}"


class Term:
    """A glossary word: Term('vacation') is 'vacation' / 'ferie'."""

    def __init__(self, word: str):
        self.word = word

    def text(self, lang: str) -> str:
        return term(self.word, lang)


class Ordinal:
    """'every 3rd' / 'hver 3.': the n in 'at most every n-th weekend'."""

    def __init__(self, n: int):
        self.n = n

    def text(self, lang: str) -> str:
        if lang == "nb":
            return "" if self.n == 1 else f"{self.n}."
        return {1: "", 2: "2nd", 3: "3rd"}.get(self.n, f"{self.n}th")


class Need:
    """A competency requirement: 'at least 1 with med' / 'minst 1 med med'."""

    def __init__(self, req: Any):
        self.req = req

    def text(self, lang: str) -> str:
        return requirement_text(self.req.of, self.req.at_least, self.req.at_most, lang)


def requirement_text(of: Iterable[str], at_least: int | None, at_most: int | None, lang: str) -> str:
    """'at least 1 with X', 'at most 1 from {X, Y}', '1-2 with X' (and in Norwegian)."""
    of = list(of)
    group = of[0] if len(of) == 1 else "{" + ", ".join(of) + "}"
    if lang == "nb":
        word = "med" if len(of) == 1 else "blant"
        least, most = "minst", "høyst"
    else:
        word = "with" if len(of) == 1 else "from"
        least, most = "at least", "at most"
    if at_most is None:
        return f"{least} {at_least} {word} {group}"
    if at_least is None:
        return f"{most} {at_most} {word} {group}"
    return f"{at_least}-{at_most} {word} {group}"


class Worked:
    """The shifts someone works on a day: 'D', 'D, ad hoc' or 'a day off' (and in Norwegian)."""

    def __init__(self, codes: Iterable[str | None]):
        self.codes = list(codes)

    def text(self, lang: str) -> str:
        words = [code or term("ad hoc", lang) for code in self.codes]
        return ", ".join(words) if words else term("a day off", lang)


class Text:
    """A sentence in English and (optionally) Norwegian, with named values for its templates."""

    __slots__ = ("en", "nb", "values")

    def __init__(self, en: str, nb: str | None = None, /, **values: Any):
        self.en, self.nb, self.values = en, nb, values

    @classmethod
    def literal(cls, en: str, nb: str | None = None) -> Text:
        """A Text of two finished sentences (braces in them are text, not placeholders)."""
        return cls(escaped(en), None if nb is None else escaped(nb))

    def render(self, lang: str) -> str:
        template = self.nb if lang == "nb" and self.nb is not None else self.en
        return _Formatter(lang).vformat(template, (), self.values)

    text = render  # a Text can be a value of another Text

    def _key(self) -> tuple:
        return self.en, self.nb, tuple(sorted(self.values.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self._key() == other._key()

    def __hash__(self) -> int:  # a requirement's Text names a group of constraints (roster/solver/groups.py)
        return hash(self._key())

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Text({self.render('en')!r})"


def escaped(sentence: str) -> str:
    """A finished sentence as a template: its braces are text."""
    return sentence.replace("{", "{{").replace("}", "}}")


def say(message: Any, lang: str) -> str:
    """A message in the language: a plain string as it is, a Text or Lines rendered."""
    return message if isinstance(message, str) else message.render(lang)


class Listing:
    """Values joined by commas, each written in the language: 'e1 (vacation 05.01-09.01), e2'."""

    def __init__(self, items: Iterable[Any]):
        self.items = list(items)

    def text(self, lang: str) -> str:
        return ", ".join(item.text(lang) if hasattr(item, "text") else str(item) for item in self.items)


class Lines:
    """Several sentences (str or Text), one per line, each rendered in the reader's language."""

    def __init__(self, lines: Iterable[Any]):
        self.lines = list(lines)

    def render(self, lang: str) -> str:
        return "\n".join(say(line, lang) for line in self.lines)

    text = render


class _Formatter(string.Formatter):
    """str.format where a value is written the way the language writes it."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if hasattr(value, "text"):
            return format(value.text(self.lang), format_spec)
        if isinstance(value, float):
            return number(value, self.lang, format_spec or "g")
        return super().format_field(value, format_spec)
