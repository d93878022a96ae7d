"""Broken constraints files: each message names the file, the place and the fix; the CLI exits 2 in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from payround.errors import InputError
from payround.settle import load_constraints, resolve_constraints

HERE = Path(__file__).resolve().parents[1] / "bad_inputs" / "constraints"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load((HERE / "expected_messages.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "want"), sorted(EXPECTED.items()), ids=sorted(EXPECTED))
def test_message_names_file_place_and_fix(name: str, want: dict[str, str]) -> None:
    path = HERE / name
    with pytest.raises(InputError) as err:
        resolve_constraints(load_constraints(path), str(path))
    message = str(err.value)
    assert message.startswith(f"{path}: "), message
    if want["place"]:
        assert f": {want['place']}: " in message, message
    assert want["fix"] in message, message


def test_every_bad_file_is_listed() -> None:
    on_disk = {p.name for p in HERE.iterdir() if p.name != "expected_messages.yaml"}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 10


def test_cli_exits_2_with_one_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "payround", "settle", str(HERE / "unknown_key.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
