"""The tax-year rules payround pins for a take-home calculation, read from its own sourced parameter files.

PolicyEngine UK computes tax, NI and benefits; payround supplies:

- which **tax year** a pay change falls in (pay years start on 1 April, tax years on 6 April: a stage effective from
  1 to 5 April belongs to the tax year starting that April);
- the **in-year regimes** of employee NI: PolicyEngine annualises every parameter to its value on 30 April, so the
  6 July 2022 threshold rise and the 6 November 2022 and 6 January 2024 rate cuts are invisible to it. payround splits
  the tax year into pay months (the 6th to the 5th) and runs each run of months under the rates in force then;
- the sourced values of the parameters PolicyEngine is known to get wrong (policyengine.md §4), so the bridge can
  check PolicyEngine's values against them and override any that differ.

A tax year is **supported** when every file payround relies on states a value for it; anything else is a
DependencyError, never a number built on rules nobody checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from payround.errors import DependencyError
from payround.params import load_parameter

__all__ = [
    "NI_PARAMETERS",
    "RULE_PARAMETERS",
    "NiRates",
    "Regime",
    "TaxBand",
    "TaxYearRules",
    "supported_tax_years",
    "tax_year_label",
    "tax_year_of",
    "tax_year_rules",
]

NI_PARAMETERS = (
    "ni/employee/primary_threshold",
    "ni/employee/upper_earnings_limit",
    "ni/employee/main_rate",
    "ni/employee/additional_rate",
)
INCOME_TAX_PARAMETERS = ("income_tax/personal_allowance", "income_tax/ruk/bands", "income_tax/scotland/bands")
LGPS_PARAMETERS = ("lgps/england_wales/employee_bands", "lgps/scotland/employee_tiers")
#: Every parameter file a take-home result depends on (their contents key the disk cache).
RULE_PARAMETERS = NI_PARAMETERS + INCOME_TAX_PARAMETERS + LGPS_PARAMETERS


@dataclass(frozen=True, slots=True)
class NiRates:
    """Employee Class 1 NI: annual thresholds and rates."""

    primary_threshold: Decimal
    upper_earnings_limit: Decimal
    main_rate: Decimal
    additional_rate: Decimal


@dataclass(frozen=True, slots=True)
class Regime:
    """A run of pay months of a tax year with one set of NI rules."""

    start: date  # first day (the 6th of a month)
    end: date  # last day (the 5th of a month)
    months: int
    ni: NiRates

    @property
    def weight(self) -> Decimal:
        """Share of the tax year's pay months under this regime."""
        return Decimal(self.months) / 12


@dataclass(frozen=True, slots=True)
class TaxBand:
    """An income tax band: ``rate`` on taxable income from ``start``."""

    name: str
    start: Decimal
    rate: Decimal


@dataclass(frozen=True, slots=True)
class TaxYearRules:
    """What payround pins for one tax year (6 April ``year`` to 5 April ``year + 1``)."""

    year: int
    regimes: tuple[Regime, ...]
    personal_allowance: Decimal
    ruk_bands: tuple[TaxBand, ...]
    scotland_bands: tuple[TaxBand, ...]

    @property
    def label(self) -> str:
        """'2022/23'."""
        return tax_year_label(self.year)

    @property
    def start(self) -> date:
        """6 April of the tax year."""
        return date(self.year, 4, 6)


def tax_year_label(year: int) -> str:
    """'2022/23' for the tax year starting in April 2022."""
    return f"{year}/{(year + 1) % 100:02d}"


def tax_year_of(day: date) -> int:
    """The tax year a pay change effective on ``day`` belongs to (pay-year convention: from 1 April)."""
    return day.year if day >= date(day.year, 4, 1) else day.year - 1


def _month_start(year: int, m: int) -> date:
    """First day (the 6th) of pay month ``m`` (1 = 6 April) of the tax year starting in ``year``."""
    month = 4 + m - 1
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 6)


def _ni_on(day: date) -> NiRates:
    pt, uel, main, add = (load_parameter(p).decimal_at(day) for p in NI_PARAMETERS)
    return NiRates(pt, uel, main, add)


def _bands(param_id: str, day: date) -> tuple[TaxBand, ...]:
    value = load_parameter(param_id).at(day)
    return tuple(TaxBand(str(b["name"]), Decimal(b["from"]), Decimal(b["rate"])) for b in value)


def _states_year(param_id: str, year: int) -> bool:
    """Whether the file states a value dated within the tax (or scheme) year starting in April ``year``."""
    lo, hi = date(year, 4, 1), date(year + 1, 4, 5)
    return any(lo <= d <= hi for d in load_parameter(param_id).dates)


@lru_cache(maxsize=1)
def supported_tax_years() -> tuple[int, ...]:
    """Tax years for which every file payround relies on states a value."""
    candidates = range(2000, 2100)
    return tuple(y for y in candidates if all(_states_year(p, y) for p in RULE_PARAMETERS))


def tax_year_rules(year: int) -> TaxYearRules:
    """The pinned rules for a tax year. Raises DependencyError for a year payround has no sourced rules for."""
    supported = supported_tax_years()
    if year not in supported:
        span = f"{tax_year_label(supported[0])} to {tax_year_label(supported[-1])}" if supported else "none"
        raise DependencyError(
            f"take-home figures are not supported for tax year {tax_year_label(year)}: payround has sourced tax, NI "
            f"and LGPS rules for {span} only. Hint: add dated values for {tax_year_label(year)} (with sources) to "
            f"src/payround/data/params/{{ni/employee,income_tax,lgps}}/ or use an offer in a supported year."
        )
    regimes: list[Regime] = []
    for m in range(1, 13):
        start = _month_start(year, m)
        ni = _ni_on(start)
        if regimes and regimes[-1].ni == ni:
            last = regimes[-1]
            regimes[-1] = Regime(last.start, last.end, last.months + 1, ni)
        else:
            regimes.append(Regime(start, start, 1, ni))
    fixed: list[Regime] = []
    for i, r in enumerate(regimes):
        end = date(year + 1, 4, 5) if i + 1 == len(regimes) else date.fromordinal(regimes[i + 1].start.toordinal() - 1)
        fixed.append(Regime(r.start, end, r.months, r.ni))
    start = date(year, 4, 6)
    return TaxYearRules(
        year=year,
        regimes=tuple(fixed),
        personal_allowance=load_parameter("income_tax/personal_allowance").decimal_at(start),
        ruk_bands=_bands("income_tax/ruk/bands", start),
        scotland_bands=_bands("income_tax/scotland/bands", start),
    )
