"""One number style for people: £ with thousands separators and 2 decimals for money (0 for large totals), a
structure's rate to its own precision, percentages to 2 places, counts with separators. JSON and CSV never use it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from payround.money import quantize
from payround.reports.base import Cell, Kind

__all__ = ["cell_text", "money", "money0", "pct", "rate", "share"]

_CENT = Decimal("0.01")


def money(value: Decimal | int, places: int = 2) -> str:
    """£1,234.56 (half-up); negative amounts as -£1.00."""
    q = quantize(Decimal(value), Decimal(1).scaleb(-places))
    sign = "-" if q < 0 else ""
    return f"{sign}£{abs(q):,.{places}f}"


def money0(value: Decimal | int) -> str:
    """£1,234 (whole pounds, half-up)."""
    return money(value, 0)


def rate(value: Decimal) -> str:
    """A rate to the places it carries: £10.50, £20,258."""
    exp = value.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    return money(value, places)


def pct(value: Decimal | int) -> str:
    """7.36% (two places, half-up)."""
    return f"{quantize(Decimal(value), _CENT):,.2f}%"


def share(value: Decimal) -> str:
    """A fraction as a percentage: 0.1234 -> 12.34%."""
    return pct(Decimal(value) * 100)


def _number(value: Decimal | int) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    exp = value.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    return f"{value:,.{places}f}"


def cell_text(value: Cell, kind: Kind) -> str:
    """How a raw table value is shown to people, by its column's kind. Text values pass through unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if kind is Kind.money:
        return money(value)
    if kind is Kind.money0:
        return money0(value)
    if kind is Kind.rate:
        return rate(Decimal(value))
    if kind is Kind.pct:
        return pct(value)
    if kind is Kind.share:
        return share(Decimal(value))
    if kind in (Kind.integer, Kind.number):
        return _number(value)
    return str(value)
