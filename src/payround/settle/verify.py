"""Checking a found offer the way a reader would: apply it with the engine, cost it with the real costing, and test
every constraint of the file on those figures (exact decimals, after the engine's rounding)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from payround.costing import cost_offer
from payround.engine import OfferResult, apply_offer
from payround.engine.selectors import resolve_labels
from payround.offers.schema import Offer
from payround.settle.problem import Resolved
from payround.settle.schema import BudgetAmount

__all__ = ["Check", "Verified", "budget_limit_pounds", "verify_offer"]

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Check:
    """One constraint tested on the engine's figures."""

    key: str
    side: str
    hard: bool
    met: bool
    detail: str
    direction: str  # 'lower' (pay must reach), 'upper' (pay or money may not exceed) or 'budget'
    excess: Decimal = Decimal(0)  # for a budget: pounds over


@dataclass(frozen=True)
class Verified:
    """An offer applied, costed and checked."""

    offer: dict[str, Any]
    result: OfferResult
    cost: dict[str, Any]
    checks: list[Check]

    @property
    def failures(self) -> list[Check]:
        """Hard constraints the figures break."""
        return [c for c in self.checks if c.hard and not c.met]


def budget_limit_pounds(amount: Decimal | BudgetAmount, cost: dict[str, Any]) -> Decimal:
    """A budget measure's limit in pounds (a % of the pay bill before, when given so)."""
    if isinstance(amount, BudgetAmount):
        return (Decimal(cost["paybill"]["before"]) * amount.percent_of_paybill / HUNDRED).quantize(Decimal("0.01"))
    return amount


def _measure(cost: dict[str, Any], key: str) -> Decimal:
    if key.startswith("paybill_"):
        return Decimal(cost["paybill"][key.removeprefix("paybill_")])
    return Decimal(cost[key])


def verify_offer(res: Resolved, offer_doc: dict[str, Any], offer: Offer, *, budget: bool = True) -> Verified:
    """Apply ``offer`` with the engine, cost it on the workforce and check every constraint of ``res``."""
    result = apply_offer(offer, res.structure)
    from payround.reports.costing import cost_report_for  # the `payround cost` document (DESIGN §8: "cost")

    cost = cost_report_for(cost_offer(result, res.prepared)).to_json()
    s, c = res.structure, res.constraints
    before = {p.point: p.before for p in result.final.points}
    after = {p.point: p.after for p in result.final.points}
    ids = [p for p in s.point_ids if p in after]
    final_floor = result.final.floor.after if result.final.floor is not None else None
    checks: list[Check] = []
    u, e = c.unions, c.employers

    def add(key: str, side: str, hard: bool, bad: list[str], ok_words: str, direction: str) -> None:
        detail = ok_words if not bad else "; ".join(bad[:5]) + (f" (and {len(bad) - 5} more)" if len(bad) > 5 else "")
        checks.append(Check(key, side, hard, not bad, detail, direction))

    if u.floor is not None and res.floor_target is not None:
        target = res.floor_target
        if final_floor is not None:
            bad = [] if final_floor >= target else [f"the floor is {final_floor}, below {target}"]
        else:
            bad = [f"point {p} pays {after[p]}, below {target}" for p in ids if after[p] < target]
        add("unions.floor", "unions", u.floor.hard, bad, f"the lowest rate is at least {target}", "lower")
    if u.all_points is not None:
        k = 1 + u.all_points.percent_at_least / HUNDRED
        bad = [f"point {p} rises {after[p] - before[p]} from {before[p]}" for p in ids if after[p] < before[p] * k]
        add(
            "unions.all_points",
            "unions",
            u.all_points.hard,
            bad,
            f"every point rises at least {u.all_points.percent_at_least}%",
            "lower",
        )
    if u.lowest_points is not None:
        lp = u.lowest_points
        chosen, _ = resolve_labels(lp.points, s, file=res.source, place="unions.lowest_points.points")
        z = s.cash_to_unit(lp.cash_at_least, lp.per, lp.hours)
        bad = [f"point {p} rises {after[p] - before[p]}" for p in ids if p in chosen and after[p] - before[p] < z]
        add(
            "unions.lowest_points",
            "unions",
            lp.hard,
            bad,
            f"points {', '.join(lp.points)} rise at least £{lp.cash_at_least:,} a {lp.per}",
            "lower",
        )
    if u.real_terms is not None and res.inflation_pct is not None:
        heads = res.model.heads if res.model is not None else None
        if heads is not None:
            k = 1 + res.inflation_pct / HUNDRED
            index = {p: i for i, p in enumerate(s.point_ids)}
            covered = sum(float(heads[index[p]]) for p in ids if after[p] >= before[p] * k)
            share = covered / max(float(heads.sum()), 1.0)
            need = float(u.real_terms.share_at_least)
            bad = [] if share >= need - 1e-12 else [f"{share:.1%} of the workforce keeps pace, not {need:.0%}"]
            add(
                "unions.real_terms",
                "unions",
                u.real_terms.hard,
                bad,
                f"{share:.1%} of the workforce gets at least {res.inflation_pct}%",
                "lower",
            )
    if u.no_leapfrogging is not None and u.no_leapfrogging.on:
        bad = [
            f"point {a} ({after[a]}) overtakes point {b} ({after[b]})"
            for a, b in itertools.pairwise(ids)
            if before[a] <= before[b] and after[a] > after[b]
        ]
        add(
            "unions.no_leapfrogging", "unions", u.no_leapfrogging.hard, bad, "no point overtakes the one above", "lower"
        )
    if u.differentials is not None:
        d = u.differentials
        chosen = frozenset(s.point_ids)
        if d.points is not None:
            chosen, _ = resolve_labels(d.points, s, file=res.source, place="unions.differentials.points")
        k = 1 + d.percent_at_least / HUNDRED
        bad = [
            f"points {a} and {b} are {after[b] - after[a]} apart"
            for a, b in itertools.pairwise(ids)
            if a in chosen and b in chosen and after[b] != final_floor and after[b] < after[a] * k
        ]
        add(
            "unions.differentials",
            "unions",
            d.hard,
            bad,
            f"adjacent points at least {d.percent_at_least}% apart",
            "lower",
        )
    if e.budget is not None and budget:
        over: list[str] = []
        excess = Decimal(0)
        for key, amount in e.budget.measures():
            limit = budget_limit_pounds(amount, cost)
            got = _measure(cost, key)
            if got > limit:
                over.append(f"{key} is £{got:,} against £{limit:,}")
                excess = max(excess, got - limit)
        checks.append(
            Check(
                "employers.budget",
                "employers",
                e.budget.hard,
                not over,
                "; ".join(over) or "within the budget",
                "budget",
                excess,
            )
        )
    if e.top is not None:
        labels = e.top.points or [s.point_ids[-1]]
        chosen, _ = resolve_labels(labels, s, file=res.source, place="employers.top.points")
        k = 1 + e.top.percent_at_most / HUNDRED
        bad = [
            f"point {p} rises to {after[p]} from {before[p]}" for p in ids if p in chosen and after[p] > before[p] * k
        ]
        add("employers.top", "employers", e.top.hard, bad, f"the top rises at most {e.top.percent_at_most}%", "upper")
    if e.no_rise_above is not None:
        nr = e.no_rise_above
        bad = [
            f"point {p} rises {after[p] - before[p]}"
            for p in ids
            if s.full_time_annual(before[p], nr.hours) >= nr.salary and after[p] > before[p]
        ]
        add("employers.no_rise_above", "employers", nr.hard, bad, f"no rise from £{nr.salary:,}", "upper")
    return Verified(offer_doc, result, cost, checks)
