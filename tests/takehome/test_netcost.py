"""Net cost to government: sums over a workforce and a household mix (pure: a hand-made take-home table)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from payround.errors import InputError
from payround.takehome.model import Figures, Row, TakehomeTable
from payround.takehome.netcost import net_cost_to_government

D = Decimal


def figs(gross: str, tax: str, ni: str, uc: str, cb: str = "0", other: str = "0") -> Figures:
    g, t, n, u, c, o = (D(x) for x in (gross, tax, ni, uc, cb, other))
    net = Figures.net_of(g, t, n, D(0), u, c, o, D(0))
    return Figures(g, t, n, D(0), u, c, o, D(0), net, D(0))


def s_after(gross: str, tax: str, ni: str) -> Figures:
    return figs(gross, tax, ni, "0")


def make_table() -> TakehomeTable:
    lp_before = figs("20000", "1000", "900", "9000", "1885", "650")
    rows = [
        Row(
            "2",
            "single",
            "final",
            "2022/23",
            False,
            figs("20000", "1000", "900", "0"),
            s_after("21000", "1200", "1030"),
        ),
        Row("2", "lp", "final", "2022/23", False, lp_before, figs("21000", "1200", "1030", "8500", "1885", "650")),
        Row(
            "30",
            "single",
            "final",
            "2022/23",
            True,
            figs("25000", "2000", "1500", "0"),
            s_after("26000", "2200", "1630"),
        ),
        Row(
            "30",
            "lp",
            "final",
            "2022/23",
            True,
            figs("25000", "2000", "1500", "7000", "1885", "650"),
            figs("26000", "2200", "1630", "6000", "1885", "0"),
        ),
    ]
    return TakehomeTable(
        offer="toy",
        structure="sjc/toy",
        country="scotland",
        period=("2022-04-01", "2023-03-31"),
        rows=rows,
        households={
            "single": {"name": "S", "fte": "1", "assumptions": "x"},
            "lp": {"name": "L", "fte": "0.5", "assumptions": "y"},
        },
        tax_years=["2022/23"],
        overrides=[],
        notes=[],
        illustrative=True,
        policyengine_version="test",
        stages=["2022-04-01", "final"],
    )


def test_net_cost_adds_back_tax_ni_and_benefit_savings_over_the_mix() -> None:
    t = make_table()
    est = net_cost_to_government(
        t,
        {"2": 100, "30": 10},
        D("150000"),
        mix={"single": D("0.5"), "lp": D("0.5")},
        employer_ni_increase=D("12000"),
        fte={"2": D(80), "30": D(10)},
    )
    # per worker: tax +200, NI +130 everywhere; UC -500 (lp at 2), -1000 and other -650 (lp at 30)
    assert est.headcount == 110
    assert est.income_tax == D("22000.00")  # 110 x 200
    assert est.employee_ni == D("14300.00")  # 110 x 130
    assert est.universal_credit_saved == D("30000.00")  # 50 x 500 + 5 x 1000
    assert est.other_benefits_saved == D("3250.00")  # 5 x 650
    assert est.net_cost == D("68450.00")  # 150,000 - 12,000 - 22,000 - 14,300 - 30,000 - 3,250
    assert est.returned == D("81550.00")
    j = est.to_json()
    assert j["estimate"] is True and j["net_cost"] == "68450.00"
    assert any("illustrative" in a for a in est.assumptions)
    assert any("average FTE is 0.818" in a and "assumes 0.750" in a for a in est.assumptions)


def test_net_cost_errors_name_the_problem() -> None:
    t = make_table()
    mix = {"single": D(1)}
    with pytest.raises(InputError, match="point '44' has staff"):
        net_cost_to_government(t, {"44": 3}, D(1000), mix=mix)
    with pytest.raises(InputError, match="no rows for household 'couple'"):
        net_cost_to_government(t, {"2": 3}, D(1000), mix={"couple": D(1)})
    with pytest.raises(InputError, match="add up to 1"):
        net_cost_to_government(t, {"2": 3}, D(1000), mix={"single": D("0.5")})
    with pytest.raises(InputError, match="negative"):
        net_cost_to_government(t, {"2": -1}, D(1000), mix=mix)
    assert net_cost_to_government(t, {"2": 0}, D(1000), mix=mix).net_cost == D("1000.00")
