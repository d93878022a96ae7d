"""Totals by a dimension: per record for a one-off costing, per (label, unit) pair once a dimension is used often
(the pairs cost about a dozen passes to build); both give the same totals, to the penny."""

from __future__ import annotations

import importlib
import random

import numpy as np

from payround.structures import load_structure

from .helpers import workforce

prep = importlib.import_module("payround.costing.prepare")  # the module (the package exports its function)


def test_totals_are_the_same_per_record_and_per_pair() -> None:
    rng = random.Random(7)
    rows = [
        f"E{rng.randrange(40)},{rng.randrange(5, 40)},{rng.choice([18.5, 37])},{rng.randrange(1, 4)}"
        for _ in range(300)
    ]
    wf = workforce("employer,point,weekly_hours,headcount\n" + "\n".join(rows))
    pw = prep.prepare(wf, load_structure("njc/2024-25"))
    assert len(pw.employer.labels) * pw.units > min(prep._MATRIX, pw.rows)  # the branch under test, not the table
    amounts = [np.array([rng.randrange(0, 5_000_000) for _ in range(pw.units)], dtype=np.float64) for _ in range(3)]
    per_record = [pw.sum_by("employer", a) for a in amounts]
    for k in range(prep._PAIRS_AFTER):
        pw.sum_by("employer", amounts[0] + k + 1)  # new amounts each time: a pass each
    assert "pairs:employer" in pw._cache  # now summed per pair
    pw._cache.pop("sums")  # and not from memory
    for a, expected in zip(amounts, per_record, strict=True):
        assert np.array_equal(pw.sum_by("employer", a), expected)


def test_recent_totals_are_remembered_by_content() -> None:
    rng = random.Random(8)
    rows = [f"E{rng.randrange(40)},{rng.randrange(5, 40)},37,1" for _ in range(200)]
    pw = prep.prepare(
        workforce("employer,point,weekly_hours,headcount\n" + "\n".join(rows)), load_structure("njc/2024-25")
    )
    a = np.array([rng.randrange(0, 5_000_000) for _ in range(pw.units)], dtype=np.float64)
    first = pw.sum_by("employer", a)
    passes = pw._cache["passes:employer"]
    first[:] = -1  # a caller's change to its copy is not remembered
    again = pw.sum_by("employer", a.copy())  # equal content, another array
    assert pw._cache["passes:employer"] == passes and (again >= 0).all()
    b = a.copy()
    b[-1] += 1  # one unit's amount differs: summed again
    assert pw.sum_by("employer", b).sum() == again.sum() + sum(pw.headcount[pw.unit == pw.units - 1])
    assert pw._cache["passes:employer"] == passes + 1
    for k in range(prep._RECENT_SUMS + 2):
        pw.sum_by("employer", a + k + 10)
    assert len(pw._cache["sums"]) == prep._RECENT_SUMS
