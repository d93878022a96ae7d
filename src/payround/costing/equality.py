"""The equality impact of an offer by gender: who gets the money, mean and median increases, and the gender pay gap
(mean and median hourly pay, men's minus women's as a share of men's, as in UK gender pay gap reporting) before and
after."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from payround.costing.cost import CostResult

__all__ = ["GenderSummary", "gender_summary", "weighted_median"]


def weighted_median(values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]) -> float:
    """The value at which half the weight lies below (the lower one at an exact half)."""
    keep = weights > 0
    if not keep.any():
        return float("nan")
    v, w = values[keep], weights[keep]
    order = np.argsort(v, kind="stable")
    cum = np.cumsum(w[order])
    i = int(np.searchsorted(cum, cum[-1] / 2.0))
    return float(v[order][min(i, len(v) - 1)])


@dataclass(frozen=True)
class GenderSummary:
    """Per gender figures and the pay gap (percent of men's hourly pay; None without both women and men)."""

    groups: list[dict[str, float | str]]
    gap: dict[str, float | None]
    summary: list[str]


def gender_summary(cost: CostResult, increase_pct: list[Decimal]) -> GenderSummary:
    """Figures per gender value and the women/men pay gap before and after the offer."""
    pw = cost.prepared
    s = cost.result.structure
    ids = s.point_ids
    n = len(ids)
    dim = pw.dimension("gender")
    by_unit = pw.headcount_by("gender")  # people per (gender, unit)
    heads = np.stack([np.bincount(pw.u_point, weights=row, minlength=n) for row in by_unit])
    fte = by_unit @ pw.u_fte
    inc_money = by_unit @ (cost.after.pay - cost.before.pay).astype(np.float64)
    inc = np.array([float(x) for x in increase_pct])
    hourly_b = np.array([float(s.to_hourly(s.pay(p))) for p in ids])
    hourly_a = np.array([float(s.to_hourly(cost.result.final_by_original[p])) for p in ids])
    total_hc, total_inc = heads.sum(), inc_money.sum()
    groups: list[dict[str, float | str]] = []
    stats: dict[str, dict[str, float]] = {}
    for i, label in enumerate(dim.labels):
        w = heads[i]
        if w.sum() == 0:
            continue
        row = {
            "headcount": float(w.sum()),
            "share_of_headcount": float(w.sum() / total_hc),
            "fte": float(fte[i]),
            "share_of_increase": float(inc_money[i] / total_inc) if total_inc else 0.0,
            "mean_increase_pct": float((inc * w).sum() / w.sum()),
            "median_increase_pct": weighted_median(inc, w),
            "mean_increase": float(inc_money[i] / 100.0 / w.sum()),
            "mean_hourly_before": float((hourly_b * w).sum() / w.sum()),
            "mean_hourly_after": float((hourly_a * w).sum() / w.sum()),
            "median_hourly_before": weighted_median(hourly_b, w),
            "median_hourly_after": weighted_median(hourly_a, w),
        }
        stats[label] = row
        groups.append({"gender": label, **row})
    gap = _gap(stats)
    return GenderSummary(groups, gap, _summary(stats, gap))


def _gap(stats: dict[str, dict[str, float]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in ("mean_hourly_before", "mean_hourly_after", "median_hourly_before", "median_hourly_after"):
        name = key.replace("_hourly", "")
        if "F" in stats and "M" in stats and stats["M"][key]:
            out[name] = (stats["M"][key] - stats["F"][key]) / stats["M"][key] * 100.0
        else:
            out[name] = None
    return out


def _summary(stats: dict[str, dict[str, float]], gap: dict[str, float | None]) -> list[str]:
    if "F" not in stats or "M" not in stats:
        return ["The workforce does not record both women (F) and men (M): no gender pay gap can be computed."]
    f, m = stats["F"], stats["M"]
    lines = [
        f"Women are {f['share_of_headcount']:.1%} of the staff and receive {f['share_of_increase']:.1%} of the "
        f"pay increase.",
        f"Mean increase: women {f['mean_increase_pct']:.2f}%, men {m['mean_increase_pct']:.2f}% "
        f"(median {f['median_increase_pct']:.2f}% and {m['median_increase_pct']:.2f}%).",
    ]
    mb, ma, db, da = gap["mean_before"], gap["mean_after"], gap["median_before"], gap["median_after"]
    if mb is not None and ma is not None and db is not None and da is not None:
        verb = "narrows" if abs(ma) < abs(mb) else "widens" if abs(ma) > abs(mb) else "is unchanged"
        lines.append(
            f"The mean gender pay gap in hourly pay {verb} from {mb:.2f}% to {ma:.2f}% (median {db:.2f}% to {da:.2f}%)."
        )
    return lines
