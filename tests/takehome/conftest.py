"""Shared take-home fixtures. PolicyEngine UK is slow to import and to build a simulation (seconds), so every
simulation the tests need is built once per session and shared; small structures (a few points of the bundled
spines) keep each one quick."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from payround.api import apply_offer
from payround.engine import OfferResult
from payround.offers import load_offer
from payround.structures import load_structure
from payround.takehome.bridge import Case, SimulationRun, simulate
from payround.takehome.cache import DiskCache
from payround.takehome.compute import takehome
from payround.takehome.households import Household, bundled_households
from payround.takehome.model import TakehomeTable
from payround.takehome.rules import tax_year_rules
from tests.conftest import EXAMPLES

D = Decimal


def write_sample(tmp: Path, structure_id: str, points: Sequence[str], offer_example: str) -> Path:
    """A few points of a bundled structure as a structure file, and the example offer pointing at it."""
    s = load_structure(structure_id)
    data = s.model_dump(mode="json", exclude_none=True)
    data["id"] = f"{structure_id}-sample"
    data["points"] = [p for p in data["points"] if p["id"] in points]
    (tmp / "structure.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    offer = yaml.safe_load((EXAMPLES / offer_example).read_text(encoding="utf-8"))
    offer["structure"] = "structure.yaml"
    path = tmp / offer_example
    path.write_text(yaml.safe_dump(offer, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private disk cache for the session."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def cosla_offer_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """COSLA's August 2022 offer (5% and a £10.50 floor) on SCP 2, 18, 19, 20, 30, 40 and 55 of sjc/2021-22."""
    tmp = tmp_path_factory.mktemp("cosla")
    return write_sample(tmp, "sjc/2021-22", ["2", "18", "19", "20", "30", "40", "55"], "sjc-2022-08-revised-offer.yaml")


@pytest.fixture(scope="session")
def cosla_result(cosla_offer_file: Path) -> OfferResult:
    """The applied sample offer."""
    return apply_offer(load_offer(cosla_offer_file))


@pytest.fixture(scope="session")
def cosla_table(cosla_result: OfferResult, cache_dir: Path) -> TakehomeTable:
    """Take-home for the sample COSLA offer, all four archetypes, on the exact path: one PolicyEngine simulation
    (2022/23)."""
    return takehome(cosla_result, exact=True, cache=DiskCache(cache_dir))


@pytest.fixture(scope="session")
def njc_result(tmp_path_factory: pytest.TempPathFactory) -> OfferResult:
    """The NJC 2025/26 award (3.2%) on SCP 2, 11 and 20 of njc/2024-25 (England & Wales, 2025/26 rules)."""
    tmp = tmp_path_factory.mktemp("njc")
    return apply_offer(load_offer(write_sample(tmp, "njc/2024-25", ["2", "11", "20"], "njc-2025-26.yaml")))


@pytest.fixture(scope="session")
def njc_table(njc_result: OfferResult, cache_dir: Path) -> TakehomeTable:
    """Take-home for the sample NJC offer, single and couple-2-part-time, on the exact path: one simulation."""
    hh = bundled_households()
    return takehome(njc_result, [hh["single"], hh["couple-2-part-time"]], exact=True, cache=DiskCache(cache_dir))


@pytest.fixture(scope="session")
def households() -> dict[str, Household]:
    """The bundled archetypes."""
    return bundled_households()


def plain_cases(h: Household, region: str, grosses: Sequence[str]) -> list[Case]:
    """Cases with no pension (hand checks of tax and NI alone)."""
    return [Case(h, D(g), D(37), D(0), region) for g in grosses]


@pytest.fixture(scope="session")
def run_2021(households: dict[str, Household]) -> SimulationRun:
    """2021/22, Scotland: the Scottish thresholds guard."""
    return simulate(plain_cases(households["single"], "SCOTLAND", ["30000"]), tax_year_rules(2021))


@pytest.fixture(scope="session")
def run_2022(households: dict[str, Household]) -> SimulationRun:
    """2022/23, Scotland: starter, basic, intermediate and higher-rate cases, through the three NI regimes."""
    return simulate(
        plain_cases(households["single"], "SCOTLAND", ["14000", "20000", "35000", "60000"]), tax_year_rules(2022)
    )


@pytest.fixture(scope="session")
def run_2023(households: dict[str, Household]) -> SimulationRun:
    """2023/24, England: the NI additional-rate guard and the January 2024 cut."""
    return simulate(plain_cases(households["single"], "WEST_MIDLANDS", ["60000"]), tax_year_rules(2023))
