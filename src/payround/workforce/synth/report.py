"""How an illustrative workforce compares with what was published: calibration targets met, untuned checks
(other offers' published costs) and lowest-paid claims - the figures ``payround workforce calibration`` prints."""

from __future__ import annotations

from typing import Any

import numpy as np

from payround.structures import load_structure
from payround.workforce.model import Workforce
from payround.workforce.synth.calibrate import measure, target_result
from payround.workforce.synth.config import SynthConfig, Target

__all__ = ["calibration_report"]


def _compare(target: Target, workforce: Workforce, role: str) -> dict[str, Any]:
    m = measure(target, workforce)
    s = m.summary
    out: dict[str, Any] = {
        "role": role,
        "offer": target.offer.get("name", ""),
        "structure": target.offer.get("structure", ""),
        "measure": target.measure,
        "published_increase": None if target.increase is None else str(target.increase),
        "published_increase_pct": None if target.increase_pct is None else str(target.increase_pct),
        "payround_increase": str(m.increase),
        "payround_increase_pct": str(m.increase_pct),
        "difference_pct": None
        if target.increase is None
        else f"{(m.increase - target.increase) / target.increase * 100:.1f}",
        "paybill_before": s["paybill"]["before"],
        "total_cost_increase_full_year": s["total_cost_increase_full_year"],
        "total_cost_increase_full_year_pct": s["total_cost_increase_full_year_pct"],
        "source": target.source,
    }
    return out


def calibration_report(config: SynthConfig, workforce: Workforce) -> dict[str, Any]:
    """Targets, anchors, checks and claims for a generated workforce, published against payround."""
    from payround.costing import cost_offer
    from payround.costing.distribution import lowest_paid_claim, point_stats

    structure = load_structure(config.structure)
    idx, _ = workforce.point_index(structure)
    hc = workforce.frame["headcount"].to_numpy()
    by_point = np.bincount(idx, weights=hc, minlength=len(structure.points))
    cum = np.cumsum(by_point) / by_point.sum()
    frame = workforce.frame
    fte = float((frame["weekly_hours"].to_numpy() * hc).sum() / float(structure.standard_hours))
    groups = (
        {
            str(k): int(v)
            for k, v in zip(*np.unique(frame["group"].cast(str).to_numpy(), return_counts=True), strict=True)
        }
        if "group" in frame.columns
        else {}
    )
    claims = []
    for c in config.claims:
        result = target_result(Target(offer=c.offer, source=c.source))
        check = lowest_paid_claim(point_stats(cost_offer(result, workforce)), c.share, c.above)
        claims.append(
            {
                "offer": c.offer.get("name", ""),
                "published": check["claim"],
                "holds": check["holds"],
                "smallest_increase_pct": None
                if check["smallest_increase_pct"] is None
                else f"{float(check['smallest_increase_pct']):.2f}",  # type: ignore[arg-type]
                "payround_lowest_paid_share_above": f"{100 * float(check['lowest_paid_share_above']):.1f}%",  # type: ignore[arg-type]
                "caveat": "SJC points above the SLGLW are illustrative before 2023/24, and so is this workforce."
                if structure.illustrative or workforce.illustrative
                else "",
                "source": c.source,
            }
        )
    return {
        "workforce": config.id,
        "headcount": int(hc.sum()),
        "employers": len(workforce.labels("employer")),
        "fte": f"{fte:.0f}",
        "knobs": {"gamma_scale": f"{config.knobs[0]:.4f}", "calibrated_group_weight": f"{config.knobs[1]:.4f}"}
        if config.points == "gamma"
        else {},
        "groups": groups,
        "anchors": [
            {
                "point": a.point,
                "published_share": f"{a.share:.3f}",
                "payround_share": f"{cum[structure.point_ids.index(a.point)]:.3f}",
                "source": a.source,
            }
            for a in config.anchors
        ],
        "targets": [_compare(t, workforce, "calibrated to") for t in config.targets],
        "checks": [_compare(t, workforce, "not tuned") for t in config.checks],
        "claims": claims,
        "illustrative": True,
        "note": "Synthetic, illustrative workforce: see docs/costing.md for the method.",
    }
