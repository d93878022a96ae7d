"""Building the interactive take-home tables (:class:`~payround.takehome.grid.Grid`): one vectorised PolicyEngine
simulation per pass over every household of a tax year, refined until every interval between knots is linear.

1. **Known kinks** from payround's dated parameters and PolicyEngine's own: each NI regime's primary threshold and
   upper earnings limit (in gross pay); the personal allowance, every income tax band and the allowance taper (in
   taxable pay, mapped to gross pay through the LGPS contribution); the High Income Child Benefit Charge's steps
   and the Marriage Allowance's £10 steps;
   each LGPS band or tier edge (a whole-pay band edge is a jump: knots a penny either side). Plus a regular £250
   grid from £5,000 to £160,000.
2. **Refinement**: an interval is linear when the line through it passes the next knot out, at least as far away
   (every column, every regime, within 45p); otherwise 16 knots are added inside (two where no neighbour is wide
   enough to tell) and the pass repeats. Kinks and jumps
   nobody listed (the Universal Credit work allowance and the point where UC runs out, benefit cliffs) end up inside
   a penny-wide interval.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from payround.takehome import bridge
from payround.takehome.grid import col
from payround.takehome.households import Household
from payround.takehome.lgps import LgpsSchedule
from payround.takehome.rules import TaxYearRules, tax_year_label

__all__ = ["HIGH", "LOW", "GridRequest", "Knots", "build_grids"]

log = logging.getLogger(__name__)

LOW = Decimal(5000)  #: lowest gross pay tabulated, £ a year
HIGH = Decimal(160000)  #: highest
_STEP = 25000  # pence between regular knots
_SPLIT = 16  # knots added inside an interval that is not linear
#: Pounds. A line is accepted when it meets the next knot within this: above PolicyEngine's float32 noise (a few
#: tenths of a penny) and its own small steps — it rounds the tapered personal allowance to the pound, a 40p step in
#: income tax every £2 from £100,000 — which no table of knots should chase; well inside the £1 a year promised.
_TOL = 0.45
_NOISE = 0.01  # pounds: that noise at the two ends of an interval, carried along its line
_MAX_PASSES = 10
_CHECKED = (
    "income_tax",
    "employee_ni",
    "uc_earnings",
    "partner_income_tax",
    "partner_employee_ni",
    "universal_credit",
    "child_benefit",
)


@dataclass(frozen=True, slots=True)
class Knots:
    """A built table's arrays (read through :class:`~payround.takehome.grid.Grid`, whose reading code is no part of
    what a table holds): knots in pence, PolicyEngine's values (knots × regimes × columns), the pension at each."""

    x: Any
    values: Any
    pension: Any


@dataclass(frozen=True, slots=True)
class GridRequest:
    """One table to build: a household whose worker works ``hours`` a week, in ``region``."""

    household: Household
    hours: Decimal
    region: str


def _pension_np(schedule: LgpsSchedule | None, x: Any) -> Any:
    """LGPS contributions at gross pays ``x`` (pounds, float) — only to place knots, never a figure."""
    if schedule is None:
        return np.zeros_like(x)
    if schedule.method == "whole_pay_band":
        key = np.floor(x)
        rate = np.zeros_like(x)
        for b in schedule.bands:
            inside = (key >= float(b.start)) & (True if b.end is None else key <= float(b.end))
            rate = np.where(inside, float(b.rate), rate)
        return x * rate
    total = np.zeros_like(x)
    for b in schedule.bands:
        top = x if b.end is None else np.minimum(x, float(b.end))
        total += np.maximum(top - float(b.start), 0.0) * float(b.rate)
    return total


def _known(
    rules: TaxYearRules,
    schedule: LgpsSchedule | None,
    scotland: bool,
    thresholds: dict[str, Any],
    kids: bool,
    partner: bool = False,
) -> set[int]:
    """Known kink and jump points in gross pay (pence), each with the penny either side."""
    lo, hi = int(LOW * 100), int(HIGH * 100)
    points: set[float] = set()
    for regime in rules.regimes:
        points |= {float(regime.ni.primary_threshold) * 100, float(regime.ni.upper_earnings_limit) * 100}
    pa = float(rules.personal_allowance)
    taxable = [pa] + [pa + float(b.start) for b in (rules.scotland_bands if scotland else rules.ruk_bands)]
    taper = float(thresholds["pa_taper"])
    taxable += [taper, taper + pa / float(thresholds["pa_taper_rate"])]
    if kids:
        start, end = float(thresholds["hicbc_start"]), float(thresholds["hicbc_end"])
        taxable += [start + k * (end - start) / 100 for k in range(101)]
    if partner:
        # the worker's unused allowance, transferred to the partner in steps of £10; PolicyEngine measures it on its
        # own "net income", which here need not be taxable pay (a step was seen at gross pay): knots at both
        step = float(thresholds["ma_step"])
        steps = int(np.ceil(pa * float(thresholds["ma_share"]) / step)) + 1
        taxable += [pa - k * step for k in range(steps)]
        points |= {(pa - k * step) * 100 for k in range(steps)}
    if schedule is not None:
        points |= {float(b.start) * 100 for b in schedule.bands}
    xs = np.arange(float(LOW), float(HIGH) + 1.0, 0.5)
    a = xs - _pension_np(schedule, xs)
    exact: set[int] = set()
    for t in taxable:
        # every gross pay whose taxable pay crosses t (a whole-pay band edge can make taxable pay fall back), found
        # to the penny with the contribution as charged (rounded to the penny, so taxable pay can pause a penny)
        cross = np.flatnonzero((a[:-1] < t) & (a[1:] >= t))
        at = xs[cross] + (t - a[cross]) / (a[cross + 1] - a[cross]) * (xs[cross + 1] - xs[cross])
        exact |= {_first_at_least(schedule, int(np.floor(v * 100)), Decimal(str(t))) for v in at}
    out: set[int] = set(range(lo, hi + 1, _STEP))
    for p in points:
        c = int(np.ceil(p - 1e-6))
        out |= {c - 1, c, c + 1}
    for c in exact:
        out |= {c - 1, c, c + 1}
    return {p for p in out if lo <= p <= hi}


def _first_at_least(schedule: LgpsSchedule | None, near: int, target: Decimal) -> int:
    """The first gross pay (pence), searching from a few pence below ``near``, whose taxable pay is at least
    ``target``."""
    x = near - 8
    while x < near + 400:
        g = Decimal(x) / 100
        if g - (Decimal(0) if schedule is None else schedule.contribution(g)) >= target:
            return x
        x += 1
    return near


def _bad(x: Any, v: Any) -> tuple[Any, Any]:
    """Intervals not yet shown linear: those a neighbour's line misses (a kink or jump inside), and those with no
    neighbour wide enough to tell (between two penny-wide intervals, e.g. a step of the Child Benefit charge).

    Interval j is linear when the line through it meets the next knot out (j+2, or j-1 on the other side) within
    the tolerance, and that knot is about the interval's width away or more: a kink inside the interval moves that knot
    off the line by at least as much as the interpolation can be wrong inside, so the error is bounded by the
    tolerance; a nearer knot says too little about the inside.
    """
    n = len(x)
    if n < 3:
        none = np.arange(0)
        return none, np.arange(n - 1)[(x[1:] - x[:-1]) > 1] if n == 2 else none
    xf = x.astype(np.float64)
    w = xf[1:] - xf[:-1]
    slope = (v[1:] - v[:-1]) / w[:, None]
    # the line through interval j, extended to knot j+2 and back to knot j-1
    # PolicyEngine's float32 noise at each end of an interval grows with the distance the line is carried
    tol_ahead = (_TOL + _NOISE * w[1:] / w[:-1])[:, None]
    tol_behind = (_TOL + _NOISE * w[:-1] / w[1:])[:, None]
    meets_ahead = np.all(np.abs(v[1:-1] + slope[:-1] * w[1:, None] - v[2:]) <= tol_ahead, axis=1)
    meets_behind = np.all(np.abs(v[1:-1] - slope[1:] * w[:-1, None] - v[:-2]) <= tol_behind, axis=1)
    # 'as wide' up to a tenth: equal parts of an interval differ by a penny once rounded to whole pence
    wide_ahead = 10 * w[1:] >= 9 * w[:-1]
    wide_behind = 10 * w[:-1] >= 9 * w[1:]
    ok = w <= 1
    ok[:-1] |= meets_ahead & wide_ahead
    ok[1:] |= meets_behind & wide_behind
    can_tell = np.zeros(n - 1, dtype=bool)
    can_tell[:-1] |= wide_ahead
    can_tell[1:] |= wide_behind
    return np.flatnonzero(~ok & can_tell), np.flatnonzero(~ok & ~can_tell)


def _check_matrix(values: Any) -> Any:
    """The columns the linearity test looks at, flattened over regimes; cash benefits net of services in kind."""
    cols = [values[:, :, col(c)] for c in _CHECKED]
    cols.append(values[:, :, col("household_benefits")] - values[:, :, col("in_kind")])
    return np.concatenate(cols, axis=1)


def build_grids(
    requests: Sequence[GridRequest],
    rules: TaxYearRules,
    schedule: LgpsSchedule | None,
    *,
    progress: bridge.Progress | None = None,
) -> tuple[list[Knots], list[bridge.Override]]:
    """Tabulate PolicyEngine's answer for each request over gross pay, all in one simulation per pass."""
    thresholds = bridge.known_thresholds(rules.year)
    scotland = [r.region == "SCOTLAND" for r in requests]
    sched = [schedule if r.household.worker.pension == "lgps" else None for r in requests]
    pending: list[set[int]] = [
        _known(rules, sched[i], scotland[i], thresholds, bool(r.household.children), r.household.partner is not None)
        for i, r in enumerate(requests)
    ]
    xs: list[Any] = [np.zeros(0, dtype=np.int64) for _ in requests]
    vals: list[Any] = [np.zeros((0, len(rules.regimes), len(bridge.COLUMNS))) for _ in requests]
    overrides: list[bridge.Override] = []
    label = tax_year_label(rules.year)
    for npass in range(1, _MAX_PASSES + 1):
        todo = [sorted(p) for p in pending]
        total = sum(len(t) for t in todo)
        if total == 0:
            break
        cases: list[bridge.Case] = []
        for i, r in enumerate(requests):
            for pence in todo[i]:
                g = Decimal(pence) / 100
                pension = Decimal(0) if sched[i] is None else sched[i].contribution(g)  # type: ignore[union-attr]
                cases.append(bridge.Case(r.household, g, r.hours, pension, r.region))

        def step(what: str, done: int, steps: int, npass: int = npass, total: int = total) -> None:
            if progress is not None:
                progress(f"{label} take-home table, pass {npass} ({total:,} pay levels): {what}", done, steps)

        run = bridge.evaluate(cases, rules, progress=step)
        overrides = run.overrides
        stacked = np.stack([run.values[c] for c in bridge.COLUMNS], axis=-1)  # (regimes, cases, columns)
        start = 0
        for i in range(len(requests)):
            k = len(todo[i])
            new_x = np.array(todo[i], dtype=np.int64)
            new_v = np.transpose(stacked[:, start : start + k, :], (1, 0, 2))
            start += k
            x = np.concatenate((xs[i], new_x))
            v = np.concatenate((vals[i], new_v))
            order = np.argsort(x, kind="stable")
            xs[i], vals[i] = x[order], v[order]
            failed, untold = _bad(xs[i], _check_matrix(vals[i]))
            more: set[int] = set()
            # a kink or jump inside: split finely; nothing to tell by: thirds, each a neighbour for the others
            for js, parts in ((failed, _SPLIT), (untold, 2)):
                for j in js.tolist():
                    a, b = int(xs[i][j]), int(xs[i][j + 1])
                    n = min(parts, b - a - 1)
                    more |= {a + round(m * (b - a) / (n + 1)) for m in range(1, n + 1)}
            pending[i] = more - set(xs[i].tolist())
        log.info("%s take-home tables: pass %d evaluated %d pay levels", label, npass, total)
    left = sum(len(p) for p in pending)
    if left:
        log.warning("%s take-home tables: %d intervals still unresolved after %d passes", label, left, _MAX_PASSES)
    grids = []
    for i in range(len(requests)):
        pension = np.array(
            [0.0 if sched[i] is None else float(sched[i].contribution(Decimal(int(p)) / 100)) for p in xs[i]]  # type: ignore[union-attr]
        )
        grids.append(Knots(xs[i], vals[i], pension))
    return grids, overrides
