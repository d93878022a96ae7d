"""The interactive take-home path: PolicyEngine UK's answer for one household archetype and tax year as a function of
the worker's gross pay, tabulated once (see :mod:`payround.takehome.gridbuild`) and read by linear interpolation.

Every figure PolicyEngine gives is piecewise linear in gross pay between kinks and jumps (tax bands, NI thresholds,
LGPS bands, the Universal Credit taper, benefit cliffs). The table holds PolicyEngine's raw values, per in-year NI
regime, at knots placed on every known kink and refined until each interval between knots is linear (or a penny
wide), so interpolation reproduces a direct simulation to within pennies. A one-off payment needs PolicyEngine's
answer off that line (pay that is not pensionable); it is read from the same table through two exact identities
(:func:`Grid.lump_values`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from payround.takehome.bridge import COLUMNS

__all__ = ["Grid", "col"]

_COL = {c: i for i, c in enumerate(COLUMNS)}
FloatArray = Any  # numpy float64 arrays (numpy's own generics add nothing here)
_DROP = -0.5  # pounds: a real fall (an LGPS band edge: tens of pounds or more), not float32 noise between close knots


def col(name: str) -> int:
    """Index of a raw column in the grid's value array."""
    return _COL[name]


@dataclass(frozen=True)
class Grid:
    """PolicyEngine's raw values for one household at knots of the worker's gross pay.

    ``x``: knots in pence (sorted, unique); ``values``: shape (knots, regimes, columns) in pounds (floats as
    PolicyEngine computes them); ``pension``: the worker's pension contribution at each knot (payround's own).
    """

    x: Any  # int64 pence
    values: FloatArray
    pension: FloatArray

    @property
    def low(self) -> float:
        """Lowest gross pay held, pounds."""
        return float(self.x[0]) / 100

    @property
    def high(self) -> float:
        """Highest gross pay held, pounds."""
        return float(self.x[-1]) / 100

    def at(self, gross_pence: FloatArray) -> FloatArray:
        """Values at gross pays (pence, may be fractional): shape (len, regimes, columns), linear between knots."""
        q = np.asarray(gross_pence, dtype=np.float64)
        x = self.x
        i = np.clip(np.searchsorted(x, q, side="right") - 1, 0, len(x) - 2)
        x0, x1 = x[i].astype(np.float64), x[i + 1].astype(np.float64)
        t = ((q - x0) / (x1 - x0))[:, None, None]
        v0, v1 = self.values[i], self.values[i + 1]
        return v0 + t * (v1 - v0)

    def covers(self, gross_pence: FloatArray) -> bool:
        """Whether every gross pay lies inside the table."""
        q = np.asarray(gross_pence, dtype=np.float64)
        return bool(q.size == 0 or (q.min() >= self.x[0] and q.max() <= self.x[-1]))

    # ----- pay off the line: a one-off payment is not pensionable ----------------------------------------------------
    def _taxable(self) -> FloatArray:
        """Pay after the net pay arrangement (what income tax sees) at each knot, pounds."""
        return self.x.astype(np.float64) / 100 - self.pension

    def _solve_taxable(self, a: FloatArray) -> FloatArray:
        """Gross pays (pence, whole) whose taxable pay is ``a``. Taxable pay rises with gross pay within each run of
        knots between pension jumps (a whole-pay LGPS band edge lowers it); any solution serves, as income tax,
        Child Benefit and a partner's tax depend on gross pay and pension only through taxable pay."""
        return self._solve(self._taxable(), a)

    def _solve(self, curve: FloatArray, target: FloatArray) -> FloatArray:
        """Gross pays (pence, rounded to whole pence) where ``curve`` (one value per knot, increasing within each
        run between downward jumps) equals ``target``."""
        x = self.x.astype(np.float64)
        out = np.full(len(target), np.nan)
        breaks = np.flatnonzero(np.diff(curve) < _DROP) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [len(curve)]))
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            seg_c, seg_x = curve[s:e], x[s:e]
            inside = np.isnan(out) & (target >= seg_c[0]) & (target <= seg_c[-1])
            if inside.any():
                out[inside] = np.interp(target[inside], seg_c, seg_x)
        if np.isnan(out).any():
            raise ValueError("pay outside the take-home table")
        return np.round(out)

    def lump_values(self, gross_pence: FloatArray, extra_pence: FloatArray, pension: FloatArray) -> FloatArray:
        """PolicyEngine's values when the worker is paid ``gross + extra`` but contributes ``pension`` (the pension
        on ``gross`` alone: a one-off payment is not pensionable). Shape (len, regimes, columns).

        PolicyEngine's figures depend on pay and pension through three quantities, each read at a knot of the line:
        the worker's income tax and Child Benefit (its charge) through taxable pay (pay − pension); the worker's NI
        and the partner's tax and NI (the Marriage Allowance the worker can transfer) through pay alone; Universal
        Credit and the benefits that follow it through the worker's earnings as UC counts them (pay − tax − NI −
        pension), per NI regime.
        """
        g = np.asarray(gross_pence, dtype=np.float64)
        e = g + np.asarray(extra_pence, dtype=np.float64)
        p = np.asarray(pension, dtype=np.float64)
        xa = self._solve_taxable(e / 100 - p)
        va = self.at(xa)  # taxable pay as wanted; pay and pension as on the line
        ve = self.at(e)  # pay as wanted
        out = va.copy()
        ni, ue = col("employee_ni"), col("uc_earnings")
        # pay alone: the worker's NI, and the partner's tax and NI (PolicyEngine measures the Marriage Allowance a
        # worker can transfer on income before the pension contribution)
        for c in ("employee_ni", "partner_income_tax", "partner_employee_ni"):
            out[:, :, col(c)] = ve[:, :, col(c)]
        # UC earnings = pay − pension − UC's income tax (a function of taxable pay) − NI (a function of pay)
        y = va[:, :, ue] + va[:, :, ni] - ve[:, :, ni]
        follow = [col(c) for c in ("universal_credit", "household_benefits", "in_kind", "uc_earnings")]
        for r in range(self.values.shape[1]):
            xy = self._solve(self.values[:, r, ue], y[:, r])
            vy = self.at(xy)
            out[:, r, follow] = vy[:, r, follow]
            out[:, r, ue] = y[:, r]
        return out
