"""The refuse-backlog model (pure): hand-worked days, clear-up, indefinite strikes and invariants."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from payround.rounds import BacklogInputs, ClearupPhase, daily_collection_tonnes, simulate

MONDAY = date(2025, 3, 3)


def inputs(days: list[date], **kw: object) -> BacklogInputs:
    base: dict[str, object] = {
        "households": 100_000,
        "waste_kg_per_household_week": Decimal("10"),
        "collection_days_per_week": 5,
        "share_missed": Decimal("1"),
        "surplus_share": Decimal("0.25"),
        "strike_days": frozenset(days),
    }
    return BacklogInputs(**(base | kw))  # type: ignore[arg-type]


def test_daily_collection_is_households_times_waste_over_collection_days() -> None:
    # 100,000 households x 10 kg = 1,000 t a week, 200 t on each of 5 collection days.
    assert daily_collection_tonnes(inputs([])) == Decimal(200)


def test_a_week_long_strike_then_clearing_at_a_quarter_of_normal() -> None:
    week = [MONDAY + timedelta(days=i) for i in range(7)]  # Mon-Sun: 5 collection days missed
    ep = simulate(inputs(week), MONDAY, MONDAY + timedelta(days=6))
    assert [d.missed for d in ep.days[:7]] == [200] * 5 + [0, 0]
    assert ep.at(MONDAY + timedelta(days=6)) == Decimal(1000)
    # 1,000 t cleared at 50 t a collection day: 20 collection days, 4 weeks, the last on Friday 4 April.
    assert ep.cleared_on == date(2025, 4, 4)
    assert ep.days_to_clear(MONDAY + timedelta(days=6)) == 26
    assert ep.peak is not None and ep.peak.backlog == 1000


def test_a_share_of_collections_missed_scales_the_backlog() -> None:
    ep = simulate(inputs([MONDAY], share_missed=Decimal("0.4")), MONDAY, MONDAY)
    assert ep.at(MONDAY) == Decimal(80)


def test_stated_clear_up_capacity_replaces_the_surplus_and_can_work_weekends() -> None:
    phase = ClearupPhase(start=MONDAY + timedelta(days=5), end=None, tonnes_per_day=Decimal(300), days_per_week=7)
    ep = simulate(inputs([MONDAY + timedelta(days=i) for i in range(5)], clearup=(phase,)), MONDAY, MONDAY)
    assert ep.at(MONDAY + timedelta(days=4)) == 1000
    assert ep.at(MONDAY + timedelta(days=5)) == 700  # Saturday: 300 t cleared
    assert ep.cleared_on == MONDAY + timedelta(days=8)  # 1,000 / 300: the fourth day, Tuesday


def test_an_indefinite_strike_without_capacity_never_clears() -> None:
    ep = simulate(inputs([], strike_open_from=MONDAY), MONDAY, MONDAY + timedelta(days=13), horizon_days=30)
    assert ep.at(MONDAY + timedelta(days=13)) == Decimal(2000)
    assert ep.days_to_clear(MONDAY + timedelta(days=13)) is None
    assert ep.cleared_on is None


def test_an_indefinite_strike_is_cleared_when_stated_capacity_outruns_it() -> None:
    phase = ClearupPhase(start=MONDAY + timedelta(days=14), end=None, tonnes_per_day=Decimal(400), days_per_week=7)
    ep = simulate(inputs([], strike_open_from=MONDAY, clearup=(phase,)), MONDAY, MONDAY + timedelta(days=13))
    assert ep.cleared_on is not None and ep.cleared_on > MONDAY + timedelta(days=14)
    assert ep.at(ep.cleared_on) == 0


day_offsets = st.sets(st.integers(min_value=0, max_value=60), max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    offsets=day_offsets,
    share=st.decimals(min_value=0, max_value=1, places=2),
    surplus=st.sampled_from(["0.1", "0.33", "1"]),
)
def test_the_backlog_balances_and_never_goes_negative(offsets: set[int], share: Decimal, surplus: str) -> None:
    days = [MONDAY + timedelta(days=o) for o in offsets]
    ep = simulate(inputs(days, share_missed=share, surplus_share=Decimal(surplus)), MONDAY, MONDAY + timedelta(days=60))
    running = Decimal(0)
    for d in ep.days:
        assert d.backlog >= 0 and d.cleared >= 0
        running += d.missed - d.cleared
        assert d.backlog == running
    assert ep.days[-1].backlog == 0  # with spare capacity every backlog clears once strikes stop


@settings(max_examples=40, deadline=None)
@given(offsets=day_offsets, extra=st.integers(min_value=1, max_value=50_000))
def test_more_households_never_mean_a_smaller_backlog(offsets: set[int], extra: int) -> None:
    days = [MONDAY + timedelta(days=o) for o in offsets]
    end = MONDAY + timedelta(days=30)
    small = simulate(inputs(days), MONDAY, end)
    large = simulate(inputs(days, households=100_000 + extra), MONDAY, end)
    for i in range(31):
        day = MONDAY + timedelta(days=i)
        assert large.at(day) >= small.at(day)
