"""Every example offer reproduces its published figures exactly (generated: one test per .expected.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from payround.api import apply_offer_file
from tests.conftest import EXAMPLES, SHARED
from tests.expected import mismatches


def _cases() -> list[Path]:
    found = sorted(EXAMPLES.glob("*.expected.yaml"))
    shared = SHARED / "examples"
    if shared.is_dir():  # the shared folder beside the repo (as in CI) may hold more published cases
        names = {p.name for p in found}
        found += sorted(p for p in shared.glob("*.expected.yaml") if p.name not in names)
    return found


@pytest.mark.parametrize("expected_file", _cases(), ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_example_reproduces_published_figures(expected_file: Path) -> None:
    offer_file = expected_file.with_name(expected_file.name.replace(".expected.yaml", ".yaml"))
    result = apply_offer_file(offer_file)
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    assert mismatches(result.to_json(), expected) == []


def test_every_example_has_published_figures() -> None:
    # Offer files only: restructure files (payround regrade) and constraints files (payround settle, settle-*.yaml)
    # sit beside them and are tested in tests/regrade and tests/settle.
    offers = [
        p
        for p in EXAMPLES.glob("*.yaml")
        if not p.name.endswith(".expected.yaml")
        and not p.name.startswith("settle-")
        and "\nchanges:" not in p.read_text(encoding="utf-8")
    ]
    assert len(offers) >= 5
    for p in offers:
        apply_offer_file(p)  # every bundled example applies cleanly
