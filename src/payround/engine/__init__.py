"""The pure offer engine: apply offers to structures, check the results, explain them in plain English.

Nothing here reads files or talks to the network; loaders, CLI and web sit on top.
"""

from payround.engine.apply import apply_offer, apply_plan, final_pay
from payround.engine.plan import Plan, compile_offer
from payround.engine.result import FloorChange, InYear, LumpSumPayment, OfferResult, PointChange, StageResult

__all__ = [
    "FloorChange",
    "InYear",
    "LumpSumPayment",
    "OfferResult",
    "Plan",
    "PointChange",
    "StageResult",
    "apply_offer",
    "apply_plan",
    "compile_offer",
    "final_pay",
]
