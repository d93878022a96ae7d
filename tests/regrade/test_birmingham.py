"""The bundled Birmingham example: the published grade ranges give the losses the two sides argued over."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from payround.reports.regrade import RegradeReport, regrade_report

EXAMPLE = Path(__file__).parents[2] / "examples" / "birmingham-2025-wrco.yaml"


@pytest.fixture(scope="module")
def report() -> RegradeReport:
    return regrade_report(EXAMPLE)


def test_grade_4_to_grade_3_losses_on_the_2024_25_spine(report: RegradeReport) -> None:
    dtl = [x for x in report.point_losses if x.change == "Driver team leaders to grade 3"]
    assert [x.point_before for x in dtl] == [str(p) for p in range(23, 32)]
    assert all(x.point_after == "22" for x in dtl)  # everyone above grade 3's top assimilates to it
    # Published ranges: grade 4 £33,366-£40,476, grade 3 £26,409-£32,654 (Personnel Today, 2025).
    assert dtl[0].pay_before == Decimal(33366) and dtl[-1].pay_before == Decimal(40476)
    assert max(x.loss for x in dtl) == Decimal(40476 - 32654) == Decimal(7822)
    assert min(x.loss for x in dtl) == Decimal(712)
    # After the NJC 2025/26 award of 3.2%, the largest loss is £8,072 a year.
    assert max(x.loss_at_change for x in dtl) == Decimal(8072)
    assert report.max_annual_loss == Decimal("8072.00")


def test_wrcos_moved_to_grade_2_lose_just_over_6000_at_scp_21(report: RegradeReport) -> None:
    lower = {x.point_before: x for x in report.point_losses if x.change.endswith("lower grade")}
    assert lower["21"].loss == Decimal(32115 - 25992) == Decimal(6123)
    assert lower["22"].loss == Decimal(6662)


def test_totals_add_up(report: RegradeReport) -> None:
    t = report.total
    assert t.saving == (t.pay_old + t.on_costs_old) - (
        t.pay_new + t.lump_sums + t.severance + t.one_off + t.on_costs_new + t.levy
    )
    assert report.people_selected == 370
    assert sum(p.people for p in report.by_path) == 370
    assert sum(y.saving for y in report.by_year[: report.years]) == t.saving


def test_six_months_against_three_years(report: RegradeReport) -> None:
    v = {x.label: x for x in report.protection_variants}
    six, three = v["full protection for 6 months"], v["full protection for 36 months"]
    assert v["as in the file"] == six.model_copy(update={"label": "as in the file"})
    assert six.protection_total < three.protection_total
    assert six.saving_over_years > three.saving_over_years


def test_per_person_table(report: RegradeReport) -> None:
    people = report.people or ()
    assert sum(p.people for p in people) == 370
    dtl = [p for p in people if p.change == "Driver team leaders to grade 3"]
    top = [p for p in dtl if p.point_before == "31"]
    assert all(p.annual_loss == Decimal("8072.00") for p in top)
    assert all(p.protection_ends is not None and p.protection_ends.isoformat() == "2026-04-01" for p in top)
    assert all(p.lump_sum == Decimal("10000.00") for p in top)
    # Six months of frozen protection: the first year's loss is about half a year's loss, and years 3-5 are whole.
    p = top[0]
    assert p.loss_after_protection[0] < p.loss_before_protection[0]
    assert p.loss_3y == sum(p.loss_after_protection[:3])


def test_equal_pay_is_an_estimate_over_six_years(report: RegradeReport) -> None:
    ep = report.equal_pay
    assert ep is not None and ep.estimate and ep.look_back_years == 6
    c = ep.comparisons[0]
    assert c.annual_gap_full_time == Decimal(32654 - 25992)
    assert c.claimants == 900
    assert c.back_pay == Decimal(6662) * Decimal("0.7") * 900 * 6
    assert any("legislation.gov.uk" in s for s in ep.look_back_sources)
