"""The SJC 2022/23 round: the settlement's money meets a £10.85 floor and 5% for all; the revised offer's money does
not, and the money missing is what the cheapest such offer costs over it (checked with the real costing)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from payround.costing import cost_offer
from payround.engine import apply_offer
from payround.offers import load_offer, parse_offer
from payround.reports.costing import cost_report_for
from payround.reports.settle import settle_report
from payround.structures import load_structure
from payround.workforce import load_workforce


def cost_summary(result: Any, workforce: Any) -> dict[str, Any]:
    """The ``payround cost --format json`` document of an applied offer on a workforce."""
    doc: dict[str, Any] = cost_report_for(cost_offer(result, workforce)).to_json()
    return doc


ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _cost(offer_file: str) -> Decimal:
    offer = load_offer(EXAMPLES / offer_file)
    doc = cost_summary(apply_offer(offer, load_structure("sjc/2021-22")), load_workforce("sjc/illustrative"))
    return Decimal(doc["total_cost_increase_full_year"])


@pytest.fixture(scope="module")
def feasible() -> object:
    return settle_report(EXAMPLES / "settle-sjc-2022-settlement-budget.yaml")


@pytest.fixture(scope="module")
def short() -> object:
    return settle_report(EXAMPLES / "settle-sjc-2022-revised-offer-budget.yaml")


def test_budgets_are_the_real_offers_costs() -> None:
    import yaml

    for name, offer in (
        ("settle-sjc-2022-settlement-budget.yaml", "sjc-2022-settlement.yaml"),
        ("settle-sjc-2022-revised-offer-budget.yaml", "sjc-2022-08-revised-offer.yaml"),
    ):
        doc = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
        assert Decimal(str(doc["employers"]["budget"]["total_cost_increase_full_year"])) == _cost(offer)


def test_settlement_money_is_enough(feasible: object) -> None:
    from payround.reports.settle import SettleReport

    assert isinstance(feasible, SettleReport)
    doc = feasible.to_json()
    assert doc["feasible"] is True and doc["missing_money"] is None
    assert Decimal(doc["cost"]["total_cost_increase_full_year"]) <= _cost("sjc-2022-settlement.yaml")
    # the offer is a real offer file: the engine applies it, and its figures meet the demands
    result = apply_offer(parse_offer(doc["offer"]), load_structure("sjc/2021-22"))
    assert result.final.floor is not None and result.final.floor.after >= Decimal("10.85")
    assert all(p.after >= p.before * Decimal("1.05") for p in result.final.points)
    assert all(c["met"] for c in doc["checks"])
    assert {"unions.floor", "unions.all_points"} <= {b["key"] for b in doc["binding_detail"]}


def test_revised_offer_money_is_short(short: object, feasible: object) -> None:
    from payround.reports.settle import SettleReport

    assert isinstance(short, SettleReport) and isinstance(feasible, SettleReport)
    doc = short.to_json()
    assert doc["feasible"] is False
    missing = Decimal(doc["missing_money"])
    cost = Decimal(doc["cost"]["total_cost_increase_full_year"])
    assert missing == cost - _cost("sjc-2022-08-revised-offer.yaml")
    assert 0 < missing < Decimal(50_000_000)
    assert any("short by" in b for b in doc["binding"])
    # the same demands cost the same whichever budget is on the table
    assert cost == feasible.cost.total_cost_increase_full_year  # type: ignore[union-attr]


def test_json_has_the_design_keys(short: object) -> None:
    from payround.reports.settle import SettleReport

    assert isinstance(short, SettleReport)
    doc = short.to_json()
    for key in ("feasible", "cost", "missing_money", "offer", "binding"):
        assert key in doc
    assert isinstance(doc["cost"]["total_cost_increase_full_year"], str)
    assert isinstance(doc["missing_money"], str)
    assert isinstance(doc["binding"], list) and all(isinstance(b, str) for b in doc["binding"])


def test_written_offer_round_trips(feasible: object, tmp_path: Path) -> None:
    from payround.reports.settle import SettleReport

    assert isinstance(feasible, SettleReport)
    text = feasible.offer_yaml()
    assert text is not None
    path = tmp_path / "offer.yaml"
    path.write_text(text, encoding="utf-8")
    offer = load_offer(path)
    doc = cost_summary(apply_offer(offer, load_structure("sjc/2021-22")), load_workforce("sjc/illustrative"))
    assert Decimal(doc["total_cost_increase_full_year"]) == feasible.cost.total_cost_increase_full_year  # type: ignore[union-attr]
