"""Ballot checks against the cases in ballot_law.md, under the law in force on each ballot's date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from payround.rounds import (
    Action,
    Ballot,
    BallotRules,
    action_notice_days,
    add_months,
    ballot_rules,
    check_ballot,
    check_ballots,
    load_round,
)


def ballot(**kw: Any) -> Ballot:
    base: dict[str, Any] = {"id": "b", "union": "Unison", "employers": ["Council"], "bargaining_unit": "staff"}
    return Ballot.model_validate(base | kw)


def one(b: Ballot, *actions: Action) -> Any:
    [report] = check_ballots([b], list(actions))
    return report.check


def strike(start: date, notice: date | None = None, ballot_id: str = "b") -> Action:
    return Action(
        union="Unison",
        employer="Council",
        services=["schools"],
        start=start,
        end=start,
        status="planned",
        ballot=ballot_id,
        notice_given=notice,
    )


# ----- the law by date (params/ballot_law) --------------------------------------------------------------------
def test_no_rules_are_bundled_before_the_2016_act_commenced() -> None:
    assert ballot_rules(date(2017, 2, 28)) is None
    assert action_notice_days(date(2017, 2, 28)) is None


def test_the_2016_act_rules_apply_from_1_march_2017_to_17_february_2026() -> None:
    for day in (date(2017, 3, 1), date(2022, 8, 1), date(2026, 2, 17)):
        rules = ballot_rules(day)
        assert rules == BallotRules(
            in_force_from=date(2017, 3, 1),
            turnout_threshold=Decimal("0.5"),
            ips_support_threshold=Decimal("0.4"),
            mandate_months=6,
            mandate_months_by_agreement=9,
            ballot_notice_days=7,
        )
        assert action_notice_days(day) == 14


def test_the_2025_act_rules_apply_from_18_february_2026() -> None:
    rules = ballot_rules(date(2026, 2, 18))
    assert rules is not None
    assert rules.in_force_from == date(2026, 2, 18)
    assert rules.turnout_threshold == Decimal("0.5")  # remains until e-balloting
    assert rules.ips_support_threshold is None  # 40% rule repealed (ERA s69)
    assert (rules.mandate_months, rules.mandate_months_by_agreement) == (12, None)  # ERA s72
    assert action_notice_days(date(2026, 2, 18)) == 10


# ----- one ballot, before and after the 2026 changes ------------------------------------------------------------
SCHOOL = {"important_public_services": True, "eligible": 1000, "votes_cast": 550, "votes_yes": 380, "votes_no": 170}


def test_an_important_public_services_ballot_fails_the_40_percent_rule_before_2026() -> None:
    c = one(ballot(opened=date(2026, 1, 10), closed=date(2026, 1, 31), **SCHOOL))
    assert not c.valid
    assert c.reasons == [
        "important public services: yes votes were 38.0% of those entitled to vote, below the 40.0% required"
    ]
    assert c.mandate_expires == date(2026, 7, 31)


def test_the_same_ballot_passes_after_the_repeal_with_a_12_month_mandate() -> None:
    c = one(ballot(opened=date(2026, 2, 18), closed=date(2026, 3, 10), **SCHOOL))
    assert c.valid and c.reasons == []
    assert c.mandate_expires == date(2027, 3, 10)
    assert any("did not apply" in n for n in c.notes)


def test_the_rules_are_chosen_by_the_day_the_ballot_opened() -> None:
    c = one(ballot(opened=date(2026, 2, 17), closed=date(2026, 3, 10), **SCHOOL))
    assert not c.valid  # opened the day before the repeal: the 40% rule still applies
    assert c.mandate_expires == date(2026, 9, 10)  # and the 6-month mandate


def test_without_an_opening_date_the_closing_date_chooses_the_rules() -> None:
    c = one(ballot(closed=date(2026, 3, 10), **SCHOOL))
    assert c.valid
    assert "opening date not given" in c.notes[0]


# ----- turnout and majority -------------------------------------------------------------------------------------
def test_exactly_half_turning_out_meets_the_threshold_and_one_fewer_does_not() -> None:
    ok = one(ballot(closed=date(2022, 8, 1), eligible=200, votes_cast=100, votes_yes=60, votes_no=40))
    short = one(ballot(closed=date(2022, 8, 1), eligible=200, votes_cast=99, votes_yes=60, votes_no=39))
    assert ok.valid
    assert short.reasons == ["turnout 49.5% is below the 50.0% threshold"]


def test_refuse_collection_is_not_an_important_public_service() -> None:
    # 50% turnout and 60% yes is 30% of those entitled: enough for bin workers, who need no 40%.
    c = one(ballot(closed=date(2022, 8, 1), eligible=200, votes_cast=100, votes_yes=60, votes_no=40))
    assert c.valid and c.yes_share_of_eligible == Decimal("0.3")


def test_a_tie_is_not_a_majority() -> None:
    c = one(ballot(closed=date(2022, 8, 1), eligible=100, votes_cast=80, votes_yes=40, votes_no=40))
    assert c.reasons == ["no majority of the votes cast for action (50.0% yes)"]


def test_published_percentages_are_checked_and_rounding_near_a_threshold_is_flagged() -> None:
    c = one(ballot(closed=date(2025, 6, 6), turnout_pct=50, yes_pct=97))
    assert c.valid
    assert any("rounded" in n for n in c.notes)


def test_reported_outcomes_are_used_when_figures_were_not_published() -> None:
    # Shetland 2024: Unison did not reach 50% turnout among waste staff, so there was no strike.
    shetland = one(ballot(closed=date(2024, 8, 2), reported_turnout_met=False, reported_majority=True))
    assert not shetland.valid
    assert shetland.reasons == ["the turnout threshold was not met (as reported)"]
    # Nothing at all given: not shown to be valid.
    blank = one(ballot(closed=date(2024, 8, 2)))
    assert not blank.valid and len(blank.reasons) == 2


def test_a_lower_bound_on_turnout_from_the_yes_votes_is_enough_when_it_clears_the_threshold() -> None:
    # Birmingham agency staff 2025: "Unite balloted 22, 18 voted to join picket lines".
    c = one(ballot(closed=date(2025, 11, 17), eligible=22, votes_yes=18))
    assert c.valid
    assert "at least 81.8% voted" in " ".join(c.notes)


def test_a_ballot_before_the_bundled_law_cannot_be_judged_on_its_figures() -> None:
    c = one(ballot(closed=date(2016, 6, 1), eligible=100, votes_cast=30, votes_yes=25, votes_no=5))
    assert not c.valid
    assert "cannot be judged" in c.reasons[0]
    assert "1 March 2017" in c.notes[0]


# ----- mandate and notice ---------------------------------------------------------------------------------------
def test_the_mandate_runs_six_months_or_nine_by_agreement() -> None:
    figures = {"turnout_pct": 75, "yes_pct": 97}
    assert one(ballot(closed=date(2025, 6, 6), **figures)).mandate_expires == date(2025, 12, 6)
    agreed = one(ballot(closed=date(2025, 6, 6), mandate_extended_by_agreement=True, **figures))
    assert agreed.mandate_expires == date(2026, 3, 6)
    after = one(ballot(closed=date(2026, 6, 6), mandate_extended_by_agreement=True, **figures))
    assert after.mandate_expires == date(2027, 6, 6)
    assert any("no extension" in n for n in after.notes)


def test_action_must_start_after_the_ballot_and_before_the_mandate_expires() -> None:
    b = ballot(closed=date(2025, 6, 6), turnout_pct=75, yes_pct=97)
    c = one(b, strike(date(2025, 6, 1)), strike(date(2025, 7, 1)), strike(date(2025, 12, 8)))
    early, ok, late = c.actions
    assert early.reasons == ["starts on 2025-06-01, before the ballot closed (2025-06-06)"]
    assert ok.valid
    assert late.reasons == ["starts on 2025-12-08, after the mandate expired (2025-12-06)"]


def test_notice_of_action_is_14_days_before_and_10_days_from_18_february_2026() -> None:
    b = ballot(closed=date(2026, 1, 20), turnout_pct=75, yes_pct=90)
    c = one(b, strike(date(2026, 2, 27), notice=date(2026, 2, 17)), strike(date(2026, 2, 28), notice=date(2026, 2, 18)))
    old, new = c.actions
    assert old.reasons == ["notice given 10 days before the action; 14 are required (earliest start 2026-03-03)"]
    assert new.valid


def test_the_employer_must_have_seven_days_notice_of_the_ballot() -> None:
    late = one(ballot(opened=date(2025, 5, 1), closed=date(2025, 5, 20), notice_of_ballot=date(2025, 4, 28),
                      turnout_pct=60, yes_pct=80))  # fmt: skip
    assert late.reasons == ["notice of the ballot was given 3 days before it opened; at least 7 are required"]
    on_time = one(ballot(opened=date(2025, 5, 1), closed=date(2025, 5, 20), notice_of_ballot=date(2025, 4, 24),
                         turnout_pct=60, yes_pct=80))  # fmt: skip
    assert on_time.valid


def test_action_on_an_invalid_ballot_is_flagged() -> None:
    c = one(ballot(closed=date(2022, 8, 1), reported_turnout_met=False), strike(date(2022, 8, 26)))
    assert c.actions[0].reasons == ["relies on ballot b, which is not shown to give a mandate"]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 6, 6), 12, date(2026, 6, 6)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


# ----- the bundled rounds -----------------------------------------------------------------------------------------
def test_the_2022_midlothian_ballots_as_reported() -> None:
    reports = {r.ballot.id: r.check for r in check_ballots(load_round("sjc-2022-23").ballots)}
    assert reports["gmb-2022-midlothian-waste"].valid
    assert not reports["unite-2022-midlothian"].valid
    assert "the turnout threshold was not met (as reported)" in reports["unison-2022-midlothian"].reasons
    assert "unison-2022-09-offer" not in reports  # a vote on an offer is not an industrial-action ballot


def test_the_birmingham_reballot_of_june_2025() -> None:
    rf = load_round("birmingham-2025")
    reports = {r.ballot.id: r.check for r in check_ballots(rf.ballots, rf.industrial_action)}
    june = reports["unite-2025-06"]
    assert june.valid and june.mandate_expires == date(2025, 12, 6)
    assert june.turnout == Decimal("0.75")


def test_check_ballot_is_pure_given_the_rules() -> None:
    rules = BallotRules(date(2030, 1, 1), Decimal("0.6"), None, 3, None, None)
    c = check_ballot(ballot(closed=date(2030, 2, 1), turnout_pct=55, yes_pct=90), rules)
    assert c.reasons == ["turnout 55.0% is below the 60.0% threshold"]
    assert c.mandate_expires == date(2030, 5, 1)


# ----- Wales: the Trade Union (Wales) Act 2017 ---------------------------------------------------------------------
WELSH_SCHOOL = {"important_public_services": True, "eligible": 1000, "votes_cast": 550, "votes_yes": 350}


def test_welsh_ballots_at_devolved_authorities_have_no_40pc_threshold_from_13_september_2017() -> None:
    assert ballot_rules(date(2017, 9, 12), "wales").ips_support_threshold == Decimal("0.4")  # type: ignore[union-attr]
    for day in (date(2017, 9, 13), date(2022, 8, 1), date(2026, 2, 17)):
        wales, gb = ballot_rules(day, "wales"), ballot_rules(day)
        assert wales is not None and gb is not None
        assert wales.ips_support_threshold is None and wales.country == "wales"
        assert gb.ips_support_threshold == Decimal("0.4")
        # everything else is Great Britain's law
        assert (wales.turnout_threshold, wales.mandate_months) == (gb.turnout_threshold, gb.mandate_months)


def test_a_welsh_njc_school_ballot_is_judged_by_the_welsh_act() -> None:
    # 350 yes of 1000 eligible: 35%, below the 40% the 2016 Act requires in England
    b = ballot(closed=date(2022, 11, 1), **WELSH_SCHOOL)
    [england] = check_ballots([b], country="england")
    assert not england.check.valid
    assert any("below the 40.0% required" in r for r in england.check.reasons)
    [wales] = check_ballots([b], country="wales")
    assert wales.check.valid, wales.check.reasons
    assert any("devolved Welsh authority" in n for n in wales.check.notes)
    # the ballot's own country wins over the round's
    [own] = check_ballots([ballot(closed=date(2022, 11, 1), country="wales", **WELSH_SCHOOL)], country="england-wales")
    assert own.check.valid and own.country == "wales"


def test_an_england_and_wales_round_says_the_welsh_rule_may_apply() -> None:
    [r] = check_ballots([ballot(closed=date(2022, 11, 1), **WELSH_SCHOOL)], country="england-wales")
    assert not r.check.valid  # judged by Great Britain's rule until the ballot says it is in Wales
    assert any("Trade Union (Wales) Act 2017" in n and "give the ballot's country" in n for n in r.check.notes)


def test_the_welsh_law_is_cited_on_legislation_gov_uk() -> None:
    from payround.rounds.law import law_references

    refs = law_references(date(2022, 11, 1), "wales")
    assert any("legislation.gov.uk/anaw/2017/4" in r for r in refs)
    assert not any("anaw/2017/4" in r for r in law_references(date(2022, 11, 1)))


def test_an_approximate_ballot_date_is_said_to_be_approximate() -> None:
    rf = load_round("birmingham-2025")
    reports = {r.ballot.id: r.check for r in check_ballots(rf.ballots, rf.industrial_action)}
    assert any("approximate" in n for n in reports["unite-2025-06"].notes)
    with pytest.raises(ValueError, match="date_note"):
        ballot(closed=date(2025, 6, 6), date_approximate=True)


def test_the_agency_labour_ballot_that_closed_on_10_march_2025() -> None:
    rf = load_round("birmingham-2025")
    b = next(b for b in rf.ballots if b.closed == date(2025, 3, 10))
    assert b.union == "Unite" and "agency" in b.question and not b.date_approximate
    reports = {r.ballot.id: r.check for r in check_ballots(rf.ballots, rf.industrial_action)}
    assert not reports[b.id].valid  # its result was not found: not shown to give a mandate
