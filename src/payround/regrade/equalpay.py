"""An equal-pay exposure ESTIMATE: for groups the user says do work of equal value and are paid differently, the back
pay a tribunal could award over the statutory look-back, with employer on-costs on it.

Assumptions, stated in every result: the pay gap is today's full-time gap (basic pay plus any extra such as a bonus)
held constant in cash over the look-back (earlier years' gaps were smaller when awards were percentages, so this
leans high); every woman in the claimant group claims (and, if asked, every man, as "piggy-back" claims); each
claimant's gap is pro rata to the group's average FTE; employer NI and pension are added at the rates on the claim
date as a share of the back pay; no interest, no future pay (the gap going forward is a cost of the new pay
structure, not of the claim). This is a sizing of a claim, not legal advice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from payround.regrade.schema import EqualPay, EqualPayGroup
from payround.structures.model import PayStructure

__all__ = ["ComparisonExposure", "EqualPayExposure", "equal_pay_exposure"]

_PENNY = Decimal("0.01")


@dataclass(frozen=True)
class ComparisonExposure:
    """One comparison's estimate (pounds)."""

    name: str
    annual_gap_full_time: Decimal
    claimants: int
    years: Decimal
    back_pay: Decimal
    on_costs: Decimal
    total: Decimal


@dataclass(frozen=True)
class EqualPayExposure:
    """The estimate over every comparison (pounds), with the look-back used."""

    jurisdiction: str
    claim_date: date
    look_back_years: Decimal
    comparisons: tuple[ComparisonExposure, ...]
    back_pay: Decimal
    on_costs: Decimal
    total: Decimal


def _annual(g: EqualPayGroup, structure: PayStructure) -> Decimal:
    if g.point is None:
        base = g.pay or Decimal(0)
    elif structure.unit == "year":
        base = structure.pay(g.point)
    else:
        base = structure.full_time_annual(structure.pay(g.point)).quantize(_PENNY, ROUND_HALF_UP)
    return base + g.extra


def equal_pay_exposure(
    spec: EqualPay, structure: PayStructure, look_back_years: Decimal, on_cost_rate: Decimal
) -> EqualPayExposure:
    """Back pay and on-costs of every comparison in ``spec`` over ``look_back_years`` (from the dated rule for the
    jurisdiction), with ``on_cost_rate`` (employer NI + pension, a fraction of pay) added."""
    out: list[ComparisonExposure] = []
    for c in spec.comparisons:
        gap = max(_annual(c.comparators, structure) - _annual(c.claimants, structure), Decimal(0))
        g = c.claimants
        women = (Decimal(g.headcount) * g.women).to_integral_value(ROUND_HALF_UP)
        claimants = int(g.headcount if spec.include_men else women)
        years = look_back_years
        if c.since is not None:
            since_years = (Decimal((spec.claim_date - c.since).days) / Decimal("365.25")).quantize(_PENNY)
            years = max(Decimal(0), min(years, since_years))
        back = (gap * g.fte * claimants * years).quantize(_PENNY, ROUND_HALF_UP)
        oc = (back * on_cost_rate).quantize(_PENNY, ROUND_HALF_UP)
        out.append(
            ComparisonExposure(c.name, gap.quantize(_PENNY, ROUND_HALF_UP), claimants, years, back, oc, back + oc)
        )
    back_total = sum((x.back_pay for x in out), Decimal(0))
    oc_total = sum((x.on_costs for x in out), Decimal(0))
    return EqualPayExposure(
        spec.jurisdiction, spec.claim_date, look_back_years, tuple(out), back_total, oc_total, back_total + oc_total
    )
