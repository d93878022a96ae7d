"""The settlement problem as one programme: a template's offers, their cost on the workforce, and each side's
constraints as named groups of rows (hard, or soft with a slack variable priced by its weight).

Every bound on pay is stated on the rounded figure the engine will print: a lower bound L on a rate rounded to the
structure's quantum holds exactly when the unrounded rate reaches the rounding threshold below the next quantum up
(``lower_target``), so the offer the finder writes keeps its promises after the engine's rounding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np
import numpy.typing as npt

from payround.costing.prepare import PreparedWorkforce
from payround.engine.selectors import resolve_labels
from payround.settle.costmodel import CostModel, LinearCost, StatePay
from payround.settle.lp import Expr, Programme
from payround.settle.schema import BudgetAmount, Constraints
from payround.settle.templates import Affine, Realised, realise
from payround.structures.model import PayStructure

__all__ = ["Built", "Group", "Margins", "Resolved", "build", "lower_target", "relevel", "upper_target"]

Bound = Callable[[float], float]
_EPS = 1e-6  # of a quantum: keeps a bound strictly inside the rounding threshold


@dataclass(frozen=True)
class Resolved:
    """A constraints file with everything it refers to looked up (pure inputs to the finder)."""

    constraints: Constraints
    structure: PayStructure
    prepared: PreparedWorkforce
    start: date
    end: date
    source: str
    floor_target: Decimal | None = None  # the unions' floor in the structure's unit
    floor_words: str = ""
    inflation_pct: Decimal | None = None  # for real-terms protection
    model: CostModel | None = None

    @property
    def stages(self) -> list[date]:
        """Effective dates of the offer's stages."""
        ss = self.constraints.template.second_stage
        return [self.constraints.effective] + ([ss.effective] if ss is not None else [])


@dataclass
class Margins:
    """Safety margins the finder adds after a rounding check fails: pay (in quanta) and money (£m)."""

    pay_lower: float = 0.0
    pay_upper: float = 0.0
    budget: float = 0.0


@dataclass
class Group:
    """One constraint of the file, as rows of the programme."""

    key: str  # e.g. 'unions.floor'
    words: str  # 'the floor of at least £10.85'
    unit: str  # the natural unit of its shadow price ('£0.01 on the floor', '1 percentage point')
    hard: bool
    side: str  # 'employers' or 'unions'
    rows: list[int] = field(default_factory=list)
    per_unit: float = 1.0  # rows are written per this many natural units
    slack: int | None = None
    parts: list[tuple[int, float, float]] = field(default_factory=list)  # (row, scale, constant) per row


@dataclass
class Built:
    """The programme with the handles the finder reads back."""

    prog: Programme
    realised: Realised
    final_pay: list[Affine]
    full_year: LinearCost
    in_year: LinearCost
    before_full_year: float
    before_in_year: float
    paybill_before: float  # £m a year
    groups: list[Group]
    penalty: Expr
    duals: npt.NDArray[np.float64] | None = None  # shadow prices of the rows, once solved


def lower_target(value: float, q: float, mode: str, growth: float = 1.0) -> float:
    """The least unrounded stage-one rate whose rounded (and, with a second stage, re-rounded) value is >= value."""
    need = _ceil(value, q)
    if growth != 1.0:
        need = _ceil((need - _below(q, mode)) / growth, q)
    return need - _below(q, mode)


def upper_target(value: float, q: float, mode: str, growth: float = 1.0) -> float:
    """The greatest unrounded stage-one rate whose rounded (and re-rounded) value is <= value."""
    top = _floor(value, q)
    if growth != 1.0:
        top = _floor((top + _above(q, mode)) / growth, q)
    return top + _above(q, mode)


def _ceil(x: float, q: float) -> float:
    d = Decimal(repr(float(x))) / Decimal(repr(float(q)))
    return float(d.to_integral_value(ROUND_CEILING) * Decimal(repr(q)))


def _floor(x: float, q: float) -> float:
    d = Decimal(repr(float(x))) / Decimal(repr(float(q)))
    return float(d.to_integral_value(ROUND_FLOOR) * Decimal(repr(q)))


def _below(q: float, mode: str) -> float:
    return {"half_up": q / 2 - _EPS * q, "half_even": q / 2 - _EPS * q, "up": q - _EPS * q}.get(mode, 0.0)


def _above(q: float, mode: str) -> float:
    return {"half_up": q / 2 - _EPS * q, "half_even": q / 2 - _EPS * q, "down": q - _EPS * q}.get(mode, 0.0)


def build(res: Resolved, margins: Margins | None = None, *, budget: bool = True, floor_cap: float = 0.0) -> Built:
    """The programme for ``res``; ``budget=False`` leaves the employers' budget out (to find the money missing)."""
    m = margins or Margins()
    c, s = res.constraints, res.structure
    prog = Programme()
    q, mode = float(s.rounding.quantum), s.rounding.mode
    rates = np.array([float(p.rate) for p in s.points])
    f0 = float(s.floor.rate) if s.floor else None
    p0 = np.maximum(rates, f0) if f0 is not None else rates
    cap = max(floor_cap, 1.5 * float(p0.min()), 1.2 * float(res.floor_target or 0))
    r = realise(prog, c, s, res.source, cap)
    g = r.growth
    final = [Affine({i: k * g for i, k in a.expr.items()}, a.const * g, a.lo * g, a.hi * g) for a in r.pay]
    model = res.model or CostModel(res.prepared)
    s1 = StatePay(
        [a.expr for a in r.pay],
        [a.const for a in r.pay],
        np.array([a.lo for a in r.pay]),
        np.array([a.hi for a in r.pay]),
    )
    states = [StatePay([{} for _ in p0], [float(x) for x in p0], p0, p0), s1]
    if g != 1.0:
        states.append(
            StatePay(
                [a.expr for a in final],
                [a.const for a in final],
                np.array([a.lo for a in final]),
                np.array([a.hi for a in final]),
            )
        )
    full = model.cost(prog, states, res.start, res.end, res.stages, in_year=False)
    budget_ = c.employers.budget
    needs_in_year = budget_ is not None and any(k.endswith("in_year") for k, _ in budget_.measures())
    # the in-year cost is only built when a budget asks for it (it doubles the on-cost rows)
    iny = model.cost(prog, states, res.start, res.end, res.stages, in_year=True) if needs_in_year else full
    before = [p0] * len(states)
    b_full = model.evaluate(before, res.start, res.end, res.stages, in_year=False)
    b_in = model.evaluate(before, res.start, res.end, res.stages, in_year=True)
    paybill = float(np.dot(model.K, p0)) / 1e8
    built = Built(prog, r, final, full, iny, b_full, b_in, paybill, [], {})

    def lo(v: float) -> float:
        return lower_target(v, q, mode, g) + m.pay_lower * q

    def hi(v: float) -> float:
        return upper_target(v, q, mode, g) - m.pay_upper * q

    _unions(built, res, p0, lo)
    _employers(built, res, p0, hi, m.budget if budget else None)
    return built


def relevel(b: Built, key: str, bounds: list[float]) -> None:
    """Move the lower bounds of a group's rows (one bound per row, in the order they were written) without
    rebuilding the programme: how the frontier walks a demand's level."""
    gr = next(g for g in b.groups if g.key == key)
    for (row, scale, const), bound in zip(gr.parts, bounds, strict=True):
        expr, _, ub, name = b.prog.rows[row]
        b.prog.rows[row] = (expr, scale * (bound - const), ub, name)


def _group(
    b: Built, key: str, words: str, unit: str, hard: bool, weight: Decimal | None, side: str, per_unit: float = 1.0
) -> Group:
    gr = Group(key, words, unit, hard, side, per_unit=per_unit)
    if not hard and weight is not None:
        gr.slack = b.prog.var(f"slack:{key}", 0.0)
        b.penalty[gr.slack] = float(weight) / 1e6  # £ per natural unit, in £m
    b.groups.append(gr)
    return gr


def _at_least(b: Built, gr: Group, expr: Expr, const: float, bound: float, scale: float = 1.0) -> None:
    """``scale x (expr + const) (+ slack) >= scale x bound``, as a row of the group."""
    row = {i: scale * v for i, v in expr.items()}
    if gr.slack is not None:
        row[gr.slack] = 1.0
    gr.rows.append(b.prog.row(row, lb=scale * (bound - const), name=gr.key))
    gr.parts.append((gr.rows[-1], scale, const))


def _at_most(b: Built, gr: Group, expr: Expr, const: float, bound: float, scale: float = 1.0) -> None:
    row = {i: scale * v for i, v in expr.items()}
    if gr.slack is not None:
        row[gr.slack] = -1.0
    gr.rows.append(b.prog.row(row, ub=scale * (bound - const), name=gr.key))


def _pay(b: Built, i: int) -> Affine:
    return b.realised.pay[i]


def _unions(b: Built, res: Resolved, p0: np.ndarray, lo: Bound) -> None:
    u, s = res.constraints.unions, res.structure
    low = lo
    n = len(p0)
    if u.floor is not None and res.floor_target is not None:
        gr = _group(
            b, "unions.floor", res.floor_words, "£0.01 on the floor", u.floor.hard, u.floor.weight, "unions", 0.01
        )
        target = float(res.floor_target)
        if b.realised.floor is not None:
            f = b.realised.floor
            _at_least(b, gr, f.expr, f.const, low(target))
        else:
            for i in range(n):
                _at_least(b, gr, _pay(b, i).expr, _pay(b, i).const, low(target))
    if u.all_points is not None:
        y = float(u.all_points.percent_at_least)
        gr = _group(
            b,
            "unions.all_points",
            f"a rise of at least {u.all_points.percent_at_least}% on every point",
            "percentage point for all",
            u.all_points.hard,
            u.all_points.weight,
            "unions",
        )
        for i in range(n):
            bound = low(p0[i] * (1 + y / 100))
            _at_least(b, gr, _pay(b, i).expr, _pay(b, i).const, bound, 100.0 / p0[i])
    if u.lowest_points is not None:
        lp = u.lowest_points
        chosen, _ = resolve_labels(lp.points, s, file=res.source, place="unions.lowest_points.points")
        z = float(s.cash_to_unit(lp.cash_at_least, lp.per, lp.hours))
        gr = _group(
            b,
            "unions.lowest_points",
            f"at least £{lp.cash_at_least:,} a {lp.per} on points {', '.join(lp.points)}",
            "£1 a year at those points",
            lp.hard,
            lp.weight,
            "unions",
            1.0 / float(s.cash_to_unit(Decimal(1), "year", lp.hours)),
        )
        for i, pid in enumerate(s.point_ids):
            if pid in chosen:
                _at_least(b, gr, _pay(b, i).expr, _pay(b, i).const, low(p0[i] + z))
    if u.real_terms is not None and res.inflation_pct is not None:
        _real_terms(b, res, p0, low)
    if u.no_leapfrogging is not None and u.no_leapfrogging.on:
        nl = u.no_leapfrogging
        gr = _group(
            b,
            "unions.no_leapfrogging",
            "no leapfrogging (every point stays at or above the one below)",
            "£0.01 of overlap",
            nl.hard,
            nl.weight,
            "unions",
            0.01,
        )
        for i in range(n - 1):
            if p0[i] <= p0[i + 1]:
                a, c = _pay(b, i + 1), _pay(b, i)
                _at_least(b, gr, _minus(a.expr, c.expr), a.const - c.const, 0.0)
    if u.differentials is not None:
        _differentials(b, res, p0)


def _minus(a: Expr, c: Expr, k: float = 1.0) -> Expr:
    out = dict(a)
    for i, v in c.items():
        out[i] = out.get(i, 0.0) - k * v
    return out


def _real_terms(b: Built, res: Resolved, p0: np.ndarray, low: Bound) -> None:
    rt = res.constraints.unions.real_terms
    assert rt is not None and res.inflation_pct is not None
    pi = float(res.inflation_pct)
    model = res.model or CostModel(res.prepared)
    heads = model.heads
    total = float(heads.sum())
    gr = _group(
        b,
        "unions.real_terms",
        f"a rise of at least inflation ({res.inflation_pct}%) for at least "
        f"{rt.share_at_least * 100:.0f}% of the workforce",
        "percentage point of the workforce",
        rt.hard,
        rt.weight,
        "unions",
    )
    share: Expr = {}
    for i in range(len(p0)):
        if heads[i] <= 0:
            continue
        a = _pay(b, i)
        need = low(p0[i] * (1 + pi / 100))
        if a.lo >= need:
            share_const = heads[i]
            share[-1] = share.get(-1, 0.0) + share_const
            continue
        if a.hi < need:
            continue
        yv = b.prog.var(f"protected[{i}]", 0, 1, integer=True)
        # pay >= need - M (1 - y)
        row = dict(a.expr)
        row[yv] = -(need - a.lo)
        b.prog.row(row, lb=a.lo - a.const, name="real_terms.protect")
        share[yv] = 100.0 * heads[i] / total
    const = 100.0 * share.pop(-1, 0.0) / total
    _at_least(b, gr, share, const, float(rt.share_at_least) * 100.0)


def _differentials(b: Built, res: Resolved, p0: np.ndarray) -> None:
    d = res.constraints.unions.differentials
    assert d is not None
    s = res.structure
    k = 1 + float(d.percent_at_least) / 100
    chosen: frozenset[str] = frozenset(s.point_ids)
    if d.points is not None:
        chosen, _ = resolve_labels(d.points, s, file=res.source, place="unions.differentials.points")
    gr = _group(
        b,
        "unions.differentials",
        f"at least {d.percent_at_least}% between adjacent points above the floor",
        "percentage point of differential",
        d.hard,
        d.weight,
        "unions",
    )
    ids = s.point_ids
    for i in range(len(p0) - 1):
        if ids[i] not in chosen or ids[i + 1] not in chosen:
            continue
        up, dn = _pay(b, i + 1), _pay(b, i)
        z = b.realised.absorbed.get(i + 1)
        if z == -1:
            continue
        expr = _minus(up.expr, dn.expr, k)
        const = up.const - k * dn.const
        if z is not None:  # no differential needed where the upper point is paid the floor too
            expr[z] = expr.get(z, 0.0) + max(0.0, k * dn.hi - up.lo)
        _at_least(b, gr, expr, const, 0.0, 100.0 / max(float(p0[i]), 1e-9))


def _employers(b: Built, res: Resolved, p0: np.ndarray, hi: Bound, budget_margin: float | None) -> None:
    e, s = res.constraints.employers, res.structure
    high = hi
    if e.budget is not None and budget_margin is not None:
        gr = _group(
            b,
            "employers.budget",
            "the employers' budget",
            "£1 of budget",
            e.budget.hard,
            e.budget.weight,
            "employers",
            1e-6,
        )
        for key, amount in e.budget.measures():
            expr, const = budget_measure(b, key)
            limit = _budget_limit(b, amount)
            _at_most(b, gr, expr, const, limit - budget_margin)
    if e.top is not None:
        labels = e.top.points or [s.point_ids[-1]]
        chosen, _ = resolve_labels(labels, s, file=res.source, place="employers.top.points")
        y = float(e.top.percent_at_most)
        gr = _group(
            b,
            "employers.top",
            f"at most {e.top.percent_at_most}% at the top ({', '.join(labels)})",
            "percentage point at the top",
            e.top.hard,
            e.top.weight,
            "employers",
        )
        for i, pid in enumerate(s.point_ids):
            if pid in chosen:
                bound = high(p0[i] * (1 + y / 100))
                _at_most(b, gr, _pay(b, i).expr, _pay(b, i).const, bound, 100.0 / p0[i])
    if e.no_rise_above is not None:
        nr = e.no_rise_above
        gr = _group(
            b,
            "employers.no_rise_above",
            f"no rise from £{nr.salary:,} a year",
            "£0.01 of rise",
            nr.hard,
            nr.weight,
            "employers",
            0.01,
        )
        for i, p in enumerate(p0):
            if float(s.full_time_annual(Decimal(repr(float(p))), nr.hours)) >= float(nr.salary):
                _at_most(b, gr, _pay(b, i).expr, _pay(b, i).const, high(float(p)))


def budget_measure(b: Built, key: str) -> tuple[Expr, float]:
    """A budget measure's increase (£m) as ``expr + const``."""
    if key == "total_cost_increase_full_year":
        return b.full_year.total, b.full_year.total_const - b.before_full_year
    if key == "total_cost_increase_in_year":
        return b.in_year.total, b.in_year.total_const - b.before_in_year
    before = b.paybill_before
    if key == "paybill_increase_full_year":
        return b.full_year.pay, b.full_year.pay_const - before
    return b.in_year.pay, b.in_year.pay_const - before


def _budget_limit(b: Built, amount: Decimal | BudgetAmount) -> float:
    if isinstance(amount, BudgetAmount):
        return b.paybill_before * float(amount.percent_of_paybill) / 100.0
    return float(amount) / 1e6


def budget_limit(b: Built, amount: Decimal | BudgetAmount) -> float:
    """A budget measure's limit in £m."""
    return _budget_limit(b, amount)
