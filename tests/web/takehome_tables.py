"""Take-home tables for web tests: a private, empty cache per test, and well-formed tables written into it.

The tables written here are synthetic (simple tax and benefit lines, not PolicyEngine UK's answer, which takes minutes
to tabulate): the web tests check what the pages and the API do with take-home — when it is shown, how it is laid
out and marked, that nothing waits for a table — not the figures, which tests/takehome checks against PolicyEngine.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from payround.structures import load_structure
from payround.takehome import cache, paths, ready, tables
from payround.takehome.bridge import COLUMNS
from payround.takehome.cache import DiskCache
from payround.takehome.gridbuild import Knots
from payround.takehome.households import load_households
from payround.takehome.rules import tax_year_rules


def empty_takehome_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty take-home cache at ``root``: neither the machine's nor the package's tables play a part (as for a
    user's own household or a year not shipped), nothing is remembered, and no builder process starts (whatever app
    a test makes)."""
    from payround.web import preview

    monkeypatch.setenv("PAYROUND_TAKEHOME_PREPARE", "false")
    monkeypatch.setattr(preview, "_PREPARE", {"on": False})
    monkeypatch.setattr(ready, "prepare_in_background", lambda targets=None: None)
    monkeypatch.setattr(cache, "default_cache_dir", lambda: root)
    monkeypatch.setattr(tables, "read_shipped", lambda key: None)
    monkeypatch.setattr(paths, "_MEMORY", OrderedDict())
    monkeypatch.setattr(ready, "_SEEN", set())
    monkeypatch.setattr(ready, "_STARTED", {})
    monkeypatch.setattr(preview, "_CACHE", OrderedDict())
    return root


def _grid(regimes: int, children: bool) -> Knots:
    x = np.arange(500_000, 16_000_001, 50_000, dtype=np.int64)  # £5,000 to £160,000
    g = x / 100
    values = np.zeros((len(x), regimes, len(COLUMNS)))
    col = {c: i for i, c in enumerate(COLUMNS)}
    tax = 0.2 * np.maximum(g - 12_570, 0)
    ni = 0.08 * np.maximum(g - 12_570, 0)
    uc = np.maximum((9_000 if children else 4_000) - 0.55 * np.maximum(g - tax - ni - 5_000, 0), 0)
    cb = np.full_like(g, 2_200.0 if children else 0.0)
    for k in range(regimes):
        for name, v in (("income_tax", tax), ("employee_ni", ni), ("uc_earnings", g - tax - ni)):
            values[:, k, col[name]] = v
        values[:, k, col["universal_credit"]] = uc
        values[:, k, col["child_benefit"]] = cb
        values[:, k, col["household_benefits"]] = uc + cb
        values[:, k, col["employment_income"]] = g
    return Knots(x, values, np.zeros(len(x)))


def write_tables(root: Path, structure_id: str, year: int) -> int:
    """Synthetic tables for every bundled archetype, for offers on ``structure_id`` in tax year ``year``."""
    households = list(load_households().values())
    target = ready.Target.of(load_structure(structure_id), year)
    regimes = len(tax_year_rules(year).regimes)
    keys = ready._keys(target, households)
    for (key, _), h in zip(keys, households, strict=True):
        tables.write_cached(DiskCache(root), key, _grid(regimes, bool(h.children)), [])
    return len(keys)
