"""Tax years, supported years and the in-year NI regimes payround pins."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from payround.errors import DependencyError
from payround.takehome.rules import supported_tax_years, tax_year_label, tax_year_of, tax_year_rules

D = Decimal


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2022, 4, 1), 2022), (date(2022, 4, 5), 2022), (date(2022, 3, 31), 2021), (date(2023, 1, 1), 2022)],
)
def test_pay_changes_belong_to_the_tax_year_of_their_pay_year(day: date, year: int) -> None:
    assert tax_year_of(day) == year


def test_supported_years_are_those_every_file_states() -> None:
    assert supported_tax_years() == (2021, 2022, 2023, 2024, 2025, 2026)
    assert tax_year_label(2022) == "2022/23" and tax_year_label(2099) == "2099/00"


def test_2022_23_has_three_ni_regimes_by_pay_month() -> None:
    r = tax_year_rules(2022)
    got = [(g.start, g.end, g.months, g.ni.primary_threshold, g.ni.main_rate, g.ni.additional_rate) for g in r.regimes]
    assert got == [
        (date(2022, 4, 6), date(2022, 7, 5), 3, D(9880), D("0.1325"), D("0.0325")),
        (date(2022, 7, 6), date(2022, 11, 5), 4, D(12570), D("0.1325"), D("0.0325")),
        (date(2022, 11, 6), date(2023, 4, 5), 5, D(12570), D("0.12"), D("0.02")),
    ]
    assert sum(g.weight for g in r.regimes) == 1


def test_2023_24_has_the_january_cut_and_2024_25_one_regime() -> None:
    assert [(g.months, g.ni.main_rate) for g in tax_year_rules(2023).regimes] == [(9, D("0.12")), (3, D("0.10"))]
    assert [(g.months, g.ni.main_rate) for g in tax_year_rules(2024).regimes] == [(12, D("0.08"))]


def test_scottish_bands_are_the_official_ones_for_2021_22() -> None:
    bands = tax_year_rules(2021).scotland_bands
    assert [(b.name, b.start, b.rate) for b in bands][:3] == [
        ("starter", D(0), D("0.19")),
        ("basic", D(2097), D("0.20")),
        ("intermediate", D(12726), D("0.21")),
    ]


@pytest.mark.parametrize("year", [2019, 2020, 2027])
def test_unsupported_year_is_a_dependency_error_naming_the_range(year: int) -> None:
    with pytest.raises(DependencyError, match=r"2021/22 to 2026/27"):
        tax_year_rules(year)
