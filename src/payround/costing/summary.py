"""Totals by employer, group or gender that add up to the whole (typed, in pence), and the money and percentage
helpers the reports use."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from payround.costing.cost import CostResult
from payround.costing.exact import Int64Array, sums
from payround.money import pct_change

__all__ = ["BY", "GroupTotals", "allocate", "breakdown", "money", "pct", "pounds"]

BY = ("employer", "group", "gender")


def money(pence: int) -> str:
    """Pence as an exact pounds string with two decimals ('1093000000.00')."""
    return str(pounds(pence))


def pounds(pence: int) -> Decimal:
    """Pence as exact pounds with two decimals (Decimal('1093000000.00'))."""
    return Decimal(pence).scaleb(-2).quantize(Decimal("0.01"))


def pct(increase: int, base: int) -> Decimal:
    """Percentage increase, two places half-up (Decimal('6.42'))."""
    return pct_change(Decimal(base + increase), Decimal(base))


def allocate(amounts: Int64Array, weights: npt.NDArray[np.float64]) -> Int64Array:
    """Share each row's amount (pence) among the columns of ``weights`` (rows x columns) in proportion, in whole
    pence that add up exactly per row (the largest remainders get the odd pennies)."""
    wsum = weights.sum(axis=1, keepdims=True)
    raw = np.divide(weights * amounts[:, None], wsum, out=np.zeros_like(weights), where=wsum > 0)
    base = np.floor(raw).astype(np.int64)
    left = amounts - base.sum(axis=1)
    rank = np.argsort(np.argsort(-(raw - base), axis=1, kind="stable"), axis=1)
    return base + (rank < left[:, None]).astype(np.int64)  # type: ignore[no-any-return]


def _employer_by(cost: CostResult, by: str, per_person: Int64Array) -> npt.NDArray[np.float64]:
    """Totals per (employer, label of ``by``) of a per-person, per-unit amount."""
    pw = cost.prepared
    emp, dim = pw.employer, pw.dimension(by)
    k = len(dim.labels)
    weights = per_person.astype(np.float64)[pw.unit] * pw.headcount
    return sums(emp.codes * k + dim.codes, weights, len(emp.labels) * k).reshape(len(emp.labels), k)


@dataclass(frozen=True, slots=True)
class GroupTotals:
    """Totals (pence) for one employer, group or gender."""

    label: str
    headcount: int
    fte: float
    paybill_before: int
    paybill_after_full_year: int
    paybill_in_year: int
    on_costs_increase_full_year: int
    lump_sums_with_on_costs: int

    @property
    def increase_full_year(self) -> int:
        """Pay increase, full year."""
        return self.paybill_after_full_year - self.paybill_before

    @property
    def increase_in_year(self) -> int:
        """Pay increase over the period."""
        return self.paybill_in_year - self.paybill_before

    @property
    def total_cost_increase_full_year(self) -> int:
        """Pay increase + on-cost increase + lump sums with their on-costs."""
        return self.increase_full_year + self.on_costs_increase_full_year + self.lump_sums_with_on_costs


def breakdown(cost: CostResult, by: str) -> list[GroupTotals]:
    """Totals per employer, group or gender: headcount, FTE, pay bill, increase, on-costs and total cost (full year
    and in-year). Employer-level items (levy, Employment Allowance) are shared among an employer's groups by pay,
    in whole pence, so every column adds up to the whole."""
    pw = cost.prepared
    dim = pw.dimension(by)
    k = len(dim.labels)

    def totals(sc: Any) -> tuple[Int64Array, Int64Array]:
        pay = np.rint(pw.sum_by(by, sc.pay)).astype(np.int64)
        oc = np.rint(pw.sum_by(by, sc.on_costs.ni + sc.on_costs.pension)).astype(np.int64)
        employer_level = sc.on_costs.levy - sc.on_costs.allowance
        if by == "employer":
            return pay, oc + employer_level
        shared = allocate(employer_level, _employer_by(cost, by, sc.pay))
        return pay, oc + shared.sum(axis=0)

    pay_b, oc_b = totals(cost.before)
    pay_a, oc_a = totals(cost.after)
    pay_y, _ = totals(cost.in_year)
    lump_total = np.zeros(k, dtype=np.int64)
    for lc in cost.lumps:
        lp, lo = totals(lc.cost)
        lump_total += lp + lo
    heads = np.rint(pw.sum_by(by, np.ones(pw.units))).astype(np.int64)
    fte = pw.sum_by(by, pw.u_fte)
    return [
        GroupTotals(
            label,
            int(heads[i]),
            float(fte[i]),
            int(pay_b[i]),
            int(pay_a[i]),
            int(pay_y[i]),
            int(oc_a[i] - oc_b[i]),
            int(lump_total[i]),
        )
        for i, label in enumerate(dim.labels)
        if heads[i] != 0
    ]
