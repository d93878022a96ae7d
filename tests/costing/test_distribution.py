"""Who gets what, against hand counts: shares by size of increase (headcount and FTE), the lowest-paid statements,
deciles, the gender pay gap before and after, and headroom over the wage floors on each date."""

from __future__ import annotations

from decimal import Decimal

import pytest

from payround.costing import cost_offer
from payround.costing.distribution import distribution, lowest_paid_claim
from payround.costing.headroom import headroom
from payround.reports.costing import distribution_report_for

from .helpers import offer, workforce

COSLA_AUG_2022 = """
name: COSLA revised offer, August 2022
structure: sjc/2021-22
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps:
      - raise: {percent: 5}
      - floor: 10.50
"""
# On sjc/2021-22: SCP 2-18 are paid the SLGLW GBP 9.78 (+7.36%), SCP 19 GBP 9.90 (+6.06%), SCP 20 GBP 10.05 -> 10.55
# (+4.98%), SCP 41 GBP 13.43 -> 14.10 (+4.99%).
WF = """
employer,point,weekly_hours,headcount,gender
A,5,37,10,F
A,19,18.5,20,F
A,20,37,30,M
A,41,37,40,M
"""


def test_shares_by_size_of_increase() -> None:
    dist = distribution(cost_offer(offer(COSLA_AUG_2022), workforce(WF)))
    assert dist.share_above[5] == pytest.approx(0.30)  # SCP 5 and SCP 19: 30 of 100 people
    assert dist.share_above[6] == pytest.approx(0.30)
    assert dist.share_above[7] == pytest.approx(0.10)
    assert dist.share_above[4] == pytest.approx(1.0)
    # FTE: 10 + 10 (20 half-timers) = 20 of 90.
    assert dist.share_fte_above[5] == pytest.approx(20 / 90)


def test_lowest_paid_claims() -> None:
    dist = distribution(cost_offer(offer(COSLA_AUG_2022), workforce(WF)))
    assert dist.lowest_paid_above[5] == pytest.approx(0.30)
    ok = lowest_paid_claim(dist.stats, 25, 5)
    assert ok.holds and float(ok.smallest_increase_pct or 0) == pytest.approx(6.0606, abs=1e-3)
    too_far = lowest_paid_claim(dist.stats, 31, 5)
    assert not too_far.holds


def test_deciles_cover_everyone_and_all_the_money() -> None:
    dist = distribution(cost_offer(offer(COSLA_AUG_2022), workforce(WF)))
    assert sum(d.headcount for d in dist.deciles) == pytest.approx(100)
    assert sum(d.share_of_increase for d in dist.deciles) == pytest.approx(1.0)
    assert dist.deciles[0].mean_increase_pct == pytest.approx(7.362, abs=1e-3)  # the SLGLW people
    assert dist.deciles[-1].pay_from == pytest.approx(13.43 * 37 * 52.143, abs=0.01)


def test_gender_pay_gap_before_and_after() -> None:
    dist = distribution(cost_offer(offer(COSLA_AUG_2022), workforce(WF)))
    g = dist.by_gender
    assert g is not None
    women = (10 * 9.78 + 20 * 9.90) / 30
    men = (30 * 10.05 + 40 * 13.43) / 70
    assert g.gap["mean_before"] == pytest.approx((men - women) / men * 100)
    women_after = (10 * 10.50 + 20 * 10.50) / 30
    men_after = (30 * 10.55 + 40 * 14.10) / 70
    assert g.gap["mean_after"] == pytest.approx((men_after - women_after) / men_after * 100)
    assert g.gap["median_before"] == pytest.approx((13.43 - 9.90) / 13.43 * 100)
    assert any("narrows" in line for line in g.summary)


def test_headroom_on_each_date_from_dated_floors() -> None:
    heads = headroom(offer(COSLA_AUG_2022))
    dates = [h.on.isoformat() for h in heads]
    assert dates == ["2022-04-01", "2022-09-22"]  # the stage, then the Real Living Wage announcement
    first, second = heads
    lowest = first.lowest()
    assert lowest[1] == Decimal("10.50")
    assert lowest[2]["nlw"] == Decimal("1.00")  # NLW GBP 9.50 from 1 April 2022
    assert lowest[2]["rlw_uk"] == Decimal("0.60")  # RLW GBP 9.90 (Nov 2021)
    assert second.floors["rlw_uk"] == Decimal("10.90")
    assert "2" in second.below("rlw_uk")


def test_headroom_is_none_where_no_floor_is_sourced() -> None:
    result = offer(
        """
name: "2025"
structure: njc/2024-25
period: {start: 2025-04-01, end: 2026-03-31}
stages:
  - effective: 2025-04-01
    steps: [{raise: {percent: 3.2}}]
"""
    )
    first = headroom(result)[0]
    assert first.floors["slglw"] is None  # 2025/26 SLGLW not found
    point, hourly, margins = first.lowest()
    assert point == "2" and hourly == Decimal("12.65")  # 24,413 / 52.143 / 37 = 12.654
    assert margins["nlw"] == Decimal("0.44")  # NLW GBP 12.21 from 1 April 2025


def test_distribution_document_keys_follow_the_contract() -> None:
    cost = cost_offer(offer(COSLA_AUG_2022), workforce(WF))
    doc = distribution_report_for(cost, claims=[(Decimal(12), Decimal(5))]).to_json()
    assert {"share_with_increase_above", "deciles", "by_gender", "illustrative"} <= set(doc)
    assert [str(t) for t in range(11)] == list(doc["share_with_increase_above"])[:11]
    assert doc["share_with_increase_above"]["5"] == "0.3000"
    assert all(isinstance(v, str) for v in doc["share_with_increase_above"].values())
    assert isinstance(doc["illustrative"], bool) and doc["illustrative"] is True  # sjc/2021-22 is illustrative
    assert len(doc["deciles"]) == 10
    assert doc["claims"][0]["holds"] is True
