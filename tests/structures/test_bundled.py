"""The bundled pay structures: every id loads, rates rise, every figure has a source, and the anchors hold."""

from __future__ import annotations

import itertools
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from payround.structures import PayStructure, bundled_structure_ids, load_structure

NJC_IDS = [f"njc/{y}" for y in ("2021-22", "2022-23", "2023-24", "2024-25", "2025-26")]
SJC_IDS = [f"sjc/{y}" for y in ("2020-21", "2021-22", "2022-23", "2023-24", "2024-25")]
ALL_IDS = NJC_IDS + SJC_IDS

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DATA = ROOT.parent / "shared" / "data"  # beside the repo, as in CI (see tests/conftest.py)


def _rate(structure: PayStructure, point: str) -> Decimal:
    return structure.rates[point]


def test_bundled_ids_are_the_ten_structures() -> None:
    assert bundled_structure_ids() == ALL_IDS


@pytest.mark.parametrize("ref", ALL_IDS)
def test_every_bundled_structure_loads(ref: str) -> None:
    s = load_structure(ref)
    assert s.id == ref
    assert s.pay_year == ref.split("/")[1]
    assert s.standard_hours == 37
    assert s.weeks_per_year == Decimal("52.143")


@pytest.mark.parametrize("ref", ALL_IDS)
def test_rates_strictly_increase(ref: str) -> None:
    rates = list(load_structure(ref).rates.values())
    assert all(b > a for a, b in itertools.pairwise(rates))


@pytest.mark.parametrize("ref", ALL_IDS)
def test_every_figure_has_a_source(ref: str) -> None:
    s = load_structure(ref)
    assert s.sources
    for p in s.points:
        assert p.source.strip(), f"{ref} SCP {p.id} has no source"
    if s.floor is not None:
        assert s.floor.source.strip()


@pytest.mark.parametrize("ref", ALL_IDS)
def test_rates_are_whole_units_of_the_rounding_quantum(ref: str) -> None:
    s = load_structure(ref)
    for p in s.points:
        assert s.rounding.apply(p.rate) == p.rate, f"{ref} SCP {p.id}: {p.rate}"


def test_njc_2024_25_published_points() -> None:
    s = load_structure("njc/2024-25")
    assert _rate(s, "2") == Decimal("23656")
    assert _rate(s, "43") == Decimal("52805")
    assert {p.basis for p in s.points} == {"published"}


@pytest.mark.parametrize("ref", NJC_IDS)
def test_njc_conventions(ref: str) -> None:
    s = load_structure(ref)
    assert s.unit == "year"
    assert s.floor is None
    assert s.rounding.quantum == 1
    assert not s.illustrative
    first = "1" if ref in ("njc/2021-22", "njc/2022-23") else "2"
    assert s.point_ids[0] == first
    assert s.point_ids[-1] == "43"


def test_njc_scp1_rise_matches_the_published_2022_figures() -> None:
    # Published: SCP1 rose by £1,925 (10.50%) to £20,258 in 2022/23; 2021/22 SCP1 was £18,333.
    assert _rate(load_structure("njc/2021-22"), "1") == Decimal("18333")
    assert _rate(load_structure("njc/2022-23"), "1") == Decimal("20258")


@pytest.mark.parametrize(
    ("ref", "floor"),
    [
        ("sjc/2020-21", "9.34"),
        ("sjc/2021-22", "9.78"),
        ("sjc/2022-23", "10.85"),
        ("sjc/2023-24", "11.89"),
        ("sjc/2024-25", "12.56"),
    ],
)
def test_sjc_floors(ref: str, floor: str) -> None:
    s = load_structure(ref)
    assert s.floor is not None
    assert s.floor.name == "SLGLW"
    assert s.floor.rate == Decimal(floor)
    assert s.floor.basis == ("computed" if ref == "sjc/2023-24" else "published")


@pytest.mark.parametrize("ref", SJC_IDS)
def test_sjc_conventions(ref: str) -> None:
    s = load_structure(ref)
    assert s.unit == "hour"
    assert s.country == "scotland"
    assert s.rounding.quantum == Decimal("0.01")
    assert s.point_ids == [str(k) for k in range(2, 126)]
    assert s.illustrative
    assert s.floor is not None
    # SCP 2-17 sit below the SLGLW (absorbed by it); SCP19 is the first point above it.
    assert all(_rate(s, str(k)) < s.floor.rate for k in range(2, 18))
    assert _rate(s, "19") > s.floor.rate
    assert s.pay("2") == s.floor.rate


def test_sjc_2023_24_published_points() -> None:
    s = load_structure("sjc/2023-24")
    assert _rate(s, "55") == Decimal("18.52")
    assert _rate(s, "65") == Decimal("21.21")
    published = {p.id for p in s.points if p.basis == "published"}
    assert published == {"18", *(str(k) for k in range(20, 69))}


def test_sjc_2022_23_anchors() -> None:
    s = load_structure("sjc/2022-23")
    assert _rate(s, "55") == Decimal("17.38")
    assert _rate(s, "65") == Decimal("20.00")
    assert _rate(s, "43") == Decimal("14.91")  # "circa" 14.96 gives way to the 2023/24 minimum rise of £1.00
    assert _rate(s, "25") == Decimal("11.81")
    assert {p.id for p in s.points if p.basis == "computed"} == {"24", "25", "43", "55", "65", "70", "71", "98", "99"}


def test_sjc_2021_22_edinburgh_anchors() -> None:
    s = load_structure("sjc/2021-22")
    # Edinburgh 2021/22 full-time salaries on its 36-hour week, / (36 x 52.143), to the penny.
    for point, salary in {"24": 19969, "25": 20251, "70": 38340, "71": 38904, "98": 57557, "99": 58496}.items():
        expected = (Decimal(salary) / (36 * Decimal("52.143"))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert _rate(s, point) == expected
        assert next(p for p in s.points if p.id == point).basis == "computed"


def test_sjc_2024_25_is_the_published_award_on_2023_24() -> None:
    # The 2024/25 award: the greater of +£0.67 an hour and +3.6%, hourly to the penny, half-up.
    before, after = load_structure("sjc/2023-24"), load_structure("sjc/2024-25")

    def award(rate: Decimal) -> Decimal:
        new = rate + max(Decimal("0.67"), rate * Decimal("0.036"))
        return new.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    assert before.floor is not None and after.floor is not None
    assert award(before.floor.rate) == after.floor.rate
    for p in before.points:
        assert after.rates[p.id] == award(p.rate), p.id
        expected_basis = "derived" if p.basis == "published" else p.basis
        assert next(q for q in after.points if q.id == p.id).basis == expected_basis


def test_sjc_2020_21_to_2021_22_is_the_2021_settlement() -> None:
    # Bands by full-time pay on 37 x 52.143 hours: <£25k +£850; £25k-£40k +2%; £40k-£80k +1%; >=£80k +£800.
    before, after = load_structure("sjc/2020-21"), load_structure("sjc/2021-22")
    year = 37 * Decimal("52.143")
    assert before.floor is not None
    for p in before.points:
        salary = max(p.rate, before.floor.rate) * year
        if salary < 25000:
            new = p.rate + Decimal(850) / year
        elif salary < 40000:
            new = p.rate * Decimal("1.02")
        elif salary < 80000:
            new = p.rate * Decimal("1.01")
        else:
            new = p.rate + Decimal(800) / year
        assert new.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == after.rates[p.id], p.id


@pytest.mark.skipif(not REFERENCE_DATA.is_dir(), reason="the reference data directory is not available")
def test_bundled_files_match_the_generator() -> None:
    script = ROOT / "scripts" / "build_structures.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check", "--data", str(REFERENCE_DATA)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sjc_2022_23_reconciles_with_the_2023_24_minimum_of_1_pound_an_hour() -> None:
    """The 2023/24 settlement (as the unions reported it): at least £1.00 an hour for everyone above the SLGLW."""
    before, after = load_structure("sjc/2022-23"), load_structure("sjc/2023-24")
    assert before.floor is not None
    above = [p for p in before.point_ids if p in after.rates and before.pay(p) > before.floor.rate]
    assert above[0] == "19"
    short = {p: after.pay(p) - before.pay(p) for p in above if after.pay(p) - before.pay(p) < Decimal("1.00")}
    assert short == {}
    assert before.rates["43"] == Decimal("14.91")  # the "circa" anchor gives way to the settlement's minimum


def test_a_copy_with_new_rates_derives_its_rates_and_fingerprint_anew() -> None:
    from payround.structures import load_structure

    s = load_structure("njc/2024-25")
    _ = s.rates, s.fingerprint  # derive (and cache) on the original first
    first = s.points[0]
    bumped = s.model_copy(update={"points": (first.model_copy(update={"rate": first.rate + 1}), *s.points[1:])})
    assert bumped.rates[first.id] == first.rate + 1
    assert bumped.fingerprint != s.fingerprint
    assert s.model_copy().fingerprint == s.fingerprint


@pytest.mark.parametrize("ref", ALL_IDS)
def test_the_source_table_names_a_source_for_every_point(ref: str) -> None:
    from payround.reports.offers import structure_report

    report = structure_report(ref)
    table = report.source_table()
    covered = 0
    ids = [p.point for p in report.points]
    for row in table.rows:
        label, source = row.cells
        assert source and source != "(not given)", (ref, label)
        if label in ("structure",) or str(label).startswith("floor"):
            continue
        first, _, last = str(label).partition("–")
        span = ids[ids.index(first) : ids.index(last or first) + 1]
        covered += len(span)
        # a run is all illustrative or all published, and marked so
        assert {p.basis != "published" for p in report.points if p.point in span} == {row.illustrative}
    assert covered == len(ids)
    assert [r.cells[1] for r in table.rows if r.cells[0] == "structure"] == report.sources
