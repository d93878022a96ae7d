"""LGPS employee contributions from the dated band files (PolicyEngine UK has no LGPS model, so payround computes
them and passes them in as employee pension contributions under a net pay arrangement).

- England & Wales (``lgps/england_wales/employee_bands``): the whole of the member's actual pensionable pay is charged
  at the rate of the band it falls in; the band is chosen on pay rounded down to the whole pound.
- Scotland (``lgps/scotland/employee_tiers``): tiers are marginal, like income tax.

Both use actual (not full-time equivalent) pay: a part-timer's band follows their own pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Literal

from payround.errors import ParameterError
from payround.money import ZERO, quantize
from payround.params import load_parameter

__all__ = ["Band", "LgpsSchedule", "lgps_parameter_id", "lgps_schedule"]

_CENT = Decimal("0.01")
Method = Literal["whole_pay_band", "marginal_tiers"]


@dataclass(frozen=True, slots=True)
class Band:
    """One band or tier: ``rate`` applies from ``start`` up to ``end`` (None: no upper limit)."""

    start: Decimal
    end: Decimal | None
    rate: Decimal


@dataclass(frozen=True, slots=True)
class LgpsSchedule:
    """The employee contribution rule in force for one scheme and date."""

    scheme: str
    method: Method
    bands: tuple[Band, ...]
    in_force: date
    derived: bool  # True when the bounds are derived by the uprating rule rather than published

    def band_for(self, pay: Decimal) -> Band:
        """The band whose range holds ``pay`` (whole-pay method: pay rounded down to the pound)."""
        key = pay.to_integral_value(rounding=ROUND_FLOOR) if self.method == "whole_pay_band" else pay
        for b in self.bands:
            if key >= b.start and (b.end is None or key <= b.end):
                return b
        raise ParameterError(f"no LGPS band holds pay {pay}.", file=self.scheme)

    def contribution(self, pay: Decimal) -> Decimal:
        """Annual employee contribution on ``pay`` (actual annual pensionable pay), to the penny, half-up."""
        if pay <= 0:
            return ZERO.quantize(_CENT)
        if self.method == "whole_pay_band":
            return quantize(pay * self.band_for(pay).rate, _CENT)
        total = ZERO
        for b in self.bands:
            top = pay if b.end is None else min(pay, b.end)
            if top > b.start:
                total += (top - b.start) * b.rate
        return quantize(total, _CENT)

    def rate_for(self, pay: Decimal) -> Decimal:
        """The marginal rate on the next pound (whole-pay method: the band's rate on all pay)."""
        return self.band_for(pay).rate


def lgps_parameter_id(country: str) -> str:
    """The band file for a structure's country."""
    if country == "scotland":
        return "lgps/scotland/employee_tiers"
    if country in ("england-wales", "england", "wales"):
        return "lgps/england_wales/employee_bands"
    raise ParameterError(
        f"no LGPS contribution bands for {country!r}.",
        file="lgps",
        expected="scotland, england-wales, england or wales",
        got=country,
        hint="Northern Ireland's scheme (NILGOSC) is not modelled; set the worker's pension to 'none'.",
    )


def _bands(value: Any, source: str) -> tuple[Band, ...]:
    if not isinstance(value, list) or not value:
        raise ParameterError("expected a list of bands.", file=source)
    out: list[Band] = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or "from" not in item or "rate" not in item:
            raise ParameterError("each band needs 'from' and 'rate'.", file=source, place=f"[{i}]")
        end = item.get("up_to")
        out.append(Band(Decimal(item["from"]), None if end is None else Decimal(end), Decimal(item["rate"])))
    return tuple(out)


def lgps_schedule(country: str, on: date) -> LgpsSchedule:
    """The LGPS employee contribution rule for a structure's country in force on ``on``."""
    pid = lgps_parameter_id(country)
    param = load_parameter(pid)
    entry = param.entry_at(on)
    method = param.metadata.get("method")
    if method not in ("whole_pay_band", "marginal_tiers"):
        raise ParameterError("metadata.method must be whole_pay_band or marginal_tiers.", file=pid, got=str(method))
    in_force = max(d for d in param.dates if d <= on)
    return LgpsSchedule(
        scheme=pid,
        method=method,
        bands=_bands(entry.value, pid),
        in_force=in_force,
        derived=entry.note.startswith("derived"),
    )
