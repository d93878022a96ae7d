"""Offer templates: the parametrised families real offers come from, as programme variables, and back as offer
files in the contract format (DESIGN §3).

A template gives every point's increase ``d_i`` as an expression in a few parameters (a %, a flat sum, a % per
salary band), possibly the greater of two (``greatest``) and capped at high salaries (``cap``); pay is then
``max(rate + d_i, floor)``. Greater-of, cap and floor are modelled exactly with one binary variable per point where
the bounds leave the answer open (big-M rows with the tightest M the bounds allow)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from payround.engine.selectors import resolve_labels
from payround.errors import SettleError
from payround.settle.lp import Expr, Programme
from payround.settle.schema import Constraints, ParamRange
from payround.structures.model import PayStructure

__all__ = ["Affine", "Realised", "realise", "write_offer"]

Float = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Affine:
    """``const + sum coef x var`` with the bounds it can take."""

    expr: Expr
    const: float
    lo: float
    hi: float


@dataclass
class Realised:
    """A template in a programme: its parameters (index, bounds, how to write them) and each point's pay."""

    params: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # name -> (var, lo, hi)
    pay: list[Affine] = field(default_factory=list)  # stage-1 pay per point (floor applied)
    absorbed: dict[int, int] = field(default_factory=dict)  # point -> binary (1 = paid the floor), -1: always
    floor: Affine | None = None
    flat: frozenset[int] = frozenset()  # points on the flat sum
    capped: frozenset[int] = frozenset()
    bands: list[int] = field(default_factory=list)  # band of each point (banded)
    unit_per_cash: float = 1.0  # structure units per £ a year of cash on the template's week
    growth: float = 1.0  # the second stage's factor


def _param(prog: Programme, name: str, rng: ParamRange, lo: float, hi: float, scale: float) -> tuple[int, float, float]:
    if rng.fixed is not None:
        lo = hi = float(rng.fixed) * scale
    else:
        lo = float(rng.min) * scale if rng.min is not None else lo
        hi = float(rng.max) * scale if rng.max is not None else hi
    return prog.var(f"param:{name}", lo, hi), lo, hi


def _max(prog: Programme, a: Affine, b: Affine, name: str) -> Affine:
    """The greater of two expressions, exactly (a binary when the bounds do not decide it)."""
    if a.lo >= b.hi:
        return a
    if b.lo >= a.hi:
        return b
    m = prog.var(f"max:{name}", -math.inf)
    z = prog.var(f"pick:{name}", 0, 1, integer=True)  # 1: b is the greater
    for e in (a, b):
        prog.row({m: 1.0, **{i: -c for i, c in e.expr.items()}}, lb=e.const, name=f"max:{name}")
    # m <= a + M z ; m <= b + M (1 - z)
    prog.row(_sub({m: 1.0}, a.expr, {z: -(b.hi - a.lo)}), ub=a.const, name=f"max:{name}")
    prog.row(_sub({m: 1.0}, b.expr, {z: a.hi - b.lo}), ub=b.const + (a.hi - b.lo), name=f"max:{name}")
    return Affine({m: 1.0}, 0.0, max(a.lo, b.lo), max(a.hi, b.hi))


def _min_const(prog: Programme, a: Affine, k: float, name: str) -> Affine:
    """The smaller of an expression and a constant, exactly."""
    if a.hi <= k:
        return a
    if a.lo >= k:
        return Affine({}, k, k, k)
    m = prog.var(f"min:{name}", -math.inf)
    z = prog.var(f"capped:{name}", 0, 1, integer=True)  # 1: the cap binds
    prog.row(_sub({m: 1.0}, a.expr, {}), ub=a.const, name=f"cap:{name}")
    prog.row({m: 1.0}, ub=k, name=f"cap:{name}")
    # m >= a - M z ; m >= k - M (1 - z)
    prog.row(_sub({m: 1.0}, a.expr, {z: a.hi - k}), lb=a.const, name=f"cap:{name}")
    prog.row({m: 1.0, z: -(k - a.lo)}, lb=a.lo, name=f"cap:{name}")
    return Affine({m: 1.0}, 0.0, a.lo, k)


def _sub(base: Expr, minus: Expr, extra: Expr) -> Expr:
    out = dict(base)
    for i, c in minus.items():
        out[i] = out.get(i, 0.0) - c
    for i, c in extra.items():
        out[i] = out.get(i, 0.0) + c
    return out


def _scaled(p: tuple[int, float, float], k: float, const: float = 0.0) -> Affine:
    v, lo, hi = p
    return Affine({v: k}, const, const + k * lo, const + k * hi)


def realise(prog: Programme, c: Constraints, s: PayStructure, source: str, floor_cap: float) -> Realised:
    """Add the template's parameters and each point's pay (stage one, floor applied) to ``prog``."""
    t = c.template
    ids = s.point_ids
    rates = np.array([float(p.rate) for p in s.points])
    f0 = float(s.floor.rate) if s.floor else None
    start_pay = np.maximum(rates, f0) if f0 is not None else rates
    hours = t.hours or s.standard_hours
    per_cash = float(s.cash_to_unit(Decimal(1), "year", hours))
    salary = np.array([float(s.full_time_annual(Decimal(repr(float(p))), hours)) for p in start_pay])
    median_salary = float(np.median(salary))
    r = Realised(unit_per_cash=per_cash)
    cash_hi = 0.25 * median_salary * per_cash
    kind = t.kind
    if kind in ("percent", "flat_then_percent", "greatest", "flat_then_greatest"):
        r.params["percent"] = _param(prog, "percent", t.percent, 0.0, 0.25, 0.01)
    if kind in ("greatest", "flat_then_greatest"):
        r.params["cash"] = _param(prog, "cash", t.cash, 0.0, cash_hi, per_cash)
    if kind.startswith("flat_then"):
        r.params["flat_cash"] = _param(prog, "flat_cash", t.flat_cash, 0.0, cash_hi, per_cash)
        chosen, _ = resolve_labels(t.flat_points or [], s, file=source, place="template.flat_points")
        r.flat = frozenset(i for i, p in enumerate(ids) if p in chosen)
    if kind == "banded":
        edges = [float(b) for b in t.bands or []]
        r.bands = [int(np.searchsorted(edges, x, side="right")) for x in salary]
        for k in range(len(edges) + 1):
            r.params[f"band{k}"] = _param(prog, f"band{k}", t.percent, 0.0, 0.25, 0.01)
    if t.cap is not None:
        cap_hours = t.cap.hours or s.standard_hours
        cap_salary = np.array([float(s.full_time_annual(Decimal(repr(float(p))), cap_hours)) for p in start_pay])
        r.capped = frozenset(int(i) for i in np.flatnonzero(cap_salary >= float(t.cap.from_salary)))
        cap_unit = float(s.cash_to_unit(t.cap.cash, "year", cap_hours))
    has_floor = f0 is not None or (t.floor is not False and t.floor != ParamRange())
    if has_floor:
        base = f0 if f0 is not None else float(start_pay.min())
        rng = t.floor if t.floor is not False else ParamRange(fixed=Decimal(repr(base)))
        if rng.fixed is not None and float(rng.fixed) < base:
            raise SettleError(
                f"the floor cannot be fixed below today's ({base}).",
                file=source,
                place="template.floor",
                hint="fix it at or above the structure's floor, or give min/max instead.",
            )
        r.params["floor"] = _param(prog, "floor", rng, base, max(floor_cap, base), 1.0)
        fv, flo, fhi = r.params["floor"]
        r.floor = Affine({fv: 1.0}, 0.0, max(flo, base), fhi)
    if t.second_stage is not None:
        r.growth = 1.0 + float(t.second_stage.percent) / 100.0
    picks: dict[int, int] = {}  # point -> binary of its greater-of (1: the flat sum wins)
    for i, a in enumerate(rates):
        if i in r.flat:
            d = _scaled(r.params["flat_cash"], 1.0)
        elif kind == "banded":
            d = _scaled(r.params[f"band{r.bands[i]}"], a)
        else:
            d = _scaled(r.params["percent"], a)
            if "cash" in r.params:
                before = prog.n
                d = _max(prog, d, _scaled(r.params["cash"], 1.0), f"greatest[{ids[i]}]")
                if prog.n > before:
                    picks[i] = before + 1
        if i in r.capped:
            d = _min_const(prog, d, cap_unit, ids[i])
        rate = Affine(d.expr, d.const + a, d.lo + a, d.hi + a)
        if r.floor is not None:
            pay = _max(prog, rate, r.floor, f"floor[{ids[i]}]")
            if pay is not rate and pay is not r.floor:
                r.absorbed[i] = next(v for v in pay.expr) + 1  # the binary follows its max variable
            elif pay is r.floor:
                r.absorbed[i] = -1  # always paid the floor
        else:
            pay = rate
        r.pay.append(pay)
    _order_cuts(prog, rates, picks, {i: z for i, z in r.absorbed.items() if z >= 0}, kind, r.flat)
    return r


def _order_cuts(
    prog: Programme, rates: Float, picks: dict[int, int], absorbed: dict[int, int], kind: str, flat: frozenset[int]
) -> None:
    """Valid inequalities that follow from the spine's order, to shorten the branch and bound: where a flat sum
    beats a % at a point it beats it at every lower rate; where the floor absorbs a point it absorbs every point
    paid less (the rate after a uniform %, greater-of or cap rises with the rate before, so the order is kept)."""
    monotone = kind in ("percent", "greatest") and not flat
    for table, valid in ((picks, True), (absorbed, monotone)):
        if not valid:
            continue
        keys = sorted(table)
        for i, j in itertools.pairwise(keys):
            if rates[i] <= rates[j]:
                prog.row({table[i]: 1.0, table[j]: -1.0}, lb=0.0, name="order")


# ----- writing the offer -----------------------------------------------------------------------------------------
def _up(x: float, places: int) -> Decimal:
    """``x`` rounded up to ``places`` decimals (offers favour the unions' side; the finder then checks the budget)."""
    q = Decimal(1).scaleb(-places)
    v = max(float(x) - 1e-9 * max(1.0, abs(float(x))), 0.0)
    return Decimal(repr(v)).quantize(q, rounding=ROUND_CEILING)


def write_offer(c: Constraints, s: PayStructure, r: Realised, values: dict[str, float], name: str) -> dict[str, Any]:
    """The offer (an offer-file mapping, DESIGN §3) for the parameter ``values`` the solver chose."""
    t = c.template
    hours = t.hours or s.standard_hours
    ids = s.point_ids

    def cash(v: float) -> dict[str, Any]:
        return {"cash": _up(max(v, 0.0) / r.unit_per_cash, 2), "per": "year", "hours": hours}

    def pct(v: float) -> dict[str, Any]:
        return {"percent": _up(max(v, 0.0) * 100.0, 3)}

    steps: list[dict[str, Any]] = []
    main: Any
    if t.kind == "banded":
        edges = list(t.bands or [])
        cases: list[dict[str, Any]] = []
        for k in range(len(edges) + 1):
            band: dict[str, Any] = {"hours": hours}
            if k > 0:
                band["from"] = edges[k - 1]
            if k < len(edges):
                band["below"] = edges[k]
            cases.append({"where": {"salary": band}, "by": pct(values[f"band{k}"])})
        main = cases
    else:
        main = pct(values["percent"])
        if "cash" in values:
            flat = cash(values["cash"])
            if flat["cash"] == 0 or main["percent"] == 0:  # one part never wins: write the other alone
                main = main if flat["cash"] == 0 else flat
            else:
                main = {"greatest": [main, flat]}
        if r.flat:
            labels = _ranges([ids[i] for i in sorted(r.flat)], ids)
            main = [{"where": {"points": labels}, "by": cash(values["flat_cash"])}, {"by": main}]
    steps.append({"raise": main})
    if t.cap is not None:
        cap_hours = t.cap.hours or s.standard_hours
        steps.append(
            {
                "cap": {
                    "where": {"salary": {"from": t.cap.from_salary, "hours": cap_hours}},
                    "by": {"cash": t.cap.cash, "per": "year", "hours": cap_hours},
                }
            }
        )
    if "floor" in values:
        q = s.rounding.quantum
        steps.append({"floor": (Decimal(repr(float(values["floor"]) - 1e-9)) / q).to_integral_value(ROUND_CEILING) * q})
    stages: list[dict[str, Any]] = [{"effective": c.effective, "steps": steps}]
    if t.second_stage is not None:
        stages.append(
            {"effective": t.second_stage.effective, "steps": [{"raise": {"percent": t.second_stage.percent}}]}
        )
    offer: dict[str, Any] = {"name": name, "structure": c.structure}
    if c.period is not None:
        offer["period"] = {"start": c.period.start, "end": c.period.end}
    offer["stages"] = stages
    return offer


def _ranges(labels: list[str], ids: list[str]) -> list[str]:
    """Consecutive labels as ranges: ['2', '3', '4', '7'] -> ['2-4', '7']."""
    index = {p: i for i, p in enumerate(ids)}
    out: list[str] = []
    run: list[str] = []
    for p in labels:
        if run and index[p] != index[run[-1]] + 1:
            out.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
            run = []
        run.append(p)
    if run:
        out.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return out
