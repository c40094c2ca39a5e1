"""Ambulant visits on hand-built rosters and plans: the check finds each fault a visit plan can have,
near misses pass, unmade visits get their reason, and bad visit data is refused on load.

Every case runs both faces of the visit rules (tests/faces.py). The test instance is tiny.yaml with
the visits of tests/conftest.py `visit_data`; day 0 is Monday 2 March 2026."""

from __future__ import annotations

import pytest

from roster.errors import InputError
from tests.conftest import period, plan_of, roster_of, visit_data, visit_instance
from tests.faces import assert_faces_agree, only


def visits(inst, roster_text: str, plan_text: str = "", days: int = 1, rules=("visits",)):
    """(hard messages, soft messages, soft cost) of the visit rules; both faces must agree."""
    p = period(inst, days=days)
    roster = roster_of(p, roster_text)
    roster.visits = plan_of(p, plan_text) if plan_text.strip() else None
    report = assert_faces_agree(p, roster, only(*rules))
    return (
        [v.message for v in report.hard],
        [v.message for v in report.soft],
        report.soft_cost,
    )


@pytest.fixture
def inst():
    return visit_instance()


# ---- a valid plan -------------------------------------------------------------------------------


def test_a_valid_plan_passes_and_costs_only_the_visit_it_leaves_out(inst):
    hard, soft, cost = visits(
        inst,
        "e1: D\ne3: A\ne4: D",
        """
        r1-med 0 08:00 e1
        r2-day 0 10:00 e1 e4
        r1-eve 0 20:00 e3
        """,
        rules=("visits", "visit_continuity"),
    )
    assert hard == []
    # r4-care is left: e4 may not drive, e1 is out on the other visits whenever it could be made
    assert cost == 1000
    assert len(soft) == 1 and "r4-care" in soft[0] and "busy with other visits" in soft[0]


def test_continuity_costs_each_visit_by_someone_outside_the_regular_staff(inst):
    _, soft, cost = visits(
        inst, "e2: D\ne3: A", "r1-med 0 08:00 e2\nr1-eve 0 20:00 e3", rules=("visits", "visit_continuity")
    )
    assert cost == 2 * 1000 + 1  # r2-day and r4-care not made; e2 is not one of r1's regulars
    assert any("1 staff visit(s) to r1 by others than the regular staff" in m for m in soft)


# ---- the faults the check finds -----------------------------------------------------------------


def test_overlapping_visits(inst):
    hard, _, _ = visits(inst, "e1: D", "r4-care 0 08:00 e1\nr1-med 0 08:10 e1")
    assert len(hard) == 1 and "e1 cannot be in two places at once" in hard[0]
    # near miss: one trip starts the minute the other is back
    assert visits(inst, "e1: D", "r1-med 0 08:00 e1\nr4-care 0 09:00 e1")[0] == []


def test_ignored_travel_time_between_visits(inst):
    # 08:00-08:20 in town, then 08:35 far away: the visits do not overlap, the trips do
    # (back from town 08:30, but leaving for 'far' 30 min before 08:35 = 08:05)
    hard, _, _ = visits(inst, "e1: D", "r1-med 0 08:00 e1\nr4-care 0 08:35 e1")
    assert len(hard) == 1 and "two places at once" in hard[0] and "travel included" in hard[0]
    hard, _, _ = visits(inst, "e1: D", "r1-med 0 08:00 e1\nr4-care 0 09:00 e1")
    assert hard == []


def test_ignored_travel_time_at_the_end_of_the_shift(inst):
    hard, _, _ = visits(inst, "e3: A", "r1-eve 0 21:40 e3")  # back at 22:10, the shift ends 22:00
    assert (
        len(hard) == 1
        and "21:30-22:10 (10 min travel each way) is outside e3's shift A 14:30-22:00" in hard[0]
    )
    assert visits(inst, "e3: A", "r1-eve 0 21:30 e3")[0] == []


def test_visit_outside_the_visitors_shift(inst):
    hard, _, _ = visits(inst, "e2: A", "r1-med 0 08:00 e2")
    assert len(hard) == 1 and "outside e2's shift A" in hard[0]
    hard, _, _ = visits(inst, "e1: D", "r1-med 0 08:00 e2")
    assert len(hard) == 1 and "e2 is not on duty at base that day" in hard[0]


def test_missing_second_staff_member(inst):
    hard, _, _ = visits(inst, "e1: D\ne4: D", "r2-day 0 10:00 e1")
    assert len(hard) == 1 and "needs 2 staff (never alone with one staff member), has 1" in hard[0]
    assert visits(inst, "e1: D\ne4: D", "r2-day 0 10:00 e1 e4")[0] == []


def test_staff_of_a_double_visit_must_be_there_together(inst):
    hard, _, _ = visits(inst, "e1: D\ne4: D", "r2-day 0 10:00 e1\nr2-day 0 10:30 e4")
    assert len(hard) == 1 and "not there together: e1 at 10:00, e4 at 10:30" in hard[0]


def test_too_many_cars_out(inst):
    one_car = visit_instance(cars=[{"site": "site", "count": 1, "driver": "licence"}])
    hard, _, _ = visits(one_car, "e1: D\ne3: D\ne4: D", "r4-care 0 08:30 e3\nr2-day 0 10:00 e1 e4")
    assert len(hard) == 1 and "2 cars out from site at 09:50" in hard[0] and "1 available" in hard[0]
    # near miss: back from 'far' at 09:30, before the double visit leaves at 09:50
    assert visits(one_car, "e1: D\ne3: D\ne4: D", "r4-care 0 08:00 e3\nr2-day 0 10:00 e1 e4")[0] == []
    # with two cars both may be out at once
    assert visits(inst, "e1: D\ne3: D\ne4: D", "r4-care 0 08:30 e3\nr2-day 0 10:00 e1 e4")[0] == []


def test_visit_without_the_required_competence(inst):
    hard, _, _ = visits(inst, "e4: D", "r1-med 0 08:00 e4")  # e4: university-educated, no med, no licence
    assert any("made without med" in m for m in hard)
    assert any("made without licence to drive the car" in m for m in hard)
    hard, _, _ = visits(inst, "e3: D\ne5: D", "r2-day 0 10:00 e3 e5")  # nobody university-educated
    assert len(hard) == 1 and "made without uni" in hard[0]
    # one of the two holding it is enough
    assert visits(inst, "e1: D\ne5: D", "r2-day 0 10:00 e1 e5")[0] == []


def test_visit_outside_its_window(inst):
    hard, _, _ = visits(inst, "e1: D", "r1-med 0 09:20 e1")  # 20 min from 09:20 ends after 09:30
    assert len(hard) == 1 and "starts at 09:20, outside its window 08:00-09:30" in hard[0]


def test_a_visit_on_a_day_it_is_not_made(inst):
    hard, _, _ = visits(inst, "e1: . . . . . D", "r3-talk 5 09:00 e1", days=7)  # Saturday
    assert any("there is no visit r3-talk on Sat 7 Mar" in m for m in hard)


def test_n_times_a_week_spacing_and_shortfall(inst):
    roster = "e1: D D D D D"
    hard, _, _ = visits(inst, roster, "r3-talk 0 09:00 e1\nr3-talk 1 09:00 e1", days=7)
    assert any("r3-talk on Mon 2 Mar and Tue 3 Mar: at least 2 day(s) apart" in m for m in hard)
    hard, soft, _ = visits(inst, roster, "r3-talk 0 09:00 e1\nr3-talk 2 09:00 e1", days=7)
    assert hard == [] and not any("r3-talk" in m for m in soft)
    hard, soft, _ = visits(inst, roster, "r3-talk 0 09:00 e1", days=7)
    assert hard == [] and any("r3-talk (r3) in week 10: 1 missing" in m for m in soft)
    hard, _, _ = visits(inst, roster, "r3-talk 0 09:00 e1\nr3-talk 2 09:00 e1\nr3-talk 4 09:00 e1", days=7)
    assert hard == ["visit: r3-talk is made 3 times in week 10, 2 asked"]


# ---- why a visit is not made --------------------------------------------------------------------


def reason(inst, roster_text: str, plan_text: str, visit: str) -> str:
    _, soft, _ = visits(inst, roster_text, plan_text)
    return next(m for m in soft if f"{visit} (" in m)


def test_reason_no_qualified_staff_on_duty(inst):
    assert "nobody on duty at base holds med, licence" in reason(inst, "e4: D", "", "r1-med")
    assert "1 on duty at base, 2 needed" in reason(inst, "e1: D", "", "r2-day")
    assert "no staff on duty at base with a shift that covers the trip" in reason(inst, "e1: A", "", "r1-med")


def test_reason_staff_busy_with_other_visits(inst):
    assert "busy with other visits" in reason(inst, "e1: D", "r4-care 0 08:00 e1", "r1-med")


def test_reason_no_car(inst):
    one_car = visit_instance(cars=[{"site": "site", "count": 1, "driver": "licence"}])
    why = reason(one_car, "e1: D\ne3: D", "r4-care 0 08:00 e3", "r1-med")
    assert "no car: all 1 cars of site are out" in why


def test_reason_when_the_plan_could_have_made_it(inst):
    assert "though it fits" in reason(inst, "e1: D", "", "r1-med")


# ---- bad visit data is refused on load ----------------------------------------------------------


def refused(change) -> str:
    data = visit_data()
    change(data)
    from roster.instance import parse_instance

    with pytest.raises(InputError) as err:
        parse_instance(data, "x.yaml")
    return str(err.value)


def visit_of(data, recipient: int, visit: int = 0) -> dict:
    return data["recipients"][recipient]["visits"][visit]


def test_window_shorter_than_the_visit():
    text = refused(lambda d: visit_of(d, 0).update(window="08:00-08:15"))
    assert (
        "x.yaml: recipients[0].visits[0]: window 08:00-08:15 (15 min) is shorter than the visit (20 min)"
        in text
    )


def test_window_too_tight_for_travel_and_shifts():
    text = refused(lambda d: visit_of(d, 3).update(window="07:30-08:30"))  # 30 min each way, D from 07:30
    assert "recipients[3].visits[0].window: window too tight: no shift of base covers a 60 min visit" in text


def test_competency_nobody_has():
    def change(d):
        d["competencies"].append({"id": "psych", "name": "Psykolog"})
        visit_of(d, 0)["needs"] = ["psych"]

    assert "recipients[0].visits[0].needs[0]: nobody in base holds psych" in refused(change)
    assert "unknown competency 'psyk'" in refused(lambda d: visit_of(d, 0).update(needs=["psyk"]))


def test_zone_missing_from_the_travel_table():
    text = refused(lambda d: d["travel"].pop(1))
    assert "recipients[3].visits[0]: no travel time from site to far" in text


def test_double_visit_where_the_unit_never_has_two_on_duty():
    def change(d):
        for demand in d["demand"]:
            demand["max"] = 1

    text = refused(change)
    assert "recipients[1].visits[0].staff: needs 2 staff, and base never has more than 1 on duty" in text


def test_no_car_no_driver_and_alone_with_a_risk_recipient():
    assert "needs a car, and site has none" in refused(lambda d: d.update(cars=[]))

    def no_licence(d):
        for emp in d["employees"]:
            emp["competencies"] = [c for c in emp["competencies"] if c != "licence"]

    assert "nobody in base holds licence to drive to town" in refused(no_licence)
    text = refused(lambda d: visit_of(d, 1).update(staff=1))
    assert "recipients[1].visits[0].staff: r2 is never to be alone with one staff member" in text


def test_a_visit_on_a_day_no_covering_shift_is_run_is_listed_not_refused():
    # A not run on Sundays (as a what-if may say): r1's evening visit that day cannot be made
    data = visit_data()
    data["demand"][1]["on"] = ["weekday", "saturday"]
    inst = visit_instance(demand=data["demand"])
    _, soft, _ = visits(inst, "e3: A A A A A A D", "", days=7)
    assert any(
        m.startswith("unplanned visit: r1-eve (r1) on Sun 8 Mar: no staff on duty at base") for m in soft
    )


def test_recipients_are_pseudonymous():
    text = refused(lambda d: d["recipients"][0].update(name="Ola Nordmann"))
    assert "recipients[0]" in text and "pseudonymous" in text
    assert "diagnosis" in refused(lambda d: d["recipients"][0].update(diagnosis="x"))


def test_other_references_are_checked():
    assert "unknown employee 'e9'" in refused(lambda d: d["recipients"][0].update(regular_staff=["e9"]))
    assert "unknown zone 'moon'" in refused(lambda d: d["recipients"][0].update(zone="moon"))
    assert "duplicate visit id 'r1-med'" in refused(lambda d: visit_of(d, 0, 1).update(id="r1-med"))
    text = refused(lambda d: visit_of(d, 2).update(times_per_week=4))  # Mon-Fri two days apart: at most 3
    assert "recipients[2].visits[0].times_per_week: 4 visits a week cannot be 2 day(s) apart" in text


def test_visit_plan_csv_round_trip(tmp_path, inst):
    from roster.io.visits_csv import read_visits_csv, write_visits_csv

    p = period(inst, days=1)
    roster = roster_of(p, "e1: D\ne3: A\ne4: D")
    roster.visits = plan_of(p, "r1-med 0 08:00 e1\nr2-day 0 10:00 e1 e4\nr1-eve 0 20:00 e3")
    write_visits_csv(tmp_path / "plan.csv", roster)
    text = (tmp_path / "plan.csv").read_text(encoding="utf-8")
    assert (
        "e1,Ada,base,2026-03-02,D,2026-03-02T09:50,r2,r2-day,town,2026-03-02T10:00,2026-03-02T10:45," in text
    )
    assert ",r4,r4-care," in text and "busy with other visits" in text  # the visit not made, with why
    assert read_visits_csv(tmp_path / "plan.csv", p).assignments == sorted(roster.visits.assignments)


def test_a_week_cut_by_the_period_asks_for_its_share(inst):
    # one day of the week: 2 x 1/7 rounds to no visit, and none may be made
    _, soft, _ = visits(inst, "e1: D", "", days=1)
    assert not any("r3-talk" in m for m in soft)
    hard, _, _ = visits(inst, "e1: D", "r3-talk 0 09:00 e1", days=1)
    assert hard == ["visit: r3-talk is made 1 times in week 10, 0 asked"]
    # four days (Mon-Thu): 2 x 4/7 rounds to 1
    _, soft, _ = visits(inst, "e1: D D D D", "", days=4)
    assert any("r3-talk (r3) in week 10: 1 missing" in m for m in soft)


def test_unmade_visits_and_continuity_read_in_norwegian(inst):
    from roster.check import check

    p = period(inst, days=7)
    roster = roster_of(p, "e2: D\ne3: A\ne4: D")
    roster.visits = plan_of(p, "r1-med 0 08:00 e2")
    found = {v.message_nb for v in check(p, roster, only("visits", "visit_continuity")).soft}
    assert "kontinuitet i besøk: 1 besøk hos r1 av andre enn det faste personalet" in found
    assert (
        "besøk ikke planlagt: r1-med (r1) tir. 3. mars: ingen på vakt ved base med en vakt som rommer turen"
        in found
    )
    assert any(m.startswith("besøk ikke planlagt: r3-talk (r3) i uke 10: 2 mangler: ") for m in found)


def test_the_visit_part_of_the_summary_speaks_the_summary_s_language(inst):
    from roster.summary import visits_text

    p = period(inst, days=7)
    roster = roster_of(p, "e2: D\ne3: A\ne4: D")
    roster.visits = plan_of(p, "r1-med 0 08:00 e2")
    english, norsk = ("\n".join(visits_text(p, roster, lang)) for lang in ("en", "nb"))
    assert (
        "Visits: 1 planned," in english
        and "not planned: r1-med (r1) on Tue 3 Mar: no staff on duty" in english
    )
    assert "Besøk: 1 planlagt," in norsk and "ikke planlagt: r1-med (r1) tir. 3. mars: ingen på vakt" in norsk
    assert "Kontinuitet: ulike ansatte per mottaker" in norsk and "mottaker" in norsk
    assert not any(w in norsk for w in ("Visits", "not planned", "Continuity", "recipient"))


@pytest.mark.parametrize(
    ("roster_text", "plan_text", "norwegian"),
    [
        ("e1: D", "r4-care 0 08:00 e1\nr1-med 0 08:10 e1", "e1 kan ikke være to steder samtidig"),
        ("e2: A", "r1-med 0 08:00 e2", "er utenfor vakten til e2: A 14:30-22:00"),
        ("e1: D\ne4: D", "r2-day 0 10:00 e1", "trenger 2 ansatte (aldri alene med én ansatt), har 1"),
        ("e4: D", "r1-med 0 08:00 e4", "gjort uten licence til å kjøre bilen: ingen på besøket har den"),
        ("e1: D", "r1-med 0 09:20 e1", "starter kl. 09:20, utenfor vinduet 08:00-09:30"),
    ],
)
def test_visit_faults_read_in_norwegian(inst, roster_text, plan_text, norwegian):
    from roster.check import check

    p = period(inst, days=1)
    roster = roster_of(p, roster_text)
    roster.visits = plan_of(p, plan_text)
    found = [v.message_nb for v in check(p, roster, only("visits")).hard]
    assert any(m.startswith("besøk: ") and norwegian in m for m in found), found


# ---- the roster stage's staffing of visits (roster/solver/staged.py) -----------------------------


def fewest_unmade(p, roster, encode) -> int:
    """The fewest visits not made on `roster` (a fixed roster), as `encode` models them."""
    from ortools.sat.python import cp_model

    from roster.solver.staged import _FixedRoster

    m = cp_model.CpModel()
    penalties = encode(m, _FixedRoster(roster), p)
    m.minimize(sum(pen.term for pen in penalties if pen.unit == "visits"))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(m) == cp_model.OPTIMAL
    return round(solver.objective_value)


def exact(m, v, p):
    from roster.rules.visits import RULE

    return RULE.encode(m, v, p)


def staffing(m, v, p):
    from roster.rules.visits import STAFFING

    return STAFFING.encode(m, v, p)


def test_the_staffing_stage_sees_a_colleague_cannot_drive_for_the_one_driver():
    # e1 is the only driver on duty, with four hours of car trips to r5 besides the others; e4 has
    # no licence and can only go to r2, which needs a licence holder beside: e1's time must hold
    # all of e1's car trips and one trip to r2, so the roster stage counts the two visits the exact
    # plan cannot make (it counted one, paying e1's trips with e4's time)
    data = visit_data()
    five = {"id": "r5-day", "window": "08:00-15:00", "minutes": 240}
    data["recipients"].append({"id": "r5", "unit": "base", "zone": "town", "visits": [five]})
    inst = visit_instance(recipients=data["recipients"])
    p = period(inst, days=1)
    roster = roster_of(p, "e1: D\ne4: D")
    assert fewest_unmade(p, roster, staffing) == fewest_unmade(p, roster, exact) == 2
