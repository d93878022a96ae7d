"""The equal-pay estimate: look-back by jurisdiction from the dated rules, and its arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from payround.params import load_parameter
from payround.regrade.equalpay import equal_pay_exposure
from payround.regrade.schema import EqualPay
from payround.structures import load_structure


def test_look_back_is_six_years_in_england_and_wales_and_five_in_scotland() -> None:
    day = date(2025, 6, 1)
    assert load_parameter("equal_pay/arrears_years_england_wales").decimal_at(day) == 6
    assert load_parameter("equal_pay/arrears_years_scotland").decimal_at(day) == 5


def test_back_pay_gap_fte_claimants_years_and_since() -> None:
    spec = EqualPay.model_validate(
        {
            "jurisdiction": "scotland",
            "claim_date": "2025-06-01",
            "include_men": True,
            "comparisons": [
                {
                    "name": "c",
                    "claimants": {"name": "a", "pay": 20000, "headcount": 10, "fte": 0.5, "women": 0.8},
                    "comparators": {"name": "b", "pay": 21000, "extra": 500, "headcount": 5, "women": 0},
                    "since": "2023-06-01",
                }
            ],
        }
    )
    est = equal_pay_exposure(spec, load_structure("njc/2024-25"), Decimal(5), Decimal("0.3"))
    c = est.comparisons[0]
    assert c.annual_gap_full_time == Decimal(1500) and c.claimants == 10
    assert c.years == Decimal("2.00")  # the difference began two years before the claim
    assert c.back_pay == Decimal(1500) * Decimal("0.5") * 10 * 2
    assert est.total == c.back_pay * Decimal("1.3")
