"""Distributions for the generator: headcount per point (anchored to published cumulative shares, or a one-knob
gamma shape), exact integer quotas, and employer sizes. Deterministic: no random numbers here."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.interpolate import PchipInterpolator

from payround.structures import PayStructure
from payround.workforce.synth.config import Anchor, EmployerType

__all__ = ["anchored_pmf", "cumulative_quotas", "employer_sizes", "gamma_pmf"]

Float = npt.NDArray[np.float64]


def cumulative_quotas(total: int, shares: Float) -> npt.NDArray[np.int64]:
    """Whole numbers adding up to ``total`` whose running totals are the nearest whole numbers to ``total`` times the
    running shares: every cumulative share (such as "17.8% at SCP 23 or below") is met to half a person."""
    cdf = np.concatenate(([0.0], np.cumsum(np.asarray(shares, dtype=np.float64))))
    cdf /= cdf[-1]
    out: npt.NDArray[np.int64] = np.diff(np.rint(cdf * total).astype(np.int64))
    return out


def anchored_pmf(structure: PayStructure, anchors: list[Anchor]) -> Float:
    """Share of staff on each point, from published cumulative shares ("17.8% at SCP 23 or below").

    The cumulative share is interpolated between anchors by a monotone cubic (PCHIP) over the point's position in
    the structure, from 0 below the first point to 1 at the top; each point gets the rise at its position.
    """
    ids = structure.point_ids
    pos = {p: i + 1 for i, p in enumerate(ids)}
    xs, ys = [0.0], [0.0]
    for a in sorted(anchors, key=lambda a: pos[a.point]):
        xs.append(float(pos[a.point]))
        ys.append(a.share)
    if xs[-1] < len(ids):
        xs.append(float(len(ids)))
        ys.append(1.0)
    cdf = PchipInterpolator(np.array(xs), np.array(ys))(np.arange(0, len(ids) + 1, dtype=np.float64))
    cdf = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0))
    return np.diff(cdf)


def gamma_pmf(n_points: int, shape: float, scale: float) -> Float:
    """Share of staff on each of ``n_points`` points: a gamma curve over the position (1 = lowest), mode at
    (shape - 1) x scale. One knob (``scale``) moves staff up or down the spine."""
    x = np.arange(1, n_points + 1, dtype=np.float64)
    w = x ** (shape - 1.0) * np.exp(-x / scale)
    return w / w.sum()  # type: ignore[no-any-return]


def employer_sizes(kinds: list[EmployerType], spread: float) -> tuple[list[str], Float]:
    """Names and relative sizes of employers: within a kind, sizes spread as lognormal quantiles around its size."""
    from scipy.stats import norm

    names: list[str] = []
    sizes: list[float] = []
    width = len(str(max(k.count for k in kinds)))
    for k in kinds:
        z = norm.ppf((np.arange(k.count) + 0.5) / k.count)
        s = k.size * np.exp(spread * z - spread**2 / 2)
        for i, v in enumerate(s[::-1]):
            names.append(f"{k.name} {i + 1:0{width}d}")
            sizes.append(float(v))
    return names, np.array(sizes)
