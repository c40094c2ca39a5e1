"""The shape of a rule: an encoding that adds it to the CP-SAT model, and an independent check.

The check reads a finished roster in plain Python from real clock times and imports no OR-Tools,
so it can judge rosters from any source and hold the solver to account.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from roster import i18n
from roster.errors import Message
from roster.i18n import Day, Text

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import CpModel

    from roster.calendar import Period
    from roster.instance import Employee, Instance, ShiftType
    from roster.schedule import Roster
    from roster.solver.variables import Variables


@dataclass(frozen=True)
class Violation:
    """One breach of a rule in a roster, with its size and a sentence a unit leader understands."""

    rule: str
    hard: bool
    message: str
    employee: str | None = None
    days: tuple[int, ...] = ()
    amount: float = 0.0
    unit: str = ""  # what `amount` counts: "h", "staff", "days", "weekends", ...
    cost: int = 0  # soft rules: the penalty it adds to the objective
    law: str | None = None
    message_nb: str | None = None  # the Norwegian sentence, where the rule gives one

    def text(self, lang: str) -> str:
        """The sentence in the language (`nb` falls back to English where the rule has no Norwegian)."""
        return self.message_nb if lang == "nb" and self.message_nb is not None else self.message


@dataclass(frozen=True)
class Penalty:
    """A weighted, non-negative term of the objective, named after its rule."""

    rule: str
    weight: int
    term: Any  # a CP-SAT linear expression
    label: str = ""  # for relaxed minimums: what falls short, in words
    unit: str = ""  # what one unit of the term is ("staff", "min")


class Params(BaseModel):
    """Base of every rule's parameters: all can be switched off (unless the law forbids it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    enabled: bool = True


class Rule:
    """One roster rule. Subclasses set the class attributes and override what they need."""

    name: ClassVar[str]
    title: ClassVar[str]
    title_nb: ClassVar[str | None] = None  # the title in Norwegian (reports fall back to `title`)
    hard: ClassVar[bool] = True
    # A soft rule is a standard, which a good roster usually meets in full (fair spread, quick
    # returns, wishes, visits), or a target, which asks for more than the staff's hours can give,
    # so that even the best roster pays for it (ideal staffing). The search first looks for a
    # roster that meets every standard (roster/solver/standards.py).
    target: ClassVar[bool] = False
    law: ClassVar[str | None] = None  # the legal reference, if the rule is law
    # Whom a verdict concerns: "employee" (each person on their own), "demand" (staff counted per
    # shift against the demand) or "group" (people compared with each other). Searches that
    # re-solve a few people at a time rely on it (roster/solver/improve.py).
    staff_scope: ClassVar[str] = "employee"
    Params: ClassVar[type[Params] | None] = None
    # Explaining infeasibility (roster/solver/explain.py): whether the rule may be named among the
    # conflicting requirements (not the roster's own structure), and whether the choices its
    # `allows` rules out become switchable constraints per employee (absences, fixed days).
    explainable: ClassVar[bool] = True
    allows_per_employee: ClassVar[bool] = False

    def params(self, inst: Instance) -> Any:
        return getattr(inst.rules, self.name)

    def applies(self, inst: Instance) -> bool:
        return self.Params is None or self.params(inst).enabled

    def problems(self, inst: Instance) -> list[tuple[str, Message]]:
        """(field path, problem) for parameters that do not fit the instance (e.g. unknown shifts)."""
        return []

    def allows(self, p: Period, emp: Employee, day: int, shift: ShiftType) -> bool:
        """False when this rule alone rules out the shift for the employee on the day.

        The model makes no variable for such a choice: this is the rule's cheapest encoding.
        Rules whose verdict does not depend on the day override `allows_shift` instead."""
        return self.allows_shift(p, emp, shift)

    def allows_shift(self, p: Period, emp: Employee, shift: ShiftType) -> bool:
        """False when this rule rules out the shift for the employee on every day."""
        return True

    def encode(self, m: CpModel, v: Variables, p: Period) -> list[Penalty]:
        return []

    def check(self, p: Period, roster: Roster) -> list[Violation]:
        return []

    def title_in(self, lang: str) -> str:
        """The title in the language (English where the rule has no Norwegian title)."""
        return self.title_nb if lang == "nb" and self.title_nb else self.title

    def heading(self, lang: str = "en") -> str:
        """The legal reference and the title that open each of the rule's sentences."""
        title = self.title_in(lang)
        return f"{self.law} {title}" if self.law else title

    def violation(self, message: str | Text, **fields: Any) -> Violation:
        """A violation of this rule; `message` is English, or a `Text` in English and Norwegian."""
        if isinstance(message, Text):
            english = message.render("en")
            fields["message_nb"] = f"{self.heading('nb')}: {message.render('nb')}" if message.nb else None
        else:
            english = message
        return Violation(self.name, self.hard, f"{self.heading()}: {english}", law=self.law, **fields)

    def stretch_violation(
        self,
        p: Period,
        emp_id: str,
        group,
        worst: Text,
        amount: float,
        state: tuple[str, str],
        periods: tuple[str, str] = ("7-day periods", "7-dagersperioder"),
    ) -> Violation:
        """One violation for a stretch of overlapping windows of days (see `stretches`), told by
        its worst window (`worst`); a longer stretch also says in how many `periods` it is `state`
        (English, Norwegian: 'over', 'over')."""
        if len(group) > 1:
            worst = Text(
                worst.en + f" ({state[0]} in {{windows}} overlapping {periods[0]} from {{start}} to {{end}})",
                worst.nb + f" ({state[1]} i {{windows}} overlappende {periods[1]} fra {{start}} til {{end}})",
                windows=len(group),
                start=Day(p, group[0][0][0]),
                end=Day(p, group[-1][0][0]),
                **worst.values,
            )
        days = tuple(range(group[0][0].start, group[-1][0].stop))
        return self.violation(worst, employee=emp_id, days=days, amount=amount, unit="h")


# ---- wording shared by the messages -------------------------------------------------------------


# English only; a rule's Norwegian sentence uses the values of roster.i18n (Day, Hours, ShiftOn).
def day_text(p: Period, day: int) -> str:
    """'Mon 5 Jan'."""
    return i18n.date_text(p.date(day), "en")


def hours_text(minutes: float) -> str:
    """'1.5 h'."""
    return i18n.hours_text(minutes, "en")


def shift_text(p: Period, shift) -> str:
    """'A on 3 Mar' (or the clock times of an ad-hoc shift)."""
    return i18n.ShiftOn(p, shift).text("en")


# ---- CP-SAT helpers that accept history constants (0/1) as well as literals ---------------------


def is_constant(lit: Any) -> bool:
    return isinstance(lit, int)


def negate(lit: Any) -> Any:
    """not lit (lit may be a history constant)."""
    return 1 - lit if is_constant(lit) else lit.Not()


def forbid_together(m: CpModel, lits: list[Any]) -> None:
    """Not all of `lits` true at once (history constants allowed)."""
    variables = [lit for lit in lits if not is_constant(lit)]
    if any(is_constant(lit) and lit == 0 for lit in lits):
        return
    if not variables:
        m.add_bool_or([])  # all constant and true: the history alone breaks the rule
        return
    m.add_bool_or([lit.Not() for lit in variables])


def implies_not(m: CpModel, cause: Any, lit: Any) -> None:
    """cause -> not lit (lit may be a history constant)."""
    if is_constant(lit):
        if lit:
            m.add(cause == 0)
        return
    m.add_implication(cause, lit.Not())


def bool_or_var(m: CpModel, lits: list[Any], name: str) -> Any:
    """A literal equal to OR(lits); a constant when that is known."""
    if any(is_constant(lit) and lit for lit in lits):
        return 1
    variables = [lit for lit in lits if not is_constant(lit)]
    if not variables:
        return 0
    if len(variables) == 1:
        return variables[0]
    b = m.new_bool_var(name)
    m.add_max_equality(b, variables)
    return b


def forbid_both(m: CpModel, first: tuple[bool, Any], second: tuple[bool, Any]) -> None:
    """Not both periods worked, each given as (worked in history, plan literal).

    Where history already works a period, the plan must keep the other one free; where history
    works both, the plan may add to neither (see `both_worked`)."""
    (hist1, plan1), (hist2, plan2) = first, second
    if hist1 or hist2:
        for hist, other in ((hist1, plan2), (hist2, plan1)):
            if hist and not is_constant(other):
                m.add(other == 0)
        if hist1 and hist2:
            for plan in (plan1, plan2):
                if not is_constant(plan):
                    m.add(plan == 0)
    else:
        forbid_together(m, [plan1, plan2])


def both_worked(first: tuple[bool, bool], second: tuple[bool, bool]) -> bool:
    """The check's side of `forbid_both`, for (worked in history, worked in plan) pairs."""
    (hist1, plan1), (hist2, plan2) = first, second
    return (hist1 or plan1) and (hist2 or plan2) and (plan1 or plan2)


def worked_in(shifts, window) -> tuple[bool, bool]:
    """(a history shift, a planning shift) overlaps the window."""
    hits = [s.day >= 0 for s in shifts if s.overlaps(window.start, window.end)]
    return (False in hits, True in hits)


def cap(m: CpModel, terms: list[tuple[int, Any]], limit: int) -> None:
    """sum(coef * lit) <= limit, for non-negative coefficients.

    Where history constants alone already exceed the limit, the plan may add nothing to it: a
    roster cannot undo its history, but must not make the breach worse. The checks mirror this by
    reporting a breach only when the planning period contributes to it."""
    fixed, coefs, lits = 0, [], []
    for coef, lit in terms:
        if is_constant(lit):
            fixed += coef * lit
        else:
            coefs.append(coef)
            lits.append(lit)
    if lits and fixed + sum(coefs) > limit:
        m.add(weighted_sum(lits, coefs) <= max(0, limit - fixed))


def weighted_sum(lits: list[Any], coefs: list[int]) -> Any:
    """sum(coef * lit) as one CP-SAT expression, built in C++ (fast for long sums)."""
    from ortools.sat.python.cp_model import LinearExpr  # encodings only: checks import no OR-Tools

    return LinearExpr.weighted_sum(lits, coefs)


def breaks_cap(terms: list[tuple[int, bool]], limit: int) -> bool:
    """The check's side of `cap`: (amount, in_plan) pairs exceed the limit and the plan adds to it."""
    return sum(a for a, _ in terms) > limit and any(a > 0 for a, in_plan in terms if in_plan)


# ---- grouping a rule's breaches for people to read -----------------------------------------------


def runs(days: set[int]) -> list[range]:
    """Maximal runs of consecutive days, in order."""
    out: list[range] = []
    for day in sorted(days):
        if out and out[-1].stop == day:
            out[-1] = range(out[-1].start, day + 1)
        else:
            out.append(range(day, day + 1))
    return out


def stretches(breaches: list[tuple[range, Any]]) -> list[list[tuple[range, Any]]]:
    """Breaches over overlapping windows of days (in order of their first day), grouped into one
    stretch each: a breach of a rolling 7-day limit is one event to a reader, not seven."""
    out: list[list[tuple[range, Any]]] = []
    for days, value in sorted(breaches, key=lambda b: b[0].start):
        if out and days.start < max(d.stop for d, _ in out[-1]):
            out[-1].append((days, value))
        else:
            out.append([(days, value)])
    return out
