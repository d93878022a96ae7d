"""PolicyEngine UK through the bridge: hand-checked tax and NI (params docs), the guards against PolicyEngine's two
known parameter errors, an exact match with PolicyEngine's own single-household calculation, and a clear error when
PolicyEngine is missing.

Hand checks allow one penny: PolicyEngine computes in float32 (and NI month by month), so a figure can land a
half-penny either side; the exact-match test compares to the penny with no tolerance."""

from __future__ import annotations

import builtins
from decimal import Decimal
from typing import Any

import pytest

from payround.engine import OfferResult
from payround.errors import DependencyError
from payround.takehome import bridge
from payround.takehome.bridge import SimulationRun
from payround.takehome.households import Household
from payround.takehome.model import TakehomeTable
from payround.takehome.rules import tax_year_rules

pytestmark = pytest.mark.policyengine

D = Decimal
PENNY = D("0.01")


def near(got: Decimal, want: Decimal) -> bool:
    return abs(got - want.quantize(PENNY)) <= PENNY


# ----- hand checks: Scottish income tax 2022/23 (income_tax.md: taxable bands 2,162 / 13,118 / 31,092) ---------
def test_scottish_starter_rate_only(run_2022: SimulationRun) -> None:
    # £14,000: taxable 14,000 - 12,570 = 1,430, all at the 19% starter rate.
    assert near(run_2022.outcomes[0].income_tax, D(1430) * D("0.19"))  # 271.70


def test_scottish_starter_and_basic(run_2022: SimulationRun) -> None:
    # £20,000: taxable 7,430 = 2,162 at 19% + 5,268 at 20% = 410.78 + 1,053.60
    assert near(run_2022.outcomes[1].income_tax, D("1464.38"))


def test_scottish_starter_basic_and_intermediate(run_2022: SimulationRun) -> None:
    # £35,000: taxable 22,430 = 2,162 x 19% + 10,956 x 20% + 9,312 x 21% = 410.78 + 2,191.20 + 1,955.52
    assert near(run_2022.outcomes[2].income_tax, D("4557.50"))


def test_scottish_higher_rate(run_2022: SimulationRun) -> None:
    # £60,000: taxable 47,430 = 410.78 + 2,191.20 + 17,974 x 21% + 16,338 x 41% = 410.78+2,191.20+3,774.54+6,698.58
    assert near(run_2022.outcomes[3].income_tax, D("13075.10"))


def test_ni_2022_23_follows_the_three_regimes_by_pay_month(run_2022: SimulationRun) -> None:
    # ni.md: 6 Apr-5 Jul PT £9,880 at 13.25%; 6 Jul-5 Nov PT £12,570 at 13.25%; from 6 Nov PT £12,570 at 12%.
    g = D(20000)
    want = (
        D(3) / 12 * (g - 9880) * D("0.1325")
        + D(4) / 12 * (g - 12570) * D("0.1325")
        + D(5) / 12 * (g - 12570) * D("0.12")
    )
    assert near(run_2022.outcomes[1].employee_ni, want)  # 1,047.16
    assert run_2022.regimes == 3
    # £60,000 is above the UEL (£50,270): 3.25% then 2% on the excess.
    g = D(60000)
    main = lambda pt, r: (D(50270) - pt) * r  # noqa: E731
    want = (
        D(3) / 12 * (main(D(9880), D("0.1325")) + (g - 50270) * D("0.0325"))
        + D(4) / 12 * (main(D(12570), D("0.1325")) + (g - 50270) * D("0.0325"))
        + D(5) / 12 * (main(D(12570), D("0.12")) + (g - 50270) * D("0.02"))
    )
    assert near(run_2022.outcomes[3].employee_ni, want)


# ----- the guards ----------------------------------------------------------------------------------------------
def test_guard_scottish_2021_22_thresholds(run_2021: SimulationRun) -> None:
    # PolicyEngine has 2,306 / 13,991 for 2021/22 (the 2024/25 values); official 2,097 / 12,726 (income_tax.md).
    described = [o.describe() for o in run_2021.overrides]
    assert any(
        "scotland.rates[1].threshold (basic): PolicyEngine UK has 2306, payround used 2097" in d for d in described
    )
    assert any("scotland.rates[2].threshold (intermediate)" in d and "used 12726" in d for d in described)
    # £30,000: taxable 17,430 = 2,097 x 19% + 10,629 x 20% + 4,704 x 21% = 398.43 + 2,125.80 + 987.84
    tax = run_2021.outcomes[0].income_tax
    assert near(tax, D("3512.07"))
    unguarded = D(2306) * D("0.19") + (D(13991) - 2306) * D("0.2") + (D(17430) - 13991) * D("0.21")  # 3,497.33
    assert abs(tax - unguarded) > 10
    assert near(run_2021.outcomes[0].employee_ni, (D(30000) - 9568) * D("0.12"))  # 2,451.84; 2021/22 unaffected


def test_guard_ni_additional_rate_2023_24(run_2023: SimulationRun) -> None:
    # PolicyEngine keeps 3.25% above the UEL for 2023/24; official 2% from 6 Nov 2022 (ni.md). And 10% main from
    # 6 Jan 2024 (three pay months).
    described = [o.describe() for o in run_2023.overrides]
    assert any(d.startswith("NI additional rate: PolicyEngine UK has 0.0325, payround used 0.02") for d in described)
    cut = "NI main rate: PolicyEngine UK has 0.12, payround used 0.10 (2024-01-06 to 2024-04-05;"
    assert any(d.startswith(cut) for d in described)
    excess = D(60000) - 50270
    want = D(9) / 12 * ((D(50270) - 12570) * D("0.12") + excess * D("0.02")) + D(3) / 12 * (
        (D(50270) - 12570) * D("0.10") + excess * D("0.02")
    )
    assert near(run_2023.outcomes[0].employee_ni, want)  # 4,530.10
    unguarded = (D(50270) - 12570) * D("0.12") + excess * D("0.0325")  # 4,840.23
    assert run_2023.outcomes[0].employee_ni < unguarded - 300
    # rUK income tax: taxable 47,430 = 37,700 x 20% + 9,730 x 40%
    assert near(run_2023.outcomes[0].income_tax, D("11432.00"))


def test_no_override_where_policyengine_agrees(njc_table: TakehomeTable) -> None:
    assert njc_table.overrides == []


# ----- LGPS tier change, end to end (NJC 2025/26: SCP 11 crosses the £28,000 band edge) ----------------------------
def test_lgps_band_change_and_net_pay_relief(njc_table: TakehomeTable) -> None:
    row = njc_table.row("11", "single")
    assert (row.before.gross, row.after.gross) == (D("27269.00"), D("28142.00"))
    assert row.before.pension == D("1581.60")  # 27,269 x 5.8% (band 2 to £28,000)
    assert row.after.pension == D("1829.23")  # 28,142 x 6.5% (band 3): the whole pay moves to the higher rate
    # Net pay arrangement: pension comes off taxable pay (rUK 2025/26, 20%), not off NI pay (8% above £12,570).
    assert near(row.after.income_tax, (D("28142") - D("1829.23") - 12570) * D("0.2"))
    assert near(row.after.employee_ni, (D("28142") - 12570) * D("0.08"))
    assert row.taken["pension"] == D("247.63")


# ----- the same as PolicyEngine's own single-household calculation -----------------------------------------------
def _alone(h: Household, gross: Decimal, pension: Decimal, year: int) -> dict[str, Decimal]:
    """One household in its own PolicyEngine simulation, built here without the bridge."""
    from policyengine_uk import Simulation

    y = year
    people: dict[str, Any] = {
        "w": {
            "age": {y: h.worker.age},
            "employment_income": {y: float(gross)},
            "employee_pension_contributions": {y: float(pension)},
            "hours_worked": {y: float(h.worker.fte_of(D(37)) * 37 * 52)},
        }
    }
    members = ["w"]
    if h.partner is not None:
        people["p"] = {
            "age": {y: h.partner.age},
            "employment_income": {y: float(h.partner.employment_income)},
            "employee_pension_contributions": {y: 0.0},
            "hours_worked": {y: float(h.partner.hours * 52)},
        }
        members.append("p")
    for k, c in enumerate(h.children):
        people[f"c{k}"] = {"age": {y: c.age}, "childcare_expenses": {y: 0.0}}
        members.append(f"c{k}")
    sim = Simulation(
        situation={
            "people": people,
            "benunits": {"b": {"members": members}},
            "households": {
                "h": {
                    "members": members,
                    "region": {y: "WEST_MIDLANDS"},
                    "tenure_type": {y: "RENT_FROM_COUNCIL"},
                    "rent": {y: float(h.housing.rent_per_week * 52)},
                }
            },
        }
    )

    def q(x: Any) -> Decimal:
        return D(repr(float(x))).quantize(PENNY)

    return {
        "income_tax": q(sim.calculate("income_tax", y)[0]),
        "employee_ni": q(sim.calculate("ni_employee", y)[0]),
        "universal_credit": q(sim.calculate("universal_credit", y)[0]),
    }


@pytest.mark.parametrize(("point", "household"), [("11", "single"), ("20", "couple-2-part-time")])
def test_matches_policyengine_single_household_exactly(
    njc_table: TakehomeTable, njc_result: OfferResult, households: dict[str, Household], point: str, household: str
) -> None:
    row = njc_table.row(point, household)
    alone = _alone(households[household], row.after.gross, row.after.pension, 2025)
    assert (row.after.income_tax, row.after.employee_ni, row.after.universal_credit) == (
        alone["income_tax"],
        alone["employee_ni"],
        alone["universal_credit"],
    )


# ----- PolicyEngine missing ---------------------------------------------------------------------------------------
def test_missing_policyengine_is_a_clear_dependency_error(
    monkeypatch: pytest.MonkeyPatch, households: dict[str, Household]
) -> None:
    real_import = builtins.__import__

    def no_policyengine(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith(("policyengine_uk", "policyengine_core")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_policyengine)
    with pytest.raises(DependencyError, match=r"pip install 'payround\[takehome\]'"):
        bridge.simulate([bridge.Case(households["single"], D(20000), D(37), D(0), "SCOTLAND")], tax_year_rules(2022))


def test_policyengine_not_installed_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise bridge.metadata.PackageNotFoundError(name)

    bridge.policyengine_version.cache_clear()
    monkeypatch.setattr(bridge.metadata, "version", missing)
    try:
        with pytest.raises(DependencyError, match="not installed"):
            bridge.policyengine_version()
    finally:
        bridge.policyengine_version.cache_clear()
