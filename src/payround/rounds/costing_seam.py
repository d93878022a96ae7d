"""The seam between the timeline and costing: cost each offer of a round on a workforce, when costing exists.

``workforce_coster`` returns an ``OfferCoster`` (a callable taking an ``Offer`` and returning its typed cost: the
``payround cost`` report, or a :class:`CostProblem`) built on ``payround.reports.costing`` and ``payround.workforce
.load_workforce``. They are looked up at run time, so rounds work (without cost) where costing is not installed;
any other costing can be passed to ``build_timeline`` as a plain callable.
"""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import Any

from payround.errors import DependencyError, PayroundError
from payround.offers import Offer
from payround.rounds.timeline import OfferCost, OfferCoster

__all__ = ["CostProblem", "workforce_coster"]


class CostProblem:
    """An offer that could not be costed: its document is ``{"problem": "..."}``."""

    def __init__(self, problem: str) -> None:
        self._problem = problem

    @property
    def problem(self) -> str | None:
        """Why not."""
        return self._problem

    @property
    def illustrative(self) -> bool:
        """No figures, so nothing illustrative."""
        return False

    @property
    def total_cost_increase_full_year(self) -> Decimal | None:
        """No cost."""
        return None

    def to_json(self) -> Any:
        """``{"problem": "..."}``."""
        return {"problem": self._problem}


def workforce_coster(workforce: str, body_kind: str) -> OfferCoster | None:
    """A coster on ``workforce`` (a bundled id or file); ``auto`` means the body's illustrative workforce if costing
    and that workforce exist (else None, quietly); ``none`` means no costing."""
    if workforce == "none":
        return None
    auto = workforce == "auto"
    ref = f"{body_kind}/illustrative" if auto else workforce
    try:
        cost_offer = importlib.import_module("payround.costing").cost_offer
        report_for = importlib.import_module("payround.reports.costing").cost_report_for
        wf = importlib.import_module("payround.workforce").load_workforce(ref)
    except (ImportError, AttributeError, PayroundError) as exc:
        if auto:
            return None
        raise DependencyError(f"cannot cost offers on {ref!r}: {exc}") from exc
    from payround.api import apply_offer

    def cost(offer: Offer) -> OfferCost | None:
        """Apply the offer and cost it; a problem with one offer is reported in its place, not raised."""
        try:
            report: OfferCost = report_for(cost_offer(apply_offer(offer), wf))
        except PayroundError as exc:
            return CostProblem(str(exc))
        return report

    return cost
