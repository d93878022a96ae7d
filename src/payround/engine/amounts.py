"""Amounts bound to a structure: percent of the stage-start rate, flat cash converted to the structure's unit,
and the greatest / least of several amounts, point by point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from payround.money import HUNDRED
from payround.offers.schema import Amount, Cash, Greatest, Least, Percent
from payround.structures.model import PayStructure

__all__ = ["CompiledAmount", "compile_amount"]


@dataclass(frozen=True, slots=True)
class CompiledAmount:
    """``kind`` is 'pct' (value = fraction), 'cash' (value = amount in the structure's unit), 'max' or 'min'.

    ``of(base)`` gives the increase for a rate that was ``base`` at the stage start (unrounded); it is built once
    as a closure because it runs for every point of every variant.
    """

    kind: str
    value: Decimal
    parts: tuple[CompiledAmount, ...] = ()
    of: Callable[[Decimal], Decimal] = field(default=lambda base: base, compare=False, repr=False)


def _closure(kind: str, value: Decimal, parts: tuple[CompiledAmount, ...]) -> Callable[[Decimal], Decimal]:
    if kind == "pct":
        return lambda base: base * value
    if kind == "cash":
        return lambda base: value
    fns = [p.of for p in parts]
    pick = max if kind == "max" else min
    if len(fns) == 2:
        f, g = fns
        return lambda base: pick(f(base), g(base))
    return lambda base: pick(fn(base) for fn in fns)


def _make(kind: str, value: Decimal, parts: tuple[CompiledAmount, ...] = ()) -> CompiledAmount:
    return CompiledAmount(kind, value, parts, _closure(kind, value, parts))


def compile_amount(amount: Amount, structure: PayStructure) -> CompiledAmount:
    """Bind an amount to a structure (flat sums become changes in the structure's unit)."""
    if isinstance(amount, Percent):
        return _make("pct", amount.percent / HUNDRED)
    if isinstance(amount, Cash):
        return _make("cash", structure.cash_to_unit(amount.cash, amount.per, amount.hours))
    if isinstance(amount, Greatest):
        return _make("max", Decimal(0), tuple(compile_amount(a, structure) for a in amount.greatest))
    if isinstance(amount, Least):
        return _make("min", Decimal(0), tuple(compile_amount(a, structure) for a in amount.least))
    raise TypeError(f"not an amount: {amount!r}")  # pragma: no cover - the schema admits nothing else
