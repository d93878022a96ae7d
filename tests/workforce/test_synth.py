"""The illustrative workforces: deterministic from a seed, anchored exactly to the published SJC shares, and the
NJC calibration method meeting its targets (at a small scale here; the full 1.5 million in docs/costing.md)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from payround.calibration import calibrate, measure
from payround.structures import load_structure
from payround.workforce.bundled import bundled_workforce_ids, cache_path
from payround.workforce.synth import load_config
from payround.workforce.synth.generate import generate


def _cumulative(wf, structure):  # type: ignore[no-untyped-def]
    idx, _ = wf.point_index(structure)
    counts = np.bincount(idx, minlength=len(structure.points))
    return np.cumsum(counts) / counts.sum()


def test_bundled_ids() -> None:
    assert bundled_workforce_ids() == ["njc/illustrative", "sjc/illustrative"]


def test_cache_file_is_named_by_the_configuration(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PAYROUND_CACHE_DIR", str(tmp_path))
    path = cache_path("sjc/illustrative")
    assert path.parent == tmp_path and path.name.startswith("sjc-illustrative-") and path.suffix == ".parquet"


def test_same_seed_same_workforce_other_seed_other_workforce() -> None:
    config = load_config("sjc-illustrative")
    a = generate(config, headcount=5000, seed=3).frame
    b = generate(config, headcount=5000, seed=3).frame
    c = generate(config, headcount=5000, seed=4).frame
    assert a.equals(b)
    assert not a.equals(c)
    assert a["point"].value_counts().sort("point").equals(c["point"].value_counts().sort("point"))  # exact quotas


def test_sjc_anchors_are_met_exactly() -> None:
    config = load_config("sjc-illustrative")
    s = load_structure(config.structure)
    cum = _cumulative(generate(config, headcount=20000), s)
    for a in config.anchors:
        assert cum[s.point_ids.index(a.point)] == pytest.approx(a.share, abs=1 / 20000)


def test_sjc_anchor_points_are_the_published_thresholds() -> None:
    """55% under GBP 25,000 is read as SCP 37 or below, 99.7% under GBP 80,000 as SCP 117 or below (2021/22, 37 h)."""
    s = load_structure("sjc/2021-22")

    def annual(p: str) -> Decimal:
        return s.full_time_annual(s.pay(p))

    assert annual("37") < 25000 <= annual("38")
    assert annual("117") < 80000 <= annual("118")


def test_njc_calibration_meets_its_targets_per_head() -> None:
    config = load_config("njc-illustrative").with_knobs(8.0, 1.5)  # start well away from the stored solution
    n = 30000
    solved, m = calibrate(config, headcount=n)
    assert solved.knobs != config.knobs
    target = config.targets[0]
    assert target.increase is not None and target.increase_pct is not None
    assert m.increase_pct == target.increase_pct
    assert abs(m.increase / (target.increase * n / config.headcount) - 1) < Decimal("0.0005")
    wf = generate(solved, headcount=n)
    again = measure(target, wf)
    assert again.increase == m.increase
