"""Totals of a projection (pence, exact integers): per month, per projection year and per path; per pay unit: the
loss before and after protection in each year from the change, when protection ends, and the one-off payments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from payround.costing.exact import Int64Array
from payround.regrade.plan import LOSS_YEARS, RestructurePlan
from payround.regrade.project import Projection

__all__ = ["MONTH_FIELDS", "UnitLosses", "month_totals", "path_totals", "unit_losses"]

# Per month (pence, whole workforce): the old path and the new path, their parts and the saving.
MONTH_FIELDS = (
    "pay_old",
    "pay_new",
    "protection",
    "lump_sums",
    "severance",
    "one_off",
    "on_costs_old",
    "on_costs_new",
    "levy",
    "protection_on_costs",
    "saving",
)


def _per_month(p: Projection, rows: Int64Array | None = None) -> dict[str, Int64Array]:
    ppl = p.a_people if rows is None else p.a_people[rows]

    def tot(m: Int64Array) -> Int64Array:
        mm = m if rows is None else m[rows]
        out: Int64Array = ppl @ mm if mm.shape[0] else np.zeros(len(p.months), dtype=np.int64)
        return out

    t = {
        "pay_old": tot(p.old),
        "pay_new": tot(p.paid),
        "protection": tot(p.paid - p.unprotected),
        "lump_sums": tot(p.lump),
        "severance": tot(p.severance),
        "one_off": tot(p.one_off),
        "on_costs_old": tot(p.oncost_old),
        "on_costs_new": tot(p.oncost_new),
        "protection_on_costs": tot(p.oncost_new - p.oncost_unprotected),
    }
    t["levy"] = p.levy if rows is None else np.zeros(len(p.months), dtype=np.int64)
    t["saving"] = (t["pay_old"] + t["on_costs_old"]) - (
        t["pay_new"] + t["lump_sums"] + t["severance"] + t["one_off"] + t["on_costs_new"] + t["levy"]
    )
    return t


def month_totals(p: Projection) -> dict[str, Int64Array]:
    """Each field of MONTH_FIELDS per month, for everyone regraded (the levy is a whole-workforce figure)."""
    return _per_month(p)


def path_totals(plan: RestructurePlan, p: Projection) -> list[dict[str, int]]:
    """For each path: people and the sum over the whole grid of each month field (the levy is not split)."""
    out = []
    for k in range(len(plan.paths)):
        rows = np.flatnonzero(p.a_path == k)
        t = _per_month(p, rows)
        out.append({"people": int(p.a_people[rows].sum()), **{f: int(v.sum()) for f, v in t.items()}})
    return out


@dataclass(frozen=True)
class UnitLosses:
    """Per pay unit (pence per person): annual loss at the change (old minus new pay a year, negative for a
    gain), loss in each year from the change before and after protection (years x units), the month protection
    ends (-1: none paid; len(months): still running at the end), and whether the person stays employed."""

    annual_loss: Int64Array
    before: Int64Array
    after: Int64Array
    protection_ends: Int64Array
    stays: np.ndarray[Any, np.dtype[np.bool_]]


def unit_losses(plan: RestructurePlan, p: Projection) -> UnitLosses:
    """Losses per person in each pay unit, counted in years from the person's change."""
    n, months = p.old.shape
    starts = np.array([plan.paths[k].change_month for k in p.a_path], dtype=np.int64)
    kinds = [plan.paths[k].kind for k in p.a_path]
    stays = np.array([k != "voluntary_redundancy" for k in kinds], dtype=np.bool_)
    col = np.arange(months)[np.newaxis, :]
    rel = col - starts[:, np.newaxis]  # months since the change
    lb = p.old - p.unprotected
    la = p.old - p.paid
    before = np.zeros((LOSS_YEARS, n), dtype=np.int64)
    after = np.zeros((LOSS_YEARS, n), dtype=np.int64)
    for y in range(LOSS_YEARS):
        inside = (rel >= 12 * y) & (rel < 12 * (y + 1))
        before[y] = np.where(inside, lb, 0).sum(axis=1)
        after[y] = np.where(inside, la, 0).sum(axis=1)
    before[:, ~stays] = 0
    after[:, ~stays] = 0
    protected = (p.paid - p.unprotected) > 0
    any_prot = protected.any(axis=1)
    last = months - 1 - np.argmax(protected[:, ::-1], axis=1)
    ends = np.where(any_prot, last + 1, -1)
    annual = np.where(stays, p.old_annual - p.new_annual, 0)
    return UnitLosses(annual, before, after, ends, stays)
