"""Every costing states its on-cost rules: NI rates and thresholds by payday, the levy, the Employment Allowance and
each employer's pension rate with its source, or that it is a default to check."""

from __future__ import annotations

from decimal import Decimal

from payround.costing import CostOptions, cost_offer
from payround.costing.assumptions import assumptions

from .helpers import no_change, summary, workforce

FIFE = workforce("employer,point,weekly_hours\nFife Council,19,37\nFife Council,30,18.5\n")


def test_a_scottish_payroll_without_its_own_rate_says_the_default() -> None:
    cost = cost_offer(no_change("sjc/2021-22", "2022-04-01", "2023-03-31"), FIFE)
    a = assumptions(cost)
    (pension,) = a.pension
    assert pension.is_default and pension.scheme == "lgps_scotland" and pension.employer == "Fife Council"
    assert "Strathclyde" in pension.label
    text = " ".join(a.notes())
    assert "Fife Council costed at 19.5%" in text and "DEFAULT" in text and "--pension-rates" in text
    doc = summary(cost)["assumptions"]
    assert doc["pension"][0]["default"] is True and doc["pension"][0]["rates"][0]["sources"][0]["href"]


def test_the_employer_own_rate_is_stated_as_such() -> None:
    opts = CostOptions(pension_rates={"Fife Council": Decimal("0.178")})
    a = assumptions(cost_offer(no_change("sjc/2021-22", "2022-04-01", "2023-03-31"), FIFE, opts))
    (pension,) = a.pension
    assert not pension.is_default and pension.basis == "--pension-rates"
    assert pension.periods[0].values["rate"] == Decimal("0.178")
    assert "Fife Council at 17.8%" in " ".join(a.notes())


def test_ni_by_payday_across_the_november_2022_change() -> None:
    a = assumptions(cost_offer(no_change("sjc/2021-22", "2022-04-01", "2023-03-31"), FIFE))
    rates = [(p.start.isoformat(), p.values["rate"]) for p in a.employer_ni]
    assert rates == [("2022-04-06", Decimal("0.1505")), ("2022-11-06", Decimal("0.138"))]
    assert all(p.sources for p in a.employer_ni)
    assert a.apprenticeship_levy[0].values == {"rate": Decimal("0.005"), "allowance": Decimal("15000")}
    assert "not claimed" in a.employment_allowance


def test_employers_costed_alike_share_one_entry() -> None:
    staff = workforce(
        "employer,point,weekly_hours\n"
        "Fife Council,19,37\nAngus Council,30,37\nMoray Council,25,37\nFife Council,40,20\n"
    )
    opts = CostOptions(pension_rates={"Angus Council": Decimal("0.178")})
    doc = summary(cost_offer(no_change("sjc/2021-22", "2022-04-01", "2023-03-31"), staff, opts))["assumptions"]
    assert len(doc["pension"]) == 2
    (default,) = [p for p in doc["pension"] if p["default"]]
    (own,) = [p for p in doc["pension"] if not p["default"]]
    assert default["employers"] == ["Fife Council", "Moray Council"]
    assert own["employers"] == ["Angus Council"] and own["rates"][0]["values"]["rate"] == "0.178"
