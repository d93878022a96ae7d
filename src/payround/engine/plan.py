"""Compiling an offer against a structure into a plan of simple operations, with located errors.

Compiling resolves every point label, selector and amount once, so that running the plan is plain Decimal
arithmetic (the settlement finder and the benchmarks run plans many times).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from payround.engine.amounts import CompiledAmount, compile_amount
from payround.engine.selectors import FLOOR, CompiledSelector, compile_selector, resolve_labels
from payround.errors import OfferError
from payround.offers.schema import (
    CapStep,
    FloorRate,
    FloorStep,
    LumpSumStep,
    Offer,
    RaiseStep,
    RemoveStep,
    SetStep,
)
from payround.structures.model import PayStructure

__all__ = ["CompiledStage", "LumpSumOp", "Op", "Plan", "compile_offer"]

_ALL = CompiledSelector(None, False, None, None, None, None)


class Op(NamedTuple):
    """One operation: kind is 'raise' (cases), 'cap', 'floor_set', 'floor_by' or 'set'."""

    kind: str
    cases: tuple[tuple[CompiledSelector, CompiledAmount], ...] = ()
    value: Decimal | None = None
    rates: tuple[tuple[str, Decimal], ...] = ()


class LumpSumOp(NamedTuple):
    """A one-off payment: ``amount`` in pounds for a full-timer on ``hours`` a week, paid on ``paid``."""

    selector: CompiledSelector
    amount: Decimal
    hours: Decimal
    paid: date


class CompiledStage(NamedTuple):
    """A stage ready to run: removals first, then the operations in order, then rounding."""

    effective: date
    remove: tuple[str, ...]
    ops: tuple[Op, ...]
    lump_sums: tuple[LumpSumOp, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """An offer bound to a structure."""

    offer: Offer
    structure: PayStructure
    stages: tuple[CompiledStage, ...]
    floor_name: str | None = field(default=None)


def floor_rate(floor: Decimal | FloorRate, structure: PayStructure) -> Decimal:
    """The floor a ``floor:`` step sets, in the structure's unit (a rate in another unit converted with its standard
    week and weeks a year, unrounded: the structure's rounding applies at the end of the stage, as to every rate)."""
    if isinstance(floor, Decimal):
        return floor
    return structure.cash_to_unit(floor.rate, floor.per)


def compile_offer(offer: Offer, structure: PayStructure) -> Plan:
    """Bind every label, selector and amount of ``offer`` to ``structure``; raise OfferError at the first problem."""
    file = offer.source_file
    floor_name = structure.floor.name if structure.floor else None
    stages: list[CompiledStage] = []
    removed: set[str] = set()
    for si, stage in enumerate(offer.stages):
        remove: list[str] = []
        ops: list[Op] = []
        lumps: list[LumpSumOp] = []
        for ki, step in enumerate(stage.steps):
            place = f"stages[{si}].steps[{ki}]"
            if isinstance(step, RaiseStep):
                body = step.raise_
                if isinstance(body, list):
                    cases = tuple(
                        (
                            compile_selector(c.where, structure, file=file, place=f"{place}.raise[{ci}].where"),
                            compile_amount(c.by, structure),
                        )
                        for ci, c in enumerate(body)
                    )
                else:
                    cases = ((_ALL, compile_amount(body, structure)),)
                ops.append(Op("raise", cases=cases))
            elif isinstance(step, CapStep):
                sel = compile_selector(step.cap.where, structure, file=file, place=f"{place}.cap.where")
                ops.append(Op("cap", cases=((sel, compile_amount(step.cap.by, structure)),)))
            elif isinstance(step, FloorStep):
                if isinstance(step.floor, Decimal | FloorRate):
                    ops.append(Op("floor_set", value=floor_rate(step.floor, structure)))
                    floor_name = floor_name or "minimum"
                else:
                    if floor_name is None:
                        raise OfferError(
                            f"structure {structure.id} has no floor to raise.",
                            file=file,
                            place=f"{place}.floor.by",
                            hint="set one first with 'floor: RATE'.",
                        )
                    ops.append(Op("floor_by", cases=((_ALL, compile_amount(step.floor.by, structure)),)))
            elif isinstance(step, SetStep):
                pairs: list[tuple[str, Decimal]] = []
                for label, rate in step.set.items():
                    if floor_name is not None and label == floor_name:
                        pairs.append((FLOOR, rate))
                        continue
                    ids, _ = resolve_labels([label], structure, file=file, place=f"{place}.set")
                    if len(ids) != 1 or label not in ids:
                        raise OfferError(
                            f"'set' takes single points, not the range {label!r}.",
                            file=file,
                            place=f"{place}.set.{label}",
                            hint="list each point with its rate.",
                        )
                    pairs.append((label, rate))
                ops.append(Op("set", rates=tuple(pairs)))
            elif isinstance(step, RemoveStep):
                ids, names_floor = resolve_labels(step.remove, structure, file=file, place=f"{place}.remove")
                if names_floor:
                    raise OfferError(
                        "the floor cannot be removed.",
                        file=file,
                        place=f"{place}.remove",
                        hint="remove points only; set the floor with 'floor: RATE'.",
                    )
                again = sorted(ids & removed, key=structure.point_ids.index)
                if again:
                    raise OfferError(
                        f"point {again[0]!r} was already removed in an earlier stage.",
                        file=file,
                        place=f"{place}.remove",
                    )
                remove.extend(p for p in structure.point_ids if p in ids and p not in remove)
                removed.update(ids)
            elif isinstance(step, LumpSumStep):
                ls = step.lump_sum
                sel = compile_selector(ls.where, structure, file=file, place=f"{place}.lump_sum.where")
                hours = ls.by.hours if ls.by.hours is not None else structure.standard_hours
                lumps.append(LumpSumOp(sel, ls.by.cash, hours, ls.paid))
        if len(removed) >= len(structure.points):
            raise OfferError(
                "the offer removes every point.",
                file=file,
                place=f"stages[{si}]",
                hint="keep at least one point.",
            )
        stages.append(CompiledStage(stage.effective, tuple(remove), tuple(ops), tuple(lumps)))
    return Plan(offer, structure, tuple(stages), floor_name)
