"""Running a compiled plan: the rates and floor after each stage, exactly, with the structure's rounding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from payround.engine.plan import Plan
from payround.engine.selectors import FLOOR
from payround.errors import OfferError

__all__ = ["StageState", "run_plan"]


@dataclass(frozen=True, slots=True)
class StageState:
    """Rates (before the floor) and the floor at the start and the end of one stage.

    ``start_rates`` covers the points in force at the stage start *after* this stage's removals; ``moved`` maps each
    point removed in this stage to the point its staff move to.
    """

    effective: date
    start_rates: dict[str, Decimal]
    start_floor: Decimal | None
    rates: dict[str, Decimal]
    floor: Decimal | None
    moved: dict[str, str]


def _pay(rate: Decimal, floor: Decimal | None) -> Decimal:
    return rate if floor is None or rate >= floor else floor


def run_plan(plan: Plan) -> list[StageState]:
    """Apply every stage in order; each stage starts from the previous stage's rounded rates."""
    structure = plan.structure
    rounding = structure.rounding
    rates: dict[str, Decimal] = dict(structure.rates)
    floor: Decimal | None = structure.floor.rate if structure.floor else None
    out: list[StageState] = []
    for si, stage in enumerate(plan.stages):
        moved: dict[str, str] = {}
        if stage.remove:
            order = list(rates)
            gone = set(stage.remove)
            for p in stage.remove:
                if p not in rates:
                    continue
                i = order.index(p)
                dest = next((q for q in order[i + 1 :] if q not in gone), None)
                if dest is None:
                    raise OfferError(
                        f"point {p!r} is the top of the spine, so its staff have no point above to move to.",
                        file=plan.offer.source_file,
                        place=f"stages[{si}]",
                        hint="remove points from the bottom or middle of the spine only.",
                    )
                moved[p] = dest
            rates = {p: r for p, r in rates.items() if p not in gone}
        start = dict(rates)
        start_floor = floor
        start_pay = {p: _pay(r, start_floor) for p, r in start.items()}
        for op in stage.ops:
            kind = op.kind
            if kind == "raise":
                for p, base in start.items():
                    pay = start_pay[p]
                    for sel, amt in op.cases:
                        if sel.matches(p, pay):
                            rates[p] += amt.of(base)
                            break
                if floor is not None and start_floor is not None:
                    for sel, amt in op.cases:
                        if sel.matches(FLOOR, start_floor):
                            floor += amt.of(start_floor)
                            break
            elif kind == "cap":
                sel, amt = op.cases[0]
                for p, base in start.items():
                    if sel.matches(p, start_pay[p]):
                        limit = base + amt.of(base)
                        if rates[p] > limit:
                            rates[p] = max(limit, base)
                if floor is not None and start_floor is not None and sel.matches(FLOOR, start_floor):
                    limit = start_floor + amt.of(start_floor)
                    if floor > limit:
                        floor = max(limit, start_floor)
            elif kind == "floor_set":
                floor = op.value
            elif kind == "floor_by":
                if floor is not None:
                    base_floor = start_floor if start_floor is not None else floor
                    floor += op.cases[0][1].of(base_floor)
            elif kind == "set":
                for p, value in op.rates:
                    if p == FLOOR:
                        floor = value
                    elif p in rates:
                        rates[p] = value
        rates = {p: rounding.apply(r) for p, r in rates.items()}
        if floor is not None:
            floor = rounding.apply(floor)
        out.append(StageState(stage.effective, start, start_floor, rates, floor, moved))
    return out
