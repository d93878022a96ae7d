"""The broken-input collection: every bad file gives a message naming the file, the place and the fix, and the
CLI exits with code 2 without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from payround import InputError, apply_offer, load_offer, load_structure

HERE = Path(__file__).parent / "bad_inputs"
EXPECTED = yaml.safe_load((HERE / "expected_messages.yaml").read_text(encoding="utf-8"))
CASES = [(kind, name, want) for kind in ("offers", "structures") for name, want in EXPECTED[kind].items()]


def _error_for(kind: str, path: Path) -> InputError:
    with pytest.raises(InputError) as err:
        if kind == "offers":
            apply_offer(load_offer(path))
        else:
            load_structure(path)
    return err.value


@pytest.mark.parametrize(("kind", "name", "want"), CASES, ids=[f"{k}/{n}" for k, n, _ in CASES])
def test_message_names_file_place_and_fix(kind: str, name: str, want: dict[str, str]) -> None:
    path = HERE / kind / name
    message = str(_error_for(kind, path))
    assert message.startswith(f"{path}: "), message
    if want["place"]:
        assert f": {want['place']}: " in message, message
    assert want["fix"] in message, message


def test_every_bad_file_is_listed() -> None:
    on_disk = {(p.parent.name, p.name) for kind in ("offers", "structures") for p in (HERE / kind).iterdir()}
    listed = {(k, n) for k, n, _ in CASES}
    assert on_disk == listed
    assert len(listed) >= 20


@pytest.mark.parametrize("name", ["unknown_point.yaml", "invalid_yaml.yaml"])
def test_cli_exits_2_with_one_line_and_no_traceback(name: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "payround", "validate", str(HERE / "offers" / name)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
