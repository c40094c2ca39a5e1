"""Errors a user can act on, and the exit status each one ends with (see README: error contract)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_HARD_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_NO_ROSTER = 4
EXIT_BUG = 70

MAX_PROBLEMS_TOLD = 40  # problems of one file printed; a screenful, enough to see what is wrong


class RosterError(Exception):
    """An error with a message meant for the person at the keyboard, never a traceback."""

    exit_code = EXIT_BAD_INPUT


class InputError(RosterError):
    """A file or option is wrong: names the file, the field or line, and what is wrong."""

    def __init__(self, source: str, problems: list[tuple[str, str]] | str):
        if isinstance(problems, str):
            problems = [("", problems)]
        self.source = source
        self.problems = problems
        lines = [f"{source}: {where}: {what}" if where else f"{source}: {what}" for where, what in problems]
        if len(lines) > MAX_PROBLEMS_TOLD:  # a wrong file can have a problem in every line
            lines[MAX_PROBLEMS_TOLD:] = [f"{source}: ... and {len(lines) - MAX_PROBLEMS_TOLD} more problems"]
        super().__init__("\n".join(lines))


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
