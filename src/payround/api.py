"""Convenience entry points that combine loading and the pure engine (for scripts, notebooks, CLI and web)."""

from __future__ import annotations

from pathlib import Path

from payround.engine import OfferResult, apply_plan, compile_offer
from payround.offers import Offer, load_offer, resolve_structure
from payround.structures import PayStructure

__all__ = ["apply_offer", "apply_offer_file"]


def apply_offer(offer: Offer, structure: PayStructure | str | Path | None = None) -> OfferResult:
    """Apply an offer to ``structure`` (a PayStructure, a bundled id, a path), by default the one the offer names."""
    s = structure if isinstance(structure, PayStructure) else resolve_structure(offer, structure)
    return apply_plan(compile_offer(offer, s))


def apply_offer_file(path: str | Path, structure: str | Path | None = None) -> OfferResult:
    """Load an offer file and apply it."""
    return apply_offer(load_offer(path), structure)
