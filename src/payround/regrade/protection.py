"""Pay protection, exactly and vectorised: the share of the loss paid in each month after a change, and the pay
that results, per person and month in whole pence.

A schedule is a list of (months, percent of the loss); months may be fractional (6.5 months protects half of the
seventh month), so the cost of protection grows continuously with its length. Each month's protected pay is

    paid = round_half_up((new x W + gap x w) / (12 x W))

with ``new`` and ``gap`` in pence a year, ``w`` the month's protected share in millionths (percent x 100 times
the share of the month x 100) and W = 1,000,000. The gap is capped at the loss against the old pay with its
awards, so protected pay lies between the new pay and the old pay, to the penny (rounding is monotone)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from payround.costing.exact import Int64Array, round_half_up

__all__ = ["FULL", "gap", "month_weights", "paid_monthly"]

FULL = 1_000_000  # 100% of a whole month, in millionths


def month_weights(schedule: Sequence[tuple[Decimal, Decimal]], months: int) -> Int64Array:
    """Protected share of the loss in each of ``months`` months after the new pay starts (millionths)."""
    out = np.zeros(months, dtype=np.int64)
    begin = 0  # hundredths of a month
    for length, percent in schedule:
        end = begin + int(length * 100)
        pct = int(percent * 100)  # hundredths of a percent
        first, last = begin // 100, min(months - 1, (end - 1) // 100)
        for k in range(first, last + 1):
            overlap = min(end, (k + 1) * 100) - max(begin, k * 100)
            out[k] += pct * overlap
        begin = end
    return out


def gap(rule: str, old: Int64Array, new: Int64Array, start: int) -> Int64Array:
    """The loss protection makes good, pence a year, per person (rows) and month (columns) from column ``start``:
    ``old_pay`` follows the old pay with its awards; ``frozen`` holds the old pay of month ``start`` in cash;
    ``frozen_difference`` holds the loss of month ``start`` in cash. Never more than the loss against the old
    pay with its awards, never negative."""
    loss: Int64Array = np.maximum(old - new, 0)
    if rule == "old_pay":
        return loss
    if rule == "frozen":
        g = old[:, start : start + 1] - new
    elif rule == "frozen_difference":
        g = np.broadcast_to(old[:, start : start + 1] - new[:, start : start + 1], new.shape)
    else:
        raise ValueError(f"unknown awards rule {rule!r}")
    return np.minimum(np.maximum(g, 0), loss)  # type: ignore[no-any-return]


def paid_monthly(new: Int64Array, gap_annual: Int64Array, weights: Int64Array) -> Int64Array:
    """Pay for each month (pence) with ``weights`` (per column, millionths) of ``gap_annual`` protected."""
    return round_half_up(new * FULL + gap_annual * weights[np.newaxis, :], 12 * FULL)
