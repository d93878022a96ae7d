"""The spine over the projection: the structure's pay, then each annual award applied exactly by the offer engine
to the spine in force (offer files as written, assumed percentages as one-stage offers), chained year after year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from payround.engine import apply_plan, compile_offer
from payround.errors import RestructureError
from payround.offers.schema import Offer
from payround.structures.model import PayStructure

__all__ = ["AssumedAward", "SpineStep", "assumed_offer", "spine_steps"]


@dataclass(frozen=True)
class AssumedAward:
    """``percent`` on every point from ``effective``; with ``yearly``, again every year after until the end."""

    percent: Decimal
    effective: date
    yearly: bool = False


@dataclass(frozen=True)
class SpineStep:
    """Pay at every point of the original structure (in its order, in its unit) from ``effective``."""

    effective: date
    pay: tuple[Decimal, ...]
    label: str


def assumed_offer(percent: Decimal, effective: date, structure: PayStructure) -> Offer:
    """A one-stage offer of ``percent`` on every point from ``effective`` (a year's period)."""
    end = date(effective.year + 1, effective.month, 1) - timedelta(days=1) if effective.day == 1 else effective
    return Offer.model_validate(
        {
            "name": f"assumed {percent}% from {effective.isoformat()}",
            "structure": structure.id,
            "period": {"start": effective, "end": max(end, effective)},
            "stages": [{"effective": effective, "steps": [{"raise": {"percent": percent}}]}],
        }
    )


def _expand(awards: Sequence[Offer | AssumedAward], end: date) -> list[tuple[int, Offer | AssumedAward]]:
    out: list[tuple[int, Offer | AssumedAward]] = []
    for i, a in enumerate(awards):
        if isinstance(a, AssumedAward) and a.yearly:
            d = a.effective
            while d < end:
                out.append((i, AssumedAward(a.percent, d)))
                d = date(d.year + 1, d.month, d.day)
        else:
            out.append((i, a))
    return out


def spine_steps(
    structure: PayStructure, awards: Sequence[Offer | AssumedAward], end: date, *, source: str = "<restructure>"
) -> list[SpineStep]:
    """The pay vectors in force over the projection: the structure's own, then one per stage of every award, in
    date order. Raises RestructureError (naming ``awards[i]``) when awards go back in time or delete points."""
    ids = structure.point_ids
    steps = [SpineStep(date.min, tuple(structure.pay(p) for p in ids), structure.id)]
    current = structure
    last = date.min
    for i, award in _expand(awards, end):
        offer = award if isinstance(award, Offer) else assumed_offer(award.percent, award.effective, current)
        result = apply_plan(compile_offer(offer, current))
        for st in result.stages:
            if st.effective < last:
                raise RestructureError(
                    f"this award takes effect on {st.effective.isoformat()}, before the award listed above it "
                    f"({last.isoformat()}).",
                    file=source,
                    place=f"awards[{i}]",
                    hint="list awards oldest first.",
                )
            last = st.effective
            after = {pc.point: pc.after for pc in st.points}
            missing = [p for p in ids if p not in after]
            if missing:
                raise RestructureError(
                    f"the award {offer.name!r} deletes point {missing[0]}, which a regrading projection cannot follow.",
                    file=source,
                    place=f"awards[{i}]",
                    hint="use an award that keeps every point, or start the projection on the spine after it.",
                )
            steps.append(SpineStep(st.effective, tuple(after[p] for p in ids), offer.name))
        current = result.as_structure(current.id)
    return steps
