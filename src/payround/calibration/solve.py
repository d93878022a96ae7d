"""Calibrating an illustrative workforce to published costings.

Two knobs - the gamma scale of the distribution over points and the weight of one job family (``calibrate_group``)
- are solved by Newton's method on log-knobs (finite-difference Jacobian) so that the first target offer costs what
was published, in pounds and in percent. The random draws are made once (common random numbers), so the solution is
exact for the workforce that the seed generates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from payround.costing import CostTotals, cost_offer
from payround.costing.summary import pct, pounds
from payround.engine import OfferResult, apply_offer
from payround.errors import WorkforceError
from payround.offers import parse_offer, resolve_structure
from payround.structures import load_structure
from payround.workforce.model import Workforce
from payround.workforce.synth.config import SynthConfig, Target
from payround.workforce.synth.generate import Draws, build, draw, to_workforce

__all__ = ["Measured", "calibrate", "measure", "target_result"]


@dataclass(frozen=True)
class Measured:
    """What payround estimates for a published costing: the measure the target publishes (pay bill or total
    cost increase, pounds and percent), and the costing's typed totals (pence)."""

    target: Target
    increase: Decimal
    increase_pct: Decimal
    totals: CostTotals


def target_result(target: Target) -> OfferResult:
    """Apply a target's inline offer to the structure it names."""
    offer = parse_offer(target.offer, f"offer {target.offer.get('name', '')!r} in the workforce configuration")
    return apply_offer(offer, resolve_structure(offer))


def measure(target: Target, workforce: Workforce, result: OfferResult | None = None) -> Measured:
    """Cost a target's offer on ``workforce`` and read the published measure off the typed totals."""
    t = cost_offer(result or target_result(target), workforce).totals()
    if target.measure == "paybill":
        inc, base = t.after.pay - t.before.pay, t.before.pay
    else:
        inc, base = t.total_cost_increase_full_year, t.total_cost_before
    return Measured(target, pounds(inc), pct(inc, base), t)


def calibrate(
    config: SynthConfig, *, headcount: int | None = None, seed: int | None = None, tol: float = 1e-4
) -> tuple[SynthConfig, Measured]:
    """Solve the two knobs so that ``config.targets[0]`` is met (relative error below ``tol`` on both figures).

    With another ``headcount`` than the configuration's, the target in pounds is scaled in proportion (the same
    cost per head); the percentage is unchanged."""
    if not config.targets or config.calibrate_group is None:
        raise WorkforceError(
            "this configuration has nothing to calibrate.",
            file=config.id,
            hint="add targets and calibrate_group to the configuration.",
        )
    target = config.targets[0]
    if target.increase is None or target.increase_pct is None:
        raise WorkforceError("a calibration target needs both an increase and a percentage.", file=config.id)
    structure = load_structure(config.structure)
    n = headcount or config.headcount
    draws: Draws = draw(n, config.seed if seed is None else seed)
    result = target_result(target)
    goal_pounds = float(target.increase) * n / config.headcount
    goal = np.array([math.log(goal_pounds), math.log(float(target.increase_pct))])

    def f(x: np.ndarray) -> tuple[np.ndarray, Measured]:
        cfg = config.with_knobs(math.exp(x[0]), math.exp(x[1]))
        m = measure(target, to_workforce(cfg, build(cfg, draws, structure)), result)
        return np.array([math.log(float(m.increase)), math.log(float(m.increase_pct))]) - goal, m

    x = np.log(np.array(config.knobs, dtype=np.float64))
    fx, m = f(x)
    for _ in range(12):
        if np.all(np.abs(fx) < tol):
            break
        jac = np.empty((2, 2))
        for j in range(2):
            step = np.zeros(2)
            step[j] = 0.02
            jac[:, j] = (f(x + step)[0] - fx) / 0.02
        delta = np.linalg.solve(jac, -fx)
        scale = min(1.0, 1.0 / max(1e-12, float(np.abs(delta).max())))  # at most e-fold per step
        x = x + delta * scale
        fx, m = f(x)
    else:
        raise WorkforceError(
            "the calibration did not converge.",
            file=config.id,
            got=f"errors of {fx[0]:.2%} in pounds and {fx[1]:.2%} in percent",
            hint="change the groups' assumptions so the targets are reachable.",
        )
    return config.with_knobs(math.exp(x[0]), math.exp(x[1])), m
