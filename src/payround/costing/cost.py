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

__all__ = ["CostResult", "CostTotals", "LumpCost", "Scenario", "Totals", "cost_offer", "prepared_for"]


@dataclass(frozen=True, slots=True)
class Totals:
    """One way of counting, summed over the workforce, in pence. ``employer_ni`` is after the Employment
    Allowance (``employment_allowance``, already taken off); ``on_costs`` = NI + pension + levy."""

    pay: int = 0
    employer_ni: int = 0
    pension: int = 0
    apprenticeship_levy: int = 0
    employment_allowance: int = 0

    @property
    def on_costs(self) -> int:
        """Employer NI (net of the allowance) + pension + the Apprenticeship Levy."""
        return self.employer_ni + self.pension + self.apprenticeship_levy

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.pay + other.pay,
            self.employer_ni + other.employer_ni,
            self.pension + other.pension,
            self.apprenticeship_levy + other.apprenticeship_levy,
            self.employment_allowance + other.employment_allowance,
        )

    def __sub__(self, other: Totals) -> Totals:
        return Totals(
            self.pay - other.pay,
            self.employer_ni - other.employer_ni,
            self.pension - other.pension,
            self.apprenticeship_levy - other.apprenticeship_levy,
            self.employment_allowance - other.employment_allowance,
        )


@dataclass(frozen=True, slots=True)
class CostTotals:
    """Totals (pence) before, after (full year at the final rates), in-year, and of the lump sums (all, and those
    paid within the period)."""

    before: Totals
    after: Totals
    in_year: Totals
    lump_sums: Totals
    lump_sums_in_period: Totals

    @property
    def total_cost_before(self) -> int:
        """Pay bill and on-costs before the offer."""
        return self.before.pay + self.before.on_costs

    @property
    def total_cost_increase_full_year(self) -> int:
        """Pay increase + on-cost increase + lump sums and their on-costs (DESIGN §7)."""
        d = self.after - self.before
        return d.pay + d.on_costs + self.lump_sums.pay + self.lump_sums.on_costs

    @property
    def total_cost_increase_in_year(self) -> int:
        """The same over the period as the stages take effect, with the lump sums paid within it."""
        d = self.in_year - self.before
        return d.pay + d.on_costs + self.lump_sums_in_period.pay + self.lump_sums_in_period.on_costs


@dataclass(frozen=True)
class Scenario:
    """Pay and on-costs for one way of counting: per person in each unit (pence), levy and Employment Allowance
    per employer (pence)."""

    pay: Int64Array
    on_costs: OnCosts

    def total(self, hc: Int64Array) -> Totals:
        """Totals in pence (``hc``: people per unit)."""
        oc = self.on_costs
        allowance = int(oc.allowance.sum())
        return Totals(
            pay=int(np.dot(self.pay, hc)),
            employer_ni=int(np.dot(oc.ni, hc)) - allowance,
            pension=int(np.dot(oc.pension, hc)),
            apprenticeship_levy=int(oc.levy.sum()),
            employment_allowance=allowance,
        )


@dataclass(frozen=True)
class LumpCost:
    """One lump sum: what it pays each person and its on-costs."""

    lump: Lump
    in_period: bool
    cost: Scenario


@dataclass(frozen=True)
class CostResult:
    """An offer costed on a workforce. Money is in pence (ints); ``payround.reports.costing`` renders it."""

    result: OfferResult
    prepared: PreparedWorkforce
    timeline: Timeline
    before: Scenario
    after: Scenario  # full year at the final rates
    in_year: Scenario  # as the stages take effect over the period
    stages: list[tuple[date, Int64Array]]  # pay per person per unit for a full year at each stage's rates
    lumps: list[LumpCost]
    notes: list[str] = field(default_factory=list)
    options: CostOptions = field(default_factory=CostOptions)  # what the on-costs assumed

    @property
    def headcount(self) -> int:
        """People costed."""
        return int(self.prepared.u_headcount.sum())

    @property
    def fte(self) -> float:
        """Full-time equivalents costed (hours / standard week)."""
        # an elementwise sum, not np.dot: a threaded BLAS call on a vector this short costs milliseconds of waiting
        return float((self.prepared.u_fte * self.prepared.u_headcount).sum())

    @property
    def illustrative(self) -> bool:
        """True when the structure or the workforce is illustrative (outputs must say so)."""
        return self.result.illustrative or self.prepared.workforce.illustrative

    def totals(self) -> CostTotals:
        """Totals in pence: before, after (full year), in-year and lump sums (all, and those paid in the period)."""
        hc = self.prepared.u_headcount
        lumps, lumps_in = Totals(), Totals()
        for lc in self.lumps:
            t = lc.cost.total(hc)
            lumps = lumps + t
            if lc.in_period:
                lumps_in = lumps_in + t
        return CostTotals(self.before.total(hc), self.after.total(hc), self.in_year.total(hc), lumps, lumps_in)

    def stage_pay(self) -> list[tuple[date, int]]:
        """The pay bill (pence) for a full year at each stage's rates."""
        hc = self.prepared.u_headcount
        return [(d, int(np.dot(p, hc))) for d, p in self.stages]

    def per_person(self, scenario: str = "after") -> npt.NDArray[np.int64]:
        """Pay per person on each record of the table (pence) for ``before``, ``after`` or ``in_year``."""
        pay: Int64Array = getattr(self, scenario).pay
        return pay[self.prepared.unit]  # type: ignore[no-any-return]


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
    return CostResult(result, pw, tl, before, after, in_year, stages, lumps, notes, opts)
