"""Costing an offer on a workforce: ``cost_offer(result, workforce) -> CostResult``.

Everything is per person on each record, in whole pence, then multiplied by the record's headcount and summed, so
the parts always add up to the totals (records -> employers -> the whole workforce)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from payround.costing.exact import Int64Array
from payround.costing.oncosts import OnCostCalculator, OnCosts
from payround.costing.options import CostOptions
from payround.costing.pay import PayCalculator
from payround.costing.prepare import PreparedWorkforce, prepare
from payround.costing.timeline import Lump, Timeline, build_timeline
from payround.engine import OfferResult
from payround.structures import PayStructure
from payround.workforce import Workforce

__all__ = ["CostResult", "LumpCost", "Scenario", "cost_offer", "prepared_for"]


@dataclass(frozen=True)
class Scenario:
    """Pay and on-costs for one way of counting: per person in each unit (pence), levy and Employment Allowance
    per employer (pence)."""

    pay: Int64Array
    on_costs: OnCosts

    def total(self, hc: Int64Array) -> dict[str, int]:
        """Totals in pence (``hc``: people per unit): pay, employer_ni, pension, apprenticeship_levy,
        employment_allowance (already taken off employer_ni) and on_costs."""
        oc = self.on_costs
        ni = int(np.dot(oc.ni, hc)) - int(oc.allowance.sum())
        pension = int(np.dot(oc.pension, hc))
        levy = int(oc.levy.sum())
        return {
            "pay": int(np.dot(self.pay, hc)),
            "employer_ni": ni,
            "pension": pension,
            "apprenticeship_levy": levy,
            "employment_allowance": int(oc.allowance.sum()),
            "on_costs": ni + pension + levy,
        }


@dataclass(frozen=True)
class LumpCost:
    """One lump sum: what it pays each person and its on-costs."""

    lump: Lump
    in_period: bool
    cost: Scenario


@dataclass(frozen=True)
class CostResult:
    """An offer costed on a workforce. Money is in pence (ints); ``payround.costing.cost_summary`` renders it."""

    result: OfferResult
    prepared: PreparedWorkforce
    timeline: Timeline
    before: Scenario
    after: Scenario  # full year at the final rates
    in_year: Scenario  # as the stages take effect over the period
    stages: list[tuple[date, Int64Array]]  # pay per person per unit for a full year at each stage's rates
    lumps: list[LumpCost]
    notes: list[str] = field(default_factory=list)

    @property
    def headcount(self) -> int:
        """People costed."""
        return int(self.prepared.u_headcount.sum())

    @property
    def fte(self) -> float:
        """Full-time equivalents costed (hours / standard week)."""
        return float(np.dot(self.prepared.u_fte, self.prepared.u_headcount))

    @property
    def illustrative(self) -> bool:
        """True when the structure or the workforce is illustrative (outputs must say so)."""
        return self.result.illustrative or self.prepared.workforce.illustrative

    def totals(self) -> dict[str, dict[str, int]]:
        """Totals in pence for before, after (full year), in_year and lump sums (all, and those paid in the period)."""
        hc = self.prepared.u_headcount
        lumps = _zero_totals()
        lumps_in = _zero_totals()
        for lc in self.lumps:
            t = lc.cost.total(hc)
            for k, v in t.items():
                lumps[k] += v
                if lc.in_period:
                    lumps_in[k] += v
        return {
            "before": self.before.total(hc),
            "after": self.after.total(hc),
            "in_year": self.in_year.total(hc),
            "lump_sums": lumps,
            "lump_sums_in_period": lumps_in,
        }

    def per_person(self, scenario: str = "after") -> npt.NDArray[np.int64]:
        """Pay per person on each record of the table (pence) for ``before``, ``after`` or ``in_year``."""
        pay: Int64Array = getattr(self, scenario).pay
        return pay[self.prepared.unit]  # type: ignore[no-any-return]


def _zero_totals() -> dict[str, int]:
    return dict.fromkeys(
        ("pay", "employer_ni", "pension", "apprenticeship_levy", "employment_allowance", "on_costs"), 0
    )


def prepared_for(workforce: Workforce, structure: PayStructure, options: CostOptions) -> PreparedWorkforce:
    """The workforce bound to ``structure``, kept on the workforce so that costing many offers on one structure
    (a round, a comparison, a settlement search) binds it once."""
    key = (
        "prepared",
        structure.fingerprint,
        options.pension_scheme,
        tuple(sorted((k, str(v)) for k, v in options.pension_rates.items())),
    )
    cache = workforce._cache
    hit = cache.get(str(key))
    if isinstance(hit, tuple):
        return hit[1]  # type: ignore[no-any-return]
    pw = prepare(workforce, structure, options)
    for k in [k for k in cache if k.startswith("('prepared'")][:-3]:
        del cache[k]  # keep the last few structures only
    cache[str(key)] = (structure, pw)
    return pw


def cost_offer(
    result: OfferResult,
    workforce: Workforce | PreparedWorkforce,
    options: CostOptions | None = None,
) -> CostResult:
    """Cost ``result`` (an applied offer) on ``workforce``: pay and on-costs before, full year after, in-year and
    lump sums. Pass a PreparedWorkforce to reuse its arrays across offers on the same structure."""
    opts = options or CostOptions()
    if isinstance(workforce, PreparedWorkforce) and workforce.structure == result.structure:
        pw = workforce
    else:
        wf = workforce.workforce if isinstance(workforce, PreparedWorkforce) else workforce
        pw = prepared_for(wf, result.structure, opts)
    tl = build_timeline(result)
    pay = PayCalculator(pw)
    oc = OnCostCalculator(pw, pay, tl, opts)
    before = Scenario(pay.annual(tl.states[tl.before]), oc.scenario(tl.before))
    after = Scenario(pay.annual(tl.states[tl.final]), oc.scenario(tl.final))
    single = len(tl.segments) == 1 and tl.segments[0][2] == tl.final
    in_year = after if single else Scenario(pay.in_year(tl), oc.scenario(None))
    stages = [(d, pay.annual(tl.states[st])) for d, st in tl.stages]
    lumps: list[LumpCost] = []
    if tl.lumps:
        base = oc.levy_base(None)
        counted = in_year.on_costs.levy
        for lump in sorted(tl.lumps, key=lambda x: x.paid):
            amount = pay.lump(lump)
            extra, base, new_counted = oc.lump(amount, lump.paid, base, counted)
            counted = new_counted
            lumps.append(LumpCost(lump, tl.start <= lump.paid <= tl.end, Scenario(amount, extra)))
    notes = list(pw.notes)
    return CostResult(result, pw, tl, before, after, in_year, stages, lumps, notes)
