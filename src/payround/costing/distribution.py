"""Who gets what: the share of staff by size of increase, the lowest-paid statements negotiators make, pay deciles
and the equality impact by gender. Everyone on a point gets the same percentage (part-timers pro rata), so the work
is done per point on headcounts counted once with ``bincount``: no loop over people."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

import numpy as np
import numpy.typing as npt

from payround.costing.cost import CostResult
from payround.costing.equality import GenderSummary, gender_summary
from payround.costing.exact import sums

__all__ = ["Claim", "Decile", "Distribution", "PointStats", "distribution", "lowest_paid_claim"]

THRESHOLDS = tuple(range(0, 16))  # percent; DESIGN §7 asks for at least 0-10 in steps of 1


@dataclass(frozen=True)
class PointStats:
    """Per original point: pay before and after (structure unit), increase in percent (exact), headcount, FTE and
    the actual pay increase of the people on it (pence a year, full year)."""

    points: list[str]
    before: list[Decimal]
    after: list[Decimal]
    increase_pct: list[Decimal]
    annual_before: npt.NDArray[np.float64]  # full-time pay a year, for ranking
    annual_after: npt.NDArray[np.float64]
    headcount: npt.NDArray[np.float64]
    fte: npt.NDArray[np.float64]
    increase_pence: npt.NDArray[np.float64]

    def order(self) -> npt.NDArray[np.int64]:
        """Points from the lowest paid (ties: the smaller increase first, so claims are never overstated)."""
        inc = np.array([float(x) for x in self.increase_pct])
        return np.lexsort((inc, self.annual_before))


def point_stats(cost: CostResult) -> PointStats:
    """Headcount, FTE and increases per original point."""
    pw = cost.prepared
    s = cost.result.structure
    ids = s.point_ids
    n = len(ids)
    before = [s.pay(p) for p in ids]
    after = [cost.result.final_by_original[p] for p in ids]
    with localcontext() as ctx:
        ctx.prec = 40
        inc = [((a - b) / b * 100) if b else Decimal(0) for a, b in zip(after, before, strict=True)]
    hc = pw.u_headcount.astype(np.float64)
    pt = pw.u_point
    return PointStats(
        ids,
        before,
        after,
        inc,
        np.array([float(s.full_time_annual(b)) for b in before]),
        np.array([float(s.full_time_annual(a)) for a in after]),
        sums(pt, hc, n),
        sums(pt, pw.u_fte * hc, n),
        sums(pt, (cost.after.pay - cost.before.pay) * hc, n),
    )


@dataclass(frozen=True)
class Distribution:
    """Shares of headcount and FTE by increase, deciles, the lowest-paid share above each threshold, by gender."""

    stats: PointStats
    share_above: dict[int, float]
    share_fte_above: dict[int, float]
    lowest_paid_above: dict[int, float]
    deciles: list[Decile]
    by_gender: GenderSummary | None
    illustrative: bool
    headcount: int


def distribution(cost: CostResult) -> Distribution:
    """Who gets what under a costed offer (consolidated increase, full year; lump sums are not counted)."""
    st = point_stats(cost)
    total_hc, total_fte = st.headcount.sum(), st.fte.sum()
    share, share_fte, lowest = {}, {}, {}
    for t in THRESHOLDS:
        above = np.array([x > t for x in st.increase_pct])
        share[t] = float(st.headcount[above].sum() / total_hc)
        share_fte[t] = float(st.fte[above].sum() / total_fte) if total_fte else 0.0
        lowest[t] = lowest_paid_share(st, Decimal(t))
    return Distribution(
        st,
        share,
        share_fte,
        lowest,
        deciles(st),
        gender_summary(cost, st.increase_pct) if cost.prepared.workforce.has("gender") else None,
        cost.illustrative,
        cost.headcount,
    )


def lowest_paid_share(st: PointStats, above: Decimal) -> float:
    """The largest share of staff, counted from the lowest paid up, who all get more than ``above`` percent."""
    total = st.headcount.sum()
    got = 0.0
    for i in st.order():
        if st.headcount[i] == 0:
            continue
        if not st.increase_pct[i] > above:
            break
        got += float(st.headcount[i])
    return got / float(total) if total else 0.0


@dataclass(frozen=True, slots=True)
class Claim:
    """A check of "the lowest-paid SHARE% get more than ABOVE%": whether it holds, the smallest increase among
    them (percent, exact) and the largest lowest-paid share for which it does hold (a fraction)."""

    claim: str
    holds: bool
    smallest_increase_pct: Decimal | None
    lowest_paid_share_above: float


def lowest_paid_claim(st: PointStats, share: float, above: float) -> Claim:
    """Check a claim "the lowest-paid SHARE% get more than ABOVE%": the smallest increase among them, and the
    largest lowest-paid share for which the claim holds."""
    total = float(st.headcount.sum())
    need = total * share / 100.0
    seen, smallest = 0.0, None
    for i in st.order():
        if st.headcount[i] == 0:
            continue
        if seen >= need - 1e-9:
            break
        smallest = st.increase_pct[i] if smallest is None else min(smallest, st.increase_pct[i])
        seen += float(st.headcount[i])
    return Claim(
        claim=f"the lowest-paid {share:g}% get more than {above:g}%",
        holds=bool(smallest is not None and smallest > Decimal(repr(above))),
        smallest_increase_pct=smallest,
        lowest_paid_share_above=lowest_paid_share(st, Decimal(repr(above))),
    )


@dataclass(frozen=True, slots=True)
class Decile:
    """A tenth of the headcount from the lowest paid: people, full-time pay range (pounds a year), mean increase
    (percent and full-time pounds) and its share of the money (a fraction)."""

    decile: int
    headcount: float
    pay_from: float
    pay_to: float
    mean_increase_pct: float
    mean_increase_full_time: float
    share_of_increase: float


def deciles(st: PointStats) -> list[Decile]:
    """Ten equal slices of headcount from the lowest paid: pay range (full-time a year), mean increase (percent
    and full-time pounds) and the slice's share of the pay increase. A point straddling a boundary is split."""
    order = st.order()
    hc = st.headcount[order]
    total = hc.sum()
    cum = np.concatenate(([0.0], np.cumsum(hc)))
    inc_pct = np.array([float(st.increase_pct[i]) for i in order])
    annual = st.annual_before[order]
    after_annual = st.annual_after[order]
    inc_money = st.increase_pence[order]
    total_inc = inc_money.sum()
    out = []
    for d in range(10):
        lo, hi = total * d / 10, total * (d + 1) / 10
        part = np.clip(np.minimum(cum[1:], hi) - np.maximum(cum[:-1], lo), 0.0, None)
        w = part.sum()
        inside = part > 0
        frac = np.divide(part, hc, out=np.zeros_like(part), where=hc > 0)
        out.append(
            Decile(
                decile=d + 1,
                headcount=float(w),
                pay_from=float(annual[inside].min()) if inside.any() else 0.0,
                pay_to=float(annual[inside].max()) if inside.any() else 0.0,
                mean_increase_pct=float((inc_pct * part).sum() / w) if w else 0.0,
                mean_increase_full_time=float(((after_annual - annual) * part).sum() / w) if w else 0.0,
                share_of_increase=float((inc_money * frac).sum() / total_inc) if total_inc else 0.0,
            )
        )
    return out
