"""Impacts of the bundled rounds: the Birmingham 2025 backlog against the reported figures, Scottish councils in
2022, pupil-days, and councils that cannot be estimated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from payround.rounds import assess, check_against_reports, load_round, parse_round

BIRMINGHAM = "Birmingham City Council"
# Hand-worked: 410,700 households x 12.8 kg a week / 1000 / 5 collection days = 1,051.392 t a collection day.
BHAM_DAY = Decimal(410700) * Decimal("12.8") / 1000 / 5


def test_birmingham_backlog_at_the_major_incident() -> None:
    report = assess(load_round("birmingham-2025"), at=date(2025, 3, 31))
    # The held 6 January walkout was cleared long before; the all-out strike from Tuesday 11 March missed
    # 15 collection days to Monday 31 March.
    assert report.backlog_at(BIRMINGHAM) == 15 * BHAM_DAY
    assert round(report.total_backlog) == 15771


def test_birmingham_against_the_reported_figures_and_the_error() -> None:
    _, checks = check_against_reports(load_round("birmingham-2025"))
    by_kind = {c.kind: c for c in checks}
    at_incident = by_kind["backlog_at"]
    assert (at_incident.reported, at_incident.modelled, at_incident.error) == ("17000 t", "15771 t", "-1229 t")
    assert at_incident.error_pct == "-7.2"
    peak = by_kind["peak"]  # 19 collection days missed by Friday 4 April, before contingency crews from 5 April
    assert peak.date == date(2025, 4, 4) and peak.modelled == f"{round(19 * BHAM_DAY)} t on 2025-04-04"
    assert peak.error_pct == "-9.2"
    assert by_kind["cleared_by"].error == "+4 days"  # "all excess waste removed" by 22 April
    # The error we hold ourselves to for this model on this round (documented in docs/rounds.md).
    assert abs(Decimal(at_incident.error_pct or "0")) <= 10 and abs(Decimal(peak.error_pct or "0")) <= 10


def test_counting_the_unconfirmed_walkout_days_overshoots() -> None:
    # If every listed walkout day of January-March had been held with no catch-up beyond the spare capacity, the
    # backlog at 31 March would have been far above the reported 17,000 t: evidence that it was cleared in between.
    report = assess(load_round("birmingham-2025"), at=date(2025, 3, 31), include_planned=True)
    assert report.backlog_at(BIRMINGHAM) > Decimal(25000)


def test_edinburgh_2022_by_hand() -> None:
    report = assess(load_round("sjc-2022-23"), at=date(2022, 8, 31))
    daily = Decimal(242460) * Decimal("17.5") / 1000 / 5  # 848.61 t
    run = report.backlog["City of Edinburgh"]
    # 05:00 18 Aug to 04:59 30 Aug: 8 collection days (Thu 18 to Mon 29); then 2 days at 33% spare capacity.
    assert run.episode.at(date(2022, 8, 29)) == 8 * daily
    assert report.backlog_at("City of Edinburgh") == 8 * daily - 2 * daily * Decimal("0.33")
    assert any("scotland_household_waste" in b and "2022-01-01" in b for b in run.basis)


def test_every_scottish_council_with_a_held_refuse_strike_is_estimated() -> None:
    rf = load_round("sjc-2022-23")
    report = assess(rf, at=date(2022, 9, 1))
    held = {a.employer for a in rf.industrial_action if a.status == "held" and "refuse" in a.services}
    assert set(report.backlog) == held and report.not_estimated == {}
    assert "Fife" not in report.backlog  # Fife's strike was suspended before it started


def test_school_strikes_that_never_happened_cost_no_pupil_days() -> None:
    report = assess(load_round("sjc-2022-23"), at=date(2022, 9, 30))
    glasgow = next(s for s in report.schools if s.employer == "Glasgow City")
    assert glasgow.days_lost == 0 and glasgow.days_not_held == 3  # 6-8 September, suspended
    assert glasgow.pupils is None and glasgow.pupil_days_lost is None  # pupil numbers not given


TINY = """
id: tiny
name: Tiny
body: {kind: single_employer, name: Somewhere Council, country: england}
sides: {employers: {name: Somewhere Council}, unions: {name: Unison}}
industrial_action:
  - {union: Unison, employer: Somewhere Council, services: [schools], start: 2024-03-04, end: 2024-03-10, status: held}
  - {union: Unison, employer: Somewhere Council, services: [refuse], start: 2024-03-04, end: 2024-03-05, status: held}
impact:
  pupils: [{employer: Somewhere Council, pupils: 1200, year: 2023/24, sources: [a school census]}]
"""


def test_pupil_days_where_pupil_numbers_are_given() -> None:
    report = assess(parse_round(TINY, "tiny.yaml"), at=date(2024, 3, 31))
    [school] = report.schools
    assert (school.days_lost, school.pupil_days_lost) == (5, 6000)  # Monday to Friday


def test_a_council_without_households_or_a_waste_figure_is_not_estimated() -> None:
    report = assess(parse_round(TINY, "tiny.yaml"), at=date(2024, 3, 31))
    assert report.backlog == {}
    assert "households not given" in report.not_estimated["Somewhere Council"]
    text = TINY.replace(
        "impact:",
        "impact:\n  households: [{employer: Somewhere Council, households: 5000, year: 2021, sources: [census]}]",
    )
    report = assess(parse_round(text, "tiny.yaml"), at=date(2024, 3, 31))
    assert "no bundled waste-per-household figure for england" in report.not_estimated["Somewhere Council"]


@pytest.mark.parametrize("round_id", ["sjc-2022-23", "birmingham-2025"])
def test_every_figure_used_names_its_source(round_id: str) -> None:
    report = assess(load_round(round_id), at=date(2025, 3, 31) if "birmingham" in round_id else date(2022, 8, 31))
    for run in report.backlog.values():
        assert len(run.basis) >= 5
        assert all("http" in line or "params/" in line for line in run.basis if not line.startswith("clear-up"))
