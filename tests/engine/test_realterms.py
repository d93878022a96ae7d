"""Real terms: increases against CPI and RPI over an offer's period (pure; series built here or read from the data)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from payround.api import apply_offer_file
from payround.engine.realterms import (
    InflationSeries,
    months_between,
    offer_real_terms,
    period_inflation,
    real_change,
)
from payround.errors import InputError, ParameterError
from payround.takehome.inflation import load_inflation, parse_inflation_csv
from tests.conftest import EXAMPLES

D = Decimal


def toy(rates: dict[tuple[int, int], str]) -> InflationSeries:
    return InflationSeries("CPI", {m: D(v) for m, v in rates.items()}, {m: "toy" for m in rates})


def test_months_of_a_pay_year() -> None:
    ms = months_between(date(2022, 4, 1), date(2023, 3, 31))
    assert ms[0] == (2022, 4) and ms[-1] == (2023, 3) and len(ms) == 12
    assert months_between(date(2022, 12, 15), date(2023, 1, 2)) == ((2022, 12), (2023, 1))


def test_real_change_divides_not_subtracts() -> None:
    # 5% pay against 10% prices is (1.05 / 1.10 - 1) = -4.545...% -> -4.55, not -5.00.
    assert real_change(D(5), D(10)).real_pct == D("-4.55")
    assert real_change(D(10), D(10)).real_pct == D("0.00")
    assert real_change(D(3), None).real_pct is None


def test_period_average_and_missing_months() -> None:
    s = toy({(2022, 4): "9.0", (2022, 5): "9.1", (2022, 6): "9.4"})
    pi = period_inflation(s, date(2022, 4, 1), date(2022, 6, 30))
    assert pi.average_pct == D("9.166666666666666666666666666666666666667") and pi.at_start_pct == D("9.0")
    gap = period_inflation(s, date(2022, 4, 1), date(2022, 7, 31))
    assert gap.average_pct is None and gap.missing == ("2022-07",) and gap.months_found == 3
    assert gap.average_to_date_pct == pi.average_pct


def test_bundled_series_keep_their_sources() -> None:
    cpi, rpi = load_inflation(forecast=False)
    assert cpi.rate((2022, 10)) == D("11.1") and rpi.rate((2022, 10)) == D("14.2")
    assert rpi.rate((2022, 4)) is None  # not found: never guessed
    assert "d7g7" in cpi.sources[(2022, 10)] and "statista" not in cpi.sources[(2022, 10)].lower()
    assert rpi.sources[(2023, 2)] == "https://www.personneltoday.com/hr/inflation-march-2023-cpi-rpi/"
    published = [m for m in cpi.rates if m not in cpi.forecast]
    assert len(published) == 74 and len([m for m in rpi.rates if m not in rpi.forecast]) == 44


def test_a_broken_inflation_file_names_the_row() -> None:
    with pytest.raises(ParameterError, match="row 3"):
        parse_inflation_csv("date,cpi_12m,rpi_12m,source_url\n2020-01,1.8,,x\n2020-02,abc,,x\n", "mine.csv")


def test_cosla_august_2022_offer_against_inflation() -> None:
    cpi, rpi = load_inflation()
    rep = offer_real_terms(apply_offer_file(EXAMPLES / "sjc-2022-08-revised-offer.yaml"), [cpi, rpi])
    # CPI April 2022 - March 2023: 9.0 9.1 9.4 10.1 9.9 10.1 11.1 10.7 10.5 10.1 10.4 10.1 -> mean 10.0417
    assert rep.inflation["CPI"].average_pct is not None
    assert round(rep.inflation["CPI"].average_pct, 4) == D("10.0417")
    assert rep.inflation["RPI"].average_pct is None and "2022-04" in rep.inflation["RPI"].missing
    assert rep.floor is not None
    floor = rep.floor["final"]["CPI"]
    # floor 9.78 -> 10.50 (+7.36%): 1.073620 / 1.100417 - 1 = -2.44%
    assert (floor.nominal_pct, floor.inflation_pct, floor.real_pct) == (D("7.36"), D("10.04"), D("-2.44"))
    assert rep.floor["final"]["RPI"].real_pct is None
    assert rep.points["30"]["final"]["CPI"].real_pct == D("-4.57")  # 11.56 -> 12.14, +5.02%
    assert rep.points["30"]["in_year"]["CPI"].real_pct == D("-4.57")  # in force all year


def test_forecast_fills_only_unpublished_months_and_is_labelled() -> None:
    cpi, rpi = load_inflation()
    assert (2026, 3) in cpi.forecast and cpi.rate((2026, 3)) == D("2.3") and "OBR" in cpi.sources[(2026, 3)]
    assert (2026, 2) not in cpi.forecast and cpi.rate((2026, 2)) == D("3.0")  # published: never replaced
    assert rpi.rate((2025, 11)) is None  # published but not found: not a forecast month, still missing
    rep = offer_real_terms(apply_offer_file(EXAMPLES / "njc-2025-26.yaml"), [cpi, rpi])
    pi = rep.inflation["CPI"]
    assert pi.average_pct is not None and pi.forecast == ("2026-03",)
    assert rep.points["2"]["final"]["CPI"].real_pct is not None


def test_a_users_inflation_file(tmp_path: Path) -> None:
    f = tmp_path / "mine.csv"
    f.write_text("month,CPI,RPI\n2025-11,3.3,4.1\n2026-03,2.9,\n", encoding="utf-8")
    cpi, rpi = load_inflation(f)
    assert cpi.rate((2025, 11)) == D("3.3") and "mine.csv" in cpi.sources[(2025, 11)]
    assert rpi.rate((2025, 11)) == D("4.1")
    assert cpi.rate((2026, 3)) == D("2.9") and (2026, 3) not in cpi.forecast  # the user's figure, not the forecast
    assert (2026, 3) in rpi.forecast  # the user gave no RPI for March 2026
    f.write_text("month,CPI,RPI\n2025-13,3.3,4.1\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2, column month"):
        load_inflation(f)
