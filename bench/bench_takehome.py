"""Benchmark (issue 4): take-home pay for every point × household archetype of an offer.

1. **Vectorised**: ``payround.takehome.takehome`` — one PolicyEngine UK simulation holds every point × archetype ×
   pay level (and each in-year NI regime is a recalculation of that same simulation).
2. **Naive loop**, in the same run: the same pipeline called once per point (one simulation per point); its rows must
   equal the vectorised ones exactly. Target: vectorised ≥ 20× faster.
3. **Warm**: the same call again, served from the disk cache (keyed by structure, offer, households, parameter
   files, code and PolicyEngine version). Target: ≤ 50 ms, for the call and for the whole path from the offer file.

Default: COSLA's August 2022 offer on the 124-point SJC 2021/22 spine, every point in the naive loop (about ten
minutes: PolicyEngine takes seconds to build each simulation). ``--naive-points N`` times the naive loop on N points
spread along the spine and extrapolates linearly to all of them (said so in the results).

    python bench/bench_takehome.py [--offer FILE] [--naive-points N] [--no-record]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import record
from payround.api import apply_offer, apply_offer_file
from payround.engine import OfferResult
from payround.offers import load_offer
from payround.takehome import DiskCache, takehome
from payround.takehome.bridge import policyengine_version

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OFFER = ROOT / "examples" / "sjc-2022-08-revised-offer.yaml"
SPEED_UP_TARGET = 20.0
WARM_TARGET_S = 0.050


def one_point(result: OfferResult, point: str) -> OfferResult:
    """The applied offer restricted to one point (every stage and the final table)."""
    stages = [dataclasses.replace(st, points=[p for p in st.points if p.point == point]) for st in result.stages]
    final = dataclasses.replace(result.final, points=[p for p in result.final.points if p.point == point])
    return dataclasses.replace(result, stages=stages, final=final)


def spread(points: list[str], n: int) -> list[str]:
    """``n`` points evenly spread along the spine (all of them when n >= len)."""
    if n >= len(points):
        return points
    step = (len(points) - 1) / max(n - 1, 1)
    return list(dict.fromkeys(points[round(i * step)] for i in range(n)))


def main() -> int:
    """Run the benchmark, record it, and fail (exit 1) if it misses a target."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--offer", type=Path, default=DEFAULT_OFFER)
    ap.add_argument("--naive-points", type=int, default=0, help="time the naive loop on N points (0 = all)")
    ap.add_argument("--no-record", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = ap.parse_args()

    t0 = time.perf_counter()
    import policyengine_uk  # noqa: F401 - imported once, outside every timing

    import_s = time.perf_counter() - t0
    result = apply_offer_file(args.offer)
    points = [p.point for p in result.final.points]
    households = 4

    with tempfile.TemporaryDirectory() as tmp:
        cache = DiskCache(Path(tmp))
        t0 = time.perf_counter()
        table = takehome(result, cache=cache)
        vector_s = time.perf_counter() - t0
        rows = {(r.point, r.household, r.stage): r.to_json() for r in table.rows}

        chosen = spread(points, args.naive_points or len(points))
        t0 = time.perf_counter()
        mismatches = 0
        for p in chosen:
            sub = takehome(one_point(result, p), use_cache=False)
            mismatches += sum(rows[(r.point, r.household, r.stage)] != r.to_json() for r in sub.rows)
        naive_measured_s = time.perf_counter() - t0
        naive_s = naive_measured_s / len(chosen) * len(points)

        warm_call = float("inf")
        for _ in range(20):
            t0 = time.perf_counter()
            warm = takehome(result, cache=cache)
            warm_call = min(warm_call, time.perf_counter() - t0)
            assert warm.cached
        warm_path = float("inf")
        for _ in range(20):
            t0 = time.perf_counter()
            warm = takehome(apply_offer(load_offer(args.offer)), cache=cache)
            warm_path = min(warm_path, time.perf_counter() - t0)
            assert warm.cached

    speed_up = naive_s / vector_s
    sampled = len(chosen) < len(points)
    ok_speed = speed_up >= SPEED_UP_TARGET and mismatches == 0
    ok_warm = warm_path <= WARM_TARGET_S
    naive_line = f"- naive loop, one simulation per point: **{naive_s:.1f} s** " + (
        f"(measured {naive_measured_s:.1f} s on {len(chosen)} points spread along the spine, "
        f"{naive_measured_s / len(chosen):.2f} s per point, extrapolated to {len(points)})"
        if sampled
        else f"(measured on all {len(points)} points, {naive_s / len(points):.2f} s per point)"
    )
    lines = [
        f"- offer: {result.offer.name} on {result.structure.id}: {len(points)} points × {households} household "
        f"archetypes × {len(table.stages)} tables (stages + final) = {len(table.rows)} rows; "
        f"tax year(s) {', '.join(table.tax_years)}; PolicyEngine UK {policyengine_version()}",
        f"- PolicyEngine UK import (once, not timed below): {import_s:.1f} s",
        f"- vectorised, one simulation for all points: **{vector_s:.1f} s**",
        naive_line,
        f"- speed-up: **{speed_up:.0f}×** (target ≥ {SPEED_UP_TARGET:.0f}×) — {'met' if ok_speed else 'MISSED'}; "
        f"naive rows differing from vectorised: {mismatches}",
        f"- warm (disk cache): takehome() call **{warm_call * 1000:.1f} ms**; whole path from the offer file "
        f"(load, apply, cache read) **{warm_path * 1000:.1f} ms**, best of 20 (target ≤ {WARM_TARGET_S * 1000:.0f} ms)"
        f" — {'met' if ok_warm else 'MISSED'}",
    ]
    title = "Take-home: vectorised PolicyEngine simulation vs one per point, and the warm cache"
    if args.no_record:
        print("\n".join([title, *lines]))
    else:
        record(title, lines)
    return 0 if ok_speed and ok_warm else 1


if __name__ == "__main__":
    raise SystemExit(main())
