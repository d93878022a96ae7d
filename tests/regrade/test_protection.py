"""Protection weights and gap rules on small arrays."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from payround.regrade.protection import FULL, gap, month_weights, paid_monthly


def test_fractional_months_protect_part_of_a_month() -> None:
    w = month_weights([(Decimal("6.5"), Decimal(100))], 8)
    assert w.tolist() == [FULL] * 6 + [FULL // 2, 0]


def test_taper_steps() -> None:
    w = month_weights([(Decimal(2), Decimal(100)), (Decimal(2), Decimal(50))], 5)
    assert w.tolist() == [FULL, FULL, FULL // 2, FULL // 2, 0]


def test_gap_rules() -> None:
    old = np.array([[1200, 1300, 1400]], dtype=np.int64)
    new = np.array([[1000, 1100, 1250]], dtype=np.int64)
    assert gap("old_pay", old, new, 0).tolist() == [[200, 200, 150]]
    assert gap("frozen", old, new, 0).tolist() == [[200, 100, 0]]
    assert gap("frozen_difference", old, new, 0).tolist() == [[200, 200, 150]]  # capped by the loss


def test_paid_is_rounded_once() -> None:
    new = np.array([[1201]], dtype=np.int64)
    assert paid_monthly(new, np.array([[0]], dtype=np.int64), np.array([0])).tolist() == [[100]]
    assert paid_monthly(new, np.array([[11]], dtype=np.int64), np.array([FULL])).tolist() == [[101]]
