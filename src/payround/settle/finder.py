"""The settlement finder: the best offer of a template that meets both sides, or the money missing and the demands
that stand in the way, checked on the engine's and the costing's own figures.

1. Solve the programme (``problem.build``) for the objective: least cost (default), or the highest lowest pay or
   least % for all within the budget (then the least cost at that level).
2. Write the offer, apply it with the engine, cost it with the real costing and check every constraint. If the
   engine's rounding breaks a hard one, widen the matching margin (pay by half a quantum, money by the excess) and
   solve again, up to ``REPAIRS`` times; if it still breaks, say so.
3. Infeasible: solve without the budget for the least extra money that meets everything else (the missing money is
   then the real cost of that offer over the budget); if even unlimited money cannot, find an irreducible set of
   demands that conflict (a deletion filter: drop each demand in turn, keep it only if the rest become feasible).
4. Which demands bind: the shadow prices of their rows, with the integer choices fixed (``Programme.duals``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from typing import Any

from payround.offers import parse_offer
from payround.settle.lp import INF, Programme, Solution
from payround.settle.problem import (
    Built,
    Group,
    Margins,
    Resolved,
    budget_limit,
    budget_measure,
    build,
    lower_target,
    relevel,
)
from payround.settle.schema import Budget, FloorDemand, Frontier, PercentForAll
from payround.settle.templates import write_offer
from payround.settle.verify import Verified, budget_limit_pounds, verify_offer

__all__ = ["REPAIRS", "Binding", "FrontierPoint", "Settlement", "find_settlement", "frontier"]

log = logging.getLogger(__name__)
REPAIRS = 5
TIE = 1e-4  # £m per parameter at its upper bound: about £100, the size of the costing's own rounding
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Binding:
    """A demand that decides the answer, in words."""

    key: str
    side: str
    words: str
    price: float | None  # £ a year per natural unit (least-cost objective), when known


@dataclass(frozen=True)
class FrontierPoint:
    """The least cost at one level of the unions' demand."""

    value: Decimal
    feasible: bool
    cost: Decimal | None  # total_cost_increase_full_year of the offer, by the real costing
    within_budget: bool | None
    offer: dict[str, Any] | None


@dataclass(frozen=True)
class Settlement:
    """What the finder found."""

    feasible: bool
    verified: Verified | None  # the offer (feasible) or the cheapest offer meeting the unions' side (infeasible)
    missing_money: Decimal | None
    binding: list[Binding]
    parameters: dict[str, float]
    notes: list[str] = field(default_factory=list)
    repairs: int = 0
    frontier: list[FrontierPoint] | None = None


def _objective(b: Built, res: Resolved) -> Callable[[], Solution]:
    """Set the objective on ``b.prog`` and return the solve (two solves for the max objectives)."""
    prog = b.prog
    cost = dict(b.full_year.total)
    for i, w in b.penalty.items():
        cost[i] = cost.get(i, 0.0) + w
    for v, _lo, hi in b.realised.params.values():
        # ties (a % that no point gets, a flat sum the floor overrides) go to the smaller parameter
        cost[v] = cost.get(v, 0.0) + TIE / max(hi, 1e-9)
    obj = res.constraints.objective
    if obj == "min_cost":
        prog.minimise(cost)
        return prog.solve
    level = prog.var(f"objective:{obj}", -INF)
    for i, a in enumerate(b.realised.pay):
        p0 = float(res.structure.pay(res.structure.point_ids[i]))
        row = {k: -v for k, v in a.expr.items()}
        if obj == "max_lowest_pay":
            row[level] = 1.0
            prog.row(row, ub=a.const, name="objective")
        else:  # percent rise of the point, in percent
            row = {k: v * 100.0 / p0 for k, v in row.items()}
            row[level] = 1.0
            prog.row(row, ub=100.0 * (a.const - p0) / p0, name="objective")

    def solve() -> Solution:
        prog.minimise({level: -1.0})
        first = prog.solve()
        if not first.ok:
            return first
        best = float(first.x[level])
        prog.row({level: 1.0}, lb=best - 1e-7 * max(1.0, abs(best)), name="objective-level")
        prog.minimise(cost)
        return prog.solve()

    return solve


def _values(b: Built, sol: Solution) -> dict[str, float]:
    return {k: float(sol.x[v]) for k, (v, _, _) in b.realised.params.items()}


def _solve(b: Built, res: Resolved) -> Solution:
    sol = _objective(b, res)()
    if not sol.ok:
        return sol
    polished, duals = b.prog.polish(sol)
    b.duals = duals
    return polished


def _attempt(res: Resolved, margins: Margins, *, budget: bool, name: str) -> tuple[Built, Solution, Verified | None]:
    b = build(res, margins, budget=budget)
    sol = _solve(b, res)
    if not sol.ok:
        return b, sol, None
    doc = write_offer(res.constraints, res.structure, b.realised, _values(b, sol), name)
    offer = parse_offer(doc, f"{res.source} (found offer)")
    return b, sol, verify_offer(res, doc, offer, budget=budget)


def _repair(margins: Margins, v: Verified) -> Margins:
    m = replace(margins)
    for f in v.failures:
        if f.direction == "budget":
            m.budget += float(f.excess) / 1e6 * 1.5 + 1e-6
        elif f.direction == "upper":
            m.pay_upper += 0.5
        else:
            m.pay_lower += 0.5
    return m


def _solve_verified(res: Resolved, *, budget: bool, name: str) -> tuple[Built, Solution, Verified | None, int, bool]:
    """Solve, check on the engine, and repair rounding; returns the last programme, solution and check, the
    repairs made, and whether every hard constraint holds."""
    margins = Margins()
    b, sol, v = _attempt(res, margins, budget=budget, name=name)
    repairs = 0
    while v is not None and v.failures and repairs < REPAIRS:
        log.info("rounding breaks %s; repairing", [f.key for f in v.failures])
        margins = _repair(margins, v)
        repairs += 1
        b, sol, v = _attempt(res, margins, budget=budget, name=name)
    return b, sol, v, repairs, v is not None and not v.failures


def _bindings(b: Built, sol: Solution, res: Resolved) -> list[Binding]:
    duals = b.duals
    out: list[Binding] = []
    least_cost = res.constraints.objective == "min_cost"
    for g in b.groups:
        short = float(sol.x[g.slack]) if g.slack is not None else 0.0
        price = sum(abs(float(duals[r])) for r in g.rows) if duals is not None else 0.0
        if short > 1e-9:
            out.append(Binding(g.key, g.side, f"{g.words} is not met in full (soft): short by {short:.4g}", None))
        elif price > 1e-9 or ((duals is None or not least_cost) and _tight(b, sol, g)):
            # with a max objective the second (least-cost) solve fixes the level, so a spent budget shows as tight
            per = price * g.per_unit * 1e6 if least_cost and duals is not None else None
            words = f"{g.words} binds"
            if per is not None:
                words += f": each {g.unit} more costs about £{per:,.0f} a year"
            out.append(Binding(g.key, g.side, words, per))
    for name, (v, lo, hi) in b.realised.params.items():
        x = float(sol.x[v])
        if hi > lo and x >= hi - 1e-7 * max(1.0, abs(hi)):
            out.append(
                Binding(
                    f"template.{name}",
                    "template",
                    f"the template's upper bound on {name} binds; raise template.{name}.max to look further",
                    None,
                )
            )
    return out


def _tight(b: Built, sol: Solution, g: Group) -> bool:
    for r in g.rows:
        expr, lo, hi, _ = b.prog.rows[r]
        val = sol.value(expr)
        if abs(val - lo) <= 1e-7 * max(1.0, abs(lo)) or abs(val - hi) <= 1e-7 * max(1.0, abs(hi)):
            return True
    return False


def _missing_programme(res: Resolved) -> tuple[Built, Solution]:
    """The least extra money, added to every budget measure, that lets the rest hold; its cheapest offer."""
    b = build(res, budget=False)
    prog = b.prog
    budget = res.constraints.employers.budget
    assert budget is not None
    extra = prog.var("missing money", 0.0)
    for key, amount in budget.measures():
        expr, const = budget_measure(b, key)
        row = dict(expr)
        row[extra] = -1.0
        prog.row(row, ub=budget_limit(b, amount) - const, name="missing")
    cost = dict(b.full_year.total)
    for i, w in b.penalty.items():
        cost[i] = cost.get(i, 0.0) + w
    prog.minimise({extra: 1.0})
    first = prog.solve()
    if not first.ok:
        return b, first
    prog.row({extra: 1.0}, ub=float(first.x[extra]) * (1 + 1e-9) + 1e-9, name="missing-level")
    prog.minimise(cost)
    return b, prog.solve()


def _conflict(res: Resolved) -> list[Binding]:
    """An irreducible set of hard demands that no offer of the template meets together, however much money."""
    b = build(res, budget=False)
    hard = [g for g in b.groups if g.hard]
    rows = list(b.prog.rows)

    def feasible(active: list[Group]) -> bool:
        keep = {r for g in active for r in g.rows}
        drop = {r for g in hard for r in g.rows} - keep
        p = Programme(
            b.prog.names,
            b.prog.lb,
            b.prog.ub,
            b.prog.integer,
            {},
            [(e, -INF, INF, n) if k in drop else (e, lo, hi, n) for k, (e, lo, hi, n) in enumerate(rows)],
        )
        return p.solve(time_limit=20.0).ok

    kept = list(hard)
    for g in hard:
        trial = [x for x in kept if x is not g]
        if not feasible(trial):
            kept = trial
    return [Binding(g.key, g.side, f"{g.words} conflicts with the others", None) for g in kept]


def find_settlement(res: Resolved, *, progress: Progress | None = None, name: str | None = None) -> Settlement:
    """Find the settlement ``res`` asks for (see the module docstring)."""
    say = progress or (lambda _msg: None)
    c = res.constraints
    title = name or f"Found offer: {c.name}"
    say("solving")
    b, sol, v, repairs, ok = _solve_verified(res, budget=True, name=title)
    if ok and v is not None:
        return Settlement(True, v, None, _bindings(b, sol, res), _values(b, sol), _notes(v), repairs)
    notes: list[str] = []
    if v is not None and sol.ok:
        notes.append(
            "the engine's rounding breaks " + ", ".join(f.key for f in v.failures) + f" after {repairs} "
            "repairs; the offer is shown but not claimed feasible"
        )
        return Settlement(False, v, None, _bindings(b, sol, res), _values(b, sol), notes + _notes(v), repairs)
    budget = c.employers.budget
    if budget is not None and budget.hard:
        say("finding the money missing")
        mb, msol = _missing_programme(res)
        if msol.ok:
            b2, sol2, v2, rep2, ok2 = _solve_verified(_with_min_cost(res), budget=False, name=title)
            if ok2 and v2 is not None:
                chosen, cb, csol = v2, b2, sol2
            else:  # fall back on the least-money offer itself
                doc = write_offer(c, res.structure, mb.realised, _values(mb, msol), title)
                chosen = verify_offer(res, doc, parse_offer(doc, f"{res.source} (found offer)"), budget=False)
                cb, csol = mb, msol
            missing = _missing(chosen, cb, csol, budget)
            binding = [
                Binding(
                    "employers.budget",
                    "employers",
                    f"the employers' budget is short by £{max(missing, Decimal(0)):,}",
                    None,
                )
            ]
            binding += [x for x in _bindings(b2, sol2, res) if x.side != "employers" or x.key != "employers.budget"]
            verified = verify_offer(res, chosen.offer, parse_offer(chosen.offer, res.source), budget=True)
            return Settlement(
                False, verified, max(missing, Decimal("0.01")), binding, _values(b2, sol2), _notes(verified), rep2
            )
    say("finding the demands that conflict")
    return Settlement(
        False,
        None,
        None,
        _conflict(res),
        {},
        ["no offer of this template meets every hard demand, whatever the money"],
        repairs,
    )


def _missing(v: Verified, b: Built, sol: Solution, budget: Budget) -> Decimal:
    """The money missing: by how much the offer's cost passes each budget measure, at worst. The cost is the real
    costing's, or the programme's where that is higher (its on-cost pieces never under-state), so that with this
    much more the finder itself finds the offer."""
    worst = Decimal(0)
    for key, amount in budget.measures():
        expr, const = budget_measure(b, key)
        model = Decimal(repr(float(sol.value(expr, const)) * 1e6)).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
        real = Decimal(_measure(v.cost, key))
        worst = max(worst, max(real, model) - budget_limit_pounds(amount, v.cost))
    return worst


def _with_min_cost(res: Resolved) -> Resolved:
    c = res.constraints
    if c.objective == "min_cost":
        return res
    return replace(res, constraints=c.model_copy(update={"objective": "min_cost"}))


def _measure(cost: dict[str, Any], key: str) -> str:
    if key.startswith("paybill_"):
        return str(cost["paybill"][key.removeprefix("paybill_")])
    return str(cost[key])


def _notes(v: Verified) -> list[str]:
    return [f"soft constraint {c.key} is not met: {c.detail}" for c in v.checks if not c.hard and not c.met]


def frontier(res: Resolved, *, progress: Progress | None = None) -> list[FrontierPoint]:
    """The least cost of meeting the unions' demands as the floor (or the % for all) runs over a range: one
    programme, built once at the top of the range, whose demand rows are moved from point to point."""
    c = res.constraints
    spec = c.frontier or Frontier()
    s = res.structure
    q, mode = float(s.rounding.quantum), s.rounding.mode
    if spec.over == "floor":
        now = s.floor.rate if s.floor else min(p.rate for p in s.points)
        start = spec.start if spec.start is not None else now
        end = spec.end if spec.end is not None else max(res.floor_target or now, now) * Decimal("1.15")
        step = s.rounding.quantum
        unions = c.unions.model_copy(update={"floor": FloorDemand(at_least=end)})
        top = replace(res, floor_target=end, floor_words=f"the floor of at least {end}")
    else:
        start = spec.start if spec.start is not None else Decimal(0)
        have = c.unions.all_points.percent_at_least if c.unions.all_points else Decimal(5)
        end = spec.end if spec.end is not None else max(have * 2, Decimal(10))
        step = Decimal("0.01")
        unions = c.unions.model_copy(update={"all_points": PercentForAll(percent_at_least=end)})
        top = res
    cons = c.model_copy(
        update={"unions": unions, "employers": c.employers.model_copy(update={"budget": None}), "objective": "min_cost"}
    )
    top = replace(top, constraints=cons)
    b = build(top, budget=False, floor_cap=float(end) * 1.05)
    growth = b.realised.growth
    p0 = [float(s.pay(p)) for p in s.point_ids]
    key = "unions.floor" if spec.over == "floor" else "unions.all_points"
    budget = c.employers.budget
    out: list[FrontierPoint] = []
    for k in range(spec.points):
        value = ((start + (end - start) * k / (spec.points - 1)) / step).to_integral_value() * step
        if progress is not None:
            progress(f"frontier {k + 1}/{spec.points}")
        n_rows = len(next(g for g in b.groups if g.key == key).parts)
        if spec.over == "floor":
            bounds = [lower_target(float(value), q, mode, growth)] * n_rows
        else:
            bounds = [lower_target(x * (1 + float(value) / 100), q, mode, growth) for x in p0]
        relevel(b, key, bounds)
        sol = _objective(b, top)()  # no polishing: a frontier needs costs, not shadow prices
        if not sol.ok:
            out.append(FrontierPoint(value, False, None, None, None))
            continue
        doc = write_offer(cons, s, b.realised, _values(b, sol), f"{c.name}: {spec.over} {value}")
        v = verify_offer(top, doc, parse_offer(doc, f"{res.source} (frontier)"), budget=False)
        cost = Decimal(v.cost["total_cost_increase_full_year"])
        within = None
        if budget is not None:
            within = all(Decimal(_measure(v.cost, m)) <= budget_limit_pounds(a, v.cost) for m, a in budget.measures())
        failures = [f for f in v.failures if f.key != key]
        level_met = _level_met(v, spec.over, value, p0)
        out.append(FrontierPoint(value, not failures and level_met, cost, within, v.offer))
    return out


def _level_met(v: Verified, over: str, value: Decimal, p0: list[float]) -> bool:
    """The frontier's own level, checked on the engine's figures."""
    final = v.result.final
    if over == "floor":
        if final.floor is not None:
            return final.floor.after >= value
        return all(p.after >= value for p in final.points)
    k = 1 + value / 100
    return all(p.after >= p.before * k for p in final.points)
