"""Every ``--format json`` document is what it was before the reports layer, or differs only by added keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.contract.capture import GOLDEN, run
from tests.contract.commands import COMMANDS


def _differences(old: object, new: object, where: str = "$") -> list[str]:
    """Where ``new`` drops or changes something ``old`` had (added keys are fine)."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            return [f"{where}: was an object, now {type(new).__name__}"]
        out: list[str] = []
        for key, value in old.items():
            if key not in new:
                out.append(f"{where}.{key}: missing")
            else:
                out += _differences(value, new[key], f"{where}.{key}")
        return out
    if isinstance(old, list):
        if not isinstance(new, list) or len(new) != len(old):
            return [f"{where}: was a list of {len(old)}, now {new if not isinstance(new, list) else len(new)}"]
        return [d for i, (a, b) in enumerate(zip(old, new, strict=True)) for d in _differences(a, b, f"{where}[{i}]")]
    return [] if old == new and type(old) is type(new) else [f"{where}: was {old!r}, now {new!r}"]


def test_the_comparison_finds_drops_and_changes_but_allows_additions() -> None:
    assert _differences({"a": 1, "b": [1, {"c": "x"}]}, {"a": 1, "b": [1, {"c": "x", "d": 2}], "e": 3}) == []
    assert _differences({"a": 1}, {"a": "1"}) == ["$.a: was 1, now '1'"]
    assert _differences({"a": [1]}, {"a": []}) == ["$.a: was a list of 1, now 0"]
    assert _differences({"a": {"b": 1}}, {"a": {}}) == ["$.a.b: missing"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_output_keeps_every_key_and_value(name: str) -> None:
    golden = GOLDEN / f"{name}.json"
    old = json.loads(Path(golden).read_text(encoding="utf-8"))
    new = run(COMMANDS[name])
    diffs = _differences(old, new)
    assert diffs == [], f"payround {' '.join(COMMANDS[name])} --format json changed:\n" + "\n".join(diffs[:20])
