"""How an illustrative workforce compares with what was published: calibration targets met, untuned checks (other
offers' published costs), anchors (published shares of staff at or below a point) and lowest-paid claims - typed
(``payround.reports.workforce`` renders them for ``payround workforce calibration``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from payround.calibration.solve import Measured, measure, target_result
from payround.costing.distribution import Claim
from payround.structures import load_structure
from payround.workforce.model import Workforce
from payround.workforce.synth.config import SynthConfig, Target

__all__ = ["AnchorCheck", "Calibration", "ClaimCheck", "TargetCheck", "calibration"]


@dataclass(frozen=True)
class TargetCheck:
    """A published costing and what payround estimates for it on the workforce."""

    role: str  # 'calibrated to' or 'not tuned'
    target: Target
    measured: Measured


@dataclass(frozen=True)
class AnchorCheck:
    """A published share of staff at or below a point, and the workforce's."""

    point: str
    published_share: float
    payround_share: float
    source: str


@dataclass(frozen=True)
class ClaimCheck:
    """A published lowest-paid claim checked on the workforce."""

    offer: str
    claim: Claim
    caveat: str
    source: str


@dataclass(frozen=True)
class Calibration:
    """Everything ``payround workforce calibration`` shows for one generated workforce."""

    config: SynthConfig
    headcount: int
    employers: int
    fte: float
    groups: dict[str, int]
    anchors: list[AnchorCheck]
    targets: list[TargetCheck]
    checks: list[TargetCheck]
    claims: list[ClaimCheck]


def calibration(config: SynthConfig, workforce: Workforce) -> Calibration:
    """Targets, anchors, checks and claims for a generated workforce, published against payround."""
    from payround.costing import cost_offer
    from payround.costing.distribution import lowest_paid_claim, point_stats

    structure = load_structure(config.structure)
    idx, _ = workforce.point_index(structure)
    hc = workforce.frame["headcount"].to_numpy()
    by_point = np.bincount(idx, weights=hc, minlength=len(structure.points))
    cum = np.cumsum(by_point) / by_point.sum()
    frame = workforce.frame
    fte = float((workforce.weekly_hours(structure) * hc).sum() / float(structure.standard_hours))
    groups: dict[str, int] = {}
    if "group" in frame.columns:
        names, counts = np.unique(frame["group"].cast(str).to_numpy(), return_counts=True)
        groups = {str(k): int(v) for k, v in zip(names, counts, strict=True)}
    claims = []
    for c in config.claims:
        result = target_result(Target(offer=c.offer, source=c.source))
        check = lowest_paid_claim(point_stats(cost_offer(result, workforce)), c.share, c.above)
        caveat = (
            "SJC points above the SLGLW are illustrative before 2023/24, and so is this workforce."
            if structure.illustrative or workforce.illustrative
            else ""
        )
        claims.append(ClaimCheck(str(c.offer.get("name", "")), check, caveat, c.source))
    return Calibration(
        config=config,
        headcount=int(hc.sum()),
        employers=len(workforce.labels("employer")),
        fte=fte,
        groups=groups,
        anchors=[
            AnchorCheck(a.point, a.share, float(cum[structure.point_ids.index(a.point)]), a.source)
            for a in config.anchors
        ],
        targets=[TargetCheck("calibrated to", t, measure(t, workforce)) for t in config.targets],
        checks=[TargetCheck("not tuned", t, measure(t, workforce)) for t in config.checks],
        claims=claims,
    )
