"""A small SJC workforce for the settlement finder's property tests (a solve takes a fraction of a second)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from payround.structures import load_structure


@pytest.fixture(scope="session")
def small_workforce(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three councils, every SJC 2021-22 point, a mix of full- and part-time staff (some near the NI threshold)."""
    s = load_structure("sjc/2021-22")
    rng = np.random.default_rng(2022)
    lines = ["employer,point,weekly_hours,headcount"]
    for e in ("Council A", "Council B", "Council C"):
        for p in s.point_ids[:70]:
            for hours in (37, 18.5, 15, 10):
                heads = int(rng.integers(1, 40 if hours == 37 else 12))
                lines.append(f"{e},{p},{hours},{heads}")
    path = tmp_path_factory.mktemp("settle") / "small.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
