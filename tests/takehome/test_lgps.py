"""LGPS employee contributions: the band rules, hand-checked against lgps.md, and the derived Scottish tiers."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_DOWN, Decimal

import pytest

from payround.errors import ParameterError
from payround.params import load_parameter
from payround.takehome.lgps import lgps_parameter_id, lgps_schedule

D = Decimal


# ----- England & Wales: whole pay at one band's rate --------------------------------------------------------------
def test_england_wales_2024_25_tier_change_at_27600() -> None:
    # lgps.md 2024/25: band 2 £17,601-£27,600 at 5.8%, band 3 £27,601-£44,900 at 6.5% (whole pay, not marginal).
    s = lgps_schedule("england-wales", date(2024, 4, 6))
    assert s.contribution(D("27600.00")) == D("1600.80")  # 27,600 x 5.8%
    assert s.contribution(D("27600.99")) == D("1600.86")  # rounded down to £27,600 for the band: still 5.8%
    assert s.contribution(D("27601.00")) == D("1794.07")  # 27,601 x 6.5%: £1 more pay, £193.27 more contribution
    assert s.rate_for(D("17600")) == D("0.055") and s.rate_for(D("17601")) == D("0.058")


def test_england_wales_bands_by_scheme_year() -> None:
    assert lgps_schedule("england-wales", date(2022, 4, 6)).rate_for(D("15000")) == D("0.055")
    assert lgps_schedule("england-wales", date(2022, 4, 6)).rate_for(D("15001")) == D("0.058")
    assert lgps_schedule("england-wales", date(2026, 4, 6)).rate_for(D("210701")) == D("0.125")
    assert lgps_schedule("england-wales", date(2025, 4, 6)).contribution(D("100000")) == D("9900.00")  # band 6


def test_part_timer_pays_on_actual_pay() -> None:
    # "It's not grossed up to full time": half-time on a £30,000 FTE post pays band 1 on £15,000 (2024/25).
    s = lgps_schedule("england", date(2024, 4, 6))
    assert s.contribution(D("15000")) == D("825.00")
    assert s.contribution(D("0")) == D("0.00")


# ----- Scotland: marginal tiers ------------------------------------------------------------------------------------
def test_scotland_2023_24_published_tiers_are_marginal() -> None:
    # lgps.md 2023/24: up to £25,300 5.5%; £25,301-£31,000 7.25%; £31,001-£42,500 8.5%; ... (like income tax).
    s = lgps_schedule("scotland", date(2023, 4, 6))
    assert not s.derived
    assert s.contribution(D("25300")) == D("1391.50")
    # 25,300 x 5.5% + 5,700 x 7.25% + 1,000 x 8.5% = 1,391.50 + 413.25 + 85.00
    assert s.contribution(D("32000")) == D("1889.75")
    assert s.rate_for(D("31000.01")) == D("0.085")


def test_scotland_2022_23_tiers_are_derived_and_say_so() -> None:
    s = lgps_schedule("scotland", date(2022, 4, 6))
    assert s.derived
    assert [b.end for b in s.bands] == [D(23000), D(28100), D(38600), D(51400), None]


SEPTEMBER_CPI = {  # ONS D7G7 September 12-month rates (inflation.csv from 2020; PolicyEngine's cpi_september before)
    2014: "0.012", 2015: "-0.001", 2016: "0.010", 2017: "0.030", 2018: "0.024", 2019: "0.017",
    2020: "0.005", 2021: "0.031", 2022: "0.101", 2023: "0.067", 2024: "0.017", 2025: "0.038",
}  # fmt: skip
BASE = [D(20300), D(24800), D(34000), D(45300)]  # SSI 2018/141 reg 9(2)


def derived_bounds(year: int) -> list[Decimal]:
    """reg 9(3): bounds x cumulative Pensions Increase from April 2015, rounded down to £100."""
    factor = D(1)
    for y in range(2015, year + 1):
        factor *= 1 + max(D(0), D(SEPTEMBER_CPI[y - 1]))
    return [(b * factor / 100).to_integral_value(rounding=ROUND_FLOOR) * 100 for b in BASE]


@pytest.mark.parametrize("year", range(2020, 2027))
def test_bundled_scottish_tiers_follow_the_regulation(year: int) -> None:
    s = lgps_schedule("scotland", date(year, 4, 6))
    assert [b.end for b in s.bands[:-1]] == derived_bounds(year)
    assert [b.rate for b in s.bands] == [D("0.055"), D("0.0725"), D("0.085"), D("0.095"), D("0.12")]


def effective_rate_boundaries(bounds: list[Decimal], up_to: Decimal) -> list[Decimal]:
    """The last pound of pay shown at each effective rate (contribution / pay, to 0.1%), from the first tier bound."""
    rates = [D("0.055"), D("0.0725"), D("0.085"), D("0.095"), D("0.12")]
    edges = [D(0), *bounds]

    def contribution(pay: Decimal) -> Decimal:
        total = D(0)
        for i, r in enumerate(rates):
            lo = edges[i]
            hi = edges[i + 1] if i + 1 < len(edges) else pay
            if pay > lo:
                total += (min(pay, hi) - lo) * r
        return total

    out: list[Decimal] = []
    shown = D("5.5")
    pay = bounds[0]
    while pay < up_to:
        pay += 1
        # Ties fall to the lower rate, as in the published table (£33,250 is exactly 5.75% and shown as 5.70%).
        now = (contribution(pay) / pay * 100).quantize(D("0.1"), rounding=ROUND_HALF_DOWN)
        if now != shown:
            out.append(pay - 1)
            shown = now
    return out


def test_derived_2026_27_tiers_reproduce_highland_published_effective_rates() -> None:
    # Highland Pension Fund 2026/27 (lgps.md [C4]): 5.50% up to £29,338; 5.60% to £31,171; 5.70% to £33,250;
    # 5.80% to £35,283; 5.90% to £36,666; 6.00% to £38,163; 6.10% to £39,787.
    got = effective_rate_boundaries(derived_bounds(2026), D(39800))
    assert got == [D(29338), D(31171), D(33250), D(35283), D(36666), D(38163), D(39787)]


def test_derived_2019_20_tiers_reproduce_the_published_effective_rate_start() -> None:
    # scotlgps2015.org.uk (lgps.md [C3]): "Up to and including £22,441 - 5.5%"; "between £22,442 and £29,193 -
    # between 5.6% and 6.0%".
    got = effective_rate_boundaries(derived_bounds(2019), D(29200))
    assert got[0] == D(22441)  # the last pound at 5.5%
    assert got[5] == D(29193)  # the last pound at 6.0% (after 5.6, 5.7, 5.8, 5.9)


# ----- the files ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("pid", ["lgps/england_wales/employee_bands", "lgps/scotland/employee_tiers"])
def test_band_files_are_contiguous_with_sources(pid: str) -> None:
    p = load_parameter(pid)
    for day, entry in p.values.items():
        bands = entry.value
        assert bands[0]["from"] == 0, day
        for a, b in itertools.pairwise(bands):
            step = 1 if pid.endswith("bands") else 0
            assert b["from"] == a["up_to"] + step, (day, a, b)
        assert "up_to" not in bands[-1]
        assert entry.reference and all(r.href.startswith("http") for r in entry.reference)


def test_northern_ireland_has_no_lgps_bands() -> None:
    with pytest.raises(ParameterError, match="NILGOSC"):
        lgps_parameter_id("northern-ireland")


def test_before_the_first_band_year_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match="no value in force"):
        lgps_schedule("scotland", date(2019, 4, 6))
