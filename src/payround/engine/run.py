"""Running a compiled plan: the rates and floor after each stage, exactly, with the structure's rounding.

This is the hot path of the settlement finder and the benchmarks, so it works on whole lists of Decimals: each step
is one list comprehension over the points (the same Decimal operations, in the same order, as applying it point by
point), and what depends only on the structure comes from its cached :class:`~payround.engine.spine.Spine`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from payround.engine.plan import Op, Plan
from payround.engine.selectors import FLOOR, CompiledSelector
from payround.engine.spine import Spine, pays, spine
from payround.errors import OfferError

__all__ = ["StageState", "pay_at", "run_plan"]


class StageState(NamedTuple):
    """Rates (before the floor), pay (floor applied) and the floor at the start and the end of one stage.

    ``keys`` are the points in force at the stage start *after* this stage's removals; ``moved`` maps each point
    removed in this stage to the point its staff move to. The lists are never modified once built. (A named tuple,
    as the compiled parts of a plan: one is built per stage of every offer run.)
    """

    effective: date
    keys: list[str]
    start_list: list[Decimal]
    start_floor: Decimal | None
    start_pay: list[Decimal]
    rate_list: list[Decimal]
    floor: Decimal | None
    pay_list: list[Decimal]
    moved: dict[str, str]
    at_base: bool  # the stage starts from the structure itself (first stage, no point deleted)

    def select(self, sp: Spine, sel: CompiledSelector) -> Sequence[bool]:
        """Which points ``sel`` chooses at the stage start."""
        return _selection(sp, sel, self.keys, self.start_pay, self.at_base)

    @property
    def start_rates(self) -> dict[str, Decimal]:
        """Rate of each point in force at the stage start (after this stage's removals)."""
        return dict(zip(self.keys, self.start_list, strict=True))

    @property
    def rates(self) -> dict[str, Decimal]:
        """Rate of each point at the end of the stage, rounded."""
        return dict(zip(self.keys, self.rate_list, strict=True))


class _Start(NamedTuple):
    """A stage's starting point, as its steps read it."""

    sp: Spine
    keys: list[str]
    rates: list[Decimal]
    pay: list[Decimal]
    at_base: bool

    def select(self, sel: CompiledSelector) -> Sequence[bool]:
        return _selection(self.sp, sel, self.keys, self.pay, self.at_base)


def _selection(sp: Spine, sel: CompiledSelector, keys: list[str], pay: list[Decimal], at_base: bool) -> Sequence[bool]:
    """Which points ``sel`` chooses at a stage start: kept by the spine when the stage starts from the structure."""
    return sp.select_at_base(sel) if at_base else sel.select(keys, pay)


def pay_at(rate: Decimal, floor: Decimal | None) -> Decimal:
    """Pay at a point: its rate, or the floor where the floor is higher."""
    return rate if floor is None or rate >= floor else floor


def _raise(op: Op, at: _Start, rates: list[Decimal]) -> list[Decimal]:
    cases = op.cases
    start = at.rates
    if len(cases) == 1 and cases[0][0].everything:
        return [r + i for r, i in zip(rates, cases[0][1].each(start), strict=True)]
    out = list(rates)
    todo = list(range(len(start)))  # points no earlier case has matched: the first matching case decides
    for sel, amt in cases:
        if not todo:
            break
        mask = at.select(sel)
        hit = [i for i in todo if mask[i]]
        if hit:
            for i, inc in zip(hit, amt.each([start[i] for i in hit]), strict=True):
                out[i] = out[i] + inc
            todo = [i for i in todo if not mask[i]]
    return out


def _cap(op: Op, at: _Start, rates: list[Decimal]) -> list[Decimal]:
    """The rise since the stage start may not exceed the amount (nor go below nothing) at the selected points."""
    sel, amt = op.cases[0]
    start = at.rates
    if amt.kind == "cash":
        c = amt.value
        limits = [b + c for b in start]
    else:
        limits = [b + i for b, i in zip(start, amt.each(start), strict=True)]
    if sel.everything:
        return [(lim if lim > b else b) if r > lim else r for r, b, lim in zip(rates, start, limits, strict=True)]
    mask = at.select(sel)
    return [
        (lim if lim > b else b) if m and r > lim else r for r, b, lim, m in zip(rates, start, limits, mask, strict=True)
    ]


def _remove(
    plan: Plan, si: int, keys: list[str], rates: list[Decimal]
) -> tuple[list[str], list[Decimal], dict[str, str]]:
    """Delete this stage's points: the points and rates that stay, and where each removed point's staff go (the next
    remaining point up)."""
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
    return [keys[i] for i in kept], [rates[i] for i in kept], moved


def _check_bounds(plan: Plan, sp: Spine, si: int, rates: list[Decimal], floor: Decimal | None) -> None:
    """A stage may not take a rate or the floor past the structure's sanity bound (say 1000% raises repeated over many
    stages): beyond it no figure is meaningful and exact rounding would overflow."""
    limit = sp.limit
    top = max(rates, default=Decimal(0))
    if floor is not None and floor > top:
        top = floor
    if top >= limit:
        per = "an hour" if sp.unit == "hour" else "a year"
        raise OfferError(
            f"this stage takes pay to £{limit:,} {per} or more, beyond any pay spine.",
            file=plan.offer.source_file,
            place=f"stages[{si}]",
            hint="check the amounts of the steps (a percent is 5 for 5%) and how many stages compound them.",
        )


def _floor_after(op: Op, floor: Decimal | None, start_floor: Decimal | None) -> Decimal | None:
    """The floor after one step of kind 'raise', 'cap', 'floor_set' or 'floor_by' (as the points, from the floor at
    the stage start)."""
    kind = op.kind
    if kind == "raise":
        if floor is not None and start_floor is not None:
            for sel, amt in op.cases:
                if sel.matches(FLOOR, start_floor):
                    return floor + amt.of(start_floor)
        return floor
    if kind == "cap":
        sel, amt = op.cases[0]
        if floor is not None and start_floor is not None and sel.matches(FLOOR, start_floor):
            limit = start_floor + amt.of(start_floor)
            if floor > limit:
                return max(limit, start_floor)
        return floor
    if kind == "floor_set":
        return op.value
    if floor is not None:  # floor_by
        return floor + op.cases[0][1].of(start_floor if start_floor is not None else floor)
    return floor


def run_plan(plan: Plan) -> list[StageState]:
    """Apply every stage in order; each stage starts from the previous stage's rounded rates."""
    sp = spine(plan.structure)
    keys = list(sp.keys)
    rates = list(sp.rates)
    floor = sp.floor
    out: list[StageState] = []
    for si, stage in enumerate(plan.stages):
        moved: dict[str, str] = {}
        if stage.remove:
            keys, rates, moved = _remove(plan, si, keys, rates)
        start = rates
        start_floor = floor
        at_base = si == 0 and not moved
        start_pay = list(sp.pays) if at_base else pays(start, start_floor)
        at = _Start(sp, keys, start, start_pay, at_base)
        for op in stage.ops:
            kind = op.kind
            if kind == "raise":
                rates = _raise(op, at, rates)
            elif kind == "cap":
                rates = _cap(op, at, rates)
            elif kind == "set":
                index = sp.index if len(keys) == len(sp.keys) else {p: i for i, p in enumerate(keys)}
                rates = list(rates)
                for p, value in op.rates:
                    if p == FLOOR:
                        floor = value
                    elif p in index:
                        rates[index[p]] = value
                continue
            floor = _floor_after(op, floor, start_floor)
        _check_bounds(plan, sp, si, rates, floor)
        rates = sp.round_all(rates)
        if floor is not None:
            floor = sp.round_one(floor)
        out.append(
            StageState(
                stage.effective, keys, start, start_floor, start_pay, rates, floor, pays(rates, floor), moved, at_base
            )
        )
    return out
