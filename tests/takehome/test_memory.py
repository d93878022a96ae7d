"""The interactive path remembers what it has read: a table's key by its inputs, and each pay level's figures by
its table, pay and one-off payments. What it remembers must never change an answer: a table computed from a cold
memory, a warm one, or one evicted as it goes is the same table, and a table of one stage is the full table's rows
of that stage with the full table's notes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest

from payround.api import apply_offer
from payround.engine import OfferResult
from payround.offers import parse_offer
from payround.takehome import compute, tables
from payround.takehome.compute import takehome
from payround.takehome.households import bundled_households
from payround.takehome.model import TakehomeTable

pytestmark = pytest.mark.policyengine

# Two stages in two tax years (both shipped), a floor, and a one-off payment in the first year.
OFFER = """name: two years {pct}%
structure: njc/2024-25
period: {{start: 2025-04-01, end: 2027-03-31}}
stages:
  - effective: 2025-04-01
    steps:
      - raise: [{{where: {{points: ["2-6"]}}, by: {{cash: {cash}, per: year}}}}, {{by: {{percent: {pct}}}}}]
      - lump_sum: {{by: 400, paid: 2025-12-15}}
  - effective: 2026-04-01
    steps:
      - raise: {{percent: 2}}
"""


def _offer(pct: str, cash: int) -> OfferResult:
    return apply_offer(parse_offer(OFFER.format(pct=pct, cash=cash), "offer.yaml"))


@pytest.fixture
def cold() -> Iterator[None]:
    """Nothing remembered before the test, and nothing it remembers left after it."""
    compute._LEVELS.clear()
    tables._KEYS.clear()
    yield
    compute._LEVELS.clear()
    tables._KEYS.clear()


def _same(a: TakehomeTable, b: TakehomeTable) -> None:
    assert dataclasses.replace(a, cached=False) == dataclasses.replace(b, cached=False)


def test_a_warm_memory_gives_the_same_table(cold: None) -> None:
    first = _offer("3.5", 900)
    households = list(bundled_households().values())
    from_cold = takehome(first, households)
    assert len(compute._LEVELS) > 0
    takehome(_offer("4.25", 1500), households)  # other pays remembered too
    _same(takehome(first, households), from_cold)


def test_evicting_as_it_goes_gives_the_same_table(cold: None, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _offer("2.75", 700)
    households = list(bundled_households().values())
    from_cold = takehome(first, households)
    monkeypatch.setattr(compute, "_LEVELS_SIZE", 25)
    compute._LEVELS.clear()
    takehome(_offer("5.5", 2000), households)
    assert len(compute._LEVELS) == 25
    _same(takehome(first, households), from_cold)


def test_a_table_of_one_stage_is_the_full_tables_rows_of_that_stage(cold: None) -> None:
    result = _offer("3", 1000)
    households = list(bundled_households().values())
    full = takehome(result, households)
    assert full.tax_years == ["2025/26", "2026/27"]
    for stage in full.stages:
        one = takehome(result, households, stages=[stage])
        _same(one, full.filter(stages=[stage]))
        assert one.overrides == full.overrides and one.notes == full.notes


def test_a_table_key_is_remembered_by_value(cold: None) -> None:
    from payround.takehome.gridbuild import GridRequest
    from payround.takehome.lgps import lgps_schedule
    from payround.takehome.rules import tax_year_rules

    h = bundled_households()["single"]
    req = GridRequest(h, Decimal("37"), "WEST_MIDLANDS")
    rules = tax_year_rules(2025)
    schedule = lgps_schedule("england-wales", rules.start)
    key = tables.grid_key(req, rules, schedule, "england-wales")
    assert key == tables._grid_key(req, rules, schedule, "england-wales")
    # Equal inputs, built afresh (rules as values, hours as a number): the same key, from memory.
    again = tables.grid_key(
        GridRequest(h.model_copy(), Decimal("37.00"), "WEST_MIDLANDS"),
        tax_year_rules(2025),
        lgps_schedule("england-wales", rules.start),
        "england-wales",
    )
    assert again == key and len(tables._KEYS) == 1
    # Another household or year: another key.
    other = GridRequest(bundled_households()["lone-parent-2"], Decimal("37"), "WEST_MIDLANDS")
    assert tables.grid_key(other, rules, schedule, "england-wales") != key
    assert tables.grid_key(req, tax_year_rules(2024), schedule, "england-wales") != key
