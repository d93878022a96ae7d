"""Employer on-costs against hand computations from the parameter docs (../shared/data/params/ni.md, lgps.md):
monthly NI across the 6 November 2022 and 6 April 2025 changes, LGPS employer rates by scheme and date, the
Apprenticeship Levy above each employer's allowance, and the Employment Allowance councils cannot claim."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from payround.costing import CostOptions, cost_offer
from payround.costing.assumptions import assumptions

from .helpers import no_change, offer, summary, workforce


def money(x: Decimal) -> str:
    return str(x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


ONE = "employer,point,weekly_hours\nA,1,37\n"  # NJC 2021/22 SCP 1: GBP 18,333 a year


def test_ni_across_the_november_2022_change() -> None:
    doc = summary(cost_offer(no_change("njc/2021-22", "2022-04-01", "2023-03-31"), workforce(ONE)))
    monthly = Decimal(18333) / 12
    # Paydays 30 April to 31 October at 15.05% over GBP 758 a month; 30 November to 31 March at 13.8%.
    want = (monthly - 758) * Decimal("0.1505") * 7 + (monthly - 758) * Decimal("0.138") * 5
    assert doc["on_costs"]["employer_ni"]["before"] == money(want) == "1342.06"


def test_ni_and_pension_across_scheme_years() -> None:
    doc = summary(cost_offer(no_change("njc/2021-22", "2022-10-01", "2023-09-30"), workforce(ONE)))
    monthly = Decimal(18333) / 12
    ni = (monthly - 758) * Decimal("0.1505") + (monthly - 758) * Decimal("0.138") * 11
    assert doc["on_costs"]["employer_ni"]["before"] == money(ni) == "1284.33"
    # LGPS England & Wales: 22.9% to 31 March 2023 (2019 valuation), 21.1% from 1 April 2023 (2022 valuation).
    pension = monthly * 6 * Decimal("0.229") + monthly * 6 * Decimal("0.211")
    assert doc["on_costs"]["pension"]["before"] == money(pension) == "4033.26"


def test_ni_across_the_april_2025_change() -> None:
    wf = workforce("employer,point,weekly_hours\nA,2,37\n")  # NJC 2024/25 SCP 2: GBP 23,656
    doc = summary(cost_offer(no_change("njc/2024-25", "2024-10-01", "2025-09-30"), wf))
    monthly = Decimal(23656) / 12
    want = (monthly - 758) * Decimal("0.138") * 6 + (monthly - 417) * Decimal("0.15") * 6
    assert doc["on_costs"]["employer_ni"]["before"] == money(want) == "2403.54"


def test_no_ni_below_the_threshold_and_part_timers_pro_rata() -> None:
    wf = workforce("employer,point,weekly_hours\nA,1,10\nA,1,37\n")
    cost = cost_offer(no_change("njc/2021-22", "2021-04-01", "2022-03-31"), wf)
    per = cost.prepared  # 10 hours: GBP 4,954.86 a year, GBP 412.90 a month: below GBP 737
    ni = cost.before.on_costs.ni[per.unit].tolist()
    assert ni[0] == 0
    assert ni[1] == round((Decimal(18333) / 12 - 737) * Decimal("0.138") * 12 * 100)


def test_pension_by_scheme_column_and_employer_override() -> None:
    wf = workforce(
        """
employer,point,weekly_hours,pension_scheme,employer_pension_rate
A,20,37,lgps_scotland,
A,20,37,none,
A,20,37,lgps_scotland_lothian,
B,20,37,,
C,20,37,,15
"""
    )
    result = no_change("sjc/2023-24", "2023-04-01", "2024-03-31")
    cost = cost_offer(result, wf, CostOptions(pension_rates={"B": Decimal("0.2")}))
    pay = Decimal(int(cost.per_person("before")[0])) / 100  # 12.15 x 37 x 52.143
    assert pay == Decimal(money(Decimal("12.15") * 37 * Decimal("52.143"))) == Decimal("23440.89")
    got = (cost.before.on_costs.pension[cost.prepared.unit] / 100).tolist()
    assert got == [
        float(money(pay * Decimal("0.195"))),  # Strathclyde councils, 2021-24
        0.0,
        float(money(pay * Decimal("0.225"))),  # City of Edinburgh (Lothian)
        float(money(pay * Decimal("0.2"))),  # employer B's own rate (option)
        float(money(pay * Decimal("0.15"))),  # the row's employer_pension_rate wins
    ]


def test_apprenticeship_levy_above_each_employers_allowance() -> None:
    wf = workforce(
        """
employer,point,weekly_hours,headcount
Big,43,37,100
Small,43,37,10
"""
    )
    cost = cost_offer(no_change("njc/2022-23", "2022-04-01", "2023-03-31"), wf)
    levy = cost.before.on_costs.levy.tolist()
    big = Decimal(49590 * 100) * Decimal("0.005") - 15000  # GBP 4.959m pay bill
    assert levy == [int(big * 100), 0]  # Small's GBP 495,900 is under the GBP 3m allowance threshold
    doc = summary(cost)
    assert doc["on_costs"]["apprenticeship_levy"]["before"] == money(big)


def test_councils_cannot_claim_the_employment_allowance() -> None:
    wf = workforce("employer,point,weekly_hours,headcount\nA,20,37,3\n")
    result = no_change("njc/2023-24", "2023-04-01", "2024-03-31")
    council = summary(cost_offer(result, wf))
    charity = summary(cost_offer(result, wf, CostOptions(public_authority=False)))
    assert council["on_costs"]["employment_allowance"]["before"] == "0.00"
    ni = Decimal(council["on_costs"]["employer_ni"]["before"])
    assert Decimal(charity["on_costs"]["employment_allowance"]["before"]) == min(ni, Decimal(5000))
    assert Decimal(charity["on_costs"]["employer_ni"]["before"]) == ni - min(ni, Decimal(5000))


def test_the_employment_allowance_is_the_one_of_the_tax_year_of_the_paydays() -> None:
    # A pay year starting 1 April is paid on paydays in the tax year starting 6 April: 2025/26's £10,500, not the
    # £5,000 of 2024/25 in force on 1 April 2025.
    wf = workforce("employer,point,weekly_hours,headcount\nA,20,37,100\n")
    result = no_change("njc/2025-26", "2025-04-01", "2026-03-31")
    cost = cost_offer(result, wf, CostOptions(public_authority=False))
    assert summary(cost)["on_costs"]["employment_allowance"]["before"] == "10500.00"
    assert "£10,500 a year" in assumptions(cost).employment_allowance


def test_the_increase_in_on_costs_follows_the_pay_increase() -> None:
    result = offer(
        """
name: GBP 1,000
structure: njc/2022-23
period: {start: 2023-04-01, end: 2024-03-31}
stages:
  - effective: 2023-04-01
    steps: [{raise: {cash: 1000, per: year}}]
"""
    )
    doc = summary(cost_offer(result, workforce("employer,point,weekly_hours\nA,20,37\n")))
    assert doc["paybill"]["increase_full_year"] == "1000.00"
    assert doc["on_costs"]["employer_ni"]["increase_full_year"] == "138.00"
    assert doc["on_costs"]["pension"]["increase_full_year"] == "211.00"
    assert doc["total_cost_increase_full_year"] == "1349.00"


def test_lump_sum_on_costs_in_the_month_it_is_paid() -> None:
    result = offer(
        """
name: lump sum paid in October 2022
structure: njc/2021-22
period: {start: 2022-04-01, end: 2023-03-31}
stages:
  - effective: 2022-04-01
    steps:
      - raise: {percent: 0}
      - lump_sum: {by: 1000, paid: 2022-10-20}
"""
    )
    doc = summary(cost_offer(result, workforce(ONE)))
    # Paid with October's pay, on 31 October: NI at 15.05% (the month's pay is already over the threshold).
    assert doc["lump_sums"]["pay"] == "1000.00"
    assert doc["lump_sums"]["on_costs"] == "150.50"
