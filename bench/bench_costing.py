"""Costing benchmark (issue 3): load (Parquet) + cost + distribution of one offer on the 1.5M-row illustrative NJC
workforce, warm, with peak memory; 100 offers on the loaded workforce; and how the time grows with rows (10k to 10M).

Plain script: ``python bench/bench_costing.py [--quick]``. Appends to bench/RESULTS.md with the machine and date.
Each measurement runs in a fresh child process (so peak memory is that of the costing alone, not of generating
the data); times are the best and the median of repeated warm runs (the first run warms imports and parameters).
Targets: one offer <= 100 ms warm and <= 2 GB peak; 100 offers <= 3 s.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record

ROOT = Path(__file__).resolve().parents[1]
OFFER = ROOT / "examples" / "njc-2024-25.yaml"

CHILD = r"""
import json, resource, statistics, sys, time
from payround.api import apply_offer_file
from payround.costing import cost_offer, prepare
from payround.costing.distribution import distribution
from payround.workforce.load import workforce_from_raw
from payround.workforce.read import read_table
from pathlib import Path

path, offer, repeats, mode = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
result = apply_offer_file(offer)

def one():
    wf = workforce_from_raw(read_table(path), relocate_missing_points=True)
    cost = cost_offer(result, wf)
    distribution(cost)
    return cost

times = []
if mode == "one":
    one()  # warm: imports, parameters, the offer
    for _ in range(repeats):
        t = time.perf_counter(); cost = one(); times.append(time.perf_counter() - t)
    units = cost.prepared.units
else:  # many offers on one loaded workforce
    from payround.offers import parse_offer
    from payround.engine import apply_offer
    wf = workforce_from_raw(read_table(path), relocate_missing_points=True)
    base = result.structure
    offers = []
    for i in range(100):
        text = (f"name: offer {i}\nstructure: njc/2023-24\nperiod: {{start: 2024-04-01, end: 2025-03-31}}\n"
                f"stages:\n  - effective: 2024-04-01\n    steps:\n      - raise: [{{where: {{points: ['2-43']}}, "
                f"by: {{cash: {500 + 20 * i}, per: year}}}}, {{by: {{percent: {1 + i % 5}}}}}]\n")
        offers.append(parse_offer(text, f"offer{i}"))
    distribution(cost_offer(apply_offer(offers[0], base), wf))  # warm
    for _ in range(repeats):
        t = time.perf_counter()
        for o in offers:
            distribution(cost_offer(apply_offer(o, base), wf))
        times.append(time.perf_counter() - t)
    units = 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux reports KiB)
print(json.dumps({"times": times, "peak_mib": peak, "units": units}))
"""


def _child(path: Path, repeats: int, mode: str = "one") -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(OFFER), str(repeats), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _workforce(rows: int, folder: Path) -> Path:
    from payround.workforce.bundled import write_parquet
    from payround.workforce.synth import load_config
    from payround.workforce.synth.generate import generate

    path = folder / f"njc-{rows}.parquet"
    if not path.exists():
        write_parquet(generate(load_config("njc-illustrative"), headcount=rows), path)
    return path


def main() -> None:
    quick = "--quick" in sys.argv
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        njc = _workforce(1_500_000, folder)
        lines.append(
            f"Generated the 1.5M-row NJC workforce in {time.perf_counter() - t:.1f} s "
            f"({njc.stat().st_size / 2**20:.1f} MiB Parquet, uncompressed, one row group)."
        )
        one = _child(njc, 5 if quick else 15)
        times = [float(x) * 1000 for x in one["times"]]  # type: ignore[union-attr]
        ok = statistics.median(times) <= 100 and float(one["peak_mib"]) <= 2048  # type: ignore[arg-type]
        lines += [
            "",
            "| measure | best | median | peak memory | target | met |",
            "|---|---|---|---|---|---|",
            f"| load (Parquet) + cost + distribution, 1 offer, 1.5M rows ({one['units']} units) | "
            f"{min(times):.0f} ms | {statistics.median(times):.0f} ms | {float(one['peak_mib']):.0f} MiB "  # type: ignore[arg-type]
            f"| <= 100 ms, <= 2 GB | {'yes' if ok else 'NO'} |",
        ]
        many = _child(njc, 2 if quick else 3, mode="many")
        mt = [float(x) for x in many["times"]]  # type: ignore[union-attr]
        lines.append(
            f"| cost + distribution, 100 offers, 1.5M rows (loaded once) | {min(mt):.2f} s | "
            f"{statistics.median(mt):.2f} s | {float(many['peak_mib']):.0f} MiB | <= 3 s | "  # type: ignore[arg-type]
            f"{'yes' if statistics.median(mt) <= 3 else 'NO'} |"
        )
        lines += [
            "",
            "How the time grows with rows (load + cost + distribution, one offer, warm):",
            "",
            "| rows | units | best | median | peak memory |",
            "|---|---|---|---|---|",
        ]
        # The largest a reader accepts (payround.limits.MAX_WORKFORCE_ROWS, 5 million rows).
        sizes = [10_000, 100_000, 1_000_000] + ([] if quick else [5_000_000])
        for n in sizes:
            path = _workforce(n, folder)
            r = _child(path, 3 if n >= 5_000_000 else 7)
            ts = [float(x) * 1000 for x in r["times"]]  # type: ignore[union-attr]
            lines.append(
                f"| {n:,} | {r['units']} | {min(ts):.0f} ms | {statistics.median(ts):.0f} ms | "
                f"{float(r['peak_mib']):.0f} MiB |"  # type: ignore[arg-type]
            )
            path.unlink()
    record("Costing (issue 3)" + (" (quick)" if quick else ""), lines)


if __name__ == "__main__":
    main()
