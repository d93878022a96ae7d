"""The interactive path (tables of PolicyEngine's answer over gross pay) agrees with the exact path (a direct
simulation) within £1 a year on every figure: at every point of every bundled structure, for every archetype, in two
tax years (2022/23: three NI regimes; 2025/26), and at 200 random gross pays with and without one-off payments.

The tables are those shipped in the package (tests/takehome/test_shipped.py checks they are current; a stale one is
built into the session's cache instead, slowly but to the same effect); the exact side is one vectorised simulation
per tax year, over both countries' points and the random pays."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from payround.structures import load_structure
from payround.takehome import paths
from payround.takehome.cache import DiskCache
from payround.takehome.compute import _outcomes, _pension, gross_for
from payround.takehome.households import Household, bundled_households
from payround.takehome.lgps import lgps_schedule
from payround.takehome.rules import tax_year_rules

pytestmark = pytest.mark.policyengine

D = Decimal
TOLERANCE = D(1)  # pounds a year, on every figure (docs/takehome.md: why)
STRUCTURES = {
    "scotland": [f"sjc/{y}" for y in ("2020-21", "2021-22", "2022-23", "2023-24", "2024-25")],
    "england-wales": [f"njc/{y}" for y in ("2021-22", "2022-23", "2023-24", "2024-25", "2025-26")],
}
REGION = {"scotland": "SCOTLAND", "england-wales": "WEST_MIDLANDS"}
FIGURES = (
    "income_tax",
    "employee_ni",
    "universal_credit",
    "child_benefit",
    "other_benefits",
    "partner_income_tax",
    "partner_employee_ni",
)


def _points(year: int, country: str, grosses: list[tuple[Household, Decimal]], lumps: bool) -> list[paths.Point]:
    rules = tax_year_rules(year)
    schedule = lgps_schedule(country, rules.start)
    rng = random.Random(year)
    out = []
    for h, g in grosses:
        ls: tuple[tuple[Decimal, int], ...] = ()
        if lumps and rng.random() < 0.5:
            ls = ((D(rng.choice(["250", "500", "1000"])), rng.randrange(len(rules.regimes))),)
        out.append(paths.Point(h, g, _pension(schedule, h, g), h.worker.fte_of(D(37)) * 37, REGION[country], ls))
    return out


def _structure_grosses(country: str) -> list[tuple[Household, Decimal]]:
    out: set[tuple[str, Decimal]] = set()
    hh = bundled_households()
    for sid in STRUCTURES[country]:
        s = load_structure(sid)
        for p in s.points:
            for h in hh.values():
                out.add((h.id, gross_for(s, s.pay(p.id), h)))
    return [(hh[h], g) for h, g in sorted(out)]


def _random_grosses(year: int) -> dict[str, list[tuple[Household, Decimal]]]:
    """100 random gross pays per country (25 per archetype), £6,000 to £120,000."""
    rng = random.Random(10 + year)
    hh = list(bundled_households().values())
    return {c: [(h, D(rng.randrange(600_000, 12_000_000)) / 100) for h in hh for _ in range(25)] for c in STRUCTURES}


@pytest.mark.parametrize("year", [2022, 2025])
def test_interactive_agrees_with_exact(year: int, cache_dir: Path) -> None:
    """Every point of every bundled structure × archetype, and 200 random pays with and without one-off payments:
    the exact side is one vectorised simulation for the year (both countries, all points); the interactive side
    reads the tables (shipped in the package when current, else built into the session's cache)."""
    rules = tax_year_rules(year)
    randoms = _random_grosses(year)
    by_country = {
        c: _points(year, c, _structure_grosses(c), lumps=False) + _points(year, c, randoms[c], lumps=True)
        for c in STRUCTURES
    }
    everything = [p for pts in by_country.values() for p in pts]
    exact = _outcomes(paths.exact_values(everything, rules), rules, everything, True)
    bad: list[str] = []
    start = 0
    for country, pts in by_country.items():
        run = paths.interactive_values(
            pts, rules, lgps_schedule(country, rules.start), country, cache=DiskCache(cache_dir)
        )
        fast = _outcomes(run, rules, pts, False)
        for p, oe, of in zip(pts, exact[start : start + len(pts)], fast, strict=True):
            for f in FIGURES:
                if abs(getattr(oe, f) - getattr(of, f)) > TOLERANCE:
                    bad.append(
                        f"{year} {country} {p.household.id} £{p.gross} lumps {p.lumps}: {f} exact {getattr(oe, f)}, "
                        f"table {getattr(of, f)}"
                    )
        start += len(pts)
    assert bad == []
    # what was compared: every structure pay level and the 200 random pays, about half with one-off payments
    assert start == len(everything) == sum(len(_structure_grosses(c)) for c in STRUCTURES) + 200
    assert 50 < sum(1 for p in everything if p.lumps) < 150
