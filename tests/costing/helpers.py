"""Helpers for costing tests: small workforces from CSV text and offers from YAML text."""

from __future__ import annotations

from typing import Any

from payround.costing import CostResult, cost_offer
from payround.engine import OfferResult, apply_offer
from payround.offers import parse_offer, resolve_structure
from payround.reports.costing import cost_report_for
from payround.workforce import Workforce
from payround.workforce.load import workforce_from_raw
from payround.workforce.read import csv_text_table


def workforce(text: str, **kwargs: object) -> Workforce:
    """A validated workforce from CSV text."""
    return workforce_from_raw(csv_text_table(text.strip() + "\n", "test.csv"), **kwargs)


def offer(text: str) -> OfferResult:
    """An applied offer from YAML text."""
    o = parse_offer(text, "test-offer.yaml")
    return apply_offer(o, resolve_structure(o))


def no_change(structure: str, start: str, end: str) -> OfferResult:
    """An offer that changes nothing, over a period (to cost the status quo)."""
    return offer(
        f"""
name: no change
structure: {structure}
period: {{start: {start}, end: {end}}}
stages:
  - effective: {start}
    steps:
      - raise: {{percent: 0}}
"""
    )


def summary(cost: CostResult, by: str | None = None) -> dict[str, Any]:
    """The ``payround cost --format json`` document of a costing."""
    doc: dict[str, Any] = cost_report_for(cost, by).to_json()
    return doc


def cost_summary(result: OfferResult, wf: Workforce) -> dict[str, Any]:
    """Cost an applied offer and return its JSON document."""
    return summary(cost_offer(result, wf))
