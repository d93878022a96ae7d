"""The cost of an offer as linear rows of a programme, from a workforce aggregated by point, hours and employer.

Pay and employer pension are linear in the pay at each point. Employer NI per person is
``rate x max(0, monthly pay - threshold)`` and the Apprenticeship Levy per employer ``max(0, rate x pay bill -
allowance)``: both convex and piecewise linear in pay, so they enter a minimisation (or a budget row) exactly as
epigraph variables with one row per piece. For NI the pieces of every unit paid at one point add up to one convex
function of that point's pay, whose breakpoints are where each unit's monthly pay crosses the threshold; only the
breakpoints inside the range pay can take count. Up to ``MAX_KNOTS`` of them are kept exactly; beyond that the
function is interpolated between knots, which never under-states the cost (the interpolant of a convex function
lies above it). Per-person rounding to the penny is left out: the finder checks every offer with the real costing.

Money in the programme is in millions of pounds (``SCALE`` pence), to keep HiGHS's numbers near 1."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from payround.costing.oncosts import OnCostCalculator
from payround.costing.options import CostOptions
from payround.costing.pay import PayCalculator
from payround.costing.prepare import PreparedWorkforce
from payround.costing.timeline import Month, Timeline
from payround.settle.lp import Expr, Programme

__all__ = ["MAX_KNOTS", "SCALE", "CostModel", "LinearCost", "StatePay"]

SCALE = 1e8  # pence per unit of money in the programme (£1m)
MAX_KNOTS = 24
Float = npt.NDArray[np.float64]


@dataclass(frozen=True)
class StatePay:
    """Pay at every point in one pay state: an expression and constant per point, and bounds for each point."""

    exprs: list[Expr]
    consts: list[float]
    lo: Float
    hi: Float


@dataclass(frozen=True)
class LinearCost:
    """A cost as ``constant + expr`` in £m, split into pay and on-costs."""

    pay: Expr
    pay_const: float
    on_costs: Expr
    on_costs_const: float

    @property
    def total(self) -> Expr:
        """Pay and on-costs together."""
        out = dict(self.pay)
        for i, c in self.on_costs.items():
            out[i] = out.get(i, 0.0) + c
        return out

    @property
    def total_const(self) -> float:
        """The constant of ``total``."""
        return self.pay_const + self.on_costs_const


def _add(into: Expr, expr: Expr, k: float) -> None:
    for i, c in expr.items():
        into[i] = into.get(i, 0.0) + k * c


class CostModel:
    """Aggregates of one prepared workforce for building cost rows: per unit, its point, people and pence a year
    per unit of pay; per (employer, point), pence a year per unit of pay."""

    def __init__(self, pw: PreparedWorkforce, options: CostOptions | None = None) -> None:
        self.pw = pw
        self.opts = options or CostOptions()
        self.params = self.opts.on_cost_params()
        n = len(pw.structure.points)
        self.n_points = n
        self.k = pw.factor.astype(np.float64) * float(pw.pay_ratio(0))  # pence a year per unit of pay, per person
        self.hc = pw.u_headcount.astype(np.float64)
        self.point = pw.u_point.astype(np.int64)
        self.K = np.bincount(self.point, weights=self.hc * self.k, minlength=n)  # per point
        self.heads = np.bincount(self.point, weights=self.hc, minlength=n)
        emp = pw.employer
        n_emp = len(emp.labels)
        per_record = (self.k * 1.0)[pw.unit] * pw.headcount
        cells = emp.codes.astype(np.int64) * n + self.point[pw.unit]
        self.W = np.bincount(cells, weights=per_record, minlength=n_emp * n).reshape(n_emp, n)  # employer x point

    # ----- the months of a period ----------------------------------------------------------------------------
    def timeline(self, start: date, end: date, stages: list[date]) -> Timeline:
        """A timeline over ``start``..``end`` with state 0 before the first stage and state k after stage k."""
        cuts = [(d, k + 1) for k, d in enumerate(stages) if d <= end]
        segments: list[tuple[date, date, int]] = []
        cur, state = start, 0
        for d, k in cuts:
            if d > cur:
                segments.append((cur, d - timedelta(days=1), state))
                cur = d
            state = k
        segments.append((cur, end, state))
        states: list[tuple[Decimal, ...]] = [(Decimal(k),) for k in range(len(stages) + 1)]
        return Timeline(states, 0, [(d, k + 1) for k, d in enumerate(stages)], len(stages), segments, start, end, [])

    def cost(
        self, prog: Programme, states: list[StatePay], start: date, end: date, stages: list[date], *, in_year: bool
    ) -> LinearCost:
        """Rows and expressions for the cost of the period, in £m: pay, employer pension, NI and levy, with pay
        fixed at the last state all year (``in_year=False``), or as the stages take effect (``in_year=True``)."""
        tl = self.timeline(start, end, stages)
        months = tl.months()
        final = len(states) - 1
        mixes: list[tuple[Month, tuple[tuple[int, Fraction], ...]]] = [
            (m, m.weights if in_year else ((final, Fraction(1)),)) for m in months
        ]
        pay: Expr = {}
        pay_const = 0.0
        if in_year:
            for a, b, st in tl.segments:
                w = ((b - a).days + 1) / tl.days
                pay_const += self._pay_into(pay, states[st], w)
        else:
            pay_const += self._pay_into(pay, states[final], 1.0)
        oc: Expr = {}
        oc_const = 0.0
        calc = OnCostCalculator(self.pw, PayCalculator(self.pw), tl, self.opts)
        groups: dict[tuple[tuple[tuple[int, Fraction], ...], tuple[Decimal, ...]], tuple[float, date]] = {}
        for m, weights in mixes:
            sig = (*self.params.ni_at(m.payday), *self.params.levy_at(m.payday)[:1], *calc._scheme_rates(m.payday))
            share, day = groups.get((weights, sig), (0.0, m.payday))
            groups[(weights, sig)] = (share + float(m.share), day)
        allowance = sum(float(m.share) * float(self.params.levy_at(m.payday)[1]) * 100.0 / 12.0 for m in months)
        levy_base: list[tuple[list[Expr], Float, Float, Float, float]] = []
        for (weights, _), (share, day) in groups.items():
            ys, y_const, y_lo, y_hi = self._mix(states, weights)
            # employer pension: the scheme's rate on the month's pay
            rate_u = calc.pension_rates(day)
            per_point = np.bincount(self.point, weights=self.hc * self.k * rate_u, minlength=self.n_points)
            oc_const += self._linear_into(oc, ys, y_const, np.asarray(per_point * share / 12.0, dtype=np.float64))
            # employer NI: convex in each point's monthly pay
            ni_rate, threshold = self.params.ni_at(day)
            oc_const += self._ni_into(prog, oc, ys, y_const, y_lo, y_hi, float(ni_rate) * share, float(threshold) * 100)
            levy_rate = float(self.params.levy_at(day)[0])
            levy_base.append((ys, y_const, y_lo, y_hi, levy_rate * share / 12.0))
        oc_const += self._levy_into(prog, oc, levy_base, allowance)
        return LinearCost(
            {i: c / SCALE for i, c in pay.items()},
            pay_const / SCALE,
            {i: c / SCALE for i, c in oc.items()},
            oc_const / SCALE,
        )

    # ----- pieces --------------------------------------------------------------------------------------------
    def _pay_into(self, into: Expr, st: StatePay, w: float) -> float:
        const = 0.0
        for i in range(self.n_points):
            _add(into, st.exprs[i], w * self.K[i])
            const += w * self.K[i] * st.consts[i]
        return const

    def _mix(
        self, states: list[StatePay], weights: tuple[tuple[int, Fraction], ...]
    ) -> tuple[list[Expr], Float, Float, Float]:
        """Per point, the pay of a month mixing the states by ``weights`` (expression, constant, bounds)."""
        ys: list[Expr] = [{} for _ in range(self.n_points)]
        const = np.zeros(self.n_points)
        lo = np.zeros(self.n_points)
        hi = np.zeros(self.n_points)
        for st, w in weights:
            wf = float(w)
            s = states[st]
            for i in range(self.n_points):
                _add(ys[i], s.exprs[i], wf)
            const += wf * np.asarray(s.consts)
            lo += wf * s.lo
            hi += wf * s.hi
        return ys, const, lo, hi

    def _linear_into(self, into: Expr, ys: list[Expr], const: Float, coef: Float) -> float:
        for i in range(self.n_points):
            if coef[i]:
                _add(into, ys[i], float(coef[i]))
        return float(np.dot(coef, const))

    def _ni_into(
        self,
        prog: Programme,
        into: Expr,
        ys: list[Expr],
        const: Float,
        lo: Float,
        hi: Float,
        rate: float,
        threshold: float,
    ) -> float:
        """Add ``rate x sum over units of max(0, k y / 12 - threshold)`` (pence) for every point's month pay y."""
        out = 0.0
        k12 = self.k / 12.0
        brk = np.divide(threshold, k12, out=np.full_like(k12, np.inf), where=k12 > 0)
        order = np.lexsort((brk, self.point))
        bounds = np.searchsorted(self.point[order], np.arange(self.n_points + 1))
        for i in range(self.n_points):
            idx = order[bounds[i] : bounds[i + 1]]
            if idx.size == 0:
                continue
            b, hc, kk = brk[idx], self.hc[idx], k12[idx]
            y_lo, y_hi = float(lo[i]), float(hi[i])
            on = b <= y_lo + 1e-9
            slope = float(np.dot(hc[on], kk[on]))
            if slope:  # units above the threshold whatever the offer: linear
                _add(into, ys[i], rate * slope)
                out += rate * (slope * float(const[i]) - threshold * float(hc[on].sum()))
            mid = ~on & (b < y_hi - 1e-9)
            if not mid.any():
                continue
            bm, hm, km = b[mid], hc[mid], kk[mid]

            def h(y: float, bm: Float = bm, hm: Float = hm, km: Float = km) -> float:
                return float(np.dot(hm, np.maximum(0.0, km * y - threshold)))

            knots = np.unique(bm)
            if knots.size > MAX_KNOTS - 2:
                knots = np.unique(np.quantile(knots, np.linspace(0, 1, MAX_KNOTS - 2)))
            knots = np.concatenate([[y_lo], knots, [y_hi]])
            t = prog.var(f"ni[{i}]", 0.0)  # in £m
            _add(into, {t: 1.0}, rate * SCALE)
            # t >= every secant of the convex function h over consecutive knots (in pence, scaled)
            for a, c in itertools.pairwise(knots):
                if c - a <= 1e-12:
                    continue
                ha, hc_ = h(float(a)), h(float(c))
                s = (hc_ - ha) / float(c - a)
                if s <= 0 and ha <= 0:
                    continue
                # t >= ha + s (y - a), y = ys[i] + const[i]
                row: Expr = {t: 1.0}
                _add(row, ys[i], -s / SCALE)
                prog.row(row, lb=(ha + s * (float(const[i]) - float(a))) / SCALE, name=f"ni-piece[{i}]")
        return out

    def _levy_into(
        self, prog: Programme, into: Expr, parts: list[tuple[list[Expr], Float, Float, Float, float]], allowance: float
    ) -> float:
        """Add the Apprenticeship Levy of every employer, ``max(0, sum of rate x pay bill - allowance)`` (pence)."""
        out = 0.0
        n_emp = self.W.shape[0]
        base_lo = np.zeros(n_emp)
        base_hi = np.zeros(n_emp)
        for _, _const, lo, hi, coef in parts:
            base_lo += coef * (self.W @ lo)
            base_hi += coef * (self.W @ hi)
        sure = base_lo >= allowance
        never = base_hi <= allowance
        if sure.any():
            w = self.W[sure].sum(axis=0)
            for ys, const, _, _, coef in parts:
                out += self._linear_into(into, ys, const, coef * w)
            out -= allowance * float(sure.sum())
        for e in np.flatnonzero(~sure & ~never):
            t = prog.var(f"levy[{e}]", 0.0)  # in £m
            _add(into, {t: 1.0}, SCALE)
            row: Expr = {t: 1.0}
            rhs = -allowance
            for ys, const, _, _, coef in parts:
                for i in range(self.n_points):
                    if self.W[e, i]:
                        _add(row, ys[i], -coef * float(self.W[e, i]) / SCALE)
                        rhs += coef * float(self.W[e, i]) * float(const[i])
            prog.row(row, lb=rhs / SCALE, name=f"levy[{e}]")
        return out

    # ----- plain evaluation ----------------------------------------------------------------------------------
    def evaluate(self, pay: list[Float], start: date, end: date, stages: list[date], *, in_year: bool) -> float:
        """The same cost (£m) for known pay vectors per state (no programme): for the pay before an offer."""
        prog = Programme()
        states = [
            StatePay([{} for _ in range(self.n_points)], [float(v) for v in p], np.asarray(p), np.asarray(p))
            for p in pay
        ]
        lc = self.cost(prog, states, start, end, stages, in_year=in_year)
        return lc.total_const
