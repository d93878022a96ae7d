"""Take-home columns for other commands (``payround compare``): net change per point for one household."""

from __future__ import annotations

from decimal import Decimal

from payround.engine import OfferResult
from payround.takehome.bridge import Progress
from payround.takehome.cache import DiskCache
from payround.takehome.compute import takehome
from payround.takehome.households import load_households, select_households

__all__ = ["takehome_summary"]


def takehome_summary(
    result: OfferResult,
    household: str = "single",
    *,
    stage: str = "final",
    cache: DiskCache | None = None,
    exact: bool = False,
    progress: Progress | None = None,
) -> dict[str, Decimal]:
    """The change in household net income (annual £) at each point of an applied offer, for one bundled household
    archetype, in structure order: interactive unless ``exact`` (the same tables and disk cache as ``payround
    takehome``); raises DependencyError when PolicyEngine UK is missing or the tax year is unsupported."""
    known = load_households()
    select_households(known, [household])  # an unknown name is an InputError listing the known ones
    # All bundled households in one simulation, as `payround takehome` computes them: one cache entry serves both.
    table = takehome(result, list(known.values()), cache=cache, exact=exact, progress=progress)
    return {r.point: r.net_change for r in table.rows if r.stage == stage and r.household == household}
