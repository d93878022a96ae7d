"""Exact money: Decimal amounts, rounding rules and conversions between pay periods.

Rates are never floats. A pay structure states its rounding rule (quantum and mode) and its conventions
(standard weekly hours, weeks per year); this module only does the arithmetic it is told to do.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Context, Decimal
from typing import Literal

__all__ = [
    "HUNDRED",
    "MONTHS_PER_YEAR",
    "WIDE",
    "ZERO",
    "Period",
    "RoundingMode",
    "convert",
    "dec",
    "format_money",
    "pct_change",
    "quantize",
    "rounder",
]

Period = Literal["hour", "week", "month", "year"]
RoundingMode = Literal["half_up", "half_even", "down", "up"]

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MONTHS_PER_YEAR = Decimal(12)

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}


def dec(value: str | int | float | Decimal) -> Decimal:
    """Make an exact Decimal. Floats go through ``str`` so that 10.5 becomes Decimal('10.5'), not its binary twin."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def quantize(value: Decimal, quantum: Decimal, mode: RoundingMode = "half_up") -> Decimal:
    """Round ``value`` to a multiple of ``quantum`` (e.g. Decimal('0.01') or Decimal('1')) with the given mode."""
    if quantum > 1 and quantum == quantum.to_integral_value():
        # Round to a multiple of a whole quantum such as 5 or 10.
        return (value / quantum).quantize(Decimal(1), rounding=_MODES[mode]) * quantum
    return value.quantize(quantum, rounding=_MODES[mode])


def rounder(quantum: Decimal, mode: RoundingMode = "half_up") -> Callable[[Decimal], Decimal]:
    """A fast one-argument rounding function for a fixed quantum and mode (the engine's hot path)."""
    if quantum > 1 and quantum == quantum.to_integral_value():
        return lambda v: quantize(v, quantum, mode)
    rounding = _MODES[mode]
    return lambda v: v.quantize(quantum, rounding=rounding)


def _per_year(period: Period, hours: Decimal, weeks_per_year: Decimal) -> Decimal:
    """How many of ``period`` there are in a year for someone working ``hours`` a week."""
    if period == "year":
        return Decimal(1)
    if period == "month":
        return MONTHS_PER_YEAR
    if period == "week":
        return weeks_per_year
    return WIDE.multiply(weeks_per_year, hours)


def convert(
    amount: Decimal,
    from_period: Period,
    to_period: Period,
    *,
    hours: Decimal,
    weeks_per_year: Decimal,
) -> Decimal:
    """Convert an amount paid per ``from_period`` to the same pay per ``to_period``, unrounded.

    ``hours`` is the weekly hours the conversion assumes (a nominal full-time week for an offer's flat sum) and
    ``weeks_per_year`` the structure's convention (52.143 for SJC and NJC).
    """
    if from_period == to_period:
        return amount
    annual = WIDE.multiply(amount, _per_year(from_period, hours, weeks_per_year))
    return WIDE.divide(annual, _per_year(to_period, hours, weeks_per_year))


#: 40 digits: wide enough that rounding a quotient once more (to 2 places) is exact for pay values. One context
#: object for every exact ratio, rather than a ``localcontext()`` per call (an offer's flat sums are converted for
#: every variant compiled; real terms are worked out for every take-home row).
WIDE = Context(prec=40)
_PLACES = {n: Decimal(1).scaleb(-n) for n in range(0, 7)}


def pct_change(after: Decimal, before: Decimal, places: int = 2) -> Decimal:
    """Percentage increase from ``before`` to ``after``, rounded half-up to ``places`` decimals."""
    q = _PLACES.get(places) or Decimal(1).scaleb(-places)
    if before == 0:
        return ZERO.quantize(q)
    ratio = WIDE.divide(WIDE.multiply(WIDE.subtract(after, before), HUNDRED), before)
    return ratio.quantize(q, rounding=ROUND_HALF_UP)


def format_money(value: Decimal, places: int = 2) -> str:
    """Render an amount as ``£1,234.56`` (``places`` decimals, half-up) for people; JSON uses plain strings."""
    q = quantize(value, Decimal(1).scaleb(-places))
    sign = "-" if q < 0 else ""
    return f"{sign}£{abs(q):,.{places}f}"
