"""payround: an open workbench for public-sector pay rounds.

The public API: load structures and offers, apply offers exactly, check and explain the results; the reports layer
(``payround.reports``) gives every use case as a typed result. Names are imported on first use, so ``import
payround`` (and the command line's start-up) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from payround.api import apply_offer, apply_offer_file
    from payround.engine import OfferResult, compile_offer
    from payround.engine.checks import check_result
    from payround.engine.explain import explain_offer
    from payround.errors import (
        DependencyError,
        InputError,
        OfferError,
        ParameterError,
        PayroundError,
        RestructureError,
        RoundError,
        SettleError,
        StructureError,
        WorkforceError,
    )
    from payround.offers import Offer, load_offer, parse_offer
    from payround.sources import Sources, Upload
    from payround.structures import PayStructure, bundled_structure_ids, load_structure

__version__ = "0.1.0"

_WHERE = {
    "DependencyError": "payround.errors",
    "InputError": "payround.errors",
    "Offer": "payround.offers",
    "OfferError": "payround.errors",
    "OfferResult": "payround.engine",
    "ParameterError": "payround.errors",
    "PayStructure": "payround.structures",
    "PayroundError": "payround.errors",
    "RestructureError": "payround.errors",
    "RoundError": "payround.errors",
    "SettleError": "payround.errors",
    "Sources": "payround.sources",
    "StructureError": "payround.errors",
    "Upload": "payround.sources",
    "WorkforceError": "payround.errors",
    "apply_offer": "payround.api",
    "apply_offer_file": "payround.api",
    "bundled_structure_ids": "payround.structures",
    "check_result": "payround.engine.checks",
    "compile_offer": "payround.engine",
    "explain_offer": "payround.engine.explain",
    "load_offer": "payround.offers",
    "load_structure": "payround.structures",
    "parse_offer": "payround.offers",
}

__all__ = [
    "DependencyError",
    "InputError",
    "Offer",
    "OfferError",
    "OfferResult",
    "ParameterError",
    "PayStructure",
    "PayroundError",
    "RestructureError",
    "RoundError",
    "SettleError",
    "Sources",
    "StructureError",
    "Upload",
    "WorkforceError",
    "__version__",
    "apply_offer",
    "apply_offer_file",
    "bundled_structure_ids",
    "check_result",
    "compile_offer",
    "explain_offer",
    "load_offer",
    "load_structure",
    "parse_offer",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'payround' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
