"""Checks on an offer's result: leapfrogging, compressed differentials and points absorbed into the floor."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from payround.engine.result import OfferResult, StageResult
from payround.money import pct_change

__all__ = ["Finding", "check_result", "check_stage"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a negotiator should look at. ``kind`` is 'leapfrog', 'differential' or 'absorbed'."""

    kind: str
    stage: str
    points: tuple[str, ...]
    message: str

    def to_json(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {"kind": self.kind, "stage": self.stage, "points": list(self.points), "message": self.message}


def check_stage(stage: StageResult, *, label: str, min_differential_pct: Decimal = Decimal(1)) -> list[Finding]:
    """Check one stage (or ``final``): compare pay before and after, point by point, in structure order."""
    out: list[Finding] = []
    rows = stage.points
    floor_after = stage.floor.after if stage.floor else None
    floor_before = stage.floor.before if stage.floor else None
    # Leapfrogging: a lower point paid at least as much as a higher one, where it was not so before and neither is
    # simply paid the floor (points under the floor are meant to be equal).
    for lo, hi in pairwise(rows):
        both_floor = floor_after is not None and lo.after == floor_after and hi.after == floor_after
        if lo.after >= hi.after and not both_floor and lo.before < hi.before:
            out.append(
                Finding(
                    "leapfrog",
                    label,
                    (lo.point, hi.point),
                    f"point {lo.point} (£{lo.after}) is now paid at least as much as point {hi.point} (£{hi.after}).",
                )
            )
    # Differentials squeezed below the threshold by the offer (already-narrow gaps that stay as they are pass).
    for lo, hi in pairwise(rows):
        if floor_after is not None and lo.after <= floor_after:
            continue
        if lo.after >= hi.after:
            continue  # reported as leapfrogging
        gap_after = pct_change(hi.after, lo.after)
        gap_before = pct_change(hi.before, lo.before) if lo.before > 0 else gap_after
        if gap_after < min_differential_pct and gap_after < gap_before:
            out.append(
                Finding(
                    "differential",
                    label,
                    (lo.point, hi.point),
                    f"the step from point {lo.point} to {hi.point} narrows from {gap_before}% to {gap_after}% "
                    f"(below {min_differential_pct}%).",
                )
            )
    # Points absorbed: above the floor before, paid the floor after.
    if floor_after is not None:
        absorbed = [
            r.point for r in rows if r.after == floor_after and (floor_before is None or r.before > floor_before)
        ]
        if absorbed:
            span = absorbed[0] if len(absorbed) == 1 else f"{absorbed[0]}–{absorbed[-1]}"
            out.append(
                Finding(
                    "absorbed",
                    label,
                    tuple(absorbed),
                    f"{len(absorbed)} point(s) ({span}) that were paid above the floor are now paid the floor "
                    f"(£{floor_after}); their differentials are lost.",
                )
            )
    return out


def check_result(result: OfferResult, *, min_differential_pct: Decimal = Decimal(1)) -> list[Finding]:
    """Every finding for every stage and for the offer as a whole, without repeats."""
    findings: list[Finding] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for st in result.stages:
        for f in check_stage(st, label=st.effective.isoformat(), min_differential_pct=min_differential_pct):
            seen.add((f.kind, f.points))
            findings.append(f)
    if len(result.stages) > 1:
        for f in check_stage(result.final, label="final", min_differential_pct=min_differential_pct):
            if (f.kind, f.points) not in seen:
                findings.append(f)
    return findings
