"""Exact pence, vectorised: pay per record as ``round_half_up(value_at_point * factor * N / D)`` in int64, where the
per-point values and the constant N/D are exact (Python ints and Fractions) and each record's factor is an integer
(hours and weeks in fixed point). No float touches pay; overflow falls back to Python integers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

__all__ = ["FloatArray", "Int64Array", "decimal_places", "pence_per_record", "round_half_up", "scaled", "sums"]

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
_LIMIT = 2**62


def decimal_places(values: Iterable[Decimal]) -> int:
    """The most decimal places any of ``values`` has (0 for whole numbers)."""
    places = 0
    for v in values:
        exp = v.normalize().as_tuple().exponent
        if isinstance(exp, int) and exp < 0:
            places = max(places, -exp)
    return places


def scaled(values: Sequence[Decimal], places: int) -> list[int]:
    """``values`` times 10**places, as exact integers."""
    factor = Decimal(10) ** places
    out = []
    for v in values:
        x = v * factor
        if x != x.to_integral_value():
            raise ValueError(f"{v} has more than {places} decimal places")
        out.append(int(x))
    return out


def round_half_up(num: Int64Array, den: int) -> Int64Array:
    """``num / den`` rounded half-up (away from zero for halves), exactly, for integer arrays and den > 0."""
    sign = np.where(num < 0, -1, 1)
    mag = np.abs(num)
    return sign * ((2 * mag + den) // (2 * den))  # type: ignore[no-any-return]


def pence_per_record(
    per_point: Sequence[int], index: npt.NDArray[np.integer], factor: Int64Array, ratio: Fraction
) -> Int64Array:
    """``round_half_up(per_point[index] * factor * ratio)`` for every record, exactly.

    ``per_point`` are exact integers (one per point), ``factor`` each record's integer factor (hours x weeks in
    fixed point) and ``ratio`` the exact constant that turns the product into pence.
    """
    n, d = ratio.numerator, ratio.denominator
    top = max((abs(v) for v in per_point), default=0)
    fmax = int(factor.max()) if factor.size else 0
    if top * fmax * abs(n) * 2 + d < _LIMIT:
        values = np.asarray(per_point, dtype=np.int64)[index]
        return round_half_up(values * factor * n, d)
    # Slow exact path for very large values: Python integers.
    values_obj = np.asarray([int(v) for v in per_point], dtype=object)[index]
    num = values_obj * factor.astype(object) * n
    out = [(2 * x + d) // (2 * d) if x >= 0 else -((2 * -x + d) // (2 * d)) for x in num]
    return np.asarray(out, dtype=np.int64)


def sums(codes: npt.NDArray[np.integer], weights: npt.ArrayLike | None, length: int) -> FloatArray:
    """Totals of ``weights`` (or counts) for each code 0..length-1, as floats (``np.bincount``, typed)."""
    out: FloatArray = np.asarray(np.bincount(codes, weights=weights, minlength=length), dtype=np.float64)
    return out
