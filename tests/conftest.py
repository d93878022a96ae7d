"""Shared fixtures: paths to the bundled examples and the shared reference folder (beside the repo, as in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The repo's examples/ folder."""
    return EXAMPLES
