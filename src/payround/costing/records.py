"""The costing per employee (per row of the workforce table), to reconcile with payroll: pay before and after, the
increase, in-year pay, employer NI, pension and the Apprenticeship Levy, lump sums and the total cost, in whole pence.

Pay, NI and pension are per person (a group row multiplies by its headcount). The levy and the Employment Allowance
are per employer: each is shared among the employer's rows in proportion to their pay (the allowance: to their NI)
by cumulative rounding, so the rows of every column add up exactly to the costing's totals."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from payround.costing.cost import CostResult, Scenario
from payround.costing.exact import Int64Array

__all__ = ["ID_COLUMNS", "PerEmployee", "allocate_within", "per_employee"]

ID_COLUMNS = ("employee_id", "employer", "point", "grade", "group", "gender", "weekly_hours", "fte", "paid_weeks")


def allocate_within(
    amounts: Int64Array,
    groups: npt.NDArray[np.integer],
    weights: Int64Array,
    order: npt.NDArray[np.integer] | None = None,
) -> Int64Array:
    """Share each group's amount (pence) among its records in proportion to ``weights`` (non-negative integers),
    in whole pence that add up exactly per group: record i gets round(A x W_i / W) - round(A x W_(i-1) / W) with
    W_i the running total of weights within its group (equal shares where a group's weights are all zero).
    ``order`` (a stable argsort of ``groups``) may be passed to share one sort among many calls."""
    n = groups.shape[0]
    if n == 0 or not amounts.any():
        return np.zeros(n, dtype=np.int64)
    k = amounts.shape[0]
    w = weights.astype(np.int64)
    totals = np.bincount(groups, weights=w, minlength=k)
    empty = totals[groups] == 0
    if empty.any():  # nothing to weigh by: share equally
        w = np.where(empty, 1, w)
        totals = np.bincount(groups, weights=w, minlength=k)
    if order is None:
        order = np.argsort(groups, kind="stable")
    g = groups[order]
    running = np.cumsum(w[order])
    offset = np.concatenate(([0], np.cumsum(totals.astype(np.int64))))[:-1]
    ratio = (running - offset[g]) / np.maximum(totals[g], 1)  # exactly 1.0 at each group's last record
    cum = np.rint(amounts[g] * ratio).astype(np.int64)
    first = np.concatenate(([True], g[1:] != g[:-1]))
    prev = np.where(first, 0, np.concatenate(([0], cum[:-1])))
    out = np.empty(n, dtype=np.int64)
    out[order] = cum - prev
    return out


@dataclass(frozen=True)
class PerEmployee:
    """One row per workforce row: the identifying columns as given, then money columns in whole pence."""

    frame: pl.DataFrame
    money: tuple[str, ...]

    def totals(self) -> dict[str, int]:
        """The sum of every money column (pence): equal to the costing's totals."""
        sums = self.frame.select(pl.col(c).sum() for c in self.money).row(0)
        return {c: int(v) for c, v in zip(self.money, sums, strict=True)}


def per_employee(cost: CostResult) -> PerEmployee:
    """Every row of the workforce costed, in pence, adding up to ``cost.totals()`` to the penny."""
    pw = cost.prepared
    wf = pw.workforce
    unit, hc = pw.unit, pw.headcount
    emp = pw.employer.codes
    # One sort for every allocation; 16-bit codes sort by radix.
    by_employer = np.argsort(emp.astype(np.int16) if len(pw.employer.labels) < 2**15 else emp, kind="stable")

    def rows(per_person: Int64Array) -> Int64Array:
        out: Int64Array = per_person[unit] * hc
        return out

    def scenario(sc: Scenario) -> tuple[Int64Array, Int64Array, Int64Array, Int64Array]:
        pay = rows(sc.pay)
        ni = rows(sc.on_costs.ni)
        ni = ni - allocate_within(sc.on_costs.allowance, emp, ni, by_employer)
        pension = rows(sc.on_costs.pension)
        levy = allocate_within(sc.on_costs.levy, emp, pay, by_employer)
        return pay, ni, pension, levy

    b, a, y = scenario(cost.before), scenario(cost.after), scenario(cost.in_year)
    zero = np.zeros(pw.rows, dtype=np.int64)
    lump_pay, lump_oc, lump_pay_in, lump_oc_in = zero, zero, zero, zero
    for lc in cost.lumps:
        pay, ni, pension, levy = scenario(lc.cost)
        oc = ni + pension + levy
        lump_pay, lump_oc = lump_pay + pay, lump_oc + oc
        if lc.in_period:
            lump_pay_in, lump_oc_in = lump_pay_in + pay, lump_oc_in + oc
    on_b, on_a, on_y = b[1] + b[2] + b[3], a[1] + a[2] + a[3], y[1] + y[2] + y[3]
    money: dict[str, Int64Array] = {
        "pay_before": b[0],
        "pay_after_full_year": a[0],
        "pay_increase_full_year": a[0] - b[0],
        "pay_in_year": y[0],
        "pay_increase_in_year": y[0] - b[0],
        "employer_ni_before": b[1],
        "employer_ni_after_full_year": a[1],
        "employer_ni_in_year": y[1],
        "pension_before": b[2],
        "pension_after_full_year": a[2],
        "pension_in_year": y[2],
        "apprenticeship_levy_before": b[3],
        "apprenticeship_levy_after_full_year": a[3],
        "apprenticeship_levy_in_year": y[3],
        "lump_sums": lump_pay,
        "lump_sums_on_costs": lump_oc,
        "total_cost_before": b[0] + on_b,
        "total_cost_increase_full_year": (a[0] - b[0]) + (on_a - on_b) + lump_pay + lump_oc,
        "total_cost_increase_in_year": (y[0] - b[0]) + (on_y - on_b) + lump_pay_in + lump_oc_in,
    }
    ids = [c for c in ID_COLUMNS if wf.has(c)]
    points = pl.Series("point_costed", pw.structure.point_ids, dtype=pl.String)
    frame = wf.frame.select(
        pl.int_range(wf.first_row, wf.first_row + wf.rows, dtype=pl.Int64).alias("row"),
        *(
            pl.col(c).cast(pl.String) if c in ("employer", "point", "grade", "group", "gender") else pl.col(c)
            for c in ids
        ),
        pl.col("headcount"),
    )
    # The point each row was costed on, as the structure names it ('SCP019' in the file is point 19).
    frame = frame.insert_column(frame.columns.index("point") + 1, points.gather(pw.u_point[unit]))
    frame = frame.with_columns(pl.Series(k, v, dtype=pl.Int64) for k, v in money.items())
    return PerEmployee(frame, tuple(money))
