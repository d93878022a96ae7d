"""The ``cost`` JSON document follows DESIGN §7: its keys, money as exact decimal strings, and the total that is the
pay increase plus the on-cost increase plus lump sums."""

from __future__ import annotations

from decimal import Decimal

from .helpers import cost_summary, offer, workforce

OFFER = """
name: contract
structure: njc/2022-23
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps:
      - raise: {cash: 1925, per: year}
      - lump_sum: {by: 100, paid: 2022-07-01}
"""


def test_cost_document_has_the_contract_keys() -> None:
    doc = cost_summary(offer(OFFER), workforce("employer,point,weekly_hours,headcount\nA,10,37,3\nB,30,20,2\n"))
    assert isinstance(doc["headcount"], int) and doc["headcount"] == 5
    assert isinstance(doc["fte"], str) and Decimal(doc["fte"]) > 0
    for key in ("before", "after_full_year", "increase_full_year", "increase_full_year_pct", "increase_in_year"):
        assert isinstance(doc["paybill"][key], str)
        Decimal(doc["paybill"][key])
    assert isinstance(doc["on_costs"]["increase_full_year"], str)
    assert isinstance(doc["illustrative"], bool) and doc["illustrative"] is False
    pay = Decimal(doc["paybill"]["increase_full_year"])
    oncost = Decimal(doc["on_costs"]["increase_full_year"])
    lumps = Decimal(doc["lump_sums"]["pay"]) + Decimal(doc["lump_sums"]["on_costs"])
    assert Decimal(doc["total_cost_increase_full_year"]) == pay + oncost + lumps
    assert pay == Decimal(1925 * 3) + Decimal("1925") * 2 * Decimal(20) / 37 // Decimal("0.01") * Decimal("0.01")


def test_illustrative_workforces_make_the_costing_illustrative() -> None:
    doc = cost_summary(offer(OFFER), workforce("employer,point,weekly_hours\nA,10,37\n", illustrative=True))
    assert doc["illustrative"] is True
