"""The costing as data people and programs read: the DESIGN §7 ``cost`` JSON (money as exact decimal strings) and
totals by employer, group or gender that add up to the whole."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from payround.costing.assumptions import assumptions
from payround.costing.cost import CostResult, cost_offer
from payround.costing.exact import Int64Array, sums
from payround.costing.options import CostOptions
from payround.costing.prepare import PreparedWorkforce
from payround.engine import OfferResult
from payround.money import pct_change
from payround.workforce import Workforce

__all__ = ["BY", "allocate", "breakdown", "cost_summary", "money", "pct", "summarise"]

BY = ("employer", "group", "gender")


def money(pence: int) -> str:
    """Pence as an exact pounds string with two decimals ('1093000000.00')."""
    return str(Decimal(pence).scaleb(-2).quantize(Decimal("0.01")))


def pct(increase: int, base: int) -> str:
    """Percentage increase, two places half-up ('6.42')."""
    return str(pct_change(Decimal(base + increase), Decimal(base)))


def _block(t: dict[str, dict[str, int]], key: str) -> dict[str, str]:
    b, a, y = t["before"][key], t["after"][key], t["in_year"][key]
    return {
        "before": money(b),
        "after_full_year": money(a),
        "increase_full_year": money(a - b),
        "in_year": money(y),
        "increase_in_year": money(y - b),
    }


def summarise(cost: CostResult) -> dict[str, Any]:
    """The ``payround cost --format json`` document (DESIGN §7 keys, and more)."""
    t = cost.totals()
    pay_b, pay_a, pay_y = t["before"]["pay"], t["after"]["pay"], t["in_year"]["pay"]
    oc_b, oc_a, oc_y = t["before"]["on_costs"], t["after"]["on_costs"], t["in_year"]["on_costs"]
    lumps, lumps_in = t["lump_sums"], t["lump_sums_in_period"]
    hc = cost.prepared.u_headcount
    total_before = pay_b + oc_b
    total_fy = (pay_a - pay_b) + (oc_a - oc_b) + lumps["pay"] + lumps["on_costs"]
    total_iy = (pay_y - pay_b) + (oc_y - oc_b) + lumps_in["pay"] + lumps_in["on_costs"]
    r = cost.result
    return {
        "offer": r.offer.name,
        "structure": r.structure.id,
        "workforce": cost.prepared.workforce.name or cost.prepared.workforce.source,
        "period": {"start": r.period_start.isoformat(), "end": r.period_end.isoformat()},
        "headcount": cost.headcount,
        "rows": cost.prepared.rows,
        "fte": str(Decimal(repr(cost.fte)).quantize(Decimal("0.01"))),
        "paybill": {
            "before": money(pay_b),
            "after_full_year": money(pay_a),
            "increase_full_year": money(pay_a - pay_b),
            "increase_full_year_pct": pct(pay_a - pay_b, pay_b),
            "in_year": money(pay_y),
            "increase_in_year": money(pay_y - pay_b),
            "increase_in_year_pct": pct(pay_y - pay_b, pay_b),
            "stages": [
                {
                    "effective": d.isoformat(),
                    "full_year": money(int(np.dot(p, hc))),
                    "increase_full_year": money(int(np.dot(p, hc)) - pay_b),
                    "increase_full_year_pct": pct(int(np.dot(p, hc)) - pay_b, pay_b),
                }
                for d, p in cost.stages
            ],
        },
        "on_costs": {
            **_block(t, "on_costs"),
            "employer_ni": _block(t, "employer_ni"),
            "pension": _block(t, "pension"),
            "apprenticeship_levy": _block(t, "apprenticeship_levy"),
            "employment_allowance": _block(t, "employment_allowance"),
        },
        "lump_sums": {
            "pay": money(lumps["pay"]),
            "on_costs": money(lumps["on_costs"]),
            "pay_in_period": money(lumps_in["pay"]),
            "on_costs_in_period": money(lumps_in["on_costs"]),
        },
        "total_cost_before": money(total_before),
        "total_cost_increase_full_year": money(total_fy),
        "total_cost_increase_full_year_pct": pct(total_fy, total_before),
        "total_cost_increase_in_year": money(total_iy),
        "illustrative": cost.illustrative,
        "notes": list(cost.notes),
        "assumptions": assumptions(cost).to_json(),
    }


def cost_summary(
    result: OfferResult, workforce: Workforce | PreparedWorkforce, options: CostOptions | None = None
) -> dict[str, Any]:
    """Cost an applied offer on a workforce and return the ``cost`` JSON document (for ``payround compare``)."""
    return summarise(cost_offer(result, workforce, options))


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


def breakdown(cost: CostResult, by: str) -> list[dict[str, Any]]:
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
    rows = []
    for i, label in enumerate(dim.labels):
        if heads[i] == 0:
            continue
        inc = int(pay_a[i] - pay_b[i])
        total = inc + int(oc_a[i] - oc_b[i]) + int(lump_total[i])
        rows.append(
            {
                by: label,
                "headcount": int(heads[i]),
                "fte": f"{fte[i]:.2f}",
                "paybill_before": money(int(pay_b[i])),
                "paybill_after_full_year": money(int(pay_a[i])),
                "increase_full_year": money(inc),
                "increase_full_year_pct": pct(inc, int(pay_b[i])),
                "increase_in_year": money(int(pay_y[i] - pay_b[i])),
                "on_costs_increase_full_year": money(int(oc_a[i] - oc_b[i])),
                "lump_sums_with_on_costs": money(int(lump_total[i])),
                "total_cost_increase_full_year": money(total),
            }
        )
    return rows
