"""The finder's other answers: objectives within a budget, conflicts in words, soft demands, a second stage, the
frontier, and the cost model against the real costing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from payround.costing import cost_offer
from payround.engine import apply_offer
from payround.offers import load_offer
from payround.reports.costing import cost_report_for
from payround.settle import find_settlement, frontier, parse_constraints, resolve_constraints
from payround.settle.problem import Resolved, lower_target, upper_target
from payround.workforce import load_workforce


def cost_summary(result: Any, workforce: Any) -> dict[str, Any]:
    """The ``payround cost --format json`` document of an applied offer on a workforce."""
    doc: dict[str, Any] = cost_report_for(cost_offer(result, workforce)).to_json()
    return doc


ROOT = Path(__file__).resolve().parents[2]


def _res(small: Path, **doc: Any) -> Resolved:
    base: dict[str, Any] = {
        "name": "t",
        "structure": "sjc/2021-22",
        "period": {"start": "2022-04-01", "end": "2023-03-31"},
        "effective": "2022-04-01",
    }
    base.update(doc)
    return resolve_constraints(parse_constraints(base, "<t>"), "<t>", workforce=load_workforce(small))


def test_rounding_targets() -> None:
    assert abs(lower_target(10.5525, 0.01, "half_up") - 10.555) < 1e-6
    assert abs(upper_target(10.5525, 0.01, "half_up") - 10.555) < 1e-6
    assert lower_target(10.55, 0.01, "down") == 10.55
    assert abs(lower_target(21030, 1, "half_up") - 21029.5) < 1e-5


def test_max_lowest_pay_spends_the_budget(small_workforce: Path) -> None:
    res = _res(
        small_workforce,
        objective="max_lowest_pay",
        employers={"budget": {"total_cost_increase_full_year": 8_000_000}},
        unions={"all_points": {"percent_at_least": 2}},
    )
    found = find_settlement(res)
    assert found.feasible and found.verified is not None
    floor = found.verified.result.final.floor
    assert floor is not None and floor.after > Decimal("10.5")
    assert Decimal(found.verified.cost["total_cost_increase_full_year"]) <= 8_000_000
    assert any(b.key == "employers.budget" for b in found.binding)


def test_conflicting_demands_are_named(small_workforce: Path) -> None:
    res = _res(
        small_workforce,
        employers={"top": {"percent_at_most": 2}},
        unions={"all_points": {"percent_at_least": 4}, "floor": {"at_least": 10.0}},
    )
    found = find_settlement(res)
    assert not found.feasible and found.missing_money is None
    assert {b.key for b in found.binding} == {"employers.top", "unions.all_points"}


def test_a_soft_demand_gives_way(small_workforce: Path) -> None:
    res = _res(
        small_workforce,
        employers={"top": {"percent_at_most": 2}},
        unions={"all_points": {"percent_at_least": 4, "weight": 1}},
    )
    found = find_settlement(res)
    assert found.feasible
    assert any("soft" in b.words for b in found.binding)
    assert any("all_points" in n for n in found.notes)


def test_second_stage_and_in_year_budget(small_workforce: Path) -> None:
    res = _res(
        small_workforce,
        template={"kind": "percent", "second_stage": {"effective": "2022-10-01", "percent": 2}},
        employers={"budget": {"paybill_increase_in_year": {"percent_of_paybill": 6}}},
        unions={"floor": {"at_least": 10.85}, "all_points": {"percent_at_least": 5}},
    )
    found = find_settlement(res)
    assert found.feasible and found.verified is not None
    assert len(found.verified.offer["stages"]) == 2
    pb = found.verified.cost["paybill"]
    assert Decimal(pb["increase_in_year"]) <= Decimal(pb["before"]) * Decimal("0.06")


def test_real_terms_and_no_leapfrogging(small_workforce: Path) -> None:
    res = _res(
        small_workforce,
        template={"kind": "flat_then_percent", "flat_points": ["2-30"]},
        unions={"real_terms": {"share_at_least": 0.5, "percent": 6}, "no_leapfrogging": True},
    )
    found = find_settlement(res)
    assert found.feasible and found.verified is not None
    assert all(c.met for c in found.verified.checks)


def test_wage_floor_at_a_date(small_workforce: Path) -> None:
    res = _res(small_workforce, unions={"floor": {"at_least": {"wage": "rlw_uk", "at": "2022-09-22", "plus": 0.05}}})
    assert res.floor_target is not None and res.floor_target > Decimal("10.90")
    found = find_settlement(res)
    assert found.feasible and found.verified is not None
    floor = found.verified.result.final.floor
    assert floor is not None and floor.after >= res.floor_target


def test_frontier_rises_with_the_floor(small_workforce: Path) -> None:
    res = _res(small_workforce, unions={"floor": {"at_least": 10.5}}, frontier={"points": 5, "end": 11.5})
    points = frontier(res)
    costs = [p.cost for p in points]
    assert len(points) == 5 and all(c is not None for c in costs)
    assert costs == sorted(costs)  # type: ignore[type-var]


def test_cost_model_matches_the_costing() -> None:
    res = resolve_constraints(
        parse_constraints((ROOT / "examples" / "settle-sjc-2022-settlement-budget.yaml").read_text(), "x"), "x"
    )
    assert res.model is not None
    s = res.structure
    p0 = np.array([float(s.pay(p)) for p in s.point_ids])
    before = res.model.evaluate([p0], res.start, res.end, [], in_year=False)
    for name in ("sjc-2022-settlement.yaml", "sjc-2022-08-revised-offer.yaml"):
        result = apply_offer(load_offer(ROOT / "examples" / name), s)
        real = Decimal(cost_summary(result, res.prepared)["total_cost_increase_full_year"])
        pay = np.array([float(result.final_by_original[p]) for p in s.point_ids])
        model = (res.model.evaluate([pay], res.start, res.end, [], in_year=False) - before) * 1e6
        # per-person rounding to the penny only: well under a penny a head
        assert abs(model - float(real)) < 0.01 * 200_000
