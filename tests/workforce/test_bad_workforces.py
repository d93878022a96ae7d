"""The broken-workforce collection: every bad file gives a message naming the file, the row and column, and the fix;
nothing is half-loaded (the loader raises, it never returns a partial table)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from payround.errors import WorkforceError
from payround.structures import load_structure
from payround.workforce import read_workforce

HERE = Path(__file__).resolve().parents[1] / "bad_inputs" / "workforce"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_message_names_file_place_and_fix(name: str) -> None:
    want = EXPECTED[name]
    path = HERE / name
    with pytest.raises(WorkforceError) as err:
        wf = read_workforce(path)
        if "structure" in want:
            wf.check(load_structure(want["structure"]))
    message = str(err.value)
    assert message.startswith(str(path)), message
    if want["place"]:
        assert f": {want['place']}: " in message, message
    else:
        assert err.value.place is None, message
    assert want["fix"] in message, message


def test_every_bad_file_is_listed() -> None:
    on_disk = {p.name for p in HERE.iterdir() if p.name != "expected.yaml"}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 15
