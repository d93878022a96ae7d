"""Broken ``--inflation`` files (``tests/bad_inputs/inflation``): each message names the file, the row and column,
and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from payround.errors import InputError
from payround.takehome.inflation import load_inflation

HERE = Path(__file__).resolve().parents[1] / "bad_inputs" / "inflation"
EXPECTED = yaml.safe_load((HERE / "expected_messages.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_message_names_file_place_and_fix(name: str) -> None:
    path = HERE / name
    with pytest.raises(InputError) as err:
        load_inflation(path)
    message = str(err.value)
    assert str(path) in message and EXPECTED[name]["place"] in message and EXPECTED[name]["fix"] in message


def test_every_bad_file_is_listed() -> None:
    assert {p.name for p in HERE.iterdir() if p.suffix == ".csv"} == set(EXPECTED)
