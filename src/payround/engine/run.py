"""Running a compiled plan: the rates and floor after each stage, exactly, with the structure's rounding.

This is the hot path of the settlement finder and the benchmarks, so it works on plain lists of Decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from payround.engine.plan import Op, Plan
from payround.engine.selectors import FLOOR
from payround.errors import OfferError
from payround.money import rounder
from payround.structures.model import MAX_RATE

__all__ = ["StageState", "pay_at", "run_plan"]


@dataclass(frozen=True, slots=True)
class StageState:
    """Rates (before the floor) and the floor at the start and the end of one stage.

    ``start_rates`` covers the points in force at the stage start *after* this stage's removals; ``moved`` maps each
    point removed in this stage to the point its staff move to.
    """

    effective: date
    keys: list[str]
    start_list: list[Decimal]
    start_floor: Decimal | None
    rate_list: list[Decimal]
    floor: Decimal | None
    moved: dict[str, str]

    @property
    def start_rates(self) -> dict[str, Decimal]:
        """Rate of each point in force at the stage start (after this stage's removals)."""
        return dict(zip(self.keys, self.start_list, strict=True))

    @property
    def rates(self) -> dict[str, Decimal]:
        """Rate of each point at the end of the stage, rounded."""
        return dict(zip(self.keys, self.rate_list, strict=True))


def pay_at(rate: Decimal, floor: Decimal | None) -> Decimal:
    """Pay at a point: its rate, or the floor where the floor is higher."""
    return rate if floor is None or rate >= floor else floor


def _raise(op: Op, keys: list[str], start: list[Decimal], start_pay: list[Decimal], rates: list[Decimal]) -> None:
    cases = op.cases
    if len(cases) == 1 and cases[0][0].everything:
        of = cases[0][1].of
        for i, base in enumerate(start):
            rates[i] += of(base)
        return
    for i, base in enumerate(start):
        key, pay = keys[i], start_pay[i]
        for sel, amt in cases:
            if sel.matches(key, pay):
                rates[i] += amt.of(base)
                break


def _cap(op: Op, keys: list[str], start: list[Decimal], start_pay: list[Decimal], rates: list[Decimal]) -> None:
    sel, amt = op.cases[0]
    everything = sel.everything
    for i, base in enumerate(start):
        if everything or sel.matches(keys[i], start_pay[i]):
            limit = base + amt.of(base)
            if rates[i] > limit:
                rates[i] = limit if limit > base else base


def _remove(plan: Plan, si: int, keys: list[str], rates: list[Decimal]) -> dict[str, str]:
    """Delete this stage's points; return where each one's staff go (the next remaining point up)."""
    gone = set(plan.stages[si].remove)
    moved: dict[str, str] = {}
    for i, p in enumerate(keys):
        if p not in gone:
            continue
        dest = next((q for q in keys[i + 1 :] if q not in gone), None)
        if dest is None:
            raise OfferError(
                f"point {p!r} is the top of the spine, so its staff have no point above to move to.",
                file=plan.offer.source_file,
                place=f"stages[{si}]",
                hint="remove points from the bottom or middle of the spine only.",
            )
        moved[p] = dest
    kept = [i for i, p in enumerate(keys) if p not in gone]
    keys[:] = [keys[i] for i in kept]
    rates[:] = [rates[i] for i in kept]
    return moved


def _check_bounds(plan: Plan, si: int, rates: list[Decimal], floor: Decimal | None) -> None:
    """A stage may not take a rate or the floor past the structure's sanity bound (say 1000% raises repeated over many
    stages): beyond it no figure is meaningful and exact rounding would overflow."""
    structure = plan.structure
    limit = MAX_RATE[structure.unit]
    top = max(rates, default=Decimal(0))
    if floor is not None and floor > top:
        top = floor
    if top >= limit:
        per = "an hour" if structure.unit == "hour" else "a year"
        raise OfferError(
            f"this stage takes pay to £{limit:,} {per} or more, beyond any pay spine.",
            file=plan.offer.source_file,
            place=f"stages[{si}]",
            hint="check the amounts of the steps (a percent is 5 for 5%) and how many stages compound them.",
        )


def run_plan(plan: Plan) -> list[StageState]:
    """Apply every stage in order; each stage starts from the previous stage's rounded rates."""
    structure = plan.structure
    round_rate: Callable[[Decimal], Decimal] = rounder(structure.rounding.quantum, structure.rounding.mode)
    keys = [p.id for p in structure.points]
    rates = [p.rate for p in structure.points]
    floor: Decimal | None = structure.floor.rate if structure.floor else None
    out: list[StageState] = []
    for si, stage in enumerate(plan.stages):
        rates = list(rates)  # the previous stage keeps its own list
        moved = _remove(plan, si, keys, rates) if stage.remove else {}
        start = list(rates)
        start_floor = floor
        start_pay = start if start_floor is None else [r if r >= start_floor else start_floor for r in start]
        for op in stage.ops:
            kind = op.kind
            if kind == "raise":
                _raise(op, keys, start, start_pay, rates)
                if floor is not None and start_floor is not None:
                    for sel, amt in op.cases:
                        if sel.matches(FLOOR, start_floor):
                            floor += amt.of(start_floor)
                            break
            elif kind == "cap":
                _cap(op, keys, start, start_pay, rates)
                sel, amt = op.cases[0]
                if floor is not None and start_floor is not None and sel.matches(FLOOR, start_floor):
                    limit = start_floor + amt.of(start_floor)
                    if floor > limit:
                        floor = max(limit, start_floor)
            elif kind == "floor_set":
                floor = op.value
            elif kind == "floor_by":
                if floor is not None:
                    floor += op.cases[0][1].of(start_floor if start_floor is not None else floor)
            elif kind == "set":
                index = {p: i for i, p in enumerate(keys)}
                for p, value in op.rates:
                    if p == FLOOR:
                        floor = value
                    elif p in index:
                        rates[index[p]] = value
        _check_bounds(plan, si, rates, floor)
        rates = [round_rate(r) for r in rates]
        if floor is not None:
            floor = round_rate(floor)
        out.append(StageState(stage.effective, list(keys), start, start_floor, rates, floor, moved))
    return out
