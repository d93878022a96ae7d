"""The seam between the timeline and costing: cost each offer of a round on a workforce, when costing exists.

``workforce_coster`` returns an ``OfferCoster`` (a callable taking an ``Offer`` and returning the ``payround cost
--format json`` mapping, DESIGN §7) built on ``payround.costing.cost_summary`` and ``payround.workforce
.load_workforce``. They are looked up at run time, so rounds work (without cost) where costing is not installed;
any other costing can be passed to ``build_timeline`` as a plain callable.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, cast

from payround.errors import DependencyError, PayroundError
from payround.offers import Offer
from payround.rounds.timeline import OfferCoster

__all__ = ["workforce_coster"]


def workforce_coster(workforce: str, body_kind: str) -> OfferCoster | None:
    """A coster on ``workforce`` (a bundled id or file); ``auto`` means the body's illustrative workforce if costing
    and that workforce exist (else None, quietly); ``none`` means no costing."""
    if workforce == "none":
        return None
    auto = workforce == "auto"
    ref = f"{body_kind}/illustrative" if auto else workforce
    try:
        summary = importlib.import_module("payround.costing").cost_summary
        wf = importlib.import_module("payround.workforce").load_workforce(ref)
    except (ImportError, AttributeError, PayroundError) as exc:
        if auto:
            return None
        raise DependencyError(f"cannot cost offers on {ref!r}: {exc}") from exc
    from payround.api import apply_offer

    def cost(offer: Offer) -> Mapping[str, Any] | None:
        """Apply the offer and cost it; a problem with one offer is reported in its place, not raised."""
        try:
            return cast(Mapping[str, Any], summary(apply_offer(offer), wf))
        except PayroundError as exc:
            return {"problem": str(exc)}

    return cost
