"""Violation texts in Norwegian and English: the Text mechanism, and every rule's sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from roster.check import check
from roster.i18n import Day, Hours, Need, Ordinal, ShiftOn, Term, Text, date_text, hours_text, number
from roster.instance import Requirement
from roster.rules import RULE_BY_NAME
from roster.rules.base import Rule
from tests.conftest import make_instance, period, roster_of
from tests.roster_forms import RULE_NAMES, every_rule_instance, every_rule_roster


def test_values_are_written_the_way_each_language_writes_them():
    p = period(make_instance())
    shift = roster_of(p, "e1: . A").of("e1")[0]
    assert [Day(p, 1).text(lang) for lang in ("en", "nb")] == ["Tue 3 Mar", "tir. 3. mars"]
    assert [ShiftOn(p, shift).text(lang) for lang in ("en", "nb")] == ["A on 3 Mar", "A 3. mars"]
    assert [Hours(90).text(lang) for lang in ("en", "nb")] == ["1.5 h", "1,5 t"]
    assert hours_text(35, "nb") == "0,58 t"
    assert [Term("vacation").text(lang) for lang in ("en", "nb")] == ["vacation", "ferie"]
    assert [Ordinal(3).text(lang) for lang in ("en", "nb")] == ["3rd", "3."]
    need = Need(Requirement(of=["a", "b"], at_least=1))
    assert [need.text(lang) for lang in ("en", "nb")] == ["at least 1 from {a, b}", "minst 1 blant {a, b}"]
    assert date_text(dt.date(2026, 12, 24), "nb") == "tor. 24. des."
    assert number(2.75, "nb", ".1f") == "2,8"


def test_text_templates_with_format_specs_and_nested_texts():
    text = Text(
        "{who} has {share:.1f} ({what})", "{who} har {share:.1f} ({what})", who="e1", share=2.25,
        what=Text("a day off", "fri"),
    )  # fmt: skip
    assert text.render("en") == "e1 has 2.2 (a day off)"
    assert text.render("nb") == "e1 har 2,2 (fri)"
    assert Text("only English {n}", n=3).render("nb") == "only English 3"


class _EnglishOnly(Rule):
    """A rule written the way other helpers write new rules: English strings only."""

    name = "english_only"
    title = "new rule"
    law = "AML §10-6"


def test_a_rule_with_english_strings_only_falls_back_to_english():
    v = _EnglishOnly().violation("e1 works too much", employee="e1")
    assert v.message == "AML §10-6 new rule: e1 works too much"
    assert v.message_nb is None and v.text("nb") == v.message == v.text("en")


def test_a_rule_with_a_text_gets_both_languages_under_its_norwegian_title():
    class Told(_EnglishOnly):
        title_nb = "ny regel"

    v = Told().violation(Text("{h} too much", "{h} for mye", h=Hours(90)))
    assert (v.text("en"), v.text("nb")) == (
        "AML §10-6 new rule: 1.5 h too much",
        "AML §10-6 ny regel: 1,5 t for mye",
    )


def test_every_rule_has_a_norwegian_title():
    assert all(RULE_BY_NAME[name].title_nb for name in RULE_NAMES)


@pytest.fixture(scope="module")
def every_rule_report():
    p, roster = every_rule_roster(every_rule_instance())
    return check(p, roster)


def test_every_rules_violations_read_in_norwegian(every_rule_report):
    mine = [v for v in every_rule_report.violations if v.rule in RULE_NAMES]
    assert {v.rule for v in mine} == RULE_NAMES
    for v in mine:
        assert v.message_nb and v.message_nb != v.message, v.message
        assert v.message_nb.startswith(RULE_BY_NAME[v.rule].heading("nb") + ": ")
        # English day and month names and connecting words do not leak into the Norwegian text
        assert not any(
            word in f" {v.message_nb} " for word in (" Mon ", " Mar ", " on ", " between ", " works ")
        )


@pytest.mark.parametrize(
    ("rule", "english", "norwegian"),
    [
        ("daily_rest", "daily rest: 9.5 h between A on 2 Mar and D on 3 Mar, 1.5 h short",
         "daglig hviletid: 9,5 t hvile mellom A 2. mars og D 3. mars, 1,5 t for lite"),
        ("absences", "e1 works N on 12 Mar during sick", "e1 jobber N 12. mars under sykefravær"),
        ("consecutive_days", "e1 works 14 days in a row from Mon 2 Mar to Sun 15 Mar, at most 6 allowed",
         "e1 jobber 14 dager på rad fra man. 2. mars til søn. 15. mars, høyst 6 er tillatt"),
        ("weekend_frequency", "at most every 2nd weekend", "høyst hver 2. helg"),
        ("fixed_assignments", "e1 is fixed to off on Fri 13 Mar, has N",
         "e1 skal ha fri fre. 13. mars, har N"),
        ("wishes", "e1 wished not D on Tue 3 Mar", "e1 ønsket ikke D tir. 3. mars"),
    ],
)  # fmt: skip
def test_sentences_a_unit_leader_reads(every_rule_report, rule, english, norwegian):
    found = [v for v in every_rule_report.violations if v.rule == rule]
    assert any(english in v.message for v in found), [v.message for v in found]
    assert any(norwegian in v.message_nb for v in found), [v.message_nb for v in found]
