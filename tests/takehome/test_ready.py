"""Whether an offer's interactive take-home tables are at hand (never building them), and what the background
builder is asked to build. Tables here are synthetic and well-formed (tests/web/takehome_tables.py): readiness is
about which tables exist, not their figures."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from payround.errors import DependencyError
from payround.reports.offers import load_and_apply
from payround.structures import bundled_structure_ids, load_structure
from payround.takehome import bridge, paths, ready, tables
from payround.takehome.cache import DiskCache
from payround.takehome.rules import supported_tax_years
from tests.conftest import EXAMPLES
from tests.web.takehome_tables import write_tables

SHIPPED = tables.read_shipped


@pytest.fixture(autouse=True)
def _forget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "_MEMORY", OrderedDict())
    monkeypatch.setattr(ready, "_SEEN", set())
    monkeypatch.setattr(ready, "_STARTED", {})
    # As for a user's own household or a year not shipped: the package's tables play no part here.
    monkeypatch.setattr(tables, "read_shipped", lambda key: None)


def test_missing_tables_are_counted_and_never_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("tables_ready must not build a table")

    monkeypatch.setattr(paths, "build_grids", no_build)
    result = load_and_apply(EXAMPLES / "sjc-2022-08-revised-offer.yaml")
    got = ready.tables_ready(result, cache=DiskCache(tmp_path))
    assert got == ready.Readiness(False, missing=4)


def test_tables_on_disk_are_ready_and_read_into_memory(tmp_path: Path) -> None:
    result = load_and_apply(EXAMPLES / "sjc-2022-08-revised-offer.yaml")
    assert ready.offer_tax_years(result) == [2022]
    write_tables(tmp_path, "sjc/2021-22", 2022)
    assert ready.tables_ready(result, cache=DiskCache(tmp_path)) == ready.Readiness(True)
    assert len(paths._MEMORY) == 4
    # a table NJC offers need (another country) is not among them
    njc = load_and_apply(EXAMPLES / "njc-2025-26.yaml")
    assert ready.tables_ready(njc, cache=DiskCache(tmp_path)).missing == 4


def test_a_year_without_sourced_rules_is_a_problem_not_a_wait() -> None:
    result = load_and_apply(EXAMPLES / "sjc-2022-08-revised-offer.yaml")
    early = result.stages[0].effective.replace(year=min(supported_tax_years()) - 1)
    odd = replace(result, stages=[replace(result.stages[0], effective=early)])
    got = ready.tables_ready(odd)
    assert not got.ready and got.problem and "tax year" in got.problem.lower()


def test_without_policyengine_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> str:
        raise DependencyError("take-home figures need PolicyEngine UK, which is not installed.")

    monkeypatch.setattr(bridge, "policyengine_version", missing)
    assert ready.prepare_in_background() is None
    result = load_and_apply(EXAMPLES / "njc-2025-26.yaml")
    assert ready.tables_ready(result).problem is not None


def test_bundled_targets_cover_every_structure_and_the_next_year() -> None:
    targets = ready.bundled_targets()
    supported = set(supported_tax_years())
    assert all(t.year in supported for t in targets)
    assert len(set(targets)) == len(targets)
    assert [t.year for t in targets] == sorted((t.year for t in targets), reverse=True)
    njc = load_structure("njc/2024-25")
    assert ready.Target.of(njc, 2025) in targets and ready.Target.of(njc, 2024) in targets
    assert {t.country for t in targets} == {load_structure(s).country for s in bundled_structure_ids()}


def test_a_target_is_named_as_the_builder_takes_it() -> None:
    t = ready.Target("scotland", Decimal("37"), 2022)
    assert ready.Target.parse(t.name()) == t and t.name() == "scotland:37:2022"


def test_prepare_tables_builds_only_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []

    def fake_load_grids(requests: list[object], *args: object, **kwargs: object) -> None:
        built.append(len(requests))

    monkeypatch.setattr(paths, "load_grids", fake_load_grids)
    write_tables(tmp_path, "sjc/2021-22", 2022)
    sjc = ready.Target.of(load_structure("sjc/2021-22"), 2022)
    njc = ready.Target.of(load_structure("njc/2024-25"), 2025)
    assert ready.prepare_tables([sjc, njc], cache=DiskCache(tmp_path)) == 4
    assert built == [4]  # the NJC year only: the SJC tables are on disk


def test_bundled_offers_are_ready_from_the_shipped_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("tables_ready must not build a table")

    monkeypatch.setattr(tables, "read_shipped", SHIPPED)
    monkeypatch.setattr(paths, "build_grids", no_build)
    for name in ("sjc-2022-08-revised-offer.yaml", "njc-2025-26.yaml"):
        result = load_and_apply(EXAMPLES / name)
        assert ready.tables_ready(result, cache=DiskCache(tmp_path)) == ready.Readiness(True), name
    assert not any(tmp_path.iterdir())  # read from the package: nothing written to the (empty) disk cache


def test_no_builder_starts_when_every_table_is_shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("no builder process should start")

    monkeypatch.setattr(tables, "read_shipped", SHIPPED)
    monkeypatch.setattr(ready, "DiskCache", lambda: DiskCache(tmp_path))
    monkeypatch.setattr(ready.subprocess, "Popen", no_process)
    assert ready.prepare_in_background() is None  # the bundled targets: all shipped
    # a target the package does not ship (another working week) still gets its builder
    started: list[list[str]] = []
    monkeypatch.setattr(ready.subprocess, "Popen", lambda cmd, **kw: started.append(cmd))
    odd = ready.Target("scotland", Decimal("35"), 2025)
    ready.prepare_in_background([odd])
    assert started and started[0][-1] == odd.name()
