"""Costing offers on workforces, and who gets what: pure and vectorised (NumPy/Polars), no I/O.

- ``cost_offer(result, workforce) -> CostResult``: pay bill before/after (per stage, full year, in-year), employer
  on-costs (NI, pension, Apprenticeship Levy) and lump sums, in exact pence per record.
- ``CostResult.totals() -> CostTotals``: typed totals in pence (``payround.reports.costing`` turns them into the
  ``payround cost --format json`` document).
- ``distribution(result, workforce) -> Distribution``: shares by size of increase, deciles, gender, claims.
- ``headroom(result) -> list``: every point's margin over the NLW, RLW (UK, London) and SLGLW at each date.
"""

from payround.costing.cost import CostResult, CostTotals, Scenario, Totals, cost_offer
from payround.costing.options import CostOptions, OnCostParams
from payround.costing.prepare import PreparedWorkforce, prepare
from payround.costing.summary import GroupTotals, breakdown

__all__ = [
    "CostOptions",
    "CostResult",
    "CostTotals",
    "GroupTotals",
    "OnCostParams",
    "PreparedWorkforce",
    "Scenario",
    "Totals",
    "breakdown",
    "cost_offer",
    "prepare",
]
