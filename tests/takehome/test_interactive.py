"""The interactive path (tables of PolicyEngine's answer over gross pay) agrees with the exact path (a direct
simulation) within £1 a year on every figure: at every point of every bundled structure, for every archetype, in two
tax years (2022/23: three NI regimes; 2025/26), and at 200 random gross pays with and without one-off payments.

The tables are built once per session (one simulation per refinement pass per tax year and country) in the session's
cache directory; the exact runs are one vectorised simulation per tax year and country."""

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


def _compare(points: list[paths.Point], year: int, country: str, cache: Path) -> list[str]:
    """Every figure of both paths; the differences above the tolerance, described."""
    rules = tax_year_rules(year)
    schedule = lgps_schedule(country, rules.start)
    exact = paths.exact_values(points, rules)
    fast = paths.interactive_values(points, rules, schedule, country, cache=DiskCache(cache))
    bad = []
    both = zip(_outcomes(exact, rules, points, True), _outcomes(fast, rules, points, False), strict=True)
    for p, (oe, of) in zip(points, both, strict=True):
        for f in FIGURES:
            d = abs(getattr(oe, f) - getattr(of, f))
            if d > TOLERANCE:
                bad.append(
                    f"{year} {p.household.id} £{p.gross} lumps {p.lumps}: {f} exact {getattr(oe, f)}, table "
                    f"{getattr(of, f)}"
                )
    return bad


def _structure_grosses(country: str) -> list[tuple[Household, Decimal]]:
    out: set[tuple[str, Decimal]] = set()
    hh = bundled_households()
    for sid in STRUCTURES[country]:
        s = load_structure(sid)
        for p in s.points:
            for h in hh.values():
                out.add((h.id, gross_for(s, s.pay(p.id), h)))
    return [(hh[h], g) for h, g in sorted(out)]


@pytest.mark.parametrize("year", [2022, 2025])
@pytest.mark.parametrize("country", ["scotland", "england-wales"])
def test_every_point_of_every_bundled_structure(year: int, country: str, cache_dir: Path) -> None:
    points = _points(year, country, _structure_grosses(country), lumps=False)
    assert _compare(points, year, country, cache_dir) == []


@pytest.mark.parametrize("year", [2022, 2025])
def test_two_hundred_random_gross_pays_with_one_off_payments(year: int, cache_dir: Path) -> None:
    rng = random.Random(10 + year)
    hh = list(bundled_households().values())
    for country in ("scotland", "england-wales"):
        grosses = [(h, D(rng.randrange(600_000, 12_000_000)) / 100) for h in hh for _ in range(25)]
        points = _points(year, country, grosses, lumps=True)
        assert _compare(points, year, country, cache_dir) == []
