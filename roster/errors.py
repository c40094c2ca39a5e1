"""Errors a user can act on, and the exit status each one ends with (see README: error contract).

A message is a plain string or a `Text` with its Norwegian wording; `str(error)` is English, and
`error.in_lang(lang)` is what the command prints in its `--lang`. The place of an input file's
problem (a line, a cell) is a message too, so it is worded in the same language."""

from __future__ import annotations

from collections.abc import Iterable

from roster.i18n import Lines, Term, Text, say

EXIT_OK = 0
EXIT_HARD_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_NO_ROSTER = 4
EXIT_BUG = 70

MAX_PROBLEMS_TOLD = 40  # problems of one file printed; a screenful, enough to see what is wrong


Message = str | Text | Lines  # what `say` words in a language


class RosterError(Exception):
    """An error with a message meant for the person at the keyboard, never a traceback."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: Message = ""):
        self.message = message
        super().__init__(say(message, "en"))

    def in_lang(self, lang: str) -> str:
        return say(self.message, lang)


class InputError(RosterError):
    """A file or option is wrong: names the file, the field or line, and what is wrong."""

    def __init__(self, source: str, problems: list[tuple[Message, Message]] | Message):
        if isinstance(problems, (str, Text, Lines)):
            problems = [("", problems)]
        self.source = source
        self.told = problems  # (where, what) as given, each in both languages where it has them
        Exception.__init__(self, self.in_lang("en"))

    @property
    def problems(self) -> list[tuple[str, str]]:
        """(where, what) in English."""
        return [(say(where, "en"), say(what, "en")) for where, what in self.told]

    def in_lang(self, lang: str) -> str:
        lines = [
            f"{self.source}: {say(where, lang)}: {say(what, lang)}"
            if where
            else f"{self.source}: {say(what, lang)}"
            for where, what in self.told
        ]
        if len(lines) > MAX_PROBLEMS_TOLD:  # a wrong file can have a problem in every line
            more = Text(
                "... and {n} more problems", "... og {n} problemer til", n=len(lines) - MAX_PROBLEMS_TOLD
            )
            lines[MAX_PROBLEMS_TOLD:] = [f"{self.source}: {more.render(lang)}"]
        return "\n".join(lines)


def unknown(what: str, value: object, known: Iterable[str]) -> Text:
    """A reference to nothing, as "unknown shift 'X'; known: A, D, N"; `what` is a glossary word."""
    known = sorted(known)
    if not known:
        return Text(
            "unknown {what} {value!r}; the instance defines none",
            "ukjent {what} {value!r}; instansen har ingen",
            what=Term(what),
            value=value,
        )
    return Text(
        "unknown {what} {value!r}; known: {known}",
        "ukjent {what} {value!r}; kjente: {known}",
        what=Term(what),
        value=value,
        known=", ".join(known),
    )


def duplicate(what: str, value: object) -> Text:
    return Text(
        "duplicate {what} {value!r}", "{what} {value!r} er gitt to ganger", what=Term(what), value=value
    )


class Invalid(ValueError):
    """A validator's complaint in both languages; pydantic keeps it in its error's ctx, and the
    reader of the file (instance.py) words it in the command's language."""

    def __init__(self, en: str, nb: str, /, **values: object):
        self.text = Text(en, nb, **values)
        super().__init__(self.text.render("en"))


class Infeasible(RosterError):
    """The instance cannot be staffed within the hard rules; the message says why in domain words."""

    exit_code = EXIT_INFEASIBLE


class NoRosterFound(RosterError):
    """The time limit or Ctrl-C came before the solver found any roster."""

    exit_code = EXIT_NO_ROSTER


class CheckerDisagrees(RosterError):
    """The solver's roster breaks a hard rule according to the independent checker, or the model
    itself is invalid: a bug, never the user's fault."""

    exit_code = EXIT_BUG
