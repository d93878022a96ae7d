"""Benchmark (issue 2): 10,000 offer variants applied to a 43-point spine in <= 1 s on a 2-core machine.

Each variant is a real-shaped offer (the greater of a percentage and a flat sum, with a cap above a salary), built
from a mapping, validated, compiled and run. Two paths are timed and labelled for what they do:
- **full apply**: ``apply_plan`` builds the whole ``OfferResult`` (every row of every stage and of the offer as a
  whole, in-year values, pieces of the period, deleted points) that costing, tables and every report use;
- **final pay only**: ``final_pay`` gives the pay per point after the offer and nothing else (what a search that
  only needs the final spine calls).
Both are judged (target ≤ 1 s each) on the median of 5 runs of wall time. The machine's load average is recorded
with them, and the process's CPU time too: on a shared machine the CPU time is the closer guide to an idle run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import record
from payround import compile_offer, load_structure, parse_offer
from payround.engine import apply_plan, final_pay
from payround.structures import PayStructure

N = 10_000
TARGET_S = 1.0


def variant(i: int) -> dict[str, object]:
    """The i-th offer variant: percent 0.00-9.99, flat sum £500-£2,499, cap £2,000-£3,999 above £40,000."""
    return {
        "name": f"variant {i}",
        "structure": "njc/2022-23",
        "stages": [
            {
                "effective": "2023-04-01",
                "steps": [
                    {
                        "raise": {
                            "greatest": [
                                {"percent": f"{(i % 1000) / 100:.2f}"},
                                {"cash": 500 + (i * 7) % 2000, "per": "year"},
                            ]
                        }
                    },
                    {"cap": {"where": {"salary": {"from": 40000}}, "by": {"cash": 2000 + i % 2000, "per": "year"}}},
                ],
            }
        ],
    }


def _time(
    mappings: list[dict[str, object]], structure: PayStructure, full: bool, runs: int = 5
) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run over every variant."""
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        for m in mappings:
            plan = compile_offer(parse_offer(m, "bench"), structure)
            if full:
                apply_plan(plan)
            else:
                final_pay(plan)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def main() -> int:
    """Run the benchmark, record it, and fail (exit 1) if either path misses the target on its median."""
    structure = load_structure("njc/2022-23")
    assert len(structure.points) == 43, len(structure.points)
    mappings = [variant(i) for i in range(N)]
    checksum = sum(
        int(apply_plan(compile_offer(parse_offer(m, "b"), structure)).final.point("43").after) for m in mappings[:100]
    )
    load_before = os.getloadavg()
    full, full_cpu = _time(mappings, structure, full=True)
    fast, fast_cpu = _time(mappings, structure, full=False)
    load_after = os.getloadavg()
    ok = statistics.median(full) <= TARGET_S and statistics.median(fast) <= TARGET_S

    def line(label: str, times: list[float], cpu: list[float]) -> str:
        med = statistics.median(times)
        verdict = f"target ≤ {TARGET_S:.1f} s — {'met' if med <= TARGET_S else 'MISSED'}"
        return (
            f"- {label}: median of {len(times)} **{med:.3f} s** ({med / N * 1e6:.0f} µs per offer; "
            f"runs {', '.join(f'{t:.2f}' for t in times)}; CPU time median {statistics.median(cpu):.3f} s); {verdict}"
        )

    cores = os.cpu_count() or 1
    record(
        "Engine: 10,000 offer variants on the 43-point NJC 2022/23 spine",
        [
            line("full apply (parse + validate + compile + the whole OfferResult)", full, full_cpu),
            line("final pay only (parse + validate + compile + pay per point after the offer)", fast, fast_cpu),
            f"- load average before / after: {load_before[0]:.1f} / {load_after[0]:.1f} on {cores} cores"
            + (" (a shared, loaded machine)" if max(load_before[0], load_after[0]) > cores / 2 else ""),
            f"- checksum of SCP 43 over the first 100 variants: {checksum}",
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
