"""The ``payround distribution --format json`` document (DESIGN §7 keys, and more)."""

from __future__ import annotations

from typing import Any

from payround.costing.cost import CostResult, cost_offer
from payround.costing.distribution import Distribution, distribution, lowest_paid_claim
from payround.costing.headroom import HeadroomAt, headroom
from payround.costing.options import CostOptions
from payround.costing.prepare import PreparedWorkforce
from payround.engine import OfferResult
from payround.workforce import Workforce

__all__ = ["distribution_document", "distribution_summary", "share"]


def share(x: float) -> str:
    """A share of headcount as a decimal fraction with four places ('0.1234')."""
    return f"{x:.4f}"


def _f(x: float | str | None, places: int = 2) -> str | None:
    if x is None or isinstance(x, str):
        return x
    return f"{x:.{places}f}"


def distribution_document(
    cost: CostResult,
    dist: Distribution,
    heads: list[HeadroomAt],
    claims: list[tuple[float, float]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """Everything ``payround distribution`` prints, JSON-ready."""
    st = dist.stats
    gender: dict[str, Any] = {}
    if dist.by_gender is not None:
        gender = {
            "groups": [
                {k: (v if k == "gender" else _f(v, 4 if k.startswith("share") else 2)) for k, v in g.items()}
                for g in dist.by_gender.groups
            ],
            "pay_gap_pct": {k: _f(v) for k, v in dist.by_gender.gap.items()},
            "summary": dist.by_gender.summary,
        }
    r = cost.result
    return {
        "offer": r.offer.name,
        "structure": r.structure.id,
        "workforce": cost.prepared.workforce.name or cost.prepared.workforce.source,
        "headcount": dist.headcount,
        "measure": "consolidated pay increase at each person's point, full year (lump sums not counted)",
        "share_with_increase_above": {str(t): share(v) for t, v in dist.share_above.items()},
        "share_fte_with_increase_above": {str(t): share(v) for t, v in dist.share_fte_above.items()},
        "lowest_paid_share_with_increase_above": {str(t): share(v) for t, v in dist.lowest_paid_above.items()},
        "deciles": [
            {
                "decile": int(d["decile"]),
                "headcount": _f(d["headcount"], 1),
                "pay_from": _f(d["pay_from"]),
                "pay_to": _f(d["pay_to"]),
                "mean_increase_pct": _f(d["mean_increase_pct"]),
                "mean_increase_full_time": _f(d["mean_increase_full_time"]),
                "share_of_increase": share(d["share_of_increase"]),
            }
            for d in dist.deciles
        ],
        "by_gender": gender,
        "claims": [_claim(c) for c in (lowest_paid_claim(st, a, b) for a, b in claims)],
        "points": [
            {
                "point": p,
                "before": str(b),
                "after": str(a),
                "increase_pct": f"{float(i):.2f}",
                "headcount": int(h),
                "fte": f"{f:.2f}",
            }
            for p, b, a, i, h, f in zip(
                st.points, st.before, st.after, st.increase_pct, st.headcount, st.fte, strict=True
            )
        ],
        "headroom": [h.to_json() for h in heads],
        "illustrative": dist.illustrative,
        "notes": list(cost.notes),
    }


def _claim(c: dict[str, object]) -> dict[str, object]:
    out = dict(c)
    sp = c.get("smallest_increase_pct")
    out["smallest_increase_pct"] = None if sp is None else f"{float(sp):.2f}"  # type: ignore[arg-type]
    out["lowest_paid_share_above"] = share(float(c["lowest_paid_share_above"]))  # type: ignore[arg-type]
    return out


def distribution_summary(
    result: OfferResult,
    workforce: Workforce | PreparedWorkforce,
    options: CostOptions | None = None,
    claims: list[tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """Cost an applied offer and return the distribution JSON document."""
    cost = cost_offer(result, workforce, options)
    return distribution_document(cost, distribution(cost), headroom(result), claims or [])
