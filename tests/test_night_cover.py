"""Shared night cover on small hand-built sites: the night pool's rules (shares, extra nights), the
night rules (rest after nights, night workers' hours), the KS three-shift norm, the checker's
findings on nights, the report's cost split, and the output files.

The site is tiny.yaml (Monday 2 March 2026 is day 0) with a partner service, `bolig`, at the same
site: e6 works nights, e7 may not; `cafe` is a third unit there that does not share the nights."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook
from ortools.sat.python import cp_model

from cli import main
from roster.errors import InputError
from roster.night_cover import night_cover
from roster.report.content import employee_stats
from roster.schedule import OpenShift
from roster.solver.model import build
from tests.conftest import make_instance, period, roster_of, tiny_data
from tests.faces import only
from tests.test_rules import violations

POOL = {
    "shift": "N",
    "tolerance_nights": 1,
    "equal_base": 0.5,
    "usage_measure": "leiligheter",
    "services": [
        {"unit": "base", "share": 50, "usage": 2, "hourly_cost": 400},
        {"unit": "bolig", "share": 50, "usage": 6, "hourly_cost": 600},
    ],
    "extra": [{"unit": "base", "dates": [dt.date(2026, 3, 4)], "reason": "a resident home from hospital"}],
}


def site_data(**pool_changes) -> dict:
    data = tiny_data()
    data["sites"] = [{"id": "site", "name": "The site", "night_pool": {**POOL, **pool_changes}}]
    data["units"] += [
        {"id": "bolig", "name": "Bofellesskapet", "site": "site", "weekly_hours": 35.5},
        {"id": "cafe", "name": "Kafeen", "site": "site", "weekly_hours": 37.5},
    ]
    data["employees"] += [
        {
            "id": "e6",
            "name": "Fia",
            "units": ["bolig"],
            "position": 50,
            "competencies": ["hfa"],
            "nights": True,
        },
        {"id": "e7", "name": "Gro", "units": ["bolig"], "position": 50, "competencies": ["med"]},
        {
            "id": "e8",
            "name": "Hal",
            "units": ["cafe"],
            "position": 50,
            "competencies": ["uni"],
            "nights": True,
        },
    ]
    return data


def site(**pool_changes):
    data = site_data(**pool_changes)
    return make_instance(**{k: data[k] for k in ("sites", "units", "employees")})


# ---- the instance -------------------------------------------------------------------------------


def test_only_the_sharing_services_may_work_the_shared_night():
    inst = site()
    night = inst.shift_by_code["N"]
    assert inst.may_work(inst.employee_by_id["e6"], night)
    assert not inst.may_work(inst.employee_by_id["e8"], night)  # cafe is at the site, not in the pool
    assert inst.shift_unit(night, inst.employee_by_id["e6"]) == "bolig"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"services": [{"unit": "base", "share": 60, "hourly_cost": 1}]}, "add up to 60 %, not 100 %"),
        ({"shift": "D"}, "D is not a night shift of site site"),
        (
            {"services": [{"unit": "elsewhere", "share": 100, "hourly_cost": 1}]},
            "'elsewhere' is not a unit at site",
        ),
        ({"extra": [{"unit": "cafe", "weekdays": ["fri"]}]}, "'cafe' does not share these nights"),
        ({"extra": [{"unit": "base"}]}, "give `weekdays` or `dates`"),
    ],
)
def test_a_wrong_night_pool_is_refused_with_its_field(change, message):
    data = site_data(**change)
    data["units"].append({"id": "elsewhere", "name": "Elsewhere", "weekly_hours": 37.5})
    with pytest.raises(InputError, match="sites\\[0\\].night_pool") as err:
        make_instance(**{k: data[k] for k in ("sites", "units", "employees")})
    assert message in str(err.value)


def test_an_extra_night_raises_the_site_requirement_that_night_only():
    p = period(site())
    assert p.extra_night_staff(2, "N") == [("base", 1)]
    assert (p.demand(2, "N").min, p.demand(2, "N").target) == (1, 2)
    assert (p.demand(3, "N").min, p.demand(3, "N").target) == (0, 1)


# ---- the checker's findings on nights -----------------------------------------------------------


def test_a_night_without_cover_and_a_night_without_the_competence():
    demand = tiny_data()["demand"][:2] + [
        {"shift": "N", "on": ["weekday"], "min": 1, "requirements": [{"of": ["uni", "med"], "at_least": 1}]}
    ]
    data = site_data()
    inst = make_instance(demand=demand, **{k: data[k] for k in ("sites", "units", "employees")})
    p = period(inst, days=2)

    def nights(text):
        return [
            v.message.split(": ", 1)[1]
            for v in violations(p, roster_of(p, text), "coverage")
            if ": N on" in v.message
        ]

    assert nights("e6: . N") == [
        "N on Mon 2 Mar has 0 staff, needs at least 1",  # uncovered
        "N on Mon 2 Mar needs at least 1 from {uni, med}, has 0",
        "N on Tue 3 Mar needs at least 1 from {uni, med}, has 0",  # e6 is a helsefagarbeider
    ]
    assert nights("e3: N\ne1: . N") == []


def test_a_partners_employee_on_a_night_they_may_not_work():
    p = period(site())
    found = violations(p, roster_of(p, "e7: N"), "night_eligibility")
    assert len(found) == 1 and "e7 may not work nights" in found[0].message
    assert not violations(p, roster_of(p, "e6: N"), "night_eligibility")
    outside = violations(p, roster_of(p, "e8: N"), "unit_membership")  # a unit not in the pool
    assert len(outside) == 1 and "e8 works N on 2 Mar" in outside[0].message


# ---- the pool's own rule ------------------------------------------------------------------------


def test_a_share_outside_its_tolerance():
    p = period(site(extra=[]), days=7)
    # 50/50 of 4 shared nights is 2 each, ± 1: 3 and 1 is fine, 4 and 0 is not
    assert not violations(p, roster_of(p, "e1: N . . N . . N\ne6: . . N"), "night_shares")
    found = violations(p, roster_of(p, "e1: N . . N . . N\ne3: . . N"), "night_shares")
    assert len(found) == 2  # base is 2 over, bolig 2 under
    assert {v.amount for v in found} == {1}
    assert (
        "base covers 4 of the 4 shared nights at The site; its share of 50 % is 2.0 ± 1" in found[0].message
    )


def test_the_extra_night_is_staffed_by_its_own_service_and_not_counted_as_shared():
    p = period(site(), days=7)  # base needs an extra night person on Wednesday (day 2)
    short = roster_of(p, "e6: N . N . N")
    found = violations(p, short, "night_shares")
    assert [v.message for v in found if v.days == (2,)] == [
        "shared nights: N on Wed 4 Mar lacks 1 of the extra night staff that base need for their own "
        "needs (from their own staff or open shifts)"
    ]
    assert found[0].amount == 1
    # short-staffed, a substitute on an open N shift that night fills base's extra need
    short.open.append(OpenShift(p.place(2, "N")))
    assert not [v for v in violations(p, short, "night_shares") if v.days == (2,)]
    assert [(n.day, n.open) for n in night_cover(p, short)[0].nights if n.open] == [(2, 1)]
    # the model, short-staffed, leaves that night open for base's substitute (bolig's night covers
    # the site's own requirement)
    assert (2, "N") in _open_in_model(p, roster_of(p, "e6: N . N\ne3: . . . N"))
    assert (2, "N") not in _open_in_model(p, roster_of(p, "e6: N . N\ne3: . . N N"))
    # base staffs its extra night; its other night and bolig's two nights are shared 1:2 + tolerance
    fine = roster_of(p, "e1: . . N\ne3: N\ne6: . . N . N")
    assert not violations(p, fine, "night_shares")
    assert night_cover(p, fine)[0].services[0].nights == 1  # e1's extra night is not shared


def _open_in_model(p, roster) -> list[tuple[int, str]]:
    """The open shifts the relaxed model leaves with `roster` fixed (staffing and shared nights only)."""
    model = build(p, relax=frozenset({"coverage"}), rules=only("coverage", "night_shares"))
    assert model.v.fix(roster)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model.cp) == cp_model.OPTIMAL
    return [(o.shift.day, o.shift.code) for o in model.v.extract(solver).open]


# ---- rest after nights, night workers' hours ----------------------------------------------------


def test_rest_after_a_series_of_nights(tiny):
    p = period(tiny)
    found = violations(p, roster_of(p, "e1: N N . N"), "night_rest")  # 07:45 Wed to 21:45 Thu: 38 h
    assert len(found) == 1 and found[0].amount == pytest.approx(8) and found[0].days == (1, 3)
    assert not violations(p, roster_of(p, "e1: N N . . N"), "night_rest")  # 62 h
    assert not violations(p, roster_of(p, "e1: N N . . D"), "night_rest")  # Friday 07:30: 47.75 h
    assert not violations(p, roster_of(p, "e1: N . N"), "night_rest")  # a single night is no series
    assert not violations(p, roster_of(p, "e1: N N N N"), "night_rest")  # nights go on


def test_rest_after_nights_counts_a_series_begun_before_the_period(tiny):
    p = period(tiny, history_days=7)
    history = roster_of(p, "e1@-2: N N")  # the series ends on Monday morning, 07:45
    found = violations(p, roster_of(p, "e1: . D"), "night_rest", history)  # Tuesday 07:30: 23.75 h
    assert len(found) == 1 and found[0].days == (-1, 1)
    assert not violations(p, roster_of(p, "e1: . . D"), "night_rest", history)


def test_night_workers_average_hours():
    inst = make_instance(rules={"night_hours": {"average_hours": 2, "weeks": 1}})
    p = period(inst)  # 2 h x (168 h - 35 h) / 24 h = 11 h 5 min in any 7 days
    found = violations(p, roster_of(p, "e1: N D"), "night_hours")
    assert len(found) == 1 and found[0].employee == "e1" and found[0].amount == pytest.approx(17.5 - 665 / 60)
    assert not violations(p, roster_of(p, "e2: N D"), "night_hours")  # e2 does not work nights
    assert not violations(p, roster_of(p, "e1: N . . . . . . D"), "night_hours")
    # over in the windows from Mon (25 h) and Tue (15 h): one violation, told by the worst window
    (stretch,) = violations(p, roster_of(p, "e1: N D D"), "night_hours")
    assert stretch.days == tuple(range(8)) and stretch.amount == pytest.approx(25 - 665 / 60)
    assert "25 h in the 7 days from Mon 2 Mar" in stretch.message
    assert "(over in 2 overlapping periods from Mon 2 Mar to Tue 3 Mar)" in stretch.message


# ---- the KS three-shift norm --------------------------------------------------------------------


def test_night_and_sunday_hours_count_extra_in_a_three_shift_rota(tiny):
    p = period(tiny)
    e1 = tiny.employee_by_id["e1"]
    assert p.three_shift_credit(p.place(0, "N", e1)) == 495 * 15 // 60  # 21:45-06:00 is night time
    assert p.three_shift_credit(p.place(6, "D", e1)) == 450 * 10 // 60  # a Sunday
    # Saturday 14:30-22:00: Sunday time from 18:00, night from 21:00 (counted once, as night)
    assert p.three_shift_credit(p.place(5, "A", e1)) == (60 * 15 + 180 * 10) // 60
    assert p.three_shift_credit(p.place(0, "D", e1)) == 0
    assert p.three_shift_cap(e1) == round(71 * 60 * (35.5 - 33.6) / 35.5)  # down to 33.6 h a week
    assert p.three_shift_cap(tiny.employee_by_id["e2"]) == 0  # no nights in e2's rota
    one, three = roster_of(p, "e1: N"), roster_of(p, "e1: N N N")
    assert p.due_minutes(e1, one.of("e1")) == 71 * 60 - 123
    assert p.due_minutes(e1, three.of("e1")) == 71 * 60 - p.three_shift_cap(e1)
    # the HR report (roster check) shows the same hours due
    assert {s.employee: s.contract for s in employee_stats(p, one, [])}["e1"] == 71 * 60 - 123


def test_contract_hours_are_met_thanks_to_the_three_shift_reduction():
    inst = make_instance(rules={"contract_hours": {"tolerance_hours": 1}})
    p = period(inst)

    def of_e1(text):
        return [v for v in violations(p, roster_of(p, text), "contract_hours") if v.employee == "e1"]

    # 3 nights and 5 days: 67.5 h against 71 h less 3.8 h
    assert not of_e1("e1: N . . D D D D D . . N . . N")
    short = of_e1("e1: D . . D D D D D . . N . . N")  # 65 h, and 2 nights earn the cap too
    assert len(short) == 1 and "65 h against 67.2 h due" in short[0].message


# ---- the report and the output files ------------------------------------------------------------


def test_night_cover_report_and_the_cost_split():
    p = period(site(), days=7)
    roster = roster_of(p, "e1: N . N\ne3: . N\ne6: . . N N")
    cover = night_cover(p, roster)[0]
    assert [(n.day, n.staff, n.extra) for n in cover.nights[:3]] == [
        (0, (("e1", "base"),), ()),
        (1, (("e3", "base"),), ()),
        (2, (("e1", "base"), ("e6", "bolig")), (("base", 1),)),
    ]
    base, bolig = cover.services
    assert (base.nights, base.hours, base.cost, base.extra_nights, base.extra_cost) == (2, 20, 8000, 1, 4000)
    assert (bolig.nights, bolig.cost, bolig.agreed) == (2, 12000, 2)
    assert cover.shared_cost == 20000
    # equal base 50 %: 5000 each, the other 10000 by usage 2:6; own extra nights paid in full
    assert base.equal_base_plus_usage == pytest.approx(5000 + 2500 + 4000)
    assert bolig.equal_base_plus_usage == pytest.approx(5000 + 7500)
    assert (base.usage_alone, bolig.usage_alone) == pytest.approx((5000 + 4000, 15000))
    assert base.owes(base.equal_base_plus_usage) == pytest.approx(-500)
    assert bolig.owes(bolig.usage_alone) == pytest.approx(3000)


def test_solve_reports_the_night_cover_in_json_text_and_xlsx(tmp_path):
    data = site_data()
    data["rules"]["contract_hours"] = {"tolerance_hours": 200}
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    args = ["solve", str(path), "--weeks", "1", "--time-limit", "5", "--workers", "2", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    cover = json.loads(result.stdout)["night_cover"][0]
    assert cover["site"] == "site" and len(cover["nights"]) == 7
    assert {"unit", "share_pct", "nights", "cost", "pays_equal_base_plus_usage", "pays_usage_alone"} <= set(
        cover["services"][0]
    )
    wednesday = cover["nights"][2]
    assert wednesday["extra"] == [{"unit": "base", "staff": 1}]
    assert any(s["unit"] == "base" for s in wednesday["staff"])
    book = load_workbook(json.loads(result.stdout)["roster_xlsx"])
    rows = list(book["Natt"].iter_rows(values_only=True))
    assert rows[1][:3] == ("Dato", "Dag", "Nattevakt")
    assert any(r[0] == "Bofellesskapet" and r[1] == 50 for r in rows)
    text = CliRunner().invoke(main, [*args, "--force"])
    assert "Shared nights at The site (N)" in text.stdout and "equal base + usage" in text.stdout
    norsk = CliRunner().invoke(main, [*args, "--force", "--lang", "nb"])
    assert "Felles netter på The site (N)" in norsk.stdout and "lik grunn + bruk" in norsk.stdout
    assert "ekstra for base]" in norsk.stdout and "Shared nights" not in norsk.stdout
