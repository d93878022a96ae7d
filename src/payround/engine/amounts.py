"""Amounts bound to a structure: percent of the stage-start rate, flat cash converted to the structure's unit,
and the greatest / least of several amounts, point by point."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from payround.money import HUNDRED
from payround.offers.schema import Amount, Cash, Greatest, Least, Percent
from payround.structures.model import PayStructure

__all__ = ["CompiledAmount", "compile_amount"]


class CompiledAmount(NamedTuple):
    """``kind`` is 'pct' (value = fraction), 'cash' (value = amount in the structure's unit), 'max' or 'min'.

    A named tuple, as every compiled part of a plan: compiling is per offer variant, and a tuple is built three
    times faster than a frozen dataclass (immutable all the same).

    ``of(base)`` gives the increase for a rate that was ``base`` at the stage start (unrounded); ``each(bases)``
    gives it for a whole list of rates at once, which is how the engine runs (one list comprehension per part
    rather than a chain of calls per point).
    """

    kind: str
    value: Decimal
    parts: tuple[CompiledAmount, ...] = ()

    def of(self, base: Decimal) -> Decimal:
        """The increase for one rate."""
        kind = self.kind
        if kind == "pct":
            return base * self.value
        if kind == "cash":
            return self.value
        values = [p.of(base) for p in self.parts]
        return max(values) if kind == "max" else min(values)

    def each(self, bases: Sequence[Decimal]) -> list[Decimal]:
        """The increase for each rate, the same figures as ``of`` (``max``/``min`` keep the first of equals)."""
        kind = self.kind
        if kind == "pct":
            v = self.value
            return [b * v for b in bases]
        if kind == "cash":
            return [self.value] * len(bases)
        acc: list[Decimal] | Decimal | None = None
        for part in self.parts:
            nxt: list[Decimal] | Decimal = part.value if part.kind == "cash" else part.each(bases)
            acc = nxt if acc is None else _pick(acc, nxt, kind == "max", len(bases))
        if isinstance(acc, Decimal):
            return [acc] * len(bases)
        assert acc is not None  # the schema requires at least one part
        return acc


def _pick(
    acc: list[Decimal] | Decimal, nxt: list[Decimal] | Decimal, greatest: bool, n: int
) -> list[Decimal] | Decimal:
    """Point by point ``max(acc, nxt)`` (or ``min``): ``nxt`` only where strictly greater (or smaller), as the
    built-ins choose; a flat sum stays one figure rather than a list."""
    if isinstance(acc, Decimal) and isinstance(nxt, Decimal):
        return (nxt if nxt > acc else acc) if greatest else (nxt if nxt < acc else acc)
    if isinstance(nxt, Decimal):
        assert not isinstance(acc, Decimal)
        return [nxt if nxt > x else x for x in acc] if greatest else [nxt if nxt < x else x for x in acc]
    if isinstance(acc, Decimal):
        return [y if y > acc else acc for y in nxt] if greatest else [y if y < acc else acc for y in nxt]
    if greatest:
        return [y if y > x else x for x, y in zip(acc, nxt, strict=True)]
    return [y if y < x else x for x, y in zip(acc, nxt, strict=True)]


def compile_amount(amount: Amount, structure: PayStructure) -> CompiledAmount:
    """Bind an amount to a structure (flat sums become changes in the structure's unit)."""
    if isinstance(amount, Percent):
        return CompiledAmount("pct", amount.percent / HUNDRED)
    if isinstance(amount, Cash):
        return CompiledAmount("cash", structure.cash_to_unit(amount.cash, amount.per, amount.hours))
    if isinstance(amount, Greatest):
        return CompiledAmount("max", Decimal(0), tuple(compile_amount(a, structure) for a in amount.greatest))
    if isinstance(amount, Least):
        return CompiledAmount("min", Decimal(0), tuple(compile_amount(a, structure) for a in amount.least))
    raise TypeError(f"not an amount: {amount!r}")  # pragma: no cover - the schema admits nothing else
