"""Small structures for engine tests, built in code so every figure is visible in the test."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from payround.offers import Offer, parse_offer
from payround.structures import PayStructure, parse_structure


def hourly(floor: str | None = "10.00", rates: list[str] | None = None) -> PayStructure:
    """An SJC-like hourly spine: points 2..9, 37-hour week, 52.143 weeks, rounded to the penny half-up."""
    rates = rates or ["9.50", "9.80", "10.10", "10.40", "11.00", "12.00", "20.00", "35.00"]
    data: dict[str, Any] = {
        "id": "toy/hourly",
        "country": "scotland",
        "unit": "hour",
        "standard_hours": "37",
        "weeks_per_year": "52.143",
        "rounding": {"quantum": "0.01", "mode": "half_up"},
        "points": [{"id": str(i + 2), "rate": r} for i, r in enumerate(rates)],
    }
    if floor is not None:
        data["floor"] = {"name": "SLGLW", "rate": floor}
    return parse_structure(data, "toy")


def annual() -> PayStructure:
    """An NJC-like annual spine: points 1..5, 37-hour week, rounded to the pound half-up."""
    return parse_structure(
        {
            "id": "toy/annual",
            "country": "england-wales",
            "unit": "year",
            "standard_hours": "37",
            "weeks_per_year": "52.143",
            "rounding": {"quantum": "1", "mode": "half_up"},
            "points": [
                {"id": str(i + 1), "rate": r} for i, r in enumerate(["18333", "18516", "18887", "30000", "47665"])
            ],
        },
        "toy",
    )


def offer(*stages: tuple[str, list[dict[str, Any]]], structure: str = "toy", **extra: Any) -> Offer:
    """An offer from (effective, steps) pairs."""
    return parse_offer(
        {
            "name": extra.pop("name", "test offer"),
            "structure": structure,
            "stages": [{"effective": eff, "steps": steps} for eff, steps in stages],
            **extra,
        },
        "test.yaml",
    )


D = Decimal
