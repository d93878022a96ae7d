"""Pay per person is exact to the penny: hourly and annual structures, part-time, term-time, group rows, staged
offers (in-year by days) and lump sums, against hand computations with Fractions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from payround.costing import cost_offer
from payround.costing.exact import pence_per_record, round_half_up

from .helpers import no_change, offer, summary, workforce


def pence(x: Fraction) -> int:
    """Half-up to the penny, from pounds."""
    p = x * 100
    return int(p + Fraction(1, 2)) if p >= 0 else -int(-p + Fraction(1, 2))


def test_round_half_up_is_exact_at_halves() -> None:
    num = np.array([5, 15, 25, -5, 4, 6], dtype=np.int64)
    assert round_half_up(num, 10).tolist() == [1, 2, 3, -1, 0, 1]


def test_overflow_falls_back_to_python_integers() -> None:
    big = [10**13, 3]  # 10**13 x 10**6 x 7 overflows int64; the result (about 2.3e13 pence) does not
    ratio = Fraction(7, 3 * 10**6)
    out = pence_per_record(big, np.array([0, 1]), np.array([10**6, 10**6], dtype=np.int64), ratio)
    assert out.tolist() == [pence(Fraction(10**13 * 7, 3) / 100), pence(Fraction(3 * 7, 3) / 100)]


def test_hourly_structure_part_time_and_term_time() -> None:
    wf = workforce(
        """
employer,point,weekly_hours,paid_weeks,headcount
A,19,18.5,,1
A,19,18.5,45.6,3
A,30,37,,2
"""
    )
    cost = cost_offer(no_change("sjc/2021-22", "2021-04-01", "2022-03-31"), wf)
    per = cost.per_person("before").tolist()
    weeks = Fraction("52.143")
    assert per[0] == pence(Fraction("9.90") * Fraction("18.5") * weeks)
    assert per[1] == pence(Fraction("9.90") * Fraction("18.5") * Fraction("45.6"))
    assert per[2] == pence(Fraction("11.56") * 37 * weeks)
    assert summary(cost)["paybill"]["before"] == str(
        Decimal(per[0] + 3 * per[1] + 2 * per[2]).scaleb(-2).quantize(Decimal("0.01"))
    )


def test_annual_structure_fte_and_term_time() -> None:
    wf = workforce(
        """
employer,point,fte,paid_weeks
A,10,0.6081,
A,10,0.6081,44.6
A,43,1,
"""
    )
    cost = cost_offer(no_change("njc/2022-23", "2022-04-01", "2023-03-31"), wf)
    hours = Fraction("0.6081") * 37  # kept to 1/10,000 of an hour
    hours = Fraction(round(hours * 10000), 10000)
    per = cost.per_person("before").tolist()
    assert per[0] == pence(23620 * hours / 37)
    assert per[1] == pence(23620 * hours / 37 * Fraction("44.6") / Fraction("52.143"))
    assert per[2] == 4959000


def test_in_year_weighs_stages_by_days_and_rounds_once() -> None:
    result = offer(
        """
name: two stages
structure: njc/2022-23
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps: [{raise: {percent: 2}}]
  - effective: 2022-10-01
    steps: [{raise: {percent: 2}}]
"""
    )
    wf = workforce("employer,point,weekly_hours\nA,5,22.5\n")
    cost = cost_offer(result, wf)
    first = Fraction(pence(Fraction(21575 * 102, 100) / 100))  # the structure rounds to the pound, half-up
    second = Fraction(pence(first * Fraction(102, 100) / 100))
    annual = (first * 183 + second * 182) / 365 * Fraction("22.5") / 37
    assert cost.per_person("in_year").tolist() == [pence(annual)]
    assert cost.per_person("after").tolist() == [pence(second * Fraction("22.5") / 37)]
    doc = summary(cost)
    assert [s["effective"] for s in doc["paybill"]["stages"]] == ["2022-04-01", "2022-10-01"]
    assert doc["paybill"]["stages"][0]["full_year"] == str(Decimal(pence(first * Fraction("22.5") / 37)).scaleb(-2))


def test_lump_sums_are_pro_rata_to_hours_and_weeks_and_not_in_the_pay_bill() -> None:
    result = offer(
        """
name: lump sum
structure: njc/2022-23
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps:
      - raise: {percent: 0}
      - lump_sum: {by: 500, paid: 2022-12-15}
"""
    )
    wf = workforce(
        """
employer,point,weekly_hours,paid_weeks
A,5,37,
A,5,18.5,
A,5,18.5,45
A,5,40,
"""
    )
    cost = cost_offer(result, wf)
    (lc,) = cost.lumps
    assert lc.in_period
    amounts = lc.cost.pay[cost.prepared.unit].tolist()
    assert amounts == [50000, 25000, pence(Fraction(250) * 45 / Fraction("52.143")), 50000]
    doc = summary(cost)
    assert doc["paybill"]["increase_full_year"] == "0.00"
    assert Decimal(doc["lump_sums"]["pay"]) == Decimal(sum(amounts)) / 100
    assert Decimal(doc["total_cost_increase_full_year"]) == Decimal(doc["lump_sums"]["pay"]) + Decimal(
        doc["lump_sums"]["on_costs"]
    )


def test_in_year_equals_day_weighted_stages_exactly_when_days_divide() -> None:
    """With a whole number of pounds a year per person and stages splitting the year evenly in pence, the in-year
    pay bill is exactly the day-weighted stage pay bills."""
    result = offer(
        """
name: half and half
structure: njc/2022-23
period: {start: 2022-01-01, end: 2022-12-31}
stages:
  - effective: 2022-01-01
    steps: [{raise: {percent: 0}}]
  - effective: 2022-07-02
    steps: [{raise: {cash: 730, per: year}}]
"""
    )
    wf = workforce("employer,point,weekly_hours,headcount\nA,5,37,10\n")
    doc = summary(cost_offer(result, wf))
    first, second = (Decimal(s["full_year"]) for s in doc["paybill"]["stages"])
    # 1 Jan - 1 Jul is 182 days, 2 Jul - 31 Dec is 183 days.
    assert Decimal(doc["paybill"]["in_year"]) == (first * 182 + second * 183) / 365
