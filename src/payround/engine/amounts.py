"""Amounts bound to a structure: percent of the stage-start rate, flat cash converted to the structure's unit,
and the greatest / least of several amounts, point by point."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from payround.money import HUNDRED
from payround.offers.schema import Amount, Cash, Greatest, Least, Percent
from payround.structures.model import PayStructure

__all__ = ["CompiledAmount", "compile_amount"]


@dataclass(frozen=True, slots=True)
class CompiledAmount:
    """``kind`` is 'pct' (value = fraction), 'cash' (value = amount in the structure's unit), 'max' or 'min'."""

    kind: str
    value: Decimal
    parts: tuple[CompiledAmount, ...] = ()

    def of(self, base: Decimal) -> Decimal:
        """The increase for a rate that was ``base`` at the stage start (unrounded)."""
        if self.kind == "pct":
            return base * self.value
        if self.kind == "cash":
            return self.value
        values = [p.of(base) for p in self.parts]
        return max(values) if self.kind == "max" else min(values)


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
