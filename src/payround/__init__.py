"""payround: an open workbench for public-sector pay rounds.

The public API: load structures and offers, apply offers exactly, check and explain the results.
"""

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
    RoundError,
    StructureError,
    WorkforceError,
)
from payround.offers import Offer, load_offer, parse_offer
from payround.structures import PayStructure, bundled_structure_ids, load_structure

__version__ = "0.1.0"

__all__ = [
    "DependencyError",
    "InputError",
    "Offer",
    "OfferError",
    "OfferResult",
    "ParameterError",
    "PayStructure",
    "PayroundError",
    "RoundError",
    "StructureError",
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
