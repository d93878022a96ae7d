"""The projection: month by month, for every pay unit of the regraded people, what they would have been paid
(the old path, with the awards), what the new grade pays, what they are paid with protection, the one-off payments
and the employer's on-costs on both paths. Money is whole pence per person per month; totals multiply by people.

Conventions (docs/regrading.md): pay for a month is a twelfth of the annual pay in force on its first day,
rounded half-up to the penny per person; on-costs use the dated parameters in force on the month's last day (the
payday), as the costing does: employer NI per person on the month's pay above the secondary threshold, employer
pension on pensionable pay (protected pay is pensionable, lump sums are not), the Apprenticeship Levy on the change
in the pay bill (the employer is assumed to pay the levy before and after, i.e. its pay bill is above the
allowance). Voluntary redundancy payments are taken to be free of NI (termination payments up to £30,000)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

import numpy as np
import numpy.typing as npt

from payround.costing.exact import Int64Array, decimal_places, pence_per_record, round_half_up, scaled
from payround.regrade.assign import Assignments, Records
from payround.regrade.awards import SpineStep
from payround.regrade.plan import PathPlan, RestructurePlan
from payround.regrade.protection import gap, month_weights, paid_monthly

__all__ = ["OnCostRates", "Projection", "new_point_map", "project"]

Float = npt.NDArray[np.float64]


class OnCostRates(Protocol):
    """The dated on-cost parameters (``payround.costing.OnCostParams`` has this shape)."""

    def ni_at(self, day: date) -> tuple[Decimal, Decimal]: ...
    def levy_at(self, day: date) -> tuple[Decimal, Decimal]: ...
    def pension_at(self, scheme: str, day: date) -> Decimal: ...


@dataclass(frozen=True)
class Projection:
    """Per pay unit (rows) and month (columns), pence per person. ``old``: the old path (no change); ``unprotected``:
    the new path without protection; ``paid``: what is paid; ``lump``: earnings paid once (buy-outs);
    ``severance``: redundancy payments; ``one_off``: other one-off costs (training, the change's own cost);
    ``oncost_old`` / ``oncost_new`` / ``oncost_unprotected``: employer NI + pension on the old path, the paid path
    and the new path without protection (lump sums count for NI on the last two); ``levy``: the change in
    Apprenticeship Levy (pence, whole workforce, per month). Per unit: the old and new points, annual pay at the
    change."""

    months: tuple[date, ...]
    a_people: Int64Array
    a_path: Int64Array
    old_point: Int64Array
    new_point: Int64Array
    old_annual: Int64Array  # pence a year per person, old path, at the month of the change
    new_annual: Int64Array  # pence a year per person, new pay, at the month the new pay starts
    old: Int64Array
    unprotected: Int64Array
    paid: Int64Array
    lump: Int64Array
    severance: Int64Array
    one_off: Int64Array
    oncost_old: Int64Array
    oncost_new: Int64Array
    oncost_unprotected: Int64Array
    levy: Int64Array


def _states(plan: RestructurePlan, steps: list[SpineStep]) -> tuple[list[tuple[Decimal, ...]], Int64Array]:
    """Distinct pay vectors and the one in force on the first day of each month."""
    vectors: list[tuple[Decimal, ...]] = []
    index: dict[tuple[Decimal, ...], int] = {}
    per_month = np.zeros(len(plan.months), dtype=np.int64)
    j = 0
    for m, first in enumerate(plan.months):
        while j + 1 < len(steps) and steps[j + 1].effective <= first:
            j += 1
        vec = steps[j].pay
        per_month[m] = index.setdefault(vec, len(vectors))
        if per_month[m] == len(vectors):
            vectors.append(vec)
    return vectors, per_month


def new_point_map(plan: RestructurePlan, path: PathPlan, pay: tuple[Decimal, ...]) -> Int64Array:
    """The new point of every old point on ``path`` (the pay vector in force at the change decides
    nearest_above)."""
    n = len(pay)
    ident = np.arange(n, dtype=np.int64)
    if path.target is None:  # redeploy, voluntary redundancy: the old point
        return ident
    tgt = path.target
    if len(tgt) == 1:
        return np.full(n, tgt[0], dtype=np.int64)
    if path.assimilation == "top":
        return np.full(n, tgt[-1], dtype=np.int64)
    if path.assimilation == "bottom":
        return np.full(n, tgt[0], dtype=np.int64)
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        if path.assimilation == "same_step" and plan.grade_of_point[i]:
            step = plan.grade_points[plan.grade_of_point[i]].index(i)
            out[i] = tgt[min(step, len(tgt) - 1)]
        else:  # nearest_above (also same_step for a point outside every grade)
            above = [t for t in tgt if pay[t] >= pay[i]]
            out[i] = above[0] if above else tgt[-1]
    return out


def _annual(records: Records, vectors: list[tuple[Decimal, ...]], points: Int64Array, factor: Int64Array) -> Int64Array:
    """Pence a year per person for each state (rows) and pay unit (columns)."""
    out = np.empty((len(vectors), points.shape[0]), dtype=np.int64)
    for s, vec in enumerate(vectors):
        places = decimal_places(vec)
        out[s] = pence_per_record(scaled(vec, places), points, factor, records.pay_ratio(places))
    return out


def _payday(first: date) -> date:
    return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


def _round(x: Float) -> Int64Array:
    # Half-up to the penny; a millionth of a penny absorbs binary noise (as the costing's on-costs do).
    return np.floor(x + 0.5 + 1e-6).astype(np.int64)


class _OnCosts:
    """Employer NI and pension per person and month (pence), with the rates of each month's payday."""

    def __init__(self, plan: RestructurePlan, records: Records, a_rate: Int64Array, rates: OnCostRates) -> None:
        days = [_payday(m) for m in plan.months]
        self.ni_rate = np.array([float(rates.ni_at(d)[0]) for d in days])
        self.threshold = np.array([float(rates.ni_at(d)[1]) * 100.0 for d in days])
        self.levy_rate = np.array([float(rates.levy_at(d)[0]) for d in days])
        table = np.empty((len(records.rate_codes), len(days)))
        cache: dict[date, list[float]] = {}
        for m, d in enumerate(days):
            col = cache.get(d)
            if col is None:
                col = [float(rates.pension_at(s, d)) if s else float(r or 0.0) for s, r in records.rate_codes]
                cache[d] = col
            table[:, m] = col
        self.pension_rate = table[a_rate]

    def ni(self, pay: Int64Array) -> Int64Array:
        """Employer NI on each month's pay."""
        return _round(self.ni_rate * np.maximum(pay - self.threshold, 0.0))

    def pension(self, pensionable: Int64Array) -> Int64Array:
        """Employer pension contributions on each month's pensionable pay."""
        return _round(self.pension_rate * pensionable)


def project(
    plan: RestructurePlan, steps: list[SpineStep], records: Records, a: Assignments, rates: OnCostRates
) -> Projection:
    """Project every pay unit of ``a`` over the plan's months."""
    months = len(plan.months)
    vectors, state = _states(plan, steps)
    paths = plan.paths
    u = a.a_unit
    old_point = records.u_point[u]
    factor = records.u_factor[u]
    new_point = old_point.copy()
    for k, p in enumerate(paths):
        rows = a.a_path == k
        if rows.any():
            mapping = new_point_map(plan, p, vectors[state[min(p.pay_month, months - 1)]])
            new_point[rows] = mapping[old_point[rows]]
    old_y = _annual(records, vectors, old_point, factor)[state].T  # units x months, pence a year
    new_y = _annual(records, vectors, new_point, factor)[state].T
    old = round_half_up(old_y, 12)
    unprotected = old.copy()
    paid = old.copy()
    lump = np.zeros_like(old)
    severance = np.zeros_like(old)
    one_off = np.zeros_like(old)
    n = old.shape[0]
    ar = np.arange(n)
    old_annual = old_y[ar, [paths[k].change_month for k in a.a_path]] if n else np.zeros(0, np.int64)
    new_annual = new_y[ar, [paths[k].pay_month for k in a.a_path]] if n else np.zeros(0, np.int64)
    for k, p in enumerate(paths):
        rows = np.flatnonzero(a.a_path == k)
        if rows.size == 0:
            continue
        e, s = p.change_month, min(p.pay_month, months)
        one_off[rows, e] += int(p.one_off * 100)
        if p.kind == "voluntary_redundancy":
            leave = min(p.leave_month or e, months)
            unprotected[rows, leave:] = 0
            paid[rows, leave:] = 0
            wk = plan.structure.weeks_per_year
            pay_out = (
                np.full(rows.size, int(p.payment_cash * 100), dtype=np.int64)
                if p.payment_cash is not None
                else round_half_up(old_annual[rows] * int((p.payment_weeks or Decimal(0)) * 1000), int(wk * 1000))
            )
            if leave < months:
                severance[rows, leave] += pay_out
            continue
        if p.kind == "redeploy" or s >= months:
            continue
        o, nw = old_y[rows, s:], new_y[rows, s:]
        unprotected[rows, s:] = round_half_up(nw, 12)
        g = gap(p.protection.awards_rule, o, nw, 0)
        w = month_weights(p.protection.schedule(), months - s)
        paid[rows, s:] = paid_monthly(nw, g, w)
        ls = p.protection.lump_sum
        if ls is not None:
            loss = np.maximum(o[:, 0] - nw[:, 0], 0)
            amount = (
                np.where(loss > 0, int(ls.cash * 100), 0)
                if ls.cash is not None
                else round_half_up(loss * int(ls.loss_multiple * 10000), 10000)  # type: ignore[operator]
            )
            when = s + ls.paid_after_months
            if when < months:
                lump[rows, when] += amount
    oc = _OnCosts(plan, records, records.u_rate[u], rates)
    oncost_old = oc.ni(old) + oc.pension(old)
    oncost_new = oc.ni(paid + lump) + oc.pension(paid)
    oncost_unprotected = oc.ni(unprotected + lump) + oc.pension(unprotected)
    change = (a.a_people @ (paid + lump - old)).astype(np.float64) if n else np.zeros(months)
    levy = _round(oc.levy_rate * change)
    return Projection(
        plan.months, a.a_people, a.a_path, old_point, new_point, old_annual, new_annual, old, unprotected, paid,
        lump, severance, one_off, oncost_old, oncost_new, oncost_unprotected, levy,
    )  # fmt: skip
