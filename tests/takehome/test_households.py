"""Household archetypes as data: the bundled ones, user files, and the errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from payround.errors import InputError
from payround.takehome.households import (
    DEFAULT_HOUSEHOLDS,
    bundled_households,
    default_mix,
    load_households,
    load_mix,
    select_households,
)


def test_the_bundled_archetypes_are_the_four_of_the_design() -> None:
    hh = bundled_households()
    assert tuple(hh) == DEFAULT_HOUSEHOLDS
    assert hh["lone-parent-2"].partner is None and len(hh["lone-parent-2"].children) == 2
    assert hh["couple-2-one-earner"].partner is not None and hh["couple-2-one-earner"].partner.employment_income == 0
    part = hh["couple-2-part-time"]
    assert part.worker.fte_of(Decimal(37)) == Decimal("0.5") and part.partner is not None
    assert all(h.assumptions for h in hh.values())


def test_hours_become_a_share_of_the_standard_week(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(
        "households:\n"
        "  - id: single\n    name: Single, 30 hours\n    worker: {age: 40, hours: 30}\n    assumptions: mine\n"
        "  - id: carer\n    name: Carer\n    worker: {age: 50, fte: 0.6, pension: none}\n"
        "    housing: {tenure: private, rent_per_week: 150}\n    assumptions: mine\n",
        encoding="utf-8",
    )
    hh = load_households(f)
    assert list(hh) == [*DEFAULT_HOUSEHOLDS, "carer"]
    assert hh["single"].name == "Single, 30 hours"  # replaced
    assert hh["single"].worker.fte_of(Decimal(37)) == Decimal(30) / Decimal(37)
    assert [h.id for h in select_households(hh, ["carer", "single", "carer"])] == ["carer", "single"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("households: []\n", "non-empty list"),
        ("people: []\n", "'households' list"),
        (
            "households:\n  - {id: a, name: A, worker: {age: 30, fte: 1, hours: 37}, assumptions: x}\n",
            "exactly one of fte",
        ),
        (
            "households:\n  - {id: a, name: A, worker: {age: 30, fte: 1}, assumptions: x}\n"
            "  - {id: a, name: B, worker: {age: 30, fte: 1}, assumptions: x}\n",
            "appears twice",
        ),
        (
            "households:\n  - {id: a, name: A, worker: {age: 30, fte: 1}, assumptions: x,"
            " housing: {tenure: owner, rent_per_week: 10}}\n",
            "rent_per_week is set",
        ),
        ("households:\n  - {id: a, name: A, worker: {age: 30, fte: 1}}\n", "households\\[0\\]"),
    ],
)
def test_bad_household_files_name_the_file_and_place(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_households(f)
    assert str(f) in str(info.value)


def test_unknown_household_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="single, lone-parent-2"):
        select_households(bundled_households(), ["pensioner"])


def test_the_default_mix_adds_up_and_a_bad_mix_is_refused(tmp_path: Path) -> None:
    mix = default_mix()
    assert sum(mix.values()) == 1 and set(mix) == set(DEFAULT_HOUSEHOLDS)
    f = tmp_path / "mix.yaml"
    f.write_text("mix: {single: 0.5, lone-parent-2: 0.4}\n", encoding="utf-8")
    with pytest.raises(InputError, match="add up to 1"):
        load_mix(f)


def test_the_takehome_public_api_is_explicit_and_sorted() -> None:
    import payround.takehome as th

    assert th.__all__ == sorted(th.__all__)
    assert all(hasattr(th, name) for name in th.__all__)
