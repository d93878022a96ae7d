"""The interactive tables shipped in the package: current (their keys are what the code computes now), pinned to the
PolicyEngine UK they were built with, and read before the disk cache; and the key: what changes it and what does
not."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from payround.takehome import bridge, fingerprint, paths, shipped, tables
from payround.takehome.cache import DiskCache
from payround.takehome.gridbuild import GridRequest, Knots
from payround.takehome.households import bundled_households
from payround.takehome.lgps import lgps_schedule
from payround.takehome.rules import tax_year_rules

pytestmark = pytest.mark.policyengine

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_tables_are_current() -> None:
    problems = shipped.stale_tables()
    assert not problems, (
        f"{len(problems)} shipped take-home table(s) do not match the code, rules or PolicyEngine UK installed:\n  "
        + "\n  ".join(problems)
        + f"\nRebuild them with `{shipped.SCRIPT}` (only those listed are rebuilt) and commit "
        "src/payround/data/takehome/."
    )


def test_one_table_per_year_country_and_archetype() -> None:
    specs = shipped.bundled_specs()
    years = {s.year for s in specs}
    assert {2021, 2022, 2025, 2026} <= years
    assert len(specs) == len(years) * 2 * len(bundled_households())
    assert len({s.file for s in specs}) == len({s.key() for s in specs}) == len(specs)


def test_policyengine_uk_is_pinned_to_the_version_the_tables_were_built_with() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pins = re.findall(r'"policyengine-uk==([0-9.]+)"', pyproject)
    assert pins == [tables.shipped_manifest()["policyengine_uk"]] == [bridge.policyengine_version()]


# ----- where a table comes from ------------------------------------------------------------------------------------
def _no_build(*args: object, **kwargs: object) -> None:
    raise AssertionError("built a table that should have been read")


def test_a_shipped_table_is_read_without_a_simulation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spec = next(s for s in shipped.bundled_specs([2025]) if s.country == "scotland")
    rules = tax_year_rules(2025)
    monkeypatch.setattr(paths, "build_grids", _no_build)
    paths._MEMORY.clear()
    (grid,), _ = paths.load_grids(
        [spec.request], rules, lgps_schedule("scotland", rules.start), "scotland", cache=DiskCache(tmp_path)
    )
    assert len(grid.x) > 500 and grid.x[0] == 500_000 and grid.x[-1] == 16_000_000
    assert not (tmp_path / "grids").exists()  # nothing copied to the cache


def test_anything_else_is_built_once_then_read_from_the_disk_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    h = bundled_households()["single"].model_copy(update={"childcare_per_week": Decimal(10)})
    req = GridRequest(h, Decimal(37), "SCOTLAND")
    rules = tax_year_rules(2025)
    schedule = lgps_schedule("scotland", rules.start)
    calls: list[int] = []

    def build(requests: list[GridRequest], *args: object, **kwargs: object) -> tuple[list[Knots], list[object]]:
        calls.append(len(requests))
        x = np.array([500_000, 16_000_000])
        return [Knots(x, np.zeros((2, 1, len(bridge.COLUMNS))), np.zeros(2))], []

    monkeypatch.setattr(paths, "build_grids", build)
    paths._MEMORY.clear()
    paths.load_grids([req], rules, schedule, "scotland", cache=DiskCache(tmp_path))
    assert calls == [1]
    assert len(list((tmp_path / "grids").glob("*.npz"))) == 1
    paths._MEMORY.clear()
    monkeypatch.setattr(paths, "build_grids", _no_build)
    (grid,), _ = paths.load_grids([req], rules, schedule, "scotland", cache=DiskCache(tmp_path))
    assert list(grid.x) == [500_000, 16_000_000]
    paths._MEMORY.clear()


# ----- the key --------------------------------------------------------------------------------------------------------
def _key(**change: object) -> str:
    h = bundled_households()["lone-parent-2"]
    rules = tax_year_rules(2022)
    schedule = lgps_schedule("scotland", rules.start)
    if "household" in change:
        h = h.model_copy(update=change["household"])  # type: ignore[arg-type]
    req = GridRequest(h, change.get("hours", Decimal(37)), "SCOTLAND")  # type: ignore[arg-type]
    if "rules" in change:
        rules = change["rules"]  # type: ignore[assignment]
    return tables.grid_key(req, rules, schedule, "scotland")


def test_the_key_follows_what_policyengine_sees_not_the_words() -> None:
    base = _key()
    assert _key(household={"name": "Another name", "assumptions": "Other words.", "id": "other"}) == base
    assert _key(hours=Decimal("37.00")) == base
    assert _key(hours=Decimal("30")) != base
    assert _key(household={"childcare_per_week": Decimal(60)}) != base
    assert _key(rules=tax_year_rules(2023)) != base


def test_the_builder_fingerprint_covers_the_builder_and_not_the_rest() -> None:
    found = set(fingerprint.reachable(tables.BUILDER))
    for needed in [
        ("payround.takehome.gridbuild", "_known"),
        ("payround.takehome.bridge", "_situation"),
        ("payround.takehome.bridge", "_guard_ni"),
        ("payround.takehome.lgps", "LgpsSchedule"),  # its contribution method places knots and fills the pension
        ("payround.money", "quantize"),
    ]:
        assert needed in found
    modules = {m for m, _ in found}
    # the exact path, the reading of tables and the parameter files (keyed as values) are not in it
    assert ("payround.takehome.bridge", "outcome_of") not in found
    assert ("payround.takehome.grid", "Grid") not in found
    assert not modules & {"payround.takehome.compute", "payround.takehome.paths", "payround.params"}


def _package(tmp: Path, a: str, b: str) -> None:
    pkg = tmp / "fpdemo"
    pkg.mkdir(exist_ok=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text(textwrap.dedent(a))
    (pkg / "b.py").write_text(textwrap.dedent(b))
    fingerprint._module.cache_clear()


A = '''
from fpdemo import b
from fpdemo.b import RATE

def entry(x):
    """Docstring."""
    return b.helper(x) * RATE
'''
B = """
RATE = 2

def helper(x):
    return x + 1  # a comment

def unrelated(x):
    return x
"""


def test_the_fingerprint_ignores_words_and_unrelated_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))

    def fp(a: str, b: str) -> str:
        _package(tmp_path, a, b)
        return fingerprint.code_fingerprint(("fpdemo.a", "entry"), root="fpdemo")

    try:
        base = fp(A, B)
        assert fp(A.replace('"""Docstring."""', '"""Other words."""'), B) == base
        assert fp(A, B.replace("# a comment", "# another").replace("return x\n", "return 2 * x\n")) == base
        assert fp(A, B.replace("x + 1", "x + 2")) != base
        assert fp(A, B.replace("RATE = 2", "RATE = 3")) != base
    finally:
        fingerprint._module.cache_clear()
