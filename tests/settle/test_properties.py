"""Properties of the settlement finder, on a small workforce: offers keep every hard promise on the engine's own
figures; the money missing is enough and no less; a looser demand never costs more."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from payround.costing import cost_offer
from payround.engine import apply_offer
from payround.offers import parse_offer
from payround.reports.costing import cost_report_for
from payround.settle import Settlement, find_settlement, parse_constraints, resolve_constraints
from payround.settle.problem import Resolved
from payround.structures import load_structure
from payround.workforce import load_workforce


def cost_summary(result: Any, workforce: Any) -> dict[str, Any]:
    """The ``payround cost --format json`` document of an applied offer on a workforce."""
    doc: dict[str, Any] = cost_report_for(cost_offer(result, workforce)).to_json()
    return doc


SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KINDS = ["percent", "flat_then_percent", "greatest", "flat_then_greatest", "banded"]


def _resolve(doc: dict[str, Any], workforce: Path) -> Resolved:
    c = parse_constraints(doc, "<test>")
    return resolve_constraints(c, "<test>", workforce=load_workforce(workforce))


def _doc(floor: Decimal, pct: Decimal, kind: str = "percent", **more: Any) -> dict[str, Any]:
    template: dict[str, Any] = {"kind": kind}
    if kind.startswith("flat_then"):
        template["flat_points"] = ["2-24"]
    if kind == "banded":
        template["bands"] = [22000, 30000]
    doc: dict[str, Any] = {
        "name": "property",
        "structure": "sjc/2021-22",
        "period": {"start": "2022-04-01", "end": "2023-03-31"},
        "effective": "2022-04-01",
        "template": template,
        "unions": {"floor": {"at_least": floor}, "all_points": {"percent_at_least": pct}},
    }
    for k, v in more.items():
        side, key = k.split("__")
        doc.setdefault(side, {})[key] = v
    return doc


def _cost(st_: Settlement) -> Decimal:
    assert st_.verified is not None
    return Decimal(st_.verified.cost["total_cost_increase_full_year"])


floors = st.decimals(min_value=Decimal("9.78"), max_value=Decimal("11.60"), places=2)
pcts = st.decimals(min_value=Decimal(0), max_value=Decimal(8), places=1)


@SLOW
@given(floor=floors, pct=pcts, kind=st.sampled_from(KINDS), lowest=st.integers(0, 2500), budget=st.booleans())
def test_offers_meet_every_hard_constraint_on_the_engine(
    small_workforce: Path, floor: Decimal, pct: Decimal, kind: str, lowest: int, budget: bool
) -> None:
    extra: dict[str, Any] = {}
    if lowest:
        extra["unions__lowest_points"] = {"points": ["2-24"], "cash_at_least": lowest, "hours": 36}
    if budget:
        extra["employers__budget"] = {"total_cost_increase_full_year": 3_000_000}
    res = _resolve(_doc(floor, pct, kind, **extra), small_workforce)
    found = find_settlement(res)
    assume(found.feasible)
    assert found.verified is not None
    # check independently of the finder's own checks: apply, cost, compare
    result = apply_offer(parse_offer(found.verified.offer), load_structure("sjc/2021-22"))
    assert result.final.floor is not None and result.final.floor.after >= floor
    q = Decimal(1) + pct / 100
    for p in result.final.points:
        assert p.after >= p.before * q, p
    if lowest:
        s = res.structure
        z = s.cash_to_unit(Decimal(lowest), "year", Decimal(36))
        low = set(s.point_ids[: s.point_ids.index("24") + 1])
        assert all(p.after - p.before >= z for p in result.final.points if p.point in low)
    if budget:
        doc = cost_summary(result, load_workforce(small_workforce))
        assert Decimal(doc["total_cost_increase_full_year"]) <= 3_000_000


@SLOW
@given(floor=floors, pct=pcts, share=st.floats(0.3, 0.95))
def test_missing_money_is_enough_and_no_less(small_workforce: Path, floor: Decimal, pct: Decimal, share: float) -> None:
    free = find_settlement(_resolve(_doc(floor, pct), small_workforce))
    need = _cost(free)
    assume(need > 100_000)
    budget = (need * Decimal(repr(share))).quantize(Decimal("0.01"))

    def with_budget(amount: Decimal) -> Settlement:
        doc = _doc(floor, pct, employers__budget={"total_cost_increase_full_year": amount})
        return find_settlement(_resolve(doc, small_workforce))

    short = with_budget(budget)
    assert not short.feasible and short.missing_money is not None
    missing = short.missing_money
    assert with_budget(budget + missing).feasible
    assert not with_budget(budget + missing * Decimal("0.99")).feasible


@SLOW
@given(a=floors, b=floors, pa=pcts, pb=pcts, kind=st.sampled_from(KINDS))
def test_a_looser_demand_never_costs_more(
    small_workforce: Path, a: Decimal, b: Decimal, pa: Decimal, pb: Decimal, kind: str
) -> None:
    lo_floor, hi_floor = sorted((a, b))
    lo_pct, hi_pct = sorted((pa, pb))
    loose = find_settlement(_resolve(_doc(lo_floor, lo_pct, kind), small_workforce))
    tight = find_settlement(_resolve(_doc(hi_floor, hi_pct, kind), small_workforce))
    assume(tight.feasible)
    assert loose.feasible
    assert _cost(loose) <= _cost(tight)


def test_repair_is_counted_and_rounding_is_respected(small_workforce: Path) -> None:
    # 5% of 10.05 is 10.5525, which rounds to 10.55: less than 5%; the finder must offer a little more
    found = find_settlement(_resolve(_doc(Decimal("9.78"), Decimal(5)), small_workforce))
    assert found.feasible and found.verified is not None
    step = found.verified.offer["stages"][0]["steps"][0]["raise"]
    assert Decimal(step["percent"]) > 5


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_gives_a_checked_offer(small_workforce: Path, kind: str) -> None:
    res = _resolve(_doc(Decimal("10.85"), Decimal(3), kind), small_workforce)
    found = find_settlement(res)
    assert found.feasible and found.verified is not None and not found.verified.failures
    replace(res)  # resolved inputs are plain data
